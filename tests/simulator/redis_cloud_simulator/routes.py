# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /v1 routes: tasks, Pro subscriptions, their databases, payment methods."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from redis_cloud_simulator.errors import ApiError, bad_request, not_found
from redis_cloud_simulator.middleware import SIMULATOR, json_body, json_response
from redis_cloud_simulator.simulator import Simulator
from redis_cloud_simulator.state import ACCOUNT_ID, PAYMENT_METHODS, Subscription, Task
from redis_cloud_simulator.validation import check_subscription_create, check_subscription_update
from redis_cloud_simulator.views import database_body, link, subscription_body, task_body

routes = web.RouteTableDef()


def _base_url(request: web.Request) -> str:
    return str(request.url.origin())


def _int_path_parameter(request: web.Request, name: str) -> int:
    try:
        return int(request.match_info[name])
    except ValueError:
        raise bad_request(f"{name} must be an integer") from None


def _task_answer(request: web.Request, sim: Simulator, task: Task, status: int) -> web.Response:
    return json_response(task_body(task, sim.clock.iso, _base_url(request)), status=status)


def _submit(request: web.Request, sim: Simulator, command_type: str, payload: dict[str, Any],
            forced_error: dict[str, Any] | None = None) -> Task:
    """Queue a task, with any task faults a rule injects into this request."""
    hidden = sim.faults.pick(("task_not_found",), request.method, request.path)
    failing = sim.faults.pick(("task_error",), request.method, request.path)
    if failing is not None:
        forced_error = {key: failing[key] for key in ("error_type", "error_status", "description")}
    return sim.lifecycle.submit(sim.now(), command_type, payload, hidden["seconds"] if hidden else 0.0, forced_error)


def _visible_subscription(sim: Simulator, subscription_id: int) -> Subscription:
    sub = sim.state.subscriptions.get(subscription_id)
    # Just after its create task completes a subscription is not yet readable (eventual consistency).
    if sub is None or sub.deleted or sim.now() < sub.visible_at:
        raise not_found(f"Subscription {subscription_id}", "SUBSCRIPTION_NOT_FOUND")
    return sub


def _not_active_error(sim: Simulator, request: web.Request, sub: Subscription) -> dict[str, Any] | None:
    """SUBSCRIPTION_NOT_ACTIVE for a change: an HTTP 403, or (not_active_error=task) the task's error."""
    injected = sim.faults.pick(("not_active",), request.method, request.path) is not None
    if sub.status == "active" and not injected:
        return None
    description = f"Subscription {sub.subscription_id} is not active"
    if sim.config["not_active_error"] == "http":
        raise ApiError(403, "SUBSCRIPTION_NOT_ACTIVE", description)
    return {"error_type": "SUBSCRIPTION_NOT_ACTIVE", "error_status": 403, "description": description} if injected else None


@routes.get("/v1/tasks")
async def list_tasks(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    now, keep = sim.now(), sim.config["finished_tasks_listed_seconds"]
    listed = [task for task in sim.state.tasks.values()
              if task.visible_at <= now and (task.finished_at is None or now - task.finished_at <= keep)]
    return json_response({"tasks": [task_body(task, sim.clock.iso, _base_url(request)) for task in listed]})


@routes.get("/v1/tasks/{taskId}")
async def get_task(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    task = sim.state.tasks.get(request.match_info["taskId"])
    if task is None or sim.now() < task.visible_at:
        raise not_found(f"Task {request.match_info['taskId']}")
    return _task_answer(request, sim, task, 200)


@routes.get("/v1/subscriptions")
async def list_subscriptions(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    now = sim.now()
    subs = [subscription_body(sub, sim.state.live_databases(sub), _base_url(request))
            for sub in sim.state.subscriptions.values() if not sub.deleted and now >= sub.visible_at]
    return json_response({"accountId": ACCOUNT_ID, "subscriptions": subs,
                          "links": [link(_base_url(request), "self", "/subscriptions")]})


@routes.post("/v1/subscriptions")
async def create_subscription(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    plan = await json_body(request)
    check_subscription_create(plan)
    ends_in_error = False
    if not plan.get("dryRun", False):
        ends_in_error = sim.faults.pick(("subscription_error",), request.method, request.path) is not None
    task = _submit(request, sim, "subscriptionCreateRequest", {"plan": plan, "ends_in_error": ends_in_error})
    return _task_answer(request, sim, task, 202)


@routes.get("/v1/subscriptions/{subscriptionId}")
async def get_subscription(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub = _visible_subscription(sim, _int_path_parameter(request, "subscriptionId"))
    return json_response(subscription_body(sub, sim.state.live_databases(sub), _base_url(request)))


@routes.put("/v1/subscriptions/{subscriptionId}")
async def update_subscription(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub = _visible_subscription(sim, _int_path_parameter(request, "subscriptionId"))
    changes = await json_body(request)
    check_subscription_update(changes)
    forced = _not_active_error(sim, request, sub)
    payload = {"subscription_id": sub.subscription_id, "changes": changes}
    return _task_answer(request, sim, _submit(request, sim, "subscriptionUpdateRequest", payload, forced), 200)


@routes.delete("/v1/subscriptions/{subscriptionId}")
async def delete_subscription(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub = _visible_subscription(sim, _int_path_parameter(request, "subscriptionId"))
    forced = _not_active_error(sim, request, sub)
    payload = {"subscription_id": sub.subscription_id}
    return _task_answer(request, sim, _submit(request, sim, "subscriptionDeleteRequest", payload, forced), 200)


@routes.get("/v1/subscriptions/{subscriptionId}/databases")
async def list_databases(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub = _visible_subscription(sim, _int_path_parameter(request, "subscriptionId"))
    try:
        offset = int(request.query.get("offset", 0))
        limit = int(request.query.get("limit", 100))
    except ValueError:
        raise bad_request("offset and limit must be integers") from None
    databases = sim.state.live_databases(sub)
    base = _base_url(request)
    page = [database_body(db, sub, sim.clock.iso, base) for db in databases[offset:offset + limit]]
    return json_response({
        "accountId": ACCOUNT_ID,
        "subscription": [{"subscriptionId": sub.subscription_id, "numberOfDatabases": len(databases),
                          "databases": page, "links": []}],
        "links": [link(base, "self", f"/subscriptions/{sub.subscription_id}/databases?offset={offset}&limit={limit}")],
    })


def _database(sim: Simulator, request: web.Request) -> tuple[Subscription, int]:
    sub = _visible_subscription(sim, _int_path_parameter(request, "subscriptionId"))
    database_id = _int_path_parameter(request, "databaseId")
    database = sim.state.databases.get(database_id)
    if database is None or database.deleted or database.subscription_id != sub.subscription_id:
        raise not_found(f"Database {database_id}", "DATABASE_NOT_FOUND")
    return sub, database_id


@routes.get("/v1/subscriptions/{subscriptionId}/databases/{databaseId}")
async def get_database(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub, database_id = _database(sim, request)
    return json_response(database_body(sim.state.databases[database_id], sub, sim.clock.iso, _base_url(request)))


@routes.delete("/v1/subscriptions/{subscriptionId}/databases/{databaseId}")
async def delete_database(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub, database_id = _database(sim, request)
    payload = {"subscription_id": sub.subscription_id, "database_id": database_id}
    return _task_answer(request, sim, _submit(request, sim, "databaseDeleteRequest", payload), 200)


@routes.get("/v1/payment-methods")
async def list_payment_methods(request: web.Request) -> web.Response:
    return json_response({"accountId": ACCOUNT_ID, "paymentMethods": list(PAYMENT_METHODS),
                          "links": [link(_base_url(request), "self", "/payment-methods")]})
