# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Creating a subscription exactly once: admission control, lost answers, resumable runs.

Before submitting, the creator waits for any create task of the account still in
flight and looks the name up again (a create whose answer was lost, or whose run
was killed, shows up that way), then waits for a free pending slot. A write whose
outcome is unknown is never re-sent blindly: the same checks decide whether it
happened. A task that ends in TOO_MANY_PENDING_SUBSCRIPTIONS created nothing, so
it is submitted again once a slot is free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.errors import MalformedResponseError, RedisCloudError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.subscription_reconcile import (
    MAX_PENDING_SUBSCRIPTIONS,
    PENDING_TASK_STATUSES,
    SUBSCRIPTION_CREATE_COMMAND,
    TOO_MANY_PENDING,
    database_ids_from_task,
    find_by_name,
    has_free_pending_slot,
    pending_count,
    pricing_from_task,
    task_error_type,
    task_resource_id,
    tasks_in,
)
from ansible_collections.rediscloud.api.plugins.module_utils.subscriptions import LOST_ANSWER_GRACE_SECONDS, SubscriptionApi, outcome_unknown
from ansible_collections.rediscloud.api.plugins.module_utils.waiter import COMPLETED, FAILED, PollSchedule, task_failed, wait_until

SLOTS = "pending subscription slots"
# How many unclear answers to a create are reconciled (and the create re-sent) before giving up.
MAX_LOST_CREATE_ANSWERS = 3
# How long a subscription made by a finished create task may stay unreadable (eventual consistency).
VISIBILITY_GRACE_SECONDS = 10.0


@dataclass
class CreateOutcome:
    """What a create did. `subscription` is None when not waited for (wait=false)."""

    task_id: str | None
    task: dict[str, Any] | None
    subscription_id: int | None
    subscription: dict[str, Any] | None
    database_ids: list[int] = field(default_factory=list)


class SubscriptionCreator:
    """Creates one subscription, at most once per name, for one module run."""

    def __init__(self, api: SubscriptionApi) -> None:
        self.api = api
        # Final bodies of create tasks this run waited for (one may be a create whose answer was lost).
        self._settled_tasks: list[dict[str, Any]] = []
        # Subscriptions of finished create tasks already found to be someone else's (or gone).
        self._ruled_out: set[int] = set()
        # What is known so far, so that a failure can still report the task and subscription ids.
        self.progress = CreateOutcome(None, None, None, None)

    def find_or_admit(self, name: str) -> dict[str, Any] | None:
        """Wait for in-flight creates and a free pending slot; return the subscription if one named so appeared."""
        while True:
            made = self._settle_creates_in_flight(name)
            if made is not None:
                return made
            free_at_once, subscriptions = self._wait_for_slot(name)
            existing = find_by_name(subscriptions, name)
            if existing is not None or free_at_once:
                return existing
            # We waited for the slot: a create started meanwhile (another run) may take it, so look again.

    def _settle_creates_in_flight(self, name: str) -> dict[str, Any] | None:
        """Wait for the account's running create tasks; return what one made if it carries this name."""
        in_flight = self.api.running_task_ids(SUBSCRIPTION_CREATE_COMMAND)
        if not in_flight:
            return None
        finished = self.api.waiter.wait_many(in_flight, fail_on_error=False)
        self._settled_tasks.extend(finished)
        # What they made may not be listed yet (eventual consistency): read it by id.
        return self._made_by(finished, name)

    def _wait_for_slot(self, name: str) -> tuple[bool, list[dict[str, Any]]]:
        """Poll GET /subscriptions until a pending slot is free or a subscription of this name shows.

        A slot frees only when a subscription turns active (minutes), so only the list is
        read while waiting. Returns whether that was so at the first read, and the last list.
        """
        reads: list[list[dict[str, Any]]] = []

        def read() -> list[dict[str, Any]]:
            reads.append(self.api.list_all())
            return reads[-1]

        try:
            subscriptions = wait_until(
                read,
                lambda listed: has_free_pending_slot(listed) or find_by_name(listed, name) is not None,
                lambda listed: f"{pending_count(listed)} of {MAX_PENDING_SUBSCRIPTIONS} taken",
                self.api.poll_interval,
                self.api.deadline,
                sleep=self.api.sleep,
                timeline=self.api.timeline,
                what=SLOTS,
            )
        except WaitTimeoutError:
            taken = pending_count(reads[-1])
            raise WaitTimeoutError(
                f"Timed out after {self.api.deadline.seconds:g} s waiting for a free pending-subscription slot: "
                f"{taken} subscriptions of the account are not active yet (the API allows {MAX_PENDING_SUBSCRIPTIONS}). "
                "Nothing was submitted; re-run when one of them is active.",
                last_status=f"{taken} pending",
            ) from None
        return len(reads) == 1, subscriptions

    def create(self, body: dict[str, Any], name: str, wait: bool) -> CreateOutcome:
        """Submit the create (after find_or_admit found nothing) and, with wait, see it through to active."""
        lost_answers = 0
        while True:
            try:
                accepted = self.api.client.post("/subscriptions", body)
            except RedisCloudError as exc:
                if not outcome_unknown(exc):
                    raise
                lost_answers += 1
                self.api.timeline.record("POST /subscriptions", "answer lost")
                existing = self._find_lost_create(name) or self.find_or_admit(name)
                if existing is not None:
                    return self._adopt(existing, wait)
                # Provably not created: no create task made it, no subscription of that name.
                if lost_answers >= MAX_LOST_CREATE_ANSWERS:
                    raise exc  # the API keeps failing; nothing was created, so stopping here loses nothing
                continue
            task_id = _task_id(accepted)
            self.progress = CreateOutcome(task_id, accepted, None, None)
            self.api.timeline.record(f"task {task_id}", accepted.get("status"))
            if not wait:
                return self.progress
            task = self.api.waiter.wait(task_id, fail_on_error=False)
            self.progress.task = task
            if task.get("status") == FAILED:
                if task_error_type(task) != TOO_MANY_PENDING:
                    raise task_failed(task_id, task)
                # Another pipeline took the slot; this task created nothing.
                existing = self.find_or_admit(name)
                if existing is not None:
                    return self._adopt(existing, wait)
                continue
            return self._settle(task)

    def dry_run(self, body: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Price the create without creating anything: (final task, pricing list)."""
        accepted = self.api.client.post("/subscriptions", {**body, "dryRun": True})
        task = self.api.waiter.wait(_task_id(accepted))
        return task, pricing_from_task(task)

    def _settle(self, task: dict[str, Any]) -> CreateOutcome:
        """After the create task completed: wait for the subscription to be active."""
        task_id = str(task.get("taskId"))
        subscription_id = task_resource_id(task)
        self.progress = CreateOutcome(task_id, task, subscription_id, None, database_ids_from_task(task))
        if subscription_id is not None:
            self.progress.subscription = self.api.wait_active(subscription_id, task_id)
        return self.progress

    def _find_lost_create(self, name: str) -> dict[str, Any] | None:
        """The subscription a create whose answer was lost made, if it made one.

        Its task may take a moment to show in GET /tasks, and the subscription to be
        readable, so the account is watched for a short grace period before concluding
        that nothing happened.
        """
        grace = self.api.grace(LOST_ANSWER_GRACE_SECONDS)
        delays = PollSchedule(self.api.poll_interval).delays()
        while True:
            tasks = [t for t in tasks_in(self.api.client.get("/tasks")) if t.get("commandType") == SUBSCRIPTION_CREATE_COMMAND]
            running = [t["taskId"] for t in tasks if t.get("status") in PENDING_TASK_STATUSES]
            if running:
                finished = {t["taskId"]: t for t in self.api.waiter.wait_many(running, fail_on_error=False)}
                tasks = [finished.get(t["taskId"], t) for t in tasks]
            self._settled_tasks.extend(tasks)  # so that the adopted subscription gets its task
            existing = find_by_name(self.api.list_all(), name) or self._made_by(tasks, name)
            if existing is not None:
                return existing
            if grace.expired():
                return None
            self.api.sleep(min(next(delays), grace.remaining()))

    def _made_by(self, tasks: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
        """The subscription named so that one of these create tasks made (newest first), read by id."""
        for task in reversed(tasks):
            subscription_id = task_resource_id(task) if task.get("status") == COMPLETED else None
            if subscription_id is None or subscription_id in self._ruled_out:
                continue
            subscription = self.api.wait_visible(subscription_id, VISIBILITY_GRACE_SECONDS)
            if subscription is not None and subscription.get("name") == name:
                self._settled_tasks.append(task)
                return subscription
            self._ruled_out.add(subscription_id)
        return None

    def _adopt(self, subscription: dict[str, Any], wait: bool) -> CreateOutcome:
        """Carry on with the subscription a lost-answer create turned out to have made."""
        subscription_id = int(subscription["id"])
        task = next((t for t in self._settled_tasks if task_resource_id(t) == subscription_id), None)
        task_id = task.get("taskId") if task else None
        self.progress = CreateOutcome(task_id, task, subscription_id, subscription, database_ids_from_task(task) if task else [])
        if wait:
            self.progress.subscription = self.api.wait_active(subscription_id, task_id)
        return self.progress


def _task_id(accepted: Any) -> str:
    if not isinstance(accepted, dict) or not accepted.get("taskId"):
        raise MalformedResponseError("POST /subscriptions: the answer carries no taskId", method="POST", path="/subscriptions")
    return str(accepted["taskId"])
