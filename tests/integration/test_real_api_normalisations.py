"""Issue 16: ordinary plays against what the live API reads back after its own normalisation.

The simulator plays each rule by default (tests/simulator/README.md, docs/dev/normalisation-evidence.md):
a Redis 8 database lists every bundled module, a 12-hourly backup at an afternoon hour reads back the
morning hour, replica sources read back as ``replicaOf.endpoints``, a new subscription reads active
before its creation plan's databases are listed. Every re-run of an ordinary play must be ``ok`` and
send nothing; no run may create a second database.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pytest
from conftest import reset
from database_helpers import checked_runner, databases_path, live_databases
from harness import PlaybookRun, PlaybookRunner, SimulatorProcess
from subscription_helpers import MANAGE, api_writes, create_directly, plan
from waiting import wait_for

RERUN = "real_api_databases_rerun.yml"
PLAN_DATABASE = "real_api_plan_database.yml"
PLAN_DATABASE_DIRECT = "real_api_plan_database_direct.yml"
CHECK_MODE_STACK = "real_api_check_mode_stack.yml"
# Long enough that the module runs while the plan's databases are not listed (200 sim s per real second).
PLAN_LISTED_LATE = {"creation_plan_listed_after_active_seconds": 1600}


def creates_named(sim: SimulatorProcess, subscription_id: int, name: str) -> list[dict[str, Any]]:
    return [entry for entry in api_writes(sim) if (entry["method"], entry["path"]) == ("POST", databases_path(subscription_id))
            and (entry.get("body") or {}).get("name") == name]


@dataclass
class Recorded:
    """One play's run, and what the simulator held right after it (other tests may reset the simulator later)."""

    run: PlaybookRun
    subscription_id: int
    databases: dict[str, dict[str, Any]]
    writes: list[tuple[str, str]]

    def writes_to(self, name: str) -> list[tuple[str, str]]:
        path = databases_path(self.subscription_id, self.databases[name]["id"])
        return [(method, where) for method, where in self.writes if where.startswith(path)]


@pytest.fixture(scope="module")
def rerun(simulator_process: SimulatorProcess) -> Recorded:
    """One play, many cases: each database is made (or changed), then the same task runs again."""
    sim = reset(simulator_process)
    subscription_id = create_directly(sim, "normalised")
    run = checked_runner(sim, PlaybookRunner(sim).run)(RERUN, {"subscription_id": subscription_id}, diff=True)
    assert run.rc == 0, run.stdout + run.stderr
    databases = {database["name"]: database for database in live_databases(sim, subscription_id)}
    return Recorded(run, subscription_id, databases, [(entry["method"], entry["path"]) for entry in api_writes(sim)])


class TestRerunsAreOk:
    def test_a_redis_8_database_with_modules_re_runs_ok(self, rerun):
        run = rerun.run
        assert run.task("A Redis 8 database with one module (the API lists every bundled one)")["changed"] is True
        again = run.task("The Redis 8 database again")
        assert again["changed"] is False, again
        # The API reported the four bundled modules, and the module asked only for one of them.
        assert {module["name"] for module in again["database"]["modules"]} >= {"RediSearch", "RedisJSON", "RedisBloom", "RedisTimeSeries"}
        assert rerun.writes_to("redis8") == []  # no PUT, no upgrade: only the create POST (on the list path)

    def test_an_upgrade_from_7_4_to_8_then_a_re_run(self, rerun):
        run = rerun.run
        assert run.task("Upgraded to Redis 8.2")["changed"] is True
        assert run.task("The upgraded database again")["changed"] is False
        upgraded = rerun.databases["upgraded"]
        assert rerun.writes_to("upgraded") == [("POST", databases_path(rerun.subscription_id, upgraded["id"], "/upgrade"))]

    def test_an_afternoon_12_hourly_backup_re_runs_ok(self, rerun):
        run = rerun.run
        created = run.task("A 12-hourly backup at an afternoon hour")
        assert created["changed"] is True
        assert created["database"]["backup"]["timeUTC"] == "02:00"  # what the API reads back
        assert run.task("The backup again (it reads back the morning hour)")["changed"] is False
        assert rerun.writes_to("backedup") == []

    def test_replica_sources_are_compared_as_the_api_reports_them(self, rerun):
        run = rerun.run
        assert run.task("A replica of two sources")["database"]["replicaOf"]["endpoints"]
        again = run.task("The replica again (its sources read back as replicaOf endpoints)")
        assert again["changed"] is False
        # What the API never reads back is said, not silently taken as ok.
        assert any("replica.sync_sources[].encryption cannot be verified" in warning for warning in again.get("warnings", []))
        changed = run.task("The replica with another source")
        assert changed["changed"] is True
        assert changed["diff"]["after"]["replica"]["sync_sources"][0]["endpoint"] == "redis://10.0.0.7:6379"
        replica = rerun.databases["replica"]
        assert rerun.writes_to("replica") == [("PUT", databases_path(rerun.subscription_id, replica["id"]))]

    def test_the_endpoints_of_every_database_are_one_fact_keyed_by_name(self, rerun):
        endpoints = rerun.run.task("The facts after them all")["redis_cloud_database_endpoints"]
        listed = rerun.databases
        assert set(endpoints) == set(listed) == {"db", "redis8", "upgraded", "backedup", "replica"}
        for name, entry in endpoints.items():
            assert entry["database_id"] == listed[name]["id"] and entry["public_endpoint"].endswith(f":{listed[name]['port']}")
            assert "password" not in repr(entry)


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

    def test_the_database_module_itself_waits_for_the_plan_databases(self, sim, play):
        sim.configure(**PLAN_LISTED_LATE)
        task_id = sim.api("POST", "/subscriptions", {
            "name": "young", "paymentMethod": "marketplace", "cloudProviders": [{"regions": [{"region": "us-east-1"}]}],
            "databases": [{"name": "cache", "protocol": "redis", "datasetSizeInGb": 1}]}).json()["taskId"]
        subscription_id = wait_for(lambda: next((task["response"].get("resourceId") for task in sim.state()["tasks"]
                                                 if task["taskId"] == task_id and task["status"] == "processing-completed"), None),
                                   "the subscription's create task")
        while sim.api("GET", f"/subscriptions/{subscription_id}").json().get("status") != "active":
            time.sleep(0.25)  # a few real seconds: the subscription turns active, its plan not yet listed
        assert sim.api("GET", f"/subscriptions/{subscription_id}/databases").status_code == 404

        run = play(PLAN_DATABASE_DIRECT, {"subscription_id": subscription_id})

        assert run.rc == 0, run.stdout + run.stderr
        managed = run.task("Manage the plan's database by name")
        [cache] = live_databases(sim, subscription_id, "cache")
        assert (managed["changed"], managed["database_id"]) == (False, cache["id"])
        assert creates_named(sim, subscription_id, "cache") == []
        assert any(entry["status"].endswith("listed") for entry in managed["timeline"] if entry["what"].startswith("databases of"))


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
