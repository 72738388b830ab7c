"""Issue 16: ordinary plays against what the live API reads back after its own normalisation.

The simulator plays each rule by default (tests/simulator/README.md, docs/dev/normalisation-evidence.md):
a Redis 8 database lists every bundled module, a 12-hourly backup at an afternoon hour reads back the
morning hour, replica sources read back as ``replicaOf.endpoints``, a new subscription reads active
before its creation plan's databases are listed. Every re-run of an ordinary play must be ``ok`` and
send nothing; no run may create a second database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from conftest import reset
from database_helpers import checked_runner, databases_path, live_databases
from harness import PlaybookRun, PlaybookRunner, SimulatorProcess
from subscription_helpers import api_writes, create_directly

RERUN = "real_api_databases_rerun.yml"


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
