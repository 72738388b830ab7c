# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lazy state machine: every request first advances the account to "now".

Events are replayed in sim-time order, so the outcome does not depend on how often
clients poll: a task completes at exactly started_at + duration and sees the
subscriptions as they were at that instant.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from typing import Any

from redis_cloud_simulator.errors import error_object
from redis_cloud_simulator.pricing import plan_pricing
from redis_cloud_simulator.state import PAYMENT_METHODS, AccountState, Database, Subscription, Task

Settings = Callable[[], dict[str, Any]]


class TaskError(Exception):
    """A business rule failed while a task was processed: the task ends processing-error."""

    def __init__(self, status: int, error_type: str, description: str) -> None:
        super().__init__(description)
        self.error = error_object(status, error_type, description)


class Lifecycle:
    def __init__(self, state: AccountState, settings: Settings, id_rng: random.Random) -> None:
        self.state = state
        self._settings = settings
        self._id_rng = id_rng

    # -- submitting -------------------------------------------------------------------------

    def submit(self, now: float, command_type: str, payload: dict[str, Any], extra_not_found_seconds: float = 0.0,
               injected_error: dict[str, Any] | None = None) -> Task:
        task_id = str(uuid.UUID(int=self._id_rng.getrandbits(128), version=4))
        visible_at = now + self._settings()["task_not_found_seconds"] + extra_not_found_seconds
        task = Task(task_id, command_type, now, visible_at, payload, status_at=now, injected_error=injected_error)
        self.state.tasks[task_id] = task
        self.state.queue.append(task_id)
        return task

    # -- advancing --------------------------------------------------------------------------

    def advance(self, now: float) -> None:
        while (event := self._next_task_event(now)) is not None:
            at, task = event
            self._settle_resources(at)
            if task.status == "received":
                task.status, task.status_at, task.started_at = "processing-in-progress", at, at
            else:
                self._finish(task, at)
        self._settle_resources(now)

    def _next_task_event(self, now: float) -> tuple[float, Task] | None:
        if not self.state.queue:
            return None
        settings = self._settings()
        task = self.state.tasks[self.state.queue[0]]
        if task.status == "received":
            # One task at a time per account: the next one waits for the previous to end.
            at = max(task.submitted_at + settings["task_received_seconds"], self.state.last_task_finished_at)
        else:
            durations = settings["task_durations"]
            assert task.started_at is not None
            at = task.started_at + durations.get(task.command_type, durations["default"])
        return (at, task) if at <= now else None

    def _settle_resources(self, at: float) -> None:
        for sub in self.state.subscriptions.values():
            if sub.deleted:
                continue
            if sub.status == "pending" and at >= sub.active_at:
                sub.status = "error" if sub.ends_in_error else "active"
                for database in self.state.live_databases(sub):
                    if database.status == "pending":
                        database.status = "error" if sub.ends_in_error else "active"
            elif sub.status == "deleting" and sub.gone_at is not None and at >= sub.gone_at:
                sub.deleted = True
        for database in self.state.databases.values():
            if not database.deleted and database.gone_at is not None and at >= database.gone_at:
                database.deleted = True

    def _finish(self, task: Task, at: float) -> None:
        self.state.queue.pop(0)
        self.state.last_task_finished_at = at
        task.finished_at = task.status_at = at
        try:
            if task.injected_error is not None:
                raise TaskError(task.injected_error["error_status"], task.injected_error["error_type"],
                                task.injected_error["description"])
            task.response = self._complete(task, at)
            task.status = "processing-completed"
        except TaskError as failure:
            resource_id = task.payload.get("database_id", task.payload.get("subscription_id"))
            task.response = {"error": failure.error} | ({"resourceId": resource_id} if resource_id else {})
            task.status = "processing-error"

    # -- what each command does when its task completes ----------------------------------------

    def _complete(self, task: Task, at: float) -> dict[str, Any]:
        handlers = {
            "subscriptionCreateRequest": self._create_subscription,
            "subscriptionUpdateRequest": self._update_subscription,
            "subscriptionDeleteRequest": self._delete_subscription,
            "databaseDeleteRequest": self._delete_database,
        }
        return handlers[task.command_type](task.payload, at)

    def _create_subscription(self, payload: dict[str, Any], at: float) -> dict[str, Any]:
        plan = payload["plan"]
        payment_type = plan.get("paymentMethod", "credit-card")
        payment_id = plan.get("paymentMethodId")
        if payment_type == "credit-card":
            self._check_payment_method(payment_id)
        if plan.get("dryRun", False):
            return {"resource": {"pricing": plan_pricing(plan)}}
        settings = self._settings()
        if self.state.non_active_count() >= settings["max_pending_subscriptions"]:
            raise TaskError(400, "TOO_MANY_PENDING_SUBSCRIPTIONS",
                            f"An account can have at most {settings['max_pending_subscriptions']} pending subscriptions")
        sub = Subscription(
            subscription_id=self.state.next_subscription_id, plan=plan, name=plan.get("name", ""),
            payment_method_id=payment_id, payment_method_type=payment_type, status="pending", created_at=at,
            visible_at=at + settings["subscription_not_found_seconds"],
            active_at=at + settings["subscription_provisioning_seconds"], ends_in_error=payload.get("ends_in_error", False),
        )
        self.state.next_subscription_id += 1
        self.state.subscriptions[sub.subscription_id] = sub
        created = []
        for spec in plan["databases"]:
            quantity = spec.get("quantity", 1)
            for index in range(quantity):
                name = spec["name"] if quantity == 1 else f"{spec['name']}-{index + 1}"
                database = Database(self.state.next_database_id, sub.subscription_id, {**spec, "name": name}, "pending", at)
                self.state.next_database_id += 1
                self.state.databases[database.database_id] = database
                sub.database_ids.append(database.database_id)
                created.append({"databaseId": database.database_id, "databaseName": name, "links": []})
        return {"resourceId": sub.subscription_id, "resource": {"databases": created}}

    def _update_subscription(self, payload: dict[str, Any], at: float) -> dict[str, Any]:
        sub = self._active_subscription(payload["subscription_id"])
        changes = payload["changes"]
        payment_type = changes.get("paymentMethod", sub.payment_method_type)
        payment_id = changes.get("paymentMethodId", sub.payment_method_id)
        if payment_type == "credit-card":
            self._check_payment_method(payment_id)
        sub.name = changes.get("name", sub.name)
        sub.payment_method_type, sub.payment_method_id = payment_type, payment_id
        return {"resourceId": sub.subscription_id}

    def _delete_subscription(self, payload: dict[str, Any], at: float) -> dict[str, Any]:
        sub = self._active_subscription(payload["subscription_id"])
        if self.state.live_databases(sub):
            raise TaskError(409, "SUBSCRIPTION_IN_USE",
                            f"Subscription {sub.subscription_id} still has databases: delete them first")
        sub.status = "deleting"
        sub.gone_at = at + self._settings()["subscription_deletion_seconds"]
        return {"resourceId": sub.subscription_id}

    def _delete_database(self, payload: dict[str, Any], at: float) -> dict[str, Any]:
        sub = self.state.subscriptions.get(payload["subscription_id"])
        database = self.state.databases.get(payload["database_id"])
        if sub is None or sub.deleted or database is None or database.deleted or database.subscription_id != sub.subscription_id:
            raise TaskError(404, "DATABASE_NOT_FOUND", f"Database {payload['database_id']} was not found")
        if sub.status == "pending":
            raise TaskError(400, "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS",
                            f"Subscription {sub.subscription_id} is pending: try again when it is active")
        database.status = "deleting"
        database.gone_at = at + self._settings()["database_deletion_seconds"]
        return {"resourceId": database.database_id, "additionalResourceId": sub.subscription_id}

    def _active_subscription(self, subscription_id: int) -> Subscription:
        sub = self.state.subscriptions.get(subscription_id)
        if sub is None or sub.deleted:
            raise TaskError(404, "SUBSCRIPTION_NOT_FOUND", f"Subscription {subscription_id} was not found")
        if sub.status != "active":
            raise TaskError(403, "SUBSCRIPTION_NOT_ACTIVE", f"Subscription {subscription_id} is not active (status {sub.status})")
        return sub

    @staticmethod
    def _check_payment_method(payment_id: int | None) -> None:
        if payment_id is None:
            raise TaskError(400, "PAYMENT_INFO_NOT_PROVIDED", "paymentMethodId is required when paymentMethod is credit-card")
        if payment_id not in {method["id"] for method in PAYMENT_METHODS}:
            raise TaskError(400, "SUBSCRIPTION_PI_NOT_FOUND", f"Payment method {payment_id} was not found")
