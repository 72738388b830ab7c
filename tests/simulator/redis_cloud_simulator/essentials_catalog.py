# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Essentials (fixed) plans the simulated account may subscribe to: GET /fixed/plans.

Field names and values come from recorded plans: RedisLabs/rediscloud-go-api fixed_plans_test.go and
fixed_plans_subscriptions_test.go (answers of the staging API), and the live values the Terraform provider's
acceptance tests assert (terraform-provider-rediscloud provider/datasource_rediscloud_essentials_plan_test.go:
plan 34843 "30MB" AWS us-east-1, 34858 "250MB" AWS us-east-1, 35008 "Single-Zone_Persistence_1GB" Azure west-us).
Plan ids that were recorded keep their id; the others are numbered from 40000. An Azure plan reads back
`"provider": "Azure"` although the query parameter is `AZURE` (the Terraform data source upper-cases the
filter it sends and compares the answer with "Azure").

Every region has a free plan ("30MB", price 0; the Terraform test "ambiguous" finds more than one "30MB").
One plan is not recorded anywhere: "Standard 250MB" (AWS us-east-1) allows 4 databases; every recorded plan
allows 1, while the spec's AccountFixedSubscriptionDatabases example lists two databases in one 250 MB
Essentials subscription. The Redis Flex plan is not recorded either (the spec's redisFlex field and filter).
"""

from __future__ import annotations

from typing import Any

PROVIDER_FILTERS = {"AWS": "AWS", "GCP": "GCP", "AZURE": "Azure"}  # ?provider= value -> the answer's provider
ALL_ALERTS = ("datasets-size", "throughput-higher-than", "throughput-lower-than", "latency", "connections-limit")
MULTI_ZONE = "Multi-zone"

# name -> the fields every plan of that name shares (recorded values, see the module docstring).
_TEMPLATES: dict[str, dict[str, Any]] = {
    "30MB": {"size": 30, "sizeMeasurementUnit": "MB", "price": 0, "maximumDatabases": 1, "maximumThroughput": 100,
             "maximumBandwidthGB": 5, "availability": "No replication", "connections": "30", "cidrAllowRules": 1,
             "supportDataPersistence": False, "supportInstantAndDailyBackups": False, "supportReplication": False,
             "supportClustering": False, "supportSsl": False, "supportedAlerts": ["datasets-size", "throughput-higher-than"],
             "customerSupport": "Basic"},
    "250MB": {"size": 250, "sizeMeasurementUnit": "MB", "price": 5, "maximumDatabases": 1, "maximumThroughput": 1000,
              "maximumBandwidthGB": 100, "availability": "No replication", "connections": "256", "cidrAllowRules": 4,
              "supportDataPersistence": False, "supportInstantAndDailyBackups": True, "supportReplication": False,
              "supportClustering": False, "supportSsl": False, "supportedAlerts": list(ALL_ALERTS), "customerSupport": "Standard"},
    "Standard 250MB": {"size": 250, "sizeMeasurementUnit": "MB", "price": 10, "maximumDatabases": 4, "maximumThroughput": 1000,
                       "maximumBandwidthGB": 100, "availability": "No replication", "connections": "256", "cidrAllowRules": 4,
                       "supportDataPersistence": True, "supportInstantAndDailyBackups": True, "supportReplication": False,
                       "supportClustering": False, "supportSsl": False, "supportedAlerts": list(ALL_ALERTS),
                       "customerSupport": "Standard"},
    "Single-Zone_1GB": {"size": 1, "sizeMeasurementUnit": "GB", "price": 23, "maximumDatabases": 1, "maximumThroughput": 2000,
                        "maximumBandwidthGB": 200, "availability": "Single-zone", "connections": "1024", "cidrAllowRules": 8,
                        "supportDataPersistence": False, "supportInstantAndDailyBackups": True, "supportReplication": True,
                        "supportClustering": False, "supportSsl": True, "supportedAlerts": list(ALL_ALERTS),
                        "customerSupport": "Standard"},
    "Single-Zone_Persistence_1GB": {"size": 1, "sizeMeasurementUnit": "GB", "price": 27, "maximumDatabases": 1,
                                    "maximumThroughput": 2000, "maximumBandwidthGB": 200, "availability": "Single-zone",
                                    "connections": "1024", "cidrAllowRules": 8, "supportDataPersistence": True,
                                    "supportInstantAndDailyBackups": True, "supportReplication": True, "supportClustering": False,
                                    "supportSsl": True, "supportedAlerts": list(ALL_ALERTS), "customerSupport": "Standard"},
    "Multi-AZ 1GB": {"size": 1, "sizeMeasurementUnit": "GB", "price": 22, "maximumDatabases": 1, "maximumThroughput": 2000,
                     "maximumBandwidthGB": 200, "availability": MULTI_ZONE, "connections": "1024", "cidrAllowRules": 8,
                     "supportDataPersistence": True, "supportInstantAndDailyBackups": True, "supportReplication": True,
                     "supportClustering": False, "supportSsl": True, "supportedAlerts": list(ALL_ALERTS), "customerSupport": "Standard"},
    "Multi-AZ 5GB": {"size": 5, "sizeMeasurementUnit": "GB", "price": 100, "maximumDatabases": 1, "maximumThroughput": 10000,
                     "maximumBandwidthGB": 1000, "availability": MULTI_ZONE, "connections": "unlimited", "cidrAllowRules": 16,
                     "supportDataPersistence": True, "supportInstantAndDailyBackups": True, "supportReplication": True,
                     "supportClustering": False, "supportSsl": True,
                     "supportedAlerts": ["datasets-size", "latency", "throughput-higher-than", "throughput-lower-than"],
                     "customerSupport": "Standard"},
    "Redis Flex 1GB": {"size": 1, "sizeMeasurementUnit": "GB", "price": 5, "maximumDatabases": 1, "maximumThroughput": 2000,
                       "maximumBandwidthGB": 200, "availability": "Single-zone", "connections": "1024", "cidrAllowRules": 8,
                       "supportDataPersistence": True, "supportInstantAndDailyBackups": True, "supportReplication": False,
                       "supportClustering": False, "supportSsl": True, "supportedAlerts": list(ALL_ALERTS),
                       "customerSupport": "Standard", "redisFlex": True},
}
# regionId: AWS ids recorded (us-east-1 1, us-west-1 2, eu-west-1 4: the Go client's plan fixtures); GCP ids as
# GET /v1/regions numbers them (account_routes.REGIONS); Azure west-us 17 recorded (Terraform test, plan 35008).
_REGION_IDS = {("AWS", "us-east-1"): 1, ("AWS", "us-west-1"): 2, ("AWS", "eu-west-1"): 4, ("GCP", "europe-west1"): 25,
               ("GCP", "us-central1"): 32, ("Azure", "west-us"): 17}
# (provider, region) -> [(plan name, recorded id or None)]
_OFFER: dict[tuple[str, str], list[tuple[str, int | None]]] = {
    ("AWS", "us-east-1"): [("30MB", 34843), ("250MB", 34858), ("Standard 250MB", None), ("Single-Zone_1GB", None),
                           ("Multi-AZ 1GB", 98181), ("Multi-AZ 5GB", 98183), ("Redis Flex 1GB", None)],
    ("AWS", "us-west-1"): [("30MB", None), ("250MB", None), ("Single-Zone_1GB", 34944), ("Multi-AZ 1GB", None)],
    ("AWS", "eu-west-1"): [("30MB", None), ("250MB", None), ("Single-Zone_1GB", 34947), ("Multi-AZ 5GB", None)],
    ("GCP", "us-central1"): [("30MB", None), ("250MB", None), ("Single-Zone_1GB", None), ("Multi-AZ 1GB", None)],
    ("GCP", "europe-west1"): [("30MB", None), ("250MB", None)],
    ("Azure", "west-us"): [("30MB", None), ("250MB", None), ("Single-Zone_Persistence_1GB", 35008)],
}


def _build() -> tuple[dict[str, Any], ...]:
    plans, next_id = [], 40000
    for (provider, region), offer in _OFFER.items():
        for name, recorded_id in offer:
            plan_id = recorded_id if recorded_id is not None else next_id
            next_id += 0 if recorded_id is not None else 1
            template = _TEMPLATES[name]
            plans.append({"id": plan_id, "name": name, "size": template["size"],
                          "sizeMeasurementUnit": template["sizeMeasurementUnit"], "provider": provider, "region": region,
                          "regionId": _REGION_IDS[(provider, region)], "price": template["price"], "priceCurrency": "USD",
                          "pricePeriod": "Month", **{key: template[key] for key in (
                              "maximumDatabases", "maximumThroughput", "maximumBandwidthGB", "availability", "connections",
                              "cidrAllowRules", "supportDataPersistence")},
                          "redisFlex": template.get("redisFlex", False),
                          **{key: template[key] for key in (
                              "supportInstantAndDailyBackups", "supportReplication", "supportClustering", "supportSsl",
                              "supportedAlerts", "customerSupport")}})
    return tuple(plans)


PLANS: tuple[dict[str, Any], ...] = _build()
_BY_ID = {plan["id"]: plan for plan in PLANS}


def find_plan(plan_id: int) -> dict[str, Any] | None:
    return _BY_ID.get(plan_id)


def is_free(plan: dict[str, Any]) -> bool:
    return plan["price"] == 0


def plan_memory_gb(plan: dict[str, Any]) -> float:
    return plan["size"] / 1024 if plan["sizeMeasurementUnit"] == "MB" else float(plan["size"])


def listed_plans(provider: str | None, redis_flex: bool | None) -> list[dict[str, Any]]:
    """GET /fixed/plans: `provider` is the answer's spelling (AWS, GCP, Azure)."""
    return [plan for plan in PLANS if (provider is None or plan["provider"] == provider)
            and (redis_flex is None or plan["redisFlex"] == redis_flex)]


def compatible_plans(current: dict[str, Any]) -> list[dict[str, Any]]:
    """GET /fixed/plans/subscriptions/{id}: the plans a subscription may move to, its own included.

    Same provider and region, same availability class (multi-zone or not) and the same Redis Flex kind: the
    recorded answer for a Multi-AZ subscription lists only Multi-AZ plans of its region
    (RedisLabs/rediscloud-go-api fixed_plans_subscriptions_test.go), and the spec's error codes refuse the rest.
    """
    return [plan for plan in PLANS if plan_change_refusal(current, plan) is None]


def plan_change_refusal(current: dict[str, Any], target: dict[str, Any]) -> str | None:
    """The spec's error code that refuses moving from `current` to `target`, None when allowed."""
    if target["provider"] != current["provider"]:
        return "FIXED_MISMATCH_BETWEEN_REQUEST_PLAN_CLOUD_PROVIDER_AND_SUBSCRIPTION_CLOUD_PROVIDER"
    if target["region"] != current["region"]:
        return "FIXED_MISMATCH_BETWEEN_REQUEST_PLAN_REGION_AND_SUBSCRIPTION_REGION"
    if current["redisFlex"] and not target["redisFlex"]:
        return "REDIS_FLEX_PLAN_CANNOT_BE_UPDATED_TO_NON_REDIS_FLEX"
    if target["redisFlex"] and not current["redisFlex"]:
        return "NON_REDIS_FLEX_PLAN_CANNOT_BE_UPDATED_TO_REDIS_FLEX_PLAN"
    if current["availability"] != MULTI_ZONE and target["availability"] == MULTI_ZONE:
        return "FIXED_SUBSCRIPTION_PLAN_CANNOT_CHANGED_FROM_AVAILABILITY_OF_SINGLE_ZONE_OR_NO_REPLICATION_TO_MULTI_ZONE"
    if current["availability"] == MULTI_ZONE and target["availability"] != MULTI_ZONE:
        return "FIXED_SUBSCRIPTION_PLAN_CANNOT_CHANGED_FROM_AVAILABILITY_OF_MULTI_ZONE_TO_SINGLE_ZONE_OR_NO_REPLICATION"
    return None
