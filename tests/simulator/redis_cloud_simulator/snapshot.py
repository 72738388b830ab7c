# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET /_simulator/state: the whole account as the test sees it, timings included."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from redis_cloud_simulator.state import AccountState


def _time(value: float | None) -> float | None:
    """JSON has no infinity: a moment not scheduled yet is null."""
    return None if value is None or math.isinf(value) else value


def snapshot(state: AccountState) -> dict[str, Any]:
    return {
        "subscriptions": [
            {"id": sub.subscription_id, "name": sub.name, "status": "deleted" if sub.deleted else sub.status,
             "deleted": sub.deleted, "created_at": sub.created_at, "visible_at": sub.visible_at,
             "listed_at": sub.listed_at, "active_at": _time(sub.active_at), "pending_until": _time(sub.pending_until),
             "gone_at": sub.gone_at, "customer_managed_key": sub.customer_managed_key,
             "database_ids": sub.database_ids}
            for sub in state.subscriptions.values()
        ],
        "databases": [
            {"id": db.database_id, "subscription_id": db.subscription_id, "name": db.spec["name"],
             "status": "deleted" if db.deleted else db.status, "deleted": db.deleted, "spec": db.spec,
             "password": db.password, "port": db.port, "created_at": db.created_at,
             "visible_at": _time(db.visible_at), "listed_at": _time(db.listed_at), "settles_at": _time(db.settles_at),
             "target_redis_version": db.target_redis_version,
             "tags": None if db.tags is None else {key: dataclasses.asdict(tag) for key, tag in db.tags.items()}}
            for db in state.databases.values()
        ],
        "tasks": [
            {"taskId": task.task_id, "commandType": task.command_type, "status": task.status,
             "submitted_at": task.submitted_at, "visible_at": task.visible_at, "started_at": task.started_at,
             "finished_at": task.finished_at, "response": task.response}
            for task in state.tasks.values()
        ],
    }
