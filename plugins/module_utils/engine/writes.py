# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sending a write exactly once in effect. The one place that decides whether a write is sent again.

- A write answers a task (``taskId``); an answer without one is an error.
- A refusal (the resource or its parent is busy: ``tasks.REFUSALS``), as an HTTP error
  or as the task's error, changed nothing: wait until the API would accept the write
  (``Write.ready``) and send it again, a bounded number of times.
- An unknown outcome (the connection was lost after sending, a 5xx, a garbled answer)
  may hide a write that was done: never re-send blindly. Wait for the running tasks of
  the write's command type, and ask the API whether the effect shows
  (``Write.shows_done``) over a grace period. Only when it provably does not, and the
  write is one that can safely be repeated, is it sent again (bounded).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import (
    ApiRequestError, MalformedResponseError, RedisCloudError, TaskFailedError, WaitTimeoutError,
)
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import REFUSALS, Task, list_tasks, parse_task, running, task_failed
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import PollSchedule

SERVER_ERROR = 500
# How long, after a write whose answer was lost, its task may take to show in GET /tasks.
LOST_ANSWER_GRACE_SECONDS = 10.0
# A refusal is waited out (ready()) before each new send, so refusals cannot spin; this bound only
# stops a write that many other runs keep outpacing (ten jobs racing for three pending slots, say).
MAX_REFUSALS = 20
MAX_UNCONFIRMED_SENDS = 3


def outcome_unknown(exc: RedisCloudError) -> bool:
    """True when a write may have been acted on although no usable answer came back.

    A lost connection or a 5xx after sending, or an answer cut off: the API may have
    accepted the request, so it must not be re-sent before asking the API what happened.
    """
    if isinstance(exc, MalformedResponseError):
        return True
    return isinstance(exc, ApiRequestError) and (exc.status is None or exc.status >= SERVER_ERROR)


def refusal_type(exc: RedisCloudError, extra: frozenset[str] = frozenset()) -> str | None:
    """The refusal an HTTP error answer carries, if it is one (nothing was done)."""
    refused = isinstance(exc, ApiRequestError) and (exc.error_type in REFUSALS or exc.error_type in extra)
    return exc.error_type if refused else None


def _always_ready() -> bool:
    return True


@dataclass
class Write:
    """One write and how to tell whether it is needed, allowed, and done."""

    method: str
    path: str
    body: Any
    command_type: str
    what: str  # for the timeline and messages, e.g. "update of subscription 12"
    # Waits until the API would accept the write; False when it is no longer needed
    # (an earlier, lost write did it meanwhile, or another run did).
    ready: Callable[[], bool] = _always_ready
    # After an unknown outcome: does the API show the write's effect? None: cannot tell.
    shows_done: Callable[[], bool] | None = None
    # True when sending it again is harmless once it provably was not done
    # (a PUT of the same body, a DELETE of the same id, a create after absence is proven).
    repeatable: bool = False
    # The id of the resource, to recognise the write's task among finished ones.
    resource_id: int | None = None
    # Told of the tasks of the write's command type waited for while confirming a lost answer.
    observe: Callable[[list[Task]], None] | None = None
    # Refusals of the resource's own, besides the ones every write can meet (tasks.REFUSALS).
    refusals: frozenset[str] = frozenset()

    def refused(self, task: Task) -> bool:
        return task.refused or (task.failed and task.error_type in self.refusals)

    @property
    def request(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class WriteOutcome:
    """``task``: the write's task (final when waited for); None when the write turned out done or not needed
    without a task of ours being known. ``done_elsewhere``: an earlier lost write, or another run, did it."""

    task: Task | None
    done_elsewhere: bool = False
    # Tasks of the write's command type this write waited for while confirming a lost answer.
    seen: tuple[Task, ...] = ()
    # Whether this run sent the write at least once (a write found done before any send was another run's).
    sent: bool = True


class Writer:
    def __init__(self, run: Run) -> None:
        self.run = run

    def send(self, write: Write, wait_task: bool = True) -> WriteOutcome:
        refusals = unconfirmed = 0
        sent = False
        while True:
            if not write.ready():
                return WriteOutcome(None, done_elsewhere=True, sent=sent)
            try:
                sent = True
                answer = self._call(write)
            except RedisCloudError as exc:
                refused = refusal_type(exc, write.refusals)
                if refused is not None:
                    refusals += 1
                    self._refused(write, refused, refusals, exc)
                    continue
                if not outcome_unknown(exc) or write.shows_done is None:
                    raise
                unconfirmed += 1
                self.run.timeline.record(write.request, "answer lost")
                found = self._confirm_or_explain(write, exc)
                if found is not None:
                    return found
                if not write.repeatable or unconfirmed >= MAX_UNCONFIRMED_SENDS:
                    raise  # provably not done: stopping here loses nothing, and a re-run sends it
                continue
            accepted = self._accepted(write, answer)
            self.run.timeline.record(f"task {accepted.task_id}", accepted.status)
            if not wait_task:
                return WriteOutcome(accepted)
            task = self.run.tasks.wait(accepted.task_id, fail_on_error=False, command_type=accepted.command_type or write.command_type)
            if write.refused(task):
                refusals += 1
                self._refused(write, str(task.error_type), refusals, task_failed(task))
                continue
            if task.failed:
                raise task_failed(task)
            return WriteOutcome(task)

    def _call(self, write: Write) -> Any:
        client = self.run.client
        if write.method == "POST":
            return client.post(write.path, write.body)
        if write.method == "PUT":
            return client.put(write.path, write.body)
        if write.method == "DELETE":
            return client.delete(write.path)
        raise ValueError(f"not a write: {write.method}")

    @staticmethod
    def _accepted(write: Write, answer: Any) -> Task:
        if not isinstance(answer, dict) or "taskId" not in answer:
            raise MalformedResponseError(
                f"{write.request}: the answer carries no taskId, so the {write.what} cannot be followed. "
                "Check the account's tasks (rediscloud.api.redis_cloud_task_info) before re-running.",
                method=write.method,
                path=write.path,
            )
        return parse_task(answer, write.request)

    def _refused(self, write: Write, error_type: str, refusals: int, exc: RedisCloudError) -> None:
        """A refusal changed nothing: record it, and give up only after MAX_REFUSALS."""
        self.run.timeline.record(write.request, f"refused: {error_type}")
        if refusals >= MAX_REFUSALS:
            raise exc

    def _confirm_or_explain(self, write: Write, lost: RedisCloudError) -> WriteOutcome | None:
        """confirm_lost(); if the API cannot be asked, fail naming the write whose outcome is unknown."""
        try:
            return self.confirm_lost(write)
        except (WaitTimeoutError, TaskFailedError):
            raise  # a timeout says how to resume; a failed task is the write's own answer
        except RedisCloudError as unanswered:
            raise RedisCloudError(
                f"{write.request}: the answer was lost ({lost.message}), and the API could not be asked whether the "
                f"{write.what} was done ({unanswered.message}). It may have been done: re-run the same task, which "
                "finds it rather than sending it twice.",
                method=write.method,
                path=write.path,
                description=unanswered.message,
            ) from None

    def confirm_lost(self, write: Write) -> WriteOutcome | None:
        """After an unknown outcome: the outcome if the API shows the write done, else None (provably not done).

        Its task may take a moment to show in GET /tasks and its effect to be readable, so the
        account is watched for a short grace period: each round waits for the running tasks of
        the write's command type, then asks ``shows_done()``.
        """
        if write.shows_done is None:
            return None
        grace = self.run.grace(LOST_ANSWER_GRACE_SECONDS)
        delays = PollSchedule(self.run.poll_interval, self.run.rng).delays()
        ours: Task | None = None
        seen: list[Task] = []
        while True:
            in_flight = running(list_tasks(self.run.client), [write.command_type])
            if in_flight:
                finished = self.run.tasks.wait_many([task.task_id for task in in_flight], fail_on_error=False,
                                                    command_type=write.command_type)
                seen.extend(finished)
                if write.observe is not None:
                    write.observe(finished)
                ours = next((task for task in finished if write.resource_id is not None and task.resource_id == write.resource_id), ours)
                if ours is not None and ours.failed and not write.refused(ours):
                    raise task_failed(ours)
            if write.shows_done():
                return WriteOutcome(ours if ours is not None and ours.completed else None, done_elsewhere=ours is None, seen=tuple(seen))
            if grace.expired():
                return None
            self.run.sleep(min(next(delays), grace.remaining()))
