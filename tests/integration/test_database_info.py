"""redis_cloud_database_info against the simulator: reads, paging, joined waits, and the paced fan-out of creates it joins."""

from __future__ import annotations

from typing import Any

import pytest
from database_helpers import (
    CREATE_COMMAND,
    CREATE_STATUSES,
    INFO,
    INFO_TASK,
    create_database_directly,
    creation_plan_database,
    databases_path,
    live_databases,
    refused_tasks,
    submit_directly,
    subscription_status,
    tasks_of,
    timeline_statuses,
    wait_for,
    wait_task,
    writes,
)
from harness import SimulatorProcess
from subscription_helpers import request_mark

REDACTED = "********"
PAGE_SIZE = 100
# sim-s a change takes in the joined-wait tests: 12 s real, longer than ansible-playbook takes to start on a
# busy machine, so that the join really waits a few rounds.
SLOW = 2400


def reads_since(sim: SimulatorProcess, mark: int) -> list[dict[str, Any]]:
    return [entry for entry in sim.requests()[mark:] if entry["path"].startswith("/v1/")]


def assert_one_listing_per_round(sim: SimulatorProcess, subscription_id: int, requests: list[dict[str, Any]]) -> None:
    """Every request is the subscription's database listing (one page), never a read per database, and the
    rounds are spaced by the poll interval (1 s, jittered), not a burst."""
    assert len(requests) > 1, "the join should have polled several rounds"
    assert all((entry["method"], entry["path"]) == ("GET", databases_path(subscription_id)) for entry in requests), requests
    gaps = [later["time"] - earlier["time"] for earlier, later in zip(requests, requests[1:])]
    assert min(gaps) >= 0.85, gaps


# reads ------------------------------------------------------------------------------------------

def test_reads_one_by_id_one_by_name_and_all_with_every_password_masked(sim, play, subscription_id):
    first = create_database_directly(sim, subscription_id, "alpha", password="Alpha-pw-2024")
    second = create_database_directly(sim, subscription_id, "beta")
    plan_database = creation_plan_database(sim, subscription_id)["id"]
    mark = request_mark(sim)

    by_id = play(INFO, {"subscription_id": subscription_id, "database_id": first})
    by_name = play(INFO, {"subscription_id": subscription_id, "database_name": "beta"})
    listed = play(INFO, {"subscription_id": subscription_id})

    assert by_id.rc == 0 and by_name.rc == 0 and listed.rc == 0, by_id.stdout + by_name.stdout + listed.stdout
    one = by_id.task(INFO_TASK)
    assert one["changed"] is False
    assert one["database"]["databaseId"] == first and one["database"]["name"] == "alpha"
    assert one["database"]["security"]["password"] == REDACTED
    assert one["database_ids"] == [first] and one["databases"] == [one["database"]]
    named = by_name.task(INFO_TASK)
    assert named["database"]["databaseId"] == second and named["database_ids"] == [second]
    everything = listed.task(INFO_TASK)
    assert sorted(everything["database_ids"]) == sorted([plan_database, first, second])
    assert all(database["security"]["password"] == REDACTED for database in everything["databases"])
    assert "database" not in everything
    assert listed.task("Show the ids fact a later task can use without register")["msg"]["redis_cloud_database_ids"] == everything["database_ids"]
    assert writes(sim, mark) == []


def test_all_databases_of_a_subscription_are_read_page_by_page(sim, play, subscription_id):
    # More than a page: 101 databases besides the creation plan's, made through the API with
    # provisioning shortened, so that the arrangement takes seconds.
    sim.configure(speed=2000, database_provisioning_seconds=1, database_not_listed_seconds=0, database_not_found_seconds=0)
    made = []
    for index in range(PAGE_SIZE + 1):
        task_id = submit_directly(sim, "POST", f"/subscriptions/{subscription_id}/databases", {"name": f"many-{index}", "datasetSizeInGb": 1})
        made.append(wait_task(sim, task_id)["response"]["resourceId"])
        wait_for(lambda: subscription_status(sim, subscription_id) == "active", "the subscription active again")
    wait_for(lambda: all(db["status"] == "active" for db in live_databases(sim, subscription_id)), "every database active")
    mark = request_mark(sim)

    run = play(INFO, {"subscription_id": subscription_id})

    assert run.rc == 0, run.stdout + run.stderr
    ids = run.task(INFO_TASK)["database_ids"]
    assert len(ids) == PAGE_SIZE + 2 and len(set(ids)) == len(ids)
    assert set(made) < set(ids) and creation_plan_database(sim, subscription_id)["id"] in ids
    pages = [entry["query"] for entry in reads_since(sim, mark) if entry["path"] == databases_path(subscription_id)]
    assert pages == [{"offset": "0", "limit": "100"}, {"offset": "100", "limit": "100"}]


def test_a_subscription_without_databases_reads_as_none_not_as_an_error(sim, play, subscription_id):
    plan_database = creation_plan_database(sim, subscription_id)["id"]
    wait_task(sim, submit_directly(sim, "DELETE", f"/subscriptions/{subscription_id}/databases/{plan_database}"))
    wait_for(lambda: live_databases(sim, subscription_id) == [], "the only database gone")

    run = play(INFO, {"subscription_id": subscription_id})

    assert run.rc == 0, run.stdout + run.stderr
    assert run.task(INFO_TASK)["databases"] == [] and run.task(INFO_TASK)["database_ids"] == []


def test_a_wrong_subscription_id_fails_naming_it(sim, play):
    run = play(INFO, {"subscription_id": 424242})

    assert run.rc != 0
    result = run.task(INFO_TASK)
    assert "Subscription 424242 was not found" in result["msg"]
    assert result["failure"]["status"] == 404 and result["failure"]["path"] == "/subscriptions/424242"
    assert "Traceback" not in result["msg"] and "module_stderr" not in result


def test_an_unknown_database_id_fails_naming_it(sim, play, subscription_id):
    run = play(INFO, {"subscription_id": subscription_id, "database_ids": [creation_plan_database(sim, subscription_id)["id"], 777]})

    assert run.rc != 0
    message = run.task(INFO_TASK)["msg"]
    assert "777" in message and str(subscription_id) in message and "wait_for=absent" in message


def test_a_database_in_error_fails_unless_fail_on_error_is_false(sim, play, subscription_id):
    sim.configure(faults=[{"kind": "database_error", "method": "POST", "path": "/v1/subscriptions/*/databases", "count": 1}])
    broken = create_database_directly(sim, subscription_id, "broken", wait=False)
    wait_for(lambda: live_databases(sim, subscription_id, "broken")[0]["status"] == "error", "the database in error")

    failing = play(INFO, {"subscription_id": subscription_id, "database_id": broken})
    tolerant = play(INFO, {"subscription_id": subscription_id, "database_id": broken, "fail_on_error": False})

    assert failing.rc != 0
    result = failing.task(INFO_TASK)
    assert f"Database {broken} ('broken') is in status error" in result["msg"]
    assert result["failure"]["last_status"] == "error"
    assert tolerant.rc == 0, tolerant.stdout
    assert tolerant.task(INFO_TASK)["database"]["status"] == "error"


# joined waits -----------------------------------------------------------------------------------

def test_wait_joins_a_provisioning_database_with_one_listing_per_round(sim, play, subscription_id):
    sim.configure(database_provisioning_seconds=SLOW)
    settled = creation_plan_database(sim, subscription_id)["id"]
    provisioning = create_database_directly(sim, subscription_id, "young", wait=False)
    mark = request_mark(sim)

    run = play(INFO, {"subscription_id": subscription_id, "database_ids": [provisioning, settled], "wait": True})

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(INFO_TASK)
    assert result["database_ids"] == [provisioning, settled]
    assert [database["status"] for database in result["databases"]] == ["active", "active"]
    seen = timeline_statuses(result, f"database {provisioning}")
    assert "pending" in seen and seen[-1] == "active", seen
    assert_one_listing_per_round(sim, subscription_id, reads_since(sim, mark))


def test_wait_given_only_the_subscription_waits_for_every_database_it_lists(sim, play, subscription_id):
    sim.configure(database_provisioning_seconds=SLOW)
    provisioning = create_database_directly(sim, subscription_id, "young", wait=False)
    wait_for(lambda: provisioning in [db["databaseId"] for db in sim.api("GET", f"/subscriptions/{subscription_id}/databases").json()
                                      .get("subscription", [{}])[0].get("databases", [])], "the new database listed")
    mark = request_mark(sim)

    run = play(INFO, {"subscription_id": subscription_id, "wait": True})

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(INFO_TASK)
    assert provisioning in result["database_ids"] and len(result["database_ids"]) == 2
    assert {database["status"] for database in result["databases"]} == {"active"}
    assert timeline_statuses(result, f"database {provisioning}")[-1] == "active"
    assert_one_listing_per_round(sim, subscription_id, reads_since(sim, mark))


def test_wait_for_absent_joins_a_deletion_until_the_database_is_gone(sim, play, subscription_id):
    doomed = create_database_directly(sim, subscription_id, "doomed")
    sim.configure(database_deletion_seconds=SLOW)
    submit_directly(sim, "DELETE", f"/subscriptions/{subscription_id}/databases/{doomed}")
    mark = request_mark(sim)

    run = play(INFO, {"subscription_id": subscription_id, "database_id": doomed, "wait": True, "wait_for": "absent"})

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(INFO_TASK)
    assert result["database"] is None and result["databases"] == [] and result["database_ids"] == []
    seen = timeline_statuses(result, f"database {doomed}")
    assert "delete-pending" in seen and seen[-1] == "gone", seen
    assert live_databases(sim, subscription_id, "doomed") == []
    assert_one_listing_per_round(sim, subscription_id, reads_since(sim, mark))


def test_wait_timeout_names_the_database_its_status_and_how_to_resume(sim, play, subscription_id):
    sim.configure(database_provisioning_seconds=100000)
    provisioning = create_database_directly(sim, subscription_id, "slow", wait=False)

    run = play(INFO, {"subscription_id": subscription_id, "database_ids": [provisioning], "wait": True, "wait_timeout": 2})

    assert run.rc != 0
    failure = run.task(INFO_TASK)["failure"]
    # A create goes through draft, pending, dynamic-endpoints-creation-pending (issue 16: the recorded statuses).
    assert failure["last_status"] in CREATE_STATUSES
    assert f"{provisioning} ({failure['last_status']})" in failure["message"]
    assert f"subscription_id={subscription_id} database_ids=[{provisioning}] wait=true" in failure["resume_hint"]


# the paced fan-out on one subscription ----------------------------------------------------------

@pytest.mark.long_running
def test_a_wait_false_loop_of_creates_on_one_subscription_paces_itself_then_one_join_waits_for_all(sim, play, subscription_id):
    # Each create task runs 2 s and each database provisions for 3 s (real): without pacing, the second
    # and third creates would reach the API while the subscription is pending, and be refused.
    sim.configure(task_durations={CREATE_COMMAND: 400}, database_provisioning_seconds=600)
    names = ["fan-1", "fan-2", "fan-3"]
    mark = request_mark(sim)

    run = play("database_wait_false_join.yml", {"subscription_id": subscription_id, "database_names": names})

    # Paced: every create was accepted the first time, none refused.
    wait_for(lambda: all(t["status"] in ("processing-completed", "processing-error") for t in tasks_of(sim)), "every task finished")
    posts = [entry for entry in writes(sim, mark) if entry["method"] == "POST"]
    assert [entry["body"]["name"] for entry in posts] == names
    assert refused_tasks(sim) == []
    assert [t["status"] for t in tasks_of(sim, CREATE_COMMAND)] == ["processing-completed"] * 3
    # The loop returned without waiting for provisioning, each item with the id of its database ...
    assert run.rc == 0, run.stdout + run.stderr
    ids = {db["name"]: db["id"] for db in live_databases(sim, subscription_id)}
    started = run.task("Start the creates")["results"]
    assert [item["database_id"] for item in started] == [ids[name] for name in names]
    assert all(item["changed"] and item["task_id"] for item in started)
    # ... and one join waited for all three.
    joined = run.task("Join the databases")
    assert joined["database_ids"] == [ids[name] for name in names]
    assert [database["status"] for database in joined["databases"]] == ["active"] * 3
    assert joined["ansible_facts"]["redis_cloud_database_ids"] == joined["database_ids"]
    assert subscription_status(sim, subscription_id) == "active"
