# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACL roles: the model of redis_cloud_acl_role.

A role gives rules on databases. It is known by its name; the API has no GET by id (the type reads it from the
listing). The rules it names must exist and be active, and its databases exist and be active (Pro or Essentials):
prerequisites, found before anything is sent and waited for before each send. After a write the role flips
between active and pending for a while (Terraform: "Sometimes ACL Users and Roles flip between Active and Pending
a few times"), so it is settled only when a read a settle window later shows it active again. A role that a user
holds cannot be deleted: refused before anything is sent, naming the users.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference, Field
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current, Dependents, Prerequisite, ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_role_options import build_create_body, build_update_body, validate_create
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_user import user_holds_role
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import ACL_ROLE, ACL_RULE, ACL_USER, DATABASE, ESSENTIALS_DATABASE


def _pick(entry: dict[str, Any], option: str, api: str) -> Any:
    """A field of a rule or database entry, given as options or read back from the API."""
    return entry.get(option, entry.get(api))


def rules_key(value: Any) -> Any:
    """Rules as compared: rule name -> the set of (subscription, database, regions), whatever the order and grouping."""
    if not isinstance(value, list):
        return value
    merged: dict[str, set[tuple[str, str, tuple[str, ...]]]] = {}
    for entry in value:
        if not isinstance(entry, dict):
            continue
        databases = merged.setdefault(str(_pick(entry, "rule", "ruleName")), set())
        for database in _pick(entry, "databases", "databases") or []:
            if isinstance(database, dict):
                databases.add((str(_pick(database, "subscription_id", "subscriptionId")), str(_pick(database, "database_id", "databaseId")),
                               tuple(sorted(str(region) for region in database.get("regions") or []))))
    return sorted((rule, sorted(databases)) for rule, databases in merged.items())


def role_uses_rule(role: dict[str, Any], rule: dict[str, Any]) -> bool:
    """Whether a role (as listed) gives this rule on some database."""
    return any(isinstance(entry, dict) and (entry.get("ruleId") == rule.get("id") or entry.get("ruleName") == rule.get("name"))
               for entry in role.get("redisRules") or [])


FIELDS = (Field("name", "name"), Field("rules", "redisRules", normalize=rules_key))


class AclRoleModel(ResourceModel):
    type = ACL_ROLE
    fields = FIELDS
    id_option = "acl_role_id"
    result_key = "acl_role"
    refusals_in_tasks = True
    dependents = (Dependents(ACL_USER, user_holds_role),)
    settle_window_option = "settle_window"

    def label(self) -> str:
        return "ACL role"

    def validate_create(self) -> list[str]:
        return validate_create(self.params)

    def prerequisites(self, current: dict[str, Any] | None) -> list[Prerequisite]:
        """Each rule (by name) and each database the role names must exist and be active before it is written."""
        found: list[Prerequisite] = []
        rule_names: set[str] = set()
        for index, entry in enumerate(self.params.get("rules") or []):
            if entry["rule"] not in rule_names:
                rule_names.add(entry["rule"])
                found.append(Prerequisite(f"rules[{index}].rule", (ACL_RULE,), name=entry["rule"]))
            found.extend(Prerequisite(f"rules[{index}].databases[{number}]", (DATABASE, ESSENTIALS_DATABASE),
                                      item_id=database["database_id"], parent_id=database["subscription_id"])
                         for number, database in enumerate(entry["databases"]))
        return found

    def create_body(self) -> dict[str, Any]:
        return build_create_body(self.params)

    def update_body(self, differences: list[Difference], current: Current) -> dict[str, Any]:
        return build_update_body(self.params, {d.field for d in differences})
