"""redis_cloud_subscription against the simulator: create, idempotence, update, delete, check and diff modes."""

from __future__ import annotations

import pytest
from subscription_helpers import MANAGE, MANAGE_TASK, api_writes, create_directly, live_subscriptions, plan, request_mark


@pytest.mark.core_smoke
def test_create_waits_until_active_and_returns_ids_and_facts(sim, run_playbook):
    run = run_playbook(MANAGE, plan("orders"))

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    [created] = live_subscriptions(sim, "orders")
    assert result["changed"] is True
    assert result["subscription_id"] == created["id"]
    assert result["subscription"]["status"] == "active"
    assert result["database_ids"] == created["database_ids"] and len(created["database_ids"]) == 1
    assert result["task"]["status"] == "processing-completed"
    assert result["ansible_facts"] == {
        "redis_cloud_subscription_id": created["id"],
        "redis_cloud_database_ids": created["database_ids"],
        "redis_cloud_task_id": result["task_id"],
    }
    assert [entry["status"] for entry in result["timeline"] if entry["what"] == f"subscription {created['id']}"][-1] == "active"
    [post] = api_writes(sim)
    assert post["body"]["cloudProviders"][0]["regions"][0]["networking"] == {"deploymentCIDR": "10.0.0.0/24"}
    assert post["body"]["databases"][0]["throughputMeasurement"] == {"by": "operations-per-second", "value": 1000}


def test_rerun_changes_nothing_and_sends_no_write(sim, run_playbook):
    assert run_playbook(MANAGE, plan("orders")).rc == 0
    mark = request_mark(sim)

    again = run_playbook(MANAGE, plan("orders"))

    assert again.rc == 0, again.stdout
    assert again.task(MANAGE_TASK)["changed"] is False
    assert api_writes(sim, mark) == []
    assert len(live_subscriptions(sim, "orders")) == 1


def test_rename_by_id_sends_only_the_name_and_shows_a_diff(sim, run_playbook):
    subscription_id = create_directly(sim, "old-name")
    mark = request_mark(sim)

    run = run_playbook(MANAGE, {"subscription_id": subscription_id, "subscription_name": "new-name"}, diff=True)

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    assert result["changed"] is True
    assert result["diff"] == {"before": {"name": "old-name"}, "after": {"name": "new-name"}}
    assert result["subscription"]["name"] == "new-name"
    [put] = api_writes(sim, mark)
    assert (put["method"], put["path"], put["body"]) == ("PUT", f"/v1/subscriptions/{subscription_id}", {"name": "new-name"})
    assert [s["name"] for s in live_subscriptions(sim)] == ["new-name"]


def test_change_that_needs_a_replacement_is_refused_and_nothing_sent(sim, run_playbook):
    assert run_playbook(MANAGE, plan("orders")).rc == 0
    mark = request_mark(sim)
    changed = plan("orders", memory_storage="ram-and-flash",
                   cloud_providers=[{"provider": "AWS", "regions": [{"region": "eu-west-1"}]}])

    run = run_playbook(MANAGE, changed)

    assert run.rc != 0
    message = run.task(MANAGE_TASK)["msg"]
    assert "memory_storage: current 'ram', desired 'ram-and-flash'" in message
    assert "cloud_providers[0].regions: current ['us-east-1'], desired ['eu-west-1']" in message
    assert "must be replaced" in message
    assert api_writes(sim, mark) == []


def test_check_mode_create_prices_the_plan_with_a_dry_run_only(sim, run_playbook):
    run = run_playbook(MANAGE, plan("quote"), check=True)

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    assert result["changed"] is True
    assert result["pricing"] and {"type", "quantity", "pricePerUnit", "priceCurrency"} <= set(result["pricing"][0])
    [post] = api_writes(sim)
    assert post["method"] == "POST" and post["body"]["dryRun"] is True
    assert result["task"]["response"]["resource"]["pricing"] == result["pricing"]
    assert live_subscriptions(sim) == []


@pytest.mark.core_smoke
def test_check_mode_update_and_delete_send_nothing(sim, run_playbook):
    subscription_id = create_directly(sim, "kept")
    mark = request_mark(sim)

    rename = run_playbook(MANAGE, {"subscription_id": subscription_id, "subscription_name": "renamed"}, check=True, diff=True)
    delete = run_playbook(MANAGE, {"subscription_name": "kept", "subscription_state": "absent", "delete_databases": True},
                          check=True, diff=True)

    assert rename.rc == 0 and delete.rc == 0, rename.stdout + delete.stdout
    assert rename.task(MANAGE_TASK)["changed"] is True
    assert rename.task(MANAGE_TASK)["diff"]["after"] == {"name": "renamed"}
    assert delete.task(MANAGE_TASK)["changed"] is True
    assert delete.task(MANAGE_TASK)["diff"]["before"]["databases"] == ["db"]
    assert api_writes(sim, mark) == []
    assert [s["name"] for s in live_subscriptions(sim)] == ["kept"]
    # --diff renders the differing field in the play output
    assert "+++ after" in rename.stdout and '"name": "renamed"' in rename.stdout


def test_delete_refuses_while_databases_exist_naming_them(sim, run_playbook):
    subscription_id = create_directly(sim, "busy")
    mark = request_mark(sim)

    run = run_playbook(MANAGE, {"subscription_name": "busy", "subscription_state": "absent"})

    assert run.rc != 0
    result = run.task(MANAGE_TASK)
    database_id = live_subscriptions(sim, "busy")[0]["database_ids"][0]
    assert f"db ({database_id})" in result["msg"] and "delete_databases" in result["msg"]
    assert result["failure"]["error_type"] == "SUBSCRIPTION_IN_USE"
    assert result["subscription_id"] == subscription_id
    assert api_writes(sim, mark) == []


def test_delete_with_its_databases_then_absent_again(sim, run_playbook):
    subscription_id = create_directly(sim, "doomed")
    database_id = live_subscriptions(sim, "doomed")[0]["database_ids"][0]
    mark = request_mark(sim)

    run = run_playbook("subscription_absent_twice.yml", {"subscription_name": "doomed"})

    assert run.rc == 0, run.stdout + run.stderr
    first, second = run.task("Delete the subscription"), run.task("Delete it again")
    assert first["changed"] is True and second["changed"] is False
    assert first["subscription"] is None
    writes = [(entry["method"], entry["path"]) for entry in api_writes(sim, mark)]
    assert writes == [
        ("DELETE", f"/v1/subscriptions/{subscription_id}/databases/{database_id}"),
        ("DELETE", f"/v1/subscriptions/{subscription_id}"),
    ]
    state = sim.state()
    assert [s["deleted"] for s in state["subscriptions"]] == [True]
    assert [d["deleted"] for d in state["databases"]] == [True]


def test_two_subscriptions_with_the_name_fail_listing_their_ids(sim, run_playbook):
    first, second = create_directly(sim, "twin"), create_directly(sim, "twin")
    mark = request_mark(sim)

    run = run_playbook(MANAGE, plan("twin"))

    assert run.rc != 0
    message = run.task(MANAGE_TASK)["msg"]
    assert f"ids: {first}, {second}" in message and "subscription_id" in message
    assert api_writes(sim, mark) == []


@pytest.mark.core_smoke
def test_wait_false_returns_the_task_and_task_info_joins_it(sim, run_playbook):
    names = ["tenant-a", "tenant-b"]

    run = run_playbook("subscription_wait_false_join.yml", {"subscription_names": names})

    assert run.rc == 0, run.stdout + run.stderr
    started = run.task("Start the creates")["results"]
    assert all(item["changed"] and item["task_id"] and item["subscription"] is None for item in started)
    joined = run.task("Join the tasks")
    assert [task["taskId"] for task in joined["tasks"]] == [item["task_id"] for item in started]
    assert all(task["status"] == "processing-completed" for task in joined["tasks"])
    ids_by_name = {s["name"]: s["id"] for s in live_subscriptions(sim)}
    assert joined["resource_ids"] == [ids_by_name[name] for name in names]
