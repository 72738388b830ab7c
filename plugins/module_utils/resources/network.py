# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What redis_cloud_network_info reads: the VPC peerings, transit gateways, their invitations and attachments of a subscription.

Each of the three listings answers a task (so each costs a task of the account, in check mode too); the attachments
are the gateways' attachment fields. The API answers them only for an active subscription (SUBSCRIPTION_NOT_ACTIVE),
so a pending one is waited for (with wait) or told; transit gateways exist on AWS only, so a GCP subscription's are
not read (the API refuses: TGW_CLOUD_PROVIDER_IS_NOT_SUPPORTED).
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import Resources
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.resources.networking import cidr_key, subscription_problem, subscription_provider
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import (
    ATTACHMENT_STATUS, SUBSCRIPTION, TRANSIT_GATEWAY, TRANSIT_GATEWAY_INVITATION, VPC_PEERING,
)

GATHER = ["peerings", "transit_gateways", "invitations"]
NETWORK_INFO_OPTIONS: dict[str, Any] = {
    "subscription_id": {"type": "int", "required": True},
    "gather": {"type": "list", "elements": "str", "choices": GATHER, "default": GATHER},
}


def attachment_view(gateway: dict[str, Any]) -> dict[str, Any]:
    """A gateway's attachment, on its own: the ids to accept it with on the AWS side, its status and CIDRs."""
    return {"tgw_id": gateway.get("id"), "aws_tgw_id": gateway.get("awsTgwUid"), "attachment_uid": gateway.get("attachmentUid"),
            "status": gateway.get(ATTACHMENT_STATUS), "cidrs": cidr_key(gateway.get("cidrs") or [])}


def read_network(params: dict[str, Any], run: Run) -> dict[str, Any]:
    subscription_id, gather = params["subscription_id"], set(params["gather"])
    subscriptions = Resources(SUBSCRIPTION, run)
    subscription = subscriptions.get(subscription_id)
    if subscription is None:
        raise RedisCloudError(f"Subscription {subscription_id} was not found. Check subscription_id, and that the API key belongs "
                              "to the account that owns it.", status=404, method="GET", path=subscriptions.item_path(subscription_id))
    problem = subscription_problem(subscription, "private network")
    if problem:
        raise RedisCloudError(f"{problem} Nothing else was read.")
    if not subscriptions.is_settled(subscription):
        if not params["wait"]:
            raise RedisCloudError(f"Subscription {subscription_id} is {subscriptions.status(subscription)}: the API answers its network "
                                  "reads only once it is active. Set wait=true to wait for it.", last_status=subscriptions.status(subscription))
        subscription = subscriptions.wait_settled(subscription_id, seen=True)

    def listed(rtype: Any) -> list[dict[str, Any]]:
        # A read refused because the subscription turned busy meanwhile is sent again once it is active.
        return Resources(rtype, run, subscription_id, refused_read=lambda: subscriptions.wait_settled(subscription_id, seen=True)).list()

    aws = subscription_provider(subscription) == "AWS"
    gateways = listed(TRANSIT_GATEWAY) if aws and "transit_gateways" in gather else []
    return {
        "changed": False,
        "peerings": listed(VPC_PEERING) if "peerings" in gather else [],
        "transit_gateways": gateways,
        "attachments": [attachment_view(gateway) for gateway in gateways if gateway.get(ATTACHMENT_STATUS) is not None],
        "invitations": listed(TRANSIT_GATEWAY_INVITATION) if aws and "invitations" in gather else [],
    }
