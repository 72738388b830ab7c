# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""JSON bodies of VPC peerings, transit gateways and their invitations, as the live API's tasks carry them.

Field names are the answers' (RedisLabs/rediscloud-go-api subscription_test.go, transit_gateway_attachments_test.go),
which differ from the requests': vpcId -> vpcUid, region -> regionName, vpcProjectUid -> projectUid,
vpcNetworkName -> networkName.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from redis_cloud_simulator.networking_state import Invitation, Peering, TransitGateway

Iso = Callable[[float], str]


def _aws_cidrs(peering: Peering) -> dict[str, Any]:
    """One CIDR reads back as vpcCidr, without vpcCidrs, even when it was sent as vpcCidrs (terraform-provider-rediscloud
    resource_rediscloud_subscription_peering.go). Several read back as vpcCidrs objects {vpcCidr, active}, `active`
    typed a string by both clients that read it (Go client subscriptions.CIDR, redis-cloud-rs VpcCidr); its values
    are not recorded."""
    if len(peering.cidrs) == 1:
        return {"vpcCidr": peering.cidrs[0]}
    return {"vpcCidrs": [{"vpcCidr": cidr, "active": "true"} for cidr in peering.cidrs]}


def peering_body(peering: Peering, at: float) -> dict[str, Any]:
    """A listed peering: no description (the fixtures carry none); cloud-side ids once the request was initiated."""
    status = peering.status_at(at)
    initiated = at >= peering.initiated_at
    if peering.provider == "GCP":
        body: dict[str, Any] = {"vpcPeeringId": peering.peering_id, "projectUid": peering.gcp_project_uid,
                                "networkName": peering.gcp_network_name, "redisProjectUid": peering.redis_project_uid,
                                "redisNetworkName": peering.redis_network_name}
        if initiated:
            body["cloudPeeringId"] = peering.cloud_peering_id
        return body | {"status": status}
    body = {"vpcPeeringId": peering.peering_id, "awsAccountId": peering.aws_account_id, "vpcUid": peering.vpc_id,
            **_aws_cidrs(peering)}
    if initiated:
        body["awsPeeringUid"] = peering.aws_peering_uid
    return body | {"status": status, "regionName": peering.region}


def transit_gateway_body(tgw: TransitGateway, at: float, attachment_seconds: float) -> dict[str, Any]:
    """`status` is the gateway's own (available from the start); the attachment's fields show once there is one."""
    body: dict[str, Any] = {"id": tgw.tgw_id, "awsTgwUid": tgw.aws_tgw_uid, "status": "available",
                            "awsAccountId": tgw.aws_account_id}
    attachment_status = tgw.attachment_status_at(at, attachment_seconds)
    if attachment_status is not None:
        body["attachmentUid"] = tgw.attachment_uid
        body["attachmentStatus"] = attachment_status
    cidrs = tgw.cidrs if attachment_status is not None else []
    # The status of a CIDR is not recorded (the Go client only names the field).
    return body | {"cidrs": [{"cidrAddress": cidr, "status": "active"} for cidr in cidrs]}


def invitation_body(invitation: Invitation, iso: Iso) -> dict[str, Any]:
    # sharedDate as the Go client's fixture writes it: "2024-07-16T00:00:00.000+00:00".
    return {"id": invitation.invitation_id, "name": invitation.name, "resourceShareUid": invitation.resource_share_uid,
            "awsAccountId": invitation.aws_account_id, "status": invitation.status,
            "sharedDate": iso(invitation.shared_at).replace("Z", "+00:00")}
