# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of a Redis Cloud database: the argument spec, its request bodies, and the checks the spec cannot express.

Choices come from the OpenAPI schemas DatabaseCreateRequest, DatabaseUpdateRequest,
DatabaseThroughputSpec, DatabaseAlertSpec, DatabaseBackupConfig and ReplicaOfSpec. The
sub-specs and enums a subscription's creation plan shares (throughput, modules, protocols,
persistence) are defined here once. Each check returns messages that name the option at
fault, so the module refuses bad input before any API call; ranges are those the spec states.
"""

from __future__ import annotations

import ipaddress
import math
import re
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.body import pick, to_api

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

EVICTION_POLICIES = ["allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "noeviction"]
ALERT_NAMES = ["dataset-size", "datasets-size", "throughput-higher-than", "throughput-lower-than", "latency", "syncsource-error",
               "syncsource-lag", "connections-limit"]
BACKUP_INTERVALS = ["every-24-hours", "every-12-hours", "every-6-hours", "every-4-hours", "every-2-hours", "every-1-hours"]
BACKUP_STORAGE = ["aws-s3", "google-blob-storage", "azure-blob-storage", "ftp"]
UPDATE_PASSWORD = ["always", "on_create"]
PORT_RANGE = (10000, 19999)
# Database names: letters, digits and hyphens, starting with a letter and ending with a letter or digit,
# at most 40 characters (DatabaseCreateRequest.name, SubscriptionDatabaseSpec.name).
DATABASE_NAME = re.compile(r"^[A-Za-z](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?$")
NAME_RULE = "use at most 40 letters, digits and hyphens, starting with a letter and ending with a letter or digit"

THROUGHPUT_OPTION: dict[str, Any] = {
    "type": "dict",
    "options": {
        "by": {"type": "str", "required": True, "choices": THROUGHPUT_BY},
        "value": {"type": "int", "required": True},
    },
}
MODULES_OPTION: dict[str, Any] = {
    "type": "list",
    "elements": "dict",
    "options": {"name": {"type": "str", "required": True}, "parameters": {"type": "dict"}},
}

DATABASE_OPTIONS: dict[str, Any] = {
    "dataset_size_in_gb": {"type": "float"},
    "memory_limit_in_gb": {"type": "float"},
    "throughput_measurement": THROUGHPUT_OPTION,
    "query_performance_factor": {"type": "str"},
    "protocol": {"type": "str", "choices": PROTOCOLS},
    "replication": {"type": "bool"},
    "data_persistence": {"type": "str", "choices": DATA_PERSISTENCE},
    "data_eviction_policy": {"type": "str", "choices": EVICTION_POLICIES},
    "redis_version": {"type": "str"},
    "resp_version": {"type": "str", "choices": RESP_VERSIONS},
    "modules": MODULES_OPTION,
    "support_oss_cluster_api": {"type": "bool"},
    "port": {"type": "int"},
    "source_ips": {"type": "list", "elements": "str"},
    "enable_tls": {"type": "bool"},
    "client_tls_certificates": {"type": "list", "elements": "str"},
    "enable_default_user": {"type": "bool"},
    "password": {"type": "str", "no_log": True},
    "update_password": {"type": "str", "choices": UPDATE_PASSWORD, "default": "always", "no_log": False},
    "alerts": {
        "type": "list",
        "elements": "dict",
        "options": {"name": {"type": "str", "required": True, "choices": ALERT_NAMES}, "value": {"type": "int", "required": True}},
    },
    "remote_backup": {
        "type": "dict",
        "options": {
            "active": {"type": "bool", "required": True},
            "interval": {"type": "str", "choices": BACKUP_INTERVALS},
            "time_utc": {"type": "str"},
            "storage_type": {"type": "str", "choices": BACKUP_STORAGE},
            "storage_path": {"type": "str"},
        },
    },
    "replica": {
        "type": "dict",
        "options": {
            "sync_sources": {
                "type": "list",
                "elements": "dict",
                "required": True,
                "options": {
                    "endpoint": {"type": "str", "required": True},
                    "encryption": {"type": "bool"},
                    "server_cert": {"type": "str"},
                },
            },
        },
    },
    "tags": {"type": "dict"},
    "sharding_type": {"type": "str", "choices": SHARDING_TYPES},
    "regex_rules": {"type": "list", "elements": "str"},
    "average_item_size_in_bytes": {"type": "int"},
}


def database_argument_spec() -> dict[str, Any]:
    """The module's own options (auth and wait options are added by RedisCloudModule)."""
    spec: dict[str, Any] = {
        "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
        # Required, except in check mode: an earlier task of the play would create the subscription (its id is unknown).
        "subscription_id": {"type": "int"},
        "database_id": {"type": "int", "aliases": ["id"]},
        "name": {"type": "str"},
    }
    spec.update(DATABASE_OPTIONS)
    return spec


# Options whose values are URIs that may carry credentials (redis://user:PASSWORD@host:port, ftp://user:PASSWORD@host/path,
# abs://:KEY@account/container): RedisCloudModule makes their credentials secrets of the run (masked everywhere).
SECRET_URI_OPTIONS = ("replica.sync_sources[].endpoint", "remote_backup.storage_path")

REQUIRED_ONE_OF = [["name", "database_id"]]
MUTUALLY_EXCLUSIVE = [["dataset_size_in_gb", "memory_limit_in_gb"]]

# Only PUT can set these (DatabaseCreateRequest lacks them): applied right after the create.
UPDATE_ONLY = ("enable_default_user", "regex_rules")
# Not part of any body: tags have their own endpoints, update_password steers the comparison.
NOT_IN_BODIES = ("tags", "update_password")
BODY_OPTIONS = {option: spec for option, spec in DATABASE_OPTIONS.items() if option not in NOT_IN_BODIES}
# Options whose value takes another shape in the API.
CONVERT = {"client_tls_certificates": lambda pems: [{"publicCertificatePEMString": pem} for pem in pems]}


def build_create_body(params: dict[str, Any]) -> dict[str, Any]:
    """The POST .../databases body: every option set, except the update-only ones and tags."""
    body = {"name": params["name"]}
    body.update(to_api(params, {o: s for o, s in BODY_OPTIONS.items() if o not in UPDATE_ONLY}, CONVERT))
    return body


def build_update_body(options: dict[str, Any]) -> dict[str, Any]:
    """The PUT body for the given options (option -> desired value)."""
    return to_api(options, {"name": {"type": "str"}, **pick(BODY_OPTIONS, options)}, CONVERT)


_REDIS_VERSION = re.compile(r"^\d+(\.\d+){0,2}$")
_BACKUP_TIME = re.compile(r"^([01]\d|2[0-3]):00$")
_MAX_THROUGHPUT = 10**9


def validate_params(params: dict[str, Any]) -> list[str]:
    """Problems visible from the parameters alone, whatever the API holds."""
    problems: list[str] = []
    for option in ("subscription_id", "database_id"):
        value = params.get(option)
        if value is not None and not 0 < value < 2**31:
            problems.append(f"{option} must be a positive integer id, got {value}")
    name = params.get("name")
    if name is not None and not DATABASE_NAME.fullmatch(name):
        problems.append(f"name {name!r} ({len(name)} characters): {NAME_RULE}")
    for option in ("dataset_size_in_gb", "memory_limit_in_gb"):
        value = params.get(option)
        if value is not None and (not math.isfinite(value) or value < 0.1):
            problems.append(f"{option} must be a finite number of at least 0.1, got {value}")
    throughput = params.get("throughput_measurement")
    if throughput is not None and not 1 <= throughput["value"] <= _MAX_THROUGHPUT:
        problems.append(f"throughput_measurement.value must be between 1 and {_MAX_THROUGHPUT}, got {throughput['value']}")
    port = params.get("port")
    if port is not None and not PORT_RANGE[0] <= port <= PORT_RANGE[1]:
        problems.append(f"port must be between {PORT_RANGE[0]} and {PORT_RANGE[1]}, got {port}")
    problems.extend(_source_ip_problems(params.get("source_ips")))
    version = params.get("redis_version")
    if version is not None and not _REDIS_VERSION.fullmatch(version):
        problems.append(f"redis_version must look like 7.4 or 7.2.4, got {version!r}")
    size = params.get("average_item_size_in_bytes")
    if size is not None and size < 1:
        problems.append(f"average_item_size_in_bytes must be at least 1, got {size}")
    if params.get("protocol") == "memcached" and params.get("password") is not None:
        problems.append("password can only be set for protocol redis (the API sets a SASL password for memcached)")
    if params.get("password") is not None and not params["password"]:
        problems.append("password must not be empty")
    for index, alert in enumerate(params.get("alerts") or []):
        if alert["value"] < 0:
            problems.append(f"alerts[{index}].value must not be negative, got {alert['value']}")
    problems.extend(_backup_problems(params.get("remote_backup")))
    if params.get("regex_rules") is not None and params.get("sharding_type") not in (None, "custom-regex-rules"):
        problems.append("regex_rules apply only with sharding_type custom-regex-rules")
    for index, module in enumerate(params.get("modules") or []):
        if not module["name"].strip():
            problems.append(f"modules[{index}].name must not be empty")
    tags = params.get("tags") or {}
    if any(not isinstance(key, str) or not key.strip() for key in tags):
        problems.append("tags keys must be non-empty strings")
    if any(value is None or isinstance(value, (dict, list)) for value in tags.values()):
        problems.append("tags values must be strings")
    return problems


def validate_create(params: dict[str, Any]) -> list[str]:
    """Problems that matter only when the database has to be created."""
    problems: list[str] = []
    if not params.get("name"):
        problems.append("name is required to create a database")
    if params.get("dataset_size_in_gb") is None and params.get("memory_limit_in_gb") is None:
        problems.append("dataset_size_in_gb (or memory_limit_in_gb) is required to create a database")
    return problems


def _source_ip_problems(source_ips: list[str] | None) -> list[str]:
    problems = []
    for index, value in enumerate(source_ips or []):
        try:
            ipaddress.ip_network(value.strip(), strict=False)
        except ValueError:
            problems.append(f"source_ips[{index}] {value!r} is not an IP address or CIDR network")
    return problems


def _backup_problems(backup: dict[str, Any] | None) -> list[str]:
    if not backup or not backup.get("active"):
        return []
    problems = [f"remote_backup.{option} is required when remote_backup.active is true"
                for option in ("interval", "storage_type", "storage_path") if not backup.get(option)]
    time_utc = backup.get("time_utc")
    if time_utc is not None:
        if not _BACKUP_TIME.fullmatch(time_utc):
            problems.append(f"remote_backup.time_utc must be a whole hour such as 14:00, got {time_utc!r}")
        elif backup.get("interval") not in ("every-12-hours", "every-24-hours"):
            problems.append("remote_backup.time_utc applies only with interval every-12-hours or every-24-hours")
    return problems
