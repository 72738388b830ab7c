"""Issue 16: ordinary plays that meet the creation plan's listing lag, a whole play in check mode, and a failed task's
additionalInfo, against the simulator's recorded behaviours (tests/simulator/README.md, docs/dev/normalisation-evidence.md).
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from database_helpers import databases_path, live_databases
from harness import SimulatorProcess
from subscription_helpers import MANAGE, api_writes, plan
from waiting import wait_for

PLAN_DATABASE = "real_api_plan_database.yml"
PLAN_DATABASE_DIRECT = "real_api_plan_database_direct.yml"
CHECK_MODE_STACK = "real_api_check_mode_stack.yml"
# Long enough that the module runs while the plan's databases are not listed (200 sim s per real second).
PLAN_LISTED_LATE = {"creation_plan_listed_after_active_seconds": 1600}


def creates_named(sim: SimulatorProcess, subscription_id: int, name: str) -> list[dict[str, Any]]:
    return [entry for entry in api_writes(sim) if (entry["method"], entry["path"]) == ("POST", databases_path(subscription_id))
            and (entry.get("body") or {}).get("name") == name]


class TestCreationPlan:
    def test_the_plan_database_managed_by_name_after_a_wait_false_create_is_never_created_again(self, sim, play):
        sim.configure(**PLAN_LISTED_LATE)

        run = play(PLAN_DATABASE)

        assert run.rc == 0, run.stdout + run.stderr
        subscription_id = run.task("Join its create task")["resource_id"]
        listed = run.task("Wait for its databases")
        [cache] = live_databases(sim, subscription_id, "cache")
        assert listed["database_ids"] == [cache["id"]]  # the info module waited for the plan's databases to be listed
        managed = run.task("Manage the plan's database by name")
        assert (managed["changed"], managed["database_id"]) == (False, cache["id"])
        assert creates_named(sim, subscription_id, "cache") == []

    @pytest.mark.long_running
    def test_the_database_module_waits_for_a_young_subscriptions_plan_databases(self, sim, play):
        # The play without the info step: the subscription is still provisioning when the module starts.
        sim.configure(subscription_provisioning_seconds=1600, **PLAN_LISTED_LATE)
        subscription_id = self.start_subscription(sim)

        run = play(PLAN_DATABASE_DIRECT, {"subscription_id": subscription_id})

        assert run.rc == 0, run.stdout + run.stderr
        managed = run.task("Manage the plan's database by name")
        [cache] = live_databases(sim, subscription_id, "cache")
        assert (managed["changed"], managed["database_id"]) == (False, cache["id"])
        assert creates_named(sim, subscription_id, "cache") == []
        waited = [entry["status"] for entry in managed["timeline"] if entry["what"] == f"databases of subscription {subscription_id}"]
        assert waited[0] == "0 listed" and waited[-1] == "1 listed"

    @pytest.mark.long_running
    def test_a_plan_database_not_listed_yet_on_an_active_subscription_is_adopted_never_duplicated(self, sim, play):
        # A subscription made elsewhere turned active just before: nothing tells the module it is young, so it sends
        # the create; the API refuses the name as taken, and the module adopts the database instead of failing.
        # (The plan is listed 20 s after the subscription turns active: after the module's two looks, 5 s apart.)
        sim.configure(creation_plan_listed_after_active_seconds=4000)
        subscription_id = self.start_subscription(sim)
        while sim.api("GET", f"/subscriptions/{subscription_id}").json().get("status") != "active":
            time.sleep(0.25)
        assert sim.api("GET", f"/subscriptions/{subscription_id}/databases").status_code == 404

        run = play(PLAN_DATABASE_DIRECT, {"subscription_id": subscription_id})

        assert run.rc == 0, run.stdout + run.stderr
        managed = run.task("Manage the plan's database by name")
        [cache] = live_databases(sim, subscription_id, "cache")
        assert (managed["changed"], managed["database_id"]) == (False, cache["id"])
        [refused] = creates_named(sim, subscription_id, "cache")
        assert [task["response"]["error"]["type"] for task in sim.state()["tasks"]
                if task["commandType"] == "databaseCreateRequest"] == ["DATABASE_NAME_EXISTS"]
        assert "exists: adopted" in [entry["status"] for entry in managed["timeline"]]

    @staticmethod
    def start_subscription(sim: SimulatorProcess) -> int:
        """A subscription with a plan database "cache", made through the API itself; its id once its create task completed."""
        task_id = sim.api("POST", "/subscriptions", {
            "name": "young", "paymentMethod": "marketplace", "cloudProviders": [{"regions": [{"region": "us-east-1"}]}],
            "databases": [{"name": "cache", "protocol": "redis", "datasetSizeInGb": 1}]}).json()["taskId"]
        return wait_for(lambda: next((task["response"].get("resourceId") for task in sim.state()["tasks"]
                                      if task["taskId"] == task_id and task["status"] == "processing-completed"), None),
                        "the subscription's create task")


@pytest.mark.core_smoke  # check mode and warnings: what ansible-core handles
def test_a_subscription_then_its_databases_run_to_the_end_in_check_mode(sim, play):
    run = play(CHECK_MODE_STACK, {"database_password": "Check-Mode-Pass-1234"}, check=True, diff=True)

    assert run.rc == 0, run.stdout + run.stderr
    assert run.task("The subscription")["changed"] is True and run.task("The subscription")["pricing"]
    database = run.task("A database in it")
    assert database["changed"] is True and database["database_id"] is None
    assert "subscription_id is not known yet" in " ".join(database["warnings"])
    assert database["diff"]["after"]["name"] == "orders" and database["diff"]["after"]["password"] == "********"
    assert run.task("Its databases")["databases"] == []
    nowhere = run.task("A region that does not exist")
    assert run.status("A region that does not exist") == "failed"
    assert "'us-east-99' is not one of the account's AWS regions (did you mean us-east-2 or us-east-1 or us-west-2?)" in nowhere["msg"]
    # Check mode sent one write only: the subscription's dry run.
    assert [(entry["method"], entry["path"], entry["body"].get("dryRun")) for entry in api_writes(sim)] == [
        ("POST", "/v1/subscriptions", True)]


def test_a_task_error_names_its_additional_info(sim, run_playbook):
    sim.configure(faults=[{"kind": "task_error", "method": "POST", "path": "/v1/subscriptions", "count": 1,
                           "error_type": "GENERAL_ERROR", "error_status": 500, "description": "General error occurred.",
                           "additional_info": "rcp-cannot-provision-without-plan"}])

    run = run_playbook(MANAGE, plan("unplanned"))

    assert run.rc != 0
    result = run.results[-1]["result"]
    assert "GENERAL_ERROR: General error occurred. (additional info: rcp-cannot-provision-without-plan)" in result["msg"]
    assert result["failure"]["description"] == "General error occurred. (additional info: rcp-cannot-provision-without-plan)"
