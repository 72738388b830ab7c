# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request body checks of VPC peering and transit gateway writes (HTTP 400 on failure).

The vendored spec's schema first (validation.check_schema), then the rules that need no account
state, with the spec's error codes. Rules that need the account's state fail the task instead
(peering_commands.py, transit_gateway_commands.py).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from redis_cloud_simulator.errors import ApiError, bad_request
from redis_cloud_simulator.validation import check_schema

PROVIDERS = {"aws": "AWS", "gcp": "GCP"}


@dataclass(frozen=True)
class PeeringRequest:
    provider: str               # "AWS" or "GCP"
    body: dict[str, Any]
    cidrs: list[str]            # AWS only


def ipv4_network(text: str, error_type: str, where: str) -> ipaddress.IPv4Network:
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError:
        raise ApiError(400, error_type, f"{where} {text!r} is not a valid CIDR") from None
    if not isinstance(network, ipaddress.IPv4Network):
        raise ApiError(400, error_type, f"{where} {text!r} is not an IPv4 CIDR")
    return network


def _peering_cidrs(body: dict[str, Any]) -> list[str]:
    """vpcCidr or vpcCidrs, exactly one (Terraform's vpc_cidr / vpc_cidrs conflict; the spec's error codes)."""
    if "vpcCidr" in body and "vpcCidrs" in body:
        raise ApiError(400, "VPC_PEERING_TOO_MANY_CIDR_SPECIFICATIONS", "Give vpcCidr or vpcCidrs, not both")
    cidrs = [body["vpcCidr"]] if "vpcCidr" in body else list(body.get("vpcCidrs", []))
    if not cidrs:
        raise ApiError(400, "VPC_PEERING_CIDR_IS_MISSING", "An AWS VPC peering needs vpcCidr or vpcCidrs")
    for cidr in cidrs:
        ipv4_network(cidr, "VPC_PEERING_INVALID_CIDR", "vpcCidr")
    if len(set(cidrs)) != len(cidrs):
        raise ApiError(400, "VPC_PEERING_INVALID_CIDR", "vpcCidrs lists a CIDR twice")
    return cidrs


def check_peering_create(body: Any, active_active: bool = False) -> PeeringRequest:
    """VpcPeeringCreateBaseRequest: the AWS or the GCP variant, by `provider` (AWS when absent; any case)."""
    if not isinstance(body, dict):
        raise bad_request("the request body must be a JSON object")
    provider_name = body.get("provider", "aws")
    provider = PROVIDERS.get(provider_name.lower()) if isinstance(provider_name, str) else None
    if provider is None:
        raise ApiError(400, "VPC_PEERING_IS_NOT_KNOWN_CLOUD_PROVIDER", f"provider {provider_name!r} is not AWS or GCP")
    prefix = "ActiveActive" if active_active else ""
    check_schema(f"{prefix}VpcPeeringCreate{'Aws' if provider == 'AWS' else 'Gcp'}Request", body)
    return PeeringRequest(provider, body, _peering_cidrs(body) if provider == "AWS" else [])


def check_peering_update(body: Any, active_active: bool = False) -> list[str]:
    """VpcPeeringUpdateAwsRequest: only the CIDRs can change."""
    check_schema("ActiveActiveVpcPeeringUpdateAwsRequest" if active_active else "VpcPeeringUpdateAwsRequest", body)
    return _peering_cidrs(body)


def check_tgw_cidrs(body: Any, objects_allowed: bool) -> list[str]:
    """TgwUpdateCidrsRequest: `cidrs` as strings (recorded clients), objects {cidrAddress} only when allowed."""
    check_schema("TgwUpdateCidrsRequest", body)
    if "cidrs" not in body:
        raise bad_request("cidrs is required")
    cidrs = []
    for index, item in enumerate(body["cidrs"]):
        if isinstance(item, dict):
            if not objects_allowed or "cidrAddress" not in item:
                raise bad_request(f"cidrs[{index}] must be a CIDR string")
            item = item["cidrAddress"]
        ipv4_network(item, "BAD_REQUEST", f"cidrs[{index}]")
        cidrs.append(item)
    if len(set(cidrs)) != len(cidrs):
        raise ApiError(400, "TGW_ATTACHMENT_CIDRS_REQUEST_CONTAINS_DUPLICATES", "cidrs lists a CIDR twice")
    return cidrs
