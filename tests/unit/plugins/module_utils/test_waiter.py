"""waiter.py: Deadline, PollSchedule and its profiles, Timeline and wait_until, on a fake clock.

TaskWaiter moved to tasks.py: its cases are in test_tasks.py.
"""

from __future__ import annotations

import random
from datetime import datetime, timezone

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import (
    DATABASE_CHANGE_PROFILE,
    DEFAULT_PROFILE,
    Deadline,
    PollProfile,
    PollSchedule,
    Timeline,
    wait_until,
)


def first(delays, count: int) -> list[float]:
    return [next(delays) for _index in range(count)]


class TestPollSchedule:
    def test_fast_start_covers_the_first_five_seconds_in_four_steps(self):
        assert first(PollSchedule(10, random.Random(1)).delays(), 4) == [1.25, 1.25, 1.25, 1.25]

    def test_the_default_profile_is_the_fast_start(self):
        assert first(PollSchedule(10, random.Random(1), DEFAULT_PROFILE).delays(), 4) == first(PollSchedule(10, random.Random(1)).delays(), 4)

    def test_backoff_is_jittered_within_ten_percent_and_capped(self):
        observed = first(PollSchedule(10, random.Random(3)).delays(), 40)[4:]
        nominal = [2.5, 5.0] + [10.0] * 34
        assert all(0.9 * n <= d <= 1.1 * n for d, n in zip(observed, nominal))
        assert len({round(d, 6) for d in observed[2:]}) > 30  # jittered, not lockstep

    def test_two_waiters_do_not_poll_in_lockstep(self):
        first_schedule, second_schedule = PollSchedule(10, random.Random(1)).delays(), PollSchedule(10, random.Random(2)).delays()
        assert first(first_schedule, 10)[4:] != first(second_schedule, 10)[4:]

    def test_short_poll_interval_caps_the_fast_phase_too(self):
        delays = PollSchedule(0.5, random.Random(1)).delays()
        assert first(delays, 4) == [0.5] * 4
        assert all(0.45 <= next(delays) <= 0.55 for _index in range(20))

    def test_pauses_keep_polls_due_at_the_delays_running_sums(self, fake_clock):
        pauses = PollSchedule(10).pauses(fake_clock)
        assert next(pauses) == 1.25
        fake_clock.now += 1.25 + 0.4  # the first pause, then a request that took 0.4 s
        assert next(pauses) == pytest.approx(0.85)
        fake_clock.now += 0.85 + 3.0  # the second pause, then a request slower than the next delay
        assert next(pauses) == 0.0  # late: poll at once, never a negative sleep

    @pytest.mark.parametrize("interval", [0, -1])
    def test_rejects_non_positive_interval(self, interval):
        with pytest.raises(ValueError):
            PollSchedule(interval)


class TestDatabaseChangeProfile:
    def test_one_early_look_then_every_5_s_from_10_s_to_60_s_then_backoff_to_poll_interval(self):
        delays = first(PollSchedule(30, random.Random(5), DATABASE_CHANGE_PROFILE).delays(), 20)
        assert delays[:12] == [1.25, 8.75] + [5.0] * 10
        assert sum(delays[:2]) == 10 and sum(delays[:12]) == 60
        nominal = [10.0, 20.0] + [30.0] * 6
        assert all(0.9 * n <= d <= 1.1 * n for d, n in zip(delays[12:], nominal))

    def test_backoff_is_capped_by_poll_interval(self):
        delays = first(PollSchedule(10, random.Random(5), DATABASE_CHANGE_PROFILE).delays(), 30)
        assert delays[:12] == [1.25, 8.75] + [5.0] * 10
        assert all(9.0 <= d <= 11.0 for d in delays[12:])

    def test_a_short_poll_interval_caps_the_steps(self):
        delays = first(PollSchedule(3, random.Random(5), DATABASE_CHANGE_PROFILE).delays(), 20)
        assert delays[:12] == [1.25] + [3.0] * 11
        assert all(2.7 <= d <= 3.3 for d in delays[12:])

    def test_steps_are_exact_and_backoff_starts_where_the_profile_says(self):
        profile = PollProfile(steps=(2.0, 3.0), backoff_start=4.0)
        delays = first(PollSchedule(100, random.Random(5), profile).delays(), 5)
        assert delays[:2] == [2.0, 3.0]
        assert all(0.9 <= d / n <= 1.1 for d, n in zip(delays[2:], [4.0, 8.0, 16.0]))


class TestDeadline:
    def test_counts_down_on_the_given_clock(self, fake_clock):
        deadline = Deadline(10, fake_clock)
        fake_clock.sleep(4)
        assert deadline.remaining() == 6
        assert not deadline.expired()
        fake_clock.sleep(7)
        assert deadline.remaining() == 0
        assert deadline.expired()

    def test_extend_moves_the_end_but_not_the_budget_messages_name(self, fake_clock):
        deadline = Deadline(10, fake_clock)
        fake_clock.sleep(8)
        deadline.extend(5)
        assert deadline.remaining() == 7
        assert deadline.seconds == 10
        fake_clock.sleep(7)
        assert deadline.expired()

    def test_extend_revives_an_expired_deadline_by_the_pause_only(self, fake_clock):
        deadline = Deadline(10, fake_clock)
        fake_clock.sleep(12)
        deadline.extend(5)
        assert deadline.remaining() == 3

    def test_within_is_a_shorter_budget_starting_now(self, fake_clock):
        deadline = Deadline(100, fake_clock)
        fake_clock.sleep(30)
        grace = deadline.within(10)
        assert (grace.seconds, grace.remaining()) == (10, 10)
        fake_clock.sleep(10)
        assert grace.expired() and not deadline.expired()

    def test_within_never_goes_beyond_the_deadline(self, fake_clock):
        deadline = Deadline(100, fake_clock)
        fake_clock.sleep(95)
        grace = deadline.within(10)
        assert grace.remaining() == 5
        fake_clock.sleep(5)
        assert grace.expired() and deadline.expired()

    def test_within_an_expired_deadline_is_expired(self, fake_clock):
        deadline = Deadline(1, fake_clock)
        fake_clock.sleep(2)
        assert deadline.within(10).expired()


class TestTimeline:
    def test_records_transitions_per_subject_not_polls(self, fake_clock):
        timeline = Timeline(fake_clock, now=lambda: datetime(2026, 1, 1, tzinfo=timezone.utc))
        for subject, status in [("a", "pending"), ("a", "pending"), ("b", "pending"), ("a", "active"), ("b", "pending"), ("a", "pending")]:
            fake_clock.sleep(1)
            timeline.record(subject, status)
        assert [(entry["what"], entry["status"], entry["elapsed"]) for entry in timeline.as_list()] == [
            ("a", "pending", 1.0), ("b", "pending", 3.0), ("a", "active", 4.0), ("a", "pending", 6.0)]
        assert timeline.as_list()[0]["at"] == "2026-01-01T00:00:00.000+00:00"

    def test_as_list_is_a_copy(self, fake_clock):
        timeline = Timeline(fake_clock)
        timeline.record("a", "x")
        timeline.as_list()[0]["status"] = "changed"
        assert timeline.as_list()[0]["status"] == "x"


class TestWaitUntil:
    def test_polls_until_settled_starting_at_once(self, fake_clock):
        statuses = iter(["pending", "pending", "pending", "active"])
        fetches: list[float] = []

        def fetch() -> dict[str, str]:
            fetches.append(fake_clock())
            return {"status": next(statuses)}

        value = wait_until(fetch, lambda v: v["status"] == "active", lambda v: v["status"], 10, Deadline(600, fake_clock),
                           sleep=fake_clock.sleep, what="subscription 12")
        assert value == {"status": "active"}
        assert fetches[0] == 1000.0  # no sleep before the first fetch
        assert len(fetches) == 4
        assert fake_clock.sleeps == [1.25, 1.25, 1.25]

    def test_times_out_with_the_last_status(self, fake_clock):
        timeline = Timeline(fake_clock)
        with pytest.raises(WaitTimeoutError) as caught:
            wait_until(lambda: None, lambda v: v is not None, lambda v: "absent" if v is None else "present", 10,
                       Deadline(30, fake_clock), sleep=fake_clock.sleep, timeline=timeline, what="subscription 12")
        assert str(caught.value).startswith("Timed out after 30 s waiting for subscription 12 (last status: absent).")
        assert caught.value.last_status == "absent"
        assert fake_clock.now == pytest.approx(1030)
        assert [entry["status"] for entry in timeline.as_list()] == ["absent"]

    def test_the_resume_hint_is_in_the_message_and_the_error(self, fake_clock):
        with pytest.raises(WaitTimeoutError) as caught:
            wait_until(lambda: 1, lambda v: False, str, 10, Deadline(5, fake_clock), sleep=fake_clock.sleep, resume_hint="Do X.")
        assert str(caught.value).endswith("(last status: 1). Do X.")
        assert caught.value.resume_hint == "Do X."
