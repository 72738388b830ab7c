# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a database task does when it is processed."""

from __future__ import annotations

from typing import Any

from redis_cloud_simulator.lifecycle import Lifecycle, TaskError
from redis_cloud_simulator.state import Database, Subscription


def _database(life: Lifecycle, sub: Subscription, database_id: int) -> Database:
    database = life.state.databases.get(database_id)
    if database is None or database.deleted or database.subscription_id != sub.subscription_id:
        raise TaskError(404, "DATABASE_NOT_FOUND", f"Database {database_id} was not found")
    return database


def delete_database(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    sub = life.subscription_for_database_change(payload["subscription_id"])
    database = _database(life, sub, payload["database_id"])
    # delete-pending, then 404 (redis/RedisInsight cloud-database.ts CloudDatabaseStatus.DeletePending).
    database.status, database.settles_at = "delete-pending", at + life.settings["database_deletion_seconds"]
    database.last_modified = at
    life.hold_subscription_pending(sub, database.settles_at)
    return {"resourceId": database.database_id, "additionalResourceId": sub.subscription_id}
