# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACL users: the model of redis_cloud_acl_user.

A user is known by its name, which cannot change (the API refuses ``name`` in an update). Its role (by name) must
exist before a write: a prerequisite. The listing has no status, so a user is read by id before its status counts
(the type says so). Like roles, users flip between active and pending after a write: settled on two active reads a
settle window apart. The password is never in an answer: with ``update_password: always`` it is sent on every run.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference, Field, compare
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current, Prerequisite, ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.masking import mask_secrets
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_user_options import build_create_body, build_update_body, validate_create
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import ACL_ROLE, ACL_USER

FIELDS = (Field("name", "name", in_place=False), Field("role", "role"))
# Never read back: with update_password=always it always differs, and is sent.
PASSWORD = Field("password", "password", secret=True, unreported_differs=True)


def user_holds_role(user: dict[str, Any], role: dict[str, Any]) -> bool:
    """Whether a user (as listed: its role by name) holds this role."""
    return user.get("role") == role.get("name")


class AclUserModel(ResourceModel):
    type = ACL_USER
    fields = FIELDS
    id_option = "acl_user_id"
    result_key = "acl_user"
    refusals_in_tasks = True
    settle_window_option = "settle_window"

    def label(self) -> str:
        return "ACL user"

    def secrets(self) -> tuple[str, ...]:
        return (self.params["password"],) if self.params.get("password") else ()

    def validate_create(self) -> list[str]:
        return validate_create(self.params)

    def prerequisites(self, current: dict[str, Any] | None) -> list[Prerequisite]:
        return [Prerequisite("role", (ACL_ROLE,), name=self.params["role"])] if self.params.get("role") else []

    def create_body(self) -> dict[str, Any]:
        return build_create_body(self.params)

    def differences(self, current: Current) -> list[Difference]:
        differences = compare(self.params, current.item, self.fields)
        if self.params.get("password") is not None and self.params.get("update_password") == "always":
            differences.extend(compare(self.params, current.item, (PASSWORD,)))
        return differences

    def update_body(self, differences: list[Difference], current: Current) -> dict[str, Any]:
        return build_update_body(self.params, {d.field for d in differences})

    def mask(self, value: Any) -> Any:
        return mask_secrets(value)
