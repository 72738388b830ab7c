"""redis_cloud_acl_rule's model and options, on answers shaped like the recorded ones (RedisLabs/rediscloud-go-api
redis_rule_test.go); every body validated against the vendored spec, with the simulator's spec.DEVIATIONS."""

from __future__ import annotations

from typing import Any

import pytest
from redis_cloud_simulator.spec import DEVIATIONS, load_spec, validate_body

from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_role import role_uses_rule
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_rule import AclRuleModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_rule_options import validate_create, validate_params
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import ACL_RULE

# GET /acl/redisRules as recorded (TestListRedisRules): the text is `acl`, Full-Access has two spaces.
LISTING = {"accountId": 1001, "redisRules": [
    {"id": 76, "name": "Full-Access", "acl": "+@all  ~*", "isDefault": True, "status": "active"},
    {"id": 3901, "name": "cache-read", "acl": "+@read ~cache:*", "isDefault": False, "status": "active"},
]}
FULL_ACCESS, CACHE_READ = LISTING["redisRules"]


def model(**params: Any) -> AclRuleModel:
    return AclRuleModel({"state": "present", "acl_rule_id": None, "name": "cache-read", "rule": None, **params})


def test_the_listing_parses_strictly():
    assert ACL_RULE.items_of(LISTING, "GET /acl/redisRules") == LISTING["redisRules"]
    assert ACL_RULE.read_from_listing  # no GET by id (the Go client: "Get has to use the List behaviour")


def test_the_text_is_compared_word_by_word():
    assert model(name="Full-Access", rule="+@all ~*").differences(Current(FULL_ACCESS)) == []
    [difference] = model(rule="+@read +@write ~cache:*").differences(Current(CACHE_READ))
    assert (difference.field, difference.current, difference.in_place) == ("rule", "+@read ~cache:*", True)


def test_the_create_body_follows_the_spec():
    body = model(rule="+@read ~cache:*").create_body()
    assert body == {"name": "cache-read", "redisRule": "+@read ~cache:*"}
    assert validate_body("AclRedisRuleCreateRequest", body) == []


def test_an_update_sends_the_name_only_to_rename_as_the_spec_deviation_says():
    # The spec lists name as required in an update; the API refuses an unchanged one (terraform-provider-rediscloud #547).
    assert "name" in load_spec()["components"]["schemas"]["AclRedisRuleUpdateRequest"]["required"]
    assert "AclRedisRuleUpdateRequest.name" in [deviation.where for deviation in DEVIATIONS]
    changed = model(rule="+@read +@write ~cache:*")
    text_only = changed.update_body(changed.differences(Current(CACHE_READ)), Current(CACHE_READ))
    assert text_only == {"redisRule": "+@read +@write ~cache:*"}
    renamed = model(acl_rule_id=3901, name="cache-reader")
    rename = renamed.update_body(renamed.differences(Current(CACHE_READ)), Current(CACHE_READ))
    assert rename == {"redisRule": "+@read ~cache:*", "name": "cache-reader"}  # redisRule stays required: the current text
    for body in (text_only, rename):
        assert validate_body("AclRedisRuleUpdateRequest", body) == []
    assert validate_body("AclRedisRuleUpdateRequest", {"name": "x"}) != []  # redisRule is still required


def test_built_in_rules_cannot_change_and_others_can():
    reason = model().unchangeable(FULL_ACCESS)
    assert reason is not None and "Rule 76 ('Full-Access') is built in" in reason
    assert model().unchangeable(CACHE_READ) is None


def test_a_role_uses_a_rule_by_id_or_name():
    role = {"id": 901, "name": "readers", "redisRules": [{"ruleId": 3901, "ruleName": "cache-read", "databases": []}], "users": []}
    assert role_uses_rule(role, CACHE_READ) and not role_uses_rule(role, FULL_ACCESS)
    assert role_uses_rule({"redisRules": [{"ruleName": "cache-read"}]}, CACHE_READ)
    assert [type(d).__name__ for d in AclRuleModel.dependents] == ["Dependents"] and AclRuleModel.dependents[0].type.kind == "role"


@pytest.mark.parametrize(("params", "problem"), [
    ({"name": " "}, "name must not be empty"),
    ({"rule": ""}, "rule must not be empty"),
    ({"acl_rule_id": 0}, "acl_rule_id must be a positive integer id"),
])
def test_bad_input_is_refused_naming_the_option(params, problem):
    assert any(problem in found for found in validate_params({"name": "x", "rule": "+@read", "acl_rule_id": None, **params}))


def test_a_create_needs_a_name_and_a_text():
    assert validate_create({"name": "x", "rule": None}) == ["rule is required to create a rule"]
