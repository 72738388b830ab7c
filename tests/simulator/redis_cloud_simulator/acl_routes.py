# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /v1/acl routes: Redis rules, roles and users.

Rules and roles have no GET by id (the spec; the Go client finds one in the listing). Every write answers with
a task, with the HTTP status the spec gives each operation (POST 202; PUT of a rule or role 202, of a user 200;
DELETE of a rule 202, of a role or user 200). A PUT or DELETE on an id that does not exist is accepted, and its
task fails with ACL_*_NOT_FOUND (recorded: rediscloud-go-api TestUpdateNonExistentRedisRule, TestDeleteNonExistentRole,
TestUpdateNonExistentUser ...). GET /acl/users/{id} of an unknown user is a 404 with Spring's body and a message
(recorded: TestGetNonExistentUser, "ACL user 40004 not found").

A new rule, role or user is missing from its listing for acl_not_listed_seconds after its create task completed
(no recorded answer shows it; the harsher reading), and a deleted one reads `deleting` for acl_deletion_seconds.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from redis_cloud_simulator.acl_view import role_body, rule_body, user_body
from redis_cloud_simulator.errors import ApiError, spring_error
from redis_cloud_simulator.middleware import SIMULATOR, json_body, json_response
from redis_cloud_simulator.route_helpers import base_url, int_path_parameter, submit, task_answer
from redis_cloud_simulator.simulator import Simulator
from redis_cloud_simulator.state import ACCOUNT_ID
from redis_cloud_simulator.timeline import Timeline
from redis_cloud_simulator.validation import check_schema
from redis_cloud_simulator.views import link

acl_routes = web.RouteTableDef()


class SpringNotFound(ApiError):
    """404 with Spring's default body plus `message`, as the live API answers an unknown ACL user."""

    def render(self, style: str, path: str) -> tuple[str, Any]:
        if style == "api":
            return super().render(style, path)
        return "json", spring_error(404, path) | {"message": self.description}


def _listed(timeline: Timeline, listed_at: float, now: float) -> str | None:
    """The status a listing shows, None when the record is not listed (gone, or not yet)."""
    return None if timeline.gone(now) or now < listed_at else timeline.status(now)


async def _write(request: web.Request, schema: str, command_type: str, payload: dict[str, Any], status: int) -> web.Response:
    sim = request.app[SIMULATOR]
    body = await json_body(request) if schema else None
    if schema:
        check_schema(schema, body)
        payload = payload | {"request": body}
    return task_answer(request, sim, submit(request, sim, command_type, payload), status)


def _listing(request: web.Request, key: str, items: list[dict[str, Any]], path: str) -> web.Response:
    return json_response({"accountId": ACCOUNT_ID, key: items, "links": [link(base_url(request), "self", path)]})


# -- rules ----------------------------------------------------------------------------------------------

@acl_routes.get("/v1/acl/redisRules")
async def list_rules(request: web.Request) -> web.Response:
    sim: Simulator = request.app[SIMULATOR]
    now = sim.now()
    rules = [rule_body(rule, status) for rule in sim.state.acl.rules.values()
             if (status := _listed(rule.timeline, rule.listed_at, now)) is not None]
    return _listing(request, "redisRules", rules, "/acl/redisRules")


@acl_routes.post("/v1/acl/redisRules")
async def create_rule(request: web.Request) -> web.Response:
    return await _write(request, "AclRedisRuleCreateRequest", "aclRedisRuleCreateRequest", {}, 202)


@acl_routes.put("/v1/acl/redisRules/{aclRedisRuleId}")
async def update_rule(request: web.Request) -> web.Response:
    payload = {"rule_id": int_path_parameter(request, "aclRedisRuleId")}
    return await _write(request, "AclRedisRuleUpdateRequest", "aclRedisRuleUpdateRequest", payload, 202)


@acl_routes.delete("/v1/acl/redisRules/{aclRedisRuleId}")
async def delete_rule(request: web.Request) -> web.Response:
    payload = {"rule_id": int_path_parameter(request, "aclRedisRuleId")}
    return await _write(request, "", "aclRedisRuleDeleteRequest", payload, 202)


# -- roles ----------------------------------------------------------------------------------------------

@acl_routes.get("/v1/acl/roles")
async def list_roles(request: web.Request) -> web.Response:
    sim: Simulator = request.app[SIMULATOR]
    now = sim.now()
    roles = [role_body(sim.state, role, status, now) for role in sim.state.acl.roles.values()
             if (status := _listed(role.timeline, role.listed_at, now)) is not None]
    return _listing(request, "roles", roles, "/acl/roles")


@acl_routes.post("/v1/acl/roles")
async def create_role(request: web.Request) -> web.Response:
    return await _write(request, "AclRoleCreateRequest", "aclRoleCreateRequest", {}, 202)


@acl_routes.put("/v1/acl/roles/{aclRoleId}")
async def update_role(request: web.Request) -> web.Response:
    payload = {"role_id": int_path_parameter(request, "aclRoleId")}
    return await _write(request, "AclRoleUpdateRequest", "aclRoleUpdateRequest", payload, 202)


@acl_routes.delete("/v1/acl/roles/{aclRoleId}")
async def delete_role(request: web.Request) -> web.Response:
    payload = {"role_id": int_path_parameter(request, "aclRoleId")}
    return await _write(request, "", "aclRoleDeleteRequest", payload, 200)


# -- users ----------------------------------------------------------------------------------------------

@acl_routes.get("/v1/acl/users")
async def list_users(request: web.Request) -> web.Response:
    sim: Simulator = request.app[SIMULATOR]
    now, with_status = sim.now(), sim.config["acl_users_listing_status"] == "present"
    users = [user_body(sim.state, user, status if with_status else None) for user in sim.state.acl.users.values()
             if (status := _listed(user.timeline, user.listed_at, now)) is not None]
    return _listing(request, "users", users, "/acl/users")


@acl_routes.post("/v1/acl/users")
async def create_user(request: web.Request) -> web.Response:
    return await _write(request, "AclUserCreateRequest", "aclUserCreateRequest", {}, 202)


@acl_routes.get("/v1/acl/users/{aclUserId}")
async def get_user(request: web.Request) -> web.Response:
    sim: Simulator = request.app[SIMULATOR]
    user_id = int_path_parameter(request, "aclUserId")
    user = sim.state.acl.users.get(user_id)
    now = sim.now()
    if user is None or user.timeline.gone(now):
        raise SpringNotFound(404, "ACL_USER_NOT_FOUND", f"ACL user {user_id} not found")
    body = user_body(sim.state, user, user.timeline.status(now))
    return json_response(body | {"links": [link(base_url(request), "self", f"/acl/users/{user_id}")]})


@acl_routes.put("/v1/acl/users/{aclUserId}")
async def update_user(request: web.Request) -> web.Response:
    payload = {"user_id": int_path_parameter(request, "aclUserId")}
    return await _write(request, "AclUserUpdateRequest", "aclUserUpdateRequest", payload, 200)


@acl_routes.delete("/v1/acl/users/{aclUserId}")
async def delete_user(request: web.Request) -> web.Response:
    payload = {"user_id": int_path_parameter(request, "aclUserId")}
    return await _write(request, "", "aclUserDeleteRequest", payload, 200)
