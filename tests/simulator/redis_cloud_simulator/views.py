# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""JSON bodies of tasks, subscriptions and databases, shaped like the real API's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from redis_cloud_simulator.pricing import database_shards, plan_pricing
from redis_cloud_simulator.state import Database, Subscription, Task

Iso = Callable[[float], str]

_TASK_DESCRIPTIONS = {
    "received": "Task request received and is being queued for processing.",
    "processing-in-progress": "Request processing in progress",
    "processing-completed": "Request processing completed",
    "processing-error": "Task request failed during processing. See error information for failure details.",
}


def link(base_url: str, rel: str, path: str) -> dict[str, str]:
    return {"rel": rel, "type": "GET", "href": f"{base_url}/v1{path}"}


def task_body(task: Task, iso: Iso, base_url: str) -> dict[str, Any]:
    return {
        "taskId": task.task_id,
        "commandType": task.command_type,
        "status": task.status,
        "description": _TASK_DESCRIPTIONS[task.status],
        "timestamp": iso(task.status_at),
        "response": task.response,
        "links": [link(base_url, "task", f"/tasks/{task.task_id}")],
    }


def _dataset_size(spec: dict[str, Any]) -> float:
    return float(spec.get("datasetSizeInGb", spec.get("memoryLimitInGb", 1)))


def _cloud_details(sub: Subscription, databases: list[Database]) -> list[dict[str, Any]]:
    total_gb = sum(_dataset_size(db.spec) * (2 if db.spec.get("replication", True) else 1) for db in databases)
    details = []
    for provider in sub.plan["cloudProviders"]:
        regions = []
        for region in provider["regions"]:
            networking = region.get("networking", {})
            subnets = networking.get("subnetIds") or [f"subnet-{sub.subscription_id:08x}{len(regions):04x}"]
            regions.append({
                "region": region["region"],
                # An object in the request, an array (one entry per subnet) in the read-back.
                "networking": [{"deploymentCIDR": networking.get("deploymentCIDR", "192.168.0.0/24"),
                                "vpcId": networking.get("vpcId", f"vpc-{sub.subscription_id:012x}"),
                                "subnetId": subnet} for subnet in subnets],
                "preferredAvailabilityZones": region.get("preferredAvailabilityZones", []),
                "multipleAvailabilityZones": region.get("multipleAvailabilityZones", False),
            })
        details.append({"provider": provider.get("provider", "AWS"), "cloudAccountId": provider.get("cloudAccountId", 1),
                        "totalSizeInGb": round(total_gb, 4), "regions": regions, "links": []})
    return details


def subscription_body(sub: Subscription, databases: list[Database], base_url: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": sub.subscription_id,
        "name": sub.name,
        "status": sub.status,
        "deploymentType": sub.plan.get("deploymentType", "single-region"),
        "paymentMethodType": sub.payment_method_type,
        "memoryStorage": sub.plan.get("memoryStorage", "ram"),
        "persistentStorageEncryptionType": sub.plan.get("persistentStorageEncryptionType", "cloud-provider-managed-key"),
        "numberOfDatabases": len(databases),
        "subscriptionPricing": [{k: v for k, v in line.items() if k != "databaseName"} for line in plan_pricing(sub.plan)],
        "cloudDetails": _cloud_details(sub, databases),
        "links": [link(base_url, "self", f"/subscriptions/{sub.subscription_id}")],
    }
    if sub.payment_method_id is not None:
        body["paymentMethodId"] = sub.payment_method_id
    return body


def database_body(database: Database, sub: Subscription, iso: Iso, base_url: str) -> dict[str, Any]:
    spec = database.spec
    region = sub.plan["cloudProviders"][0]["regions"][0]["region"]
    endpoint = f"redis-{database.database_id % 100000}.c{sub.subscription_id}.{region}-1.ec2.cloud.rlrcp.com:{database.database_id % 100000}"
    throughput = spec.get("throughputMeasurement", {"by": "operations-per-second", "value": 25000})
    return {
        "databaseId": database.database_id,
        "name": spec["name"],
        "protocol": spec.get("protocol", "redis"),
        "provider": sub.plan["cloudProviders"][0].get("provider", "AWS"),
        "region": region,
        "redisVersion": spec.get("redisVersion", "7.4"),
        "respVersion": spec.get("respVersion", "resp2"),
        "status": database.status,
        "datasetSizeInGb": _dataset_size(spec),
        "memoryUsedInMb": 0,
        "memoryStorage": sub.plan.get("memoryStorage", "ram"),
        "supportOSSClusterApi": spec.get("supportOSSClusterApi", False),
        "dataPersistence": spec.get("dataPersistence", "none"),
        "replication": spec.get("replication", True),
        "dataEvictionPolicy": "volatile-lru",
        "throughputMeasurement": throughput,
        "activatedOn": iso(database.created_at),
        "lastModified": iso(database.created_at),
        "publicEndpoint": endpoint,
        "privateEndpoint": endpoint.replace(f".c{sub.subscription_id}", f".internal.c{sub.subscription_id}"),
        "clustering": {"numberOfShards": database_shards(spec) // (2 if spec.get("replication", True) else 1),
                       "regexRules": [], "hashingPolicy": "standard"},
        "security": {"enableDefaultUser": True, "sslClientAuthentication": False, "tlsClientAuthentication": False,
                     "enableTls": False, "sourceIps": ["0.0.0.0/0"]},
        "modules": [{"name": module["name"], "parameters": []} for module in spec.get("modules", [])],
        "alerts": [],
        "links": [link(base_url, "self", f"/subscriptions/{sub.subscription_id}/databases/{database.database_id}")],
    }
