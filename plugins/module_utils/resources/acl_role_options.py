# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of an ACL role: the argument spec, its request bodies (AclRoleCreateRequest, AclRoleUpdateRequest,
AclRoleRedisRuleSpec, AclRoleDatabaseSpec) and the checks the API would otherwise make in the write's task.

The settle window is shared with ACL users (both flap between active and pending after a write).
"""

from __future__ import annotations

import math
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.body import to_api
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_rule_options import STATES

# Terraform waits for active, sleeps 15 s, and waits again (resource_rediscloud_acl_role.go, _acl_user.go):
# the only recorded figure for how long the flapping lasts.
DEFAULT_SETTLE_WINDOW = 15.0
MAX_SETTLE_WINDOW = 600.0
SETTLE_WINDOW_OPTION: dict[str, Any] = {"type": "float", "default": DEFAULT_SETTLE_WINDOW}

DATABASE_OPTIONS: dict[str, Any] = {
    "subscription_id": {"type": "int", "required": True},
    "database_id": {"type": "int", "required": True},
    "regions": {"type": "list", "elements": "str"},
}
RULES_OPTION: dict[str, Any] = {
    "type": "list",
    "elements": "dict",
    "options": {
        "rule": {"type": "str", "required": True},
        "databases": {"type": "list", "elements": "dict", "required": True, "options": DATABASE_OPTIONS},
    },
}


def acl_role_argument_spec() -> dict[str, Any]:
    """The module's own options (auth and wait options are added by RedisCloudModule)."""
    return {
        "state": {"type": "str", "choices": STATES, "default": "present"},
        "acl_role_id": {"type": "int", "aliases": ["id"]},
        "name": {"type": "str"},
        "rules": RULES_OPTION,
        "settle_window": SETTLE_WINDOW_OPTION,
    }


REQUIRED_ONE_OF = [["name", "acl_role_id"]]


def rules_body(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``redisRules``: the rule by name (``ruleName``, the API resolves it), its databases in the API's shape."""
    return [{"ruleName": entry["rule"], "databases": to_api(entry["databases"], DATABASE_OPTIONS)} for entry in rules]


def build_create_body(params: dict[str, Any]) -> dict[str, Any]:
    return {"name": params["name"], "redisRules": rules_body(params["rules"])}


def build_update_body(params: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    """The whole rule list when it changes; the name only to rename."""
    body: dict[str, Any] = {}
    if "name" in fields:
        body["name"] = params["name"]
    if "rules" in fields:
        body["redisRules"] = rules_body(params["rules"])
    return body


def settle_window_problems(params: dict[str, Any]) -> list[str]:
    window = params.get("settle_window")
    if window is not None and not (math.isfinite(window) and 0 <= window <= MAX_SETTLE_WINDOW):
        return [f"settle_window must be between 0 and {MAX_SETTLE_WINDOW:g} seconds, got {window}"]
    return []


def validate_params(params: dict[str, Any]) -> list[str]:
    """Problems visible from the parameters alone; the API would refuse them in the write's task."""
    problems = settle_window_problems(params)
    if params.get("acl_role_id") is not None and not 0 < params["acl_role_id"] < 2**31:
        problems.append(f"acl_role_id must be a positive integer id, got {params['acl_role_id']}")
    if params.get("name") is not None and not params["name"].strip():
        problems.append("name must not be empty")
    rules = params.get("rules")
    if rules is not None and not rules:
        problems.append("rules must name at least one rule (ACL_ROLE_REDIS_RULES_IS_MISSING)")
    seen: dict[tuple[int, int], str] = {}
    for index, entry in enumerate(rules or []):
        if not entry["rule"].strip():
            problems.append(f"rules[{index}].rule must not be empty")
        if not entry["databases"]:
            problems.append(f"rules[{index}].databases must name at least one database")
        for number, database in enumerate(entry["databases"]):
            where = f"rules[{index}].databases[{number}]"
            key = (database["subscription_id"], database["database_id"])
            if not all(0 < value < 2**31 for value in key):
                problems.append(f"{where}: subscription_id and database_id must be positive integer ids")
            elif key in seen:
                problems.append(f"{where}: database {key[1]} of subscription {key[0]} already has a rule in {seen[key]} "
                                "(a database takes one rule per role)")
            seen.setdefault(key, f"rules[{index}]")
    return problems


def validate_create(params: dict[str, Any]) -> list[str]:
    return [f"{option} is required to create a role" for option in ("name", "rules") if not params.get(option)]
