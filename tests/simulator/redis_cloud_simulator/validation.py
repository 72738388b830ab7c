# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request body checks that the API makes before it accepts a write (HTTP 400 on failure).

First the vendored spec's schema (redis_cloud_simulator.spec, with its documented deviations): a field
the schema does not name is refused as UNRECOGNIZED_FIELD, as the live API does (redis/redisctl issue
#424: {"error":{"type":"UNRECOGNIZED_FIELD","status":400,"description":"Unrecognized field 'cloud_providers'"}}).
Then the rules the spec states in words (CIDR size, zone count, name format, ...), with its error codes.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from redis_cloud_simulator.catalog import MODULES
from redis_cloud_simulator.errors import ApiError, bad_request
from redis_cloud_simulator.spec import validate_body

DATABASE_NAME = re.compile(r"^[A-Za-z](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?$")
_UNEXPECTED = re.compile(r"^(?P<where>\S+): Additional properties are not allowed \((?P<names>.*) (?:was|were) unexpected\)$")


def check_schema(schema_name: str, body: Any) -> None:
    """400 unless `body` is a valid `schema_name` request of the vendored spec."""
    if not isinstance(body, dict):
        raise bad_request("the request body must be a JSON object")
    problems = validate_body(schema_name, body)
    for problem in problems:
        unexpected = _UNEXPECTED.match(problem)
        if unexpected:
            name = re.findall(r"'([^']+)'", unexpected.group("names"))[0]
            where = unexpected.group("where")
            raise ApiError(400, "UNRECOGNIZED_FIELD", f"Unrecognized field '{name}'" + ("" if where == "body" else f" in {where}"))
    if problems:
        raise bad_request("; ".join(problems))


def check_database_name(where: str, name: str) -> None:
    if not DATABASE_NAME.match(name):
        raise ApiError(400, "DATABASE_INVALID_NAME",
                       f"{where}.name {name!r}: up to 40 letters, digits and hyphens, "
                       "starting with a letter and ending with a letter or digit")


def check_database_sizes(where: str, database: dict[str, Any]) -> None:
    if "memoryLimitInGb" in database and "datasetSizeInGb" in database:
        raise ApiError(400, "DATABASE_SIZE_LIMIT_INVALID_TOO_MANY_MEMORY_SPECIFICATIONS",
                       f"{where}: set datasetSizeInGb or memoryLimitInGb, not both")


def check_modules(where: str, database: dict[str, Any]) -> None:
    names = [module["name"] for module in database.get("modules", [])]
    for name in names:
        if name not in MODULES:
            raise ApiError(400, "DATABASE_INVALID_MODULE", f"{where}.modules: {name!r} is not one of {', '.join(MODULES)}")
    if len(set(names)) != len(names):
        raise ApiError(400, "DATABASE_MODULE_MUST_BE_DEFINED_ONCE", f"{where}.modules: each module may be listed once")
    if names and database.get("protocol") == "memcached":
        raise ApiError(400, "DATABASE_MEMCACHED_CONTAINS_MODULES", f"{where}: a memcached database has no modules")


def _check_networking(where: str, networking: dict[str, Any]) -> None:
    cidr = networking.get("deploymentCIDR")
    if cidr is None:
        return
    try:
        network = ipaddress.ip_network(cidr, strict=True)
    except ValueError:
        raise ApiError(400, "SUBSCRIPTION_INVALID_CIDR", f"{where}.deploymentCIDR {cidr!r} is not a valid CIDR") from None
    if network.version != 4 or network.num_addresses != 256:
        raise ApiError(400, "SUBSCRIPTION_INVALID_CIDR", f"{where}.deploymentCIDR {cidr!r} must be an IPv4 range of 256 addresses (a /24)")


def _check_region(where: str, region: dict[str, Any]) -> None:
    zones = region.get("preferredAvailabilityZones")
    if zones is not None:
        wanted = 3 if region.get("multipleAvailabilityZones") else 1
        if len(zones) != wanted:
            raise ApiError(400, "SUBSCRIPTION_BAD_PREFERRED_AZ_SIZE", f"{where}.preferredAvailabilityZones must list {wanted} zone(s)")
    if "networking" in region:
        _check_networking(f"{where}.networking", region["networking"])


def check_subscription_create(body: Any) -> None:
    """SubscriptionCreateRequest: the schema, then one provider, CIDR and zone rules, database names."""
    check_schema("SubscriptionCreateRequest", body)
    if not body["cloudProviders"]:
        raise bad_request("cloudProviders must list one cloud provider")
    if len(body["cloudProviders"]) > 1:
        raise ApiError(400, "MULTIPLE_CLOUD_PROVIDERS_NOT_SUPPORTED", "only one cloud provider is supported")
    if not body["databases"]:
        raise ApiError(400, "SUBSCRIPTION_MUST_HAVE_AT_LEAST_ONE_DATABASE", "databases must list at least one database")
    for index, provider in enumerate(body["cloudProviders"]):
        if not provider["regions"]:
            raise bad_request(f"cloudProviders[{index}].regions must list at least one region")
        for region_index, region in enumerate(provider["regions"]):
            _check_region(f"cloudProviders[{index}].regions[{region_index}]", region)
    names = []
    for index, database in enumerate(body["databases"]):
        check_database_name(f"databases[{index}]", database["name"])
        check_database_sizes(f"databases[{index}]", database)
        check_modules(f"databases[{index}]", database)
        if database.get("quantity", 1) < 1:
            raise ApiError(400, "DATABASE_INVALID_QUANTITY", f"databases[{index}].quantity must be at least 1")
        names.append(database["name"])
    if len(set(names)) != len(names):
        raise ApiError(400, "DATABASE_NAME_DUPLICATE", "database names in the creation plan must be unique")


def check_subscription_update(body: Any) -> None:
    """BaseSubscriptionUpdateRequest: a SubscriptionUpdateRequest, or a SubscriptionUpdateCMKRequest (keys)."""
    is_keys = isinstance(body, dict) and "customerManagedKeys" in body
    check_schema("SubscriptionUpdateCMKRequest" if is_keys else "SubscriptionUpdateRequest", body)
    if not body:
        raise bad_request("the update request is empty")


def check_database_create(body: Any) -> None:
    """DatabaseCreateRequest. Update-only fields (enableDefaultUser, regexRules) are not in its schema:
    UNRECOGNIZED_FIELD."""
    check_schema("DatabaseCreateRequest", body)
    check_database_name("body", body["name"])
    check_database_sizes("body", body)
    check_modules("body", body)
    port = body.get("port")
    if port is not None and not 10000 <= port <= 19999:
        raise ApiError(400, "DATABASE_PORT_INVALID_VALUE", f"port {port} must be between 10000 and 19999")
    if body.get("protocol") == "memcached" and "password" in body:
        raise ApiError(400, "DATABASE_MEMCACHED_CONTAINS_REDIS_PASSWORD", "a memcached database takes saslPassword, not password")


def check_database_update(body: Any) -> None:
    """DatabaseUpdateRequest. What cannot change after create (protocol, port, modules, shardingType,
    averageItemSizeInBytes) is not in its schema: UNRECOGNIZED_FIELD, as the API refuses unknown fields."""
    check_schema("DatabaseUpdateRequest", body)
    if "name" in body:
        check_database_name("body", body["name"])
    check_database_sizes("body", body)
