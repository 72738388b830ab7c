# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""JSON bodies of Essentials plans, subscriptions and databases, shaped like the recorded answers.

Subscriptions: RedisLabs/rediscloud-go-api fixed_subscription_test.go (TestFixedSubscription_Get, _List): the
plan's fields copied into the subscription, creationDate without milliseconds.
Databases: fixed_database_test.go (TestFixedDatabase_Get, _List): planMemoryLimit + memoryLimitMeasurementUnit
instead of sizes, security.defaultUserEnabled (Pro reads enableDefaultUser), security.password in the read-back
by id but not in the listing, clustering.enabled, backup.remoteBackupEnabled, "replicaOf": null, "replica": null.
publicEndpoint once the database is past draft (the draft fixtures have none; the Terraform acceptance test
reads one back), and no privateEndpoint (the same test asserts private_endpoint is "").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from redis_cloud_simulator.catalog import DEFAULT_REGEX_RULES, MODULE_IDS, MODULES
from redis_cloud_simulator.essentials_state import FixedDatabase, FixedSubscription
from redis_cloud_simulator.views import link

Iso = Callable[[float], str]
_PLAN_FIELDS_IN_SUBSCRIPTION = ("size", "sizeMeasurementUnit", "provider", "region", "price", "pricePeriod", "priceCurrency",
                                "maximumDatabases", "availability", "connections", "cidrAllowRules", "supportDataPersistence",
                                "supportInstantAndDailyBackups", "supportReplication", "supportClustering", "customerSupport")


def seconds_iso(iso: Iso, at: float) -> str:
    """The recorded Essentials timestamps have no milliseconds: 2024-05-09T09:36:18Z."""
    return iso(at)[:19] + "Z"


def plan_body(plan: dict[str, Any], links: list[dict[str, str]]) -> dict[str, Any]:
    return {**plan, "supportedAlerts": list(plan["supportedAlerts"]), "links": links}


def subscription_body(sub: FixedSubscription, status: str, iso: Iso, links: list[dict[str, str]]) -> dict[str, Any]:
    plan = sub.plan
    body: dict[str, Any] = {"id": sub.subscription_id, "name": sub.name, "status": status}
    if sub.payment_method_id is not None:
        body["paymentMethodId"] = sub.payment_method_id
    body |= {"paymentMethodType": sub.payment_method_type, "planId": plan["id"], "planName": plan["name"]}
    body |= {key: plan[key] for key in _PLAN_FIELDS_IN_SUBSCRIPTION}
    return body | {"creationDate": seconds_iso(iso, sub.created_at), "links": links}


def _modules(spec: dict[str, Any]) -> list[dict[str, Any]]:
    # 'stack' gives every module (the spec's AccountFixedSubscriptionDatabases example); 'redis' the requested ones.
    names = list(MODULES) if spec["protocol"] == "stack" else [module["name"] for module in spec.get("modules", [])]
    return [{"id": MODULE_IDS[name], "name": name, "capabilityName": MODULES[name][0], "version": MODULES[name][1],
             "description": MODULES[name][2], "parameters": []} for name in names]


def _backup(spec: dict[str, Any]) -> dict[str, Any]:
    path = spec.get("periodicBackupPath")
    return {"remoteBackupEnabled": bool(path), "status": "idle"} | ({"destination": path} if path else {})


def database_body(database: FixedDatabase, sub: FixedSubscription, status: str, iso: Iso, base_url: str,
                  with_password: bool) -> dict[str, Any]:
    """`with_password`: GET by id carries security.password, the listing does not (both recorded)."""
    spec, plan = database.spec, sub.plan
    security: dict[str, Any] = {"defaultUserEnabled": spec.get("enableDefaultUser", True)}
    if with_password:
        security["password"] = database.password
    security |= {"sslClientAuthentication": bool(spec.get("clientSslCertificate")),
                 "tlsClientAuthentication": bool(spec.get("clientTlsCertificates")),
                 "enableTls": spec.get("enableTls", False), "sourceIps": spec.get("sourceIps") or ["0.0.0.0/0"]}
    body: dict[str, Any] = {
        "databaseId": database.database_id, "name": spec["name"], "protocol": spec["protocol"], "provider": plan["provider"],
        "region": plan["region"], "redisVersion": spec["redisVersion"], "redisVersionCompliance": f"{spec['redisVersion']}.0",
        "respVersion": spec["respVersion"], "status": status, "planMemoryLimit": plan["size"],
        "memoryLimitMeasurementUnit": plan["sizeMeasurementUnit"], "memoryUsedInMb": 1, "memoryStorage": "ram",
        "supportOSSClusterApi": False, "useExternalEndpointForOSSClusterApi": False,
        "dataPersistence": spec.get("dataPersistence", "none"), "replication": spec.get("replication", plan["supportReplication"]),
        "dataEvictionPolicy": spec.get("dataEvictionPolicy", "volatile-lru"),
        "activatedOn": seconds_iso(iso, database.created_at), "lastModified": seconds_iso(iso, database.last_modified),
    }
    if status != "draft":
        body["publicEndpoint"] = f"redis-{database.port}.c{sub.subscription_id}.{plan['region']}-1.ec2.cloud.rlrcp.com:{database.port}"
    body |= {
        "replicaOf": None, "replica": spec.get("replica"),
        "clustering": {"enabled": False, "regexRules": [{"ordinal": index, "pattern": pattern} for index, pattern in enumerate(DEFAULT_REGEX_RULES)],
                       "hashingPolicy": "standard"},
        "security": security, "modules": _modules(spec),
        "alerts": [{"name": alert["name"], "value": alert["value"]} for alert in spec.get("alerts", [])],
        "backup": _backup(spec),
        "links": [link(base_url, "self", f"/fixed/subscriptions/{sub.subscription_id}/databases/{database.database_id}")] if with_password else [],
    }
    return body
