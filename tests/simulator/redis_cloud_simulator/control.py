# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /_simulator control routes (no auth): reset, request log, config, state, faults, old tasks, the end of listing lags."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from redis_cloud_simulator.config import ConfigError
from redis_cloud_simulator.middleware import SIMULATOR

control_routes = web.RouteTableDef()


async def _json_object(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    try:
        body = json.loads(await request.read() or b"{}")
    except ValueError:
        raise web.HTTPBadRequest(text=json.dumps({"error": "the body is not valid JSON"}), content_type="application/json")
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text=json.dumps({"error": "the body must be a JSON object"}), content_type="application/json")
    return body


def _config_error(error: ConfigError) -> web.Response:
    return web.json_response({"error": str(error)}, status=400)


@control_routes.post("/_simulator/reset")
async def reset(request: web.Request) -> web.Response:
    body = await _json_object(request)
    try:
        request.app[SIMULATOR].reset(body.get("config"))
    except ConfigError as error:
        return _config_error(error)
    return web.json_response({"reset": True, "config": request.app[SIMULATOR].config})


@control_routes.get("/_simulator/requests")
async def requests_log(request: web.Request) -> web.Response:
    return web.json_response({"requests": request.app[SIMULATOR].requests.entries()})


@control_routes.get("/_simulator/config")
async def get_config(request: web.Request) -> web.Response:
    return web.json_response(request.app[SIMULATOR].config)


@control_routes.put("/_simulator/config")
async def put_config(request: web.Request) -> web.Response:
    try:
        request.app[SIMULATOR].update_config(await _json_object(request))
    except ConfigError as error:
        return _config_error(error)
    return web.json_response(request.app[SIMULATOR].config)


@control_routes.get("/_simulator/state")
async def get_state(request: web.Request) -> web.Response:
    return web.json_response(request.app[SIMULATOR].snapshot())


@control_routes.post("/_simulator/old-tasks")
async def add_old_tasks(request: web.Request) -> web.Response:
    """Pre-load finished tasks: {"count": 300, "commandType": "subscriptionCreateRequest", "max_age_seconds": 864000}."""
    body = await _json_object(request)
    count, command_type = body.get("count"), body.get("commandType", "subscriptionCreateRequest")
    max_age = body.get("max_age_seconds", 864000)
    if isinstance(count, bool) or not isinstance(count, int) or isinstance(max_age, bool) or not isinstance(max_age, (int, float)):
        return web.json_response({"error": "count must be an integer and max_age_seconds a number"}, status=400)
    try:
        request.app[SIMULATOR].preload_finished_tasks(count, command_type, float(max_age))
    except ValueError as error:
        return web.json_response({"error": str(error)}, status=400)
    return web.json_response({"tasks": len(request.app[SIMULATOR].state.tasks)})


@control_routes.post("/_simulator/end-subscription-lags")
async def end_subscription_lags(request: web.Request) -> web.Response:
    """The listing lags of new subscriptions end now: {"shown": [ids]} (a test's release of a held lag)."""
    return web.json_response({"shown": request.app[SIMULATOR].end_subscription_lags()})


@control_routes.get("/_simulator/faults")
async def get_faults(request: web.Request) -> web.Response:
    return web.json_response(request.app[SIMULATOR].faults.describe())
