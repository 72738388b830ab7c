"""redis_cloud_database when things go wrong: lost answers, server errors, refusals, failed tasks, timeouts, killed runs.

The rule under test is the one in plugins/module_utils/writes.py: a write is never sent twice in
effect. A write whose answer was lost is looked for before anything is sent again; a write refused
because the subscription was busy changed nothing, and is sent again once the subscription is active.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from database_helpers import (
    CREATE_COMMAND,
    CREATE_STATUSES,
    FACTS_TASK,
    MANAGE,
    MANAGE_TASK,
    SETTLING_TASK,
    create_database_directly,
    database_vars,
    databases_path,
    live_databases,
    refused_tasks,
    submit_directly,
    subscription_status,
    tasks_of,
    timeline_statuses,
    wait_for,
    write_lines,
    writes,
)
from play_killer import kill_when, start_play
from subscription_helpers import MANAGE as SUBSCRIPTION_MANAGE
from subscription_helpers import MANAGE_TASK as SUBSCRIPTION_MANAGE_TASK
from subscription_helpers import create_directly, request_mark

# A new task stays out of GET /tasks and GET /tasks/{id} this long (1 s real at the default speed): a
# lost-answer check must look again, not conclude "nothing happened" at once.
TASK_VISIBILITY_DELAY = {"task_not_found_seconds": 200}


def fault(kind: str, method: str, path: str, count: int = 1, **parameters: Any) -> dict[str, Any]:
    return {"kind": kind, "method": method, "path": path, "count": count, **parameters}


def creates(sim, subscription_id, since=0):
    return [entry for entry in writes(sim, since) if (entry["method"], entry["path"]) == ("POST", databases_path(subscription_id))]


# lost answers -----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["drop_after", "truncated"])
def test_create_whose_answer_was_lost_after_acting_is_not_sent_again_and_is_adopted(sim, play, subscription_id, kind):
    sim.configure(faults=[fault(kind, "POST", "/v1/subscriptions/*/databases")], **TASK_VISIBILITY_DELAY)
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "lost", dataset_size_in_gb=1, enable_default_user=False))

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    [created] = live_databases(sim, subscription_id, "lost")
    assert [entry["fault"] for entry in creates(sim, subscription_id, mark)] == [kind]
    assert result["changed"] is True and result["database_id"] == created["id"]
    assert result["database"]["status"] == "active"
    # The adopted create is finished as this run would have: the update-only option is applied by a follow-up
    # update, the last task this run submitted.
    [follow_up] = tasks_of(sim, "databaseUpdateRequest")
    assert result["task_id"] == follow_up["taskId"] and follow_up["status"] == "processing-completed"
    assert created["spec"]["enableDefaultUser"] is False
    assert result["database"]["security"]["enableDefaultUser"] is False


def test_create_dropped_before_acting_is_sent_again_once(sim, play, subscription_id):
    sim.configure(faults=[fault("drop_before", "POST", "/v1/subscriptions/*/databases")])
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "dropped", dataset_size_in_gb=1))

    assert run.rc == 0, run.stdout + run.stderr
    assert [entry["fault"] for entry in creates(sim, subscription_id, mark)] == ["drop_before", None]
    assert len(live_databases(sim, subscription_id, "dropped")) == 1
    assert run.task(MANAGE_TASK)["database"]["status"] == "active"


@pytest.mark.parametrize("rule", [fault("http_error", "PUT", "/v1/subscriptions/*/databases/*", status=503),
                                  fault("drop_before", "PUT", "/v1/subscriptions/*/databases/*")], ids=["503", "drop_before"])
def test_update_refused_by_a_server_error_is_sent_again_once_proven_not_done(sim, play, subscription_id, rule):
    database_id = create_database_directly(sim, subscription_id, "resized")
    sim.configure(faults=[rule])
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "resized", dataset_size_in_gb=3))

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    assert result["changed"] is True and result["database"]["datasetSizeInGb"] == 3
    puts = writes(sim, mark)
    assert [(entry["method"], entry["fault"]) for entry in puts] == [("PUT", rule["kind"]), ("PUT", None)]
    assert puts[0]["body"] == puts[1]["body"] == {"datasetSizeInGb": 3.0}
    path = databases_path(subscription_id, database_id)[len("/v1"):]
    assert "answer lost" in timeline_statuses(result, f"PUT {path}")
    [update_task] = tasks_of(sim, "databaseUpdateRequest")
    assert result["task_id"] == update_task["taskId"]


@pytest.mark.parametrize("kind", ["drop_after", "truncated"])
def test_update_whose_answer_was_lost_after_acting_is_found_done_and_not_sent_again(sim, play, subscription_id, kind):
    create_database_directly(sim, subscription_id, "resized")
    sim.configure(faults=[fault(kind, "PUT", "/v1/subscriptions/*/databases/*")], **TASK_VISIBILITY_DELAY)
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "resized", dataset_size_in_gb=3))
    again = play(MANAGE, database_vars(subscription_id, "resized", dataset_size_in_gb=3))

    assert run.rc == 0 and again.rc == 0, run.stdout + run.stderr
    assert run.task(MANAGE_TASK)["changed"] is True and again.task(MANAGE_TASK)["changed"] is False
    assert [(entry["method"], entry["fault"]) for entry in writes(sim, mark)] == [("PUT", kind)]
    assert run.task(MANAGE_TASK)["database"]["datasetSizeInGb"] == 3


def test_delete_whose_answer_was_lost_is_not_sent_again(sim, play, subscription_id):
    database_id = create_database_directly(sim, subscription_id, "doomed")
    sim.configure(faults=[fault("drop_after", "DELETE", "/v1/subscriptions/*/databases/*")], **TASK_VISIBILITY_DELAY)
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "doomed", database_state="absent"))

    assert run.rc == 0, run.stdout + run.stderr
    assert run.task(MANAGE_TASK)["changed"] is True
    assert write_lines(sim, mark) == [("DELETE", databases_path(subscription_id, database_id))]
    assert live_databases(sim, subscription_id, "doomed") == []


# refusals: the subscription is pending because of another database's change ---------------------

BLOCKER_SECONDS = 2400  # sim-s: the other database's upgrade task runs 12 s (real) before it makes the subscription pending


def block_the_subscription(sim, subscription_id: int, once_the_module_reads: bool) -> threading.Thread:
    """Another database's upgrade, still running when the module writes: once it completes, the subscription is
    pending for a moment, and the module's write, queued behind it (the account runs one task at a time), is
    refused in its task.

    An update is written right after the module's first read, so the upgrade starts before the play; a create
    looks at the account twice, 5 s apart, before it writes, so the upgrade starts at the module's first read.
    """
    blocker = create_database_directly(sim, subscription_id, "blocker", redisVersion="7.2")
    sim.configure(task_durations={"databaseUpgradeRequest": BLOCKER_SECONDS})
    mark = request_mark(sim)
    listing = databases_path(subscription_id)

    def submit() -> None:
        if once_the_module_reads:
            wait_for(lambda: any(entry["path"] == listing for entry in sim.requests()[mark:]), "the module reads the databases")
        submit_directly(sim, "POST", f"/subscriptions/{subscription_id}/databases/{blocker}/upgrade", {"targetRedisVersion": "7.4"})

    thread = threading.Thread(target=submit, daemon=True)
    thread.start()
    if not once_the_module_reads:
        thread.join(timeout=60)
    return thread


def blocked_while_active(sim, subscription_id: int, thread: threading.Thread) -> None:
    thread.join(timeout=60)
    [upgrade] = tasks_of(sim, "databaseUpgradeRequest")
    assert upgrade["status"] == "processing-completed"
    # The module wrote while the subscription was active: its write was queued behind the upgrade.
    module_writes = [t for t in tasks_of(sim) if t["commandType"] in (CREATE_COMMAND, "databaseUpdateRequest")]
    assert module_writes and module_writes[0]["submitted_at"] < upgrade["finished_at"]
    assert subscription_status(sim, subscription_id) == "active"


def test_update_refused_because_the_subscription_went_pending_is_waited_out_and_sent_again(sim, play, subscription_id):
    database_id = create_database_directly(sim, subscription_id, "target")
    blocker = block_the_subscription(sim, subscription_id, once_the_module_reads=False)
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "target", dataset_size_in_gb=2))

    assert run.rc == 0, run.stdout + run.stderr
    blocked_while_active(sim, subscription_id, blocker)
    result = run.task(MANAGE_TASK)
    path = databases_path(subscription_id, database_id)
    assert write_lines(sim, mark) == [("PUT", path), ("PUT", path)]
    [refused] = refused_tasks(sim)
    assert refused["response"]["error"]["type"] == "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS"
    assert "refused: DATABASE_SUBSCRIPTION_IN_PENDING_STATUS" in timeline_statuses(result, f"PUT {path[len('/v1'):]}")
    assert result["changed"] is True and result["task"]["status"] == "processing-completed"
    assert result["database"]["datasetSizeInGb"] == 2 and result["database"]["status"] == "active"


def test_create_refused_because_the_subscription_went_pending_is_waited_out_and_sent_again(sim, play, subscription_id):
    blocker = block_the_subscription(sim, subscription_id, once_the_module_reads=True)
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "newcomer", dataset_size_in_gb=1))

    assert run.rc == 0, run.stdout + run.stderr
    blocked_while_active(sim, subscription_id, blocker)
    result = run.task(MANAGE_TASK)
    assert len(creates(sim, subscription_id, mark)) == 2
    [refused] = refused_tasks(sim)
    assert refused["response"]["error"]["type"] == "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS"
    [created] = live_databases(sim, subscription_id, "newcomer")
    assert result["database_id"] == created["id"] and result["database"]["status"] == "active"


def test_a_wait_false_create_refused_in_its_task_is_sent_again_and_returns_the_new_id(sim, play, subscription_id):
    # wait=false still waits for the create's task (the module's documentation): a refusal is only seen there.
    blocker = block_the_subscription(sim, subscription_id, once_the_module_reads=True)
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "eager", dataset_size_in_gb=1, wait=False))

    assert run.rc == 0, run.stdout + run.stderr
    blocker.join(timeout=60)
    wait_for(lambda: all(t["status"] not in SETTLING_TASK for t in tasks_of(sim)), "every task finished")
    assert [t["response"]["error"]["type"] for t in refused_tasks(sim)] == ["DATABASE_SUBSCRIPTION_IN_PENDING_STATUS"]
    assert len(creates(sim, subscription_id, mark)) == 2, "the refused create should have been sent again"
    [created] = live_databases(sim, subscription_id, "eager")
    result = run.task(MANAGE_TASK)
    assert result["database_id"] == created["id"]
    assert result["task"]["status"] == "processing-completed" and result["task"]["response"]["resourceId"] == created["id"]


@pytest.mark.parametrize("channel", ["http", "task"])
def test_update_refused_as_not_active_in_either_channel_is_sent_again(sim, play, subscription_id, channel):
    database_id = create_database_directly(sim, subscription_id, "target")
    path = databases_path(subscription_id, database_id)
    sim.configure(faults=[fault("not_active", "PUT", path)], not_active_error=channel)
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "target", dataset_size_in_gb=2))

    assert run.rc == 0, run.stdout + run.stderr
    assert [entry["status"] for entry in writes(sim, mark)] == [403 if channel == "http" else 200, 200]
    assert len(refused_tasks(sim)) == (0 if channel == "http" else 1)
    assert run.task(MANAGE_TASK)["database"]["datasetSizeInGb"] == 2


# failures reported as data ----------------------------------------------------------------------

def test_a_failed_create_task_reports_its_id_error_type_and_description(sim, play, subscription_id):
    sim.configure(faults=[fault("task_error", "POST", "/v1/subscriptions/*/databases", error_type="DATABASE_PORT_IS_UNAVAILABLE",
                                description="Port 12000 is already used")])

    run = play(MANAGE, database_vars(subscription_id, "unlucky", dataset_size_in_gb=1, port=12000))

    assert run.rc != 0
    result = run.task(MANAGE_TASK)
    [create_task] = [t for t in tasks_of(sim, CREATE_COMMAND) if t["status"] == "processing-error"]
    assert result["failure"]["error_type"] == "DATABASE_PORT_IS_UNAVAILABLE"
    assert result["failure"]["description"] == "Port 12000 is already used"
    assert result["task_id"] == create_task["taskId"] == result["failure"]["task_id"] and result["task_id"] in result["msg"]
    assert live_databases(sim, subscription_id, "unlucky") == []


def test_a_database_that_ends_in_error_fails_naming_the_task(sim, play, subscription_id):
    sim.configure(faults=[fault("database_error", "POST", "/v1/subscriptions/*/databases")])

    run = play(MANAGE, database_vars(subscription_id, "broken", dataset_size_in_gb=1))

    assert run.rc != 0
    result = run.task(MANAGE_TASK)
    [broken] = live_databases(sim, subscription_id, "broken")
    assert result["failure"]["last_status"] == "error"
    assert result["database_id"] == broken["id"]
    assert result["task_id"] and result["task_id"] in result["msg"] and "error" in result["msg"]


def test_an_unknown_subscription_fails_naming_it_and_sends_nothing(sim, play):
    run = play(MANAGE, database_vars(424242, "orphan", dataset_size_in_gb=1))

    assert run.rc != 0
    result = run.task(MANAGE_TASK)
    assert "424242" in result["msg"] and "subscription" in result["msg"].lower()
    assert "Traceback" not in result["msg"] and "module_stderr" not in result
    assert writes(sim) == []


def test_timeout_names_the_task_and_status_and_a_rerun_resumes_without_a_second_create(sim, play, subscription_id):
    sim.configure(speed=10)  # provisioning (120 sim-s) now takes 12 s
    mark = request_mark(sim)

    first = play(MANAGE, database_vars(subscription_id, "slow", dataset_size_in_gb=1, wait_timeout=3))

    assert first.rc != 0
    failed = first.task(MANAGE_TASK)
    [database] = live_databases(sim, subscription_id, "slow")
    # A create goes through draft, pending, dynamic-endpoints-creation-pending (issue 16: the recorded statuses).
    assert failed["failure"]["last_status"] in CREATE_STATUSES
    assert failed["task_id"] and failed["task_id"] in failed["msg"] and failed["failure"]["last_status"] in failed["msg"]
    assert failed["database_id"] == database["id"]
    sim.configure(speed=400)

    second = play(MANAGE, database_vars(subscription_id, "slow", dataset_size_in_gb=1))

    assert second.rc == 0, second.stdout + second.stderr
    assert second.task(MANAGE_TASK)["database_id"] == database["id"]
    assert second.task(MANAGE_TASK)["database"]["status"] == "active"
    assert len(creates(sim, subscription_id, mark)) == 1


# killed and run again ---------------------------------------------------------------------------

def create_task_running(sim) -> bool:
    return any(t["status"] in SETTLING_TASK for t in tasks_of(sim, CREATE_COMMAND))


def database_pending(sim) -> bool:
    return any(db["status"] == "pending" and db["name"] == "survivor" for db in live_databases(sim))


KILL_POINTS = {
    # The create task takes 2000 sim-s (10 s real): the play is killed while it waits for the task.
    "while_the_create_task_runs": ({"task_durations": {CREATE_COMMAND: 2000}}, create_task_running),
    # Provisioning takes 4000 sim-s (20 s real): the play is killed while the database is pending.
    "while_the_database_is_pending": ({"database_provisioning_seconds": 4000}, database_pending),
}


@pytest.mark.parametrize("slow_config, moment", KILL_POINTS.values(), ids=KILL_POINTS.keys())
def test_play_killed_mid_create_and_run_again_ends_with_one_active_database(sim, play, subscription_id, tmp_path, slow_config, moment):
    sim.configure(**slow_config)
    options = database_vars(subscription_id, "survivor", dataset_size_in_gb=1)
    killed = start_play(sim, tmp_path, MANAGE, options)
    kill_when(killed, lambda: moment(sim))
    assert len(tasks_of(sim, CREATE_COMMAND)) == 1  # the killed run got as far as submitting the create, once
    sim.configure(speed=4000)  # what is left of the task and the provisioning now takes about a second

    rerun = play(MANAGE, options)

    assert rerun.rc == 0, rerun.stdout + rerun.stderr
    [database] = live_databases(sim, subscription_id, "survivor")
    assert database["status"] == "active"
    assert len(creates(sim, subscription_id)) == 1
    result = rerun.task(MANAGE_TASK)
    assert result["database_id"] == database["id"] and result["database"]["status"] == "active"
    assert rerun.task(FACTS_TASK)["msg"]["database_id"] == database["id"]
    [killed_create] = tasks_of(sim, CREATE_COMMAND)
    assert killed_create["response"]["resourceId"] == database["id"]  # the killed run's create, adopted


# the subscription deletes its databases through the database resource ---------------------------

def test_deleting_a_subscription_with_delete_databases_deletes_each_database_first_without_a_refusal(sim, play):
    subscription_id = create_directly(sim, "emptied")
    extra = [create_database_directly(sim, subscription_id, name) for name in ("second", "third")]
    database_ids = [db["id"] for db in live_databases(sim, subscription_id)]
    assert len(database_ids) == 3 and set(extra) < set(database_ids)
    mark = request_mark(sim)

    run = play(SUBSCRIPTION_MANAGE, {"subscription_id": subscription_id, "subscription_state": "absent", "delete_databases": True})

    assert run.rc == 0, run.stdout + run.stderr
    assert run.task(SUBSCRIPTION_MANAGE_TASK)["changed"] is True
    deletes = write_lines(sim, mark)
    assert sorted(deletes[:-1]) == sorted(("DELETE", databases_path(subscription_id, database_id)) for database_id in database_ids)
    assert deletes[-1] == ("DELETE", f"/v1/subscriptions/{subscription_id}")
    assert refused_tasks(sim) == []
    assert all(t["status"] == "processing-completed" for t in tasks_of(sim, "databaseDeleteRequest"))
    assert live_databases(sim, subscription_id) == []
    assert [s["deleted"] for s in sim.state()["subscriptions"]] == [True]
