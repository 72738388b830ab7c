# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""POST /v1/subscriptions: body validation (HTTP 400) and dry-run pricing."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Api, subscription_plan

AWS_REGION: dict[str, Any] = {"region": "us-east-1", "networking": {"deploymentCIDR": "10.0.0.0/24"}}


@pytest.mark.parametrize(("body", "error_type", "description"), [
    ({"cloudProviders": [{"regions": [AWS_REGION]}]}, "BAD_REQUEST", "body: 'databases' is a required property"),
    ({"databases": [{"name": "a"}]}, "BAD_REQUEST", "body: 'cloudProviders' is a required property"),
    (subscription_plan(memoryStorage="disk"), "BAD_REQUEST", "memoryStorage: 'disk' is not one of ['ram', 'ram-and-flash']"),
    (subscription_plan(paymentMethodId="2001"), "BAD_REQUEST", "paymentMethodId: '2001' is not of type 'integer'"),
    (subscription_plan(dryRun="yes"), "BAD_REQUEST", "dryRun: 'yes' is not of type 'boolean'"),
    (subscription_plan(cloudProviders=[{"provider": "AZURE", "regions": [AWS_REGION]}]), "BAD_REQUEST",
     "cloudProviders[0].provider: 'AZURE' is not one of ['AWS', 'GCP']"),
    (subscription_plan(databases=[{"name": "cache", "datasetSizeInGb": 0.01}]), "BAD_REQUEST",
     "databases[0].datasetSizeInGb: 0.01 is less than the minimum of 0.1"),
    (subscription_plan(databases=[{"name": "a", "throughputMeasurement": {"by": "operations-per-second"}}]),
     "BAD_REQUEST", "databases[0].throughputMeasurement: 'value' is a required property"),
    (subscription_plan(cloud_providers=[]), "UNRECOGNIZED_FIELD", "Unrecognized field 'cloud_providers'"),
    (subscription_plan(databases=[{"name": "a", "enableDefaultUser": False}]), "UNRECOGNIZED_FIELD",
     "Unrecognized field 'enableDefaultUser' in databases[0]"),
    (subscription_plan(commandType="subscriptionCreateRequest"), "UNRECOGNIZED_FIELD", "Unrecognized field 'commandType'"),
    (subscription_plan(cloudProviders=[{"regions": [{"region": "us-east-1", "networking": {"deploymentCIDR": "10.0.0.0/23"}}]}]),
     "SUBSCRIPTION_INVALID_CIDR", "cloudProviders[0].regions[0].networking.deploymentCIDR '10.0.0.0/23' must be an IPv4 range of 256 addresses (a /24)"),
    (subscription_plan(cloudProviders=[{"regions": [{"region": "us-east-1", "networking": {"deploymentCIDR": "10.0.0.300/24"}}]}]),
     "SUBSCRIPTION_INVALID_CIDR", "cloudProviders[0].regions[0].networking.deploymentCIDR '10.0.0.300/24' is not a valid CIDR"),
    (subscription_plan(cloudProviders=[{"regions": [{"region": "us-east-1", "multipleAvailabilityZones": True,
                                                     "preferredAvailabilityZones": ["use1-az1"]}]}]),
     "SUBSCRIPTION_BAD_PREFERRED_AZ_SIZE", "cloudProviders[0].regions[0].preferredAvailabilityZones must list 3 zone(s)"),
    (subscription_plan(databases=[]), "SUBSCRIPTION_MUST_HAVE_AT_LEAST_ONE_DATABASE", "databases must list at least one database"),
    (subscription_plan(databases=[{"name": "1cache"}]), "DATABASE_INVALID_NAME",
     "databases[0].name '1cache': up to 40 letters, digits and hyphens, starting with a letter and ending with a letter or digit"),
    (subscription_plan(databases=[{"name": "a", "datasetSizeInGb": 1, "memoryLimitInGb": 1}]),
     "DATABASE_SIZE_LIMIT_INVALID_TOO_MANY_MEMORY_SPECIFICATIONS", "databases[0]: set datasetSizeInGb or memoryLimitInGb, not both"),
    (subscription_plan(databases=[{"name": "a"}, {"name": "a"}]), "DATABASE_NAME_DUPLICATE",
     "database names in the creation plan must be unique"),
])
def test_invalid_create_body_answers_400(api: Api, body: dict[str, Any], error_type: str, description: str) -> None:
    answer = api.post("/subscriptions", body)
    assert answer.status_code == 400, answer.text
    assert answer.json() == {"error": {"type": error_type, "status": 400, "description": description}}
    assert api.control("GET", "state")["tasks"] == []


def test_protocol_is_optional_in_a_creation_plan(api: Api) -> None:
    # The spec lists it as required, its description says "Optional ... Default: 'redis'" (README, deviations).
    subscription_id = api.create_active_subscription(databases=[{"name": "cache", "datasetSizeInGb": 1}])
    [database_id] = api.database_ids(subscription_id)
    assert api.get(f"/subscriptions/{subscription_id}/databases/{database_id}").json()["protocol"] == "redis"


def test_body_that_is_not_json_answers_400(api: Api) -> None:
    answer = api.session.post(f"{api.url}/subscriptions", data=b"{not json", timeout=10)
    assert answer.status_code == 400 and answer.json()["error"]["type"] == "BAD_REQUEST"


def test_dry_run_returns_pricing_and_creates_nothing(api: Api) -> None:
    plan = subscription_plan(dryRun=True, databases=[
        {"name": "small", "datasetSizeInGb": 0.5, "replication": False},
        {"name": "big", "protocol": "redis", "datasetSizeInGb": 2, "quantity": 2,
         "throughputMeasurement": {"by": "operations-per-second", "value": 60000}},
    ])
    done = api.finished_task(api.post("/subscriptions", plan), 6.5)
    assert done["status"] == "processing-completed"
    assert "resourceId" not in done["response"]
    # small: 1 shard, no replica; big: 3 shards (60k ops / 25k per shard), x2 replicas, x2 databases.
    # Then Redis's own cloud account (no cloudAccountId): a MinimumPrice line, without databaseName.
    assert done["response"]["resource"]["pricing"] == [
        {"databaseName": "small", "type": "Shards", "typeDetails": "micro", "quantity": 1, "quantityMeasurement": "shards",
         "pricePerUnit": 0.027, "priceCurrency": "USD", "pricePeriod": "hour"},
        {"databaseName": "big", "type": "Shards", "typeDetails": "high-throughput", "quantity": 12,
         "quantityMeasurement": "shards", "pricePerUnit": 0.124, "priceCurrency": "USD", "pricePeriod": "hour"},
        {"type": "MinimumPrice", "quantity": 1, "quantityMeasurement": "subscription", "pricePerUnit": 0.881,
         "priceCurrency": "USD", "pricePeriod": "hour"},
    ]
    assert api.get("/subscriptions").json()["subscriptions"] == []


def test_dry_run_on_a_customer_cloud_account_lists_unpriced_infrastructure(api: Api) -> None:
    plan = subscription_plan(dryRun=True, cloudProviders=[{"cloudAccountId": 16424, "regions": [AWS_REGION]}],
                             databases=[{"name": "d", "datasetSizeInGb": 12, "replication": False,
                                         "throughputMeasurement": {"by": "operations-per-second", "value": 10000}}])
    pricing = api.finished_task(api.post("/subscriptions", plan), 6.5)["response"]["resource"]["pricing"]
    # As redis/docs' dry-run example: EBS Volume and an instance type, without databaseName or pricePerUnit.
    assert pricing[1:] == [{"type": "EBS Volume", "quantity": 137, "quantityMeasurement": "GB"},
                           {"type": "r5.xlarge", "quantity": 3, "quantityMeasurement": "instances"}]
    assert (pricing[0]["databaseName"], pricing[0]["typeDetails"], pricing[0]["quantity"]) == ("d", "small", 1)


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
