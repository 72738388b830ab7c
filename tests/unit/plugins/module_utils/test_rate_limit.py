"""RateLimitPacer decisions, on a fake clock."""

from __future__ import annotations

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.api.rate_limit import RateLimitPacer


def make_pacer(fake_clock) -> RateLimitPacer:  # type: ignore[no-untyped-def]
    return RateLimitPacer(sleep=fake_clock.sleep, clock=fake_clock)


def test_spacing_grows_as_the_remainder_shrinks(fake_clock):
    pacer = make_pacer(fake_clock)
    spacings = []
    for remaining in (40, 19, 5, 0):
        pacer.after_response({"X-Rate-Limit-Remaining": str(remaining)})
        pacer.before_request()
        spacings.append(fake_clock.sleeps[-1])
    assert spacings == pytest.approx([60 / 41, 3.0, 10.0, 15.0])  # the last one capped at max_spacing


def test_time_already_spent_counts_towards_the_spacing(fake_clock):
    pacer = make_pacer(fake_clock)
    pacer.after_response({"X-Rate-Limit-Remaining": "9"})
    fake_clock.sleep(4)  # e.g. a poll delay in between
    pacer.before_request()
    assert fake_clock.sleeps == [4, pytest.approx(2.0)]


def test_limit_header_sets_the_threshold(fake_clock):
    pacer = make_pacer(fake_clock)
    pacer.after_response({"X-Rate-Limit-Remaining": "9", "X-Rate-Limit-Limit": "60"})  # 15% left: still fine
    pacer.before_request()
    pacer.after_response({"X-Rate-Limit-Remaining": "5", "X-Rate-Limit-Limit": "60"})
    pacer.before_request()
    assert fake_clock.sleeps == [pytest.approx(10.0)]


@pytest.mark.parametrize("headers", [{}, {"X-Rate-Limit-Remaining": "n/a"}, {"X-Rate-Limit-Remaining": "399"}])
def test_no_pacing_without_a_low_remainder(fake_clock, headers):
    pacer = make_pacer(fake_clock)
    pacer.after_response(headers)
    pacer.before_request()
    assert fake_clock.sleeps == []


def test_a_sleep_is_cut_to_the_time_the_caller_has(fake_clock):
    pacer = make_pacer(fake_clock)
    pacer.after_response({"X-Rate-Limit-Remaining": "0"})
    pacer.before_request(at_most=2.5)
    assert fake_clock.sleeps == [2.5]


@pytest.mark.parametrize(("elapsed", "rest"), [(0, 60), (15, 45), (59.5, 0.5), (60, 60), (130, 50)])
def test_the_rest_of_the_window_counts_windows_from_the_first_request(fake_clock, elapsed, rest):
    pacer = make_pacer(fake_clock)
    assert pacer.rest_of_window() == 60  # nothing sent yet: a whole window
    pacer.before_request()
    fake_clock.sleep(elapsed)
    assert pacer.rest_of_window() == pytest.approx(rest)
