# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the ACL tests: write-and-settle shortcuts and listing look-ups (default timings: pending 10 s,
users and roles then flap for 20 s; a new record is listed 5 s after its task)."""

from __future__ import annotations

from typing import Any

from conftest import Api

RULE_SETTLES = 10.0
ROLE_SETTLES = 30.0     # pending 10 s, then flapping 20 s
PASSWORD = "s0me-Password"


def done(api: Api, method: str, path: str, body: Any = None) -> dict[str, Any]:
    """The finished task of a write."""
    return api.finished_task(api.request(method, path, body))


def created(api: Api, path: str, body: dict[str, Any], settle: float) -> int:
    task = done(api, "POST", path, body)
    assert task["status"] == "processing-completed", task
    api.wait(settle)
    return task["response"]["resourceId"]


def create_rule(api: Api, name: str = "cache-read", rule: str = "+@read ~cache:*") -> int:
    return created(api, "/acl/redisRules", {"name": name, "redisRule": rule}, RULE_SETTLES)


def role_body(name: str, rule_name: str, subscription_id: int, database_id: int) -> dict[str, Any]:
    return {"name": name, "redisRules": [{"ruleName": rule_name, "databases": [{"subscriptionId": subscription_id,
                                                                                "databaseId": database_id}]}]}


def create_role(api: Api, name: str, rule_name: str, subscription_id: int, database_id: int) -> int:
    return created(api, "/acl/roles", role_body(name, rule_name, subscription_id, database_id), ROLE_SETTLES)


def create_user(api: Api, name: str, role: str, password: str = PASSWORD) -> int:
    return created(api, "/acl/users", {"name": name, "role": role, "password": password}, ROLE_SETTLES)


def listed(api: Api, path: str, key: str, record_id: int) -> dict[str, Any] | None:
    return next((item for item in api.get(path).json()[key] if item["id"] == record_id), None)


def pro_database(api: Api) -> tuple[int, int]:
    subscription_id = api.create_active_subscription()
    [database_id] = api.database_ids(subscription_id)
    return subscription_id, database_id
