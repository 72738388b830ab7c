# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Essentials and ACL part of GET /_simulator/state: the test's view, timelines included.

Essentials database passwords are there, as Pro ones are. ACL user passwords never are: only their SHA-256
and how many times one was set (password_version), so that a test can tell a rotation happened.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from redis_cloud_simulator.state import AccountState
from redis_cloud_simulator.timeline import GONE, Timeline


def _phases(timeline: Timeline) -> list[list[Any]]:
    return [[start, status] for start, status in timeline.phases]


def _status(timeline: Timeline, now: float) -> str:
    status = timeline.status(now)
    return "deleted" if status in (None, GONE) else status


def essentials_acl_snapshot(state: AccountState, now: float) -> dict[str, Any]:
    essentials, acl = state.essentials, state.acl
    return {
        "essentials": {
            "subscriptions": [
                {"id": sub.subscription_id, "name": sub.name, "plan_id": sub.plan_id,
                 "status": "deleted" if sub.timeline.gone(now) else essentials.subscription_status(sub, now),
                 "payment_method_type": sub.payment_method_type, "payment_method_id": sub.payment_method_id,
                 "created_at": sub.created_at, "phases": _phases(sub.timeline), "database_ids": list(sub.database_ids)}
                for sub in essentials.subscriptions.values()],
            "databases": [
                {"id": db.database_id, "subscription_id": db.subscription_id, "name": db.spec["name"],
                 "status": _status(db.timeline, now), "spec": db.spec, "password": db.password, "port": db.port,
                 "created_at": db.created_at, "phases": _phases(db.timeline),
                 "tags": None if db.tags is None else {key: dataclasses.asdict(tag) for key, tag in db.tags.items()}}
                for db in essentials.databases.values()],
        },
        "acl": {
            "rules": [{"id": rule.rule_id, "name": rule.name, "acl": rule.acl, "is_default": rule.is_default,
                       "status": _status(rule.timeline, now), "listed_at": rule.listed_at, "phases": _phases(rule.timeline)}
                      for rule in acl.rules.values()],
            "roles": [{"id": role.role_id, "name": role.name, "rules": role.rules, "status": _status(role.timeline, now),
                       "listed_at": role.listed_at, "phases": _phases(role.timeline)} for role in acl.roles.values()],
            "users": [{"id": user.user_id, "name": user.name, "role_id": user.role_id, "status": _status(user.timeline, now),
                       "password_sha256": user.password_sha256, "password_version": user.password_version,
                       "listed_at": user.listed_at, "phases": _phases(user.timeline)} for user in acl.users.values()],
        },
    }
