# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What backup, import and maintenance-window tasks do when they are processed.

commandTypes as recorded by RedisLabs/rediscloud-go-api: databaseBackupRequest, databaseImportRequest
(database_test.go), databaseBackupStatusRequest (latest_backups_test.go), databaseImportStatusRequest
(latest_imports_test.go), subscriptionMaintenanceWindowsUpdateRequest (maintenance_test.go).
The status reads answer {resourceId: database, additionalResourceId: subscription, resource: {...}} as the
fixtures do; a status read on a subscription that is not active ends SUBSCRIPTION_NOT_ACTIVE (TestGetLatestImportTooEarly).
"""

from __future__ import annotations

from typing import Any

from redis_cloud_simulator.lifecycle import NOT_ACTIVE_DESCRIPTION, Lifecycle, TaskError
from redis_cloud_simulator.operations_state import BackupRecord, DatabaseKey, ImportRecord
from redis_cloud_simulator.operations_targets import DatabaseTarget, find_target
from redis_cloud_simulator.uri_masking import mask_uri


def _key(payload: dict[str, Any]) -> DatabaseKey:
    return payload["kind"], payload["database_id"]


def _target(life: Lifecycle, payload: dict[str, Any], at: float) -> DatabaseTarget:
    target = find_target(payload["kind"], life.state, payload["subscription_id"], payload["database_id"], at)
    if target is None:
        raise TaskError(404, "DATABASE_NOT_FOUND", f"Database {payload['database_id']} was not found")
    if target.subscription_status != "active":
        raise TaskError(403, "SUBSCRIPTION_NOT_ACTIVE", NOT_ACTIVE_DESCRIPTION)
    return target


def _check_region(target: DatabaseTarget, region: str | None, status_read: bool) -> None:
    """regionName is for Active-Active databases only, and they need it (the spec's error codes)."""
    status = "_STATUS" if status_read else ""
    if target.deployment_type != "active-active":
        if region is not None:
            raise TaskError(400, f"BACKUP{status}_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION",
                            "regionName is for Active-Active databases only")
        return
    if region is None:
        raise TaskError(400, f"ACTIVE_ACTIVE_BACKUP{status}_MISSING_REGION_NAME", "An Active-Active database is backed up per region")
    if region not in target.regions:
        raise TaskError(400, f"ACTIVE_ACTIVE_INVALID_BACKUP{status}_REGION_NAME", f"regionName {region!r} is not a region of the subscription")


def _active_database(target: DatabaseTarget) -> None:
    if target.database_status != "active":
        raise TaskError(400, "DATABASE_NOT_ACTIVE", f"Database {target.database_id} is {target.database_status}: try again when it is active")


def _answer(target: DatabaseTarget, resource: dict[str, Any] | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {"resourceId": target.database_id, "additionalResourceId": target.subscription_id}
    return answer if resource is None else answer | {"resource": resource}


def backup_database(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    target = _target(life, payload, at)
    _check_region(target, payload.get("region"), status_read=False)
    _active_database(target)
    if not target.backup_supported:
        # The spec's code; which plans refuse, and how, is **evidence missing**: the plan's supportInstantAndDailyBackups.
        raise TaskError(400, "DATABASE_BACKUP_NOT_SUPPORTED", f"The plan of database {target.database_id} has no backups")
    path = payload.get("adhoc_path") or target.backup_path
    if path is None:
        raise TaskError(400, "DATABASE_BACKUP_NOT_CONFIGURED",
                        f"Database {target.database_id} has no backup path: set remoteBackup or pass adhocBackupPath")
    life.state.operations.backups[_key(payload)] = BackupRecord(at, at + life.settings["backup_seconds"], mask_uri(path),
                                                                payload.get("failure_reason"))
    return _answer(target)


def backup_status(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    """Never backed up: an empty resource (latest_backups_test.go TestGetLatestBackup); backup not configured:
    DATABASE_BACKUP_DISABLED (TestGetAALatestBackup), even after an ad-hoc backup (**not recorded**: the harsher reading)."""
    target = _target(life, payload, at)
    _check_region(target, payload.get("region"), status_read=True)
    if target.backup_path is None:
        raise TaskError(400, "DATABASE_BACKUP_DISABLED", "Database backup is disabled")
    record = life.state.operations.backups.get(_key(payload))
    return _answer(target, {} if record is None else record.resource_at(at, payload["iso"]))


def import_database(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    """A Pro database reads import-pending while the import runs; with import_running_read "subscription_not_active"
    (default) its subscription is pending meanwhile, as for any database change."""
    if payload["kind"] == "pro":
        # A database write: a pending subscription has its own refusal (database_commands).
        life.subscription_for_database_change(payload["subscription_id"])
    target = _target(life, payload, at)
    _active_database(target)
    ends_at = at + life.settings["import_seconds"]
    life.state.operations.imports[_key(payload)] = ImportRecord(
        at, ends_at, payload["source_type"], list(payload["uris"]), payload.get("failure_reason"),
        [dict(param) for param in payload.get("failure_params", [])])
    if payload["kind"] == "pro":
        database, sub = life.state.databases[target.database_id], life.state.subscriptions[target.subscription_id]
        database.status, database.settles_at, database.last_modified = "import-pending", ends_at, at
        if life.settings["import_running_read"] == "subscription_not_active":
            life.hold_subscription_pending(sub, ends_at)
    else:
        life.state.essentials.hold_importing(target.database_id, at, ends_at)
    return _answer(target)


def import_status(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    """Never imported: an empty resource (**not recorded**; as a database never backed up reads)."""
    target = _target(life, payload, at)
    record = life.state.operations.imports.get(_key(payload))
    return _answer(target, {} if record is None else record.resource_at(at, payload["iso"]))


def update_maintenance_windows(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    sub = life.active_subscription(payload["subscription_id"])
    windows = payload["windows"]
    if sub.plan.get("memoryStorage") == "ram-and-flash" and any(window["durationInHours"] < 8 for window in windows.get("windows", [])):
        # The spec: "Can be between 4-24 hours (or 8-24 hours if using 'ram-and-flash')".
        raise TaskError(400, "MAINTENANCE_WINDOW_INVALID_DURATION_FOR_ROF_SUBSCRIPTION",
                        "A ram-and-flash subscription's maintenance windows last 8 to 24 hours")
    life.state.operations.maintenance_windows[sub.subscription_id] = windows
    # Only the subscription's id (RedisLabs/rediscloud-go-api maintenance_test.go).
    return {"resourceId": sub.subscription_id}


HANDLERS = {
    "databaseBackupRequest": backup_database,
    "databaseBackupStatusRequest": backup_status,
    "databaseImportRequest": import_database,
    "databaseImportStatusRequest": import_status,
    "subscriptionMaintenanceWindowsUpdateRequest": update_maintenance_windows,
}
