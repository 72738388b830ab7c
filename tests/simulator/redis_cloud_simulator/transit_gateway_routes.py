# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /v1 routes of AWS transit gateways of single-region Pro subscriptions. Every one answers a task; the two
GETs carry their data in the finished task's response.resource (RedisLabs/rediscloud-go-api
service/transit_gateway/attachments). HTTP statuses as the spec documents them (GET 200, the rest 202).

{TgwId} is the numeric id of the listing, not AWS's tgw-... id.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from redis_cloud_simulator.errors import ApiError
from redis_cloud_simulator.middleware import SIMULATOR, json_body
from redis_cloud_simulator.networking_validation import check_tgw_cidrs
from redis_cloud_simulator.route_helpers import int_path_parameter, refusal, submit, task_answer, visible_subscription
from redis_cloud_simulator.simulator import Simulator
from redis_cloud_simulator.state import Subscription

transit_gateway_routes = web.RouteTableDef()
BASE = "/v1/subscriptions/{subscriptionId}/transitGateways"


def _subscription(request: web.Request) -> tuple[Simulator, Subscription]:
    sim = request.app[SIMULATOR]
    return sim, visible_subscription(sim, int_path_parameter(request, "subscriptionId"))


async def _no_body(request: web.Request) -> None:
    """These operations take no body (the spec names none; the Go client sends none)."""
    body = await json_body(request)
    if body not in (None, {}):
        name = next(iter(body)) if isinstance(body, dict) else "body"
        raise ApiError(400, "UNRECOGNIZED_FIELD", f"Unrecognized field '{name}'")


async def _write(request: web.Request, command_type: str, payload: dict[str, Any]) -> web.Response:
    sim, sub = _subscription(request)
    forced = refusal(sim, request, sub)
    task = submit(request, sim, command_type, {"subscription_id": sub.subscription_id} | payload, forced)
    return task_answer(request, sim, task, 202)


@transit_gateway_routes.get(BASE)
async def list_gateways(request: web.Request) -> web.Response:
    sim, sub = _subscription(request)
    return task_answer(request, sim, submit(request, sim, "tgwGetRequest", {"subscription_id": sub.subscription_id}), 200)


@transit_gateway_routes.get(BASE + "/invitations")
async def list_invitations(request: web.Request) -> web.Response:
    sim, sub = _subscription(request)
    payload = {"subscription_id": sub.subscription_id, "iso": sim.clock.iso}
    return task_answer(request, sim, submit(request, sim, "tgwInvitationsGetRequest", payload), 200)


@transit_gateway_routes.put(BASE + "/invitations/{tgwInvitationId}/accept")
async def accept_invitation(request: web.Request) -> web.Response:
    await _no_body(request)
    invitation_id = int_path_parameter(request, "tgwInvitationId")
    return await _write(request, "tgwAcceptInvitationRequest", {"invitation_id": invitation_id})


@transit_gateway_routes.put(BASE + "/invitations/{tgwInvitationId}/reject")
async def reject_invitation(request: web.Request) -> web.Response:
    await _no_body(request)
    invitation_id = int_path_parameter(request, "tgwInvitationId")
    return await _write(request, "tgwRejectInvitationRequest", {"invitation_id": invitation_id})


@transit_gateway_routes.post(BASE + "/{TgwId}/attachment")
async def create_attachment(request: web.Request) -> web.Response:
    await _no_body(request)
    return await _write(request, "tgwAttachmentCreateRequest", {"tgw_id": int_path_parameter(request, "TgwId")})


@transit_gateway_routes.put(BASE + "/{TgwId}/attachment")
async def update_cidrs(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    cidrs = check_tgw_cidrs(await json_body(request), sim.config["tgw_cidrs_request"] == "strings_or_objects")
    return await _write(request, "tgwUpdateCidrsRequest", {"tgw_id": int_path_parameter(request, "TgwId"), "cidrs": cidrs})


@transit_gateway_routes.delete(BASE + "/{TgwId}/attachment")
async def delete_attachment(request: web.Request) -> web.Response:
    return await _write(request, "tgwAttachmentDeleteRequest", {"tgw_id": int_path_parameter(request, "TgwId")})
