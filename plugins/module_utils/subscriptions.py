# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Subscription reads and waits: lookup by id or name, databases, in-flight tasks, settling."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.errors import (
    ApiRequestError,
    MalformedResponseError,
    RedisCloudError,
    WaitTimeoutError,
)
from ansible_collections.rediscloud.api.plugins.module_utils.subscription_reconcile import (
    ACTIVE,
    ERROR,
    databases_in,
    find_by_name,
    find_deleting_by_name,
    in_flight_task_ids,
    subscriptions_in,
    tasks_in,
)
from ansible_collections.rediscloud.api.plugins.module_utils.waiter import Deadline, PollSchedule, TaskWaiter, Timeline, wait_until

SERVER_ERROR = 500
# How long, after a write whose answer was lost, its task may take to show in GET /tasks.
LOST_ANSWER_GRACE_SECONDS = 10.0


def outcome_unknown(exc: RedisCloudError) -> bool:
    """True when a write may have been acted on although no usable answer came back.

    A lost connection or a 5xx after sending, or an answer cut off: the API may have
    accepted the request, so it must not be re-sent before asking the API what happened.
    """
    if isinstance(exc, MalformedResponseError):
        return True
    return isinstance(exc, ApiRequestError) and (exc.status is None or exc.status >= SERVER_ERROR)


class SubscriptionApi:
    """Reads and waits on one account's subscriptions, sharing one deadline and one timeline."""

    def __init__(
        self,
        client: Any,
        waiter: TaskWaiter,
        poll_interval: float,
        deadline: Deadline,
        timeline: Timeline,
        sleep: Any = time.sleep,
        clock: Any = time.monotonic,
    ) -> None:
        self.client = client
        self.waiter = waiter
        self.poll_interval = poll_interval
        self.deadline = deadline
        self.timeline = timeline
        self.sleep = sleep
        self.clock = clock

    # Reads

    def get(self, subscription_id: int) -> dict[str, Any] | None:
        return self.client.get_or_none(f"/subscriptions/{subscription_id}")

    def list_all(self) -> list[dict[str, Any]]:
        return subscriptions_in(self.client.get("/subscriptions"))

    def find(self, subscription_id: int | None, name: str | None) -> dict[str, Any] | None:
        """The subscription meant by the user: by id when given, else by exact name (ambiguity raises)."""
        if subscription_id is not None:
            return self.get(subscription_id)
        return find_by_name(self.list_all(), name or "")

    def find_deleting(self, name: str) -> dict[str, Any] | None:
        return find_deleting_by_name(self.list_all(), name)

    def databases(self, subscription_id: int) -> list[dict[str, Any]]:
        return databases_in(self.client.get(f"/subscriptions/{subscription_id}/databases"))

    def running_task_ids(self, command_type: str) -> list[str]:
        return in_flight_task_ids(tasks_in(self.client.get("/tasks")), command_type)

    # Waits

    def confirm_lost_write(self, command_type: str, shows_done: Callable[[], bool]) -> bool:
        """After a write whose answer was lost: did the API act on it?

        Its task may take a moment to show in GET /tasks and its effect to be readable, so
        the account is watched for a short grace period: each round waits for the running
        tasks of that command type, then asks ``shows_done()``. False means no sign of it.
        """
        grace = self.grace(LOST_ANSWER_GRACE_SECONDS)
        delays = PollSchedule(self.poll_interval).delays()
        while True:
            running = self.running_task_ids(command_type)
            if running:
                self.waiter.wait_many(running, fail_on_error=False)
            if shows_done():
                return True
            if grace.expired():
                return False
            self.sleep(min(next(delays), grace.remaining()))

    def wait_task(self, task_id: str) -> dict[str, Any]:
        """The final task; raises TaskFailedError (task id, error type, description) if it failed."""
        return self.waiter.wait(task_id)

    def wait_active(self, subscription_id: int, task_id: str | None = None) -> dict[str, Any]:
        """Poll until the subscription is active.

        A 404 here means "not visible yet" (it follows a create), never "absent".
        A subscription in error fails, naming the task that led there.
        """
        subscription = self._wait(
            subscription_id,
            task_id,
            is_settled=lambda sub: sub is not None and sub.get("status") in (ACTIVE, ERROR),
            describe=lambda sub: "not visible yet" if sub is None else str(sub.get("status")),
            goal="active",
        )
        if subscription.get("status") == ERROR:
            task_text = f" after task {task_id}" if task_id else ""
            raise RedisCloudError(
                f"Subscription {subscription_id} went into status error{task_text}; see the Redis Cloud console for the cause.",
                task_id=task_id,
                last_status=ERROR,
                description="subscription status is error",
            )
        return subscription

    def grace(self, seconds: float) -> Deadline:
        """A short budget for eventual consistency, never beyond the run's deadline."""
        return Deadline(min(seconds, self.deadline.remaining()), clock=self.clock)

    def wait_visible(self, subscription_id: int, grace_seconds: float) -> dict[str, Any] | None:
        """The subscription, polled for at most grace_seconds while it answers 404; None if it stays unreadable."""
        grace = self.grace(grace_seconds)
        try:
            return wait_until(lambda: self.get(subscription_id), lambda sub: sub is not None,
                              lambda sub: "not visible yet" if sub is None else str(sub.get("status")),
                              self.poll_interval, grace, sleep=self.sleep)
        except WaitTimeoutError:
            return None

    def wait_gone(self, subscription_id: int, task_id: str | None = None) -> None:
        self._wait(
            subscription_id,
            task_id,
            is_settled=lambda sub: sub is None,
            describe=lambda sub: "gone" if sub is None else str(sub.get("status")),
            goal="gone",
        )

    def _wait(self, subscription_id: int, task_id: str | None, is_settled: Any, describe: Any, goal: str) -> Any:
        what = f"subscription {subscription_id}"
        hint = f"Subscription {subscription_id} keeps changing on the Redis Cloud side; re-run the same task to resume waiting."
        try:
            return wait_until(
                lambda: self.get(subscription_id),
                is_settled,
                describe,
                self.poll_interval,
                self.deadline,
                sleep=self.sleep,
                timeline=self.timeline,
                what=what,
                resume_hint=hint,
            )
        except WaitTimeoutError as exc:
            task_text = f" (task {task_id})" if task_id else ""
            raise WaitTimeoutError(
                f"Timed out after {self.deadline.seconds:g} s waiting for {what}{task_text} to be {goal} "
                f"(last status: {exc.last_status}). {hint}",
                task_id=task_id,
                last_status=exc.last_status,
                resume_hint=hint,
            ) from None
