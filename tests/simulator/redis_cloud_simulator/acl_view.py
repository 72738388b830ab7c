# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""JSON bodies of ACL rules, roles and users, shaped like the recorded answers (never a password).

Rules: {id, name, acl, isDefault, status}: the rule text is `acl` in the answer, `redisRule` in requests
(RedisLabs/rediscloud-go-api redis_rule_test.go TestListRedisRules).
Roles: {id, name, redisRules: [{ruleId, ruleName, databases: [{subscriptionId, databaseId, databaseName, regions}]}],
users: [{id, name}], status} (role_test.go TestListRoles): the request's ruleName comes back with ruleId, and each
database with its name.
Users: {id, name, role, status, links} by id (user_test.go TestGetUser); the recorded listing has no status
(TestListUsers), acl_users_listing_status "present" adds it.
"""

from __future__ import annotations

from typing import Any

from redis_cloud_simulator.acl_state import AclRole, AclRule, AclUser
from redis_cloud_simulator.state import AccountState


def rule_body(rule: AclRule, status: str) -> dict[str, Any]:
    return {"id": rule.rule_id, "name": rule.name, "acl": rule.acl, "isDefault": rule.is_default, "status": status}


def _database_name(state: AccountState, subscription_id: int, database_id: int, at: float) -> str | None:
    pro = state.subscriptions.get(subscription_id)
    if pro is not None and not pro.deleted:
        database = state.databases.get(database_id)
        ok = database is not None and not database.deleted and database.subscription_id == subscription_id
        return database.spec["name"] if ok and database is not None else None
    fixed = state.essentials.subscription(subscription_id, at)
    fixed_database = state.essentials.database(fixed, database_id, at) if fixed is not None else None
    return fixed_database.spec["name"] if fixed_database is not None else None


def role_body(state: AccountState, role: AclRole, status: str, at: float) -> dict[str, Any]:
    redis_rules = []
    for entry in role.rules:
        rule = state.acl.rules[entry["rule_id"]]
        databases = []
        for database in entry["databases"]:
            # A database deleted since drops out of the role.
            name = _database_name(state, database["subscriptionId"], database["databaseId"], at)
            if name is not None:
                databases.append({"subscriptionId": database["subscriptionId"], "databaseId": database["databaseId"],
                                  "databaseName": name, "regions": list(database.get("regions", []))})
        redis_rules.append({"ruleId": rule.rule_id, "ruleName": rule.name, "databases": databases})
    users = [{"id": user.user_id, "name": user.name} for user in state.acl.live_users(at) if user.role_id == role.role_id]
    return {"id": role.role_id, "name": role.name, "redisRules": redis_rules, "users": users, "status": status}


def user_body(state: AccountState, user: AclUser, status: str | None) -> dict[str, Any]:
    """`status` None: the listing's entry without it."""
    body: dict[str, Any] = {"id": user.user_id, "name": user.name, "role": state.acl.roles[user.role_id].name}
    if status is not None:
        body["status"] = status
    return body | {"links": []}
