# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the /v1 routes share: ids from the path, lookups with the API's visibility lag, task answers, refusals."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from redis_cloud_simulator.errors import ApiError, bad_request, not_found
from redis_cloud_simulator.lifecycle import NOT_ACTIVE_DESCRIPTION
from redis_cloud_simulator.middleware import json_response
from redis_cloud_simulator.simulator import Simulator
from redis_cloud_simulator.state import Database, Subscription, Task
from redis_cloud_simulator.views import task_body


def base_url(request: web.Request) -> str:
    return str(request.url.origin())


def int_path_parameter(request: web.Request, name: str) -> int:
    try:
        return int(request.match_info[name])
    except ValueError:
        raise bad_request(f"{name} must be an integer") from None


def task_answer(request: web.Request, sim: Simulator, task: Task, status: int) -> web.Response:
    return json_response(task_body(task, sim.clock.iso, base_url(request)), status=status)


def submit(request: web.Request, sim: Simulator, command_type: str, payload: dict[str, Any],
           forced_error: dict[str, Any] | None = None) -> Task:
    """Queue a task, with any task faults a rule injects into this request."""
    hidden = sim.faults.pick(("task_not_found",), request.method, request.path)
    failing = sim.faults.pick(("task_error",), request.method, request.path)
    if failing is not None:
        forced_error = {key: failing[key] for key in ("error_type", "error_status", "description", "additional_info")}
    return sim.lifecycle.submit(sim.now(), command_type, payload, hidden["seconds"] if hidden else 0.0, forced_error)


def visible_subscription(sim: Simulator, subscription_id: int) -> Subscription:
    sub = sim.state.subscriptions.get(subscription_id)
    # Just after its create task completes a subscription is not yet readable (eventual consistency).
    if sub is None or sub.deleted or sim.now() < sub.visible_at:
        raise not_found(f"Subscription {subscription_id}", "SUBSCRIPTION_NOT_FOUND")
    return sub


def visible_database(sim: Simulator, request: web.Request) -> tuple[Subscription, Database]:
    sub = visible_subscription(sim, int_path_parameter(request, "subscriptionId"))
    database_id = int_path_parameter(request, "databaseId")
    database = sim.state.databases.get(database_id)
    if (database is None or database.deleted or database.subscription_id != sub.subscription_id
            or sim.now() < database.visible_at):
        raise not_found(f"Database {database_id}", "DATABASE_NOT_FOUND")
    return sub, database


def refusal(sim: Simulator, request: web.Request, sub: Subscription, database_write: bool = False) -> dict[str, Any] | None:
    """A change to a subscription (or to one of its databases) that is not active.

    not_active_error "task" (default): the task is queued and its processing refuses it, as the live API does
    (RedisLabs/rediscloud-go-api latest_imports_test.go); only an injected `not_active` fault forces that error.
    "http": refused at once with an HTTP error (403 SUBSCRIPTION_NOT_ACTIVE, or 400
    DATABASE_SUBSCRIPTION_IN_PENDING_STATUS for a database write on a pending subscription).
    """
    return status_refusal(sim, request, sub.status, sub.subscription_id, database_write)


def status_refusal(sim: Simulator, request: web.Request, sub_status: str, subscription_id: int,
                   database_write: bool = False) -> dict[str, Any] | None:
    """refusal() for a subscription of either kind, given its status (Essentials subscriptions keep no .status)."""
    injected = sim.faults.pick(("not_active",), request.method, request.path) is not None
    if sub_status == "active" and not injected:
        return None
    pending_database_write = database_write and sub_status == "pending" and not injected
    error_type = "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS" if pending_database_write else "SUBSCRIPTION_NOT_ACTIVE"
    status = 400 if pending_database_write else 403
    description = (f"Subscription {subscription_id} is pending: try again when it is active"
                   if pending_database_write else NOT_ACTIVE_DESCRIPTION)
    if sim.config["not_active_error"] == "http":
        raise ApiError(status, error_type, description)
    return {"error_type": error_type, "error_status": status, "description": description} if injected else None
