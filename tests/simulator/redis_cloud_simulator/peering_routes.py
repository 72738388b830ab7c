# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /v1 routes of VPC peerings. Every one answers a task, the GET included: its list rides in the finished
task's response.resource.peerings (RedisLabs/rediscloud-go-api service/subscriptions ListVPCPeering).

HTTP statuses as the spec documents them: 202 for the single-region routes, 200 for the Active-Active ones.
Active-Active peerings themselves are not simulated: their routes refuse a single-region subscription as the
API does (a task error) and answer 501 for an Active-Active one, so that a test cannot mistake them for played.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from redis_cloud_simulator.errors import ApiError
from redis_cloud_simulator.middleware import SIMULATOR, json_body
from redis_cloud_simulator.networking_validation import check_peering_create, check_peering_update
from redis_cloud_simulator.peering_commands import is_active_active
from redis_cloud_simulator.route_helpers import int_path_parameter, refusal, submit, task_answer, visible_subscription
from redis_cloud_simulator.simulator import Simulator
from redis_cloud_simulator.state import Subscription

peering_routes = web.RouteTableDef()
SINGLE = "/v1/subscriptions/{subscriptionId}/peerings"
ACTIVE_ACTIVE = "/v1/subscriptions/{subscriptionId}/regions/peerings"


def _subscription(request: web.Request, active_active_route: bool) -> tuple[Simulator, Subscription]:
    sim = request.app[SIMULATOR]
    sub = visible_subscription(sim, int_path_parameter(request, "subscriptionId"))
    if active_active_route and is_active_active(sub):
        raise ApiError(501, "NOT_IMPLEMENTED", "The simulator does not play Active-Active VPC peerings")
    return sim, sub


async def _list(request: web.Request, active_active: bool) -> web.Response:
    sim, sub = _subscription(request, active_active)
    payload = {"subscription_id": sub.subscription_id, "active_active": active_active}
    task = submit(request, sim, sim.config["peering_list_command_type"], payload)
    return task_answer(request, sim, task, 200 if active_active else 202)


async def _create(request: web.Request, active_active: bool) -> web.Response:
    sim, sub = _subscription(request, active_active)
    checked = check_peering_create(await json_body(request), active_active)
    forced = refusal(sim, request, sub)
    payload: dict[str, Any] = {"subscription_id": sub.subscription_id, "active_active": active_active,
                               "provider": checked.provider, "request": checked.body, "cidrs": checked.cidrs}
    return task_answer(request, sim, submit(request, sim, "peeringCreateRequest", payload, forced), 200 if active_active else 202)


async def _update(request: web.Request, active_active: bool) -> web.Response:
    sim, sub = _subscription(request, active_active)
    peering_id = int_path_parameter(request, "peeringId")
    cidrs = check_peering_update(await json_body(request), active_active)
    forced = refusal(sim, request, sub)
    payload = {"subscription_id": sub.subscription_id, "active_active": active_active, "peering_id": peering_id, "cidrs": cidrs}
    return task_answer(request, sim, submit(request, sim, "peeringUpdateRequest", payload, forced), 200 if active_active else 202)


async def _delete(request: web.Request, active_active: bool) -> web.Response:
    sim, sub = _subscription(request, active_active)
    peering_id = int_path_parameter(request, "peeringId")
    forced = refusal(sim, request, sub)
    payload = {"subscription_id": sub.subscription_id, "active_active": active_active, "peering_id": peering_id}
    return task_answer(request, sim, submit(request, sim, "peeringDeleteRequest", payload, forced), 200 if active_active else 202)


@peering_routes.get(SINGLE)
async def list_peerings(request: web.Request) -> web.Response:
    return await _list(request, False)


@peering_routes.post(SINGLE)
async def create_peering(request: web.Request) -> web.Response:
    return await _create(request, False)


@peering_routes.put(SINGLE + "/{peeringId}")
async def update_peering(request: web.Request) -> web.Response:
    return await _update(request, False)


@peering_routes.delete(SINGLE + "/{peeringId}")
async def delete_peering(request: web.Request) -> web.Response:
    return await _delete(request, False)


# The Go client sends the Active-Active list and create with a trailing slash (service/subscriptions/service.go).
@peering_routes.get(ACTIVE_ACTIVE)
@peering_routes.get(ACTIVE_ACTIVE + "/")
async def list_active_active_peerings(request: web.Request) -> web.Response:
    return await _list(request, True)


@peering_routes.post(ACTIVE_ACTIVE)
@peering_routes.post(ACTIVE_ACTIVE + "/")
async def create_active_active_peering(request: web.Request) -> web.Response:
    return await _create(request, True)


@peering_routes.put(ACTIVE_ACTIVE + "/{peeringId}")
async def update_active_active_peering(request: web.Request) -> web.Response:
    return await _update(request, True)


@peering_routes.delete(ACTIVE_ACTIVE + "/{peeringId}")
async def delete_active_active_peering(request: web.Request) -> web.Response:
    return await _delete(request, True)
