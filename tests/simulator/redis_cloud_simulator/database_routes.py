# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /v1 routes of Pro databases."""

from __future__ import annotations

from aiohttp import web

from typing import Any

from redis_cloud_simulator.catalog import DEFAULT_REDIS_VERSION
from redis_cloud_simulator.errors import ApiError, bad_request
from redis_cloud_simulator.middleware import SIMULATOR, json_body, json_response
from redis_cloud_simulator.route_helpers import (base_url, int_path_parameter, refusal, submit, task_answer,
                                                 visible_database, visible_subscription)
from redis_cloud_simulator.state import ACCOUNT_ID, NEVER
from redis_cloud_simulator.validation import check_database_create, check_database_update, check_schema
from redis_cloud_simulator.database_view import database_body
from redis_cloud_simulator.views import link

database_routes = web.RouteTableDef()


def _paging(request: web.Request) -> tuple[int, int]:
    try:
        offset = int(request.query.get("offset", 0))
        limit = int(request.query.get("limit", 100))
    except ValueError:
        raise bad_request("offset and limit must be integers") from None
    if offset < 0 or limit < 1:
        raise bad_request("offset must be at least 0 and limit at least 1")
    return offset, limit


@database_routes.get("/v1/subscriptions/{subscriptionId}/databases")
async def list_databases(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub = visible_subscription(sim, int_path_parameter(request, "subscriptionId"))
    offset, limit = _paging(request)
    databases = sim.state.listed_databases(sub, sim.now())
    page = databases[offset:offset + limit]
    if not page:
        # No databases (or a page past the end) is an HTTP 404, not an empty list: danitseitlin/redis-cloud-api-sdk
        # tests/integration/cleanup.ts (live), RedisLabs/rediscloud-go-api database_test.go TestDatabase_List.
        raise ApiError(404, "DATABASE_NOT_FOUND", f"Subscription {sub.subscription_id}: no databases found",
                       message=f"Subscription {sub.subscription_id}: no databases found")
    base = base_url(request)
    return json_response({
        "accountId": ACCOUNT_ID,
        "subscription": [{"subscriptionId": sub.subscription_id, "numberOfDatabases": len(databases),
                          "databases": [database_body(db, sub, sim.clock.iso, base, sim.now(), sim.config) for db in page],
                          "links": []}],
        "links": [link(base, "self", f"/subscriptions/{sub.subscription_id}/databases?offset={offset}&limit={limit}")],
    })


@database_routes.post("/v1/subscriptions/{subscriptionId}/databases")
async def create_database(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub = visible_subscription(sim, int_path_parameter(request, "subscriptionId"))
    body = await json_body(request)
    check_database_create(body)
    forced = refusal(sim, request, sub, database_write=True)
    ends_in_error = False
    if not body.get("dryRun", False):
        ends_in_error = sim.faults.pick(("database_error",), request.method, request.path) is not None
    payload: dict[str, Any] = {"subscription_id": sub.subscription_id, "request": body, "ends_in_error": ends_in_error}
    return task_answer(request, sim, submit(request, sim, "databaseCreateRequest", payload, forced), 202)


@database_routes.put("/v1/subscriptions/{subscriptionId}/databases/{databaseId}")
async def update_database(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub, database = visible_database(sim, request)
    changes = await json_body(request)
    check_database_update(changes)
    forced = refusal(sim, request, sub, database_write=True)
    payload = {"subscription_id": sub.subscription_id, "database_id": database.database_id, "changes": changes}
    return task_answer(request, sim, submit(request, sim, "databaseUpdateRequest", payload, forced), 200)


@database_routes.post("/v1/subscriptions/{subscriptionId}/databases/{databaseId}/upgrade")
async def upgrade_database(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub, database = visible_database(sim, request)
    body = await json_body(request)
    check_schema("DatabaseUpgradeRedisVersionRequest", body)
    forced = refusal(sim, request, sub, database_write=True)
    payload = {"subscription_id": sub.subscription_id, "database_id": database.database_id,
               "target": body["targetRedisVersion"]}
    return task_answer(request, sim, submit(request, sim, "databaseUpgradeRequest", payload, forced), 200)


@database_routes.get("/v1/subscriptions/{subscriptionId}/databases/{databaseId}/upgrade")
async def upgrade_status(request: web.Request) -> web.Response:
    """BdbVersionUpgradeStatus: the upgrade under way, else done at the current version."""
    sim = request.app[SIMULATOR]
    dummy, database = visible_database(sim, request)
    if database.target_redis_version is not None and database.settles_at != NEVER:
        duration = sim.config["database_change_seconds"] or 1.0
        progress = 100.0 * (1 - (database.settles_at - sim.now()) / duration)
        return json_response({"databaseId": database.database_id, "targetRedisVersion": database.target_redis_version,
                              "progress": round(min(max(progress, 0.0), 99.0), 1), "upgradeStatus": "in-progress"})
    return json_response({"databaseId": database.database_id, "progress": 100.0, "upgradeStatus": "done",
                          "targetRedisVersion": database.spec.get("redisVersion", DEFAULT_REDIS_VERSION)})


@database_routes.get("/v1/subscriptions/{subscriptionId}/databases/{databaseId}")
async def get_database(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub, database = visible_database(sim, request)
    return json_response(database_body(database, sub, sim.clock.iso, base_url(request), sim.now(), sim.config))


@database_routes.delete("/v1/subscriptions/{subscriptionId}/databases/{databaseId}")
async def delete_database(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub, database = visible_database(sim, request)
    forced = refusal(sim, request, sub, database_write=True)
    payload = {"subscription_id": sub.subscription_id, "database_id": database.database_id}
    return task_answer(request, sim, submit(request, sim, "databaseDeleteRequest", payload, forced), 200)
