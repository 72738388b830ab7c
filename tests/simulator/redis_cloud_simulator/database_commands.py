# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a database task does when it is processed.

Every database write needs an active subscription (a pending one: DATABASE_SUBSCRIPTION_IN_PENDING_STATUS),
and while the change is provisioned the database is in a settling status and its subscription `pending`
(redis/docs process-lifecycle.md: a database change can set the subscription pending; "If the subscription
is in pending state you must wait for the subscription changes to complete").
"""

from __future__ import annotations

from typing import Any

from redis_cloud_simulator.catalog import DEFAULT_REDIS_VERSION, REDIS_VERSIONS, version_key
from redis_cloud_simulator.lifecycle import Lifecycle, TaskError
from redis_cloud_simulator.pricing import database_pricing
from redis_cloud_simulator.state import Database, Subscription
from redis_cloud_simulator.subscription_commands import database_port

# Request fields kept outside the spec dict: the password lives in Database.password.
_SECRET_FIELDS = ("password", "saslPassword")
_NOT_STORED = ("dryRun",) + _SECRET_FIELDS


def _database(life: Lifecycle, sub: Subscription, database_id: int) -> Database:
    database = life.state.databases.get(database_id)
    if database is None or database.deleted or database.subscription_id != sub.subscription_id:
        raise TaskError(404, "DATABASE_NOT_FOUND", f"Database {database_id} was not found")
    return database


def _active_database(life: Lifecycle, sub: Subscription, database_id: int) -> Database:
    database = _database(life, sub, database_id)
    if database.status != "active":
        raise TaskError(400, "DATABASE_NOT_ACTIVE", f"Database {database_id} is {database.status}: try again when it is active")
    return database


def _check_name_free(life: Lifecycle, sub: Subscription, name: str, database_id: int | None = None) -> None:
    for other in life.state.live_databases(sub):
        if other.spec["name"] == name and other.database_id != database_id:
            raise TaskError(409, "DATABASE_NAME_EXISTS", f"A database named {name!r} already exists in subscription {sub.subscription_id}")


def _others(life: Lifecycle, sub: Subscription, database_id: int | None = None) -> list[dict[str, Any]]:
    return [db.spec for db in life.state.live_databases(sub) if db.database_id != database_id]


def create_database(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    sub = life.subscription_for_database_change(payload["subscription_id"])
    request, state, settings = payload["request"], life.state, life.settings
    _check_name_free(life, sub, request["name"])
    version = request.get("redisVersion", sub.plan.get("redisVersion", DEFAULT_REDIS_VERSION))
    if version not in REDIS_VERSIONS:
        raise TaskError(400, "DATABASE_REDIS_VERSION_IS_NOT_SUPPORTED", f"Redis version {version!r} is not supported")
    port = request.get("port", database_port(state.next_database_id))
    if any(db.port == port for db in state.live_databases(sub)):
        raise TaskError(400, "DATABASE_PORT_IS_UNAVAILABLE", f"Port {port} is already used in subscription {sub.subscription_id}")
    if request.get("dryRun", False):
        return {"resource": {"pricing": database_pricing(sub.plan, request, _others(life, sub))}}
    spec = {key: value for key, value in request.items() if key not in _NOT_STORED} | {"redisVersion": version}
    database = Database(state.next_database_id, sub.subscription_id, spec, "pending", at,
                        password=request.get("password") or request.get("saslPassword") or life.new_password(), port=port,
                        visible_at=at + settings["database_not_found_seconds"],
                        listed_at=at + settings["database_not_listed_seconds"],
                        settles_at=at + settings["database_provisioning_seconds"], last_modified=at,
                        ends_in_error=payload.get("ends_in_error", False), change_kind="create", change_started_at=at)
    state.next_database_id += 1
    state.databases[database.database_id] = database
    sub.database_ids.append(database.database_id)
    life.hold_subscription_pending(sub, database.settles_at)
    # Only the id (RedisLabs/rediscloud-go-api database_test.go TestDatabase_Create).
    return {"resourceId": database.database_id}


def update_database(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    sub = life.subscription_for_database_change(payload["subscription_id"])
    database = _active_database(life, sub, payload["database_id"])
    changes = payload["changes"]
    if "name" in changes:
        _check_name_free(life, sub, changes["name"], database.database_id)
    default_user = changes.get("enableDefaultUser", database.spec.get("enableDefaultUser", True))
    if "password" in changes and not default_user:
        raise TaskError(400, "NOT_ALLOWED_TO_UPDATE_A_DATABASE_PASSWORD_WHEN_DEFAULT_USER_IS_DISABLED",
                        "The password cannot change while the default user is disabled")
    updated = {key: value for key, value in database.spec.items()
               if not (key in ("datasetSizeInGb", "memoryLimitInGb") and ("datasetSizeInGb" in changes or "memoryLimitInGb" in changes))}
    updated |= {key: value for key, value in changes.items() if key not in _NOT_STORED}
    # replica and the older replicaOf name the same sources: the one the update gives replaces the other.
    for given, other in (("replica", "replicaOf"), ("replicaOf", "replica")):
        if given in changes:
            updated.pop(other, None)
    if changes.get("dryRun", False):
        return {"resource": {"pricing": database_pricing(sub.plan, updated, _others(life, sub, database.database_id))}}
    # A change of supportOSSClusterApi goes through the proxy-policy statuses (RedisLabs/rediscloud-go-api
    # service/databases/model.go: "caused by a change to the 'support_oss_cluster_api' attribute").
    oss_changed = updated.get("supportOSSClusterApi", False) != database.spec.get("supportOSSClusterApi", False)
    database.spec = updated
    for secret in _SECRET_FIELDS:
        if secret in changes:
            database.password = changes[secret]
    database.status = "active-change-pending"
    database.change_kind, database.change_started_at = ("oss_cluster_api_update" if oss_changed else "update"), at
    database.settles_at = at + life.settings["database_change_seconds"]
    database.last_modified = at
    life.hold_subscription_pending(sub, database.settles_at)
    return {"resourceId": database.database_id, "additionalResourceId": sub.subscription_id}


def upgrade_database(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    sub = life.subscription_for_database_change(payload["subscription_id"])
    database = _active_database(life, sub, payload["database_id"])
    target, current = payload["target"], database.spec.get("redisVersion", DEFAULT_REDIS_VERSION)
    if database.spec.get("protocol", "redis") == "memcached":
        raise TaskError(400, "DATABASE_UPGRADE_OF_MEMCACHED_IS_NOT_SUPPORTED", "A memcached database cannot be upgraded")
    if target not in REDIS_VERSIONS or version_key(target) <= version_key(current):
        raise TaskError(400, "DATABASE_UPGRADE_INVALID_REDIS_VERSION",
                        f"Cannot upgrade from {current} to {target!r}: choose a later one of {', '.join(REDIS_VERSIONS)}")
    database.status, database.target_redis_version = "active-upgrade-pending", target
    database.change_kind, database.change_started_at = "upgrade", at
    database.settles_at = at + life.settings["database_change_seconds"]
    database.last_modified = at
    life.hold_subscription_pending(sub, database.settles_at)
    return {"resourceId": database.database_id, "additionalResourceId": sub.subscription_id}


def delete_database(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    sub = life.subscription_for_database_change(payload["subscription_id"])
    database = _database(life, sub, payload["database_id"])
    # delete-pending, then 404 (redis/RedisInsight cloud-database.ts CloudDatabaseStatus.DeletePending).
    database.status, database.settles_at = "delete-pending", at + life.settings["database_deletion_seconds"]
    database.change_kind, database.change_started_at = "delete", at
    database.last_modified = at
    life.hold_subscription_pending(sub, database.settles_at)
    return {"resourceId": database.database_id, "additionalResourceId": sub.subscription_id}
