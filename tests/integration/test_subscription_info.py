"""redis_cloud_subscription_info run by ansible-playbook against the simulator: reads and joined waits."""

from __future__ import annotations

from typing import Any

import pytest
from harness import SimulatorProcess, assert_no_secret
from subscription_helpers import create_directly, live_subscriptions, request_mark

QUERY = "Query subscriptions"
FAN_OUT = "subscription_info_fan_out.yml"
NAMES = ["fan-a", "fan-b", "fan-c"]


def join_requests(sim: SimulatorProcess) -> list[dict[str, Any]]:
    """The /v1 requests after the last task read: those of the subscription join, the play's last task."""
    log = [entry for entry in sim.requests() if entry["path"].startswith("/v1/")]
    last_task_read = max(index for index, entry in enumerate(log) if entry["path"].startswith("/v1/tasks"))
    return log[last_task_read + 1:]


@pytest.mark.long_running
def test_fan_out_creates_then_join_waits_for_all_with_one_list_read_per_round(sim, run_playbook):
    # Provisioning (40 s real) outlasts the creates (each looks at the account twice, 5 s apart, before it
    # creates) and the task join, so the subscription join really waits.
    sim.configure(subscription_provisioning_seconds=8000)

    run = run_playbook(FAN_OUT, {"subscription_names": NAMES})

    assert run.rc == 0, run.stdout + run.stderr
    ids_by_name = {s["name"]: s["id"] for s in live_subscriptions(sim)}
    created = run.task("Join the create tasks")["resource_ids"]
    assert created == [ids_by_name[name] for name in NAMES]
    ready = run.task("Join the subscriptions")
    assert ready["changed"] is False
    assert ready["subscription_ids"] == created
    assert [s["status"] for s in ready["subscriptions"]] == ["active"] * 3
    assert ready["ansible_facts"]["redis_cloud_subscription_ids"] == created
    assert {s["status"] for s in live_subscriptions(sim)} == {"active"}
    # Each subscription went pending -> active in the join's timeline.
    for subscription_id in created:
        seen = [entry["status"] for entry in ready["timeline"] if entry["what"] == f"subscription {subscription_id}"]
        assert seen[-1] == "active" and "pending" in seen, seen
    during_join = join_requests(sim)
    assert len(during_join) > 1, "the join should have polled several rounds"
    assert all((entry["method"], entry["path"]) == ("GET", "/v1/subscriptions") for entry in during_join), during_join
    # One read per round: with poll_interval 1 the rounds are at least 0.9 s apart (jitter), never a burst per id.
    gaps = [later["time"] - earlier["time"] for earlier, later in zip(during_join, during_join[1:])]
    assert min(gaps) >= 0.85, gaps
    assert_no_secret(run, sim)


def test_join_fails_naming_the_subscription_that_went_into_error(sim, run_playbook):
    sim.configure(subscription_provisioning_seconds=600, faults=[
        {"kind": "subscription_error", "method": "POST", "path": "/v1/subscriptions", "count": 1},
    ])

    run = run_playbook(FAN_OUT, {"subscription_names": NAMES[:2]})

    assert run.rc != 0
    broken = next(s for s in sim.state()["subscriptions"] if s["status"] == "error")
    result = run.task("Join the subscriptions")
    assert run.status("Join the subscriptions") == "failed"
    assert result["msg"].startswith(f"Subscription {broken['id']} ('{broken['name']}') is in status error")
    assert result["failure"]["last_status"] == "error"


def test_join_returns_the_subscription_in_error_when_fail_on_error_is_false(sim, run_playbook):
    sim.configure(subscription_provisioning_seconds=600, faults=[
        {"kind": "subscription_error", "method": "POST", "path": "/v1/subscriptions", "count": 1},
    ])

    run = run_playbook(FAN_OUT, {"subscription_names": NAMES[:2], "fail_on_error": False})

    assert run.rc == 0, run.stdout + run.stderr
    statuses = {s["name"]: s["status"] for s in run.task("Join the subscriptions")["subscriptions"]}
    assert sorted(statuses.values()) == ["active", "error"]
    assert statuses == {s["name"]: s["status"] for s in live_subscriptions(sim)}


@pytest.mark.long_running
def test_deletions_started_without_waiting_are_joined_until_gone(sim, run_playbook):
    sim.configure(subscription_provisioning_seconds=100)
    ids = [create_directly(sim, name) for name in NAMES[:2]]
    # Deletion (20 s real) outlasts the deletes themselves (each first deletes its database and waits for the
    # subscription to be active again, as the real API requires), so the join really waits.
    sim.configure(subscription_deletion_seconds=4000)
    mark = request_mark(sim)

    run = run_playbook("subscription_info_delete_join.yml", {"subscription_ids": ids})

    assert run.rc == 0, run.stdout + run.stderr
    gone = run.task("Join the deletions")
    assert gone["subscriptions"] == [] and gone["subscription_ids"] == []
    assert live_subscriptions(sim) == []
    for subscription_id in ids:
        seen = [entry["status"] for entry in gone["timeline"] if entry["what"] == f"subscription {subscription_id}"]
        assert seen[-1] == "gone" and "deleting" in seen, seen
    last_write = max(index for index, entry in enumerate(sim.requests()[mark:]) if entry["method"] == "DELETE")
    after_deletes = [entry for entry in sim.requests()[mark:][last_write + 1:] if entry["path"].startswith("/v1/")]
    assert all((entry["method"], entry["path"]) == ("GET", "/v1/subscriptions") for entry in after_deletes), after_deletes


def test_reads_by_id_by_name_and_lists_the_account(sim, run_playbook):
    sim.configure(subscription_provisioning_seconds=100)
    first, second = create_directly(sim, "read-one"), create_directly(sim, "read-two", wait_active=False)

    by_id = run_playbook("subscription_info.yml", {"subscription_id": first})
    by_name = run_playbook("subscription_info.yml", {"subscription_name": "read-two"})
    listed = run_playbook("subscription_info.yml", {})

    assert by_id.task(QUERY)["subscription"]["name"] == "read-one"
    assert by_id.task(QUERY)["subscription"]["status"] == "active"
    assert by_name.task(QUERY)["subscription"]["id"] == second
    assert sorted(listed.task(QUERY)["subscription_ids"]) == sorted([first, second])
    assert listed.task("Show the ids fact a later task can use without register")["redis_cloud_subscription_ids"] == listed.task(QUERY)["subscription_ids"]


def test_an_unknown_id_fails_naming_it(sim, run_playbook):
    run = run_playbook("subscription_info.yml", {"subscription_ids": [424242]})

    assert run.rc != 0
    assert "424242" in run.task(QUERY)["msg"]


def test_timeout_names_the_subscription_its_status_and_how_to_resume(sim, run_playbook):
    sim.configure(subscription_provisioning_seconds=100000)
    subscription_id = create_directly(sim, "slow", wait_active=False)

    run = run_playbook("subscription_info.yml", {"subscription_ids": [subscription_id], "wait": True, "wait_timeout": 2})

    assert run.rc != 0
    failure = run.task(QUERY)["failure"]
    assert failure["last_status"] == "pending"
    assert f"{subscription_id} (pending)" in failure["message"]
    assert f"subscription_ids=[{subscription_id}] wait=true" in failure["resume_hint"]
