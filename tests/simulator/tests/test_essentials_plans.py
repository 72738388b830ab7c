# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET /fixed/plans, /fixed/plans/{id}, /fixed/plans/subscriptions/{id}: the Essentials catalogue."""

from __future__ import annotations

from conftest import Api
from essentials_helpers import FREE_PLAN, PAID_PLAN, create_fixed_subscription, plan_id
from redis_cloud_simulator.account_routes import REGIONS
from redis_cloud_simulator.essentials_catalog import PLANS
from redis_cloud_simulator.spec import validate_body


def test_the_catalogue_validates_and_has_what_clients_recorded(api: Api) -> None:
    body = api.get("/fixed/plans").json()
    assert validate_body("FixedSubscriptionsPlans", body, direction="response") == []
    plans = body["plans"]
    assert len(plans) == len(PLANS) and len({plan["id"] for plan in plans}) == len(plans)
    for plan in plans:
        assert validate_body("FixedSubscriptionsPlan", plan, direction="response") == []
        assert plan["links"] == [] and isinstance(plan["connections"], str)
    # Recorded live values (terraform-provider-rediscloud datasource_rediscloud_essentials_plan_test.go).
    free = next(plan for plan in plans if plan["id"] == 34843)
    assert (free["name"], free["size"], free["sizeMeasurementUnit"], free["regionId"], free["price"]) == ("30MB", 30, "MB", 1, 0)
    assert (free["maximumThroughput"], free["connections"], free["cidrAllowRules"], len(free["supportedAlerts"])) == (100, "30", 1, 2)
    azure = next(plan for plan in plans if plan["id"] == 35008)
    assert (azure["provider"], azure["region"], azure["regionId"], azure["availability"]) == ("Azure", "west-us", 17, "Single-zone")
    assert {plan["sizeMeasurementUnit"] for plan in plans} == {"MB", "GB"}


def test_every_region_has_one_free_plan(api: Api) -> None:
    plans = api.get("/fixed/plans").json()["plans"]
    regions = {(plan["provider"], plan["region"]) for plan in plans}
    free = [(plan["provider"], plan["region"]) for plan in plans if plan["price"] == 0]
    assert sorted(free) == sorted(regions) and len(regions) == 6
    assert all(plan["name"] == "30MB" for plan in plans if plan["price"] == 0)


def test_region_ids_agree_with_get_regions() -> None:
    ids = {(region["provider"], region["name"]): region["id"] for region in REGIONS}
    for plan in PLANS:
        if plan["provider"] != "Azure":
            assert plan["regionId"] == ids[(plan["provider"], plan["region"])], plan


def test_provider_and_redis_flex_filters(api: Api) -> None:
    assert {plan["provider"] for plan in api.get("/fixed/plans?provider=GCP").json()["plans"]} == {"GCP"}
    # The query takes AZURE, the answer spells it Azure (the Terraform data source relies on both).
    assert {plan["provider"] for plan in api.get("/fixed/plans?provider=AZURE").json()["plans"]} == {"Azure"}
    flex = api.get("/fixed/plans?redisFlex=true").json()["plans"]
    assert [plan["name"] for plan in flex] == ["Redis Flex 1GB"]
    assert all(not plan["redisFlex"] for plan in api.get("/fixed/plans?provider=AWS&redisFlex=false").json()["plans"])
    for bad in ("provider=Azure", "provider=aws", "redisFlex=yes"):
        answer = api.get(f"/fixed/plans?{bad}")
        assert answer.status_code == 400, bad
    assert api.get("/fixed/plans?provider=AWS").json()["links"][0]["href"].endswith("/v1/fixed/plans?provider=AWS")


def test_plan_by_id(api: Api) -> None:
    answer = api.get(f"/fixed/plans/{PAID_PLAN}")
    assert answer.status_code == 200
    plan = answer.json()
    assert validate_body("FixedSubscriptionsPlan", plan, direction="response") == []
    assert (plan["name"], plan["price"], plan["links"][0]["rel"]) == ("250MB", 5, "self")
    assert api.get("/fixed/plans/999").status_code == 404
    assert api.get("/fixed/plans/abc").status_code == 400


def test_plans_for_a_subscription_keep_provider_region_and_availability(api: Api) -> None:
    subscription_id = create_fixed_subscription(api, plan_id("Multi-AZ 1GB"))
    body = api.get(f"/fixed/plans/subscriptions/{subscription_id}").json()
    assert validate_body("FixedSubscriptionsPlans", body, direction="response") == []
    # Like the recorded answer for a Multi-AZ subscription: only Multi-AZ plans of its region, its own included.
    assert sorted(plan["name"] for plan in body["plans"]) == ["Multi-AZ 1GB", "Multi-AZ 5GB"]
    assert {(plan["provider"], plan["region"]) for plan in body["plans"]} == {("AWS", "us-east-1")}
    free_subscription = create_fixed_subscription(api, FREE_PLAN)
    names = {plan["name"] for plan in api.get(f"/fixed/plans/subscriptions/{free_subscription}").json()["plans"]}
    assert names == {"30MB", "250MB", "Standard 250MB", "Single-Zone_1GB"}
    assert api.get("/fixed/plans/subscriptions/12345").status_code == 404
