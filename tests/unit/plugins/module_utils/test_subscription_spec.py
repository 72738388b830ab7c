"""Option spec and snake_case -> camelCase body mapping of redis_cloud_subscription."""

from __future__ import annotations

import jsonschema
from redis_cloud_simulator.spec import load_spec, validate_body

from ansible_collections.rediscloud.api.plugins.module_utils.engine.body import api_name
from ansible_collections.rediscloud.api.plugins.module_utils.resources import subscription_options as spec


def full_params() -> dict:
    return {
        "name": "orders",
        "deployment_type": "single-region",
        "payment_method": "credit-card",
        "payment_method_id": 42,
        "memory_storage": "ram",
        "persistent_storage_encryption_type": "cloud-provider-managed-key",
        "redis_version": "7.2",
        "state": "present",
        "subscription_id": None,
        "delete_databases": False,
        "cloud_providers": [{
            "provider": "AWS",
            "cloud_account_id": 1,
            "regions": [{
                "region": "us-east-1",
                "multiple_availability_zones": False,
                "preferred_availability_zones": ["use1-az1"],
                "networking": {"deployment_cidr": "10.0.0.0/24", "vpc_id": None, "subnet_ids": None, "security_group_id": None},
            }],
        }],
        "databases": [{
            "name": "cache",
            "protocol": "redis",
            "dataset_size_in_gb": 1.5,
            "support_oss_cluster_api": True,
            "data_persistence": "aof-every-1-second",
            "replication": True,
            "throughput_measurement": {"by": "operations-per-second", "value": 10000},
            "local_throughput_measurement": None,
            "modules": [{"name": "RedisJSON", "parameters": {"options": {"level": 1}}}],
            "quantity": 2,
            "average_item_size_in_bytes": None,
            "query_performance_factor": None,
            "resp_version": "resp3",
            "redis_version": None,
            "sharding_type": None,
        }],
    }


def test_api_name_converts_snake_case_and_honours_irregular_names():
    assert api_name("payment_method_id") == "paymentMethodId"
    assert api_name("deployment_cidr") == "deploymentCIDR"
    assert api_name("support_oss_cluster_api") == "supportOSSClusterApi"
    assert api_name("name") == "name"


def test_create_body_maps_every_level_and_drops_unset_values():
    body = spec.build_create_body(full_params())
    assert body == {
        "name": "orders",
        "deploymentType": "single-region",
        "paymentMethod": "credit-card",
        "paymentMethodId": 42,
        "memoryStorage": "ram",
        "persistentStorageEncryptionType": "cloud-provider-managed-key",
        "redisVersion": "7.2",
        "cloudProviders": [{
            "provider": "AWS",
            "cloudAccountId": 1,
            "regions": [{
                "region": "us-east-1",
                "multipleAvailabilityZones": False,
                "preferredAvailabilityZones": ["use1-az1"],
                "networking": {"deploymentCIDR": "10.0.0.0/24"},
            }],
        }],
        "databases": [{
            "name": "cache",
            "protocol": "redis",
            "datasetSizeInGb": 1.5,
            "supportOSSClusterApi": True,
            "dataPersistence": "aof-every-1-second",
            "replication": True,
            "throughputMeasurement": {"by": "operations-per-second", "value": 10000},
            # module parameters are the API's own keys: passed through unconverted
            "modules": [{"name": "RedisJSON", "parameters": {"options": {"level": 1}}}],
            "quantity": 2,
            "respVersion": "resp3",
        }],
    }
    assert "state" not in body and "deleteDatabases" not in body


def test_the_create_body_carries_no_dry_run_flag():
    """The dry run is the engine's (a declared capability of the resource), never part of the body."""
    params = full_params()
    assert "dryRun" not in spec.build_create_body(params)


def test_update_body_keeps_only_in_place_fields():
    body = spec.build_update_body({"name": "new", "payment_method_id": 7, "memory_storage": "ram-and-flash"})
    assert body == {"name": "new", "paymentMethodId": 7}


def _schema_props(openapi: dict, name: str) -> dict:
    return openapi["components"]["schemas"][name]["properties"]


def _check_against_schema(openapi: dict, options: dict, schema: str, deprecated_ok: set[str]) -> None:
    props = _schema_props(openapi, schema)
    writable = {k for k, v in props.items() if not v.get("readOnly") and k not in ("dryRun",)}
    mapped = {api_name(option) for option in options}
    # every option maps to a real field, and every settable field has an option
    assert mapped - set(props) == set(), f"{schema}: options without a field"
    assert writable - mapped - deprecated_ok == set(), f"{schema}: fields without an option"
    for option, option_spec in options.items():
        enum = props[api_name(option)].get("enum")
        if enum and option_spec.get("type") == "str":
            assert sorted(option_spec["choices"]) == sorted(enum), f"{schema}.{option} choices"


def test_options_cover_the_spec_schemas_and_use_their_enums():
    openapi = load_spec()
    _check_against_schema(openapi, spec.CREATE_OPTIONS, "SubscriptionCreateRequest", set())
    _check_against_schema(openapi, spec.CLOUD_PROVIDER_OPTIONS, "SubscriptionSpec", set())
    _check_against_schema(openapi, spec.REGION_OPTIONS, "SubscriptionRegionSpec", set())
    _check_against_schema(openapi, spec.NETWORKING_OPTIONS, "SubscriptionRegionNetworkingSpec", set())
    # memoryLimitInGb is deprecated in favour of datasetSizeInGb
    _check_against_schema(openapi, spec.DATABASE_OPTIONS, "SubscriptionDatabaseSpec", {"memoryLimitInGb"})
    _check_against_schema(openapi, spec.DATABASE_OPTIONS["throughput_measurement"]["options"], "DatabaseThroughputSpec", set())
    _check_against_schema(openapi, spec.DATABASE_OPTIONS["local_throughput_measurement"]["options"], "LocalThroughput", set())
    update = _schema_props(openapi, "SubscriptionUpdateRequest")
    assert {api_name(o) for o in spec.UPDATABLE_OPTIONS} == {k for k, v in update.items() if not v.get("readOnly")}


def test_create_body_validates_against_the_spec_schema():
    openapi = load_spec()
    schema = {"$ref": "#/components/schemas/SubscriptionCreateRequest", "components": openapi["components"]}
    jsonschema.validate({**spec.build_create_body(full_params()), "dryRun": True}, schema)
    assert validate_body("SubscriptionCreateRequest", {**spec.build_create_body(full_params()), "dryRun": True}) == []
