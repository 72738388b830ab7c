# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an ACL task does when it is processed.

commandType values as recorded (RedisLabs/rediscloud-go-api redis_rule_test.go, role_test.go, user_test.go):
aclRedisRule{Create,Update,Delete}Request, aclRole{Create,Update,Delete}Request, aclUser{Create,Update,Delete}Request.
Every refusal is a task error, as all the recorded ones are, a missing id included ("ACL redis rule not found",
404 NOT_FOUND, for a PUT or DELETE on an unknown id). Error texts in quotes below are the recorded ones.
"""

from __future__ import annotations

from typing import Any

from redis_cloud_simulator.acl_checks import check_rule_pattern, check_user_password
from redis_cloud_simulator.acl_state import AclRole, AclRule, AclUser, password_digest
from redis_cloud_simulator.lifecycle import Handler, Lifecycle, TaskError
from redis_cloud_simulator.timeline import GONE, Timeline, flapping_phases


def _flapping(life: Lifecycle, at: float) -> list[tuple[float, str]]:
    """Users and roles: terraform-provider-rediscloud resource_rediscloud_acl_user.go / _acl_role.go: "Sometimes ACL
    Users and Roles flip between Active and Pending a few times after creation/update"."""
    settings = life.settings
    return flapping_phases(at, settings["acl_pending_seconds"], settings["acl_flapping_seconds"], settings["acl_flap_period_seconds"])


def _settling(life: Lifecycle, at: float) -> list[tuple[float, str]]:
    """Rules: pending, then active (the provider waits for a rule once, with no flapping comment)."""
    return [(at, "pending"), (at + life.settings["acl_pending_seconds"], "active")]


def _deleting(life: Lifecycle, at: float) -> list[tuple[float, str]]:
    # The provider waits for a deleted rule, role or user to disappear ("expected role %d to be deleted but was in state %s").
    return [(at, "deleting"), (at + life.settings["acl_deletion_seconds"], GONE)]


def _status(timeline: Timeline, at: float) -> str | None:
    status = timeline.status(at)
    return None if status in (None, GONE, "deleting") else status


# -- rules ----------------------------------------------------------------------------------------------

def _rule(life: Lifecycle, rule_id: int, at: float) -> AclRule:
    rule = life.state.acl.rules.get(rule_id)
    if rule is None or _status(rule.timeline, at) is None:
        raise TaskError(404, "ACL_REDIS_RULE_NOT_FOUND", "ACL redis rule not found")
    return rule


def _check_rule_name(life: Lifecycle, name: str, at: float) -> None:
    # Any rule's name, the updated rule's own included: an update that resends an unchanged name is refused
    # (terraform-provider-rediscloud issue #547: "400 BAD_REQUEST - ACL_REDIS_RULE_NAME_ALREADY_EXISTS").
    if life.state.acl.rule_named(name, at) is not None:
        raise TaskError(400, "ACL_REDIS_RULE_NAME_ALREADY_EXISTS", f"ACL redis rule name {name!r} already exists")


def create_rule(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    request, acl = payload["request"], life.state.acl
    _check_rule_name(life, request["name"], at)
    check_rule_pattern(request["redisRule"])
    rule = AclRule(acl.next_rule_id, request["name"], request["redisRule"], False, Timeline(_settling(life, at)),
                   listed_at=at + life.settings["acl_not_listed_seconds"])
    acl.next_rule_id += 1
    acl.rules[rule.rule_id] = rule
    return {"resourceId": rule.rule_id}


def update_rule(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    request = payload["request"]
    rule = _rule(life, payload["rule_id"], at)
    if rule.is_default:
        raise TaskError(400, "ACL_REDIS_RULE_CANNOT_UPDATE_DEFAULT", f"ACL redis rule {rule.name!r} is built in and cannot be changed")
    if _status(rule.timeline, at) != "active":
        raise TaskError(400, "ACL_REDIS_RULE_NOT_ACTIVE", f"ACL redis rule {rule.rule_id} is not active: try again when it is")
    if "name" in request:
        _check_rule_name(life, request["name"], at)
    check_rule_pattern(request["redisRule"])
    rule.name, rule.acl = request.get("name", rule.name), request["redisRule"]
    rule.timeline.schedule(at, _settling(life, at))
    return {"resourceId": rule.rule_id}


def delete_rule(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    rule = _rule(life, payload["rule_id"], at)
    if rule.is_default:
        raise TaskError(400, "ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT", f"ACL redis rule {rule.name!r} is built in and cannot be deleted")
    if _status(rule.timeline, at) != "active":
        raise TaskError(400, "ACL_REDIS_RULE_NOT_ACTIVE", f"ACL redis rule {rule.rule_id} is not active: try again when it is")
    if any(entry["rule_id"] == rule.rule_id for role in life.state.acl.live_roles(at) for entry in role.rules):
        # The holders are not named.
        raise TaskError(400, "ACL_REDIS_RULE_CANNOT_DELETE_WHEN_ASSOCIATED_WITH_ROLES",
                        "ACL redis rule is associated with roles and cannot be deleted")
    rule.timeline.schedule(at, _deleting(life, at))
    return {"resourceId": rule.rule_id}


# -- roles ----------------------------------------------------------------------------------------------

def _role(life: Lifecycle, role_id: int, at: float) -> AclRole:
    role = life.state.acl.roles.get(role_id)
    if role is None or _status(role.timeline, at) is None:
        raise TaskError(404, "ACL_ROLE_NOT_FOUND", "ACL role not found")
    return role


def _database_status(life: Lifecycle, subscription_id: int, database_id: int, at: float) -> str:
    """The status of a Pro or Essentials database; SUBSCRIPTION_NOT_FOUND / DATABASE_NOT_FOUND as recorded
    (role_test.go TestCreateNoSubscriptionRole, TestUpdateBadRole)."""
    state = life.state
    pro = state.subscriptions.get(subscription_id)
    if pro is not None and not pro.deleted:
        database = state.databases.get(database_id)
        if database is None or database.deleted or database.subscription_id != subscription_id:
            raise TaskError(404, "DATABASE_NOT_FOUND", "Database was not found")
        return database.status
    fixed = state.essentials.subscription(subscription_id, at)
    if fixed is None:
        raise TaskError(404, "SUBSCRIPTION_NOT_FOUND", "Subscription was not found")
    fixed_database = state.essentials.database(fixed, database_id, at)
    if fixed_database is None:
        raise TaskError(404, "DATABASE_NOT_FOUND", "Database was not found")
    return fixed_database.timeline.status(at) or "draft"


def _role_rules(life: Lifecycle, rules: list[dict[str, Any]], at: float) -> list[dict[str, Any]]:
    """Check a role's redisRules and return them with rule ids."""
    if not rules:
        raise TaskError(400, "ACL_ROLE_REDIS_RULES_IS_MISSING", "A role needs at least one Redis rule")
    resolved, seen = [], set()
    for entry in rules:
        rule = life.state.acl.rule_named(entry["ruleName"], at)
        if rule is None or _status(rule.timeline, at) is None:
            raise TaskError(400, "ACL_REDIS_RULE_DOES_NOT_EXISTS", f"ACL redis rule {entry['ruleName']!r} does not exist")
        if _status(rule.timeline, at) != "active":
            raise TaskError(400, "ACL_REDIS_RULE_NOT_ACTIVE", f"ACL redis rule {rule.name!r} is not active")
        if not entry["databases"]:
            raise TaskError(400, "ACL_ROLE_REDIS_RULES_DATABASES_SPEC_IS_MISSING", f"Rule {rule.name!r} names no database")
        for database in entry["databases"]:
            key = (database["subscriptionId"], database["databaseId"])
            if key in seen:
                raise TaskError(400, "ACL_ROLE_REDIS_RULE_MUST_BE_DEFINED_ONLY_ONCE_PER_DATABASE",
                                f"Database {key[1]} is given more than one rule in this role")
            seen.add(key)
            if database.get("regions"):
                raise TaskError(400, "ACL_ROLE_REDIS_RULES_DATABASES_REGION_MUST_BE_CRDB", "regions apply to Active-Active databases only")
            status = _database_status(life, key[0], key[1], at)
            if status != "active":
                # Not recorded; refusing is the harsher reading.
                raise TaskError(400, "DATABASE_NOT_ACTIVE", f"Database {key[1]} is {status}: try again when it is active")
        resolved.append({"rule_id": rule.rule_id, "databases": [dict(database) for database in entry["databases"]]})
    return resolved


def create_role(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    request, acl = payload["request"], life.state.acl
    if acl.role_named(request["name"], at) is not None:
        raise TaskError(400, "ACL_ROLE_NAME_ALREADY_EXISTS", f"ACL role name {request['name']!r} already exists")
    role = AclRole(acl.next_role_id, request["name"], _role_rules(life, request["redisRules"], at), Timeline(_flapping(life, at)),
                   listed_at=at + life.settings["acl_not_listed_seconds"])
    acl.next_role_id += 1
    acl.roles[role.role_id] = role
    return {"resourceId": role.role_id}


def update_role(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    request, acl = payload["request"], life.state.acl
    role = _role(life, payload["role_id"], at)
    if _status(role.timeline, at) != "active":
        raise TaskError(400, "ACL_ROLE_IS_IN_PENDING_STATUS_AND_CANNOT_BE_UPDATED", f"ACL role {role.role_id} is pending and cannot be updated")
    other = acl.role_named(request.get("name", role.name), at)
    if other is not None and other is not role:
        raise TaskError(400, "ACL_ROLE_NAME_ALREADY_EXISTS", f"ACL role name {request['name']!r} already exists")
    rules = _role_rules(life, request["redisRules"], at) if "redisRules" in request else role.rules
    role.name, role.rules = request.get("name", role.name), rules
    role.timeline.schedule(at, _flapping(life, at))
    return {"resourceId": role.role_id}


def delete_role(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    role = _role(life, payload["role_id"], at)
    if _status(role.timeline, at) != "active":
        raise TaskError(400, "ACL_ROLE_IS_IN_PENDING_STATUS_AND_CANNOT_BE_DELETED", f"ACL role {role.role_id} is pending and cannot be deleted")
    if any(user.role_id == role.role_id for user in life.state.acl.live_users(at)):
        # The holders are not named.
        raise TaskError(400, "ACL_ROLE_HAS_ACTIVE_USERS_AND_CANNOT_BE_DELETED", "ACL role has users and cannot be deleted")
    role.timeline.schedule(at, _deleting(life, at))
    return {"resourceId": role.role_id}


# -- users ----------------------------------------------------------------------------------------------

def _user(life: Lifecycle, user_id: int, at: float) -> AclUser:
    user = life.state.acl.users.get(user_id)
    if user is None or _status(user.timeline, at) is None:
        raise TaskError(404, "ACL_USER_NOT_FOUND", "ACL user not found")
    return user


def _check_user_settled(life: Lifecycle, user: AclUser, at: float, action: str) -> None:
    """The spec has no code for a pending user; the Terraform provider waits for a user to be active before it deletes
    it (resource_rediscloud_acl_user.go). acl_pending_user_writes "refuse" (default) plays the refusal with the
    spec's generic ACL_GENERAL_ERROR; "accept" lets the write through."""
    if life.settings["acl_pending_user_writes"] == "refuse" and _status(user.timeline, at) != "active":
        raise TaskError(400, "ACL_GENERAL_ERROR", f"ACL user {user.user_id} is pending and cannot be {action}")


def _role_for_user(life: Lifecycle, name: str, at: float) -> AclRole:
    role = life.state.acl.role_named(name, at)
    if role is None or _status(role.timeline, at) is None:
        raise TaskError(400, "ACL_ROLE_DOES_NOT_EXISTS", "ACL role associated with a user has to exist.")
    return role


def create_user(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    request, acl = payload["request"], life.state.acl
    if any(user.name == request["name"] for user in acl.live_users(at)):
        raise TaskError(400, "ACL_USER_NAME_ALREADY_EXISTS", f"ACL user name {request['name']!r} already exists")
    # The role is checked before the password (recorded: user_test.go TestCreateBadUser fails on the role with a
    # password that the password rules would refuse).
    role = _role_for_user(life, request["role"], at)
    check_user_password(request["password"])
    user = AclUser(acl.next_user_id, request["name"], role.role_id, password_digest(request["password"]),
                   Timeline(_flapping(life, at)), listed_at=at + life.settings["acl_not_listed_seconds"])
    acl.next_user_id += 1
    acl.users[user.user_id] = user
    return {"resourceId": user.user_id}


def update_user(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    request = payload["request"]
    user = _user(life, payload["user_id"], at)
    _check_user_settled(life, user, at, "updated")
    role = _role_for_user(life, request["role"], at) if "role" in request else None
    if "password" in request:
        check_user_password(request["password"])
        user.password_sha256, user.password_version = password_digest(request["password"]), user.password_version + 1
    if role is not None:
        user.role_id = role.role_id
    user.timeline.schedule(at, _flapping(life, at))
    return {"resourceId": user.user_id}


def delete_user(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    user = _user(life, payload["user_id"], at)
    _check_user_settled(life, user, at, "deleted")
    user.timeline.schedule(at, _deleting(life, at))
    return {"resourceId": user.user_id}


ACL_HANDLERS: dict[str, Handler] = {
    "aclRedisRuleCreateRequest": create_rule,
    "aclRedisRuleUpdateRequest": update_rule,
    "aclRedisRuleDeleteRequest": delete_rule,
    "aclRoleCreateRequest": create_role,
    "aclRoleUpdateRequest": update_role,
    "aclRoleDeleteRequest": delete_role,
    "aclUserCreateRequest": create_user,
    "aclUserUpdateRequest": update_user,
    "aclUserDeleteRequest": delete_user,
}
