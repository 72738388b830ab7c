# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client-side pacing so that we slow down before the API answers 429.

The API allows 400 requests per minute per key and reports what is left in
``X-Rate-Limit-Remaining``. It does not say when the window resets, so once the
remainder is low we assume the worst (a full window ahead) and spread the
remaining requests evenly over it.

When a 429 comes without a usable retry header, the client waits out the rest of
the window. Its start is not known either; like the official Go client
(rediscloud-go-api ``internal/rate_limit.go``, a fixed window that starts with the
first request) we count windows from our first request.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping

REMAINING_HEADER = "X-Rate-Limit-Remaining"
LIMIT_HEADER = "X-Rate-Limit-Limit"
DEFAULT_LIMIT = 400
WINDOW_SECONDS = 60.0


class RateLimitPacer:
    def __init__(
        self,
        limit: int = DEFAULT_LIMIT,
        window_seconds: float = WINDOW_SECONDS,
        low_fraction: float = 0.1,
        max_spacing: float = 15.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window_seconds = window_seconds
        self.low_fraction = low_fraction
        self.max_spacing = max_spacing
        self._sleep = sleep
        self._clock = clock
        self._not_before = 0.0
        self._first_request: float | None = None
        self.slept_seconds = 0.0
        self.last_remaining: int | None = None  # X-Rate-Limit-Remaining of the last answer that carried it

    def before_request(self, at_most: float = math.inf) -> None:
        """Sleep until the spacing decided from the last answer has passed, but never longer than ``at_most``."""
        now = self._clock()
        if self._first_request is None:
            self._first_request = now
        delay = min(self._not_before - now, at_most)
        if delay > 0:
            self.slept_seconds += delay
            self._sleep(delay)

    def after_response(self, headers: Mapping[str, str]) -> None:
        """Read the rate-limit headers of an answer and decide the spacing of the next request."""
        remaining = _int_header(headers, REMAINING_HEADER)
        if remaining is None:
            return
        self.last_remaining = remaining
        limit = _int_header(headers, LIMIT_HEADER) or self.limit
        if remaining > limit * self.low_fraction:
            self._not_before = 0.0
            return
        spacing = min(self.max_spacing, self.window_seconds / (max(remaining, 0) + 1))
        self._not_before = self._clock() + spacing

    def rest_of_window(self) -> float:
        """Seconds until the current rate-limit window ends, counting windows from our first request."""
        if self._first_request is None:
            return self.window_seconds
        elapsed = self._clock() - self._first_request
        return self.window_seconds - (elapsed % self.window_seconds)


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
