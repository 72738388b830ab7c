# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""When the client sends a request again, and how long it waits first.

- Reads (GET) are retried on connection errors, read timeouts, answers cut off
  before their end, and HTTP 500/502/503/504: at most ``total`` times, with
  jittered exponential backoff (or the server's ``Retry-After``), each wait capped.
- Writes are retried only where the API provably did not act: a connection that
  never opened, and HTTP 429, which is a refusal. A 5xx or a lost answer on a write
  is never re-sent (the caller asks the API what happened).
- HTTP 429 (every method) is waited out for as long as the run's deadline allows
  (a read that is not part of a wait: at most two windows, see client.py), never
  counted against ``total``, each wait at least twice the last: the server's ``x-rate-limit-retry-after-seconds``
  or ``Retry-After`` when it gives a usable one, otherwise the rest of the API's
  60-second window (no recorded answer of the real API carries a retry header;
  the official Go client waits up to 60 s between its 429 retries).

Every wait is capped by the time the caller has left; the client does that.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({500, 502, 503, 504})
RATE_LIMITED = 429
RATE_LIMIT_RETRY_AFTER_HEADER = "x-rate-limit-retry-after-seconds"
RETRY_AFTER_HEADER = "Retry-After"
DEFAULT_TOTAL_RETRIES = 5
DEFAULT_BACKOFF_FACTOR = 0.5
MAX_BACKOFF_SECONDS = 8.0
# No wait the server asks for is longer than the API's rate-limit window.
MAX_RETRY_AFTER_SECONDS = 60.0
# A 429 answered at once with "retry after 0", again and again, must not become a busy loop.
MIN_RATE_LIMIT_WAIT_SECONDS = 1.0


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """The wait the server asked for, in seconds, or None when it gave none we can use.

    ``x-rate-limit-retry-after-seconds`` first, then ``Retry-After`` (seconds or an
    HTTP date). Anything that is not a finite, non-negative number (``nan``, ``inf``,
    ``-1``, garbage) counts as no answer. The result is capped at 60 s.
    """
    for name in (RATE_LIMIT_RETRY_AFTER_HEADER, RETRY_AFTER_HEADER):
        seconds = _seconds(headers.get(name), now)
        if seconds is not None:
            return min(seconds, MAX_RETRY_AFTER_SECONDS)
    return None


def _seconds(value: str | None, now: float | None) -> float | None:
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        seconds = _seconds_until_date(text, time.time() if now is None else now)
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


def _seconds_until_date(text: str, now: float) -> float | None:
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now)


class RetryPolicy:
    """The bounded retries of transient faults, and the waits before them."""

    def __init__(self, total: int = DEFAULT_TOTAL_RETRIES, backoff_factor: float = DEFAULT_BACKOFF_FACTOR,
                 rng: random.Random | None = None) -> None:
        self.total = total
        self.backoff_factor = backoff_factor
        self.rng = rng or random.Random()

    def transient_wait(self, retry_number: int, headers: Mapping[str, str] | None = None) -> float:
        """Seconds before retry number ``retry_number`` (1-based) of a transient fault.

        The server's Retry-After when it gave one (a 503 may), otherwise exponential
        backoff with full jitter: 0 before the first retry, then up to 1, 2, 4, 8 s.
        """
        asked = retry_after_seconds(headers) if headers is not None else None
        if asked is not None:
            return asked
        if retry_number <= 1 or not self.backoff_factor:
            return 0.0
        nominal = min(MAX_BACKOFF_SECONDS, self.backoff_factor * (2 ** (retry_number - 1)))
        return self.rng.uniform(nominal / 2, nominal)

    @staticmethod
    def rate_limited_wait(headers: Mapping[str, str], rest_of_window: float, refusals: int = 1) -> float:
        """Seconds to wait after refusal number ``refusals`` (1-based) of one request: what the server asked for,
        else the rest of the rate-limit window; never less than 1, 2, 4, ... s (up to the 60 s window), so that
        a server answering "retry after 0" again and again gets a few requests a minute, not one a second."""
        asked = retry_after_seconds(headers)
        wait = rest_of_window if asked is None else asked
        floor = min(MIN_RATE_LIMIT_WAIT_SECONDS * 2 ** min(max(refusals, 1) - 1, 16), MAX_RETRY_AFTER_SECONDS)
        return max(wait, floor)
