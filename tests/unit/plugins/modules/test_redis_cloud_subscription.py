"""redis_cloud_subscription run in-process: bad input is refused before any API call."""

from __future__ import annotations

import pytest

from ansible_collections.rediscloud.api.plugins.modules.redis_cloud_subscription import main

REGION = {"region": "us-east-1"}
PLAN = {"name": "orders", "payment_method": "marketplace", "cloud_providers": [{"regions": [REGION]}],
        "databases": [{"name": "cache", "dataset_size_in_gb": 1}]}


@pytest.fixture
def args(api_server) -> dict:
    return {"api_url": api_server.url_for("/v1"), "api_key": "unit-test-account-key-0001",
            "api_secret_key": "unit-test-user-secret-0002", "poll_interval": 0.02}


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"payment_method": "credit-card"}, "payment_method_id"),
        ({"cloud_providers": [{"regions": [{"region": "us-east-1", "networking": {"deployment_cidr": "10.0.0/24"}}]}]},
         "cloud_providers[0].regions[0].networking.deployment_cidr"),
        ({"cloud_providers": [{"regions": [{"region": ""}]}]}, "cloud_providers[0].regions[0].region"),
        ({"name": None, "subscription_id": None}, "name or subscription_id"),
        ({"databases": [{"name": "9lives"}]}, "databases[0].name"),
        ({"memory_storage": "disk"}, "memory_storage"),
        ({"cloud_providers": [{"provider": "aws", "regions": [REGION]}]}, "provider"),
        ({"wait_timeout": 0, "poll_interval": 1}, "wait_timeout"),
    ],
)
def test_bad_input_fails_naming_the_option_before_any_request(api_server, run_module, args, options, named):
    run = run_module(main, {**args, **PLAN, **options})

    assert run.failed
    assert named in run.result["msg"]
    assert api_server.log == []


def test_create_without_a_plan_is_refused_after_lookup_but_before_any_write(api_server, run_module, args):
    api_server.expect_request("/v1/subscriptions", method="GET").respond_with_json({"accountId": 1, "subscriptions": []})

    run = run_module(main, {**args, "name": "orders"})

    assert run.failed
    assert "cloud_providers is required to create" in run.result["msg"]
    assert "databases (the creation plan) is required" in run.result["msg"]
    assert [entry[0].method for entry in api_server.log] == ["GET"]


def test_unknown_subscription_id_is_not_created(api_server, run_module, args):
    api_server.expect_request("/v1/subscriptions/77", method="GET").respond_with_json(
        {"error": {"type": "SUBSCRIPTION_NOT_FOUND"}}, status=404)

    run = run_module(main, {**args, **PLAN, "subscription_id": 77})

    assert run.failed
    assert "Subscription 77 was not found" in run.result["msg"]
    assert [entry[0].method for entry in api_server.log] == ["GET"]
