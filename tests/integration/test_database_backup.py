"""redis_cloud_database_backup against the simulator: a backup waited to success, a failed one with its reason, check
mode sending nothing, the refusals explained, an Essentials database.

One play holds every case (tasks with ignore_errors and register); the tests assert each on the recorded results.
"""

from __future__ import annotations

from typing import Any

import pytest
from database_helpers import checked_runner, create_database_directly, creation_plan_database, databases_path, writes
from harness import PlaybookRunner, SimulatorProcess
from operations_helpers import create_essentials_database
from subscription_helpers import create_directly, request_mark

PLAY = "database_backup.yml"
REMOTE_BACKUP = {"active": True, "interval": "every-12-hours", "storageType": "aws-s3", "storagePath": "s3://backups/orders"}
REASON = "storage-access-denied"
BACKUP_PATH = "ftp://ftp-user7:Ft9-pass%40word@ftp.example.com/orders"


@pytest.fixture(scope="module")
def played(simulator_process: SimulatorProcess) -> dict[str, Any]:
    """The play's run and the writes it sent, kept: other tests on this worker reset the simulator afterwards."""
    sim = simulator_process
    sim.configure(**sim.default_config)  # type: ignore[attr-defined]
    sim.reset()
    subscription_id = create_directly(sim, "backups")
    configured = create_database_directly(sim, subscription_id, "configured", remoteBackup=REMOTE_BACKUP)
    failing = create_database_directly(sim, subscription_id, "failing", remoteBackup=REMOTE_BACKUP)
    unconfigured = creation_plan_database(sim, subscription_id)["id"]
    essentials_subscription_id, essentials_database_id = create_essentials_database(sim, periodicBackupPath="s3://essentials/cache")
    # A backup runs 6 real seconds (1200 sim s at speed 200): long enough for a status read to see it running.
    fault = {"kind": "backup_failure", "failure_reason": REASON, "method": "POST",
             "path": f"/v1/subscriptions/{subscription_id}/databases/{failing}/backup", "count": 1}
    sim.configure(backup_seconds=1200, faults=[fault])
    mark = request_mark(sim)
    run = checked_runner(sim, PlaybookRunner(sim).run)(PLAY, {
        "subscription_id": subscription_id, "configured_id": configured, "failing_id": failing, "unconfigured_id": unconfigured,
        "backup_path": BACKUP_PATH, "essentials_subscription_id": essentials_subscription_id,
        "essentials_database_id": essentials_database_id})
    assert run.rc == 0, run.stdout[-3000:]  # the failing cases are ignored (ignore_errors)
    return {"run": run, "writes": writes(sim, mark), "subscription_id": subscription_id, "configured": configured, "failing": failing,
            "unconfigured": unconfigured, "essentials": (essentials_subscription_id, essentials_database_id)}


def backups_sent(played: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(entry["path"], entry["body"]) for entry in played["writes"] if entry["path"].endswith("/backup")]


def test_check_mode_reads_the_database_and_sends_nothing(played):
    result = played["run"].task("Check mode sends nothing")
    path = databases_path(played["subscription_id"], played["configured"], "/backup").removeprefix("/v1")
    assert result["changed"] is True and result["task"] is None and result["backup_status"] is None
    assert result["request"] == {"method": "POST", "path": path, "body": None}
    sent = backups_sent(played)
    # The first backup sent is the next case's: check mode sent none.
    assert sent[0] == (databases_path(played["subscription_id"], played["configured"], "/backup"), None)


def test_a_backup_is_waited_until_success(played):
    result = played["run"].task("Back up to the configured destination")
    assert played["run"].status("Back up to the configured destination") == "ok" and result["changed"] is True
    assert result["backup_status"]["status"] == "success" and result["backup_status"]["lastBackupTime"]
    assert result["task"]["commandType"] == "databaseBackupRequest" and result["task"]["status"] == "processing-completed"
    assert result["task"]["response"]["resourceId"] == played["configured"]
    statuses = [entry["status"] for entry in result["timeline"] if entry["what"].startswith("backup of database")]
    assert statuses[-1] == "success" and "exporting" in statuses, result["timeline"]


def test_a_failed_backup_fails_with_its_reason(played):
    result = played["run"].task("A backup that fails")
    assert played["run"].status("A backup that fails") == "failed" and result["changed"] is True
    assert f"The backup of database {played['failing']} failed: {REASON}" in result["msg"]
    assert result["backup_status"]["status"] == "failed" and result["backup_status"]["failureReason"] == REASON
    assert result["failure"]["last_status"] == "failed" and result["task_id"] == result["task"]["taskId"]


def test_no_destination_fails_saying_what_to_configure(played):
    result = played["run"].task("No destination configured")
    assert played["run"].status("No destination configured") == "failed" and result["failure"]["error_type"] == "DATABASE_BACKUP_NOT_CONFIGURED"
    assert "configure its backup destination (remote_backup" in result["msg"] and "or pass backup_path" in result["msg"]


def test_an_adhoc_path_is_sent_and_never_shown(played):
    adhoc = played["run"].task("An ad-hoc path, without waiting")
    assert adhoc["changed"] is True and adhoc["backup_status"] is None and adhoc["task"]["status"] == "processing-completed"
    assert adhoc["request"]["body"] == {"adhocBackupPath": "ftp://********@ftp.example.com/orders"}
    path = databases_path(played["subscription_id"], played["unconfigured"], "/backup")
    # The simulator's log masks the user-info too: the body sent carried the path.
    assert (path, {"adhocBackupPath": "ftp://****@ftp.example.com/orders"}) in backups_sent(played)
    for secret in ("ftp-user7:Ft9-pass%40word", "Ft9-pass%40word", "Ft9-pass@word"):
        assert secret not in played["run"].all_output


def test_a_status_read_refused_because_backups_are_off_says_so(played):
    name = "An ad-hoc path, waited for on a database whose backups are off"
    result = played["run"].task(name)
    assert played["run"].status(name) == "failed" and result["failure"]["error_type"] == "DATABASE_BACKUP_DISABLED"
    assert "pass backup_path with wait=false" in result["msg"]
    assert result["task"]["commandType"] == "databaseBackupRequest"  # the backup itself ran; its status cannot be read


def test_an_essentials_database_is_backed_up_under_fixed(played):
    result = played["run"].task("An Essentials database")
    subscription_id, database_id = played["essentials"]
    assert result["backup_status"]["status"] == "success"
    assert result["request"]["path"] == f"/fixed/subscriptions/{subscription_id}/databases/{database_id}/backup"


def test_a_pro_id_under_essentials_is_not_found_and_nothing_is_sent(played):
    result = played["run"].task("A Pro id under plan_type essentials")
    assert played["run"].status("A Pro id under plan_type essentials") == "failed" and "was not found in Essentials subscription" in result["msg"]
    assert all("/fixed/" not in path or path.startswith(f"/v1/fixed/subscriptions/{played['essentials'][0]}/")
               for path, _body in backups_sent(played))
