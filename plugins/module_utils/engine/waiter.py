# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waiting: the run's deadline, the poll schedule, the timeline of statuses seen, and ``wait_until``."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import WaitTimeoutError

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

    def extend(self, seconds: float) -> None:
        """Move the end later: for pauses of the module's own that wait_timeout does not count
        (``seconds``, the budget messages name, stays the user's)."""
        self._ends_at += seconds

    def within(self, seconds: float) -> Deadline:
        """A shorter budget starting now, never beyond this one (for grace periods)."""
        return Deadline(min(seconds, self.remaining()), clock=self.clock)


@dataclass(frozen=True)
class PollProfile:
    """Where the polls of a wait go, for work of a known typical duration.

    ``steps`` are the first delays, exact (jitter would break the bounds they give);
    then the delay starts at ``backoff_start`` and doubles up to ``poll_interval``,
    each multiplied by a random factor in [0.9, 1.1] so that parallel waiters do not
    poll in lockstep. Every delay is capped by ``poll_interval``.
    """

    steps: tuple[float, ...]
    backoff_start: float


# Fast start: four polls 1.25 s apart cover the first 5 s, so a task that takes 1-5 s
# is seen at most 1.25 s after it ends, with at most 4 requests; a long wait then costs
# about one request per poll_interval.
DEFAULT_PROFILE = PollProfile(steps=(1.25,) * 4, backoff_start=2.5)
# Database changes usually take 10-60 s: one early look (a no-op change ends at once),
# then a poll every 5 s from 10 s to 60 s. That sees the end 2.5 s after it (median)
# with no more requests than polling every 5 s from the start.
DATABASE_CHANGE_PROFILE = PollProfile(steps=(1.25, 8.75) + (5.0,) * 10, backoff_start=10.0)


class PollSchedule:
    """Delays between polls, following a PollProfile."""

    JITTER = 0.1

    def __init__(self, poll_interval: float, rng: random.Random | None = None, profile: PollProfile = DEFAULT_PROFILE) -> None:
        if poll_interval <= 0:
            raise ValueError("poll_interval must be greater than 0")
        self.poll_interval = poll_interval
        self.rng = rng or random.Random()
        self.profile = profile

    def delays(self) -> Iterator[float]:
        for step in self.profile.steps:
            yield min(step, self.poll_interval)
        nominal = self.profile.backoff_start
        while True:
            nominal = min(nominal, self.poll_interval)
            yield nominal * self.rng.uniform(1 - self.JITTER, 1 + self.JITTER)
            nominal *= 2

    def pauses(self, clock: Clock) -> Iterator[float]:
        """How long to sleep before each poll. Polls are due at fixed times from the first pause (the
        delays' running sums), so the time each request takes does not push every later poll back."""
        due = clock()
        for delay in self.delays():
            due += delay
            yield max(0.0, due - clock())


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

    Unlike the task waiter, the first fetch is immediate: callers use this right after
    a task completed, when the resource may already be settled. ``describe(value)``
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
                f"Timed out after {deadline.seconds:g} s waiting for {subject} (last status: {status}). {hint}",
                last_status=status,
                resume_hint=hint,
            )
        sleep(min(next(delays), deadline.remaining()))
