# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request body checks of backup, import and maintenance-window writes (HTTP 400 on failure).

The spec's schema first (validation.check_schema), then the rules that need no account state, with the
spec's error codes. Error descriptions never echo a URI's credentials (uri_masking).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from redis_cloud_simulator.errors import ApiError
from redis_cloud_simulator.uri_masking import mask_uri
from redis_cloud_simulator.validation import check_schema

# importFromUri formats per sourceType (redis/docs content/operate/rc/api/examples/back-up-and-import-data.md).
IMPORT_SCHEMES = {
    "aws-s3": (("s3",), "DATABASE_IMPORT_S3_BAD_URI"),
    "ftp": (("ftp", "ftps"), "DATABASE_IMPORT_FTP_BAD_URI"),
    "google-blob-storage": (("gs",), "DATABASE_IMPORT_GCS_BAD_URI"),
    "azure-blob-storage": (("abs",), "DATABASE_IMPORT_AZURE_BAD_URI"),
    "redis": (("redis", "rediss"), "DATABASE_IMPORT_REDIS_BAD_URI"),
    "http": (("http", "https"), "DATABASE_IMPORT_HTTP_BAD_URI"),
}
# Backup destinations: the storage types of DatabaseBackupConfig.storageType.
BACKUP_SCHEMES = ("s3", "gs", "abs", "ftp", "ftps")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_WINDOWS = 7


@dataclass(frozen=True)
class BackupRequest:
    adhoc_path: str | None
    region: str | None


def _host(uri: str) -> str | None:
    try:
        return urlsplit(uri).hostname
    except ValueError:
        return None


def check_backup_request(body: Any, fixed: bool) -> BackupRequest:
    """(Fixed)DatabaseBackupRequest; the body is optional (redis/docs: "The backup database API does not require a body")."""
    body = {} if body is None else body
    check_schema("FixedDatabaseBackupRequest" if fixed else "DatabaseBackupRequest", body)
    path = body.get("adhocBackupPath")
    if path is not None and (urlsplit(path).scheme not in BACKUP_SCHEMES or not _host(path)):
        raise ApiError(400, "DATABASE_INVALID_BACKUP_PATH",
                       f"adhocBackupPath {mask_uri(path)!r} must be a {', '.join(scheme + '://' for scheme in BACKUP_SCHEMES)} location")
    return BackupRequest(path, body.get("regionName"))


def check_import_request(body: Any, fixed: bool) -> tuple[str, list[str]]:
    """(Fixed)DatabaseImportRequest: a known sourceType and URIs in its format."""
    if isinstance(body, dict) and "sourceType" in body and body["sourceType"] not in IMPORT_SCHEMES:
        raise ApiError(400, "DATABASE_INVALID_IMPORT_SOURCE_TYPE",
                       f"sourceType {body['sourceType']!r} is not one of {', '.join(IMPORT_SCHEMES)}")
    check_schema("FixedDatabaseImportRequest" if fixed else "DatabaseImportRequest", body)
    source_type, uris = body["sourceType"], body["importFromUri"]
    if not uris:
        raise ApiError(400, "DATABASE_IMPORT_URI_NOT_PROVIDED", "importFromUri must list at least one URI")
    if len(set(uris)) != len(uris):
        raise ApiError(400, "DUPLICATE_DATABASE_IMPORT_SOURCE_PATH", "importFromUri lists a URI twice")
    if source_type == "redis" and len(uris) > 1:
        raise ApiError(400, "DATABASE_IMPORT_MULTIPLE_REDIS_SOURCES", "A redis import takes one source database")
    schemes, error_type = IMPORT_SCHEMES[source_type]
    for uri in uris:
        parts = urlsplit(uri)
        bad_port = False
        if source_type == "redis":
            try:
                bad_port = parts.port is None
            except ValueError:
                bad_port = True
        if parts.scheme.lower() not in schemes or not _host(uri) or bad_port:
            raise ApiError(400, error_type, f"{mask_uri(uri)!r} is not a {source_type} URI ({'://, '.join(schemes)}://...)")
    return source_type, list(uris)


def _check_window(index: int, window: dict[str, Any]) -> None:
    where = f"windows[{index}]"
    if not 0 <= window["startHour"] <= 23:
        raise ApiError(400, "MAINTENANCE_WINDOW_INVALID_START_HOUR", f"{where}.startHour must be between 0 and 23")
    if not 4 <= window["durationInHours"] <= 24:
        raise ApiError(400, "MAINTENANCE_WINDOW_INVALID_DURATION_IN_HOURS", f"{where}.durationInHours must be between 4 and 24")
    days = window["days"]
    if not days or any(day not in DAYS for day in days):
        raise ApiError(400, "MAINTENANCE_WINDOW_INVALID_DAYS", f"{where}.days must list some of {', '.join(DAYS)}")
    if len(set(days)) != len(days):
        raise ApiError(400, "MAINTENANCE_WINDOW_DUPLICATE_DAYS", f"{where}.days lists a day twice")


def check_maintenance_windows(body: Any) -> dict[str, Any]:
    """SubscriptionMaintenanceWindowsSpec and the rules its descriptions state (the spec's error codes)."""
    if isinstance(body, dict) and "mode" in body and body["mode"] not in ("manual", "automatic"):
        raise ApiError(400, "MAINTENANCE_WINDOW_INVALID_MAINTENANCE_WINDOW_MODE_PROVIDED", "mode must be manual or automatic")
    check_schema("SubscriptionMaintenanceWindowsSpec", body)
    if body["mode"] == "automatic":
        if "windows" in body:
            # Even an empty list: the harsher reading of "Must provide 'windows' if manual".
            raise ApiError(400, "MAINTENANCE_WINDOW_AUTOMATIC_MODE_WITH_MAINTENANCE_WINDOWS", "automatic mode takes no windows")
        return {"mode": "automatic"}
    windows = body.get("windows") or []
    if not windows:
        raise ApiError(400, "MAINTENANCE_WINDOW_MANUAL_MODE_WITH_NO_MAINTENANCE_WINDOWS", "manual mode needs windows")
    if len(windows) > MAX_WINDOWS:
        raise ApiError(400, "MAINTENANCE_WINDOW_GREATER_THAN_MAXIMUM_ALLOWABLE_MAINTENANCE_WINDOWS_PROVIDED",
                       f"at most {MAX_WINDOWS} windows")
    for index, window in enumerate(windows):
        _check_window(index, window)
    return {"mode": "manual", "windows": [{"startHour": window["startHour"], "durationInHours": window["durationInHours"],
                                           "days": list(window["days"])} for window in windows]}
