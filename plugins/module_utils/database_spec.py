# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of redis_cloud_database and their mapping to the API's bodies.

Choices come from the OpenAPI schemas DatabaseCreateRequest, DatabaseUpdateRequest,
DatabaseThroughputSpec, DatabaseAlertSpec, DatabaseBackupConfig and ReplicaOfSpec.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.subscription_spec import (
    DATA_PERSISTENCE,
    PROTOCOLS,
    RESP_VERSIONS,
    SHARDING_TYPES,
    THROUGHPUT_BY,
)

EVICTION_POLICIES = ["allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "noeviction"]
ALERT_NAMES = ["dataset-size", "datasets-size", "throughput-higher-than", "throughput-lower-than", "latency", "syncsource-error",
               "syncsource-lag", "connections-limit"]
BACKUP_INTERVALS = ["every-24-hours", "every-12-hours", "every-6-hours", "every-4-hours", "every-2-hours", "every-1-hours"]
BACKUP_STORAGE = ["aws-s3", "google-blob-storage", "azure-blob-storage", "ftp"]
UPDATE_PASSWORD = ["always", "on_create"]
PORT_RANGE = (10000, 19999)

DATABASE_OPTIONS: dict[str, Any] = {
    "dataset_size_in_gb": {"type": "float"},
    "memory_limit_in_gb": {"type": "float"},
    "throughput_measurement": {
        "type": "dict",
        "options": {
            "by": {"type": "str", "required": True, "choices": THROUGHPUT_BY},
            "value": {"type": "int", "required": True},
        },
    },
    "query_performance_factor": {"type": "str"},
    "protocol": {"type": "str", "choices": PROTOCOLS},
    "replication": {"type": "bool"},
    "data_persistence": {"type": "str", "choices": DATA_PERSISTENCE},
    "data_eviction_policy": {"type": "str", "choices": EVICTION_POLICIES},
    "redis_version": {"type": "str"},
    "resp_version": {"type": "str", "choices": RESP_VERSIONS},
    "modules": {
        "type": "list",
        "elements": "dict",
        "options": {"name": {"type": "str", "required": True}, "parameters": {"type": "dict"}},
    },
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
        "subscription_id": {"type": "int", "required": True},
        "database_id": {"type": "int", "aliases": ["id"]},
        "name": {"type": "str"},
    }
    spec.update(DATABASE_OPTIONS)
    return spec


REQUIRED_ONE_OF = [["name", "database_id"]]
MUTUALLY_EXCLUSIVE = [["dataset_size_in_gb", "memory_limit_in_gb"]]

# Option -> the API's field in a create or update body, where not the mechanical camelCase.
_API_NAMES = {
    "source_ips": "sourceIp",
    "support_oss_cluster_api": "supportOSSClusterApi",
    "time_utc": "timeUTC",
}
# Only PUT can set these (DatabaseCreateRequest lacks them): applied right after the create.
UPDATE_ONLY = ("enable_default_user", "regex_rules")


def api_name(option: str) -> str:
    if option in _API_NAMES:
        return _API_NAMES[option]
    head, *rest = option.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _camel(value: dict[str, Any]) -> dict[str, Any]:
    return {api_name(key): item for key, item in value.items() if item is not None}


def body_value(option: str, value: Any) -> Any:
    """An option's value in the API's shape."""
    if option == "client_tls_certificates":
        return [{"publicCertificatePEMString": pem} for pem in value]
    if option == "replica":
        return {"syncSources": [_camel(source) for source in value["sync_sources"]]}
    if option in ("remote_backup", "throughput_measurement"):
        return _camel(value)
    if option in ("alerts", "modules"):
        return [_camel(item) for item in value]
    return value


BODY_KEYS = {option: ("clientTlsCertificates" if option == "client_tls_certificates" else api_name(option))
             for option in DATABASE_OPTIONS if option not in ("tags", "update_password")}


def build_create_body(params: dict[str, Any]) -> dict[str, Any]:
    """The POST /subscriptions/{id}/databases body: every option set, except the update-only ones and tags."""
    body: dict[str, Any] = {"name": params["name"]}
    for option, key in BODY_KEYS.items():
        value = params.get(option)
        if value is not None and option not in UPDATE_ONLY:
            body[key] = body_value(option, value)
    return body


def build_update_body(options: dict[str, Any]) -> dict[str, Any]:
    """The PUT body for the given options (option -> desired value)."""
    return {BODY_KEYS.get(option, api_name(option)): body_value(option, value) for option, value in options.items()}
