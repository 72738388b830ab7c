# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Redis ACL rules: the model of redis_cloud_acl_rule.

A rule is known by its name. The API has no GET by id (the type reads it from the listing), a write leaves it
``pending`` for a moment (a write meanwhile is refused with ACL_REDIS_RULE_NOT_ACTIVE, waited out), and every
refusal comes in the write's task. The built-in rules (``isDefault``) can be neither changed nor deleted, and a
rule that a role uses cannot be deleted: both are refused before anything is sent.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference, Field
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current, Dependents, ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_role import role_uses_rule
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_rule_options import build_create_body, build_update_body, validate_create
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import ACL_ROLE, ACL_RULE


def acl_words(value: Any) -> Any:
    """The rule's words: spacing does not count (the built-in Full-Access reads "+@all  ~*", two spaces)."""
    return " ".join(value.split()) if isinstance(value, str) else value


FIELDS = (Field("name", "name"), Field("rule", "acl", normalize=acl_words))


class AclRuleModel(ResourceModel):
    type = ACL_RULE
    fields = FIELDS
    id_option = "acl_rule_id"
    result_key = "acl_rule"
    refusals_in_tasks = True
    dependents = (Dependents(ACL_ROLE, role_uses_rule),)

    def label(self) -> str:
        return "Redis ACL rule"

    def validate_create(self) -> list[str]:
        return validate_create(self.params)

    def create_body(self) -> dict[str, Any]:
        return build_create_body(self.params)

    def update_body(self, differences: list[Difference], current: Current) -> dict[str, Any]:
        return build_update_body(self.params, current.item, rename=any(d.field == "name" for d in differences))

    def unchangeable(self, item: dict[str, Any]) -> str | None:
        if item.get("isDefault") is not True:
            return None
        return (f"Rule {item.get('id')} ({item.get('name')!r}) is built in: the API refuses to change or delete it "
                "(ACL_REDIS_RULE_CANNOT_UPDATE_DEFAULT, ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT). Create a rule of your own instead.")
