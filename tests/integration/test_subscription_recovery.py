"""redis_cloud_subscription when things go wrong: timeouts, failed tasks, lost answers, a full account."""

from __future__ import annotations

import pytest
from background import CRAWLING_SPEED, in_background, wait_for_request
from subscription_helpers import MANAGE, MANAGE_TASK, api_writes, create_directly, live_subscriptions, plan, request_mark
from waiting import wait_for

SUBSCRIPTIONS_PATH = "/v1/subscriptions"


def creates(sim, since: int = 0) -> list[dict]:
    return [entry for entry in api_writes(sim, since) if entry["method"] == "POST" and entry["path"] == SUBSCRIPTIONS_PATH]


def fault(kind: str, **parameters) -> dict:
    return {"kind": kind, "method": "POST", "path": SUBSCRIPTIONS_PATH, "count": 1, **parameters}


def test_timeout_names_the_task_and_status_and_a_rerun_resumes_without_a_second_create(sim, run_playbook):
    sim.configure(speed=10)  # provisioning (600 sim-s) now takes a minute

    first = run_playbook(MANAGE, plan("slow", wait_timeout=3))

    assert first.rc != 0
    failed = first.task(MANAGE_TASK)
    assert failed["failure"]["last_status"] == "pending"
    assert failed["task_id"] and failed["task_id"] in failed["msg"] and "pending" in failed["msg"]
    assert failed["subscription_id"] == live_subscriptions(sim, "slow")[0]["id"]
    sim.configure(speed=400)  # the rest of the provisioning now takes about a second

    second = run_playbook(MANAGE, plan("slow"))

    assert second.rc == 0, second.stdout + second.stderr
    resumed = second.task(MANAGE_TASK)
    assert resumed["subscription"]["status"] == "active"
    assert resumed["subscription_id"] == failed["subscription_id"]
    assert len(creates(sim)) == 1
    assert len(live_subscriptions(sim, "slow")) == 1


def test_task_in_processing_error_fails_with_task_id_error_type_and_description(sim, run_playbook):
    sim.configure(faults=[fault("task_error", error_type="SUBSCRIPTION_PI_NOT_FOUND", description="Payment method 2001 was not found")])

    run = run_playbook(MANAGE, plan("unpaid"))

    assert run.rc != 0
    result = run.task(MANAGE_TASK)
    assert result["failure"]["error_type"] == "SUBSCRIPTION_PI_NOT_FOUND"
    assert result["failure"]["description"] == "Payment method 2001 was not found"
    assert result["task_id"] == result["failure"]["task_id"] and result["task_id"] in result["msg"]
    assert "SUBSCRIPTION_PI_NOT_FOUND" in result["msg"]
    assert result["task"]["status"] == "processing-error"
    assert live_subscriptions(sim) == []


def test_subscription_in_error_fails_naming_the_task(sim, run_playbook):
    sim.configure(faults=[fault("subscription_error")])

    run = run_playbook(MANAGE, plan("broken"))

    assert run.rc != 0
    result = run.task(MANAGE_TASK)
    assert result["failure"]["last_status"] == "error"
    assert result["task_id"] and result["task_id"] in result["msg"]


def test_too_many_pending_task_is_resubmitted_once_a_slot_is_free(sim, run_playbook):
    sim.configure(faults=[fault("task_error", error_type="TOO_MANY_PENDING_SUBSCRIPTIONS", description="too many")])

    run = run_playbook(MANAGE, plan("retried"))

    assert run.rc == 0, run.stdout + run.stderr
    assert len(creates(sim)) == 2
    assert len(live_subscriptions(sim, "retried")) == 1
    assert run.task(MANAGE_TASK)["subscription"]["status"] == "active"


def test_create_whose_answer_was_lost_after_acting_is_not_sent_again(sim, run_playbook):
    # A real create task runs for seconds; GET /tasks lists it only while it runs (the spec's reading), so the
    # module finds the lost create's task while it is in flight.
    sim.configure(faults=[fault("drop_after")], task_durations={"subscriptionCreateRequest": 400})

    run = run_playbook(MANAGE, plan("lost-answer"))

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    [created] = live_subscriptions(sim, "lost-answer")
    assert len(creates(sim)) == 1
    assert result["changed"] is True and result["subscription_id"] == created["id"]
    assert result["subscription"]["status"] == "active"
    create_task = next(t for t in sim.state()["tasks"] if t["commandType"] == "subscriptionCreateRequest")
    assert result["task_id"] == create_task["taskId"]
    assert result["database_ids"] == created["database_ids"]


def test_create_dropped_before_acting_is_sent_again_once(sim, run_playbook):
    sim.configure(faults=[fault("drop_before")])

    run = run_playbook(MANAGE, plan("dropped"))

    assert run.rc == 0, run.stdout + run.stderr
    assert len(creates(sim)) == 2
    assert len(live_subscriptions(sim, "dropped")) == 1


@pytest.mark.long_running
def test_create_waits_for_a_free_pending_slot_instead_of_failing(sim, run_playbook):
    sim.configure(speed=20)  # provisioning takes 30 s, long enough to find the account full after the module's two looks
    for index in range(3):
        create_directly(sim, f"busy-{index}", wait_active=False)
    assert sum(s["status"] == "pending" for s in live_subscriptions(sim)) == 3
    mark = request_mark(sim)

    run = run_playbook(MANAGE, plan("fourth", wait=False, wait_timeout=60))

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    slots = [entry["status"] for entry in result["timeline"] if entry["what"] == "pending subscription slots"]
    assert slots and slots[0] == "3 of 3 taken"
    [post] = creates(sim, mark)
    task = next(t for t in sim.state()["tasks"] if t["taskId"] == result["task_id"])
    assert task["status"] in ("received", "processing-in-progress", "processing-completed")
    assert task["status"] != "processing-error"


def test_change_to_a_pending_subscription_waits_for_it_instead_of_failing(sim, run_playbook):
    sim.configure(speed=50)
    subscription_id = create_directly(sim, "young", wait_active=False)
    mark = request_mark(sim)

    run = run_playbook(MANAGE, {"subscription_id": subscription_id, "subscription_name": "grown"})

    assert run.rc == 0, run.stdout + run.stderr
    puts = [entry for entry in api_writes(sim, mark) if entry["method"] == "PUT"]
    assert [entry["status"] for entry in puts] == [200]
    assert run.task(MANAGE_TASK)["subscription"]["name"] == "grown"


def test_create_in_flight_from_a_killed_run_is_waited_for_not_submitted_again(sim, run_playbook):
    # The create task is in flight when the module looks, as if an earlier run died right after submitting it:
    # the clock crawls from the moment the task is in progress until the module has read the account's tasks,
    # then runs at speed 5 (what is left of the task takes 4 s), whatever time ansible-playbook took to start.
    sim.configure(speed=5, task_durations={"subscriptionCreateRequest": 20}, subscription_provisioning_seconds=10)
    earlier = sim.api("POST", "/subscriptions", {
        "name": "killed", "paymentMethod": "marketplace",
        "cloudProviders": [{"regions": [{"region": "us-east-1"}]}],
        "databases": [{"name": "db", "protocol": "redis", "datasetSizeInGb": 1}],
    }).json()["taskId"]
    wait_for(lambda: next(t for t in sim.state()["tasks"] if t["taskId"] == earlier)["status"] == "processing-in-progress",
             "the earlier create in progress")
    sim.configure(speed=CRAWLING_SPEED)
    mark = request_mark(sim)

    same = plan("killed", payment_method="marketplace", payment_method_id=None, cloud_providers=[{"regions": [{"region": "us-east-1"}]}])
    with in_background(run_playbook, MANAGE, same) as playing:
        wait_for_request(sim, lambda entry: entry["path"].startswith("/v1/tasks"), "the module reads the tasks", playing, mark)
        sim.configure(speed=5)
        run = playing.result()

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    assert len(creates(sim)) == 1
    [subscription] = live_subscriptions(sim, "killed")
    assert result["subscription_id"] == subscription["id"] and result["subscription"]["status"] == "active"
    assert f"task {earlier}" in [entry["what"] for entry in result["timeline"]]
