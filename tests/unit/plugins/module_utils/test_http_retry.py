"""The retry policy's decisions: which waits a server may ask for, and the backoff of transient faults."""

from __future__ import annotations

import random

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.api.retries import (
    MAX_BACKOFF_SECONDS,
    MIN_RATE_LIMIT_WAIT_SECONDS,
    RetryPolicy,
    retry_after_seconds,
)

NOW = 1_800_000_000.0  # 2027-01-15 08:00:00 UTC


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "12"}, 12.0),
        ({"Retry-After": " 2.5 "}, 2.5),
        ({"Retry-After": "0"}, 0.0),
        ({"Retry-After": "1e9"}, 60.0),
        ({"x-rate-limit-retry-after-seconds": "4", "Retry-After": "50"}, 4.0),
        ({"x-rate-limit-retry-after-seconds": "nan", "Retry-After": "5"}, 5.0),
        ({"Retry-After": "Fri, 15 Jan 2027 08:00:20 GMT"}, 20.0),
        ({"Retry-After": "Fri, 15 Jan 2027 07:00:00 GMT"}, 0.0),
    ],
)
def test_usable_retry_headers(headers, seconds):
    assert retry_after_seconds(headers, now=NOW) == pytest.approx(seconds)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "1e999", "", "soon", "Fri, 15 Jan 2027 08:00:20", "0x10"])
def test_unusable_retry_headers_count_as_none(value):
    assert retry_after_seconds({"Retry-After": value, "x-rate-limit-retry-after-seconds": value}, now=NOW) is None


def test_rate_limited_wait_uses_the_rest_of_the_window_without_a_header_and_never_less_than_a_second():
    assert RetryPolicy.rate_limited_wait({}, rest_of_window=42.0) == 42.0
    assert RetryPolicy.rate_limited_wait({"Retry-After": "0"}, rest_of_window=42.0) == MIN_RATE_LIMIT_WAIT_SECONDS
    assert RetryPolicy.rate_limited_wait({}, rest_of_window=0.01) == MIN_RATE_LIMIT_WAIT_SECONDS


def test_transient_backoff_grows_with_jitter_and_is_capped():
    policy = RetryPolicy(total=10, rng=random.Random(3))
    waits = [policy.transient_wait(number) for number in range(1, 11)]
    assert waits[0] == 0.0
    for number, wait in enumerate(waits[1:], start=2):
        nominal = min(MAX_BACKOFF_SECONDS, 0.5 * 2 ** (number - 1))
        assert nominal / 2 <= wait <= nominal


def test_a_server_s_retry_after_wins_over_backoff():
    assert RetryPolicy().transient_wait(3, {"Retry-After": "7"}) == 7.0
