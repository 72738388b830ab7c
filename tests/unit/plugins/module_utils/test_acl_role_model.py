"""redis_cloud_acl_role's model and options, on answers shaped like the recorded ones (RedisLabs/rediscloud-go-api
role_test.go); every body validated against the vendored spec."""

from __future__ import annotations

from typing import Any

import pytest
from redis_cloud_simulator.spec import validate_body
from scripted_api import NOT_FOUND, ScriptedClient, make_run

from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current
from ansible_collections.rediscloud.api.plugins.module_utils.engine.prerequisites import locate
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_role import AclRoleModel, rules_key
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_role_options import validate_create, validate_params
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_user import user_holds_role
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import ACL_ROLE, ACL_RULE, DATABASE, ESSENTIALS_DATABASE

# A role as GET /acl/roles lists it (TestListRoles): rules by id and name, databases with their name and regions.
ROLE = {"id": 901, "name": "readers", "status": "active", "users": [{"id": 201, "name": "app"}], "redisRules": [
    {"ruleId": 3901, "ruleName": "cache-read", "databases": [
        {"subscriptionId": 100001, "databaseId": 5000001, "databaseName": "orders-cache", "regions": []},
        {"subscriptionId": 100002, "databaseId": 5000002, "databaseName": "sessions", "regions": []}]},
    {"ruleId": 78, "ruleName": "Read-Only", "databases": [{"subscriptionId": 100001, "databaseId": 5000003, "databaseName": "x", "regions": []}]},
]}
RULES = [
    {"rule": "Read-Only", "databases": [{"subscription_id": 100001, "database_id": 5000003, "regions": None}]},
    {"rule": "cache-read", "databases": [{"subscription_id": 100002, "database_id": 5000002, "regions": None},
                                         {"subscription_id": 100001, "database_id": 5000001, "regions": None}]},
]


def model(**params: Any) -> AclRoleModel:
    return AclRoleModel({"state": "present", "acl_role_id": None, "name": "readers", "rules": None, "settle_window": 15.0, **params})


def test_rules_are_compared_without_regard_to_order_or_grouping():
    assert model(rules=RULES).differences(Current(ROLE)) == []
    split = [RULES[1] | {"databases": RULES[1]["databases"][:1]}, RULES[0], RULES[1] | {"databases": RULES[1]["databases"][1:]}]
    assert rules_key(split) == rules_key(ROLE["redisRules"])
    fewer = [RULES[1]]
    [difference] = model(rules=fewer).differences(Current(ROLE))
    assert difference.field == "rules" and difference.in_place


def test_the_bodies_follow_the_spec_and_an_update_sends_the_whole_list():
    create = model(rules=RULES).create_body()
    assert create["redisRules"][0] == {"ruleName": "Read-Only", "databases": [{"subscriptionId": 100001, "databaseId": 5000003}]}
    assert validate_body("AclRoleCreateRequest", create) == []
    changed = model(rules=[RULES[1]])
    update = changed.update_body(changed.differences(Current(ROLE)), Current(ROLE))
    assert update == {"redisRules": [{"ruleName": "cache-read", "databases": [
        {"subscriptionId": 100002, "databaseId": 5000002}, {"subscriptionId": 100001, "databaseId": 5000001}]}]}
    renamed = model(acl_role_id=901, name="viewers")
    assert renamed.update_body(renamed.differences(Current(ROLE)), Current(ROLE)) == {"name": "viewers"}
    for body in (update, {"name": "viewers"}):
        assert validate_body("AclRoleUpdateRequest", body) == []
    with_regions = model(rules=[{"rule": "x", "databases": [{"subscription_id": 1, "database_id": 2, "regions": ["us-east-1"]}]}]).create_body()
    assert with_regions["redisRules"][0]["databases"] == [{"subscriptionId": 1, "databaseId": 2, "regions": ["us-east-1"]}]
    assert validate_body("AclRoleCreateRequest", with_regions) == []


def test_the_rules_and_databases_it_names_are_prerequisites():
    named = model(rules=RULES + [{"rule": "Read-Only", "databases": [{"subscription_id": 7, "database_id": 8, "regions": None}]}])
    found = named.prerequisites(None)
    assert [(p.option, p.types, p.name, p.item_id, p.parent_id) for p in found] == [
        ("rules[0].rule", (ACL_RULE,), "Read-Only", None, None),
        ("rules[0].databases[0]", (DATABASE, ESSENTIALS_DATABASE), None, 5000003, 100001),
        ("rules[1].rule", (ACL_RULE,), "cache-read", None, None),
        ("rules[1].databases[0]", (DATABASE, ESSENTIALS_DATABASE), None, 5000002, 100002),
        ("rules[1].databases[1]", (DATABASE, ESSENTIALS_DATABASE), None, 5000001, 100001),
        ("rules[2].databases[0]", (DATABASE, ESSENTIALS_DATABASE), None, 8, 7),  # Read-Only once
    ]
    assert model(acl_role_id=901, name="viewers").prerequisites(ROLE) == []


def test_users_hold_a_role_by_name_and_the_type_declares_the_flapping():
    assert user_holds_role({"id": 201, "name": "app", "role": "readers"}, ROLE)
    assert not user_holds_role({"id": 202, "name": "b", "role": "writers"}, ROLE)
    assert AclRoleModel.settle_window_option == "settle_window" and AclRoleModel.dependents[0].type.kind == "user"
    assert "ACL_ROLE_IS_IN_PENDING_STATUS_AND_CANNOT_BE_UPDATED" in ACL_ROLE.refusals and ACL_ROLE.read_from_listing


@pytest.mark.parametrize(("rules", "problem"), [
    ([], "rules must name at least one rule"),
    ([{"rule": "a", "databases": []}], "rules[0].databases must name at least one database"),
    ([{"rule": "a", "databases": [{"subscription_id": 1, "database_id": 2}]}, {"rule": "b", "databases": [{"subscription_id": 1, "database_id": 2}]}],
     "rules[1].databases[0]: database 2 of subscription 1 already has a rule in rules[0]"),
    ([{"rule": "a", "databases": [{"subscription_id": 0, "database_id": 2}]}], "rules[0].databases[0]: subscription_id and database_id must be positive"),
])
def test_rules_the_api_would_refuse_are_refused_before_any_request(rules, problem):
    assert any(problem in found for found in validate_params({"name": "r", "rules": rules, "acl_role_id": None, "settle_window": 15.0}))


@pytest.mark.parametrize("window", [-1.0, 601.0, float("nan")])
def test_the_settle_window_is_bounded(window):
    assert validate_params({"name": "r", "rules": None, "settle_window": window})[0].startswith("settle_window must be between 0 and 600")


def test_a_create_needs_a_name_and_rules():
    assert validate_create({"name": "r", "rules": None}) == ["rules is required to create a role"]


def test_a_database_of_an_essentials_subscription_is_found_where_a_pro_one_is_not(fake_clock):
    # The Pro path answers 404 for it; the Essentials one (GET /fixed/subscriptions/{id}/databases/{id}) has it.
    client = ScriptedClient({("GET", "/subscriptions/7/databases/51"): [NOT_FOUND],
                             ("GET", "/fixed/subscriptions/7/databases/51"): [{"databaseId": 51, "name": "free-cache", "status": "draft"}]})
    [prerequisite] = model(rules=[{"rule": "x", "databases": [{"subscription_id": 7, "database_id": 51, "regions": None}]}]).prerequisites(None)[1:]
    found = locate(prerequisite, make_run(client, fake_clock))
    assert found is not None and found[0].type is ESSENTIALS_DATABASE and found[1]["status"] == "draft"
    assert not found[0].is_settled(found[1])  # a draft database is waited for


def test_the_essentials_listing_parses_with_its_one_subscription_object():
    answer = {"accountId": 1, "subscription": {"subscriptionId": 7, "numberOfDatabases": 1, "databases": [{"databaseId": 51, "name": "a"}]}}
    assert ESSENTIALS_DATABASE.items_of(answer, "GET /fixed/subscriptions/7/databases") == [{"databaseId": 51, "name": "a"}]
    empty = {"accountId": 1, "subscription": {"subscriptionId": 7, "numberOfDatabases": 0, "databases": []}}
    assert ESSENTIALS_DATABASE.items_of(empty, "GET /fixed/subscriptions/7/databases") == []
