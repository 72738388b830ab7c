# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Database backup and import: lifecycles, status reads through tasks, refusals, failures, credential masking,
and the Essentials (fixed) routes' 404 (test_essentials_operations.py plays the rest of them)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from conftest import TEST_CONFIG, Api
from redis_cloud_simulator import operations_targets
from task_reads import completed, http_error, task_error

BACKUP = 30.0
IMPORT = 50.0
ISO = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"
REMOTE_BACKUP = {"active": True, "interval": "every-12-hours", "storageType": "aws-s3", "storagePath": "s3://backups/orders"}
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


@pytest.fixture
def api(start_api: Callable[..., Api]) -> Api:
    return start_api(backup_seconds=BACKUP, import_seconds=IMPORT)


def _database(api: Api, subscription_id: int, **overrides: Any) -> int:
    """A new active database (POST, then the clock runs until it and its subscription are active)."""
    body = {"name": "orders", "datasetSizeInGb": 1, "throughputMeasurement": {"by": "operations-per-second", "value": 1000},
            **overrides}
    database_id = completed(api, api.post(f"/subscriptions/{subscription_id}/databases", body), 202,
                            "databaseCreateRequest")["resourceId"]
    api.wait(TEST_CONFIG["database_provisioning_seconds"])
    return database_id


def _path(subscription_id: int, database_id: int, operation: str) -> str:
    return f"/subscriptions/{subscription_id}/databases/{database_id}/{operation}"


def _status(api: Api, path: str, command_type: str) -> dict[str, Any]:
    return completed(api, api.get(path), 200, command_type)


def test_backup_to_the_configured_path_runs_then_succeeds(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    database_id = _database(api, subscription_id, remoteBackup=REMOTE_BACKUP)
    path = _path(subscription_id, database_id, "backup")
    never = {"resourceId": database_id, "additionalResourceId": subscription_id, "resource": {}}
    assert _status(api, path, "databaseBackupStatusRequest") == never
    started = completed(api, api.post(path, None), 200, "databaseBackupRequest")
    assert started == {"resourceId": database_id, "additionalResourceId": subscription_id}
    assert _status(api, path, "databaseBackupStatusRequest")["resource"] == {"status": "exporting"}
    api.wait(BACKUP)
    done = _status(api, path, "databaseBackupStatusRequest")["resource"]
    assert done.pop("status") == "success" and re.fullmatch(ISO, done.pop("lastBackupTime")) and done == {}
    assert api.get(f"/subscriptions/{subscription_id}/databases/{database_id}").json()["status"] == "active"


def test_a_database_without_backup_refuses_backup_and_its_status(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    [database_id] = api.database_ids(subscription_id)
    path = _path(subscription_id, database_id, "backup")
    error = task_error(api, api.post(path, {}), 200, "databaseBackupRequest")
    assert (error["type"], error["status"]) == ("DATABASE_BACKUP_NOT_CONFIGURED", "400 BAD_REQUEST")
    assert task_error(api, api.get(path), 200, "databaseBackupStatusRequest") == {
        "type": "DATABASE_BACKUP_DISABLED", "status": "400 BAD_REQUEST", "description": "Database backup is disabled"}
    # An ad-hoc backup is taken, yet the status still reads disabled (the harsher reading).
    completed(api, api.post(path, {"adhocBackupPath": "gs://adhoc/orders"}), 200, "databaseBackupRequest")
    assert task_error(api, api.get(path), 200, "databaseBackupStatusRequest")["type"] == "DATABASE_BACKUP_DISABLED"


def test_backup_failure_injected_by_a_fault(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    database_id = _database(api, subscription_id, remoteBackup=REMOTE_BACKUP)
    api.configure(faults=[{"kind": "backup_failure", "failure_reason": "storage-quota-exceeded", "count": 1}])
    path = _path(subscription_id, database_id, "backup")
    completed(api, api.post(path, None), 200, "databaseBackupRequest")
    api.wait(BACKUP)
    failed = _status(api, path, "databaseBackupStatusRequest")["resource"]
    assert (failed["status"], failed["failureReason"]) == ("failed", "storage-quota-exceeded")
    completed(api, api.post(path, None), 200, "databaseBackupRequest")  # the fault fired once
    api.wait(BACKUP)
    assert _status(api, path, "databaseBackupStatusRequest")["resource"]["status"] == "success"


def test_backup_paths_and_region_names_are_checked(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    database_id = _database(api, subscription_id, remoteBackup=REMOTE_BACKUP)
    path = _path(subscription_id, database_id, "backup")
    http_error(api.post(path, {"adhocBackupPath": "/local/dir"}), 400, "DATABASE_INVALID_BACKUP_PATH")
    http_error(api.post(path, {"path": "s3://x/y"}), 400, "UNRECOGNIZED_FIELD")
    error = task_error(api, api.post(path, {"regionName": "us-east-1"}), 200, "databaseBackupRequest")
    assert error["type"] == "BACKUP_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"
    error = task_error(api, api.get(path + "?regionName=us-east-1"), 200, "databaseBackupStatusRequest")
    assert error["type"] == "BACKUP_STATUS_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"
    assert api.post(_path(subscription_id, 999, "backup"), None).status_code == 404


def test_import_holds_the_database_and_subscription_then_succeeds(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    [database_id] = api.database_ids(subscription_id)
    path = _path(subscription_id, database_id, "import")
    assert _status(api, path, "databaseImportStatusRequest")["resource"] == {}
    body = {"sourceType": "aws-s3", "importFromUri": [f"s3://AKIAEXAMPLE:{SECRET}@bucket/dump.rdb.gz"]}
    started = completed(api, api.post(path, body), 200, "databaseImportRequest")
    assert started == {"resourceId": database_id, "additionalResourceId": subscription_id}
    assert api.get(f"/subscriptions/{subscription_id}/databases/{database_id}").json()["status"] == "import-pending"
    assert api.get(f"/subscriptions/{subscription_id}").json()["status"] == "pending"
    # Asking too early: the recorded refusal (RedisLabs/rediscloud-go-api TestGetLatestImportTooEarly).
    assert task_error(api, api.get(path), 200, "databaseImportStatusRequest") == {
        "type": "SUBSCRIPTION_NOT_ACTIVE", "status": "403 FORBIDDEN",
        "description": "Cannot preform any actions for subscription that is not in an active state"}
    api.wait(IMPORT)
    assert api.get(f"/subscriptions/{subscription_id}/databases/{database_id}").json()["status"] == "active"
    assert api.get(f"/subscriptions/{subscription_id}").json()["status"] == "active"
    done = _status(api, path, "databaseImportStatusRequest")["resource"]
    assert done.pop("status") == "succeeded" and re.fullmatch(ISO, done.pop("lastImportTime")) and done == {}


def test_import_can_read_importing_while_it_runs(start_api: Callable[..., Api]) -> None:
    api = start_api(import_seconds=IMPORT, import_running_read="importing")
    subscription_id = api.create_active_subscription()
    [database_id] = api.database_ids(subscription_id)
    path = _path(subscription_id, database_id, "import")
    completed(api, api.post(path, {"sourceType": "http", "importFromUri": ["https://dumps.example.com/a.rdb"]}), 200,
              "databaseImportRequest")
    assert api.get(f"/subscriptions/{subscription_id}").json()["status"] == "active"
    assert _status(api, path, "databaseImportStatusRequest")["resource"] == {"status": "importing"}


def test_import_failure_injected_by_a_fault(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    [database_id] = api.database_ids(subscription_id)
    params = [{"key": "bytes_configured_bdb_limit", "value": "1234"}]
    api.configure(faults=[{"kind": "import_failure", "failure_reason": "file-larger-than-mem-limit",
                           "failure_params": params, "count": 1}])
    path = _path(subscription_id, database_id, "import")
    completed(api, api.post(path, {"sourceType": "redis", "importFromUri": ["redis://:pw@source.example.com:12000"]}), 200,
              "databaseImportRequest")
    api.wait(IMPORT)
    failed = _status(api, path, "databaseImportStatusRequest")["resource"]
    assert re.fullmatch(ISO, failed.pop("lastImportTime"))
    assert failed == {"status": "failed", "failureReason": "file-larger-than-mem-limit", "failureReasonParams": params}
    assert api.get(f"/subscriptions/{subscription_id}/databases/{database_id}").json()["status"] == "active"


@pytest.mark.parametrize(("body", "error_type"), [
    ({"sourceType": "magic", "importFromUri": ["tinkerbell"]}, "DATABASE_INVALID_IMPORT_SOURCE_TYPE"),
    ({"sourceType": "aws-s3", "importFromUri": []}, "DATABASE_IMPORT_URI_NOT_PROVIDED"),
    ({"sourceType": "aws-s3", "importFromUri": ["s3://b/a.rdb", "s3://b/a.rdb"]}, "DUPLICATE_DATABASE_IMPORT_SOURCE_PATH"),
    ({"sourceType": "redis", "importFromUri": ["redis://a:1", "redis://b:2"]}, "DATABASE_IMPORT_MULTIPLE_REDIS_SOURCES"),
    ({"sourceType": "aws-s3", "importFromUri": [f"gs://key:{SECRET}@bucket/a.rdb"]}, "DATABASE_IMPORT_S3_BAD_URI"),
    ({"sourceType": "google-blob-storage", "importFromUri": ["s3://bucket/a.rdb"]}, "DATABASE_IMPORT_GCS_BAD_URI"),
    ({"sourceType": "azure-blob-storage", "importFromUri": ["https://acct/a.rdb"]}, "DATABASE_IMPORT_AZURE_BAD_URI"),
    ({"sourceType": "ftp", "importFromUri": ["sftp://host/a.rdb"]}, "DATABASE_IMPORT_FTP_BAD_URI"),
    ({"sourceType": "http", "importFromUri": ["ftp://host/a.rdb"]}, "DATABASE_IMPORT_HTTP_BAD_URI"),
    ({"sourceType": "redis", "importFromUri": [f"redis://:{SECRET}@host"]}, "DATABASE_IMPORT_REDIS_BAD_URI"),
    ({"sourceType": "redis"}, "BAD_REQUEST"),
])
def test_malformed_imports_are_refused_without_echoing_secrets(api: Api, body: dict[str, Any], error_type: str) -> None:
    subscription_id = api.create_active_subscription()
    [database_id] = api.database_ids(subscription_id)
    description = http_error(api.post(_path(subscription_id, database_id, "import"), body), 400, error_type)
    assert SECRET not in description


def test_import_on_a_pending_subscription_is_a_database_write_refusal(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    [first] = api.database_ids(subscription_id)
    completed(api, api.post(f"/subscriptions/{subscription_id}/databases", {
        "name": "second", "datasetSizeInGb": 1, "throughputMeasurement": {"by": "operations-per-second", "value": 1000}}),
        202, "databaseCreateRequest")  # keeps the subscription pending while it provisions
    error = task_error(api, api.post(_path(subscription_id, first, "import"),
                                     {"sourceType": "aws-s3", "importFromUri": ["s3://b/a.rdb"]}), 200, "databaseImportRequest")
    assert error["type"] == "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS"


def test_request_log_and_state_never_show_uri_credentials(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    database_id = _database(api, subscription_id, remoteBackup=REMOTE_BACKUP)
    uris = [f"s3://AKIAEXAMPLE:{SECRET}@bucket/dump-1.rdb", f"s3://AKIAEXAMPLE:{SECRET}@bucket/dump-2.rdb"]
    completed(api, api.post(_path(subscription_id, database_id, "import"), {"sourceType": "aws-s3", "importFromUri": uris}),
              200, "databaseImportRequest")
    api.wait(IMPORT)
    adhoc = f"ftp://backup-user:{SECRET}@ftp.example.com/orders"
    completed(api, api.post(_path(subscription_id, database_id, "backup"), {"adhocBackupPath": adhoc}), 200, "databaseBackupRequest")
    logged = api.control("GET", "requests")["requests"]
    state = api.control("GET", "state")
    for shown in (json.dumps(logged), json.dumps(state)):
        assert SECRET not in shown and "AKIAEXAMPLE" not in shown and "backup-user" not in shown
    [import_post] = [entry for entry in logged if entry["method"] == "POST" and entry["path"].endswith("/import")]
    assert import_post["body"] == {"sourceType": "aws-s3", "importFromUri": ["s3://****@bucket/dump-1.rdb", "s3://****@bucket/dump-2.rdb"]}
    assert [record["uris"] for record in state["imports"]] == [import_post["body"]["importFromUri"]]
    assert [record["path"] for record in state["backups"]] == ["ftp://****@ftp.example.com/orders"]


def test_fixed_routes_answer_404_for_an_essentials_database_that_does_not_exist(api: Api) -> None:
    assert operations_targets.FIXED_DATABASE_LOOKUP is not None  # the simulator's Essentials state is plugged in
    for method, operation in (("GET", "backup"), ("POST", "backup"), ("GET", "import"), ("POST", "import")):
        answer = api.request(method, f"/fixed/subscriptions/3/databases/7/{operation}", {} if method == "POST" else None)
        assert answer.status_code == 404, (method, operation)


def test_status_reads_fail_in_their_task_even_when_writes_are_refused_at_once(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    [database_id] = api.database_ids(subscription_id)
    path = _path(subscription_id, database_id, "import")
    completed(api, api.post(path, {"sourceType": "aws-s3", "importFromUri": ["s3://b/a.rdb"]}), 200, "databaseImportRequest")
    api.configure(not_active_error="http")
    http_error(api.post(path, {"sourceType": "aws-s3", "importFromUri": ["s3://b/b.rdb"]}), 400,
               "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS")
    http_error(api.post(_path(subscription_id, database_id, "backup"), {"adhocBackupPath": "s3://b/x"}), 403, "SUBSCRIPTION_NOT_ACTIVE")
    assert task_error(api, api.get(path), 200, "databaseImportStatusRequest")["type"] == "SUBSCRIPTION_NOT_ACTIVE"
