"""redis_cloud_database_import against the simulator: refused without overwrite (no request sent, in check mode too),
run with it and waited through the subscription's pending time, a failed import with its reason, a source URI with
credentials searched for in every output in every form, the statuses read back by redis_cloud_database_info.

One play holds every case (tasks with ignore_errors and register); the tests assert each on the recorded results.
"""

from __future__ import annotations

from typing import Any

import pytest
from database_helpers import checked_runner, create_database_directly, creation_plan_database, databases_path, writes
from harness import PlaybookRunner, SimulatorProcess
from operations_helpers import assert_no_secret_in_any_form
from subscription_helpers import create_directly, request_mark

PLAY = "database_import.yml"
# Credentials with characters that JSON-escaping and URL-encoding change (/ + \ " and @).
ACCESS_KEY = "AKIAIMPORTKEY4242"
SECRET_KEY = 'wJalr/XUtn+FEMI\\K7"MDENG@x'
SOURCE_URI = f"s3://{ACCESS_KEY}:{SECRET_KEY}@datasets/orders.rdb"
REDIS_PASSWORD = "Redis-Source-Pa55"
REDIS_SOURCE_URI = f"redis://:{REDIS_PASSWORD}@redis-12000.example.com:12000"
REASON, PARAMS = "download-error", [{"key": "http_status", "value": "403"}]


@pytest.fixture(scope="module")
def played(simulator_process: SimulatorProcess) -> dict[str, Any]:
    """The play's run and the writes it sent, kept: other tests on this worker reset the simulator afterwards."""
    sim = simulator_process
    sim.configure(**sim.default_config)  # type: ignore[attr-defined]
    sim.reset()
    subscription_id = create_directly(sim, "imports")
    database_id = creation_plan_database(sim, subscription_id)["id"]
    failing = create_database_directly(sim, subscription_id, "failing")
    # An import runs 6 real seconds (1200 sim s at speed 200): the status reads meet the subscription it holds pending.
    sim.configure(import_seconds=1200, faults=[{"kind": "import_failure", "failure_reason": REASON, "failure_params": PARAMS,
                                                "method": "POST", "path": databases_path(subscription_id, failing, "/import"), "count": 1}])
    mark = request_mark(sim)
    run = checked_runner(sim, PlaybookRunner(sim).run)(PLAY, {
        "subscription_id": subscription_id, "database_id": database_id, "failing_id": failing,
        "source_uri": SOURCE_URI, "redis_source_uri": REDIS_SOURCE_URI})
    assert run.rc == 0, run.stdout[-3000:]  # the failing cases are ignored (ignore_errors)
    return {"run": run, "writes": writes(sim, mark), "state": sim.state(), "subscription_id": subscription_id,
            "database_id": database_id, "failing": failing}


def imports_sent(played: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(entry["path"], entry["body"]) for entry in played["writes"] if entry["path"].endswith("/import")]


def case(played: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
    return played["run"].status(name), played["run"].task(name)


def test_without_overwrite_the_import_is_refused_and_nothing_is_sent(played):
    for name in ("Without overwrite", "Without overwrite, in check mode"):
        status, result = case(played, name)
        assert status == "failed", name
        assert f"an import REPLACES ALL DATA in database {played['database_id']}: set overwrite=true" in result["msg"]
        assert "Nothing was sent" in result["msg"]
    # The first import sent is the one run with overwrite: the refused cases, and check mode, sent none.
    assert [path for path, _body in imports_sent(played)] == [
        databases_path(played["subscription_id"], played["database_id"], "/import"),
        databases_path(played["subscription_id"], played["failing"], "/import")]


def test_a_uri_of_another_source_type_is_refused_before_anything_is_sent(played):
    status, result = case(played, "A URI of another source type")
    assert status == "failed" and "import_from_uri[0] must start with gs:// for source_type google-blob-storage" in result["msg"]


def test_check_mode_with_overwrite_reads_and_sends_nothing_showing_the_uri_masked(played):
    status, result = case(played, "With overwrite, in check mode")
    assert status == "ok" and result["changed"] is True and result["task"] is None
    assert result["request"]["body"] == {"sourceType": "aws-s3", "importFromUri": ["s3://********@datasets/orders.rdb"]}


def test_with_overwrite_the_import_runs_and_is_waited_through_the_pending_subscription(played):
    status, result = case(played, "With overwrite")
    assert status == "ok" and result["changed"] is True
    assert result["import_status"]["status"] == "succeeded" and result["import_status"]["lastImportTime"]
    assert result["task"]["commandType"] == "databaseImportRequest" and result["task"]["status"] == "processing-completed"
    statuses = [entry["status"] for entry in result["timeline"] if entry["what"].startswith("import of database")]
    # While the import runs the subscription is pending and the status read is refused: read again, until final.
    assert statuses[0] == "busy" and statuses[-1] == "succeeded", result["timeline"]
    [(path, body), _failing] = imports_sent(played)
    assert body == {"sourceType": "aws-s3", "importFromUri": ["s3://****@datasets/orders.rdb"]}  # the simulator's log masks it


def test_a_failed_import_fails_with_its_reason_and_parameters(played):
    status, result = case(played, "An import that fails")
    assert status == "failed" and result["changed"] is True
    assert f"The import into database {played['failing']} failed: {REASON} (http_status=403)" in result["msg"]
    assert result["import_status"]["failureReasonParams"] == PARAMS and result["failure"]["last_status"] == "failed"


def test_the_source_credentials_appear_nowhere_in_any_form(played):
    run = played["run"]
    assert_no_secret_in_any_form(run, [SOURCE_URI, SECRET_KEY, f"{ACCESS_KEY}:{SECRET_KEY}", REDIS_SOURCE_URI, REDIS_PASSWORD])
    for record in played["state"]["imports"]:
        assert SECRET_KEY not in str(record) and REDIS_PASSWORD not in str(record)


def test_the_info_module_reads_both_statuses_on_request(played):
    status, result = case(played, "Read the statuses")
    [database] = result["databases"]
    assert status == "ok" and database["import_status"]["status"] == "succeeded"
    assert database["backup_status"] == {"error": {"type": "DATABASE_BACKUP_DISABLED", "description": "Database backup is disabled"}}
    assert result["database"]["import_status"] == database["import_status"]
