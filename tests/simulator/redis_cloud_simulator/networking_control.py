# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /_simulator control routes that stand for the customer's cloud side (no auth, never rate limited).

- POST /_simulator/peerings/{peeringId}/accept | reject | fail: the AWS side accepts or rejects the peering
  request, or the peering fails; for GCP, accept stands for the other half being created on Google's side.
- POST /_simulator/subscriptions/{subscriptionId}/transit-gateway-shares: the AWS side shares a transit gateway
  with the subscription's account (AWS RAM): an invitation appears.
- POST /_simulator/transit-gateways/{tgwId}/attachment/accept | reject: the AWS side answers the attachment.
"""

from __future__ import annotations

import re

from aiohttp import web

from redis_cloud_simulator.control_helpers import control_body, control_error, int_parameter
from redis_cloud_simulator.middleware import SIMULATOR
from redis_cloud_simulator.networking_state import Invitation

networking_control_routes = web.RouteTableDef()
AWS_ACCOUNT_ID = re.compile(r"^\d{12}$")
# What each side can decide, from which status.
_PEERING_DECISIONS = {
    ("AWS", "accept"): (("pending-acceptance",), "active"),
    ("AWS", "reject"): (("pending-acceptance",), "rejected"),
    ("GCP", "accept"): (("inactive",), "active"),
    ("AWS", "fail"): (("initiating-request", "pending-acceptance", "active"), "failed"),
    ("GCP", "fail"): (("initiating-request", "inactive", "active"), "failed"),
}


@networking_control_routes.post("/_simulator/peerings/{peeringId}/{decision:accept|reject|fail}")
async def decide_peering(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    now = sim.advance()
    peering = sim.state.networking.peerings.get(int_parameter(request, "peeringId"))
    if peering is None or peering.deleted:
        raise control_error(404, "no such peering")
    decision = request.match_info["decision"]
    allowed = _PEERING_DECISIONS.get((peering.provider, decision))
    status = peering.status_at(now)
    if allowed is None or status not in allowed[0]:
        raise control_error(409, f"a {peering.provider} peering that is {status} cannot be {decision}ed from the cloud side")
    peering.outcome, peering.outcome_at = allowed[1], now
    return web.json_response({"peeringId": peering.peering_id, "status": peering.status_at(now)})


@networking_control_routes.post("/_simulator/subscriptions/{subscriptionId}/transit-gateway-shares")
async def share_transit_gateway(request: web.Request) -> web.Response:
    """{"awsAccountId": "123456789012", "name": "my-share"}: both optional."""
    sim = request.app[SIMULATOR]
    now = sim.advance()
    sub = sim.state.subscriptions.get(int_parameter(request, "subscriptionId"))
    if sub is None or sub.deleted:
        raise control_error(404, "no such subscription")
    body = await control_body(request)
    if set(body) - {"awsAccountId", "name"}:
        raise control_error(400, f"unknown keys {sorted(set(body) - {'awsAccountId', 'name'})}")
    account = body.get("awsAccountId", "620187402834")
    if not isinstance(account, str) or not AWS_ACCOUNT_ID.match(account):
        raise control_error(400, "awsAccountId must be 12 digits")
    networking = sim.state.networking
    invitation_id = networking.next_invitation_id
    name = body.get("name", f"tgw-share-{invitation_id}")
    if not isinstance(name, str):
        raise control_error(400, "name must be a string")
    region = sub.plan["cloudProviders"][0]["regions"][0]["region"]
    unique = sim.lifecycle.new_task_id().replace("-", "")
    invitation = Invitation(invitation_id, sub.subscription_id, name,
                            f"arn:aws:ram:{region}:{account}:resource-share/{unique[:8]}-{unique[8:12]}-{unique[12:24]}",
                            account, f"tgw-{unique[-17:]}", shared_at=now)
    networking.invitations[invitation_id] = invitation
    networking.next_invitation_id += 1
    return web.json_response({"invitationId": invitation_id, "awsTgwUid": invitation.aws_tgw_uid,
                              "resourceShareUid": invitation.resource_share_uid})


@networking_control_routes.post("/_simulator/transit-gateways/{tgwId}/attachment/{decision:accept|reject}")
async def decide_attachment(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    now = sim.advance()
    tgw = sim.state.networking.transit_gateways.get(int_parameter(request, "tgwId"))
    if tgw is None:
        raise control_error(404, "no such transit gateway")
    seconds = sim.config["tgw_attachment_seconds"]
    status = tgw.attachment_status_at(now, seconds)
    if status != "pendingAcceptance":
        raise control_error(409, f"the attachment is {status or 'absent'}: only a pendingAcceptance one can be answered")
    tgw.aws_decision = "accepted" if request.match_info["decision"] == "accept" else "rejected"
    tgw.decided_at = now
    return web.json_response({"tgwId": tgw.tgw_id, "attachmentStatus": tgw.attachment_status_at(now, seconds)})
