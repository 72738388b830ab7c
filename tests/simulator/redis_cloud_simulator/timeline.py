# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A resource's status as a function of sim time: the phases a write schedules.

Essentials and ACL records keep no mutable status: a write appends the phases it sets off
(e.g. "pending" now, "active" in 60 s) and a read asks for the status at an instant. A task
processed at instant t therefore sees exactly what a GET at t would show, however often clients poll.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GONE = "gone"  # the record answers 404 from then on


@dataclass
class Timeline:
    phases: list[tuple[float, str]] = field(default_factory=list)  # (from, status), in time order

    def status(self, at: float) -> str | None:
        """The status at `at`; None before the first phase."""
        current = None
        for start, status in self.phases:
            if start > at:
                break
            current = status
        return current

    def schedule(self, at: float, phases: list[tuple[float, str]]) -> None:
        """Replace whatever was scheduled from `at` on with `phases` (each starting at `at` or later)."""
        self.phases = [phase for phase in self.phases if phase[0] < at] + sorted(phases, key=lambda phase: phase[0])

    def gone(self, at: float) -> bool:
        return self.status(at) in (None, GONE)

    def settles_at(self, at: float) -> float | None:
        """When the last scheduled phase starts, if it is still ahead of `at`."""
        return self.phases[-1][0] if self.phases and self.phases[-1][0] > at else None


def flapping_phases(at: float, pending_seconds: float, flapping_seconds: float, period_seconds: float) -> list[tuple[float, str]]:
    """pending, then active and pending by turns (period_seconds each) for flapping_seconds, then active for good.

    period_seconds 0: no flapping (pending, then active).
    """
    phases = [(at, "pending")]
    start, end, status = at + pending_seconds, at + pending_seconds + flapping_seconds, "active"
    while period_seconds > 0 and start < end:
        phases.append((start, status))
        start, status = start + period_seconds, "pending" if status == "active" else "active"
    phases.append((max(start, end) if period_seconds > 0 else at + pending_seconds, "active"))
    return _merged(phases)


def _merged(phases: list[tuple[float, str]]) -> list[tuple[float, str]]:
    """Drop a phase that repeats the status before it."""
    merged: list[tuple[float, str]] = []
    for phase in phases:
        if not merged or merged[-1][1] != phase[1]:
            merged.append(phase)
    return merged
