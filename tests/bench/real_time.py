"""What a play spends in real seconds: costs that do not shrink when the simulator runs faster.

ansible-playbook's start-up, each module run's own start-up, and the absence check's
pause before a create (two looks at the account ABSENCE_CONFIRM_SECONDS apart, issue
9) take the same real seconds at any simulator speed S; at speed S each of them
weighs S times more in lifecycles than against the real API's pace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.bench.stats import median
from tests.bench.timed_runs import Timings

# Importable once tests.bench.environment has put .build/collections on sys.path.
from ansible_collections.rediscloud.api.plugins.module_utils.options import DEFAULT_POLL_INTERVAL, MIN_POLL_INTERVAL


def scaled_poll_interval(speed: float) -> float:
    """The default poll_interval scaled to the simulator's speed, but never below the module's minimum."""
    return max(DEFAULT_POLL_INTERVAL / speed, MIN_POLL_INTERVAL)


def poll_interval_note(speed: float) -> str:
    if DEFAULT_POLL_INTERVAL / speed >= MIN_POLL_INTERVAL:
        return f"poll_interval = {DEFAULT_POLL_INTERVAL:g}/{speed:g} s"
    return (f"poll_interval = {MIN_POLL_INTERVAL:g} s, the module's minimum ({DEFAULT_POLL_INTERVAL:g}/{speed:g} s would be below it: "
            "polls are sparser than the real API's default here)")


@dataclass(frozen=True)
class CreateRun:
    """One module run of a create loop, in real seconds from the play's launch."""

    started: float
    posted: float | None  # its accepted POST (the last one, when a refused create was sent again)
    ended: float

    @property
    def lead(self) -> float | None:
        """From its start to its POST: module start-up, the absence check's looks and pause, any wait for a slot."""
        return None if self.posted is None else self.posted - self.started

    @property
    def tail(self) -> float | None:
        """From its POST to its result: with wait: false, the wait for the create task (databases), and returning."""
        return None if self.posted is None else self.ended - self.posted


def create_runs(timings: Timings, task: str, log: list[dict[str, Any]], create_path: str) -> list[CreateRun]:
    """The loop items of ``task``, each with the accepted POST to ``create_path`` (a suffix) sent during it."""
    posts = [entry["time"] for entry in log if entry["method"] == "POST" and entry["path"].endswith(create_path) and entry["status"] == 202]
    runs = []
    for run in timings.of(task):
        inside = [moment for moment in posts if run.started <= moment <= run.ended]
        runs.append(CreateRun(run.started - timings.launched, (inside[-1] - timings.launched) if inside else None,
                              run.ended - timings.launched))
    return runs


def median_of(values: list[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return median(known) if known else None
