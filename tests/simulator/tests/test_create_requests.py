# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""POST /v1/subscriptions: body validation (HTTP 400) and dry-run pricing."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Api, subscription_plan

AWS_REGION: dict[str, Any] = {"region": "us-east-1", "networking": {"deploymentCIDR": "10.0.0.0/24"}}


@pytest.mark.parametrize(("body", "error_type", "mentions"), [
    ({"cloudProviders": [{"regions": [AWS_REGION]}]}, "BAD_REQUEST", "databases"),
    ({"databases": [{"name": "a", "protocol": "redis"}]}, "BAD_REQUEST", "cloudProviders"),
    (subscription_plan(memoryStorage="disk"), "BAD_REQUEST", "memoryStorage"),
    (subscription_plan(paymentMethodId="2001"), "BAD_REQUEST", "paymentMethodId"),
    (subscription_plan(dryRun="yes"), "BAD_REQUEST", "dryRun"),
    (subscription_plan(cloudProviders=[{"provider": "AZURE", "regions": [AWS_REGION]}]), "BAD_REQUEST", "provider"),
    (subscription_plan(cloudProviders=[{"regions": [{"region": "us-east-1", "networking": {"deploymentCIDR": "10.0.0.0/23"}}]}]),
     "SUBSCRIPTION_INVALID_CIDR", "256"),
    (subscription_plan(cloudProviders=[{"regions": [{"region": "us-east-1", "networking": {"deploymentCIDR": "10.0.0.300/24"}}]}]),
     "SUBSCRIPTION_INVALID_CIDR", "10.0.0.300/24"),
    (subscription_plan(cloudProviders=[{"regions": [{"region": "us-east-1", "multipleAvailabilityZones": True,
                                                     "preferredAvailabilityZones": ["use1-az1"]}]}]),
     "SUBSCRIPTION_BAD_PREFERRED_AZ_SIZE", "3 zone"),
    (subscription_plan(databases=[]), "SUBSCRIPTION_MUST_HAVE_AT_LEAST_ONE_DATABASE", "at least one"),
    (subscription_plan(databases=[{"name": "1cache", "protocol": "redis"}]), "DATABASE_INVALID_NAME", "1cache"),
    (subscription_plan(databases=[{"name": "cache"}]), "BAD_REQUEST", "protocol"),
    (subscription_plan(databases=[{"name": "cache", "protocol": "redis", "datasetSizeInGb": 0.01}]),
     "DATABASE_SIZE_TOO_SMALL", "0.1"),
    (subscription_plan(databases=[{"name": "a", "protocol": "redis"}, {"name": "a", "protocol": "redis"}]),
     "DATABASE_NAME_DUPLICATE", "unique"),
    (subscription_plan(databases=[{"name": "a", "protocol": "redis", "throughputMeasurement": {"by": "operations-per-second"}}]),
     "BAD_REQUEST", "value"),
])
def test_invalid_create_body_answers_400(api: Api, body: dict[str, Any], error_type: str, mentions: str) -> None:
    answer = api.post("/subscriptions", body)
    assert answer.status_code == 400, answer.text
    error = answer.json()["error"]
    assert (error["type"], error["status"]) == (error_type, "400 BAD_REQUEST")
    assert mentions in error["description"]
    assert api.control("GET", "state")["tasks"] == []


def test_body_that_is_not_json_answers_400(api: Api) -> None:
    answer = api.session.post(f"{api.url}/subscriptions", data=b"{not json", timeout=10)
    assert answer.status_code == 400 and answer.json()["error"]["type"] == "BAD_REQUEST"


def test_dry_run_returns_pricing_and_creates_nothing(api: Api) -> None:
    plan = subscription_plan(dryRun=True, databases=[
        {"name": "small", "protocol": "redis", "datasetSizeInGb": 1, "replication": False},
        {"name": "big", "protocol": "redis", "datasetSizeInGb": 2, "quantity": 2,
         "throughputMeasurement": {"by": "operations-per-second", "value": 60000}},
    ])
    task = api.post("/subscriptions", plan).json()
    api.wait(6.5)
    done = api.task(task["taskId"])
    assert done["status"] == "processing-completed"
    assert "resourceId" not in done["response"]
    pricing = done["response"]["resource"]["pricing"]
    # small: 1 shard, no replica; big: 3 shards (60k ops / 25k per shard), x2 replicas, x2 databases.
    assert [(line["databaseName"], line["quantity"]) for line in pricing] == [("small", 1), ("big", 12)]
    assert set(pricing[0]) == {"databaseName", "type", "typeDetails", "quantity", "quantityMeasurement",
                               "pricePerUnit", "priceCurrency", "pricePeriod"}
    assert (pricing[0]["priceCurrency"], pricing[0]["pricePeriod"], pricing[0]["quantityMeasurement"]) == ("USD", "hour", "shards")
    assert api.get("/subscriptions").json()["subscriptions"] == []


def test_credit_card_without_payment_method_fails_the_task(api: Api) -> None:
    plan = subscription_plan()
    del plan["paymentMethodId"]
    task = api.post("/subscriptions", plan).json()
    api.wait(6.5)
    failed = api.task(task["taskId"])
    assert failed["status"] == "processing-error"
    assert failed["response"]["error"]["type"] == "PAYMENT_INFO_NOT_PROVIDED"


def test_marketplace_needs_no_payment_method(api: Api) -> None:
    plan = subscription_plan(paymentMethod="marketplace")
    del plan["paymentMethodId"]
    task = api.post("/subscriptions", plan).json()
    api.wait(6.5)
    assert api.task(task["taskId"])["status"] == "processing-completed"
