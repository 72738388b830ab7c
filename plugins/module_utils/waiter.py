# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting for asynchronous work: deadline, poll schedule, timeline, task waiter, generic resource waiter."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.errors import ApiRequestError, TaskFailedError, WaitTimeoutError, task_error

PENDING_STATUSES = frozenset({"initialized", "received", "processing-in-progress"})
COMPLETED = "processing-completed"
FAILED = "processing-error"
FINAL_STATUSES = frozenset({COMPLETED, FAILED})

# GET /tasks/{id} may answer 404 just after the write that created the task
# (eventual consistency); the official Go client tolerates 5 such answers.
TOLERATED_NOT_FOUND = 5
NOT_FOUND_GRACE_SECONDS = 10.0

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class Deadline:
    """A budget of ``seconds`` on a monotonic clock, started when created."""

    def __init__(self, seconds: float, clock: Clock = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self._ends_at = clock() + seconds

    def remaining(self) -> float:
        return max(0.0, self._ends_at - self.clock())

    def expired(self) -> bool:
        return self.remaining() <= 0


class PollSchedule:
    """Delays between polls.

    Fast start: four polls 1.25 s apart cover the first 5 s, so a task that takes
    1-5 s is seen at most 1.25 s after it ends, with at most 4 requests. The fast
    phase is not jittered (it is short, and jitter would break that bound). Then the
    delay doubles up to ``poll_interval``, each delay multiplied by a random factor
    in [0.9, 1.1] so that parallel waiters do not poll in lockstep; a long wait
    therefore costs about one request per ``poll_interval``.
    """

    FAST_STEP = 1.25
    FAST_STEPS = 4
    JITTER = 0.1

    def __init__(self, poll_interval: float, rng: random.Random | None = None) -> None:
        if poll_interval <= 0:
            raise ValueError("poll_interval must be greater than 0")
        self.poll_interval = poll_interval
        self.rng = rng or random.Random()

    def delays(self) -> Iterator[float]:
        for _step in range(self.FAST_STEPS):
            yield min(self.FAST_STEP, self.poll_interval)
        nominal = self.FAST_STEP * 2
        while True:
            nominal = min(nominal, self.poll_interval)
            yield nominal * self.rng.uniform(1 - self.JITTER, 1 + self.JITTER)
            nominal *= 2


class Timeline:
    """Status transitions seen while waiting, returned to the user as ``timeline``.

    A repeat of the last status recorded for the same subject is ignored, so the
    list shows transitions, not polls.
    """

    def __init__(self, clock: Clock = time.monotonic, now: Callable[[], datetime] | None = None) -> None:
        self._clock = clock
        self._now = now or (lambda: datetime.now(timezone.utc))
        self._started = clock()
        self._entries: list[dict[str, Any]] = []
        self._last: dict[str, Any] = {}

    def record(self, what: str, status: Any) -> None:
        if what in self._last and self._last[what] == status:
            return
        self._last[what] = status
        self._entries.append(
            {
                "elapsed": round(self._clock() - self._started, 3),
                "at": self._now().isoformat(timespec="milliseconds"),
                "what": what,
                "status": status,
            }
        )

    def as_list(self) -> list[dict[str, Any]]:
        return [dict(entry) for entry in self._entries]


def resume_hint_for_task(task_id: str) -> str:
    return (
        "The operation continues on the Redis Cloud side; re-run the play to resume, or wait with "
        f"rediscloud.api.redis_cloud_task_info task_id={task_id} wait=true."
    )


class TaskWaiter:
    """Polls tasks until they reach processing-completed or processing-error.

    ``wait`` and ``wait_many`` sleep the first delay before their first request:
    they are called right after a write (or a GET) showed the task pending.
    """

    def __init__(
        self,
        client: Any,
        poll_interval: float = 10,
        wait_timeout: float = 1800,
        deadline: Deadline | None = None,
        timeline: Timeline | None = None,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self.client = client
        self.poll_interval = poll_interval
        self.deadline = deadline or Deadline(wait_timeout, clock)
        self.timeline = timeline or Timeline(clock)
        self.sleep = sleep
        self.clock = clock
        self.rng = rng

    def wait(self, task_id: str, fail_on_error: bool = True) -> dict[str, Any]:
        return self.wait_many([task_id], fail_on_error)[0]

    def wait_many(self, task_ids: Sequence[str], fail_on_error: bool = True) -> list[dict[str, Any]]:
        """Final task bodies, in the order given. Raises on the first failed task when ``fail_on_error``."""
        pending = list(dict.fromkeys(task_ids))
        final: dict[str, dict[str, Any]] = {}
        last_seen: dict[str, dict[str, Any]] = {}
        not_found = dict.fromkeys(pending, 0)
        started = self.clock()
        delays = PollSchedule(self.poll_interval, self.rng).delays()
        while pending:
            if self.deadline.expired():
                raise self._timeout(pending, last_seen)
            self.sleep(min(next(delays), self.deadline.remaining()))
            for task_id, task in self.read_many(pending).items():
                if task is None:
                    not_found[task_id] += 1
                    self._check_not_found(task_id, not_found[task_id], started, last_seen)
                    continue
                last_seen[task_id] = task
                status = task.get("status")
                self.timeline.record(f"task {task_id}", status)
                if status in FINAL_STATUSES:
                    if status == FAILED and fail_on_error:
                        raise task_failed(task_id, task)
                    final[task_id] = task
            pending = [task_id for task_id in pending if task_id not in final]
        return [final[task_id] for task_id in task_ids]

    def read_many(self, pending: list[str]) -> dict[str, dict[str, Any] | None]:
        """The tasks as they are now (None: not found): one GET /tasks for several (it lists running and
        recently finished tasks), then GET /tasks/{id} for any the list lacks."""
        found: dict[str, dict[str, Any] | None] = {}
        if len(pending) > 1:
            listing = self.client.get("/tasks") or {}
            tasks = listing.get("tasks") if isinstance(listing, dict) else None
            by_id = {task.get("taskId"): task for task in tasks or [] if isinstance(task, dict)}
            found = {task_id: by_id[task_id] for task_id in pending if task_id in by_id}
        for task_id in pending:
            if task_id not in found:
                found[task_id] = self.client.get_or_none(f"/tasks/{task_id}")
        return found

    def _check_not_found(self, task_id: str, count: int, started: float, last_seen: dict[str, dict[str, Any]]) -> None:
        seen_before = task_id in last_seen
        within_grace = self.clock() - started < NOT_FOUND_GRACE_SECONDS
        if not seen_before and (count <= TOLERATED_NOT_FOUND or within_grace):
            return
        raise ApiRequestError(
            f"Task {task_id} was not found (GET /tasks/{task_id} answered 404 {count} times). "
            "Check the task id and that the API key belongs to the account that ran it.",
            status=404,
            method="GET",
            path=f"/tasks/{task_id}",
            task_id=task_id,
        )

    def _timeout(self, pending: list[str], last_seen: dict[str, dict[str, Any]]) -> WaitTimeoutError:
        task_id = pending[0]
        last_status = (last_seen.get(task_id) or {}).get("status") or "not found yet"
        others = f" and {len(pending) - 1} other task(s)" if len(pending) > 1 else ""
        hint = resume_hint_for_task(task_id)
        return WaitTimeoutError(
            f"Timed out after {_seconds(self.deadline.seconds)} s waiting for task {task_id}{others} (last status: {last_status}). {hint}",
            task_id=task_id,
            last_status=last_status,
            resume_hint=hint,
        )


def task_failed(task_id: str, task: dict[str, Any]) -> TaskFailedError:
    error_type, description = task_error(task)
    command = task.get("commandType")
    label = f"Task {task_id} ({command})" if command else f"Task {task_id}"
    detail = ": ".join(part for part in (error_type, description) if part) or "no error details given"
    return TaskFailedError(
        f"{label} failed: {detail}",
        task=task,
        task_id=task_id,
        error_type=error_type,
        description=description,
        last_status=FAILED,
    )


def wait_until(
    fetch: Callable[[], Any],
    is_settled: Callable[[Any], bool],
    describe: Callable[[Any], str],
    poll_interval: float,
    deadline: Deadline,
    sleep: Sleep = time.sleep,
    timeline: Timeline | None = None,
    what: str | None = None,
    rng: random.Random | None = None,
    resume_hint: str | None = None,
) -> Any:
    """Poll ``fetch()`` on the PollSchedule until ``is_settled(value)``; returns that value.

    Unlike TaskWaiter, the first fetch is immediate: callers use this right after a
    task completed, when the resource may already be settled. ``describe(value)``
    gives the status shown in the timeline and in the timeout message.
    """
    subject = what or "the resource"
    hint = resume_hint or "The operation continues on the Redis Cloud side; re-run the play to resume."
    delays = PollSchedule(poll_interval, rng).delays()
    while True:
        value = fetch()
        status = describe(value)
        if timeline is not None:
            timeline.record(subject, status)
        if is_settled(value):
            return value
        if deadline.expired():
            raise WaitTimeoutError(
                f"Timed out after {_seconds(deadline.seconds)} s waiting for {subject} (last status: {status}). {hint}",
                last_status=status,
                resume_hint=hint,
            )
        sleep(min(next(delays), deadline.remaining()))


def _seconds(value: float) -> str:
    return f"{value:g}"
