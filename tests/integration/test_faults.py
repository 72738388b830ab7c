"""Injected API faults: reads retry and succeed, lost write answers are reconciled, malformed answers fail clearly.

Complements test_subscription_recovery.py (create-side faults, timeouts of a create,
task and subscription errors of a create). Every test asserts the outcome the user
sees and what the simulator's request log says the module sent.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from harness import SimulatorProcess
from subscription_helpers import WRITE_METHODS, create_directly, live_subscriptions, request_mark

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import FAILURE_KEYS
from ansible_collections.rediscloud.api.plugins.module_utils.api.retries import DEFAULT_TOTAL_RETRIES

READ_PLAY = "fault_task_read.yml"
READ_TASK = "Read the task"
MANAGE_PLAY = "fault_subscription.yml"
MANAGE_TASK = "Manage the subscription"
TRACEBACK_MARKERS = ("Traceback", "MODULE FAILURE", 'File "')


# A new task stays out of GET /tasks and GET /tasks/{id} this long (1 s real at the default speed), as the
# facts say the real API does: a lost-answer check must look again, not conclude "nothing happened" at once.
TASK_VISIBILITY_DELAY = {"task_not_found_seconds": 200}


def fault(kind: str, method: str, path: str, count: int = 1, **parameters: Any) -> dict[str, Any]:
    return {"kind": kind, "method": method, "path": path, "count": count, **parameters}


def finished_task(sim: SimulatorProcess) -> str:
    """The id of a completed dry-run task (it creates nothing), ready to be read."""
    answer = sim.api("POST", "/subscriptions", {
        "name": "priced", "dryRun": True, "paymentMethod": "marketplace",
        "cloudProviders": [{"regions": [{"region": "us-east-1"}]}],
        "databases": [{"name": "db", "protocol": "redis", "datasetSizeInGb": 1}],
    })
    assert answer.status_code in (200, 202), answer.text
    task_id = answer.json()["taskId"]
    ends = time.monotonic() + 20
    while time.monotonic() < ends:
        if any(t["taskId"] == task_id and t["status"] == "processing-completed" for t in sim.state()["tasks"]):
            return task_id
        time.sleep(0.1)
    raise AssertionError(f"dry-run task {task_id} did not complete")


def logged(sim: SimulatorProcess, method: str, path: str, since: int = 0) -> list[dict[str, Any]]:
    return [entry for entry in sim.requests()[since:] if entry["method"] == method and entry["path"] == path]


def assert_clear_failure(result: dict[str, Any], method: str, path: str) -> None:
    """A failure a person can act on: it names the request, and no Python traceback stands in for a message."""
    assert f"{method} {path}" in result["msg"], result["msg"]
    assert not any(marker in result["msg"] for marker in TRACEBACK_MARKERS), result["msg"]
    assert "module_stderr" not in result  # the module failed on purpose, it did not crash
    assert set(result["failure"]) == set(FAILURE_KEYS)
    assert result["failure"]["method"] == method and result["failure"]["path"] == path


# Reads --------------------------------------------------------------------------------------------

TRANSIENT_READ_FAULTS = {
    "500": (fault("http_error", "GET", "/v1/tasks/*", count=2, status=500), {}),
    "502": (fault("http_error", "GET", "/v1/tasks/*", count=2, status=502), {}),
    "503": (fault("http_error", "GET", "/v1/tasks/*", count=2, status=503), {}),
    "429": (fault("rate_limited", "GET", "/v1/tasks/*", count=2, retry_after=1), {}),
    "drop_before": (fault("drop_before", "GET", "/v1/tasks/*", count=2), {}),
    "slow_beyond_api_timeout": (fault("slow", "GET", "/v1/tasks/*", count=1, delay=2.5), {"api_timeout": 1}),
    "truncated": (fault("truncated", "GET", "/v1/tasks/*", count=1), {}),
}


@pytest.mark.parametrize("rule, options", TRANSIENT_READ_FAULTS.values(), ids=TRANSIENT_READ_FAULTS.keys())
def test_read_retries_a_transient_fault_and_returns_the_right_task(sim, run_playbook, rule, options):
    task_id = finished_task(sim)
    sim.configure(faults=[rule])
    mark = request_mark(sim)

    run = run_playbook(READ_PLAY, {"task_id": task_id, **options})

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(READ_TASK)
    assert result["task"]["taskId"] == task_id and result["task"]["status"] == "processing-completed"
    reads = logged(sim, "GET", f"/v1/tasks/{task_id}", mark)
    assert [entry["fault"] for entry in reads] == [rule["kind"]] * rule["count"] + [None]
    assert reads[-1]["status"] == 200


# A 5xx body is Spring's default (no error code) or the API's own object: the failure carries what each says.
@pytest.mark.parametrize(("bodies", "error_type", "description"),
                         [("real", None, "Service Unavailable"), ("api", "SERVICE_UNAVAILABLE", "Injected server error")])
def test_a_persistent_read_fault_gives_up_after_the_bounded_retries_naming_the_request(sim, run_playbook, bodies, error_type, description):
    task_id = finished_task(sim)
    sim.configure(faults=[fault("http_error", "GET", "/v1/tasks/*", count=50, status=503)], error_bodies=bodies)
    mark = request_mark(sim)

    run = run_playbook(READ_PLAY, {"task_id": task_id})

    assert run.rc != 0
    result = run.task(READ_TASK)
    assert_clear_failure(result, "GET", f"/tasks/{task_id}")
    assert result["failure"]["status"] == 503
    assert result["failure"]["error_type"] == error_type
    assert result["failure"]["description"] == description
    assert description in result["msg"]
    assert len(logged(sim, "GET", f"/v1/tasks/{task_id}", mark)) == DEFAULT_TOTAL_RETRIES + 1


@pytest.mark.parametrize("kind", ["non_json", "truncated"])
def test_a_read_answer_that_stays_malformed_fails_naming_the_request(sim, run_playbook, kind):
    task_id = finished_task(sim)
    sim.configure(faults=[fault(kind, "GET", "/v1/tasks/*", count=50)])
    mark = request_mark(sim)

    run = run_playbook(READ_PLAY, {"task_id": task_id})

    assert run.rc != 0
    result = run.task(READ_TASK)
    assert_clear_failure(result, "GET", f"/tasks/{task_id}")
    assert "JSON" in result["msg"] or "cut off" in result["msg"]
    # A gateway's small page that is not JSON and a cut-off answer are transient: read again, bounded. (A large
    # answer that is not JSON is read once: tests/integration/test_hostile_answers.py.)
    assert len(logged(sim, "GET", f"/v1/tasks/{task_id}", mark)) == DEFAULT_TOTAL_RETRIES + 1


def test_a_wait_survives_faults_on_its_polls(sim, run_playbook):
    sim.configure(speed=2)  # the create task takes about 3 s, so the wait polls several times
    answer = sim.api("POST", "/subscriptions", {
        "name": "polled", "paymentMethod": "marketplace",
        "cloudProviders": [{"regions": [{"region": "us-east-1"}]}],
        "databases": [{"name": "db", "protocol": "redis", "datasetSizeInGb": 1}],
    })
    task_id = answer.json()["taskId"]
    sim.configure(faults=[
        fault("http_error", "GET", "/v1/tasks/*", count=1, status=502),
        fault("drop_before", "GET", "/v1/tasks/*", count=1),
        fault("rate_limited", "GET", "/v1/tasks/*", count=1, retry_after=1),
    ])

    run = run_playbook(READ_PLAY, {"task_id": task_id, "wait": True})

    assert run.rc == 0, run.stdout + run.stderr
    assert run.task(READ_TASK)["task"]["status"] == "processing-completed"
    assert sim.state()["faults"]["injected"] == {"http_error": 1, "drop_before": 1, "rate_limited": 1}


# Writes whose answer was lost ---------------------------------------------------------------------

def writes(sim: SimulatorProcess, since: int) -> list[dict[str, Any]]:
    return [entry for entry in sim.requests()[since:] if entry["method"] in WRITE_METHODS]


def names(sim: SimulatorProcess) -> list[str]:
    return sorted(s["name"] for s in live_subscriptions(sim))


@pytest.mark.parametrize("kind", ["drop_after", "truncated"])
def test_rename_whose_answer_was_lost_is_found_done_and_not_sent_again(sim, run_playbook, kind):
    subscription_id = create_directly(sim, "before")
    sim.configure(faults=[fault(kind, "PUT", "/v1/subscriptions/*")], **TASK_VISIBILITY_DELAY)
    mark = request_mark(sim)

    run = run_playbook(MANAGE_PLAY, {"subscription_id": subscription_id, "subscription_name": "after"})

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    assert result["changed"] is True and result["subscription"]["name"] == "after"
    assert [(entry["method"], entry["fault"]) for entry in writes(sim, mark)] == [("PUT", kind)]
    assert names(sim) == ["after"]

    again = run_playbook(MANAGE_PLAY, {"subscription_id": subscription_id, "subscription_name": "after"})

    assert again.rc == 0 and again.task(MANAGE_TASK)["changed"] is False
    assert len(writes(sim, mark)) == 1


@pytest.mark.parametrize("channel", ["http", "task"])
@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_a_change_refused_as_not_active_is_sent_again_once_the_subscription_is_active(sim, run_playbook, method, channel):
    # The API reports SUBSCRIPTION_NOT_ACTIVE as an HTTP 403 or as the task's processing-error
    # (Go client latest_imports_test.go): either way nothing was done, and the change is sent again.
    subscription_id = create_directly(sim, "before")
    path = f"/v1/subscriptions/{subscription_id}"
    sim.configure(faults=[fault("not_active", method, path)], not_active_error=channel)
    mark = request_mark(sim)
    options: dict[str, Any] = {"subscription_id": subscription_id, "subscription_name": "after"}
    if method == "DELETE":
        options.update(subscription_state="absent", delete_databases=True)

    run = run_playbook(MANAGE_PLAY, options)

    assert run.rc == 0, run.stdout + run.stderr
    assert run.task(MANAGE_TASK)["changed"] is True
    changes = [(entry["method"], entry["status"]) for entry in writes(sim, mark) if entry["path"] == path]
    assert [change[0] for change in changes] == [method, method]
    assert changes[0][1] == (403 if channel == "http" else 200) and 200 <= changes[1][1] < 300, changes
    refused_tasks = [t for t in sim.state()["tasks"] if t["status"] == "processing-error"]
    assert len(refused_tasks) == (0 if channel == "http" else 1)
    assert names(sim) == ([] if method == "DELETE" else ["after"])


@pytest.mark.parametrize("rule", [fault("http_error", "PUT", "/v1/subscriptions/*", status=503),
                                  fault("non_json", "PUT", "/v1/subscriptions/*")], ids=["503", "non_json"])
def test_rename_refused_or_garbled_before_acting_is_sent_again_once_proven_not_done(sim, run_playbook, rule):
    # Issue 10, finding 13: a PUT of the same body is safe to send again once the module has
    # confirmed that the first one did nothing (no task ran, the name did not change).
    subscription_id = create_directly(sim, "before")
    sim.configure(faults=[rule])
    mark = request_mark(sim)

    run = run_playbook(MANAGE_PLAY, {"subscription_id": subscription_id, "subscription_name": "after"})

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    assert result["changed"] is True
    assert names(sim) == ["after"]
    assert [entry["status"] for entry in writes(sim, mark)] == [rule.get("status", 200), 200]
    assert "answer lost" in [entry["status"] for entry in result["timeline"] if entry["what"] == f"PUT /subscriptions/{subscription_id}"]
    update_tasks = [t for t in sim.state()["tasks"] if t["commandType"] == "subscriptionUpdateRequest"]
    assert len(update_tasks) == 1 and result["task_id"] == update_tasks[0]["taskId"]

    rerun = run_playbook(MANAGE_PLAY, {"subscription_id": subscription_id, "subscription_name": "after"})

    assert rerun.rc == 0, rerun.stdout + rerun.stderr
    assert rerun.task(MANAGE_TASK)["changed"] is False
    assert len(writes(sim, mark)) == 2


@pytest.mark.parametrize("kind", ["drop_after", "truncated"])
def test_delete_whose_answer_was_lost_ends_with_the_subscription_gone_and_one_delete_sent(sim, run_playbook, kind):
    subscription_id = without_databases(sim, "doomed")
    sim.configure(faults=[fault(kind, "DELETE", "/v1/subscriptions/*")], **TASK_VISIBILITY_DELAY)
    mark = request_mark(sim)

    run = run_playbook(MANAGE_PLAY, {"subscription_id": subscription_id, "subscription_state": "absent"})

    assert run.rc == 0, run.stdout + run.stderr
    assert run.task(MANAGE_TASK)["changed"] is True
    assert [(entry["method"], entry["fault"]) for entry in writes(sim, mark)] == [("DELETE", kind)]
    assert live_subscriptions(sim, "doomed") == []


def test_database_delete_whose_answer_was_lost_is_not_sent_again_and_the_subscription_still_goes(sim, run_playbook):
    subscription_id = create_directly(sim, "with-data")
    sim.configure(faults=[fault("drop_after", "DELETE", "/v1/subscriptions/*/databases/*")], **TASK_VISIBILITY_DELAY)
    mark = request_mark(sim)

    run = run_playbook(MANAGE_PLAY, {"subscription_id": subscription_id, "subscription_state": "absent", "delete_databases": True})

    assert run.rc == 0, run.stdout + run.stderr
    database_deletes = [entry for entry in writes(sim, mark) if "/databases/" in entry["path"]]
    assert [entry["fault"] for entry in database_deletes] == ["drop_after"]
    assert live_subscriptions(sim, "with-data") == []


# Failures reported as data ------------------------------------------------------------------------

def test_a_failed_delete_task_reports_its_id_error_type_and_description(sim, run_playbook):
    subscription_id = without_databases(sim, "kept")
    sim.configure(faults=[fault("task_error", "DELETE", "/v1/subscriptions/*", error_type="SUBSCRIPTION_IN_USE",
                                error_status=409, description="Subscription still has databases attached")])

    run = run_playbook(MANAGE_PLAY, {"subscription_id": subscription_id, "subscription_state": "absent"})

    assert run.rc != 0
    result = run.task(MANAGE_TASK)
    delete_task = next(t for t in sim.state()["tasks"] if t["commandType"] == "subscriptionDeleteRequest")
    failure = result["failure"]
    assert failure["task_id"] == delete_task["taskId"] == result["task_id"]
    assert failure["error_type"] == "SUBSCRIPTION_IN_USE"
    assert failure["description"] == "Subscription still has databases attached"
    assert delete_task["taskId"] in result["msg"] and "SUBSCRIPTION_IN_USE" in result["msg"]
    assert not any(marker in result["msg"] for marker in TRACEBACK_MARKERS)
    assert [s["id"] for s in live_subscriptions(sim, "kept")] == [subscription_id]


def test_a_delete_that_runs_out_of_time_names_the_task_the_last_status_and_how_to_resume(sim, run_playbook):
    subscription_id = without_databases(sim, "lingering")
    sim.configure(subscription_deletion_seconds=100_000)  # it stays "deleting" well past the wait

    run = run_playbook(MANAGE_PLAY, {"subscription_id": subscription_id, "subscription_state": "absent", "wait_timeout": 3})

    assert run.rc != 0
    result = run.task(MANAGE_TASK)
    failure = result["failure"]
    delete_task = next(t for t in sim.state()["tasks"] if t["commandType"] == "subscriptionDeleteRequest")
    assert failure["task_id"] == delete_task["taskId"] and delete_task["taskId"] in result["msg"]
    assert failure["last_status"] == "deleting" and "deleting" in result["msg"]
    assert failure["resume_hint"] and failure["resume_hint"] in result["msg"]
    assert "re-run" in failure["resume_hint"].lower()

    resumed = run_playbook(MANAGE_PLAY, {"subscription_id": subscription_id, "subscription_state": "absent", "wait": False})

    assert resumed.rc == 0 and resumed.task(MANAGE_TASK)["changed"] is False  # already on its way out: nothing re-sent
    assert sum(entry["method"] == "DELETE" for entry in sim.requests()) == 2  # the database's and the subscription's


# helpers ----------------------------------------------------------------------------------------

def without_databases(sim: SimulatorProcess, name: str) -> int:
    """An active subscription whose database was deleted, so that a fault on its DELETE hits only that request."""
    subscription_id = create_directly(sim, name)
    sim.api("DELETE", f"/subscriptions/{subscription_id}/databases/{_database_id(sim, subscription_id)}")
    _wait_for(lambda: not _live_databases(sim, subscription_id) and _status(sim, subscription_id) == "active")
    return subscription_id


def _database_id(sim: SimulatorProcess, subscription_id: int) -> int:
    return next(s for s in sim.state()["subscriptions"] if s["id"] == subscription_id)["database_ids"][0]


def _live_databases(sim: SimulatorProcess, subscription_id: int) -> list[dict[str, Any]]:
    return [db for db in sim.state()["databases"] if db["subscription_id"] == subscription_id and not db["deleted"]]


def _status(sim: SimulatorProcess, subscription_id: int) -> str:
    return next(s for s in sim.state()["subscriptions"] if s["id"] == subscription_id)["status"]


def _wait_for(condition: Any, timeout: float = 30) -> None:
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the simulator did not reach the arranged state in time")
