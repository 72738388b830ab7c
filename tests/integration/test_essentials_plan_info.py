"""redis_cloud_essentials_plan_info against the simulator's catalogue (recorded plans): filters, sizes with their unit,
the plans a subscription may move to, and failures. One play, run once for the module's tests."""

from __future__ import annotations

from typing import Any

import pytest
from essentials_helpers import PAID_PLAN, create_subscription_directly
from harness import PlaybookRun, PlaybookRunner

MB_PER_UNIT = {"MB": 1, "GB": 1024}


def size_mb(plan: dict[str, Any]) -> float:
    return plan["size"] * MB_PER_UNIT[plan["sizeMeasurementUnit"]]


@pytest.fixture(scope="module")
def played(simulator_process) -> tuple[PlaybookRun, list[dict[str, Any]], int]:
    sim = simulator_process
    sim.configure(**sim.default_config)
    sim.reset()
    subscription_id = create_subscription_directly(sim, "shop", PAID_PLAN)
    mark = len(sim.requests())
    run = PlaybookRunner(sim).run("essentials_plan_info.yml", {"subscription_id": subscription_id})
    assert run.rc == 0, run.stdout + run.stderr
    return run, sim.requests()[mark:], subscription_id


def test_filters_compare_sizes_with_their_unit_and_order_by_price(played):
    run, _requests, _subscription_id = played
    big = run.task("AWS plans of 1 GB or more with replication")
    assert big["plans"] and all(plan["provider"] == "AWS" and size_mb(plan) >= 1024 and plan["supportReplication"] for plan in big["plans"])
    assert {plan["sizeMeasurementUnit"] for plan in big["plans"]} == {"GB"}
    prices = [plan["price"] for plan in big["plans"]]
    assert prices == sorted(prices) and big["plan"] == big["plans"][0] and big["plan_ids"] == [plan["id"] for plan in big["plans"]]


def test_the_api_filters_are_sent_and_azure_reads_back_its_own_spelling(played):
    run, requests, _subscription_id = played
    assert {plan["provider"] for plan in run.task("Azure plans")["plans"]} == {"Azure"}
    queries = [entry["query"] for entry in requests if entry["path"] == "/v1/fixed/plans"]
    assert {"provider": "AZURE"} in queries and {"provider": "AWS"} in queries


def test_free_plans_are_the_ones_priced_zero_one_per_region(played):
    free = played[0].task("Free plans")["plans"]
    assert free and {plan["price"] for plan in free} == {0}
    assert len({(plan["provider"], plan["region"]) for plan in free}) == len(free)


def test_the_plans_a_subscription_may_move_to_are_of_its_region_and_filtered(played):
    run, requests, subscription_id = played
    movable = run.task("Plans the subscription may move to")["plans"]
    assert movable and {(plan["provider"], plan["region"]) for plan in movable} == {("AWS", "us-east-1")}
    assert all(size_mb(plan) <= 250 for plan in movable) and PAID_PLAN in {plan["name"] for plan in movable}
    assert any(entry["path"] == f"/v1/fixed/plans/subscriptions/{subscription_id}" for entry in requests)


def test_failures_name_the_option_or_the_request(played):
    run, requests, _subscription_id = played
    assert run.status("A size without its unit") == "failed"
    assert run.task("A size without its unit")["msg"].startswith("Invalid options: min_size '250' must be a size with its unit")
    assert run.status("Plans of a subscription that does not exist") == "failed"
    assert run.task("Plans of a subscription that does not exist")["failure"]["status"] == 404
    assert len([entry for entry in requests if entry["path"].startswith("/v1/fixed/plans")]) == 5
