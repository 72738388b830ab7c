# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""urllib3 Retry policy for the Redis Cloud API.

Reads (GET) are retried on connect/read errors and 429/500/502/503/504. Writes are
retried only where the API provably did not act: a connection that never opened
(urllib3 counts that as a connect error for every method) and a 429, which is a
refusal. A 5xx or a lost answer on a write is never re-sent.
"""

from __future__ import annotations

import random
import traceback

try:
    from urllib3.util.retry import Retry
except ImportError:  # requests (and so urllib3) missing: RedisCloudModule reports it with missing_required_lib
    Retry = object  # type: ignore[assignment,misc]
    URLLIB3_IMPORT_ERROR: str | None = traceback.format_exc()
else:
    URLLIB3_IMPORT_ERROR = None

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REFUSED_STATUS = 429
RATE_LIMIT_RETRY_AFTER_HEADER = "x-rate-limit-retry-after-seconds"
DEFAULT_TOTAL_RETRIES = 5
DEFAULT_BACKOFF_FACTOR = 0.5


class RedisCloudRetry(Retry):  # type: ignore[misc,valid-type]
    """Retry that also honours ``x-rate-limit-retry-after-seconds`` and keeps every wait bounded."""

    # Class attributes, not constructor arguments, so that Retry.new() (called on every
    # increment) keeps them and so that urllib3 1.26 and 2.x behave the same.
    MAX_BACKOFF_SECONDS = 8.0
    MAX_RETRY_AFTER_SECONDS = 60.0

    def get_retry_after(self, response):  # type: ignore[no-untyped-def]
        """Seconds the server asked us to wait: the API's own header first, then Retry-After."""
        value = response.headers.get(RATE_LIMIT_RETRY_AFTER_HEADER)
        seconds = None
        if value is not None:
            try:
                seconds = float(value)
            except ValueError:
                seconds = None
        if seconds is None:
            try:
                seconds = super().get_retry_after(response)
            except Exception:  # an unparsable Retry-After falls back to our own backoff
                seconds = None
        if seconds is None:
            return None
        # A zero wait must still count as "the server said when": use a tiny positive value.
        return min(max(seconds, 0.001), self.MAX_RETRY_AFTER_SECONDS)

    def is_retry(self, method, status_code, has_retry_after=False):  # type: ignore[no-untyped-def]
        if status_code == REFUSED_STATUS and self.total:
            return True
        return super().is_retry(method, status_code, has_retry_after)

    def get_backoff_time(self) -> float:
        """Exponential backoff with full jitter, capped (urllib3's default cap is two minutes)."""
        consecutive = len([h for h in reversed(self.history) if h.redirect_location is None])
        if consecutive <= 1 or not self.backoff_factor:
            return 0.0
        nominal = min(self.MAX_BACKOFF_SECONDS, self.backoff_factor * (2 ** (consecutive - 1)))
        return random.uniform(nominal / 2, nominal)


def build_retry(total: int = DEFAULT_TOTAL_RETRIES, backoff_factor: float = DEFAULT_BACKOFF_FACTOR) -> RedisCloudRetry:
    """The client's default policy; ``total`` bounds every kind of retry together."""
    return RedisCloudRetry(
        total=total,
        connect=total,
        read=total,
        status=total,
        redirect=0,
        allowed_methods=frozenset({"GET"}),
        status_forcelist=RETRY_STATUSES,
        backoff_factor=backoff_factor,
        raise_on_status=False,
        respect_retry_after_header=True,
    )
