"""Input checks of redis_cloud_subscription made before any API call."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription_options import validate_create, validate_params

REGION = {"region": "us-east-1", "multiple_availability_zones": None, "preferred_availability_zones": None,
          "networking": {"deployment_cidr": "10.0.0.0/24", "vpc_id": None, "subnet_ids": None, "security_group_id": None}}
PROVIDER = {"provider": "AWS", "cloud_account_id": None, "regions": [REGION]}
DATABASE = {"name": "cache", "dataset_size_in_gb": 1, "quantity": None, "average_item_size_in_bytes": None,
            "throughput_measurement": None, "modules": None}


def params(**overrides) -> dict:
    base = {"name": "orders", "subscription_id": None, "payment_method_id": None, "deployment_type": None,
            "cloud_providers": [copy.deepcopy(PROVIDER)], "databases": [dict(DATABASE)]}
    base.update(overrides)
    return base


def test_valid_parameters_pass():
    assert validate_params(params()) == []
    assert validate_create(params()) == []


@pytest.mark.parametrize("cidr", ["10.0.0.0/33", "10.0.0.1/24", "not-a-cidr", "10.0.0.0/16", "fd00::/120"])
def test_malformed_deployment_cidr_is_refused_naming_the_option(cidr):
    p = params()
    p["cloud_providers"][0]["regions"][0]["networking"]["deployment_cidr"] = cidr
    [problem] = validate_params(p)
    assert problem.startswith("cloud_providers[0].regions[0].networking.deployment_cidr:")
    assert cidr in problem


def test_empty_region_is_refused():
    p = params()
    p["cloud_providers"][0]["regions"][0]["region"] = "  "
    assert validate_params(p) == ["cloud_providers[0].regions[0].region must not be empty"]


def test_provider_without_regions_is_refused():
    p = params(cloud_providers=[{"provider": "AWS", "cloud_account_id": None, "regions": []}])
    assert "cloud_providers[0].regions must list at least one region" in validate_params(p)


def test_single_region_subscription_takes_one_region_only():
    p = params()
    p["cloud_providers"][0]["regions"].append(dict(REGION, region="us-west-2"))
    [problem] = validate_params(p)
    assert "single-region" in problem and "active-active" in problem
    assert validate_params(dict(p, deployment_type="active-active")) == []


def test_active_active_requires_a_deployment_cidr_per_region():
    p = params(deployment_type="active-active")
    p["cloud_providers"][0]["regions"][0]["networking"] = None
    assert validate_params(p) == ["cloud_providers[0].regions[0].networking.deployment_cidr is required for an active-active subscription"]


def test_preferred_zones_must_match_multiple_availability_zones():
    p = params()
    region = p["cloud_providers"][0]["regions"][0]
    region.update(multiple_availability_zones=True, preferred_availability_zones=["a"])
    [problem] = validate_params(p)
    assert "preferred_availability_zones must list 3 zone(s)" in problem


def test_gcp_refuses_a_customer_cloud_account():
    p = params(cloud_providers=[dict(PROVIDER, provider="GCP", cloud_account_id=55)])
    [problem] = validate_params(p)
    assert problem.startswith("cloud_providers[0].cloud_account_id:") and "55" in problem


@pytest.mark.parametrize("name", ["1cache", "cache-", "ca_che", "x" * 41, ""])
def test_bad_database_names_are_refused(name):
    p = params(databases=[dict(DATABASE, name=name)])
    [problem] = validate_params(p)
    assert problem.startswith("databases[0].name")


def test_duplicate_database_names_and_bad_sizes_are_all_reported():
    too_small = dict(DATABASE, dataset_size_in_gb=0.05, quantity=0, throughput_measurement={"by": "operations-per-second", "value": 0})
    p = params(databases=[dict(DATABASE), too_small])
    problems = validate_params(p)
    assert "databases[1].name 'cache' is used twice in the plan" in problems
    assert "databases[1].dataset_size_in_gb must be at least 0.1, got 0.05" in problems
    assert "databases[1].quantity must be at least 1, got 0" in problems
    assert "databases[1].throughput_measurement.value must be at least 1, got 0" in problems


def test_empty_name_and_non_positive_ids_are_refused():
    problems = validate_params(params(name=" ", subscription_id=0, payment_method_id=-1))
    assert problems == ["name must not be empty", "subscription_id must be a positive integer, got 0",
                        "payment_method_id must be a positive integer, got -1"]


def test_name_or_subscription_id_is_required():
    assert validate_params(params(name=None)) == ["one of name or subscription_id is required"]
    assert validate_params(params(name=None, subscription_id=5)) == []


def test_create_needs_name_cloud_providers_and_databases():
    problems = validate_create(params(name=None, cloud_providers=None, databases=None))
    assert [p.split(" ")[0] for p in problems] == ["name", "cloud_providers", "databases"]
