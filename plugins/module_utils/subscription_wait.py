# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Joined wait: many subscriptions settled (active, or gone) with one GET /subscriptions per round."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.errors import MalformedResponseError, RedisCloudError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.waiter import Clock, Deadline, PollSchedule, Sleep, Timeline

ACTIVE = "active"
ABSENT = "absent"
ERROR = "error"
GOALS = (ACTIVE, ABSENT)
NOT_VISIBLE = "not visible yet"
GONE = "gone"
LIST_PATH = "/subscriptions"

# A subscription whose create task has just completed can be missing from GET /subscriptions
# for a moment (eventual consistency); an id never listed after this long is taken as wrong.
VISIBILITY_GRACE_SECONDS = 30.0


class SubscriptionInErrorError(RedisCloudError):
    """One or more subscriptions are in status error; ``subscriptions`` are their last bodies."""

    def __init__(self, message: str, subscriptions: list[dict[str, Any]], **details: Any) -> None:
        super().__init__(message, **details)
        self.subscriptions = subscriptions


def read_subscriptions(client: Any) -> list[dict[str, Any]]:
    """The account's subscriptions, from one GET /subscriptions ({"accountId", "subscriptions": [...]})."""
    body = client.get(LIST_PATH)
    listed = body.get("subscriptions") if isinstance(body, dict) else None
    if listed is None and isinstance(body, dict) and "accountId" in body:
        listed = []  # the account's answer, with no subscriptions to list
    # Any other shape would make every subscription look gone: refuse it rather than report "absent".
    if not isinstance(listed, list) or not all(isinstance(item, dict) for item in listed):
        raise MalformedResponseError(
            f"GET {LIST_PATH}: the answer has no list of subscriptions (got {type(listed).__name__})", method="GET", path=LIST_PATH
        )
    return listed


def by_id(subscriptions: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {int(item["id"]): item for item in subscriptions if item.get("id") is not None}


def label(subscription_id: int, subscription: dict[str, Any] | None = None) -> str:
    name = (subscription or {}).get("name")
    return f"subscription {subscription_id} ({name!r})" if name else f"subscription {subscription_id}"


def in_error(subscriptions: list[dict[str, Any]]) -> SubscriptionInErrorError:
    """The failure for subscriptions in status error, naming each one."""
    named = ", ".join(label(int(item["id"]), item) for item in subscriptions)
    verb = "is" if len(subscriptions) == 1 else "are"
    return SubscriptionInErrorError(
        f"{_capitalized(named)} {verb} in status error; the Redis Cloud console shows the cause. "
        "Set fail_on_error=false to read it without failing.",
        subscriptions=subscriptions,
        last_status=ERROR,
        description="subscription status is error",
    )


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def resume_hint(subscription_ids: Sequence[int], goal: str) -> str:
    ids = ", ".join(str(subscription_id) for subscription_id in subscription_ids)
    return (
        "The subscriptions keep changing on the Redis Cloud side; to resume waiting, run "
        f"rediscloud.api.redis_cloud_subscription_info with subscription_ids=[{ids}] wait=true wait_for={goal}."
    )


class SubscriptionJoin:
    """Waits until every subscription of a list is active (or absent), polling them together.

    Each round costs one GET /subscriptions however many subscriptions are waited for.
    Statuses other than active and error (pending, deleting, encryption_key_pending)
    keep the wait going. Waiting for active, an id not listed is "not visible yet"
    for ``visibility_grace`` seconds, then fails; one that was listed and disappears
    was deleted and fails at once. Status error fails the join, naming every
    subscription in error, unless ``fail_on_error`` is false (it is then returned).
    """

    def __init__(
        self,
        client: Any,
        poll_interval: float,
        deadline: Deadline,
        timeline: Timeline | None = None,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        rng: random.Random | None = None,
        visibility_grace: float = VISIBILITY_GRACE_SECONDS,
    ) -> None:
        self.client = client
        self.poll_interval = poll_interval
        self.deadline = deadline
        self.timeline = timeline or Timeline(clock)
        self.sleep = sleep
        self.clock = clock
        self.rng = rng
        self.visibility_grace = visibility_grace

    def wait(
        self,
        subscription_ids: Sequence[int],
        goal: str = ACTIVE,
        fail_on_error: bool = True,
        listing: list[dict[str, Any]] | None = None,
    ) -> dict[int, dict[str, Any] | None]:
        """Subscription id -> its settled body (None once gone). ``listing``, if given, is a GET /subscriptions
        answer the caller just read: it serves as the first round, saving one request."""
        if goal not in GOALS:
            raise ValueError(f"goal must be one of {GOALS}, not {goal!r}")
        pending = list(dict.fromkeys(subscription_ids))
        settled: dict[int, dict[str, Any] | None] = {}
        last_status: dict[int, str] = {}
        started = self.clock()
        delays = PollSchedule(self.poll_interval, self.rng).delays()
        while True:
            current = by_id(listing if listing is not None else read_subscriptions(self.client))
            listing = None
            errored: list[dict[str, Any]] = []
            for subscription_id in pending:
                subscription = current.get(subscription_id)
                status = self._status(subscription, goal)
                self.timeline.record(label(subscription_id), status)
                if subscription is None:
                    if goal == ABSENT:
                        settled[subscription_id] = None
                    else:
                        self._check_missing(subscription_id, last_status.get(subscription_id), started)
                elif status == ERROR:
                    errored.append(subscription)
                    settled[subscription_id] = subscription
                elif status == ACTIVE and goal == ACTIVE:
                    settled[subscription_id] = subscription
                last_status[subscription_id] = status
            if errored and fail_on_error:
                raise in_error(errored)
            pending = [subscription_id for subscription_id in pending if subscription_id not in settled]
            if not pending:
                return {subscription_id: settled[subscription_id] for subscription_id in dict.fromkeys(subscription_ids)}
            if self.deadline.expired():
                raise self._timeout(pending, last_status, goal)
            self.sleep(min(next(delays), self.deadline.remaining()))

    @staticmethod
    def _status(subscription: dict[str, Any] | None, goal: str) -> str:
        if subscription is None:
            return GONE if goal == ABSENT else NOT_VISIBLE
        return str(subscription.get("status"))

    def _check_missing(self, subscription_id: int, previous_status: str | None, started: float) -> None:
        """Waiting for active, an unlisted id is tolerated only while it may be not visible yet."""
        if previous_status is not None and previous_status != NOT_VISIBLE:
            raise RedisCloudError(
                f"Subscription {subscription_id} disappeared while waiting for it to be active "
                f"(last status: {previous_status}); it was deleted.",
                last_status=previous_status,
                method="GET",
                path=LIST_PATH,
            )
        waited = self.clock() - started
        if waited >= self.visibility_grace:
            raise RedisCloudError(
                f"Subscription {subscription_id} was not found: GET {LIST_PATH} has not listed it for {waited:g} s. "
                "Check the id and that the API key belongs to the account that owns it.",
                last_status=NOT_VISIBLE,
                method="GET",
                path=LIST_PATH,
            )

    def _timeout(self, pending: list[int], last_status: dict[int, str], goal: str) -> WaitTimeoutError:
        unsettled = ", ".join(f"{subscription_id} ({last_status[subscription_id]})" for subscription_id in pending)
        hint = resume_hint(pending, goal)
        return WaitTimeoutError(
            f"Timed out after {self.deadline.seconds:g} s waiting for subscriptions to be {goal}; "
            f"not {goal} yet: {unsettled}. {hint}",
            last_status=last_status[pending[0]] if len(pending) == 1 else unsettled,
            resume_hint=hint,
        )
