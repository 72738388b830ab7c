# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACL Redis rules: built-in rules, the listing's shape and lag, writes as tasks, and their refusals."""

from __future__ import annotations

from acl_helpers import create_role, create_rule, done, listed, pro_database
from conftest import WRITE_TASK_SECONDS, Api
from essentials_helpers import create_fixed_subscription, task_error
from redis_cloud_simulator.acl_checks import PATTERN_DESCRIPTION
from redis_cloud_simulator.spec import DEVIATIONS, validate_body


def test_the_account_has_the_built_in_rules(api: Api) -> None:
    body = api.get("/acl/redisRules").json()
    assert validate_body("AccountACLRedisRules", body, direction="response") == []
    assert body["redisRules"] == [
        {"id": 76, "name": "Full-Access", "acl": "+@all  ~*", "isDefault": True, "status": "active"},
        {"id": 77, "name": "Read-Write", "acl": "+@all -@dangerous ~*", "isDefault": True, "status": "active"},
        {"id": 78, "name": "Read-Only", "acl": "+@read ~*", "isDefault": True, "status": "active"},
    ]
    assert body["accountId"] == 1001 and body["links"][0]["href"].endswith("/v1/acl/redisRules")


def test_create_is_a_task_then_listed_late_then_active(api: Api) -> None:
    answer = api.post("/acl/redisRules", {"name": "cache-read", "redisRule": "+@read ~cache:*"})
    assert answer.status_code == 202 and answer.json()["commandType"] == "aclRedisRuleCreateRequest"
    api.wait(WRITE_TASK_SECONDS)
    task = api.task(answer.json()["taskId"])
    rule_id = task["response"]["resourceId"]
    assert task["status"] == "processing-completed" and task["response"] == {"resourceId": rule_id}
    assert validate_body("TaskStateUpdate", task, direction="response") == []
    assert listed(api, "/acl/redisRules", "redisRules", rule_id) is None       # listing lag (acl_not_listed_seconds 5)
    api.wait(5)
    assert listed(api, "/acl/redisRules", "redisRules", rule_id) == {
        "id": rule_id, "name": "cache-read", "acl": "+@read ~cache:*", "isDefault": False, "status": "pending"}
    api.wait(5)
    assert listed(api, "/acl/redisRules", "redisRules", rule_id)["status"] == "active"


def test_there_is_no_get_by_id(api: Api) -> None:
    assert api.get("/acl/redisRules/76").status_code == 405
    assert api.get("/acl/roles/1").status_code == 405


def test_an_invalid_pattern_fails_the_task(api: Api) -> None:
    task = done(api, "POST", "/acl/redisRules", {"name": "bad", "redisRule": "let-me-create-resources"})
    assert task_error(task) == "ACL_REDIS_RULE_PATTERN_NOT_VALID"
    assert task["response"]["error"] == {"type": "ACL_REDIS_RULE_PATTERN_NOT_VALID", "status": "400 BAD_REQUEST",
                                         "description": PATTERN_DESCRIPTION}
    assert "resourceId" not in task["response"]
    # An unknown category is not checked (recorded: "+@let-me-create-resources" is accepted).
    assert done(api, "POST", "/acl/redisRules", {"name": "odd", "redisRule": "+@let-me-create-resources"})["status"] == "processing-completed"


def test_update_resending_the_same_name_is_refused_and_name_is_optional(api: Api) -> None:
    rule_id = create_rule(api)
    same_name = done(api, "PUT", f"/acl/redisRules/{rule_id}", {"name": "cache-read", "redisRule": "+@read ~other:*"})
    assert task_error(same_name) == "ACL_REDIS_RULE_NAME_ALREADY_EXISTS" and same_name["response"]["error"]["status"] == "400 BAD_REQUEST"
    answer = api.put(f"/acl/redisRules/{rule_id}", {"redisRule": "+@read ~other:*"})
    assert answer.status_code == 202 and answer.json()["commandType"] == "aclRedisRuleUpdateRequest"
    assert api.finished_task(answer)["status"] == "processing-completed"
    assert listed(api, "/acl/redisRules", "redisRules", rule_id)["status"] == "pending"
    # A pending rule cannot change again.
    assert task_error(done(api, "PUT", f"/acl/redisRules/{rule_id}", {"redisRule": "+@all"})) == "ACL_REDIS_RULE_NOT_ACTIVE"
    api.wait(10)
    assert listed(api, "/acl/redisRules", "redisRules", rule_id)["acl"] == "+@read ~other:*"
    renamed = done(api, "PUT", f"/acl/redisRules/{rule_id}", {"name": "other-read", "redisRule": "+@read ~other:*"})
    assert renamed["status"] == "processing-completed"
    assert listed(api, "/acl/redisRules", "redisRules", rule_id)["name"] == "other-read"
    assert task_error(done(api, "POST", "/acl/redisRules", {"name": "Read-Only", "redisRule": "+@read"})) == "ACL_REDIS_RULE_NAME_ALREADY_EXISTS"


def test_update_bodies_are_checked_against_the_spec(api: Api) -> None:
    assert any(deviation.where == "AclRedisRuleUpdateRequest.name" for deviation in DEVIATIONS)
    assert validate_body("AclRedisRuleUpdateRequest", {"redisRule": "+@all"}) == []
    rule_id = create_rule(api)
    for body, error in (({"name": "x"}, "BAD_REQUEST"), ({"redisRule": "+@all", "acl": "+@all"}, "UNRECOGNIZED_FIELD"),
                        ({"redisRule": "+@all", "commandType": "x"}, "UNRECOGNIZED_FIELD")):
        answer = api.put(f"/acl/redisRules/{rule_id}", body)
        assert (answer.status_code, answer.json()["error"]["type"]) == (400, error), body


def test_built_in_rules_cannot_change(api: Api) -> None:
    assert task_error(done(api, "PUT", "/acl/redisRules/78", {"redisRule": "+@read"})) == "ACL_REDIS_RULE_CANNOT_UPDATE_DEFAULT"
    assert task_error(done(api, "DELETE", "/acl/redisRules/76")) == "ACL_REDIS_RULE_CANNOT_DELETE_DEFAULT"


def test_unknown_ids_are_accepted_and_the_task_fails(api: Api) -> None:
    for method, body in (("PUT", {"redisRule": "+@all"}), ("DELETE", None)):
        answer = api.request(method, "/acl/redisRules/40004", body)
        assert answer.status_code == 202
        task = api.finished_task(answer)
        assert task["response"]["error"] == {"type": "ACL_REDIS_RULE_NOT_FOUND", "status": "404 NOT_FOUND",
                                             "description": "ACL redis rule not found"}


def test_a_rule_used_by_a_role_cannot_be_deleted_then_deleting_then_gone(api: Api) -> None:
    subscription_id, database_id = pro_database(api)
    rule_id = create_rule(api)
    role_id = create_role(api, "readers", "cache-read", subscription_id, database_id)
    refused = done(api, "DELETE", f"/acl/redisRules/{rule_id}")
    assert task_error(refused) == "ACL_REDIS_RULE_CANNOT_DELETE_WHEN_ASSOCIATED_WITH_ROLES"
    assert "readers" not in refused["response"]["error"]["description"]          # the holders are not named
    assert done(api, "DELETE", f"/acl/roles/{role_id}")["status"] == "processing-completed"
    api.wait(10)
    answer = api.delete(f"/acl/redisRules/{rule_id}")
    assert answer.status_code == 202 and answer.json()["commandType"] == "aclRedisRuleDeleteRequest"
    assert api.finished_task(answer)["status"] == "processing-completed"
    assert listed(api, "/acl/redisRules", "redisRules", rule_id)["status"] == "deleting"
    api.wait(10)
    assert listed(api, "/acl/redisRules", "redisRules", rule_id) is None
    assert [rule["status"] for rule in api.control("GET", "state")["acl"]["rules"] if rule["id"] == rule_id] == ["deleted"]


def test_reset_forgets_acl_and_essentials_records(api: Api) -> None:
    create_rule(api)
    create_fixed_subscription(api)
    api.control("POST", "reset")
    assert [rule["id"] for rule in api.get("/acl/redisRules").json()["redisRules"]] == [76, 77, 78]
    assert api.get("/fixed/subscriptions").json()["subscriptions"] == []
    state = api.control("GET", "state")
    assert (len(state["acl"]["rules"]), state["essentials"]["subscriptions"]) == (3, [])
