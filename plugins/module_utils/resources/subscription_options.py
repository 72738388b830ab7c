# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of a Pro subscription: the argument spec, its request bodies, and the checks the spec cannot express.

Choices come from the OpenAPI schemas SubscriptionCreateRequest, SubscriptionSpec,
SubscriptionRegionSpec, SubscriptionRegionNetworkingSpec and SubscriptionDatabaseSpec;
the creation plan's database options share their sub-specs with the database's own.
Every check returns messages naming the option at fault, so the module refuses bad
input before it makes any API call.
"""

from __future__ import annotations

import difflib
import ipaddress
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.body import pick, to_api
from ansible_collections.rediscloud.api.plugins.module_utils.resources.account import LOOKUPS, keep_provider, parse_lookup
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_options import (
    DATA_PERSISTENCE,
    DATABASE_NAME,
    MODULES_OPTION,
    NAME_RULE,
    PROTOCOLS,
    RESP_VERSIONS,
    SHARDING_TYPES,
    THROUGHPUT_OPTION,
)

DEPLOYMENT_TYPES = ["single-region", "active-active"]
PAYMENT_METHODS = ["credit-card", "marketplace"]
MEMORY_STORAGES = ["ram", "ram-and-flash"]
ENCRYPTION_TYPES = ["cloud-provider-managed-key", "customer-managed-key"]
PROVIDERS = ["AWS", "GCP"]

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
    "throughput_measurement": THROUGHPUT_OPTION,
    "local_throughput_measurement": {
        "type": "list",
        "elements": "dict",
        "options": {
            "region": {"type": "str", "required": True},
            "write_operations_per_second": {"type": "int"},
            "read_operations_per_second": {"type": "int"},
        },
    },
    "modules": MODULES_OPTION,
    "quantity": {"type": "int"},
    "average_item_size_in_bytes": {"type": "int"},
    "query_performance_factor": {"type": "str"},
    "resp_version": {"type": "str", "choices": RESP_VERSIONS},
    "redis_version": {"type": "str"},
    "sharding_type": {"type": "str", "choices": SHARDING_TYPES},
}

WEEK_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# SubscriptionMaintenanceWindowsSpec / MaintenanceWindowSpec: the spec's ranges ("Up to 7", "between '0' and '23'",
# "4-24 hours (or 8-24 hours if using 'ram-and-flash')").
MAX_WINDOWS, HOURS, DURATIONS, FLASH_MIN_DURATION = 7, (0, 23), (4, 24), 8
MAINTENANCE_WINDOWS_OPTION: dict[str, Any] = {
    "type": "dict",
    "options": {
        "mode": {"type": "str", "required": True, "choices": ["automatic", "manual"]},
        "windows": {"type": "list", "elements": "dict", "options": {
            "start_hour": {"type": "int", "required": True},
            "duration_in_hours": {"type": "int", "required": True},
            "days": {"type": "list", "elements": "str", "required": True, "choices": WEEK_DAYS},
        }},
    },
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
    spec["maintenance_windows"] = MAINTENANCE_WINDOWS_OPTION
    return spec


# Passed to AnsibleModule: checked before the module does anything else.
REQUIRED_ONE_OF = [["name", "subscription_id"]]
REQUIRED_IF = [["payment_method", "credit-card", ["payment_method_id"]]]


def build_create_body(params: dict[str, Any]) -> dict[str, Any]:
    """The POST /subscriptions body for the module's parameters."""
    return to_api(params, CREATE_OPTIONS)


def maintenance_windows_body(value: dict[str, Any]) -> dict[str, Any]:
    """The PUT .../maintenance-windows body (SubscriptionMaintenanceWindowsSpec): automatic mode takes no windows."""
    return to_api(value if value["mode"] == "manual" else {"mode": value["mode"]}, MAINTENANCE_WINDOWS_OPTION["options"])


def build_update_body(desired: dict[str, Any]) -> dict[str, Any]:
    """The PUT /subscriptions/{id} body for the in-place changes in desired (option -> value)."""
    return to_api(desired, pick(CREATE_OPTIONS, [option for option in desired if option in UPDATABLE_OPTIONS]))


_REDIS_INTERNAL_CLOUD_ACCOUNT = 1


def validate_params(params: dict[str, Any]) -> list[str]:
    """Problems visible from the parameters alone, whatever the API holds."""
    problems: list[str] = []
    name = params.get("name")
    if name is None and params.get("subscription_id") is None:
        problems.append("one of name or subscription_id is required")
    if name is not None and not name.strip():
        problems.append("name must not be empty")
    subscription_id = params.get("subscription_id")
    if subscription_id is not None and subscription_id <= 0:
        problems.append(f"subscription_id must be a positive integer, got {subscription_id}")
    payment_method_id = params.get("payment_method_id")
    if payment_method_id is not None and payment_method_id <= 0:
        problems.append(f"payment_method_id must be a positive integer, got {payment_method_id}")
    if params.get("cloud_providers") is not None:
        problems.extend(_validate_cloud_providers(params["cloud_providers"], params.get("deployment_type")))
    if params.get("databases") is not None:
        problems.extend(_validate_databases(params["databases"]))
    if params.get("maintenance_windows") is not None:
        problems.extend(_validate_maintenance_windows(params["maintenance_windows"], params.get("memory_storage")))
    return problems


def _validate_maintenance_windows(value: dict[str, Any], memory_storage: str | None) -> list[str]:
    where, windows = "maintenance_windows", value.get("windows") or []
    if value["mode"] == "manual" and not windows:
        return [f"{where}.windows must list at least one window with mode manual"]
    if value["mode"] == "automatic" and windows:
        return [f"{where}.windows must not be set with mode automatic"]
    problems = [f"{where}.windows lists {len(windows)} windows; at most {MAX_WINDOWS}"] if len(windows) > MAX_WINDOWS else []
    shortest = FLASH_MIN_DURATION if memory_storage == "ram-and-flash" else DURATIONS[0]
    for index, window in enumerate(windows):
        if not HOURS[0] <= window["start_hour"] <= HOURS[1]:
            problems.append(f"{where}.windows[{index}].start_hour must be between {HOURS[0]} and {HOURS[1]}, got {window['start_hour']}")
        if not shortest <= window["duration_in_hours"] <= DURATIONS[1]:
            flash = " on a ram-and-flash subscription" if shortest == FLASH_MIN_DURATION else ""
            problems.append(f"{where}.windows[{index}].duration_in_hours must be between {shortest} and {DURATIONS[1]}{flash}, "
                            f"got {window['duration_in_hours']}")
        if not window["days"]:
            problems.append(f"{where}.windows[{index}].days must list at least one day")
        elif len(set(window["days"])) != len(window["days"]):
            problems.append(f"{where}.windows[{index}].days lists a day twice")
    return problems


def validate_create(params: dict[str, Any]) -> list[str]:
    """Problems that matter only when the subscription has to be created."""
    problems: list[str] = []
    if not params.get("name"):
        # Without a name a re-run could not find what this run created.
        problems.append("name is required to create a subscription")
    if not params.get("cloud_providers"):
        problems.append("cloud_providers is required to create a subscription")
    if not params.get("databases"):
        problems.append("databases (the creation plan) is required to create a subscription")
    return problems


def _validate_cloud_providers(cloud_providers: list[dict[str, Any]], deployment_type: str | None) -> list[str]:
    problems: list[str] = []
    active_active = deployment_type == "active-active"
    if not cloud_providers:
        problems.append("cloud_providers must list at least one cloud provider")
    region_count = 0
    for p_index, provider in enumerate(cloud_providers):
        where = f"cloud_providers[{p_index}]"
        account = provider.get("cloud_account_id")
        if provider.get("provider") == "GCP" and account not in (None, _REDIS_INTERNAL_CLOUD_ACCOUNT):
            problems.append(f"{where}.cloud_account_id: a GCP subscription can only use the Redis internal cloud account (1), got {account}")
        regions = provider.get("regions") or []
        if not regions:
            problems.append(f"{where}.regions must list at least one region")
        region_count += len(regions)
        for r_index, region in enumerate(regions):
            problems.extend(_validate_region(region, f"{where}.regions[{r_index}]", active_active))
    if not active_active and (len(cloud_providers) > 1 or region_count > 1):
        problems.append("cloud_providers: a single-region subscription takes exactly one provider with one region; "
                        "set deployment_type=active-active for several regions")
    return problems


def _validate_region(region: dict[str, Any], where: str, active_active: bool) -> list[str]:
    problems: list[str] = []
    if not (region.get("region") or "").strip():
        problems.append(f"{where}.region must not be empty")
    zones = region.get("preferred_availability_zones")
    if zones is not None:
        expected = 3 if region.get("multiple_availability_zones") else 1
        if len(zones) != expected:
            problems.append(f"{where}.preferred_availability_zones must list {expected} zone(s) "
                            f"when multiple_availability_zones is {expected == 3}, got {len(zones)}")
        if any(not zone.strip() for zone in zones):
            problems.append(f"{where}.preferred_availability_zones must not contain empty zone ids")
    networking = region.get("networking") or {}
    cidr = networking.get("deployment_cidr")
    if cidr is not None:
        problem = _cidr_problem(cidr)
        if problem:
            problems.append(f"{where}.networking.deployment_cidr: {problem}")
    elif active_active:
        problems.append(f"{where}.networking.deployment_cidr is required for an active-active subscription")
    if any(not subnet.strip() for subnet in networking.get("subnet_ids") or []):
        problems.append(f"{where}.networking.subnet_ids must not contain empty ids")
    return problems


def _cidr_problem(cidr: str) -> str | None:
    """Why cidr is not the IPv4 /24 (256 addresses) network the API asks for, or None."""
    try:
        network = ipaddress.ip_network(cidr.strip(), strict=True)
    except ValueError as exc:
        return f"{cidr!r} is not a valid CIDR network ({exc})"
    if network.version != 4 or network.prefixlen != 24:
        return f"{cidr!r} must be an IPv4 network of 256 addresses (a /24)"
    return None


def _validate_databases(databases: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if not databases:
        problems.append("databases must list at least one database")
    seen: set[str] = set()
    for index, database in enumerate(databases):
        where = f"databases[{index}]"
        name = database.get("name") or ""
        if not DATABASE_NAME.fullmatch(name):
            problems.append(f"{where}.name {name!r} ({len(name)} characters): {NAME_RULE}")
        if name in seen:
            problems.append(f"{where}.name {name!r} is used twice in the plan")
        seen.add(name)
        size = database.get("dataset_size_in_gb")
        if size is not None and size < 0.1:
            problems.append(f"{where}.dataset_size_in_gb must be at least 0.1, got {size}")
        for option in ("quantity", "average_item_size_in_bytes"):
            value = database.get(option)
            if value is not None and value < 1:
                problems.append(f"{where}.{option} must be at least 1, got {value}")
        throughput = database.get("throughput_measurement")
        if throughput is not None and throughput["value"] < 1:
            problems.append(f"{where}.throughput_measurement.value must be at least 1, got {throughput['value']}")
        for m_index, module in enumerate(database.get("modules") or []):
            if not module["name"].strip():
                problems.append(f"{where}.modules[{m_index}].name must not be empty")
    return problems


def wanted_regions(params: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Provider -> (where, region name) of every region the create asks for (AWS when the provider is not given)."""
    wanted: dict[str, list[tuple[str, str]]] = {}
    for p_index, provider in enumerate(params.get("cloud_providers") or []):
        for r_index, region in enumerate(provider.get("regions") or []):
            where = f"cloud_providers[{p_index}].regions[{r_index}].region"
            wanted.setdefault(provider.get("provider") or "AWS", []).append((where, region["region"]))
    return wanted


def region_problems(wanted: dict[str, list[tuple[str, str]]], answer: Any) -> list[str]:
    """The regions asked for that GET /regions does not list for their provider, each with the closest listed names."""
    regions = parse_lookup(LOOKUPS["regions"], answer)
    problems = []
    for provider, asked in wanted.items():
        listed = [str(region.get("name")) for region in keep_provider(regions, provider)]
        for where, name in asked:
            if name not in listed:
                close = difflib.get_close_matches(name, listed, n=3, cutoff=0.6)
                hint = f" (did you mean {' or '.join(close)}?)" if close else f" (the account offers {len(listed)}: GET /regions lists them)"
                problems.append(f"{where} {name!r} is not one of the account's {provider} regions{hint}")
    return problems
