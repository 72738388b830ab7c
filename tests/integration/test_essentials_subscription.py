"""redis_cloud_essentials_subscription against the simulator: plan lookup, check mode (no write sent), create, re-run,
rename, plan change, refusals before sending, the plan-change refusal waited out, delete with databases.

Two plays, each run once for the module's tests (a play start-up costs seconds): the lifecycle, and the cases.
Every write body is checked against the vendored spec; the harness searches every play for the API keys.
"""

from __future__ import annotations

from typing import Any

import pytest
from database_helpers import write_body_problems
from essentials_helpers import (
    CARD,
    FOUR_DATABASES_PLAN,
    FREE_PLAN,
    PAID_PLAN,
    create_subscription_directly,
    plan_id,
)
from harness import PlaybookRun, PlaybookRunner
from subscription_helpers import api_writes

SUBSCRIPTIONS = "/v1/fixed/subscriptions"
PLAN_CHANGE_REFUSAL = "UPDATING_A_FIXED_SUBSCRIPTION_PLAN_IS_NOT_ALLOWED_WHILE_THE_SUBSCRIPTION_OR_BDB_IS_PENDING"


def fresh(simulator_process, **config: Any):
    simulator_process.configure(**{**simulator_process.default_config, **config})
    simulator_process.reset()
    return simulator_process


def writes(requests: list[dict[str, Any]]) -> list[tuple[str, str, Any]]:
    return [(entry["method"], entry["path"], entry.get("body")) for entry in requests
            if entry["method"] in ("POST", "PUT", "DELETE") and entry["path"].startswith("/v1/")]


@pytest.fixture(scope="module")
def lifecycle(simulator_process) -> tuple[PlaybookRun, list[dict[str, Any]], dict[str, Any]]:
    sim = fresh(simulator_process, essentials_subscription_provisioning_seconds=600)  # 3 s real: the create sees it pending
    extra = {"other_region_plan_id": plan_id(sim, "Single-Zone_1GB", region="us-west-1"), "paid_plan_id": plan_id(sim, PAID_PLAN)}
    run = PlaybookRunner(sim).run("essentials_subscription_lifecycle.yml", extra)
    assert run.rc == 0, run.stdout + run.stderr
    assert write_body_problems(sim) == []
    return run, sim.requests(), {**sim.state()["essentials"], **extra}


class TestLifecycle:
    def test_the_free_plan_is_found_and_priced_in_check_mode_without_a_write(self, lifecycle):
        run, _requests, _state = lifecycle
        free = run.task("Find the free plan of AWS us-east-1")
        priced = run.task("Price the subscription in check mode")
        assert free["plan"]["price"] == 0 and free["plan"]["name"] == FREE_PLAN and free["plan_ids"] == [free["plan"]["id"]]
        assert priced["changed"] is True and priced["subscription_id"] is None and priced["task_id"] is None
        assert priced["pricing"] == [{"type": "Essentials plan", "typeDetails": FREE_PLAN, "planId": free["plan"]["id"], "quantity": 1,
                                      "quantityMeasurement": "subscription", "pricePerUnit": 0, "priceCurrency": "USD", "pricePeriod": "Month"}]
        assert priced["diff"] == {"before": {}, "after": {"name": "sandbox", "planId": free["plan"]["id"]}}

    def test_create_waits_until_active_and_returns_the_id_the_subscription_and_a_fact(self, lifecycle):
        run, _requests, state = lifecycle
        created = run.task("Create it")
        [made] = state["subscriptions"]
        assert created["changed"] is True and created["subscription_id"] == made["id"]
        assert created["subscription"]["status"] == "active" and created["subscription"]["planName"] == FREE_PLAN
        assert created["task"]["commandType"] == "fixedSubscriptionCreateRequest" and created["task"]["status"] == "processing-completed"
        assert created["ansible_facts"] == {"redis_cloud_essentials_subscription_id": made["id"]}
        assert run.task("Show the fact the module set")["msg"] == made["id"]
        statuses = [entry["status"] for entry in created["timeline"] if entry["what"] == f"Essentials subscription {made['id']}"]
        assert statuses[0] == "pending" and statuses[-1] == "active", created["timeline"]
        assert created["database_ids"] == [] and created["pricing"] is None

    def test_a_rerun_changes_nothing(self, lifecycle):
        run, _requests, _state = lifecycle
        again = run.task("Run the same task again")
        assert again["changed"] is False and again["subscription_id"] == run.task("Create it")["subscription_id"]

    def test_a_rename_is_shown_in_check_mode_then_made_in_place(self, lifecycle):
        run, _requests, _state = lifecycle
        checked, renamed = run.task("Rename it in check mode"), run.task("Rename it")
        assert checked["changed"] is True and checked["diff"] == {"before": {"name": "sandbox"}, "after": {"name": "sandbox-renamed"}}
        assert renamed["changed"] is True and renamed["subscription"]["name"] == "sandbox-renamed"

    def test_a_plan_of_another_region_is_refused_naming_the_plans_it_may_take(self, lifecycle):
        run, _requests, state = lifecycle
        movable = run.task("Find the plans it may move to")
        refused = run.task("Ask for a plan of another region")
        assert run.status("Ask for a plan of another region") == "failed"
        assert f"cannot move to plan {state['other_region_plan_id']}" in refused["msg"] and refused["msg"].endswith("Nothing was sent.")
        listed = ", ".join(f"{plan['id']} ({plan['name']})" for plan in movable["plans"])
        assert listed in refused["msg"] and {plan["region"] for plan in movable["plans"]} == {"us-east-1"}
        assert state["paid_plan_id"] in movable["plan_ids"]

    def test_a_paid_plan_without_a_card_is_refused_before_sending(self, lifecycle):
        run, _requests, _state = lifecycle
        refused = run.task("Move to a paid plan without a card")
        assert run.status("Move to a paid plan without a card") == "failed"
        assert refused["msg"].startswith("Invalid options: payment_method_id is required: plan ") and "PAYMENT_INFO_NOT_PROVIDED" in refused["msg"]

    def test_the_move_to_a_paid_plan_is_priced_in_check_mode_then_sent_with_the_card(self, lifecycle):
        run, _requests, state = lifecycle
        checked, moved = run.task("Move to the paid plan in check mode"), run.task("Move to the paid plan, paid by card")
        free_id = run.task("Find the free plan of AWS us-east-1")["plan"]["id"]
        assert checked["diff"] == {"before": {"payment_method_id": None, "plan_id": free_id},
                                   "after": {"payment_method_id": CARD, "plan_id": state["paid_plan_id"]}}
        assert [line["pricePerUnit"] for line in checked["pricing"]] == [5]
        assert moved["changed"] is True and moved["subscription"]["planId"] == state["paid_plan_id"] and moved["subscription"]["status"] == "active"
        assert moved["subscription"]["paymentMethodId"] == CARD
        assert run.task("Run the move again")["changed"] is False

    def test_delete_in_check_mode_sends_nothing_then_deletes_and_absent_stays_absent(self, lifecycle):
        run, _requests, state = lifecycle
        [made] = state["subscriptions"]
        assert run.task("Delete it in check mode")["changed"] is True
        deleted, again = run.task("Delete it"), run.task("Delete it again")
        assert deleted["changed"] is True and deleted["subscription"] is None and deleted["subscription_id"] == made["id"]
        assert again["changed"] is False and made["status"] == "deleted"

    def test_the_play_sent_exactly_these_writes_none_from_check_mode_or_a_refusal(self, lifecycle):
        run, requests, state = lifecycle
        subscription_id, free_id = state["subscriptions"][0]["id"], run.task("Find the free plan of AWS us-east-1")["plan"]["id"]
        assert writes(requests) == [
            ("POST", SUBSCRIPTIONS, {"name": "sandbox", "planId": free_id}),
            ("PUT", f"{SUBSCRIPTIONS}/{subscription_id}", {"name": "sandbox-renamed"}),
            ("PUT", f"{SUBSCRIPTIONS}/{subscription_id}", {"planId": state["paid_plan_id"], "paymentMethodId": CARD}),
            ("DELETE", f"{SUBSCRIPTIONS}/{subscription_id}", None),
        ]


@pytest.fixture(scope="module")
def cases(simulator_process) -> tuple[PlaybookRun, list[dict[str, Any]], dict[str, Any]]:
    # A marketplace-billed account; new databases take 5 s (real) to provision, so the plan change meets one pending;
    # the API refuses the first plan change once more after that (the refusal it sends while anything is pending).
    sim = fresh(simulator_process, essentials_account_billing="marketplace", essentials_database_provisioning_seconds=1000,
                faults=[{"kind": "task_error", "method": "PUT", "path": f"{SUBSCRIPTIONS}/*", "count": 1, "error_type": PLAN_CHANGE_REFUSAL}])
    existing_free = create_subscription_directly(sim, "existing-free", FREE_PLAN)
    mark = len(sim.requests())
    extra = {"free_plan_id": plan_id(sim, FREE_PLAN), "paid_plan_id": plan_id(sim, PAID_PLAN), "bigger_plan_id": plan_id(sim, FOUR_DATABASES_PLAN)}
    run = PlaybookRunner(sim).run("essentials_subscription_cases.yml", extra)
    assert run.rc == 0, run.stdout + run.stderr
    assert write_body_problems(sim, mark) == []
    return run, api_writes(sim, mark), {**sim.state(), **extra, "existing_free": existing_free}


class TestCases:
    def test_a_second_free_subscription_is_refused_naming_the_first(self, cases):
        run, _writes, state = cases
        assert run.status("Create a second free subscription") == "failed"
        message = run.task("Create a second free subscription")["msg"]
        assert f"'existing-free' (id {state['existing_free']})" in message and "FIXED_SUBSCRIPTION_ACCOUNT_ALREADY_HAS_A_FREE_PLAN" in message

    def test_a_card_without_its_id_and_the_marketplace_with_one_are_refused(self, cases):
        run, _writes, _state = cases
        assert run.status("Create on a paid plan by card without its id") == "failed"
        assert "payment_method_id is required" in run.task("Create on a paid plan by card without its id")["msg"]
        assert run.status("Create with the marketplace and a card") == "failed"
        assert "MARKETPLACE_PAYMENT_INFO_COLLISION" in run.task("Create with the marketplace and a card")["msg"]

    def test_a_marketplace_account_subscribes_to_a_paid_plan_through_the_marketplace(self, cases):
        run, _writes, state = cases
        market = run.task("Create on a paid plan through the marketplace")
        assert market["changed"] is True and market["subscription"]["paymentMethodType"] == "marketplace"
        assert "paymentMethodId" not in market["subscription"]
        assert [sub["payment_method_type"] for sub in state["essentials"]["subscriptions"] if sub["name"] == "market"] == ["marketplace"]

    def test_a_plan_change_waits_while_a_database_is_pending_and_a_refused_one_is_sent_again(self, cases):
        run, sent, state = cases
        market_id = run.task("Create on a paid plan through the marketplace")["subscription_id"]
        moved = run.task("Change its plan while the database is pending")
        timeline = [(entry["what"], entry["status"]) for entry in moved["timeline"]]
        assert (f"Essentials subscription {market_id}", "pending") in timeline
        assert ("PUT " + f"/fixed/subscriptions/{market_id}", f"refused: {PLAN_CHANGE_REFUSAL}") in timeline
        puts = [entry["body"] for entry in sent if entry["method"] == "PUT"]
        assert puts == [{"planId": state["bigger_plan_id"]}] * 2
        assert moved["subscription"]["planId"] == state["bigger_plan_id"] and moved["subscription"]["status"] == "active"
        assert state["faults"]["injected"] == {"task_error": 1}

    def test_a_subscription_with_a_database_is_deleted_only_with_delete_databases(self, cases):
        run, sent, state = cases
        market_id = run.task("Create on a paid plan through the marketplace")["subscription_id"]
        database_id = run.task("Start a database in it without waiting")["database_id"]
        in_use = run.task("Delete it while it has a database")
        assert run.status("Delete it while it has a database") == "failed"
        assert f"pending-db ({database_id})" in in_use["msg"] and in_use["failure"]["error_type"] == "SUBSCRIPTION_IN_USE"
        deleted = run.task("Delete it with its databases")
        assert deleted["changed"] is True and deleted["database_ids"] == [database_id]
        deletes = [entry["path"] for entry in sent if entry["method"] == "DELETE"]
        assert deletes == [f"{SUBSCRIPTIONS}/{market_id}/databases/{database_id}", f"{SUBSCRIPTIONS}/{market_id}"]
        assert [sub["status"] for sub in state["essentials"]["subscriptions"] if sub["id"] == market_id] == ["deleted"]

    def test_the_refused_creates_sent_nothing(self, cases):
        run, sent, _state = cases
        market_id = run.task("Create on a paid plan through the marketplace")["subscription_id"]
        assert [(entry["path"], entry["body"]["name"]) for entry in sent if entry["method"] == "POST"] == [
            (SUBSCRIPTIONS, "market"), (f"{SUBSCRIPTIONS}/{market_id}/databases", "pending-db")]
