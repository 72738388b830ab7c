# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulated time: sim seconds advance `speed` times faster than real seconds."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone


class SimClock:
    def __init__(self, speed: float, monotonic: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time) -> None:
        self._monotonic = monotonic
        # Wall time follows the monotonic clock from one anchor, so that a test's fake clock stamps exactly.
        self._wall_anchor = (wall(), monotonic())
        self._anchor_real = monotonic()
        self._anchor_sim = 0.0
        self._speed = float(speed)

    @property
    def speed(self) -> float:
        return self._speed

    def now(self) -> float:
        """Sim seconds since the simulator started."""
        return self._anchor_sim + (self._monotonic() - self._anchor_real) * self._speed

    def set_speed(self, speed: float) -> None:
        # Re-anchor so that a speed change never moves sim time backwards.
        self._anchor_sim = self.now()
        self._anchor_real = self._monotonic()
        self._speed = float(speed)

    def iso(self, sim_seconds: float) -> str:
        """ISO 8601 UTC timestamp of a sim instant, in the API's style.

        An instant is stamped at the wall clock's now minus its age in sim seconds, so a client
        comparing a timestamp with its own clock sees the age the real API would show (a task
        finished ten sim minutes ago looks ten minutes old), whatever the speed.
        """
        wall_now = self._wall_anchor[0] + (self._monotonic() - self._wall_anchor[1])
        instant = datetime.fromtimestamp(wall_now - (self.now() - sim_seconds), tz=timezone.utc)
        return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"
