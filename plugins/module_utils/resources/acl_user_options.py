# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of an ACL user: the argument spec, its request bodies (AclUserCreateRequest, AclUserUpdateRequest) and checks.

The password is never in an answer, so it cannot be compared: O(update_password) says whether it is sent
(``always``: on every run) or only with the create (``on_create``, the default here: rotation is a deliberate act).
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_role_options import SETTLE_WINDOW_OPTION, settle_window_problems
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_rule_options import STATES
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_options import UPDATE_PASSWORD

# redis/docs create-assign-users.md: "ACL user passwords must be between 8 and 128 characters long". The API checks
# more (character classes, recorded only in part), in the task: ACL_USER_PASSWORD_NOT_VALID.
PASSWORD_LENGTH = (8, 128)


def acl_user_argument_spec() -> dict[str, Any]:
    """The module's own options (auth and wait options are added by RedisCloudModule)."""
    return {
        "state": {"type": "str", "choices": STATES, "default": "present"},
        "acl_user_id": {"type": "int", "aliases": ["id"]},
        "name": {"type": "str"},
        "role": {"type": "str"},
        "password": {"type": "str", "no_log": True},
        "update_password": {"type": "str", "choices": UPDATE_PASSWORD, "default": "on_create", "no_log": False},
        "settle_window": SETTLE_WINDOW_OPTION,
    }


REQUIRED_ONE_OF = [["name", "acl_user_id"]]


def build_create_body(params: dict[str, Any]) -> dict[str, Any]:
    return {"name": params["name"], "role": params["role"], "password": params["password"]}


def build_update_body(params: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    """``role`` and ``password`` only: the API refuses ``name`` in an update (UNRECOGNIZED_FIELD)."""
    return {option: params[option] for option in ("role", "password") if option in fields}


def validate_params(params: dict[str, Any]) -> list[str]:
    """Problems visible from the parameters alone (never quoting the password)."""
    problems = settle_window_problems(params)
    if params.get("acl_user_id") is not None and not 0 < params["acl_user_id"] < 2**31:
        problems.append(f"acl_user_id must be a positive integer id, got {params['acl_user_id']}")
    for option in ("name", "role"):
        if params.get(option) is not None and not params[option].strip():
            problems.append(f"{option} must not be empty")
    password = params.get("password")
    if password is not None and not PASSWORD_LENGTH[0] <= len(password) <= PASSWORD_LENGTH[1]:
        problems.append(f"password must be {PASSWORD_LENGTH[0]} to {PASSWORD_LENGTH[1]} characters long, got {len(password)}")
    return problems


def validate_create(params: dict[str, Any]) -> list[str]:
    return [f"{option} is required to create a user" for option in ("name", "role", "password") if not params.get(option)]
