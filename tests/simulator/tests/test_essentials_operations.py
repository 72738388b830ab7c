# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator's Essentials state plugged into backup, import and bulk loads (essentials_operations.connect)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

from conftest import Api
from essentials_helpers import FREE_PLAN, MULTI_DATABASE_PLAN, create_fixed_database, create_fixed_subscription, fixed_status
from task_reads import completed, http_error, task_error

BACKUP = 30.0
IMPORT = 50.0
BACKUP_PATH = "s3://essentials-backups/cache"


@pytest.fixture
def api(start_api: Callable[..., Api]) -> Api:
    return start_api(backup_seconds=BACKUP, import_seconds=IMPORT)


def _load(api: Api, body: dict[str, Any]) -> requests.Response:
    return requests.post(f"{api.root_url}/_simulator/bulk-load", json=body, timeout=30)


def _path(subscription_id: int, database_id: int, operation: str) -> str:
    return f"/fixed/subscriptions/{subscription_id}/databases/{database_id}/{operation}"


def test_a_backup_of_an_essentials_database_goes_to_its_periodic_backup_path(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    database_id = create_fixed_database(api, subscription_id, periodicBackupPath=BACKUP_PATH)
    path = _path(subscription_id, database_id, "backup")
    assert completed(api, api.get(path), 200, "databaseBackupStatusRequest")["resource"] == {}
    assert completed(api, api.post(path, None), 200, "databaseBackupRequest") == {
        "resourceId": database_id, "additionalResourceId": subscription_id}
    assert completed(api, api.get(path), 200, "databaseBackupStatusRequest")["resource"] == {"status": "exporting"}
    api.wait(BACKUP)
    done = completed(api, api.get(path), 200, "databaseBackupStatusRequest")["resource"]
    assert done["status"] == "success" and done["lastBackupTime"]
    assert fixed_status(api, subscription_id, database_id) == "active"


def test_an_essentials_database_without_a_backup_path_needs_an_adhoc_one(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    database_id = create_fixed_database(api, subscription_id)
    path = _path(subscription_id, database_id, "backup")
    assert task_error(api, api.post(path, None), 200, "databaseBackupRequest")["type"] == "DATABASE_BACKUP_NOT_CONFIGURED"
    assert task_error(api, api.get(path), 200, "databaseBackupStatusRequest")["type"] == "DATABASE_BACKUP_DISABLED"
    completed(api, api.post(path, {"adhocBackupPath": "gs://bucket/cache"}), 200, "databaseBackupRequest")
    http_error(api.post(path, {"adhocBackupPath": "/tmp/cache"}), 400, "DATABASE_INVALID_BACKUP_PATH")


def test_the_fixed_routes_take_the_fixed_schemas_and_refuse_reads_while_the_subscription_is_pending(api: Api) -> None:
    subscription_id = create_fixed_subscription(api, MULTI_DATABASE_PLAN)
    database_id = create_fixed_database(api, subscription_id, periodicBackupPath=BACKUP_PATH)
    http_error(api.post(_path(subscription_id, database_id, "backup"), {"regionName": "us-east-1"}), 400, "UNRECOGNIZED_FIELD")
    assert api.get(_path(subscription_id, database_id + 1, "backup")).status_code == 404
    # A second database settling makes the subscription pending (essentials_state): status reads fail in their task.
    api.finished_task(api.post(f"/fixed/subscriptions/{subscription_id}/databases", {"name": "second"}))
    assert fixed_status(api, subscription_id) == "pending"
    error = task_error(api, api.get(_path(subscription_id, database_id, "import")), 200, "databaseImportStatusRequest")
    assert error["type"] == "SUBSCRIPTION_NOT_ACTIVE"


def test_a_plan_without_backups_refuses_one(api: Api) -> None:
    subscription_id = create_fixed_subscription(api, FREE_PLAN)
    database_id = create_fixed_database(api, subscription_id)
    error = task_error(api, api.post(_path(subscription_id, database_id, "backup"), {"adhocBackupPath": BACKUP_PATH}), 200,
                       "databaseBackupRequest")
    assert error["type"] == "DATABASE_BACKUP_NOT_SUPPORTED"


def test_an_essentials_import_holds_the_database_not_its_subscription(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    database_id = create_fixed_database(api, subscription_id)
    path = _path(subscription_id, database_id, "import")
    assert completed(api, api.get(path), 200, "databaseImportStatusRequest")["resource"] == {}
    body = {"sourceType": "http", "importFromUri": ["https://example.com/dump.rdb"]}
    completed(api, api.post(path, body), 200, "databaseImportRequest")
    assert fixed_status(api, subscription_id, database_id) == "import-pending"
    assert fixed_status(api, subscription_id) == "active"
    # The recorded Essentials read of a running import: "importing" (Go client TestGetFixedLatestImport).
    assert completed(api, api.get(path), 200, "databaseImportStatusRequest")["resource"] == {"status": "importing"}
    update = api.put(f"/fixed/subscriptions/{subscription_id}/databases/{database_id}", {"name": "renamed"})
    assert task_error(api, update, 200, "fixedDatabaseUpdateRequest")["type"] == "DATABASE_NOT_ACTIVE"
    api.wait(IMPORT)
    done = completed(api, api.get(path), 200, "databaseImportStatusRequest")["resource"]
    assert done["status"] == "succeeded" and done["lastImportTime"]
    assert fixed_status(api, subscription_id, database_id) == "active"


def test_bulk_load_makes_active_essentials_subscriptions_of_active_databases(api: Api) -> None:
    answer = _load(api, {"essentials": {"subscriptions": 3, "databasesPerSubscription": 4}})
    assert answer.status_code == 200, answer.text
    ids = answer.json()["essentialsSubscriptionIds"]
    listed = api.get("/fixed/subscriptions").json()["subscriptions"]
    assert [(sub["id"], sub["name"], sub["status"], sub["planId"]) for sub in listed] == [
        (sub_id, f"essentials-{index + 1:05d}", "active", MULTI_DATABASE_PLAN) for index, sub_id in enumerate(ids)]
    page = api.get(f"/fixed/subscriptions/{ids[-1]}/databases").json()["subscription"]
    assert [(db["name"], db["status"]) for db in page["databases"]] == [(f"db-{n:03d}", "active") for n in range(1, 5)]
    assert all("password" not in db["security"] for db in page["databases"])  # the listing never carries it


def test_bulk_load_refuses_more_databases_than_a_plan_holds_and_loads_nothing(api: Api) -> None:
    answer = _load(api, {"subscriptions": 2, "databasesPerSubscription": 1,
                         "essentials": {"subscriptions": 1, "databasesPerSubscription": 5}})
    assert answer.status_code == 400 and "no Essentials plan holds more than 4" in answer.json()["error"]
    assert api.get("/fixed/subscriptions").json()["subscriptions"] == []
    assert api.get("/subscriptions").json()["subscriptions"] == []
