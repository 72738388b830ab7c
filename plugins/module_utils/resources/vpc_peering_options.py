# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of a VPC peering: the argument spec, its request bodies, and the checks the spec cannot express.

Bodies follow the spec's VpcPeeringCreateAwsRequest / VpcPeeringCreateGcpRequest and VpcPeeringUpdateAwsRequest,
as terraform-provider-rediscloud sends them (resource_rediscloud_subscription_peering.go): no ``provider`` for AWS,
``"gcp"`` in lower case for GCP, and the CIDRs as ``vpcCidrs`` (one of them reads back as ``vpcCidr``).
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.body import pick, to_api
from ansible_collections.rediscloud.api.plugins.module_utils.resources.networking import WAIT_FOR_OPTION, cidr_problems
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription_options import PROVIDERS

AWS, GCP = PROVIDERS
AWS_IDENTITY = ("aws_account_id", "vpc_id", "region")
GCP_IDENTITY = ("gcp_project_id", "gcp_network_name")
AWS_OPTIONS = AWS_IDENTITY + ("vpc_cidrs",)
AWS_ACCOUNT_ID = re.compile(r"^\d{12}$")

VPC_PEERING_OPTIONS: dict[str, Any] = {
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "subscription_id": {"type": "int", "required": True},
    "peering_id": {"type": "int", "aliases": ["id"]},
    "provider": {"type": "str", "choices": PROVIDERS, "default": AWS},
    "region": {"type": "str"},
    "aws_account_id": {"type": "str"},
    "vpc_id": {"type": "str"},
    "vpc_cidrs": {"type": "list", "elements": "str"},
    "gcp_project_id": {"type": "str"},
    "gcp_network_name": {"type": "str"},
    "wait_for": WAIT_FOR_OPTION,
}


def identity_options(params: dict[str, Any]) -> tuple[str, ...]:
    return GCP_IDENTITY if params.get("provider") == GCP else AWS_IDENTITY


def validate_params(params: dict[str, Any]) -> list[str]:
    """Problems visible from the parameters alone: options of the other cloud, the identity, account id and CIDRs."""
    gcp = params["provider"] == GCP
    foreign = [option for option in (AWS_OPTIONS if gcp else GCP_IDENTITY) if params.get(option) is not None]
    problems = [f"{', '.join(foreign)} {'does' if len(foreign) == 1 else 'do'} not apply to a peering with provider {params['provider']}"] \
        if foreign else []
    missing = [option for option in identity_options(params) if not params.get(option)]
    if missing and params.get("peering_id") is None:
        problems.append(f"{' and '.join(missing)} (or peering_id) {'is' if len(missing) == 1 else 'are'} required: "
                        "a peering has no name, it is found by the VPC it peers with")
    account = params.get("aws_account_id")
    if account is not None and not AWS_ACCOUNT_ID.fullmatch(account):
        problems.append(f"aws_account_id must be the 12 digits of an AWS account id, got {account!r}")
    if params.get("vpc_cidrs") == []:
        problems.append("vpc_cidrs must list at least one CIDR")
    return problems + cidr_problems("vpc_cidrs", params.get("vpc_cidrs"))


def validate_create(params: dict[str, Any]) -> list[str]:
    if params["provider"] == AWS and not params.get("vpc_cidrs"):
        return ["vpc_cidrs is required to create an AWS VPC peering (the CIDRs of your VPC that Redis Cloud routes to)"]
    return []


# gcp_project_id and gcp_network_name are named vpcProjectUid and vpcNetworkName in requests (engine.body.API_NAMES).
def build_create_body(params: dict[str, Any]) -> dict[str, Any]:
    if params["provider"] == GCP:
        return {"provider": "gcp", **to_api(params, pick(VPC_PEERING_OPTIONS, GCP_IDENTITY))}
    return to_api(params, pick(VPC_PEERING_OPTIONS, AWS_OPTIONS))


def build_update_body(vpc_cidrs: list[str]) -> dict[str, Any]:
    """The PUT body (VpcPeeringUpdateAwsRequest): only the CIDRs of an AWS peering can change."""
    return {"vpcCidrs": list(vpc_cidrs)}
