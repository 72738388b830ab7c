"""resource.py: Resources get/find, wait_settled, wait_gone and the joined wait, on a fake clock.

The join cases are ported from test_subscription_wait.py (SubscriptionJoin is now
Resources(SUBSCRIPTION, run).join); the name lookups from test_subscription_reconcile.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from scripted_api import NOT_FOUND, ScriptedClient, db, make_run, sub, subs

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import MalformedResponseError, RedisCloudError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import (
    ABSENT,
    AmbiguousNameError,
    ResourceGoneError,
    ResourceInErrorError,
    Resources,
)
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import DATABASE, SUBSCRIPTION
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import Timeline

TASK = "5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60"


def subscriptions(client: Any, fake_clock, wait_timeout: float = 600, poll_interval: float = 10) -> Resources:
    return Resources(SUBSCRIPTION, make_run(client, fake_clock, wait_timeout=wait_timeout, poll_interval=poll_interval))


def lifecycle(fake_clock, *steps: tuple[float, Any]):
    """An answer that follows the clock: [(from second, answer)], relative to now."""
    started = fake_clock()

    def answer(_api: Any) -> Any:
        current = NOT_FOUND
        for starts, value in steps:
            if fake_clock() - started >= starts:
                current = value
        return current

    return answer


class TestGet:
    def test_reads_and_checks_one_resource(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/12"): [sub(12, "orders")]})
        assert subscriptions(client, fake_clock).get(12) == sub(12, "orders")

    def test_404_is_none(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/12"): [NOT_FOUND]})
        assert subscriptions(client, fake_clock).get(12) is None

    def test_an_answer_about_another_resource_is_an_error(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/12"): [sub(13, "orders")]})
        with pytest.raises(MalformedResponseError, match="the answer is another subscription"):
            subscriptions(client, fake_clock).get(12)

    @pytest.mark.parametrize("answer", [[sub(12, "a")], "x", {"name": "a"}, {"id": "12/../13"}])
    def test_a_garbled_answer_is_an_error(self, fake_clock, answer):
        client = ScriptedClient({("GET", "/subscriptions/12"): [answer]})
        with pytest.raises(MalformedResponseError) as caught:
            subscriptions(client, fake_clock).get(12)
        assert caught.value.path == "/subscriptions/12"

    def test_a_database_is_read_under_its_subscription(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/12/databases/51"): [db(51, "cache")]})
        assert Resources(DATABASE, make_run(client, fake_clock), 12).get(51) == db(51, "cache")


class TestFind:
    def test_by_name_is_exact_and_ignores_resources_being_deleted(self, fake_clock):
        listing = [sub(1, "Orders"), sub(2, "orders", "deleting"), sub(3, "orders", "pending")]
        resources = subscriptions(ScriptedClient(), fake_clock)
        assert resources.find(wanted="orders", listing=listing) == sub(3, "orders", "pending")
        assert resources.find(wanted="missing", listing=listing) is None

    def test_find_leaving_finds_the_one_being_deleted(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions"): [subs(sub(1, "Orders"), sub(2, "orders", "deleting"), sub(3, "orders", "pending"))]})
        assert subscriptions(client, fake_clock).find_leaving("orders") == sub(2, "orders", "deleting")

    def test_by_name_lists_when_no_listing_is_given(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions"): [subs(sub(1, "orders"))]})
        assert subscriptions(client, fake_clock).find(wanted="orders") == sub(1, "orders")
        assert client.calls == [("GET", "/subscriptions")]

    def test_by_id_reads_the_resource(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/7"): [sub(7, "other-name")]})
        assert subscriptions(client, fake_clock).find(7, "orders") == sub(7, "other-name")
        assert client.calls == [("GET", "/subscriptions/7")]

    def test_two_resources_with_one_name_fail_listing_their_ids(self, fake_clock):
        with pytest.raises(AmbiguousNameError) as caught:
            subscriptions(ScriptedClient(), fake_clock).find(wanted="dup", listing=[sub(7, "dup"), sub(9, "dup", "pending")])
        assert "ids: 7, 9" in str(caught.value) and "subscription_id" in str(caught.value)

    def test_a_database_being_deleted_is_delete_pending(self, fake_clock):
        databases = Resources(DATABASE, make_run(ScriptedClient(), fake_clock), 12)
        assert databases.find(wanted="cache", listing=[db(51, "cache", "delete-pending")]) is None


class TestStatuses:
    @pytest.mark.parametrize(
        ("status", "settled", "failed", "leaving", "resting"),
        [
            ("active", True, False, False, False),
            ("error", False, True, False, False),
            ("deleting", False, False, True, False),
            ("encryption_key_pending", False, False, False, True),
            ("pending", False, False, False, False),
            ("some-new-status", False, False, False, False),
        ],
    )
    def test_each_status_has_one_meaning_and_unknown_ones_none(self, fake_clock, status, settled, failed, leaving, resting):
        resources = subscriptions(ScriptedClient(), fake_clock)
        item = sub(1, "a", status)
        assert (resources.is_settled(item), resources.is_failed(item), resources.is_leaving(item), resources.is_resting(item)) == (
            settled, failed, leaving, resting)

    def test_labels(self, fake_clock):
        resources = subscriptions(ScriptedClient(), fake_clock)
        assert resources.label(12) == "subscription 12"
        assert resources.label(12, sub(12, "orders")) == "subscription 12 ('orders')"
        assert resources.status(None) == "gone" and resources.status({"id": 1}) == "unknown"


class TestWaitSettled:
    def test_a_404_before_it_was_seen_is_not_visible_yet(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/9"): [lifecycle(fake_clock, (3, sub(9, "a", "pending")), (20, sub(9, "a")))]})
        resources = subscriptions(client, fake_clock)

        item = resources.wait_settled(9, TASK, visibility_grace=10)

        assert item["status"] == "active"
        assert [(entry["what"], entry["status"]) for entry in resources.run.timeline.as_list()] == [
            ("subscription 9", "not visible yet"), ("subscription 9", "pending"), ("subscription 9", "active")]

    def test_not_visible_is_bounded_by_the_grace(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/9"): [NOT_FOUND]})

        with pytest.raises(RedisCloudError) as caught:
            subscriptions(client, fake_clock).wait_settled(9, TASK, visibility_grace=10)

        assert not isinstance(caught.value, (ResourceGoneError, WaitTimeoutError))
        assert str(caught.value).startswith("Subscription 9 is still not readable")
        assert (caught.value.last_status, caught.value.status, caught.value.task_id) == ("not visible yet", 404, TASK)
        assert 10 <= fake_clock.now - 1000 < 15

    def test_a_404_after_it_was_seen_means_deleted_at_once(self, fake_clock):
        # Issue 10 finding 11: a resource that was readable and then answers 404 is gone; say so at once.
        client = ScriptedClient({("GET", "/subscriptions/9"): [sub(9, "a", "pending"), NOT_FOUND]})

        with pytest.raises(ResourceGoneError) as caught:
            subscriptions(client, fake_clock, wait_timeout=1800).wait_settled(9, TASK)

        assert "was deleted while this run waited for it" in str(caught.value)
        assert "after status pending" in str(caught.value)
        assert (caught.value.last_status, caught.value.status) == ("gone", 404)
        assert client.count("GET", "/subscriptions/9") == 2
        assert fake_clock.sleeps == [1.25]

    def test_seen_before_the_wait_a_first_404_means_deleted(self, fake_clock):
        # An update racing a delete: the resource was read before the write, so the first 404 is final.
        client = ScriptedClient({("GET", "/subscriptions/9"): [NOT_FOUND]})

        with pytest.raises(ResourceGoneError):
            subscriptions(client, fake_clock, wait_timeout=1800).wait_settled(9, seen=True)

        assert client.count("GET", "/subscriptions/9") == 1 and fake_clock.sleeps == []

    @pytest.mark.parametrize("status", ["pending", "some-new-status", "active-change-pending"])
    def test_pending_and_unknown_statuses_keep_waiting(self, fake_clock, status):
        # Issue 9: a status the module does not know means "not settled yet", never settled or failed.
        client = ScriptedClient({("GET", "/subscriptions/9"): [lifecycle(fake_clock, (0, sub(9, "a", status)), (40, sub(9, "a")))]})

        assert subscriptions(client, fake_clock).wait_settled(9)["status"] == "active"
        assert fake_clock.now - 1000 >= 40

    def test_a_resting_status_returns(self, fake_clock):
        # Issue 9: a subscription with customer-managed keys stops at encryption_key_pending until the keys are given.
        client = ScriptedClient({("GET", "/subscriptions/9"): [sub(9, "a", "pending"), sub(9, "a", "encryption_key_pending")]})

        assert subscriptions(client, fake_clock).wait_settled(9)["status"] == "encryption_key_pending"
        assert client.count("GET", "/subscriptions/9") == 2

    def test_a_leaving_status_fails(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/9"): [sub(9, "orders", "pending"), sub(9, "orders", "deleting")]})

        with pytest.raises(ResourceGoneError) as caught:
            subscriptions(client, fake_clock).wait_settled(9, TASK)

        assert str(caught.value).startswith("Subscription 9 ('orders') is being deleted (status deleting)")
        assert caught.value.last_status == "deleting"

    def test_a_database_being_deleted_fails_too(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/12/databases/51"): [db(51, "cache", "delete-pending")]})
        with pytest.raises(ResourceGoneError):
            Resources(DATABASE, make_run(client, fake_clock), 12).wait_settled(51)

    def test_a_failed_status_fails_naming_the_task(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/9"): [sub(9, "orders", "pending"), sub(9, "orders", "error")]})

        with pytest.raises(RedisCloudError) as caught:
            subscriptions(client, fake_clock).wait_settled(9, TASK)

        assert str(caught.value) == (f"Subscription 9 ('orders') went into status error after task {TASK}; "
                                     "the Redis Cloud console shows the cause.")
        assert (caught.value.task_id, caught.value.last_status) == (TASK, "error")

    def test_a_timeout_names_the_task_the_last_status_and_how_to_resume(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/9"): [sub(9, "orders", "pending")]})

        with pytest.raises(WaitTimeoutError) as caught:
            subscriptions(client, fake_clock, wait_timeout=60).wait_settled(9, TASK)

        assert str(caught.value).startswith(f"Timed out after 60 s waiting for subscription 9 (task {TASK}) to be active "
                                            "(last status: pending).")
        assert "re-run the same task" in caught.value.resume_hint
        assert (caught.value.task_id, caught.value.last_status) == (TASK, "pending")
        assert fake_clock.now - 1000 == pytest.approx(60)


class TestWaitGone:
    def test_returns_once_it_answers_404(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/9"): [sub(9, "a", "deleting"), sub(9, "a", "deleting"), NOT_FOUND]})
        resources = subscriptions(client, fake_clock)

        assert resources.wait_gone(9, TASK) is None

        assert client.count("GET", "/subscriptions/9") == 3
        assert [entry["status"] for entry in resources.run.timeline.as_list()] == ["deleting", "gone"]

    def test_a_timeout_names_the_last_status(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/9"): [sub(9, "a", "deleting")]})

        with pytest.raises(WaitTimeoutError) as caught:
            subscriptions(client, fake_clock, wait_timeout=30).wait_gone(9, TASK)

        assert "to be gone (last status: deleting)" in str(caught.value)
        assert caught.value.task_id == TASK


# The joined wait (ported from test_subscription_wait.py).


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


def hint(goal: str):
    """The resume hint redis_cloud_subscription_info gives the join."""
    return lambda pending: (f"Re-run rediscloud.api.redis_cloud_subscription_info with subscription_ids=[{', '.join(map(str, pending))}] "
                            f"wait=true wait_for={goal}.")


def join(api: FakeSubscriptionApi, fake_clock, ids: list[int], wait_timeout: float = 600, poll_interval: float = 10,
         timeline: Timeline | None = None, **kwargs: Any) -> dict[int, Any]:
    run = make_run(api, fake_clock, wait_timeout=wait_timeout, poll_interval=poll_interval)
    if timeline is not None:
        run.timeline = timeline
    return Resources(SUBSCRIPTION, run).join(ids, **kwargs)


class TestJoinActive:
    def test_one_list_request_per_round_for_all_ids_and_results_in_the_order_given(self, api, fake_clock):
        api.lifecycles = {
            101: [(0, "pending"), (20, "active")],
            102: [(0, "pending"), (40, "active")],
            103: [(0, "active")],
        }

        settled = join(api, fake_clock, [102, 103, 101])

        assert list(settled) == [102, 103, 101]
        assert all(subscription["status"] == "active" for subscription in settled.values())
        assert [path for path, _at in api.requests] == ["/subscriptions"] * len(api.requests)
        # One request per round: as many requests as sleeps between them, plus the first.
        assert len(api.requests) == len(fake_clock.sleeps) + 1
        assert fake_clock.now - api.started >= 40

    def test_a_given_listing_is_the_first_round(self, api, fake_clock):
        api.lifecycles = {101: [(0, "active")]}
        listing = api.listing()

        settled = join(api, fake_clock, [101], listing=listing)

        assert settled[101]["status"] == "active"
        assert api.requests == []

    def test_polls_on_the_shared_schedule_capped_at_poll_interval(self, api, fake_clock):
        api.lifecycles = {101: [(0, "pending"), (100, "active")]}

        join(api, fake_clock, [101], poll_interval=10)

        assert fake_clock.sleeps[:4] == [1.25, 1.25, 1.25, 1.25]
        assert max(fake_clock.sleeps) <= 10 * 1.1

    @pytest.mark.parametrize("status", ["pending", "deleting", "some-new-status"])
    def test_other_statuses_keep_the_wait_going(self, api, fake_clock, status):
        api.lifecycles = {101: [(0, status), (30, "active")]}

        settled = join(api, fake_clock, [101])

        assert settled[101]["status"] == "active"
        assert fake_clock.now - api.started >= 30

    def test_a_resting_status_ends_the_wait(self, api, fake_clock):
        # Changed on purpose (issue 9): encryption_key_pending used to keep the join waiting (up to the timeout);
        # the subscription stays there until the user supplies keys, so the join now returns it at once.
        api.lifecycles = {101: [(0, "encryption_key_pending"), (30, "active")]}

        settled = join(api, fake_clock, [101])

        assert settled[101]["status"] == "encryption_key_pending"
        assert len(api.requests) == 1

    def test_timeline_records_transitions_per_subscription(self, api, fake_clock):
        api.lifecycles = {101: [(0, None), (3, "pending"), (20, "active")], 102: [(0, "active")]}
        timeline = Timeline(fake_clock)

        join(api, fake_clock, [101, 102], timeline=timeline)

        seen = [(entry["what"], entry["status"]) for entry in timeline.as_list()]
        assert seen == [
            ("subscription 101", "not visible yet"),
            ("subscription 102", "active"),
            ("subscription 101", "pending"),
            ("subscription 101", "active"),
        ]

    def test_duplicate_ids_are_polled_once(self, api, fake_clock):
        api.lifecycles = {101: [(0, "active")]}

        settled = join(api, fake_clock, [101, 101])

        assert list(settled) == [101]
        assert len(api.requests) == 1


class TestJoinVisibility:
    def test_an_id_not_listed_yet_is_waited_for_within_the_grace_period(self, api, fake_clock):
        api.lifecycles = {101: [(0, None), (8, "pending"), (15, "active")]}

        settled = join(api, fake_clock, [101], visibility_grace=10)

        assert settled[101]["status"] == "active"

    def test_an_id_never_listed_fails_after_the_grace_period_naming_it(self, api, fake_clock):
        api.lifecycles = {101: [(0, "active")], 999: [(0, None)]}

        with pytest.raises(RedisCloudError) as raised:
            join(api, fake_clock, [101, 999], visibility_grace=10)

        assert str(raised.value).startswith("Subscription 999 was not found")
        assert raised.value.last_status == "not visible yet"
        assert 10 <= fake_clock.now - api.started < 15

    def test_a_subscription_that_disappears_while_waiting_for_active_fails_at_once(self, api, fake_clock):
        api.lifecycles = {101: [(0, "pending"), (2, None)]}

        with pytest.raises(ResourceGoneError) as raised:
            join(api, fake_clock, [101], visibility_grace=100)

        assert "Subscription 101 disappeared" in str(raised.value)
        assert "last status: pending" in str(raised.value)
        assert fake_clock.now - api.started < 5


class TestJoinAbsent:
    def test_absent_settles_when_no_longer_listed(self, api, fake_clock):
        api.lifecycles = {101: [(0, "active"), (2, "deleting"), (30, None)], 102: [(0, "deleting"), (10, None)]}

        settled = join(api, fake_clock, [101, 102], goal=ABSENT)

        assert settled == {101: None, 102: None}
        assert fake_clock.now - api.started >= 30
        assert len(api.requests) == len(fake_clock.sleeps) + 1

    def test_an_id_already_gone_settles_in_the_first_round(self, api, fake_clock):
        api.lifecycles = {101: [(0, None)]}

        assert join(api, fake_clock, [101], goal=ABSENT) == {101: None}
        assert len(api.requests) == 1


class TestJoinError:
    def test_error_fails_naming_every_subscription_in_error(self, api, fake_clock):
        api.lifecycles = {101: [(0, "pending"), (5, "error")], 102: [(0, "pending"), (5, "error")], 103: [(0, "pending")]}

        with pytest.raises(ResourceInErrorError) as raised:
            join(api, fake_clock, [101, 102, 103])

        message = str(raised.value)
        assert message.startswith("Subscription 101 ('sub-101'), subscription 102 ('sub-102') are in status error")
        assert "103" not in message
        assert [item["id"] for item in raised.value.items] == [101, 102]
        assert raised.value.last_status == "error"

    def test_error_is_returned_when_fail_on_error_is_false(self, api, fake_clock):
        api.lifecycles = {101: [(0, "pending"), (5, "error")], 102: [(0, "pending"), (20, "active")]}

        settled = join(api, fake_clock, [101, 102], fail_on_error=False)

        assert settled[101]["status"] == "error"
        assert settled[102]["status"] == "active"


class TestJoinTimeout:
    def test_timeout_names_every_unsettled_subscription_with_its_last_status_and_how_to_resume(self, api, fake_clock):
        api.lifecycles = {101: [(0, "pending")], 102: [(0, "active")], 103: [(0, None)]}

        with pytest.raises(WaitTimeoutError) as raised:
            join(api, fake_clock, [101, 102, 103], wait_timeout=20, visibility_grace=60, resume_hint=hint("active"))

        message = str(raised.value)
        assert message.startswith("Timed out after 20 s waiting for subscriptions to be active; not active yet: 101 (pending), 103 (not visible yet).")
        assert "102 (" not in message
        assert raised.value.resume_hint.endswith("subscription_ids=[101, 103] wait=true wait_for=active.")
        assert raised.value.last_status == "101 (pending), 103 (not visible yet)"
        assert fake_clock.now - api.started == pytest.approx(20)

    def test_single_subscription_timeout_keeps_its_plain_last_status(self, api, fake_clock):
        api.lifecycles = {101: [(0, "deleting")]}

        with pytest.raises(WaitTimeoutError) as raised:
            join(api, fake_clock, [101], wait_timeout=15, goal=ABSENT, resume_hint=hint("absent"))

        assert raised.value.last_status == "deleting"
        assert "wait_for=absent" in raised.value.resume_hint

    def test_without_a_hint_the_timeout_still_says_how_to_resume(self, api, fake_clock):
        api.lifecycles = {101: [(0, "pending")]}

        with pytest.raises(WaitTimeoutError) as raised:
            join(api, fake_clock, [101], wait_timeout=15)

        assert "re-run to resume waiting" in str(raised.value)


class TestJoinGoal:
    def test_unknown_goal_is_a_programming_error(self, api, fake_clock):
        # Kept from test_subscription_wait.py: a goal the join does not know must fail at once, not wait
        # until wait_timeout and then report it as "absent".
        api.lifecycles = {1: [(0, "active")]}
        with pytest.raises(ValueError):
            join(api, fake_clock, [1], goal="ready")
