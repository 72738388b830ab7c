# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACL roles and users: shapes, the databases a role names, dependencies, passwords and their refusals."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from acl_helpers import PASSWORD, ROLE_SETTLES, create_role, create_rule, create_user, done, listed, pro_database, role_body
from conftest import Api
from essentials_helpers import create_fixed_database, create_fixed_subscription, task_error
from redis_cloud_simulator.acl_state import password_digest
from redis_cloud_simulator.spec import validate_body


@pytest.fixture
def readers(api: Api) -> tuple[int, int, int]:
    """A Pro database and a role "readers" giving it the built-in Read-Only rule: (subscription, database, role)."""
    subscription_id, database_id = pro_database(api)
    return subscription_id, database_id, create_role(api, "readers", "Read-Only", subscription_id, database_id)


def test_role_shape_names_rules_databases_and_users(api: Api, readers: tuple[int, int, int]) -> None:
    subscription_id, database_id, role_id = readers
    body = api.get("/acl/roles").json()
    assert validate_body("AccountACLRoles", body, direction="response") == []
    assert body["roles"] == [{"id": role_id, "name": "readers", "status": "active", "users": [], "redisRules": [
        {"ruleId": 78, "ruleName": "Read-Only", "databases": [{"subscriptionId": subscription_id, "databaseId": database_id,
                                                                "databaseName": "orders-cache", "regions": []}]}]}]
    user_id = create_user(api, "app", "readers")
    assert listed(api, "/acl/roles", "roles", role_id)["users"] == [{"id": user_id, "name": "app"}]


def test_a_role_may_name_an_essentials_database(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    database_id = create_fixed_database(api, subscription_id)
    role_id = create_role(api, "essentials-readers", "Read-Only", subscription_id, database_id)
    [rule] = listed(api, "/acl/roles", "roles", role_id)["redisRules"]
    assert rule["databases"][0]["databaseName"] == "cache-db"


@pytest.mark.parametrize("change, error", [
    ({"subscriptionId": 0, "databaseId": 0}, "SUBSCRIPTION_NOT_FOUND"),
    ({"databaseId": 0}, "DATABASE_NOT_FOUND"),
    ({"regions": ["us-east-1"]}, "ACL_ROLE_REDIS_RULES_DATABASES_REGION_MUST_BE_CRDB"),
    ({"ruleName": "no-such-rule"}, "ACL_REDIS_RULE_DOES_NOT_EXISTS"),
])
def test_role_refusals_fail_the_task(api: Api, change: dict, error: str) -> None:
    subscription_id, database_id = pro_database(api)
    body = role_body("readers", change.pop("ruleName", "Read-Only"), subscription_id, database_id)
    body["redisRules"][0]["databases"][0] |= change
    task = done(api, "POST", "/acl/roles", body)
    assert task_error(task) == error
    if error.endswith("NOT_FOUND"):  # recorded texts (rediscloud-go-api role_test.go)
        assert task["response"]["error"]["description"] in ("Subscription was not found", "Database was not found")


def test_role_refusals_of_rule_lists(api: Api) -> None:
    subscription_id, database_id = pro_database(api)
    assert task_error(done(api, "POST", "/acl/roles", {"name": "r", "redisRules": []})) == "ACL_ROLE_REDIS_RULES_IS_MISSING"
    twice = role_body("r", "Read-Only", subscription_id, database_id)
    twice["redisRules"].append({"ruleName": "Full-Access", "databases": twice["redisRules"][0]["databases"]})
    assert task_error(done(api, "POST", "/acl/roles", twice)) == "ACL_ROLE_REDIS_RULE_MUST_BE_DEFINED_ONLY_ONCE_PER_DATABASE"
    create_rule(api, "fresh", "+@all")
    done(api, "PUT", f"/acl/redisRules/{listed_rule_id(api, 'fresh')}", {"redisRule": "+@read"})
    pending_rule = done(api, "POST", "/acl/roles", role_body("r", "fresh", subscription_id, database_id))
    assert task_error(pending_rule) == "ACL_REDIS_RULE_NOT_ACTIVE"


def listed_rule_id(api: Api, name: str) -> int:
    return next(rule["id"] for rule in api.get("/acl/redisRules").json()["redisRules"] if rule["name"] == name)


def test_a_role_naming_a_database_that_is_not_active_is_refused(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    created = api.finished_task(api.post(f"/subscriptions/{subscription_id}/databases", {"name": "second", "datasetSizeInGb": 1}))
    task = done(api, "POST", "/acl/roles", role_body("r", "Read-Only", subscription_id, created["response"]["resourceId"]))
    assert task_error(task) == "DATABASE_NOT_ACTIVE"


def test_role_update_and_rename(api: Api, readers: tuple[int, int, int]) -> None:
    subscription_id, database_id, role_id = readers
    answer = api.put(f"/acl/roles/{role_id}", {"name": "writers", "redisRules": [
        {"ruleName": "Read-Write", "databases": [{"subscriptionId": subscription_id, "databaseId": database_id}]}]})
    assert answer.status_code == 202 and answer.json()["commandType"] == "aclRoleUpdateRequest"
    assert api.finished_task(answer)["status"] == "processing-completed"
    role = listed(api, "/acl/roles", "roles", role_id)
    assert (role["name"], role["redisRules"][0]["ruleName"], role["status"]) == ("writers", "Read-Write", "pending")
    api.wait(ROLE_SETTLES)
    # The same name again is accepted for a role (the Terraform provider always sends it).
    assert done(api, "PUT", f"/acl/roles/{role_id}", {"name": "writers"})["status"] == "processing-completed"
    assert task_error(done(api, "PUT", "/acl/roles/40004", {"name": "x"})) == "ACL_ROLE_NOT_FOUND"


def test_a_role_held_by_a_user_cannot_be_deleted(api: Api, readers: tuple[int, int, int]) -> None:
    dummy, dummy_db, role_id = readers
    user_id = create_user(api, "app", "readers")
    refused = done(api, "DELETE", f"/acl/roles/{role_id}")
    assert task_error(refused) == "ACL_ROLE_HAS_ACTIVE_USERS_AND_CANNOT_BE_DELETED" and "app" not in refused["response"]["error"]["description"]
    done(api, "DELETE", f"/acl/users/{user_id}")
    api.wait(10)
    answer = api.delete(f"/acl/roles/{role_id}")
    assert answer.status_code == 200 and answer.json()["commandType"] == "aclRoleDeleteRequest"
    assert api.finished_task(answer)["status"] == "processing-completed"
    assert listed(api, "/acl/roles", "roles", role_id)["status"] == "deleting"
    api.wait(10)
    assert listed(api, "/acl/roles", "roles", role_id) is None
    assert task_error(done(api, "DELETE", f"/acl/roles/{role_id}")) == "ACL_ROLE_NOT_FOUND"


def test_user_shape_by_id_and_in_the_listing(start_api: Callable[..., Api]) -> None:
    api = start_api()
    subscription_id, database_id = pro_database(api)
    create_role(api, "readers", "Read-Only", subscription_id, database_id)
    answer = api.post("/acl/users", {"name": "app", "role": "readers", "password": PASSWORD})
    assert answer.status_code == 202 and answer.json()["commandType"] == "aclUserCreateRequest"
    user_id = api.finished_task(answer)["response"]["resourceId"]
    body = api.get(f"/acl/users/{user_id}").json()
    assert validate_body("ACLUser", body, direction="response") == []
    assert {key: body[key] for key in ("id", "name", "role", "status")} == {"id": user_id, "name": "app", "role": "readers", "status": "pending"}
    api.wait(ROLE_SETTLES)
    listing = api.get("/acl/users").json()
    assert validate_body("AccountACLUsers", listing, direction="response") == []
    # The recorded listing has no status (rediscloud-go-api TestListUsers).
    assert listing["users"] == [{"id": user_id, "name": "app", "role": "readers", "links": []}]
    api.configure(acl_users_listing_status="present")
    assert api.get("/acl/users").json()["users"][0]["status"] == "active"
    assert all("password" not in str(answer) for answer in (body, listing))


def test_unknown_user_is_a_spring_404_with_a_message(api: Api) -> None:
    answer = api.get("/acl/users/40004")
    assert answer.status_code == 404
    body = answer.json()
    assert (body["status"], body["error"], body["message"], body["path"]) == (404, "Not Found", "ACL user 40004 not found", "/v1/acl/users/40004")
    for method, payload in (("PUT", {"password": PASSWORD}), ("DELETE", None)):
        task = done(api, method, "/acl/users/40004", payload)
        assert task["response"]["error"] == {"type": "ACL_USER_NOT_FOUND", "status": "404 NOT_FOUND", "description": "ACL user not found"}


@pytest.mark.parametrize("password", ["I do not meet requirements", "Sh0rt!", "nouppercase1!", "NOLOWERCASE1!", "NoDigits!!",
                                      "NoSpecial123", "Aa1!" + "x" * 125])
def test_passwords_that_break_the_rules(api: Api, readers: tuple[int, int, int], password: str) -> None:
    task = done(api, "POST", "/acl/users", {"name": "app", "role": "readers", "password": password})
    assert task["response"]["error"] == {"type": "ACL_USER_PASSWORD_NOT_VALID", "status": "400 BAD_REQUEST",
                                         "description": "ACL user password is not valid."}


def test_user_refusals(api: Api, readers: tuple[int, int, int]) -> None:
    # The role is checked before the password, as recorded (TestCreateBadUser).
    missing_role = done(api, "POST", "/acl/users", {"name": "app", "role": "nope", "password": "somerandompassword"})
    assert missing_role["response"]["error"] == {"type": "ACL_ROLE_DOES_NOT_EXISTS", "status": "400 BAD_REQUEST",
                                                 "description": "ACL role associated with a user has to exist."}
    create_user(api, "app", "readers")
    assert task_error(done(api, "POST", "/acl/users", {"name": "app", "role": "readers", "password": PASSWORD})) == "ACL_USER_NAME_ALREADY_EXISTS"
    for body in ({"name": "app"}, {"role": "readers", "userId": 3}):
        answer = api.put("/acl/users/201", body)
        assert (answer.status_code, answer.json()["error"]["type"]) == (400, "UNRECOGNIZED_FIELD")  # name is create-only


def test_password_rotation_and_role_change_never_show_the_password(api: Api, readers: tuple[int, int, int]) -> None:
    subscription_id, database_id, dummy = readers
    create_role(api, "writers", "Read-Write", subscription_id, database_id)
    user_id = create_user(api, "app", "readers")
    [user] = api.control("GET", "state")["acl"]["users"]
    assert (user["password_sha256"], user["password_version"]) == (password_digest(PASSWORD), 1)
    answer = api.put(f"/acl/users/{user_id}", {"role": "writers", "password": "An0ther-Password"})
    assert answer.status_code == 200 and answer.json()["commandType"] == "aclUserUpdateRequest"
    assert api.finished_task(answer)["status"] == "processing-completed"
    [user] = api.control("GET", "state")["acl"]["users"]
    assert (user["password_sha256"], user["password_version"]) == (password_digest("An0ther-Password"), 2)
    assert "An0ther-Password" not in str(api.control("GET", "state")["acl"])
    assert api.get(f"/acl/users/{user_id}").json()["role"] == "writers"
