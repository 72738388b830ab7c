# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET .../databases/{id}: the read-back of a Pro database.

Shaped like the spec's Database example and RedisLabs/rediscloud-go-api database_test.go TestDatabase_Get
(recorded from the live API): both sizes, endpoints with the port, clustering with regex rules, and the
security block WITH the password, as the live API sends it (a client must never show it).

What the API does to what it was given (docs/dev/normalisation-evidence.md) is played here, under the
read-back config keys (read_back_settings.py): Redis 8 lists every bundled module, a 12-hourly backup set
for an afternoon hour reads the morning hour, replica sources read back as replicaOf.endpoints, client
certificates only as booleans, server-added alert and query performance factor, regex rules out of order,
and a settling change shows its status phases.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from redis_cloud_simulator.catalog import (BUNDLED_MODULES_ORDER, DEFAULT_REDIS_VERSION, DEFAULT_REGEX_RULES,
                                           HASHING_POLICIES, MODULE_IDS, MODULES, version_key)
from redis_cloud_simulator.pricing import database_shards
from redis_cloud_simulator.read_back_settings import READ_BACK_DEFAULTS
from redis_cloud_simulator.state import SETTLING_DATABASE_STATUSES, Database, Subscription

Iso = Callable[[float], str]
# The dataset-size alert the API adds, and its default (redis-developer/redis-cloud-rs
# tests/fixtures/cloud/samples/pro_database.json: {"id": "222333-1", "name": "dataset-size", "value": 80, "defaultValue": 80}).
DEFAULT_ALERT = {"name": "dataset-size", "value": 80}
ALERT_DEFAULT_VALUES = {"dataset-size": 80}
# Not set: the query performance factor reads "Standard" (RedisLabs/rediscloud-go-api TestDatabase_Get, TestDatabase_List).
DEFAULT_QUERY_PERFORMANCE_FACTOR = "Standard"
_HOUR_MINUTE = re.compile(r"^(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)$")


def database_sizes(spec: dict[str, Any]) -> tuple[float, float]:
    """(datasetSizeInGb, memoryLimitInGb): memory counts the replica (the spec's descriptions)."""
    factor = 2 if spec.get("replication", True) else 1
    if "datasetSizeInGb" in spec:
        return float(spec["datasetSizeInGb"]), float(spec["datasetSizeInGb"]) * factor
    memory = float(spec.get("memoryLimitInGb", 1))
    return memory / factor, memory


def _endpoints(database: Database, sub: Subscription) -> tuple[str, str]:
    region = sub.plan["cloudProviders"][0]["regions"][0]["region"]
    host = f"redis-{database.port}.c{sub.subscription_id}.{region}-mz.ec2.cloud.rlrcp.com"
    return f"{host}:{database.port}", f"{host.replace(f'.c{sub.subscription_id}', f'.internal.c{sub.subscription_id}')}:{database.port}"


def _clustering(spec: dict[str, Any]) -> dict[str, Any]:
    rules = spec.get("regexRules")
    policy = "custom" if rules else HASHING_POLICIES[spec.get("shardingType", "default-regex-rules")]
    patterns = rules if rules else (list(DEFAULT_REGEX_RULES) if policy == "standard" else [])
    numbered = [{"ordinal": index, "pattern": pattern} for index, pattern in enumerate(patterns)]
    # Not in ordinal order: the spec's Database example and RedisLabs/rediscloud-go-api TestDatabase_Get list
    # ordinal 1 before ordinal 0 (Terraform's FlattenRegexRules places each rule by its ordinal).
    return {"numberOfShards": database_shards(spec) // (2 if spec.get("replication", True) else 1),
            "regexRules": numbered[1:] + numbered[:1],
            "hashingPolicy": policy}


def _security(database: Database) -> dict[str, Any]:
    spec = database.spec
    security: dict[str, Any] = {
        "enableDefaultUser": spec.get("enableDefaultUser", True),
        "sslClientAuthentication": bool(spec.get("clientSslCertificate")),
        "tlsClientAuthentication": bool(spec.get("clientTlsCertificates")),
        "enableTls": spec.get("enableTls", False),
        "sourceIps": spec.get("sourceIp") or ["0.0.0.0/0"],
    }
    if spec.get("protocol", "redis") == "memcached":
        security["saslUsername"] = spec.get("saslUsername", f"mc-{database.database_id}")
        security["saslPassword"] = database.password
    else:
        security["password"] = database.password
    return security


def _modules(spec: dict[str, Any], redis8_modules: str) -> list[dict[str, Any]]:
    """The modules asked for; on Redis 8 and later every bundled capability, asked for or not.

    terraform-provider-rediscloud PR #685 ("The API returns all bundled modules for Redis 8.0 databases")
    and 2.7.1 (explicit modules "show as changes requiring resource replacement after upgrading to Redis 8.0"):
    so does a database upgraded from 7.x, once the upgrade is done. Their versions follow the Redis version.
    """
    requested = {module["name"]: module for module in spec.get("modules", [])}
    redis_version = spec.get("redisVersion", DEFAULT_REDIS_VERSION)
    bundled = (redis8_modules == "all_bundled" and spec.get("protocol", "redis") == "redis"
               and version_key(redis_version)[0] >= 8)
    modules = []
    for name in BUNDLED_MODULES_ORDER if bundled else list(requested):
        capability, version, description = MODULES[name]
        parameters = [{"name": key, "value": value} for key, value in requested.get(name, {}).get("parameters", {}).items()]
        modules.append({"id": MODULE_IDS[name], "name": name, "capabilityName": capability,
                        "version": f"{redis_version}.0" if bundled else version, "description": description,
                        "parameters": parameters})
    return modules


def _backup_time(time_utc: Any, interval: Any, mode: str) -> Any:
    """A 12-hourly backup set for an afternoon hour reads back the morning hour ("14:00" -> "02:00").

    terraform-provider-rediscloud provider/pro/resource_rediscloud_pro_database.go
    skipDiffIfIntervalIs12And12HourTimeDiff: "the API will return the _morning_ time when queried"; the spec's
    read-only DatabaseBackupConfig.databaseBackupTimeUTC has twelve values, HOUR_ONE to HOUR_TWELVE.
    """
    match = _HOUR_MINUTE.match(time_utc) if isinstance(time_utc, str) else None
    if mode != "morning" or interval != "every-12-hours" or match is None:
        return time_utc
    return f"{int(match.group('hour')) % 12:02d}:{match.group('minute')}"


def _backup(spec: dict[str, Any], mode: str) -> dict[str, Any]:
    """Field names as RedisLabs/rediscloud-go-api service/databases Backup reads them; storageType is not read back."""
    backup = spec.get("remoteBackup") or {}
    body: dict[str, Any] = {"enableRemoteBackup": backup.get("active", False)}
    for request_key, answer_key in (("interval", "interval"), ("timeUTC", "timeUTC"), ("storagePath", "destination")):
        if request_key in backup:
            body[answer_key] = backup[request_key]
    if "timeUTC" in body:
        body["timeUTC"] = _backup_time(body["timeUTC"], body.get("interval"), mode)
    return body


def _alerts(database: Database, mode: str) -> list[dict[str, Any]]:
    """As given, each with an id; created without alerts, the default dataset-size alert (not after alerts: [])."""
    alerts = database.spec.get("alerts")
    if alerts is None:
        alerts = [DEFAULT_ALERT] if mode == "dataset_size" else []
    body = []
    for index, alert in enumerate(alerts):
        item: dict[str, Any] = {"id": f"{database.database_id}-{index + 1}", **alert}
        if alert.get("name") in ALERT_DEFAULT_VALUES:
            item["defaultValue"] = ALERT_DEFAULT_VALUES[alert["name"]]
        body.append(item)
    return body


def _sync_sources(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The sources a replica syncs from: replica.syncSources, or the older replicaOf list of URIs."""
    if isinstance(spec.get("replica"), dict):
        return list(spec["replica"].get("syncSources") or [])
    return [{"endpoint": endpoint} for endpoint in spec.get("replicaOf") or []]


def _replica(spec: dict[str, Any], mode: str) -> dict[str, Any]:
    """replicaOf: {"endpoints": [...]} or null, never the sources' encryption or certificates.

    RedisLabs/rediscloud-go-api database_test.go TestDatabase_Get ("replicaOf": {"endpoints": ["another"]}) and
    service/databases/model.go ReplicaOf; redis-developer/redis-cloud-rs samples ("replicaOf": null). The spec's
    Database example shows replica.syncSources instead: replica_read_back "spec_example".
    """
    sources = _sync_sources(spec)
    if mode == "spec_example":
        return {"replica": {"syncSources": sources}} if sources else {}
    return {"replicaOf": {"endpoints": [source["endpoint"] for source in sources]} if sources else None}


def _resp_version(spec: dict[str, Any], redis_version: str) -> str:
    """Not set: resp3 from Redis 7.4 (terraform-provider-rediscloud acceptance tests on 7.4 and 8.2 read resp3),
    resp2 before (RedisLabs/rediscloud-go-api TestDatabase_Get, 6.0.5)."""
    return spec.get("respVersion", "resp3" if version_key(redis_version) >= (7, 4) else "resp2")


def reported_status(database: Database, now: float, phases: Mapping[str, list[str]]) -> str:
    """The status a client reads: a change being provisioned shows its phases in turn, in equal parts of its time."""
    statuses = phases.get(database.change_kind or "")
    if not statuses or database.status not in SETTLING_DATABASE_STATUSES or math.isinf(database.settles_at):
        return database.status
    span = database.settles_at - database.change_started_at
    part = int((now - database.change_started_at) / span * len(statuses)) if span > 0 else 0
    return statuses[min(max(part, 0), len(statuses) - 1)]


def database_body(database: Database, sub: Subscription, iso: Iso, base_url: str,
                  now: float | None = None, config: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """`now` and `config` (the simulator's): the status phase and the read-back keys; without them the defaults."""
    settings = config if config is not None else READ_BACK_DEFAULTS
    spec = database.spec
    dataset, memory = database_sizes(spec)
    public, private = _endpoints(database, sub)
    version = spec.get("redisVersion", DEFAULT_REDIS_VERSION)
    status = database.status if now is None else reported_status(database, now, settings["database_status_phases"])
    body: dict[str, Any] = {
        "databaseId": database.database_id,
        "name": spec["name"],
        "protocol": spec.get("protocol", "redis"),
        "provider": sub.plan["cloudProviders"][0].get("provider", "AWS"),
        "region": sub.plan["cloudProviders"][0]["regions"][0]["region"],
        "redisVersion": version,
        "redisVersionCompliance": f"{version}.0",
        "respVersion": _resp_version(spec, version),
        "status": status,
        "memoryLimitInGb": memory,
        "datasetSizeInGb": dataset,
        "memoryUsedInMb": 4,
        "memoryStorage": sub.plan.get("memoryStorage", "ram"),
        "supportOSSClusterApi": spec.get("supportOSSClusterApi", False),
        "useExternalEndpointForOSSClusterApi": spec.get("useExternalEndpointForOSSClusterApi", False),
        "dataPersistence": spec.get("dataPersistence", "none"),
        "replication": spec.get("replication", True),
        "dataEvictionPolicy": spec.get("dataEvictionPolicy", "volatile-lru"),
        "throughputMeasurement": spec.get("throughputMeasurement", {"by": "operations-per-second", "value": 25000}),
        "activatedOn": iso(database.created_at),
        "lastModified": iso(database.last_modified),
        "publicEndpoint": public,
        "privateEndpoint": private,
        "clustering": _clustering(spec),
        "security": _security(database),
        "modules": _modules(spec, settings["redis8_modules"]),
        "alerts": _alerts(database, settings["default_alerts"]),
        "backup": _backup(spec, settings["backup_12_hour_time"]),
        **_replica(spec, settings["replica_read_back"]),
        "queryPerformanceFactor": spec.get("queryPerformanceFactor", DEFAULT_QUERY_PERFORMANCE_FACTOR),
        "links": [{"rel": "self", "type": "GET",
                   "href": f"{base_url}/v1/subscriptions/{sub.subscription_id}/databases/{database.database_id}"}],
    }
    return body
