# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of redis_cloud_subscription and their mapping to the API's camelCase bodies.

Choices come from the OpenAPI schemas SubscriptionCreateRequest, SubscriptionSpec,
SubscriptionRegionSpec, SubscriptionRegionNetworkingSpec and SubscriptionDatabaseSpec.
"""

from __future__ import annotations

from typing import Any

DEPLOYMENT_TYPES = ["single-region", "active-active"]
PAYMENT_METHODS = ["credit-card", "marketplace"]
MEMORY_STORAGES = ["ram", "ram-and-flash"]
ENCRYPTION_TYPES = ["cloud-provider-managed-key", "customer-managed-key"]
PROVIDERS = ["AWS", "GCP"]
PROTOCOLS = ["redis", "memcached"]
DATA_PERSISTENCE = [
    "none",
    "aof-every-1-second",
    "aof-every-write",
    "snapshot-every-1-hour",
    "snapshot-every-6-hours",
    "snapshot-every-12-hours",
]
THROUGHPUT_BY = ["operations-per-second", "number-of-shards"]
RESP_VERSIONS = ["resp2", "resp3"]
SHARDING_TYPES = ["default-regex-rules", "custom-regex-rules", "redis-oss-hashing"]

# Option names whose camelCase form is not the mechanical conversion.
_API_NAME_OVERRIDES = {
    "deployment_cidr": "deploymentCIDR",
    "support_oss_cluster_api": "supportOSSClusterApi",
}

NETWORKING_OPTIONS: dict[str, Any] = {
    "deployment_cidr": {"type": "str"},
    "vpc_id": {"type": "str"},
    "subnet_ids": {"type": "list", "elements": "str"},
    "security_group_id": {"type": "str"},
}

REGION_OPTIONS: dict[str, Any] = {
    "region": {"type": "str", "required": True},
    "multiple_availability_zones": {"type": "bool"},
    "preferred_availability_zones": {"type": "list", "elements": "str"},
    "networking": {"type": "dict", "options": NETWORKING_OPTIONS},
}

CLOUD_PROVIDER_OPTIONS: dict[str, Any] = {
    "provider": {"type": "str", "choices": PROVIDERS},
    "cloud_account_id": {"type": "int"},
    "regions": {"type": "list", "elements": "dict", "required": True, "options": REGION_OPTIONS},
}

DATABASE_OPTIONS: dict[str, Any] = {
    "name": {"type": "str", "required": True},
    # The spec marks protocol required although its text says it defaults to redis.
    "protocol": {"type": "str", "choices": PROTOCOLS, "default": "redis"},
    "dataset_size_in_gb": {"type": "float"},
    "support_oss_cluster_api": {"type": "bool"},
    "data_persistence": {"type": "str", "choices": DATA_PERSISTENCE},
    "replication": {"type": "bool"},
    "throughput_measurement": {
        "type": "dict",
        "options": {
            "by": {"type": "str", "required": True, "choices": THROUGHPUT_BY},
            "value": {"type": "int", "required": True},
        },
    },
    "local_throughput_measurement": {
        "type": "list",
        "elements": "dict",
        "options": {
            "region": {"type": "str", "required": True},
            "write_operations_per_second": {"type": "int"},
            "read_operations_per_second": {"type": "int"},
        },
    },
    "modules": {
        "type": "list",
        "elements": "dict",
        "options": {
            "name": {"type": "str", "required": True},
            "parameters": {"type": "dict"},
        },
    },
    "quantity": {"type": "int"},
    "average_item_size_in_bytes": {"type": "int"},
    "query_performance_factor": {"type": "str"},
    "resp_version": {"type": "str", "choices": RESP_VERSIONS},
    "redis_version": {"type": "str"},
    "sharding_type": {"type": "str", "choices": SHARDING_TYPES},
}

# Top-level options that go into the create body, in the order the API documents them.
CREATE_OPTIONS: dict[str, Any] = {
    "name": {"type": "str"},
    "deployment_type": {"type": "str", "choices": DEPLOYMENT_TYPES},
    "payment_method": {"type": "str", "choices": PAYMENT_METHODS},
    "payment_method_id": {"type": "int"},
    "memory_storage": {"type": "str", "choices": MEMORY_STORAGES},
    "persistent_storage_encryption_type": {"type": "str", "choices": ENCRYPTION_TYPES},
    "redis_version": {"type": "str"},
    "cloud_providers": {"type": "list", "elements": "dict", "options": CLOUD_PROVIDER_OPTIONS},
    "databases": {"type": "list", "elements": "dict", "options": DATABASE_OPTIONS},
}

# What PUT /subscriptions/{id} can change in place (SubscriptionUpdateRequest).
UPDATABLE_OPTIONS = ("name", "payment_method_id", "payment_method")


def subscription_argument_spec() -> dict[str, Any]:
    """The module's own options (auth and wait options are added by RedisCloudModule)."""
    spec: dict[str, Any] = {
        "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
        "subscription_id": {"type": "int", "aliases": ["id"]},
        "delete_databases": {"type": "bool", "default": False},
    }
    spec.update(CREATE_OPTIONS)
    return spec


# Passed to AnsibleModule: checked before the module does anything else.
REQUIRED_ONE_OF = [["name", "subscription_id"]]
REQUIRED_IF = [["payment_method", "credit-card", ["payment_method_id"]]]


def api_name(option: str) -> str:
    """snake_case option name -> the API's camelCase field name."""
    if option in _API_NAME_OVERRIDES:
        return _API_NAME_OVERRIDES[option]
    head, *rest = option.split("_")
    return head + "".join(part.capitalize() for part in rest)


def to_api(value: Any, options: dict[str, Any]) -> Any:
    """Map validated option values to the API's shape, driven by the argument spec.

    Unset (None) values are left out so the API applies its own defaults. Dicts
    without declared suboptions (module parameters) pass through untouched.
    """
    if isinstance(value, list):
        return [to_api(item, options) for item in value]
    body: dict[str, Any] = {}
    for option, option_spec in options.items():
        item = value.get(option)
        if item is None:
            continue
        suboptions = option_spec.get("options")
        body[api_name(option)] = to_api(item, suboptions) if suboptions else item
    return body


def build_create_body(params: dict[str, Any], dry_run: bool = False) -> dict[str, Any]:
    """The POST /subscriptions body for the module's parameters."""
    body = to_api(params, CREATE_OPTIONS)
    if dry_run:
        body["dryRun"] = True
    return body


def build_update_body(desired: dict[str, Any]) -> dict[str, Any]:
    """The PUT /subscriptions/{id} body for the in-place changes in desired (option -> value)."""
    return {api_name(option): value for option, value in desired.items() if option in UPDATABLE_OPTIONS}
