# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attachments of a subscription to AWS transit gateways: the model of redis_cloud_transit_gateway_attachment.

The attachment is a part of a transit gateway the subscription sees: its fields (``attachmentUid``,
``attachmentStatus``, ``cidrs``) show in the gateway's listing once it exists (types.TRANSIT_GATEWAY_ATTACHMENT),
so it is identified by the gateway's id and created at its own path. It rests in pendingAcceptance until the AWS
side accepts it; ``wait_for`` says whether a wait ends there. Only then can its CIDRs be set (in place).
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference, Field
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current, ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.networking import SUBSCRIPTION_PARENT, cidr_key, subscription_problem
from ansible_collections.rediscloud.api.plugins.module_utils.resources.transit_gateway_attachment_options import build_update_body, validate_create
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import ATTACHMENT_STATUS, TRANSIT_GATEWAY_ATTACHMENT


def _compare_cidrs(desired: list[str], gateway: dict[str, Any]) -> list[Difference]:
    current = cidr_key(gateway.get("cidrs") or [])
    return [] if current == cidr_key(desired) else [Difference("cidrs", current, desired, in_place=True)]


HINTS = {
    "TGW_DOES_NOT_EXIST": "tgw_id is the numeric id of a transit gateway the subscription sees (redis_cloud_network_info "
                          "lists them), not AWS's tgw-... id; a shared gateway shows once its invitation is accepted.",
    "TGW_ATTACHMENT_IS_NOT_ACTIVE": "The API takes cidrs only once the attachment is available: set wait_for=active.",
}


class TransitGatewayAttachmentModel(ResourceModel):
    type = TRANSIT_GATEWAY_ATTACHMENT
    fields = (Field("cidrs", "cidrs", comparator=_compare_cidrs),)
    id_option = None  # found by the gateway's id, which the create needs too
    identity_options = ("tgw_id",)
    result_key = "transit_gateway"
    parent = SUBSCRIPTION_PARENT
    refusals_in_tasks = True
    applied_after_create = ("cidrs",)
    wait_for_option = "wait_for"
    result_defaults = {"attachment_uid": None, "attachment_status": None, "cidrs": None}

    def identity(self, item: dict[str, Any]) -> Any:
        return item.get("id")

    def wanted_identity(self) -> Any:
        return self.params["tgw_id"]

    def label(self) -> str:
        return f"transit gateway attachment of subscription {self.params['subscription_id']}"

    def parent_problem(self, parent: dict[str, Any]) -> str | None:
        return subscription_problem(parent, "transit gateway attachment", "AWS")

    def validate_create(self) -> list[str]:
        return validate_create(self.params)

    def create_body(self) -> Any:
        return None

    def update_body(self, differences: list[Difference], current: Current) -> dict[str, Any]:
        return build_update_body(self.params["cidrs"]) if differences else {}

    def result_fields(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"attachment_uid": item.get("attachmentUid"), "attachment_status": item.get(ATTACHMENT_STATUS),
                "cidrs": cidr_key(item.get("cidrs") or [])}

    def resting_message(self, item: dict[str, Any]) -> str:
        return (f"The attachment {item.get('attachmentUid')} of transit gateway {item.get('id')} ({item.get('awsTgwUid')}) is "
                f"{item.get(ATTACHMENT_STATUS)}: it waits for your AWS account to accept it (the transit gateway attachment "
                "in the AWS console or API). Run this task with wait_for=active to wait until it is available.")

    def error_hint(self, error_type: str | None) -> str | None:
        return HINTS.get(error_type or "")
