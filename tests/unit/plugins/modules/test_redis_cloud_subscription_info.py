"""redis_cloud_subscription_info, run in-process against a loopback HTTP server."""

from __future__ import annotations

import pytest

from ansible_collections.rediscloud.api.plugins.modules.redis_cloud_subscription_info import main

API_KEY = "unit-test-account-key-0001"
API_SECRET_KEY = "unit-test-user-secret-0002"


def subscription(subscription_id: int, status: str, name: str | None = None) -> dict:
    return {"id": subscription_id, "name": name or f"sub-{subscription_id}", "status": status, "deploymentType": "single-region",
            "paymentMethodType": "credit-card", "numberOfDatabases": 1, "cloudDetails": [], "links": []}


def listing(*subscriptions: dict) -> dict:
    return {"accountId": 1001, "subscriptions": list(subscriptions), "links": []}


@pytest.fixture
def args(api_server) -> dict:
    # poll_interval below the fast-start step keeps waits short in real time.
    return {"api_url": api_server.url_for("/v1"), "api_key": API_KEY, "api_secret_key": API_SECRET_KEY, "poll_interval": 0.02}


def paths(api_server) -> list[str]:
    return [request.path for request, _response in api_server.log]


def answer_in_turn(api_server, *bodies: dict) -> None:
    for body in bodies:
        api_server.expect_ordered_request("/v1/subscriptions", method="GET").respond_with_json(body)


class TestRead:
    def test_lists_all_subscriptions_with_ids_and_facts(self, api_server, run_module, args):
        answer_in_turn(api_server, listing(subscription(1, "active"), subscription(2, "error")))
        run = run_module(main, args)
        assert not run.failed and run.result["changed"] is False
        assert [item["id"] for item in run.result["subscriptions"]] == [1, 2]
        assert run.result["subscription_ids"] == [1, 2]
        assert run.result["ansible_facts"] == {"redis_cloud_subscription_ids": [1, 2]}
        assert "subscription" not in run.result and "timeline" not in run.result

    def test_reads_one_by_id_or_its_alias(self, api_server, run_module, args):
        api_server.expect_request("/v1/subscriptions").respond_with_json(listing(subscription(1, "active"), subscription(2, "pending")))
        for option in ("subscription_id", "id"):
            run = run_module(main, {**args, option: 2})
            assert run.result["subscription"]["status"] == "pending"
            assert run.result["subscription_ids"] == [2]
        assert paths(api_server) == ["/v1/subscriptions", "/v1/subscriptions"]

    def test_several_ids_come_back_in_the_order_given_without_duplicates(self, api_server, run_module, args):
        api_server.expect_request("/v1/subscriptions").respond_with_json(listing(*(subscription(i, "active") for i in (1, 2, 3))))
        run = run_module(main, {**args, "subscription_ids": [3, 1, 3]})
        assert run.result["subscription_ids"] == [3, 1]
        assert "subscription" not in run.result

    def test_name_matches_exactly_and_may_match_none_or_several(self, api_server, run_module, args):
        api_server.expect_request("/v1/subscriptions").respond_with_json(listing(
            subscription(1, "active", "orders"), subscription(2, "active", "orders-2"), subscription(3, "active", "dup"), subscription(4, "active", "dup"),
        ))
        one = run_module(main, {**args, "name": "orders"})
        several = run_module(main, {**args, "name": "dup"})
        none = run_module(main, {**args, "name": "order"})
        assert one.result["subscription"]["id"] == 1 and one.result["subscription_ids"] == [1]
        assert several.result["subscription"] is None and several.result["subscription_ids"] == [3, 4]
        assert not none.failed and none.result["subscription"] is None and none.result["subscriptions"] == []

    def test_an_unknown_id_fails_naming_it(self, api_server, run_module, args):
        api_server.expect_request("/v1/subscriptions").respond_with_json(listing(subscription(1, "active")))
        run = run_module(main, {**args, "subscription_ids": [1, 77, 78]})
        assert run.failed
        assert run.result["msg"].startswith("Subscription(s) not found: 77, 78.")
        assert run.result["failure"]["path"] == "/subscriptions"

    def test_a_named_subscription_in_error_fails_unless_fail_on_error_is_false(self, api_server, run_module, args):
        api_server.expect_request("/v1/subscriptions").respond_with_json(listing(subscription(1, "active"), subscription(2, "error", "broken")))
        failed = run_module(main, {**args, "subscription_ids": [1, 2]})
        returned = run_module(main, {**args, "subscription_ids": [1, 2], "fail_on_error": False})
        assert failed.failed
        assert failed.result["msg"].startswith("Subscription 2 ('broken') is in status error")
        assert failed.result["failure"]["last_status"] == "error"
        assert not returned.failed and [item["status"] for item in returned.result["subscriptions"]] == ["active", "error"]

    def test_runs_normally_in_check_mode(self, api_server, run_module, args):
        api_server.expect_request("/v1/subscriptions").respond_with_json(listing(subscription(1, "active")))
        run = run_module(main, {**args, "subscription_id": 1, "_ansible_check_mode": True})
        assert not run.failed and run.result["subscription"]["id"] == 1

    def test_a_malformed_listing_fails_instead_of_reading_as_empty(self, api_server, run_module, args):
        api_server.expect_request("/v1/subscriptions").respond_with_json({"unexpected": True})
        run = run_module(main, {**args, "subscription_ids": [1], "wait": True, "wait_for": "absent"})
        assert run.failed
        assert "no list of subscriptions" in run.result["msg"]


class TestWait:
    def test_waits_for_all_with_one_list_request_per_round(self, api_server, run_module, args):
        answer_in_turn(
            api_server,
            listing(subscription(1, "pending")),
            listing(subscription(1, "pending"), subscription(2, "pending")),
            listing(subscription(1, "active"), subscription(2, "pending")),
            listing(subscription(1, "active"), subscription(2, "active")),
        )
        run = run_module(main, {**args, "subscription_ids": [2, 1], "wait": True})
        assert not run.failed, run.result
        assert run.result["subscription_ids"] == [2, 1]
        assert [item["status"] for item in run.result["subscriptions"]] == ["active", "active"]
        assert paths(api_server) == ["/v1/subscriptions"] * 4
        assert [(entry["what"], entry["status"]) for entry in run.result["timeline"]] == [
            ("subscription 2", "not visible yet"),
            ("subscription 1", "pending"),
            ("subscription 2", "pending"),
            ("subscription 1", "active"),
            ("subscription 2", "active"),
        ]

    def test_waits_until_deleted_subscriptions_are_gone(self, api_server, run_module, args):
        answer_in_turn(
            api_server,
            listing(subscription(1, "deleting"), subscription(2, "active"), subscription(3, "active")),
            listing(subscription(2, "deleting"), subscription(3, "active")),
            listing(subscription(3, "active")),
        )
        run = run_module(main, {**args, "subscription_id": 1, "wait": True, "wait_for": "absent"})
        assert run.result["subscriptions"] == [] and run.result["subscription"] is None
        assert len(api_server.log) == 2
        assert [entry["status"] for entry in run.result["timeline"]] == ["deleting", "gone"]

    def test_waits_until_no_subscription_has_the_name(self, api_server, run_module, args):
        answer_in_turn(
            api_server,
            listing(subscription(1, "deleting", "old"), subscription(2, "deleting", "old"), subscription(3, "active", "kept")),
            listing(subscription(2, "deleting", "old"), subscription(3, "active", "kept")),
            listing(subscription(3, "active", "kept")),
        )
        run = run_module(main, {**args, "name": "old", "wait": True, "wait_for": "absent"})
        assert not run.failed
        assert run.result["subscription_ids"] == [] and run.result["subscription"] is None
        assert len(api_server.log) == 3

    def test_a_subscription_going_into_error_fails_the_wait_naming_it(self, api_server, run_module, args):
        answer_in_turn(
            api_server,
            listing(subscription(1, "pending"), subscription(2, "pending", "tenant-b")),
            listing(subscription(1, "pending"), subscription(2, "error", "tenant-b")),
        )
        run = run_module(main, {**args, "subscription_ids": [1, 2], "wait": True})
        assert run.failed
        assert run.result["msg"].startswith("Subscription 2 ('tenant-b') is in status error")
        last = run.result["timeline"][-1]
        assert (last["what"], last["status"]) == ("subscription 2", "error")

    def test_timeout_names_what_is_not_settled_and_how_to_resume(self, api_server, run_module, args):
        api_server.expect_request("/v1/subscriptions").respond_with_json(listing(subscription(1, "pending"), subscription(2, "active")))
        run = run_module(main, {**args, "subscription_ids": [1, 2], "wait": True, "wait_timeout": 1, "poll_interval": 0.25})
        assert run.failed
        assert run.result["msg"].startswith("Timed out after 1 s waiting for subscriptions to be active; not active yet: 1 (pending).")
        assert "subscription_ids=[1] wait=true wait_for=active" in run.result["failure"]["resume_hint"]
        assert run.result["failure"]["last_status"] == "pending"

    def test_wait_without_selection_waits_for_the_whole_account(self, api_server, run_module, args):
        answer_in_turn(
            api_server,
            listing(subscription(1, "active"), subscription(2, "pending")),
            listing(subscription(1, "active"), subscription(2, "error")),
        )
        run = run_module(main, {**args, "wait": True})
        # Listing the account never fails on a subscription in error: it is returned.
        assert not run.failed
        assert [item["status"] for item in run.result["subscriptions"]] == ["active", "error"]


class TestValidation:
    @pytest.mark.parametrize("extra", [{"subscription_ids": [2]}, {"name": "x"}])
    def test_selections_are_mutually_exclusive(self, api_server, run_module, args, extra):
        run = run_module(main, {**args, "subscription_id": 1, **extra})
        assert run.failed
        assert "mutually exclusive" in run.result["msg"]
        assert api_server.log == []

    def test_wait_for_has_fixed_choices(self, api_server, run_module, args):
        run = run_module(main, {**args, "wait": True, "wait_for": "ready"})
        assert run.failed and "wait_for" in run.result["msg"]
        assert api_server.log == []
