# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lazy state machine: every request first advances the account to "now".

Events are replayed in sim-time order, so the outcome does not depend on how often
clients poll: a task completes at exactly started_at + duration and sees the
subscriptions and databases as they were at that instant.
"""

from __future__ import annotations

import random
import string
import uuid
from collections.abc import Callable
from typing import Any

from redis_cloud_simulator.errors import error_object
from redis_cloud_simulator.state import NEVER, SETTLING_DATABASE_STATUSES, AccountState, Subscription, Task

Settings = Callable[[], dict[str, Any]]
Handler = Callable[["Lifecycle", dict[str, Any], float], dict[str, Any]]

# Recorded text of the live API (RedisLabs/rediscloud-go-api latest_imports_test.go), typo included.
NOT_ACTIVE_DESCRIPTION = "Cannot preform any actions for subscription that is not in an active state"


class TaskError(Exception):
    """A business rule failed while a task was processed: the task ends processing-error.

    `additional_info` is the API's machine-readable cause, sent beside the error as response.additionalInfo
    (RedisLabs/rediscloud-go-api user_test.go TestUpdateBadUser, redis_rule_test.go TestCreateBadRedisRule;
    the spec's ProcessorResponse.additionalInfo): it can say more than a GENERAL_ERROR's description
    (terraform-provider-rediscloud issue #83, "additionalInfo" : "rcp-cannot-provision-without-plan").
    """

    def __init__(self, status: int, error_type: str, description: str, additional_info: str | None = None) -> None:
        super().__init__(description)
        self.error = error_object(status, error_type, description)
        self.additional_info = additional_info


class Lifecycle:
    def __init__(self, state: AccountState, settings: Settings, id_rng: random.Random,
                 secret_rng: random.Random, handlers: dict[str, Handler]) -> None:
        self.state = state
        self._settings = settings
        self._id_rng = id_rng
        self._secret_rng = secret_rng
        self._handlers = handlers

    @property
    def settings(self) -> dict[str, Any]:
        return self._settings()

    def new_password(self) -> str:
        alphabet = string.ascii_letters + string.digits
        return "".join(self._secret_rng.choice(alphabet) for dummy in range(32))

    def new_task_id(self) -> str:
        return str(uuid.UUID(int=self._id_rng.getrandbits(128), version=4))

    # -- submitting -------------------------------------------------------------------------

    def submit(self, now: float, command_type: str, payload: dict[str, Any], extra_not_found_seconds: float = 0.0,
               injected_error: dict[str, Any] | None = None) -> Task:
        visible_at = now + self.settings["task_not_found_seconds"] + extra_not_found_seconds
        task = Task(self.new_task_id(), command_type, now, visible_at, payload, status_at=now,
                    injected_error=injected_error)
        self.state.tasks[task.task_id] = task
        self.state.queue.append(task.task_id)
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
        settings = self.settings
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
            if not sub.deleted:
                self._settle_subscription(sub, at)
        for database in self.state.databases.values():
            if database.deleted or database.status not in SETTLING_DATABASE_STATUSES or at < database.settles_at:
                continue
            if database.status == "delete-pending":
                database.deleted = True
                continue
            database.status = "error" if database.ends_in_error else "active"
            database.settles_at, database.last_modified, database.change_kind = NEVER, at, None
            if database.target_redis_version is not None:
                database.spec["redisVersion"], database.target_redis_version = database.target_redis_version, None

    def _settle_subscription(self, sub: Subscription, at: float) -> None:
        if sub.status == "pending" and at >= sub.active_at:
            sub.active_at = NEVER
            if sub.ends_in_error:
                sub.status = "error"
            elif sub.customer_managed_key and not sub.keys_supplied:
                # Terraform's WaitForSubscriptionToBeEncryptionKeyPending: it stops here until keys are supplied.
                sub.status = "encryption_key_pending"
            else:
                sub.status = "active"
            # The creation plan's databases show only some time after the subscription reads active
            # (terraform-provider-rediscloud provider/pro/resource_rediscloud_pro_subscription.go).
            shown_at = at + self.settings["creation_plan_listed_after_active_seconds"]
            for database in self.state.live_databases(sub):
                if database.status == "pending" and database.settles_at == NEVER and sub.status != "encryption_key_pending":
                    database.status = sub.status
                    database.visible_at = database.listed_at = shown_at
                    database.last_modified = at
        elif sub.status == "pending" and sub.active_at == NEVER and at >= sub.pending_until:
            sub.status, sub.pending_until = "active", NEVER
        elif sub.status == "deleting" and sub.gone_at is not None and at >= sub.gone_at:
            sub.deleted = True

    def _finish(self, task: Task, at: float) -> None:
        self.state.queue.pop(0)
        self.state.last_task_finished_at = at
        task.finished_at = task.status_at = at
        try:
            if task.injected_error is not None:
                raise TaskError(task.injected_error["error_status"], task.injected_error["error_type"],
                                task.injected_error["description"], task.injected_error.get("additional_info"))
            task.response = self._handlers[task.command_type](self, task.payload, at)
            task.status = "processing-completed"
        except TaskError as failure:
            resource_id = task.payload.get("database_id", task.payload.get("subscription_id"))
            task.response = ({"error": failure.error}
                             | ({"additionalInfo": failure.additional_info} if failure.additional_info is not None else {})
                             | ({"resourceId": resource_id} if resource_id else {}))
            task.status = "processing-error"

    # -- rules shared by the commands ---------------------------------------------------------

    def active_subscription(self, subscription_id: int) -> Subscription:
        sub = self.state.subscriptions.get(subscription_id)
        if sub is None or sub.deleted:
            raise TaskError(404, "SUBSCRIPTION_NOT_FOUND", f"Subscription {subscription_id} was not found")
        if sub.status != "active":
            raise TaskError(403, "SUBSCRIPTION_NOT_ACTIVE", NOT_ACTIVE_DESCRIPTION)
        return sub

    def subscription_for_database_change(self, subscription_id: int) -> Subscription:
        """A database write needs an active subscription; a pending one has its own refusal code."""
        sub = self.state.subscriptions.get(subscription_id)
        if sub is not None and not sub.deleted and sub.status == "pending":
            raise TaskError(400, "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS",
                            f"Subscription {subscription_id} is pending: try again when it is active")
        return self.active_subscription(subscription_id)

    def hold_subscription_pending(self, sub: Subscription, until: float) -> None:
        """A database change being provisioned keeps its subscription pending (redis/docs process-lifecycle.md)."""
        sub.status = "pending"
        sub.pending_until = until if sub.pending_until == NEVER else max(sub.pending_until, until)
