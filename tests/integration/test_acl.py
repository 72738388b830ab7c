"""Redis ACL rules, roles and users through whole plays (redis_cloud_acl_rule, _role, _user, _info).

One play (acl_lifecycle.yml) runs every case in order, at -vvvv with --diff; the tests below assert each on its
recorded results, on the simulator's request log and on its state, captured right after the play. Every write body
is validated against the spec, and everything the play printed or returned is searched for every ACL user password
and every database password, in every encoding (acl_helpers.acl_runner).
"""

from __future__ import annotations

import hashlib
import json
import random
import string
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from acl_helpers import acl_password, acl_runner, acl_writes, arrange_databases, leaked
from harness import PlaybookRun, PlaybookRunner, SimulatorProcess
from subscription_helpers import api_writes

PLAY = "acl_lifecycle.yml"
REDACTED = "********"
RULES, ROLES, USERS = "/v1/acl/redisRules", "/v1/acl/roles", "/v1/acl/users"


@dataclass
class Lifecycle:
    run: PlaybookRun
    writes: list[tuple[str, str]]
    bodies: list[dict[str, Any]]
    state: dict[str, Any]
    databases: dict[str, int]
    passwords: dict[str, str]

    def task(self, name: str) -> dict[str, Any]:
        return self.run.task(name)

    def failed(self, name: str) -> bool:
        return self.run.status(name) == "failed"


@pytest.fixture(scope="module")
def lifecycle(simulator_process: SimulatorProcess) -> Lifecycle:
    sim = simulator_process
    sim.configure(**sim.default_config)  # type: ignore[attr-defined]
    sim.reset()
    databases = arrange_databases(sim)
    passwords = {name: acl_password(name.split("_", maxsplit=1)[0]) for name in ("first_password", "second_password", "refused_password")}
    # Lower case only (refused by the API's rule), and random: the secret search also looks for its first 10 and last 6
    # characters, which a word such as "password" would match in any output.
    passwords["invalid_password"] = "lowercaseonly" + "".join(random.choices(string.ascii_lowercase, k=12))
    run = acl_runner(sim, PlaybookRunner(sim).run)(PLAY, {**databases, **passwords, "settle_window": 0.5}, diff=True)
    assert run.rc == 0, run.stdout + run.stderr
    return Lifecycle(run, acl_writes(sim), api_writes(sim), sim.state(), databases, passwords)


def test_only_the_real_changes_are_sent_in_dependency_order(lifecycle):
    # Check mode, re-runs, refusals before sending and on_create with another password send nothing: these are all the writes.
    assert lifecycle.writes == [
        ("POST", RULES), ("PUT", f"{RULES}/{{id}}"),
        ("POST", ROLES), ("PUT", f"{ROLES}/{{id}}"),
        ("POST", USERS), ("PUT", f"{USERS}/{{id}}"),
        ("POST", USERS),  # the password the API refuses, in the task
        ("DELETE", f"{USERS}/{{id}}"), ("DELETE", f"{ROLES}/{{id}}"), ("DELETE", f"{RULES}/{{id}}"),
    ]


def test_a_rule_is_created_then_left_alone_then_changed(lifecycle):
    created, again, changed = (lifecycle.task(name) for name in ("Create the rule", "Create the rule again", "Change the rule"))
    assert created["changed"] and created["acl_rule"]["acl"] == "+@read ~cache:*" and created["acl_rule"]["status"] == "active"
    assert created["ansible_facts"]["redis_cloud_acl_rule_id"] == created["acl_rule_id"] > 0
    assert created["diff"] == {"before": {}, "after": {"name": "cache-read", "redisRule": "+@read ~cache:*"}}
    # Spacing does not count.
    assert not again["changed"] and again["acl_rule_id"] == created["acl_rule_id"]
    assert changed["changed"] and changed["acl_rule"]["acl"] == "+@read +@write ~cache:*"
    # The update repeats no unchanged name (the API refuses it, terraform-provider-rediscloud #547).
    [update] = [body["body"] for body in lifecycle.bodies if body["method"] == "PUT" and body["path"].startswith(RULES)]
    assert update == {"redisRule": "+@read +@write ~cache:*"}


def test_check_mode_shows_the_diff(lifecycle):
    assert lifecycle.task("Change the rule in check mode")["diff"] == {
        "before": {"rule": "+@read ~cache:*"}, "after": {"rule": "+@read +@write ~cache:*"}}
    role = lifecycle.task("Widen the role in check mode")
    assert role["changed"] and [rule["rule"] for rule in role["diff"]["after"]["rules"]] == ["Read-Only", "cache-read"]
    # The API never returns a password: the current one is unknown (null), the new one masked.
    assert lifecycle.task("Rotate the password in check mode")["diff"] == {"before": {"password": None}, "after": {"password": REDACTED}}
    deleting = lifecycle.task("Delete the user in check mode")
    assert deleting["changed"] and deleting["diff"]["before"]["name"] == "app" and deleting["diff"]["after"] == {}


def test_a_role_is_compared_without_regard_to_order_and_updated_whole(lifecycle):
    created, changed = lifecycle.task("Create the role"), lifecycle.task("Widen the role")
    assert created["changed"] and created["acl_role"]["status"] == "active"
    assert not lifecycle.task("Create the role again")["changed"]
    assert changed["changed"] and not lifecycle.task("Widen the role again, in another order")["changed"]
    [update] = [body["body"] for body in lifecycle.bodies if body["method"] == "PUT" and body["path"].startswith(ROLES)]
    databases = lifecycle.databases
    assert update == {"redisRules": [
        {"ruleName": "Read-Only", "databases": [{"subscriptionId": databases["subscription_id"], "databaseId": databases["second_database_id"]}]},
        {"ruleName": "cache-read", "databases": [{"subscriptionId": databases["subscription_id"], "databaseId": databases["first_database_id"]}]},
    ]}
    assert {rule["ruleName"] for rule in changed["acl_role"]["redisRules"]} == {"Read-Only", "cache-read"}


def test_unknown_rules_databases_and_roles_and_built_in_rules_are_refused_before_sending(lifecycle):
    assert lifecycle.failed("Change a built-in rule") and "built in" in lifecycle.task("Change a built-in rule")["msg"]
    assert lifecycle.failed("Delete a built-in rule") and "built in" in lifecycle.task("Delete a built-in rule")["msg"]
    unknown = lifecycle.task("Give a role an unknown rule")["msg"]
    assert "rules[0].rule" in unknown and "'no-such-rule'" in unknown and "Nothing was sent" in unknown
    database = lifecycle.task("Give a role an unknown database")["msg"]
    assert "rules[0].databases[0]" in database and "999999" in database and "Nothing was sent" in database
    role = lifecycle.task("Give a user an unknown role")["msg"]
    assert "role: no role 'no-such-role'" in role and "Nothing was sent" in role


def test_a_delete_refused_by_a_dependency_names_the_holder(lifecycle):
    rule = lifecycle.task("Delete the rule while the role uses it")
    role = lifecycle.task("Delete the role while the user holds it")
    role_id, user_id = lifecycle.task("Create the role")["acl_role_id"], lifecycle.task("Create the user")["acl_user_id"]
    assert lifecycle.failed("Delete the rule while the role uses it") and f"role {role_id} ('readers')" in rule["msg"]
    assert lifecycle.failed("Delete the role while the user holds it") and f"user {user_id} ('app')" in role["msg"]
    assert rule["failure"]["error_type"] == role["failure"]["error_type"] == "IN_USE"


def test_a_password_is_changed_only_by_a_deliberate_rotation(lifecycle):
    created = lifecycle.task("Create the user")
    assert created["changed"] and {key: created["acl_user"][key] for key in ("id", "name", "role", "status")} == {
        "id": created["acl_user_id"], "name": "app", "role": "readers", "status": "active"}
    assert "password" not in created["acl_user"]
    assert created["diff"]["after"] == {"name": "app", "role": "readers", "password": REDACTED}
    assert not lifecycle.task("Create the user again, with the same password")["changed"]
    # Another password with update_password=on_create (the default) changes nothing; always sends it.
    assert not lifecycle.task("Pass another password without update_password")["changed"]
    assert lifecycle.task("Rotate the password")["changed"]
    [user] = [user for user in lifecycle.state["acl"]["users"] if user["name"] == "app"]
    assert user["password_version"] == 2
    assert user["password_sha256"] == hashlib.sha256(lifecycle.passwords["second_password"].encode()).hexdigest()


def test_a_password_the_api_refuses_fails_with_its_code(lifecycle):
    refused = lifecycle.task("Give a user a password the API refuses")
    assert lifecycle.failed("Give a user a password the API refuses")
    assert refused["failure"]["error_type"] == "ACL_USER_PASSWORD_NOT_VALID"


def test_info_shows_who_uses_a_rule_and_who_holds_a_role(lifecycle):
    everything = lifecycle.task("Read the rule, the role and the user")
    role_id, user_id = lifecycle.task("Create the role")["acl_role_id"], lifecycle.task("Create the user")["acl_user_id"]
    rules = {rule["name"]: rule for rule in everything["acl_rules"]}
    assert rules["cache-read"]["used_by"] == rules["Read-Only"]["used_by"] == [{"id": role_id, "name": "readers"}]
    assert rules["Full-Access"]["used_by"] == []
    [role] = everything["acl_roles"]
    assert role["held_by"] == [{"id": user_id, "name": "app"}]
    assert everything["acl_user_ids"] == [user_id] and "status" not in everything["acl_users"][0]
    assert everything["ansible_facts"]["redis_cloud_acl_role_ids"] == [role_id]
    # By name, a user is read by id: with its status.
    [user] = lifecycle.task("Read the user by name")["acl_users"]
    assert (user["id"], user["name"], user["role"], user["status"]) == (user_id, "app", "readers", "active")


def test_deletes_in_dependency_order_leave_nothing_and_repeat_as_ok(lifecycle):
    for name in ("Delete the user", "Delete the role", "Delete the rule"):
        assert lifecycle.task(name)["changed"], name
    assert not lifecycle.task("Delete the user again")["changed"]
    acl = lifecycle.state["acl"]
    assert [record["status"] for kind in ("users", "roles") for record in acl[kind] if record["name"] in ("app", "readers")] == ["deleted"] * 2
    assert [rule["status"] for rule in acl["rules"] if rule["name"] == "cache-read"] == ["deleted"]


def test_bad_input_is_refused_before_any_request_naming_the_option(lifecycle):
    # No write left (test_only_the_real_changes_are_sent_in_dependency_order); each message names the option.
    assert "rules[1].databases[0]" in lifecycle.task("Refuse a role that gives one database two rules, before any request")["msg"]
    assert "settle_window" in lifecycle.task("Refuse a negative settle window, before any request")["msg"]
    short = lifecycle.task("Refuse a password too short, before any request")["msg"]
    assert "password must be 8 to 128 characters long, got 4" in short and "Aa1." not in short


def test_the_password_search_finds_every_encoding(lifecycle):
    # The search every ACL play goes through is not vacuous: each form of a password in an output is found.
    password = lifecycle.passwords["first_password"]
    assert json.dumps(password)[1:-1] != password != quote(password, safe="")
    for form in (password, json.dumps(password)[1:-1], quote(password, safe=""), repr(password)[1:-1]):
        assert leaked(PlaybookRun([], 0, f"... {form} ...", ""), [password]) == 1
    assert leaked(lifecycle.run, [password]) == 0
