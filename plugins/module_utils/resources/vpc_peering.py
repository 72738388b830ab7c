# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC peerings of single-region Pro subscriptions: the model of redis_cloud_vpc_peering.

A peering has no name: it is identified by the VPC it peers with (AWS account, VPC and region; or GCP project
and network), and the API refuses a second peering of one VPC (VPC_PEERING_ALREADY_EXIST: the engine adopts it).
Its reads answer tasks and it has no GET by id (types.VPC_PEERING). An AWS peering rests in pending-acceptance
until the AWS side accepts it, a GCP one in inactive until it is peered back: ``wait_for`` says whether a wait
ends there or only once it is active. Only the CIDRs of an AWS peering change in place (the spec's PUT).

Request and answer name the fields differently (Go client subscription_test.go, the simulator's README):
vpcId -> vpcUid, region -> regionName, vpcProjectUid -> projectUid, vpcNetworkName -> networkName, and the CIDRs
read back as one ``vpcCidr`` or as ``vpcCidrs: [{"vpcCidr", "active"}]``.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference, Field, unreported
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current, ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.networking import SUBSCRIPTION_PARENT, cidr_key, subscription_problem
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import VPC_PEERING
from ansible_collections.rediscloud.api.plugins.module_utils.resources.vpc_peering_options import (
    AWS, GCP, build_create_body, build_update_body, identity_options, validate_create,
)


def peering_provider(peering: dict[str, Any]) -> str:
    """A GCP peering carries its project (projectUid); an AWS one its account."""
    return GCP if "projectUid" in peering or "redisProjectUid" in peering else AWS


def peering_cidrs(peering: dict[str, Any]) -> list[Any] | None:
    """The CIDRs read back: ``vpcCidrs`` (objects or strings), else the single ``vpcCidr``; None when neither is reported."""
    listed = peering.get("vpcCidrs")
    if not unreported(listed):
        return listed
    single = peering.get("vpcCidr")
    return None if unreported(single) else [single]


def _compare_provider(desired: str, peering: dict[str, Any]) -> list[Difference]:
    current = peering_provider(peering)
    return [] if current == desired else [Difference("provider", current, desired, in_place=False)]


def _compare_cidrs(desired: list[str], peering: dict[str, Any]) -> list[Difference]:
    current = peering_cidrs(peering)
    if current is None or cidr_key(current) == cidr_key(desired):
        return []
    return [Difference("vpc_cidrs", cidr_key(current), desired, in_place=True)]


FIELDS = (
    Field("provider", "provider", in_place=False, comparator=_compare_provider),
    Field("aws_account_id", "awsAccountId", in_place=False),
    Field("vpc_id", "vpcUid", in_place=False),
    Field("region", "regionName", in_place=False),
    Field("vpc_cidrs", "vpcCidrs", comparator=_compare_cidrs),
    Field("gcp_project_id", "projectUid", in_place=False),
    Field("gcp_network_name", "networkName", in_place=False),
)
RESULTS = {"status": None, "aws_peering_id": None, "gcp_redis_project_id": None, "gcp_redis_network_name": None}
HINTS = {
    "VPC_PEERING_CIDR_OVERLAP": "The CIDRs asked for ({cidrs}) overlap the subscription's deployment CIDR or the CIDRs of "
                                "another of its peerings: set vpc_cidrs to CIDRs of your VPC that overlap neither.",
    "VPC_PEERING_BELONGS_TO_DIFFERENT_CLOUD_PROVIDER": "Set provider to the cloud the subscription runs on.",
}


class VpcPeeringModel(ResourceModel):
    type = VPC_PEERING
    fields = FIELDS
    id_option = "peering_id"
    result_key = "peering"
    parent = SUBSCRIPTION_PARENT
    refusals_in_tasks = True
    wait_for_option = "wait_for"
    result_defaults = RESULTS

    @property
    def identity_options(self) -> tuple[str, ...]:  # type: ignore[override]
        return identity_options(self.params)

    def identity(self, item: dict[str, Any]) -> Any:
        if peering_provider(item) == GCP:
            return (GCP, item.get("projectUid"), item.get("networkName"))
        return (AWS, item.get("awsAccountId"), item.get("vpcUid"), item.get("regionName"))

    def wanted_identity(self) -> Any:
        values = tuple(self.params.get(option) for option in identity_options(self.params))
        return None if None in values else (self.params["provider"], *values)

    def label(self) -> str:
        return f"VPC peering of subscription {self.params['subscription_id']}"

    def parent_problem(self, parent: dict[str, Any]) -> str | None:
        return subscription_problem(parent, "VPC peering", self.params["provider"])

    def validate_create(self) -> list[str]:
        return validate_create(self.params)

    def create_body(self) -> dict[str, Any]:
        return build_create_body(self.params)

    def update_body(self, differences: list[Difference], current: Current) -> dict[str, Any]:
        return build_update_body(self.params["vpc_cidrs"]) if any(d.field == "vpc_cidrs" for d in differences) else {}

    def result_fields(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"status": item.get("status"), "aws_peering_id": item.get("awsPeeringUid"),
                "gcp_redis_project_id": item.get("redisProjectUid"), "gcp_redis_network_name": item.get("redisNetworkName")}

    def resting_message(self, item: dict[str, Any]) -> str:
        peering = f"VPC peering {item.get('vpcPeeringId')} of subscription {self.params['subscription_id']}"
        if peering_provider(item) == GCP:
            return (f"{peering} is {item.get('status')}: it waits for the peering back from your network "
                    f"{item.get('networkName')!r} to network {item.get('redisNetworkName')!r} of project "
                    f"{item.get('redisProjectUid')!r} (gcloud compute networks peerings create). Run this task with "
                    "wait_for=active to wait until it is active.")
        return (f"{peering} is {item.get('status')}: it waits for your AWS account to accept the peering connection "
                f"{item.get('awsPeeringUid')} (amazon.aws.ec2_vpc_peering with state=accept). Run this task with "
                "wait_for=active to wait until it is active.")

    def error_hint(self, error_type: str | None) -> str | None:
        hint = HINTS.get(error_type or "")
        return hint.format(cidrs=", ".join(self.params.get("vpc_cidrs") or [])) if hint else None
