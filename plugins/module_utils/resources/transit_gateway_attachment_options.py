# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of a transit gateway attachment: the argument spec, the CIDRs body, and the checks the spec cannot express.

The attach (POST) and detach (DELETE) carry no body. The CIDRs body (TgwUpdateCidrsRequest) carries plain strings:
the spec types them ``{cidrAddress}`` objects, but its own example and the Go client that Terraform uses against the
live API send strings (the simulator's spec.DEVIATIONS lists it).
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import WAIT_FOR_ACTIVE
from ansible_collections.rediscloud.api.plugins.module_utils.resources.networking import WAIT_FOR_OPTION, cidr_problems

TRANSIT_GATEWAY_ATTACHMENT_OPTIONS: dict[str, Any] = {
    "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
    "subscription_id": {"type": "int", "required": True},
    "tgw_id": {"type": "int", "required": True},
    "cidrs": {"type": "list", "elements": "str"},
    "wait_for": WAIT_FOR_OPTION,
}


def validate_params(params: dict[str, Any]) -> list[str]:
    problems = [] if params["tgw_id"] > 0 else [f"tgw_id must be the positive id the transit gateway listing gives, got {params['tgw_id']}"]
    return problems + cidr_problems("cidrs", params.get("cidrs"))


def validate_create(params: dict[str, Any]) -> list[str]:
    """The API takes CIDRs only once the attachment is available, after the AWS side accepted it (Terraform:
    "Attachment cannot be created with Cidrs provided, it must be accepted first")."""
    if params.get("cidrs") and params.get("wait_for") != WAIT_FOR_ACTIVE:
        return ["cidrs can be set only once the AWS side has accepted the attachment: set wait_for=active (and accept it "
                "meanwhile), or attach without cidrs and set them in a later task"]
    return []


def build_update_body(cidrs: list[str]) -> dict[str, Any]:
    return {"cidrs": list(cidrs)}
