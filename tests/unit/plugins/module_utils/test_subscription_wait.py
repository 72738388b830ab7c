"""SubscriptionJoin and read_subscriptions, on a fake clock against a scripted GET /subscriptions."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.errors import MalformedResponseError, RedisCloudError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.subscription_wait import (
    SubscriptionInErrorError,
    SubscriptionJoin,
    read_subscriptions,
)
from ansible_collections.rediscloud.api.plugins.module_utils.waiter import Deadline, Timeline


@dataclass
class FakeSubscriptionApi:
    """GET /subscriptions over scripted lifecycles: per id, [(from clock second, status or None)], None = not listed."""

    clock: Any
    lifecycles: dict[int, list[tuple[float, str | None]]] = field(default_factory=dict)
    requests: list[tuple[str, float]] = field(default_factory=list)

    def status_at(self, subscription_id: int, elapsed: float) -> str | None:
        status = None
        for starts, value in self.lifecycles[subscription_id]:
            if elapsed >= starts:
                status = value
        return status

    def listing(self) -> list[dict[str, Any]]:
        elapsed = self.clock() - self.started
        listed = []
        for subscription_id in self.lifecycles:
            status = self.status_at(subscription_id, elapsed)
            if status is not None:
                listed.append({"id": subscription_id, "name": f"sub-{subscription_id}", "status": status})
        return listed

    def get(self, path: str, params: Any = None) -> Any:
        self.requests.append((path, self.clock()))
        if path != "/subscriptions":
            raise AssertionError(f"the joined wait must not read {path}")
        return {"accountId": 1, "subscriptions": self.listing()}

    def __post_init__(self) -> None:
        self.started = self.clock()


@pytest.fixture
def api(fake_clock) -> FakeSubscriptionApi:
    return FakeSubscriptionApi(fake_clock)


def join(api: FakeSubscriptionApi, fake_clock, wait_timeout: float = 600, poll_interval: float = 10, **kwargs: Any) -> SubscriptionJoin:
    return SubscriptionJoin(
        api, poll_interval, Deadline(wait_timeout, fake_clock), Timeline(fake_clock), sleep=fake_clock.sleep, clock=fake_clock,
        rng=random.Random(7), **kwargs,
    )


class TestActive:
    def test_one_list_request_per_round_for_all_ids_and_results_in_the_order_given(self, api, fake_clock):
        api.lifecycles = {
            101: [(0, "pending"), (20, "active")],
            102: [(0, "pending"), (40, "active")],
            103: [(0, "active")],
        }
        waiter = join(api, fake_clock)

        settled = waiter.wait([102, 103, 101])

        assert list(settled) == [102, 103, 101]
        assert all(subscription["status"] == "active" for subscription in settled.values())
        assert [path for path, _at in api.requests] == ["/subscriptions"] * len(api.requests)
        # One request per round: as many requests as sleeps between them, plus the first.
        assert len(api.requests) == len(fake_clock.sleeps) + 1
        assert fake_clock.now - api.started >= 40

    def test_a_given_listing_is_the_first_round(self, api, fake_clock):
        api.lifecycles = {101: [(0, "active")]}
        listing = api.listing()

        settled = join(api, fake_clock).wait([101], listing=listing)

        assert settled[101]["status"] == "active"
        assert api.requests == []

    def test_polls_on_the_shared_schedule_capped_at_poll_interval(self, api, fake_clock):
        api.lifecycles = {101: [(0, "pending"), (100, "active")]}

        join(api, fake_clock, poll_interval=10).wait([101])

        assert fake_clock.sleeps[:4] == [1.25, 1.25, 1.25, 1.25]
        assert max(fake_clock.sleeps) <= 10 * 1.1

    @pytest.mark.parametrize("status", ["pending", "deleting", "encryption_key_pending"])
    def test_other_statuses_keep_the_wait_going(self, api, fake_clock, status):
        api.lifecycles = {101: [(0, status), (30, "active")]}

        settled = join(api, fake_clock).wait([101])

        assert settled[101]["status"] == "active"
        assert fake_clock.now - api.started >= 30

    def test_timeline_records_transitions_per_subscription(self, api, fake_clock):
        api.lifecycles = {101: [(0, None), (3, "pending"), (20, "active")], 102: [(0, "active")]}
        timeline = Timeline(fake_clock)
        waiter = join(api, fake_clock)
        waiter.timeline = timeline

        waiter.wait([101, 102])

        seen = [(entry["what"], entry["status"]) for entry in timeline.as_list()]
        assert seen == [
            ("subscription 101", "not visible yet"),
            ("subscription 102", "active"),
            ("subscription 101", "pending"),
            ("subscription 101", "active"),
        ]

    def test_duplicate_ids_are_polled_once(self, api, fake_clock):
        api.lifecycles = {101: [(0, "active")]}

        settled = join(api, fake_clock).wait([101, 101])

        assert list(settled) == [101]
        assert len(api.requests) == 1


class TestVisibility:
    def test_an_id_not_listed_yet_is_waited_for_within_the_grace_period(self, api, fake_clock):
        api.lifecycles = {101: [(0, None), (8, "pending"), (15, "active")]}

        settled = join(api, fake_clock, visibility_grace=10).wait([101])

        assert settled[101]["status"] == "active"

    def test_an_id_never_listed_fails_after_the_grace_period_naming_it(self, api, fake_clock):
        api.lifecycles = {101: [(0, "active")], 999: [(0, None)]}

        with pytest.raises(RedisCloudError) as raised:
            join(api, fake_clock, visibility_grace=10).wait([101, 999])

        assert str(raised.value).startswith("Subscription 999 was not found")
        assert raised.value.last_status == "not visible yet"
        assert 10 <= fake_clock.now - api.started < 15

    def test_a_subscription_that_disappears_while_waiting_for_active_fails_at_once(self, api, fake_clock):
        api.lifecycles = {101: [(0, "pending"), (2, None)]}

        with pytest.raises(RedisCloudError) as raised:
            join(api, fake_clock, visibility_grace=100).wait([101])

        assert "Subscription 101 disappeared" in str(raised.value)
        assert "last status: pending" in str(raised.value)
        assert fake_clock.now - api.started < 5


class TestAbsent:
    def test_absent_settles_when_no_longer_listed(self, api, fake_clock):
        api.lifecycles = {101: [(0, "active"), (2, "deleting"), (30, None)], 102: [(0, "deleting"), (10, None)]}

        settled = join(api, fake_clock).wait([101, 102], goal="absent")

        assert settled == {101: None, 102: None}
        assert fake_clock.now - api.started >= 30
        assert len(api.requests) == len(fake_clock.sleeps) + 1

    def test_an_id_already_gone_settles_in_the_first_round(self, api, fake_clock):
        api.lifecycles = {101: [(0, None)]}

        assert join(api, fake_clock).wait([101], goal="absent") == {101: None}
        assert len(api.requests) == 1


class TestError:
    def test_error_fails_naming_every_subscription_in_error(self, api, fake_clock):
        api.lifecycles = {101: [(0, "pending"), (5, "error")], 102: [(0, "pending"), (5, "error")], 103: [(0, "pending")]}

        with pytest.raises(SubscriptionInErrorError) as raised:
            join(api, fake_clock).wait([101, 102, 103])

        message = str(raised.value)
        assert message.startswith("Subscription 101 ('sub-101'), subscription 102 ('sub-102') are in status error")
        assert "103" not in message
        assert [item["id"] for item in raised.value.subscriptions] == [101, 102]
        assert raised.value.last_status == "error"

    def test_error_is_returned_when_fail_on_error_is_false(self, api, fake_clock):
        api.lifecycles = {101: [(0, "pending"), (5, "error")], 102: [(0, "pending"), (20, "active")]}

        settled = join(api, fake_clock).wait([101, 102], fail_on_error=False)

        assert settled[101]["status"] == "error"
        assert settled[102]["status"] == "active"


class TestTimeout:
    def test_timeout_names_every_unsettled_subscription_with_its_last_status_and_how_to_resume(self, api, fake_clock):
        api.lifecycles = {101: [(0, "pending")], 102: [(0, "active")], 103: [(0, None)]}

        with pytest.raises(WaitTimeoutError) as raised:
            join(api, fake_clock, wait_timeout=20, visibility_grace=60).wait([101, 102, 103])

        message = str(raised.value)
        assert message.startswith("Timed out after 20 s waiting for subscriptions to be active; not active yet: 101 (pending), 103 (not visible yet).")
        assert "102 (" not in message
        assert raised.value.resume_hint.endswith("subscription_ids=[101, 103] wait=true wait_for=active.")
        assert raised.value.last_status == "101 (pending), 103 (not visible yet)"
        assert fake_clock.now - api.started == pytest.approx(20)

    def test_single_subscription_timeout_keeps_its_plain_last_status(self, api, fake_clock):
        api.lifecycles = {101: [(0, "deleting")]}

        with pytest.raises(WaitTimeoutError) as raised:
            join(api, fake_clock, wait_timeout=15).wait([101], goal="absent")

        assert raised.value.last_status == "deleting"
        assert "wait_for=absent" in raised.value.resume_hint


class TestReadSubscriptions:
    def test_reads_the_list(self, api, fake_clock):
        api.lifecycles = {101: [(0, "active")]}
        assert [item["id"] for item in read_subscriptions(api)] == [101]

    def test_an_account_answer_without_the_list_has_no_subscriptions(self):
        class Client:
            def get(self, path: str) -> Any:
                return {"accountId": 1, "links": []}

        assert read_subscriptions(Client()) == []

    @pytest.mark.parametrize("body", [None, [], {}, {"links": []}, {"subscriptions": "x"}, {"subscriptions": [1]}])
    def test_a_body_without_a_list_is_refused_rather_than_read_as_empty(self, body):
        class Client:
            def get(self, path: str) -> Any:
                return body

        with pytest.raises(MalformedResponseError) as raised:
            read_subscriptions(Client())
        assert raised.value.path == "/subscriptions"

    def test_unknown_goal_is_a_programming_error(self, api, fake_clock):
        with pytest.raises(ValueError):
            join(api, fake_clock).wait([1], goal="ready")
