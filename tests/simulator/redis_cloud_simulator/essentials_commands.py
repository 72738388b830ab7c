# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an Essentials (fixed) task does when it is processed.

commandType values as recorded (RedisLabs/rediscloud-go-api fixed_subscription_test.go, fixed_database_test.go):
fixedSubscriptionCreateRequest, fixedSubscriptionUpdateRequest, fixedSubscriptionDeleteRequest,
fixedDatabaseCreateRequest, fixedDatabaseUpdateRequest, fixedDatabaseDeleteRequest.
"""

from __future__ import annotations

from typing import Any

from redis_cloud_simulator.catalog import DEFAULT_REDIS_VERSION, version_key
from redis_cloud_simulator.essentials_catalog import find_plan, is_free, plan_change_refusal
from redis_cloud_simulator.essentials_database_rules import check_fields_for_plan, check_protocol_for_plan, check_resp_version
from redis_cloud_simulator.essentials_payment import check_free_plan_slot, check_payment
from redis_cloud_simulator.essentials_state import FixedDatabase, FixedSubscription
from redis_cloud_simulator.lifecycle import NOT_ACTIVE_DESCRIPTION, Handler, Lifecycle, TaskError
from redis_cloud_simulator.subscription_commands import database_port
from redis_cloud_simulator.timeline import GONE, Timeline

_SECRET_FIELDS = ("password",)


def _subscription(life: Lifecycle, subscription_id: int, at: float) -> FixedSubscription:
    sub = life.state.essentials.subscription(subscription_id, at)
    if sub is None:
        raise TaskError(404, "SUBSCRIPTION_NOT_FOUND", f"Subscription {subscription_id} was not found")
    return sub


def _active_subscription(life: Lifecycle, subscription_id: int, at: float, database_write: bool = False) -> FixedSubscription:
    sub = _subscription(life, subscription_id, at)
    status = life.state.essentials.subscription_status(sub, at)
    if database_write and status == "pending":
        raise TaskError(400, "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS",
                        f"Subscription {subscription_id} is pending: try again when it is active")
    if status != "active":
        raise TaskError(403, "SUBSCRIPTION_NOT_ACTIVE", NOT_ACTIVE_DESCRIPTION)
    return sub


def _database(life: Lifecycle, sub: FixedSubscription, database_id: int, at: float) -> FixedDatabase:
    database = life.state.essentials.database(sub, database_id, at)
    if database is None:
        raise TaskError(404, "DATABASE_NOT_FOUND", f"Database {database_id} was not found")
    return database


# -- subscriptions --------------------------------------------------------------------------------------

def create_subscription(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    request, essentials, settings = payload["request"], life.state.essentials, life.settings
    plan = find_plan(request["planId"])
    if plan is None:
        raise TaskError(404, "FIXED_SUBSCRIPTION_CREATE_PLAN_NOT_FOUND", f"Essentials plan {request['planId']} was not found")
    method, method_id = request.get("paymentMethod", "credit-card"), request.get("paymentMethodId")
    check_payment(plan, method, method_id, settings["essentials_account_billing"], "paymentMethodId" in request)
    check_free_plan_slot(essentials, plan, at)
    settled = "error" if payload.get("ends_in_error", False) else "active"
    sub = FixedSubscription(essentials.next_subscription_id, request["name"], plan["id"], method, method_id, at,
                            Timeline([(at, "pending"), (at + settings["essentials_subscription_provisioning_seconds"], settled)]))
    essentials.next_subscription_id += 1
    essentials.subscriptions[sub.subscription_id] = sub
    return {"resourceId": sub.subscription_id}


def update_subscription(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    changes, essentials, settings = payload["changes"], life.state.essentials, life.settings
    sub = _subscription(life, payload["subscription_id"], at)
    plan_changes = "planId" in changes and changes["planId"] != sub.plan_id
    if plan_changes and essentials.subscription_status(sub, at) == "pending":
        raise TaskError(400, "UPDATING_A_FIXED_SUBSCRIPTION_PLAN_IS_NOT_ALLOWED_WHILE_THE_SUBSCRIPTION_OR_BDB_IS_PENDING",
                        f"Subscription {sub.subscription_id} or one of its databases is pending: try again when all are active")
    _active_subscription(life, sub.subscription_id, at)
    plan = sub.plan
    if plan_changes:
        plan = find_plan(changes["planId"]) or {}
        if not plan:
            raise TaskError(400, "FIXED_SUBSCRIPTION_UPDATE_INVALID_PLAN", f"Essentials plan {changes['planId']} was not found")
        refusal = plan_change_refusal(sub.plan, plan)
        if refusal is not None:
            raise TaskError(400, refusal, f"Subscription {sub.subscription_id} cannot move from plan {sub.plan_id} to plan {plan['id']}")
        if len(essentials.live_databases(sub, at)) > plan["maximumDatabases"]:
            raise TaskError(400, "FIXED_SUBSCRIPTION_PLAN_MAX_DATABASES_SMALLER_THEN_CURRENT_SUBSCRIPTION_DATABASES_COUNT",
                            f"Plan {plan['id']} allows {plan['maximumDatabases']} database(s)")
        check_free_plan_slot(essentials, plan, at, sub.subscription_id)
    method = changes.get("paymentMethod", sub.payment_method_type)
    kept_id = sub.payment_method_id if method == sub.payment_method_type and not is_free(plan) else None
    method_id = changes.get("paymentMethodId", kept_id)
    check_payment(plan, method, method_id, settings["essentials_account_billing"], "paymentMethodId" in changes)
    sub.name = changes.get("name", sub.name)
    sub.payment_method_type, sub.payment_method_id = method, method_id
    if plan_changes:
        sub.plan_id = plan["id"]
        sub.timeline.schedule(at, [(at, "pending"), (at + settings["essentials_subscription_change_seconds"], "active")])
    return {"resourceId": sub.subscription_id}


def delete_subscription(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    sub = _active_subscription(life, payload["subscription_id"], at)
    if life.state.essentials.live_databases(sub, at):
        # The spec: "All databases in the subscription must be deleted before deleting it"; the code is not
        # recorded for Essentials: Pro's SUBSCRIPTION_IN_USE.
        raise TaskError(409, "SUBSCRIPTION_IN_USE", f"Subscription {sub.subscription_id} still has databases: delete them first")
    sub.timeline.schedule(at, [(at, "deleting"), (at + life.settings["essentials_subscription_deletion_seconds"], GONE)])
    return {"resourceId": sub.subscription_id}


# -- databases ------------------------------------------------------------------------------------------

def create_database(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    request, essentials, settings = payload["request"], life.state.essentials, life.settings
    sub = _active_subscription(life, payload["subscription_id"], at, database_write=True)
    plan, databases = sub.plan, essentials.live_databases(sub, at)
    if len(databases) >= plan["maximumDatabases"]:
        raise TaskError(400, "FIXED_DATABASE_FIXED_SUBSCRIPTION_REACHED_MAX_DATABASES_COUNT",
                        f"Subscription {sub.subscription_id} already has the {plan['maximumDatabases']} database(s) its plan allows")
    _check_name_free(databases, request["name"])
    protocol = request.get("protocol", "redis" if plan["redisFlex"] else "stack")
    check_protocol_for_plan(plan, request, protocol)
    check_fields_for_plan(plan, request)
    version = request.get("redisVersion", DEFAULT_REDIS_VERSION)
    # resp3 by default where the version allows it (the Terraform acceptance test reads back resp3 unasked).
    resp_version = request.get("respVersion", "resp3" if version_key(version) >= (7, 2) else "resp2")
    check_resp_version(version, resp_version)
    spec = {key: value for key, value in request.items() if key not in _SECRET_FIELDS}
    spec |= {"protocol": protocol, "redisVersion": version, "respVersion": resp_version}
    provisioned = at + settings["essentials_database_provisioning_seconds"]
    draft_until = min(at + settings["essentials_database_draft_seconds"], provisioned)
    settled = "error" if payload.get("ends_in_error", False) else "active"
    database_id = essentials.next_database_id
    database = FixedDatabase(database_id, sub.subscription_id, spec, request.get("password") or life.new_password(),
                             database_port(database_id), at, at,
                             Timeline([(at, "draft"), (draft_until, "pending"), (provisioned, settled)]))
    essentials.next_database_id += 1
    essentials.databases[database_id] = database
    sub.database_ids.append(database_id)
    # resourceId and additionalResourceId (the subscription): Go client TestFixedDatabase_Create.
    return {"resourceId": database_id, "additionalResourceId": sub.subscription_id}


def update_database(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    changes, essentials = payload["changes"], life.state.essentials
    sub = _active_subscription(life, payload["subscription_id"], at, database_write=True)
    database = _database(life, sub, payload["database_id"], at)
    if database.timeline.status(at) != "active":
        raise TaskError(400, "DATABASE_NOT_ACTIVE", f"Database {database.database_id} is not active: try again when it is")
    if "name" in changes:
        _check_name_free([db for db in essentials.live_databases(sub, at) if db is not database], changes["name"])
    check_fields_for_plan(sub.plan, changes)
    default_user = database.spec.get("enableDefaultUser", True)
    if "password" in changes and changes.get("enableDefaultUser") is False:
        raise TaskError(400, "DISABLING_THE_DEFAULT_USER_AND_UPDATING_A_NEW_PASSWORD_IS_NOT_ALLOWED",
                        "The default user cannot be disabled in the request that changes its password")
    if "password" in changes and not changes.get("enableDefaultUser", default_user):
        raise TaskError(400, "NOT_ALLOWED_TO_UPDATE_A_DATABASE_PASSWORD_WHEN_DEFAULT_USER_IS_DISABLED",
                        "The password cannot change while the default user is disabled")
    database.spec |= {key: value for key, value in changes.items() if key not in _SECRET_FIELDS}
    if "password" in changes:
        database.password = changes["password"]
    database.last_modified = at
    database.timeline.schedule(at, [(at, "active-change-pending"), (at + life.settings["essentials_database_change_seconds"], "active")])
    return {"resourceId": database.database_id, "additionalResourceId": sub.subscription_id}


def delete_database(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    sub = _active_subscription(life, payload["subscription_id"], at, database_write=True)
    database = _database(life, sub, payload["database_id"], at)
    database.last_modified = at
    database.timeline.schedule(at, [(at, "delete-pending"), (at + life.settings["essentials_database_deletion_seconds"], GONE)])
    return {"resourceId": database.database_id, "additionalResourceId": sub.subscription_id}


def _check_name_free(databases: list[FixedDatabase], name: str) -> None:
    if any(database.spec["name"] == name for database in databases):
        raise TaskError(409, "DATABASE_NAME_EXISTS", f"A database named {name!r} already exists in this subscription")


ESSENTIALS_HANDLERS: dict[str, Handler] = {
    "fixedSubscriptionCreateRequest": create_subscription,
    "fixedSubscriptionUpdateRequest": update_subscription,
    "fixedSubscriptionDeleteRequest": delete_subscription,
    "fixedDatabaseCreateRequest": create_database,
    "fixedDatabaseUpdateRequest": update_database,
    "fixedDatabaseDeleteRequest": delete_database,
}
