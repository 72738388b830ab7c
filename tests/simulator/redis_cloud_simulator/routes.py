# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /v1 routes of tasks, Pro subscriptions and payment methods (databases: database_routes.py)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from redis_cloud_simulator.errors import not_found
from redis_cloud_simulator.middleware import SIMULATOR, json_body, json_response
from redis_cloud_simulator.route_helpers import (base_url, int_path_parameter, refusal, submit, task_answer,
                                                 visible_subscription)
from redis_cloud_simulator.simulator import Simulator
from redis_cloud_simulator.state import ACCOUNT_ID, PAYMENT_METHODS, Task
from redis_cloud_simulator.validation import check_subscription_create, check_subscription_update
from redis_cloud_simulator.views import link, subscription_body, task_body

routes = web.RouteTableDef()


def _listed_tasks(sim: Simulator) -> list[Task]:
    """tasks_listing "running": unfinished tasks only (the spec: "all currently running tasks");
    "recent": every task submitted in the window (redis/docs manage-tasks.md: "the past 10 days").
    Newest status update first (manage-tasks.md: "sorted by most recent status update")."""
    now, config = sim.now(), sim.config
    if config["tasks_listing"] == "running":
        listed = [task for task in sim.state.tasks.values() if task.visible_at <= now and not task.finished]
    else:
        oldest = now - config["tasks_listing_window_seconds"]
        listed = [task for task in sim.state.tasks.values() if task.visible_at <= now and task.submitted_at >= oldest]
    return sorted(listed, key=lambda task: task.status_at, reverse=True)


@routes.get("/v1/tasks")
async def list_tasks(request: web.Request) -> web.Response:
    """Answer shapes seen by other clients (redis-cloud-rs fixes #56, #85): a bare array, {"tasks": [...]},
    and {} when there is none; tasks_listing_shape picks one."""
    sim = request.app[SIMULATOR]
    tasks = [task_body(task, sim.clock.iso, base_url(request)) for task in _listed_tasks(sim)]
    shape = sim.config["tasks_listing_shape"]
    if shape == "array":
        return json_response(tasks)
    if shape == "object_or_empty" and not tasks:
        return json_response({})
    return json_response({"tasks": tasks})


@routes.get("/v1/tasks/{taskId}")
async def get_task(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    task = sim.state.tasks.get(request.match_info["taskId"])
    if task is None or sim.now() < task.visible_at:
        raise not_found(f"Task {request.match_info['taskId']}", "TASK_NOT_FOUND")
    return task_answer(request, sim, task, 200)


@routes.get("/v1/subscriptions")
async def list_subscriptions(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    now = sim.now()
    # A new subscription is listed some time after its create task completed (README, "Listing lag").
    subs = [subscription_body(sub, sim.state.listed_databases(sub, now), base_url(request))
            for sub in sim.state.subscriptions.values() if not sub.deleted and now >= sub.listed_at]
    return json_response({"accountId": ACCOUNT_ID, "subscriptions": subs,
                          "links": [link(base_url(request), "self", "/subscriptions")]})


@routes.post("/v1/subscriptions")
async def create_subscription(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    plan = await json_body(request)
    check_subscription_create(plan)
    ends_in_error = False
    if not plan.get("dryRun", False):
        ends_in_error = sim.faults.pick(("subscription_error",), request.method, request.path) is not None
    task = submit(request, sim, "subscriptionCreateRequest", {"plan": plan, "ends_in_error": ends_in_error})
    return task_answer(request, sim, task, 202)


@routes.get("/v1/subscriptions/{subscriptionId}")
async def get_subscription(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub = visible_subscription(sim, int_path_parameter(request, "subscriptionId"))
    return json_response(subscription_body(sub, sim.state.listed_databases(sub, sim.now()), base_url(request)))


@routes.put("/v1/subscriptions/{subscriptionId}")
async def update_subscription(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub = visible_subscription(sim, int_path_parameter(request, "subscriptionId"))
    changes = await json_body(request)
    check_subscription_update(changes)
    supplying_keys = "customerManagedKeys" in changes and sub.status == "encryption_key_pending"
    forced = None if supplying_keys else refusal(sim, request, sub)
    payload: dict[str, Any] = {"subscription_id": sub.subscription_id, "changes": changes}
    return task_answer(request, sim, submit(request, sim, "subscriptionUpdateRequest", payload, forced), 200)


@routes.delete("/v1/subscriptions/{subscriptionId}")
async def delete_subscription(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub = visible_subscription(sim, int_path_parameter(request, "subscriptionId"))
    forced = None if sub.status == "encryption_key_pending" else refusal(sim, request, sub)
    payload = {"subscription_id": sub.subscription_id}
    return task_answer(request, sim, submit(request, sim, "subscriptionDeleteRequest", payload, forced), 200)


@routes.get("/v1/payment-methods")
async def list_payment_methods(request: web.Request) -> web.Response:
    return json_response({"accountId": ACCOUNT_ID, "paymentMethods": list(PAYMENT_METHODS),
                          "links": [link(base_url(request), "self", "/payment-methods")]})
