# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /v1/fixed routes of Essentials subscriptions, their databases and the databases' tags (plans: essentials_plan_routes.py).

Writes answer with a task, with the HTTP status the spec gives each operation (POST /fixed/subscriptions 202,
PUT 202, DELETE 200; POST, PUT and DELETE of a database 200). Bodies are checked against the spec's schemas,
which name no dryRun and none of the create-only fields in an update: UNRECOGNIZED_FIELD (redis/redisctl
issue #424). A new subscription or database is readable at once (the Terraform provider reads it by id right
after the task and fails on a 404).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from redis_cloud_simulator.errors import bad_request, not_found
from redis_cloud_simulator.essentials_state import FixedDatabase, FixedSubscription
from redis_cloud_simulator.essentials_view import database_body, subscription_body
from redis_cloud_simulator.middleware import SIMULATOR, json_body, json_response
from redis_cloud_simulator.route_helpers import base_url, int_path_parameter, status_refusal, submit, task_answer
from redis_cloud_simulator.simulator import Simulator
from redis_cloud_simulator.state import ACCOUNT_ID
from redis_cloud_simulator.tag_routes import add_tag_routes
from redis_cloud_simulator.validation import check_database_name, check_database_sizes, check_modules, check_schema
from redis_cloud_simulator.views import link

essentials_routes = web.RouteTableDef()
_SUBSCRIPTION = "/v1/fixed/subscriptions/{subscriptionId}"
_DATABASE = _SUBSCRIPTION + "/databases/{databaseId}"


def _visible_subscription(sim: Simulator, request: web.Request) -> FixedSubscription:
    subscription_id = int_path_parameter(request, "subscriptionId")
    sub = sim.state.essentials.subscription(subscription_id, sim.now())
    if sub is None:
        raise not_found(f"Subscription {subscription_id}", "SUBSCRIPTION_NOT_FOUND")
    return sub


def _visible_database(sim: Simulator, request: web.Request) -> tuple[FixedSubscription, FixedDatabase]:
    sub = _visible_subscription(sim, request)
    database_id = int_path_parameter(request, "databaseId")
    database = sim.state.essentials.database(sub, database_id, sim.now())
    if database is None:
        raise not_found(f"Database {database_id}", "DATABASE_NOT_FOUND")
    return sub, database


def _refusal(sim: Simulator, request: web.Request, sub: FixedSubscription, database_write: bool = False) -> dict[str, Any] | None:
    status = sim.state.essentials.subscription_status(sub, sim.now())
    return status_refusal(sim, request, status, sub.subscription_id, database_write)


def _subscription_json(sim: Simulator, request: web.Request, sub: FixedSubscription, self_link: bool) -> dict[str, Any]:
    links = [link(base_url(request), "self", f"/fixed/subscriptions/{sub.subscription_id}")] if self_link else []
    return subscription_body(sub, sim.state.essentials.subscription_status(sub, sim.now()), sim.clock.iso, links)


def _database_json(sim: Simulator, request: web.Request, sub: FixedSubscription, database: FixedDatabase,
                   with_password: bool) -> dict[str, Any]:
    status = database.timeline.status(sim.now()) or "draft"
    return database_body(database, sub, status, sim.clock.iso, base_url(request), with_password)


def _paging(request: web.Request) -> tuple[int, int]:
    try:
        offset, limit = int(request.query.get("offset", 0)), int(request.query.get("limit", 100))
    except ValueError:
        raise bad_request("offset and limit must be integers") from None
    if offset < 0 or limit < 1:
        raise bad_request("offset must be at least 0 and limit at least 1")
    return offset, limit


# -- subscriptions --------------------------------------------------------------------------------------

@essentials_routes.get("/v1/fixed/subscriptions")
async def list_subscriptions(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    now = sim.now()
    subs = [_subscription_json(sim, request, sub, False) for sub in sim.state.essentials.subscriptions.values()
            if not sub.timeline.gone(now)]
    return json_response({"accountId": ACCOUNT_ID, "subscriptions": subs,
                          "links": [link(base_url(request), "self", "/fixed/subscriptions")]})


@essentials_routes.post("/v1/fixed/subscriptions")
async def create_subscription(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    body = await json_body(request)
    check_schema("FixedSubscriptionCreateRequest", body)
    ends_in_error = sim.faults.pick(("subscription_error",), request.method, request.path) is not None
    task = submit(request, sim, "fixedSubscriptionCreateRequest", {"request": body, "ends_in_error": ends_in_error})
    return task_answer(request, sim, task, 202)


@essentials_routes.get(_SUBSCRIPTION)
async def get_subscription(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    return json_response(_subscription_json(sim, request, _visible_subscription(sim, request), True))


@essentials_routes.put(_SUBSCRIPTION)
async def update_subscription(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub = _visible_subscription(sim, request)
    changes = await json_body(request)
    check_schema("FixedSubscriptionUpdateRequest", changes)
    if not changes:
        raise bad_request("the update request is empty")
    forced = _refusal(sim, request, sub)
    payload = {"subscription_id": sub.subscription_id, "changes": changes}
    return task_answer(request, sim, submit(request, sim, "fixedSubscriptionUpdateRequest", payload, forced), 202)


@essentials_routes.delete(_SUBSCRIPTION)
async def delete_subscription(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub = _visible_subscription(sim, request)
    forced = _refusal(sim, request, sub)
    payload = {"subscription_id": sub.subscription_id}
    return task_answer(request, sim, submit(request, sim, "fixedSubscriptionDeleteRequest", payload, forced), 200)


# -- databases ------------------------------------------------------------------------------------------

@essentials_routes.get(_SUBSCRIPTION + "/databases")
async def list_databases(request: web.Request) -> web.Response:
    """{"accountId", "subscription": {...}, "links"}: `subscription` is an object here (Pro: a list).

    A page past the end (or a subscription without databases) is a 200 with an empty list, not Pro's 404:
    RedisLabs/rediscloud-go-api fixed_database_test.go TestFixedDatabase_List (offset=100 answers "databases": []
    with "numberOfDatabases": 0) and service/fixed/databases/service.go ("This API doesn't give an error when
    nothing is found"). numberOfDatabases counts the page, as both recorded pages do.
    """
    sim = request.app[SIMULATOR]
    sub = _visible_subscription(sim, request)
    offset, limit = _paging(request)
    page = sim.state.essentials.live_databases(sub, sim.now())[offset:offset + limit]
    base, path = base_url(request), f"/fixed/subscriptions/{sub.subscription_id}/databases"
    return json_response({
        "accountId": ACCOUNT_ID,
        "subscription": {"subscriptionId": sub.subscription_id, "numberOfDatabases": len(page),
                         "databases": [_database_json(sim, request, sub, database, False) for database in page], "links": []},
        "links": [link(base, "self", f"{path}?offset={offset}&limit={limit}")],
    })


@essentials_routes.post(_SUBSCRIPTION + "/databases")
async def create_database(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub = _visible_subscription(sim, request)
    body = await json_body(request)
    check_schema("FixedDatabaseCreateRequest", body)
    check_database_name("body", body["name"])
    check_database_sizes("body", body)
    check_modules("body", body)
    forced = _refusal(sim, request, sub, database_write=True)
    ends_in_error = sim.faults.pick(("database_error",), request.method, request.path) is not None
    payload = {"subscription_id": sub.subscription_id, "request": body, "ends_in_error": ends_in_error}
    return task_answer(request, sim, submit(request, sim, "fixedDatabaseCreateRequest", payload, forced), 200)


@essentials_routes.get(_DATABASE)
async def get_database(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub, database = _visible_database(sim, request)
    return json_response(_database_json(sim, request, sub, database, True))


@essentials_routes.put(_DATABASE)
async def update_database(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub, database = _visible_database(sim, request)
    changes = await json_body(request)
    check_schema("FixedDatabaseUpdateRequest", changes)
    if "name" in changes:
        check_database_name("body", changes["name"])
    check_database_sizes("body", changes)
    forced = _refusal(sim, request, sub, database_write=True)
    payload = {"subscription_id": sub.subscription_id, "database_id": database.database_id, "changes": changes}
    return task_answer(request, sim, submit(request, sim, "fixedDatabaseUpdateRequest", payload, forced), 200)


@essentials_routes.delete(_DATABASE)
async def delete_database(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub, database = _visible_database(sim, request)
    forced = _refusal(sim, request, sub, database_write=True)
    payload = {"subscription_id": sub.subscription_id, "database_id": database.database_id}
    return task_answer(request, sim, submit(request, sim, "fixedDatabaseDeleteRequest", payload, forced), 200)


# Tags: synchronous, the same operations as a Pro database's (the spec's getTags_1 ... deleteTag_1; the Terraform
# provider writes Essentials tags with the Go client's Tags.PutFixed right after the database update).
add_tag_routes(essentials_routes, _DATABASE + "/tags", lambda sim, request: _visible_database(sim, request)[1])
