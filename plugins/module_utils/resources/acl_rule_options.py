# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of a Redis ACL rule: the argument spec, its request bodies (AclRedisRuleCreateRequest, AclRedisRuleUpdateRequest)
and the checks the spec cannot express.

The rule's text is ``redisRule`` in requests and ``acl`` in answers (RedisLabs/rediscloud-go-api redis_rule_test.go).
Its syntax is left to the API: its task error says what is wrong (ACL_REDIS_RULE_PATTERN_NOT_VALID), and Redis's ACL
words are too many to check here without refusing valid ones.
"""

from __future__ import annotations

from typing import Any

STATES = ["present", "absent"]


def acl_rule_argument_spec() -> dict[str, Any]:
    """The module's own options (auth and wait options are added by RedisCloudModule)."""
    return {
        "state": {"type": "str", "choices": STATES, "default": "present"},
        "acl_rule_id": {"type": "int", "aliases": ["id"]},
        "name": {"type": "str"},
        "rule": {"type": "str"},
    }


REQUIRED_ONE_OF = [["name", "acl_rule_id"]]


def build_create_body(params: dict[str, Any]) -> dict[str, Any]:
    # Two fields whose names are not the options' (engine.body.API_NAMES is global, and a role's "rule" is a ruleName).
    return {"name": params["name"], "redisRule": params["rule"]}


def build_update_body(params: dict[str, Any], current: dict[str, Any], rename: bool) -> dict[str, Any]:
    """The PUT body. ``redisRule`` is required (the current text when only the name changes). ``name`` only to rename:
    an unchanged name is refused with ACL_REDIS_RULE_NAME_ALREADY_EXISTS (terraform-provider-rediscloud issue #547),
    although the spec lists it as required. The recorded behaviour wins; the simulator's spec.DEVIATIONS lists it."""
    body: dict[str, Any] = {"redisRule": params["rule"] if params.get("rule") is not None else current.get("acl")}
    if rename:
        body["name"] = params["name"]
    return body


def validate_params(params: dict[str, Any]) -> list[str]:
    """Problems visible from the parameters alone."""
    problems = []
    if params.get("acl_rule_id") is not None and not 0 < params["acl_rule_id"] < 2**31:
        problems.append(f"acl_rule_id must be a positive integer id, got {params['acl_rule_id']}")
    for option in ("name", "rule"):
        if params.get(option) is not None and not params[option].strip():
            problems.append(f"{option} must not be empty")
    return problems


def validate_create(params: dict[str, Any]) -> list[str]:
    return [f"{option} is required to create a rule" for option in ("name", "rule") if not params.get(option)]
