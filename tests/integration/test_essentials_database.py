"""redis_cloud_essentials_database against the simulator: check mode (no write sent), create through draft and pending,
re-run, in-place changes, the password before disabling the default user, refusals before sending, tags, delete.

One play, run once at -vvvv with --diff for the module's tests; every write body it sent is checked against the
vendored spec, and everything it printed and returned is searched for the database's passwords (and, by the
harness, for the API keys).
"""

from __future__ import annotations

import secrets
from typing import Any

import pytest
from database_helpers import database_secrets, write_body_problems
from essentials_helpers import create_subscription_directly, databases
from harness import PlaybookRun, PlaybookRunner

REDACTED = "********"
PASSWORD_VARS = ("first_password", "second_password", "third_password", "invalid_password")


@pytest.fixture(scope="module")
def lifecycle(simulator_process) -> dict[str, Any]:
    sim = simulator_process
    # A new database reads draft for 2 s (real) and is active after 4: the create sees both.
    sim.configure(**{**sim.default_config, "essentials_database_draft_seconds": 400, "essentials_database_provisioning_seconds": 800})
    sim.reset()
    subscription_id = create_subscription_directly(sim, "shop")
    mark = len(sim.requests())
    given = {name: f"Pw-{name.split('_', maxsplit=1)[0]}-{secrets.token_hex(8)}" for name in PASSWORD_VARS}
    run = PlaybookRunner(sim).run("essentials_database_lifecycle.yml", {"subscription_id": subscription_id, **given}, diff=True, verbosity=4)
    assert run.rc == 0, run.stdout + run.stderr
    requests = sim.requests()[mark:]
    return {"run": run, "subscription_id": subscription_id, "given": given, "spec_problems": write_body_problems(sim, mark),
            "writes": [(entry["method"], entry["path"], entry.get("body")) for entry in requests if entry["method"] in ("POST", "PUT", "DELETE")],
            "secrets": database_secrets(sim, given.values()), "database": databases(sim, subscription_id, "cache")[0]}


def results(lifecycle: dict[str, Any]) -> PlaybookRun:
    return lifecycle["run"]


def test_check_mode_create_shows_the_body_with_the_password_masked_and_sends_nothing(lifecycle):
    checked = results(lifecycle).task("Create it in check mode")
    assert checked["changed"] is True and checked["database_id"] is None and checked["database"] is None and checked["task_id"] is None
    assert checked["diff"]["after"]["password"] == REDACTED and checked["diff"]["after"]["sourceIps"] == ["10.0.0.0/16", "192.168.1.0/24"]
    assert lifecycle["writes"][0][0:2] == ("POST", f"/v1/fixed/subscriptions/{lifecycle['subscription_id']}/databases")


def test_create_goes_through_draft_and_pending_and_returns_ids_endpoints_and_facts(lifecycle):
    run, database = results(lifecycle), lifecycle["database"]
    created = run.task("Create it")
    assert created["changed"] is True and created["database_id"] == database["id"]
    assert created["database"]["status"] == "active" and created["database"]["security"]["password"] == REDACTED
    assert created["task"]["commandType"] == "fixedDatabaseCreateRequest"
    statuses = [entry["status"] for entry in created["timeline"] if entry["what"] == f"Essentials database {database['id']}"]
    assert statuses[0] == "draft" and "pending" in statuses and statuses[-1] == "active", created["timeline"]
    endpoint = created["public_endpoint"]
    assert endpoint and endpoint.endswith(f":{database['port']}") and created["private_endpoint"] is None
    assert created["ansible_facts"] == {
        "redis_cloud_essentials_database_id": database["id"], "redis_cloud_essentials_database_public_endpoint": endpoint,
        "redis_cloud_essentials_database_private_endpoint": None, "redis_cloud_essentials_database": created["database"]}
    shown = run.task("Show the facts the module set")["msg"]
    assert (shown["database_id"], shown["public_endpoint"], shown["database"]["security"]["password"]) == (database["id"], endpoint, REDACTED)


def test_the_create_body_carries_the_essentials_names_and_the_tags_follow_it(lifecycle):
    subscription_id, database_id = lifecycle["subscription_id"], lifecycle["database"]["id"]
    post, tags = lifecycle["writes"][0], lifecycle["writes"][1]
    assert post[2] == {"name": "cache", "dataPersistence": "aof-every-1-second", "dataEvictionPolicy": "allkeys-lru",
                       "sourceIps": ["10.0.0.0/16", "192.168.1.0/24"], "password": lifecycle["given"]["first_password"],
                       "alerts": [{"name": "datasets-size", "value": 80}]}
    assert tags == ("PUT", f"/v1/fixed/subscriptions/{subscription_id}/databases/{database_id}/tags", {"tags": [{"key": "team", "value": "orders"}]})


def test_a_rerun_changes_nothing_although_the_listing_has_no_password(lifecycle):
    again = results(lifecycle).task("Run the same task again")
    assert again["changed"] is False and again["database_id"] == lifecycle["database"]["id"]


def test_a_change_is_shown_in_check_mode_then_the_password_goes_before_the_default_user_is_disabled(lifecycle):
    run = results(lifecycle)
    checked, changed = run.task("Change the eviction policy and the password in check mode"), run.task(
        "Change the eviction policy and the password, and disable the default user")
    assert checked["changed"] is True
    assert checked["diff"] == {"before": {"data_eviction_policy": "allkeys-lru", "password": REDACTED},
                               "after": {"data_eviction_policy": "volatile-lru", "password": REDACTED}}
    assert changed["changed"] is True and changed["database"]["security"]["defaultUserEnabled"] is False
    assert changed["database"]["dataEvictionPolicy"] == "volatile-lru"
    path = f"/v1/fixed/subscriptions/{lifecycle['subscription_id']}/databases/{lifecycle['database']['id']}"
    assert lifecycle["writes"][2:4] == [("PUT", path, {"password": lifecycle["given"]["second_password"]}),
                                        ("PUT", path, {"dataEvictionPolicy": "volatile-lru", "enableDefaultUser": False})]
    assert lifecycle["database"]["password"] == lifecycle["given"]["second_password"]


def test_what_the_api_would_refuse_fails_before_sending_naming_the_option(lifecycle):
    run = results(lifecycle)
    for task in ("Change the password while the default user stays disabled", "Ask for a protocol change and a Redis version change",
                 "Ask for a pay-as-you-go size on a fixed plan"):
        assert run.status(task) == "failed", task
    assert "NOT_ALLOWED_TO_UPDATE_A_DATABASE_PASSWORD_WHEN_DEFAULT_USER_IS_DISABLED" in run.task(
        "Change the password while the default user stays disabled")["msg"]
    replaced = run.task("Ask for a protocol change and a Redis version change")["msg"]
    assert "protocol: current 'stack', desired 'memcached'" in replaced and "redis_version: current '7.4', desired '8.2'" in replaced
    assert run.task("Ask for a pay-as-you-go size on a fixed plan")["msg"].startswith(
        "Invalid options: dataset_size_in_gb, number_of_shards: only for pay-as-you-go Essentials subscriptions")


def test_tags_change_through_their_endpoint_and_the_delete_is_checked_then_done_once(lifecycle):
    run, subscription_id, database_id = results(lifecycle), lifecycle["subscription_id"], lifecycle["database"]["id"]
    assert run.task("Retag it")["changed"] is True
    assert run.task("Delete it in check mode")["changed"] is True
    deleted, again = run.task("Delete it"), run.task("Delete it again")
    assert deleted["changed"] is True and deleted["database"] is None and again["changed"] is False
    path = f"/v1/fixed/subscriptions/{subscription_id}/databases/{database_id}"
    retag = {"tags": [{"key": "env", "value": "test"}, {"key": "team", "value": "orders"}]}
    assert lifecycle["writes"][4:6] == [("PUT", f"{path}/tags", retag), ("DELETE", path, None)]
    assert lifecycle["database"]["status"] == "deleted"


def test_enable_default_user_is_applied_by_an_update_right_after_the_create(lifecycle):
    created = results(lifecycle).task("Create another database without the default user")
    database_id, path = created["database_id"], f"/v1/fixed/subscriptions/{lifecycle['subscription_id']}/databases"
    assert lifecycle["writes"][6:] == [("POST", path, {"name": "no-default"}), ("PUT", f"{path}/{database_id}", {"enableDefaultUser": False})]
    assert created["changed"] is True and created["database"]["security"]["defaultUserEnabled"] is False
    assert created["database"]["status"] == "active"


def test_every_write_validates_against_the_spec(lifecycle):
    assert lifecycle["spec_problems"] == [] and len(lifecycle["writes"]) == 8


def test_no_password_appears_in_any_output_at_vvvv_with_diff(lifecycle):
    run = results(lifecycle)
    assert "-vvvv" in run.command and "--diff" in run.command
    assert set(lifecycle["given"].values()) <= lifecycle["secrets"]
    # Counted, never shown: the message must not carry a secret.
    assert sum(secret in run.all_output for secret in lifecycle["secrets"]) == 0, "a database password appears in the play's output"
