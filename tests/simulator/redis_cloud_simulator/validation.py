# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request body checks that the API makes before it accepts a write (HTTP 400 on failure)."""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from redis_cloud_simulator.errors import ApiError, bad_request

_DATABASE_NAME = re.compile(r"^[A-Za-z](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?$")
_ENUMS = {
    "deploymentType": ("single-region", "active-active"),
    "paymentMethod": ("credit-card", "marketplace"),
    "memoryStorage": ("ram", "ram-and-flash"),
    "persistentStorageEncryptionType": ("cloud-provider-managed-key", "customer-managed-key"),
    "provider": ("AWS", "GCP"),
    "protocol": ("redis", "memcached"),
    "dataPersistence": ("none", "aof-every-1-second", "aof-every-write", "snapshot-every-1-hour",
                        "snapshot-every-6-hours", "snapshot-every-12-hours"),
    "respVersion": ("resp2", "resp3"),
    "shardingType": ("default-regex-rules", "custom-regex-rules", "redis-oss-hashing"),
    "by": ("operations-per-second", "number-of-shards"),
}
UPDATABLE_SUBSCRIPTION_FIELDS = ("name", "paymentMethodId", "paymentMethod")


def _expect(where: str, value: Any, kind: type | tuple[type, ...], kind_name: str) -> None:
    # bool is an int in Python; JSON does not mix them.
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise bad_request(f"{where} must be {kind_name}")
    if not isinstance(value, kind):
        raise bad_request(f"{where} must be {kind_name}")


def _check_fields(where: str, body: dict[str, Any], types: dict[str, tuple[type | tuple[type, ...], str]]) -> None:
    for key, (kind, kind_name) in types.items():
        if key in body:
            _expect(f"{where}{key}", body[key], kind, kind_name)
            if key in _ENUMS and body[key] not in _ENUMS[key]:
                raise bad_request(f"{where}{key} must be one of {', '.join(_ENUMS[key])}, got {body[key]!r}")


_STRING = (str, "a string")
_BOOLEAN = (bool, "a boolean")
_INTEGER = (int, "an integer")
_NUMBER = ((int, float), "a number")
_ARRAY = (list, "an array")
_OBJECT = (dict, "an object")


def _check_networking(where: str, networking: Any) -> None:
    _expect(where, networking, dict, "an object")
    _check_fields(f"{where}.", networking, {"deploymentCIDR": _STRING, "vpcId": _STRING, "subnetIds": _ARRAY, "securityGroupId": _STRING})
    cidr = networking.get("deploymentCIDR")
    if cidr is not None:
        try:
            network = ipaddress.ip_network(cidr, strict=True)
        except ValueError:
            raise ApiError(400, "SUBSCRIPTION_INVALID_CIDR", f"{where}.deploymentCIDR {cidr!r} is not a valid CIDR") from None
        if network.version != 4 or network.num_addresses != 256:
            raise ApiError(400, "SUBSCRIPTION_INVALID_CIDR",
                           f"{where}.deploymentCIDR {cidr!r} must be an IPv4 range of 256 addresses (a /24)")


def _check_region(where: str, region: Any) -> None:
    _expect(where, region, dict, "an object")
    if "region" not in region:
        raise bad_request(f"{where}.region is required")
    _check_fields(f"{where}.", region, {"region": _STRING, "multipleAvailabilityZones": _BOOLEAN, "preferredAvailabilityZones": _ARRAY, "networking": _OBJECT})
    zones = region.get("preferredAvailabilityZones")
    if zones is not None:
        wanted = 3 if region.get("multipleAvailabilityZones") else 1
        if len(zones) != wanted:
            raise ApiError(400, "SUBSCRIPTION_BAD_PREFERRED_AZ_SIZE",
                           f"{where}.preferredAvailabilityZones must list {wanted} zone(s)")
    if "networking" in region:
        _check_networking(f"{where}.networking", region["networking"])


def _check_database(where: str, database: Any) -> None:
    _expect(where, database, dict, "an object")
    for required in ("name", "protocol"):
        if required not in database:
            raise bad_request(f"{where}.{required} is required")
    _check_fields(f"{where}.", database, {
        "name": _STRING, "protocol": _STRING, "memoryLimitInGb": _NUMBER, "datasetSizeInGb": _NUMBER,
        "supportOSSClusterApi": _BOOLEAN, "dataPersistence": _STRING, "replication": _BOOLEAN,
        "throughputMeasurement": _OBJECT, "localThroughputMeasurement": _ARRAY, "modules": _ARRAY,
        "quantity": _INTEGER, "averageItemSizeInBytes": _INTEGER, "respVersion": _STRING, "redisVersion": _STRING,
        "shardingType": _STRING, "queryPerformanceFactor": _STRING,
    })
    if not _DATABASE_NAME.match(database["name"]):
        raise ApiError(400, "DATABASE_INVALID_NAME",
                       f"{where}.name {database['name']!r}: up to 40 letters, digits and hyphens, "
                       "starting with a letter and ending with a letter or digit")
    if "memoryLimitInGb" in database and "datasetSizeInGb" in database:
        raise ApiError(400, "DATABASE_SIZE_LIMIT_INVALID_TOO_MANY_MEMORY_SPECIFICATIONS",
                       f"{where}: set datasetSizeInGb or memoryLimitInGb, not both")
    for size_key in ("memoryLimitInGb", "datasetSizeInGb"):
        if size_key in database and database[size_key] < 0.1:
            raise ApiError(400, "DATABASE_SIZE_TOO_SMALL", f"{where}.{size_key} must be at least 0.1")
    if database.get("quantity", 1) < 1:
        raise ApiError(400, "DATABASE_INVALID_QUANTITY", f"{where}.quantity must be at least 1")
    throughput = database.get("throughputMeasurement")
    if throughput is not None:
        for required in ("by", "value"):
            if required not in throughput:
                raise bad_request(f"{where}.throughputMeasurement.{required} is required")
        _check_fields(f"{where}.throughputMeasurement.", throughput, {"by": _STRING, "value": _INTEGER})
    for index, module in enumerate(database.get("modules", [])):
        if not isinstance(module, dict) or not isinstance(module.get("name"), str):
            raise bad_request(f"{where}.modules[{index}].name is required")


def check_subscription_create(body: Any) -> None:
    """SubscriptionCreateRequest: required fields, types, enums, CIDR and name formats."""
    _expect("request body", body, dict, "a JSON object")
    for required in ("cloudProviders", "databases"):
        if required not in body:
            raise bad_request(f"{required} is required")
    _check_fields("", body, {
        "name": _STRING, "dryRun": _BOOLEAN, "deploymentType": _STRING, "paymentMethod": _STRING,
        "paymentMethodId": _INTEGER, "memoryStorage": _STRING, "persistentStorageEncryptionType": _STRING,
        "cloudProviders": _ARRAY, "databases": _ARRAY, "redisVersion": _STRING,
    })
    if not body["cloudProviders"]:
        raise bad_request("cloudProviders must list one cloud provider")
    if len(body["cloudProviders"]) > 1:
        raise ApiError(400, "MULTIPLE_CLOUD_PROVIDERS_NOT_SUPPORTED", "only one cloud provider is supported")
    if not body["databases"]:
        raise ApiError(400, "SUBSCRIPTION_MUST_HAVE_AT_LEAST_ONE_DATABASE", "databases must list at least one database")
    for index, provider in enumerate(body["cloudProviders"]):
        where = f"cloudProviders[{index}]"
        _expect(where, provider, dict, "an object")
        if "regions" not in provider:
            raise bad_request(f"{where}.regions is required")
        _check_fields(f"{where}.", provider, {"provider": _STRING, "cloudAccountId": _INTEGER, "regions": _ARRAY})
        if not provider["regions"]:
            raise bad_request(f"{where}.regions must list at least one region")
        for region_index, region in enumerate(provider["regions"]):
            _check_region(f"{where}.regions[{region_index}]", region)
    names = []
    for index, database in enumerate(body["databases"]):
        _check_database(f"databases[{index}]", database)
        names.append(database["name"])
    if len(set(names)) != len(names):
        raise ApiError(400, "DATABASE_NAME_DUPLICATE", "database names in the creation plan must be unique")


def check_subscription_update(body: Any) -> None:
    """SubscriptionUpdateRequest: only name, paymentMethodId and paymentMethod can change in place."""
    _expect("request body", body, dict, "a JSON object")
    not_updatable = sorted(set(body) - set(UPDATABLE_SUBSCRIPTION_FIELDS))
    if not_updatable:
        raise bad_request(f"cannot update {', '.join(not_updatable)}: only {', '.join(UPDATABLE_SUBSCRIPTION_FIELDS)} can change")
    if not body:
        raise bad_request("the update request is empty")
    _check_fields("", body, {"name": _STRING, "paymentMethodId": _INTEGER, "paymentMethod": _STRING})
