# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""JSON bodies of tasks, subscriptions and databases, shaped like the real API's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from redis_cloud_simulator.pricing import subscription_pricing
from redis_cloud_simulator.state import Database, Subscription, Task

Iso = Callable[[float], str]

_TASK_DESCRIPTIONS = {
    "received": "Task request received and is being queued for processing.",
    "processing-in-progress": "Request processing in progress",
    # redis/docs content/operate/rc/api/get-started/manage-tasks.md
    "processing-completed": "Request processing completed successfully and its resources are now being provisioned / de-provisioned.",
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


def _networking(sub: Subscription, region: dict[str, Any], region_index: int) -> list[dict[str, Any]]:
    """An object in the request, an array (one entry per subnet) in the read-back.

    vpcId only when the create named one: no recorded read-back carries it (RedisLabs/rediscloud-go-api
    TestSubscription_Get, the spec's Subscription example: {deploymentCIDR, subnetId}); securityGroupId as given
    (redis-developer/redis-cloud-rs tests/fixtures/cloud/samples/pro_subscriptions.json).
    """
    networking = region.get("networking", {})
    given = {key: networking[key] for key in ("vpcId", "securityGroupId") if key in networking}
    multi_az = region.get("multipleAvailabilityZones", False)
    default_subnets = [f"subnet-{sub.subscription_id:08x}{region_index:02x}{zone:02x}" for zone in range(3 if multi_az else 1)]
    subnets = networking.get("subnetIds") or default_subnets
    if multi_az:
        # A multi-AZ region reads back no deploymentCIDR (terraform-provider-rediscloud blanks it since
        # commit 8a2a10ab, provider/pro/flatten.go): one entry per zone's subnet.
        return [{"subnetId": subnet, **given} for subnet in subnets]
    return [{"deploymentCIDR": networking.get("deploymentCIDR", "192.168.0.0/24"), "subnetId": subnet, **given}
            for subnet in subnets]


def _zones(region: dict[str, Any]) -> list[str]:
    """As given; else the zones the API chose (Terraform's preferred_availability_zones is Optional+Computed and its
    acceptance tests read one zone back for a region created without any)."""
    if region.get("preferredAvailabilityZones"):
        return list(region["preferredAvailabilityZones"])
    return [f"{region['region']}{letter}" for letter in ("abc" if region.get("multipleAvailabilityZones", False) else "a")]


def _cloud_details(sub: Subscription, databases: list[Database]) -> list[dict[str, Any]]:
    if sub.status == "pending":
        # A pending subscription's settled fields are not known yet: RedisLabs/rediscloud-go-api
        # subscription_test.go TestSubscription_List reads back "cloudDetails": [].
        return []
    total_gb = sum(_dataset_size(db.spec) * (2 if db.spec.get("replication", True) else 1) for db in databases)
    details = []
    for provider in sub.plan["cloudProviders"]:
        regions = [{
            "region": region["region"],
            "networking": _networking(sub, region, index),
            "preferredAvailabilityZones": _zones(region),
            "multipleAvailabilityZones": region.get("multipleAvailabilityZones", False),
        } for index, region in enumerate(provider["regions"])]
        details.append({"provider": provider.get("provider", "AWS"), "cloudAccountId": provider.get("cloudAccountId", 1),
                        "totalSizeInGb": round(total_gb, 4), "regions": regions, "links": []})
    return details


def subscription_body(sub: Subscription, databases: list[Database], base_url: str) -> dict[str, Any]:
    """`databases`: the listed ones (a creation plan shows some time after the subscription turns active)."""
    body: dict[str, Any] = {
        "id": sub.subscription_id,
        "name": sub.name,
        "status": sub.status,
        "deploymentType": sub.plan.get("deploymentType", "single-region"),
        "paymentMethodType": sub.payment_method_type,
        "memoryStorage": sub.plan.get("memoryStorage", "ram"),
        "persistentStorageEncryptionType": sub.plan.get("persistentStorageEncryptionType", "cloud-provider-managed-key"),
        "numberOfDatabases": len(databases),
        "subscriptionPricing": subscription_pricing(sub.plan, [db.spec for db in databases]),
        "cloudDetails": _cloud_details(sub, databases),
        "links": [link(base_url, "self", f"/subscriptions/{sub.subscription_id}")],
    }
    if sub.payment_method_id is not None:
        body["paymentMethodId"] = sub.payment_method_id
    if sub.customer_managed_key:
        # What the customer must grant Redis (RedisLabs/rediscloud-go-api TestSubscription_Get_WithCMKAccessDetails).
        body["customerManagedKeyAccessDetails"] = {
            "redisServiceAccount": "redis-cmk@redislabs.iam.gserviceaccount.com",
            "googlePredefinedRoles": ["roles/cloudkms.cryptoKeyEncrypterDecrypter"],
            "googleCustomPermissions": ["cloudkms.cryptoKeyVersions.useToEncrypt"],
            "redisIamRole": "arn:aws:iam::123456789012:role/redis-cmk",
        }
    return body
