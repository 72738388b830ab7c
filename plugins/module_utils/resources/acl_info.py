# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What redis_cloud_acl_info reads: the account's Redis ACL rules, roles and users, all of them or those of one name,
with which roles use each rule (``used_by``) and which users hold each role (``held_by``), worked out as the rule and
role modules do before they refuse a delete (the same ``holds`` functions).

The users listing has no status (RedisLabs/rediscloud-go-api user_test.go TestListUsers): users asked for by name are
read by id, which gives it.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import Resources
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_role import role_uses_rule
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_user import user_holds_role
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import ACL_ROLE, ACL_RULE, ACL_USER

KINDS = {"rules": ACL_RULE, "roles": ACL_ROLE, "users": ACL_USER}
# What each kind's answer needs read: a rule's users are roles, a role's holders are users.
NEEDS = {"rules": ("rules", "roles"), "roles": ("roles", "users"), "users": ("users",)}


def acl_info_argument_spec() -> dict[str, Any]:
    return {
        "gather": {"type": "list", "elements": "str", "choices": list(KINDS), "default": list(KINDS)},
        "name": {"type": "str"},
    }


def _reference(item: dict[str, Any]) -> dict[str, Any]:
    return {"id": item.get("id"), "name": item.get("name")}


def read_acl(params: dict[str, Any], run: Run) -> dict[str, Any]:
    """One listing per kind needed; the result holds each kind asked for, its ids, and the ids as facts."""
    wanted = [kind for kind in KINDS if kind in params["gather"]]
    listed = {kind: Resources(KINDS[kind], run).list() for kind in KINDS if any(kind in NEEDS[asked] for asked in wanted)}
    name = params["name"]

    def named(kind: str) -> list[dict[str, Any]]:
        return [item for item in listed[kind] if name is None or item.get("name") == name]

    def users() -> list[dict[str, Any]]:
        reads = Resources(ACL_USER, run)
        # By name: read by id for the status (a user deleted meanwhile keeps its listed entry).
        return [(reads.get(reads.id_of(user)) or user) if name is not None else user for user in named("users")]

    shown = {
        "rules": lambda: [dict(rule, used_by=[_reference(role) for role in listed["roles"] if role_uses_rule(role, rule)])
                          for rule in named("rules")],
        "roles": lambda: [dict(role, held_by=[_reference(user) for user in listed["users"] if user_holds_role(user, role)])
                          for role in named("roles")],
        "users": users,
    }
    result: dict[str, Any] = {"changed": False, "ansible_facts": {}}
    for kind in wanted:
        items = shown[kind]()
        if params["wait"]:
            # Until each is active (one read, no settle window): the items as last read, with what was added to them.
            joined = Resources(KINDS[kind], run).join([item["id"] for item in items], listing=listed[kind])
            items = [{**item, **(joined[item["id"]] or {})} for item in items]
        ids = [item.get("id") for item in items]
        result[f"acl_{kind}"], result[f"acl_{kind[:-1]}_ids"] = items, ids
        result["ansible_facts"][f"redis_cloud_acl_{kind[:-1]}_ids"] = ids
    if params["wait"]:
        result["timeline"] = run.timeline.as_list()
    return result
