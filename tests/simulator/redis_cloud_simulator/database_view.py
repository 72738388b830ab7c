# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET .../databases/{id}: the read-back of a Pro database.

Shaped like the spec's Database example and RedisLabs/rediscloud-go-api database_test.go TestDatabase_Get
(recorded from the live API): both sizes, endpoints with the port, clustering with regex rules, and the
security block WITH the password, as the live API sends it (a client must never show it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from redis_cloud_simulator.catalog import (DEFAULT_REDIS_VERSION, DEFAULT_REGEX_RULES, HASHING_POLICIES, MODULE_IDS,
                                           MODULES)
from redis_cloud_simulator.pricing import database_shards
from redis_cloud_simulator.state import Database, Subscription

Iso = Callable[[float], str]


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
    return {"numberOfShards": database_shards(spec) // (2 if spec.get("replication", True) else 1),
            "regexRules": [{"ordinal": index, "pattern": pattern} for index, pattern in enumerate(patterns)],
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


def _modules(spec: dict[str, Any]) -> list[dict[str, Any]]:
    modules = []
    for module in spec.get("modules", []):
        capability, version, description = MODULES[module["name"]]
        parameters = [{"name": key, "value": value} for key, value in module.get("parameters", {}).items()]
        modules.append({"id": MODULE_IDS[module["name"]], "name": module["name"], "capabilityName": capability,
                        "version": version, "description": description, "parameters": parameters})
    return modules


def _backup(spec: dict[str, Any]) -> dict[str, Any]:
    """Field names as RedisLabs/rediscloud-go-api service/databases Backup reads them."""
    backup = spec.get("remoteBackup") or {}
    body: dict[str, Any] = {"enableRemoteBackup": backup.get("active", False)}
    for request_key, answer_key in (("interval", "interval"), ("timeUTC", "timeUTC"), ("storagePath", "destination")):
        if request_key in backup:
            body[answer_key] = backup[request_key]
    return body


def database_body(database: Database, sub: Subscription, iso: Iso, base_url: str) -> dict[str, Any]:
    spec = database.spec
    dataset, memory = database_sizes(spec)
    public, private = _endpoints(database, sub)
    version = spec.get("redisVersion", DEFAULT_REDIS_VERSION)
    body: dict[str, Any] = {
        "databaseId": database.database_id,
        "name": spec["name"],
        "protocol": spec.get("protocol", "redis"),
        "provider": sub.plan["cloudProviders"][0].get("provider", "AWS"),
        "region": sub.plan["cloudProviders"][0]["regions"][0]["region"],
        "redisVersion": version,
        "redisVersionCompliance": f"{version}.0",
        "respVersion": spec.get("respVersion", "resp2"),
        "status": database.status,
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
        "modules": _modules(spec),
        "alerts": [dict(alert) for alert in spec.get("alerts", [])],
        "backup": _backup(spec),
        "links": [{"rel": "self", "type": "GET",
                   "href": f"{base_url}/v1/subscriptions/{sub.subscription_id}/databases/{database.database_id}"}],
    }
    if "queryPerformanceFactor" in spec:
        body["queryPerformanceFactor"] = spec["queryPerformanceFactor"]
    if "replica" in spec:
        body["replica"] = spec["replica"]
    return body
