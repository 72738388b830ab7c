"""redis_cloud_task_info run by ansible-playbook against the simulator."""

from __future__ import annotations

import time
import uuid

import pytest
from harness import SimulatorProcess, assert_no_secret


def subscription_body(name: str, dry_run: bool = False) -> dict:
    """A valid create request (schema SubscriptionCreateRequest)."""
    return {
        "name": name,
        "dryRun": dry_run,
        "paymentMethod": "marketplace",
        "cloudProviders": [{"provider": "AWS", "regions": [{"region": "us-east-1"}]}],
        "databases": [{"name": f"{name}-db", "protocol": "redis", "datasetSizeInGb": 1}],
    }


def submit_create(sim: SimulatorProcess, name: str, dry_run: bool = False) -> str:
    answer = sim.api("POST", "/subscriptions", subscription_body(name, dry_run))
    assert answer.status_code in (200, 202), answer.text
    return answer.json()["taskId"]


@pytest.mark.core_smoke
def test_wait_for_one_task_returns_it_with_its_resource_id_and_facts(sim, run_playbook):
    task_id = submit_create(sim, "task-info-one")

    run = run_playbook("task_info.yml", {"task_id": task_id, "wait": True})

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task("Query tasks")
    created = [s for s in sim.state()["subscriptions"] if s["name"] == "task-info-one"]
    assert len(created) == 1
    assert result["changed"] is False
    assert result["task"]["taskId"] == task_id
    assert result["task"]["status"] == "processing-completed"
    assert result["resource_id"] == created[0]["id"]
    assert result["ansible_facts"]["redis_cloud_task"]["taskId"] == task_id
    assert run.task("Show the resource id fact a later task can use without register")["redis_cloud_resource_id"] == created[0]["id"]
    assert_no_secret(run, sim)


def test_joined_wait_returns_tasks_in_the_order_given_reading_the_list_per_round(sim, run_playbook):
    sim.configure(speed=4)  # the account runs them one after another, about 1.5 s each
    task_ids = [submit_create(sim, f"joined-{index}") for index in range(3)]
    sim_ids_by_name = {}

    run = run_playbook("task_info.yml", {"task_ids": list(reversed(task_ids)), "wait": True})

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task("Query tasks")
    assert [task["taskId"] for task in result["tasks"]] == list(reversed(task_ids))
    assert all(task["status"] == "processing-completed" for task in result["tasks"])
    for subscription in sim.state()["subscriptions"]:
        sim_ids_by_name[subscription["name"]] = subscription["id"]
    assert result["resource_ids"] == [sim_ids_by_name[f"joined-{index}"] for index in (2, 1, 0)]
    task_reads = [entry for entry in sim.requests() if entry["method"] == "GET" and entry["path"].startswith("/v1/tasks")]
    list_reads = [entry for entry in task_reads if entry["path"] == "/v1/tasks"]
    single_reads = [entry for entry in task_reads if entry["path"] != "/v1/tasks"]
    # While several are pending the module reads them all with one GET /tasks per round; it reads a task
    # on its own only once the list no longer shows it (finished tasks leave the list).
    assert list_reads, "the joined wait should read the task list"
    assert len(single_reads) <= 2 * len(task_ids)


def test_list_filters_by_command_type_and_status(sim, run_playbook):
    sim.configure(speed=1, task_durations={"subscriptionCreateRequest": 300})  # stays in progress for the test
    task_id = submit_create(sim, "listed")
    wait_for_task_status(sim, task_id, "processing-in-progress")

    matching = run_playbook("task_info.yml", {"command_type": "subscriptionCreateRequest"})
    other_type = run_playbook("task_info.yml", {"command_type": "databaseDeleteRequest"})
    in_progress = run_playbook("task_info.yml", {"status": "processing-in-progress"})
    completed = run_playbook("task_info.yml", {"status": "processing-completed"})

    assert [task["taskId"] for task in matching.task("Query tasks")["tasks"]] == [task_id]
    assert other_type.task("Query tasks")["tasks"] == []
    assert [task["taskId"] for task in in_progress.task("Query tasks")["tasks"]] == [task_id]
    assert completed.task("Query tasks")["tasks"] == []
    assert all(run.task("Query tasks")["changed"] is False for run in (matching, other_type, in_progress, completed))


def wait_for_task_status(sim: SimulatorProcess, task_id: str, status: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = sim.api("GET", f"/tasks/{task_id}")
        if answer.status_code == 200 and answer.json()["status"] == status:
            return
        time.sleep(0.1)
    raise AssertionError(f"task {task_id} did not reach {status}")


def test_timeout_names_the_task_its_last_status_and_how_to_resume(sim, run_playbook):
    # The create task then runs for five minutes: still running when the one-second wait ends, however long
    # ansible-playbook takes to start on a loaded machine.
    sim.configure(speed=1, task_durations={"subscriptionCreateRequest": 300})
    task_id = submit_create(sim, "slow")

    run = run_playbook("task_info.yml", {"task_id": task_id, "wait": True, "wait_timeout": 1, "poll_interval": 1})

    assert run.rc != 0
    result = run.task("Query tasks")
    assert run.status("Query tasks") == "failed"
    assert task_id in result["msg"]
    assert result["failure"]["task_id"] == task_id
    assert result["failure"]["last_status"] in ("received", "processing-in-progress")
    assert result["failure"]["last_status"] in result["msg"]
    assert "re-run" in result["msg"].lower() or "resume" in result["msg"].lower()


def test_unknown_task_fails_with_the_api_error_and_no_secret(sim, run_playbook):
    missing = str(uuid.uuid4())

    run = run_playbook("task_info.yml", {"task_id": missing})

    assert run.rc != 0
    result = run.task("Query tasks")
    assert missing in result["msg"]
    assert result["failure"]["status"] == 404
    assert result["failure"]["method"] == "GET"
    assert_no_secret(run, sim)


@pytest.mark.core_smoke
def test_bad_credentials_give_a_clear_401_without_echoing_them(sim, run_playbook):
    wrong_secret = "wrong-" + uuid.uuid4().hex

    run = run_playbook(
        "task_info_credentials.yml",
        {"given_api_key": sim.api_key, "given_api_secret_key": wrong_secret, "task_id": str(uuid.uuid4())},
        with_credentials=False,
    )

    assert run.rc != 0
    result = run.task("Query tasks")
    assert result["failure"]["status"] == 401
    assert "api_key" in result["msg"] or "credential" in result["msg"].lower()
    assert wrong_secret not in run.all_output
    assert_no_secret(run, sim)


def test_a_malformed_task_id_is_refused_before_any_request(sim, run_playbook):
    run = run_playbook("task_info.yml", {"task_id": "not-a-task-id"})

    assert run.rc != 0
    result = run.task("Query tasks")
    assert "task_id" in result["msg"]
    assert [entry for entry in sim.requests() if entry["path"].startswith("/v1")] == []


@pytest.mark.core_smoke
def test_missing_credentials_are_refused_before_any_request(sim, run_playbook):
    run = run_playbook("task_info_credentials.yml", {"task_id": str(uuid.uuid4())}, with_credentials=False)

    assert run.rc != 0
    result = run.task("Query tasks")
    assert "api_key" in result["msg"]
    assert "REDISCLOUD_ACCESS_KEY" in result["msg"]
    assert [entry for entry in sim.requests() if entry["path"].startswith("/v1")] == []


def test_a_failed_task_reports_its_id_error_type_and_description(sim, run_playbook):
    sim.configure(faults=[{
        "kind": "task_error", "method": "POST", "path": "/v1/subscriptions", "count": 1,
        "error_type": "SUBSCRIPTION_PI_NOT_FOUND", "error_status": 400, "description": "Payment info was not found",
    }])
    task_id = submit_create(sim, "doomed")

    failing = run_playbook("task_info.yml", {"task_id": task_id, "wait": True})
    tolerant = run_playbook("task_info.yml", {"task_id": task_id, "wait": True, "fail_on_error": False})

    assert failing.status("Query tasks") == "failed"
    failure = failing.task("Query tasks")["failure"]
    assert failure["task_id"] == task_id
    assert failure["error_type"] == "SUBSCRIPTION_PI_NOT_FOUND"
    assert failure["description"] == "Payment info was not found"
    for fact in (task_id, "SUBSCRIPTION_PI_NOT_FOUND", "Payment info was not found"):
        assert fact in failing.task("Query tasks")["msg"]
    assert tolerant.status("Query tasks") == "ok"
    assert tolerant.task("Query tasks")["task"]["status"] == "processing-error"
    assert tolerant.task("Query tasks")["task"]["response"]["error"]["type"] == "SUBSCRIPTION_PI_NOT_FOUND"
