"""Essentials plans: the strict reading of GET /fixed/plans, the filters (sizes with their unit), and the order.

Plans shaped like RedisLabs/rediscloud-go-api fixed_plans_test.go (34858 "250MB" AWS us-east-1) and the Terraform
provider's live values (34843 "30MB", 35008 Azure "Single-Zone_Persistence_1GB" reading "provider": "Azure").
"""

from __future__ import annotations

from typing import Any

import pytest
from scripted_api import ScriptedClient

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import MalformedResponseError, RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.resources.essentials_plan import (
    PLAN_INFO_ARGUMENT_SPEC,
    read_plans,
    size_in_mb,
    validate_params,
)


def plan(plan_id: int, name: str, size: float, unit: str, price: int, provider: str = "AWS", region: str = "us-east-1", **fields: Any) -> dict[str, Any]:
    return {"id": plan_id, "name": name, "size": size, "sizeMeasurementUnit": unit, "provider": provider, "region": region, "price": price,
            "priceCurrency": "USD", "pricePeriod": "Month", "availability": "No replication", "supportReplication": False,
            "supportSsl": False, "redisFlex": False, **fields}


FREE = plan(34843, "30MB", 30, "MB", 0)
SMALL = plan(34858, "250MB", 250, "MB", 5)
GIGABYTE = plan(34944, "Single-Zone_1GB", 1, "GB", 23, region="us-west-1", availability="Single-zone", supportReplication=True, supportSsl=True)
AZURE = plan(35008, "Single-Zone_Persistence_1GB", 1, "GB", 27, provider="Azure", region="west-us", supportReplication=True)
CATALOGUE = {"plans": [GIGABYTE, SMALL, AZURE, FREE], "links": []}


def params(**options: Any) -> dict[str, Any]:
    return {**dict.fromkeys(PLAN_INFO_ARGUMENT_SPEC), **options}


def read(client: ScriptedClient | None = None, **options: Any) -> dict[str, Any]:
    return read_plans(client or ScriptedClient({("GET", "/fixed/plans"): [CATALOGUE]}), params(**options))


@pytest.mark.parametrize(("text", "mb"), [
    ("250MB", 250), ("1GB", 1024), ("1.5 gb", 1536), ("2TB", 2 * 1024 * 1024), ("250", None), ("MB", None), ("1PB", None)])
def test_a_size_is_a_number_with_its_unit(text, mb):
    assert size_in_mb(text) == mb


def test_sizes_without_a_unit_are_refused_before_any_request():
    assert validate_params(params(min_size="250")) == ["min_size '250' must be a size with its unit, such as 250MB or 1GB (units: MB, GB, TB)"]
    assert validate_params(params(min_size="250MB", max_size="1GB")) == []


def test_every_plan_cheapest_first_then_smallest():
    result = read()
    assert result["plan_ids"] == [34843, 34858, 34944, 35008] and result["plan"] == FREE and result["changed"] is False


@pytest.mark.parametrize(("options", "ids"), [
    ({"max_price": 0}, [34843]),
    ({"min_size": "250MB", "max_size": "1GB"}, [34858, 34944, 35008]),  # 1 GB is 1024 MB, more than 250 MB although 1 < 250
    ({"min_size": "1GB"}, [34944, 35008]),
    ({"max_size": "0.5GB"}, [34843, 34858]),
    ({"provider": "AZURE"}, [35008]),  # the answer says Azure
    ({"region": "US-EAST-1"}, [34843, 34858]),
    ({"availability": "single-zone"}, [34944]),
    ({"support_replication": True, "support_ssl": True}, [34944]),
    ({"support_replication": False}, [34843, 34858]),
    ({"name": "250mb"}, [34858]),
    ({"plan_id": 35008}, [35008]),
    ({"region": "us-east-1", "min_size": "1GB"}, []),
])
def test_filters(options, ids):
    result = read(**options)
    assert result["plan_ids"] == ids and result["plan"] == (result["plans"][0] if ids else None)


def test_the_api_filters_are_sent_and_a_subscription_reads_its_own_plans():
    client = ScriptedClient({("GET", "/fixed/plans"): [CATALOGUE], ("GET", "/fixed/plans/subscriptions/7"): [{"plans": [SMALL, FREE]}]})
    read(client, provider="AWS", redis_flex=False)
    assert client.params[-1] == {"provider": "AWS", "redisFlex": "false"}
    assert read(client, subscription_id=7)["plan_ids"] == [34843, 34858] and client.params[-1] is None


@pytest.mark.parametrize("answer", [{"links": []}, {"plans": {}}, {"plans": ["x"]}, []])
def test_other_answer_shapes_are_refused(answer):
    with pytest.raises(MalformedResponseError):
        read(ScriptedClient({("GET", "/fixed/plans"): [answer]}))


def test_a_size_unit_the_module_does_not_know_fails_only_a_size_filter():
    odd = {"plans": [plan(1, "odd", 3, "Slabs", 1), SMALL]}
    assert read(ScriptedClient({("GET", "/fixed/plans"): [odd]}))["plan_ids"] == [1, 34858]
    with pytest.raises(RedisCloudError, match="cannot be compared"):
        read(ScriptedClient({("GET", "/fixed/plans"): [odd]}), min_size="1MB")
