# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a VPC peering task does when it is processed (single-region Pro subscriptions).

commandTypes: peeringCreateRequest, peeringDeleteRequest, and vpcPeeringGetRequest / peeringListRequest for the
list (RedisLabs/rediscloud-go-api subscription_test.go). peeringUpdateRequest is **not recorded** (no client
sends the update). Refusals that need the account's state end the task with the spec's error codes.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from redis_cloud_simulator.lifecycle import Lifecycle, TaskError
from redis_cloud_simulator.networking_state import Peering
from redis_cloud_simulator.networking_views import peering_body
from redis_cloud_simulator.state import Subscription

DEFAULT_DEPLOYMENT_CIDR = "192.168.0.0/24"  # as views._networking reads back a region without one
# Refusals of the single-region routes on an Active-Active subscription (the spec's error codes).
ACTIVE_ACTIVE_REFUSALS = {
    "list": "GETTING_SINGLE_REGION_VPC_PEERINGS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
    "create": "CREATING_A_SINGLE_REGION_VPC_PEERING_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
    "update": "UPDATING_A_SINGLE_REGION_VPC_PEERING_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
    "delete": "DELETING_SINGLE_REGION_VPC_PEERING_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION",
}
# And of the Active-Active routes on a single-region subscription.
SINGLE_REGION_REFUSALS = {
    "list": "GETTING_ACTIVE_ACTIVE_SUBSCRIPTION_VPC_PEERINGS_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
    "create": "CREATING_AN_ACTIVE_ACTIVE_VPC_PEERING_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
    "update": "UPDATING_AN_ACTIVE_ACTIVE_VPC_PEERING_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
    "delete": "DELETING_AN_ACTIVE_ACTIVE_VPC_PEERING_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
}


def is_active_active(sub: Subscription) -> bool:
    return sub.plan.get("deploymentType", "single-region") == "active-active"


def cloud_provider(sub: Subscription) -> str:
    return sub.plan["cloudProviders"][0].get("provider", "AWS")


def _region(sub: Subscription) -> dict[str, Any]:
    return sub.plan["cloudProviders"][0]["regions"][0]


def _peering_subscription(life: Lifecycle, payload: dict[str, Any], action: str) -> Subscription:
    """An active subscription of the deployment type the route serves."""
    sub = life.active_subscription(payload["subscription_id"])
    if payload.get("active_active", False) != is_active_active(sub):
        code = (SINGLE_REGION_REFUSALS if payload.get("active_active") else ACTIVE_ACTIVE_REFUSALS)[action]
        raise TaskError(400, code, f"Subscription {sub.subscription_id}: {code.lower().replace('_', ' ')}")
    return sub


def _live_peerings(life: Lifecycle, sub: Subscription) -> list[Peering]:
    return [peering for peering in life.state.networking.peerings.values()
            if peering.subscription_id == sub.subscription_id and not peering.deleted]


def _peering(life: Lifecycle, sub: Subscription, peering_id: int) -> Peering:
    for peering in _live_peerings(life, sub):
        if peering.peering_id == peering_id:
            return peering
    raise TaskError(404, "VPC_PEERING_NOT_FOUND", f"VPC peering {peering_id} was not found in subscription {sub.subscription_id}")


def _check_no_overlap(life: Lifecycle, sub: Subscription, cidrs: list[str], peering_id: int | None = None) -> None:
    """The peered CIDRs may overlap neither the subscription's deployment CIDR nor another peering's."""
    taken = [(f"the deployment CIDR {cidr}", cidr) for cidr in
             [_region(sub).get("networking", {}).get("deploymentCIDR", DEFAULT_DEPLOYMENT_CIDR)]]
    taken += [(f"VPC peering {other.peering_id}", cidr) for other in _live_peerings(life, sub)
              if other.peering_id != peering_id for cidr in other.cidrs]
    for cidr in cidrs:
        for what, other_cidr in taken:
            if ipaddress.ip_network(cidr).overlaps(ipaddress.ip_network(other_cidr)):
                raise TaskError(400, "VPC_PEERING_CIDR_OVERLAP", f"{cidr} overlaps {what}")


def list_peerings(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    """GET .../peerings: the list rides in the finished task. No answer with no peering is recorded: an empty list."""
    sub = _peering_subscription(life, payload, "list")
    listed = [peering_body(peering, at) for peering in _live_peerings(life, sub) if at >= peering.listed_at]
    return {"resourceId": sub.subscription_id, "resource": {"peerings": listed}}


def _hex_id(life: Lifecycle, length: int) -> str:
    return life.new_task_id().replace("-", "")[:length]


def create_peering(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    sub = _peering_subscription(life, payload, "create")
    request, provider, settings = payload["request"], payload["provider"], life.settings
    if provider != cloud_provider(sub):
        raise TaskError(400, "VPC_PEERING_BELONGS_TO_DIFFERENT_CLOUD_PROVIDER",
                        f"Subscription {sub.subscription_id} runs on {cloud_provider(sub)}, not {provider}")
    for other in _live_peerings(life, sub):
        same_aws = provider == "AWS" and (other.aws_account_id, other.vpc_id) == (request["awsAccountId"], request["vpcId"])
        same_gcp = provider == "GCP" and (other.gcp_project_uid, other.gcp_network_name) == (
            request["vpcProjectUid"], request["vpcNetworkName"])
        if other.provider == provider and (same_aws or same_gcp):
            raise TaskError(409, "VPC_PEERING_ALREADY_EXIST", f"VPC peering {other.peering_id} already peers that VPC")
    _check_no_overlap(life, sub, payload["cidrs"])
    networking = life.state.networking
    peering = Peering(networking.next_peering_id, sub.subscription_id, provider, created_at=at,
                      listed_at=at + settings["peering_not_listed_seconds"],
                      initiated_at=at + settings["peering_initiating_seconds"],
                      expires_at=at + settings["peering_initiating_seconds"] + settings["peering_acceptance_expiry_seconds"],
                      cidrs=list(payload["cidrs"]))
    if provider == "AWS":
        peering.aws_account_id, peering.vpc_id, peering.region = request["awsAccountId"], request["vpcId"], request["region"]
        peering.aws_peering_uid = f"pcx-{_hex_id(life, 17)}"
    else:
        region = _region(sub)["region"]
        peering.gcp_project_uid, peering.gcp_network_name = request["vpcProjectUid"], request["vpcNetworkName"]
        peering.redis_project_uid = f"v{_hex_id(life, 16)}-tp"
        peering.redis_network_name = f"c{sub.subscription_id}-{region}-1-rlrcp"
        peering.cloud_peering_id = f"redislabs-peering-{_hex_id(life, 8)}-{_hex_id(life, 3)}"
    networking.peerings[peering.peering_id] = peering
    networking.next_peering_id += 1
    # Only the id (RedisLabs/rediscloud-go-api TestSubscription_CreateVPCPeering).
    return {"resourceId": peering.peering_id}


def update_peering(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    """The spec's PUT: only an AWS peering's CIDRs change. No recorded answer: its refusals are the harsher reading."""
    sub = _peering_subscription(life, payload, "update")
    peering = _peering(life, sub, payload["peering_id"])
    if peering.provider != "AWS":
        raise TaskError(400, "VPC_PEERING_BELONGS_TO_DIFFERENT_CLOUD_PROVIDER", "Only an AWS VPC peering's CIDRs can change")
    status = peering.status_at(at)
    if status != "active":
        raise TaskError(400, "VPC_PEERING_NOT_ACTIVE", f"VPC peering {peering.peering_id} is {status}: try again when it is active")
    _check_no_overlap(life, sub, payload["cidrs"], peering.peering_id)
    peering.cidrs = list(payload["cidrs"])
    return {"resourceId": peering.peering_id}


def delete_peering(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    sub = _peering_subscription(life, payload, "delete")
    _peering(life, sub, payload["peering_id"]).deleted = True
    # An empty response (RedisLabs/rediscloud-go-api TestSubscription_DeleteVPCPeering).
    return {}


HANDLERS = {
    "vpcPeeringGetRequest": list_peerings,
    "peeringListRequest": list_peerings,
    "peeringCreateRequest": create_peering,
    "peeringUpdateRequest": update_peering,
    "peeringDeleteRequest": delete_peering,
}
