# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sliding-window request limit per API key, in real seconds."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    remaining: int
    retry_after_seconds: int  # 0 when allowed


class RateLimiter:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._seen: dict[str, deque[float]] = {}

    def reset(self) -> None:
        self._seen.clear()

    def check(self, key: str, limit: int, window_seconds: float) -> Verdict:
        """Count one request for `key`; limit 0 disables limiting."""
        now = self._monotonic()
        seen = self._seen.setdefault(key, deque())
        while seen and seen[0] <= now - window_seconds:
            seen.popleft()
        if limit == 0:
            return Verdict(True, 0, 0)
        if len(seen) >= limit:
            return Verdict(False, 0, max(1, math.ceil(seen[0] + window_seconds - now)))
        seen.append(now)
        return Verdict(True, limit - len(seen), 0)
