# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-memory records of day-2 operations: the latest backup and import of each database, maintenance windows.

Databases are keyed ("pro", id) or ("fixed", id): Pro and Essentials databases have separate id spaces.
URIs and paths are kept with their credentials masked (uri_masking): the state is shown by /_simulator/state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DatabaseKey = tuple[str, int]


@dataclass
class BackupRecord:
    started_at: float
    ends_at: float                  # "exporting" until then
    path: str                       # masked
    failure_reason: str | None = None

    def resource_at(self, at: float, iso: Any) -> dict[str, Any]:
        if at < self.ends_at:
            return {"status": "exporting"}
        if self.failure_reason is not None:
            return {"status": "failed", "failureReason": self.failure_reason, "lastBackupTime": iso(self.ends_at)}
        return {"status": "success", "lastBackupTime": iso(self.ends_at)}


@dataclass
class ImportRecord:
    started_at: float
    ends_at: float                  # "importing" until then
    source_type: str
    uris: list[str]                 # masked
    failure_reason: str | None = None
    failure_params: list[dict[str, str]] = field(default_factory=list)

    def resource_at(self, at: float, iso: Any) -> dict[str, Any]:
        if at < self.ends_at:
            return {"status": "importing"}
        if self.failure_reason is not None:
            failed: dict[str, Any] = {"status": "failed", "failureReason": self.failure_reason}
            if self.failure_params:
                failed["failureReasonParams"] = [dict(param) for param in self.failure_params]
            return failed | {"lastImportTime": iso(self.ends_at)}
        # Redis Software's word (bdb import_status 'succeeded'), as the recorded "importing" and "failed" are.
        return {"status": "succeeded", "lastImportTime": iso(self.ends_at)}


@dataclass
class OperationsState:
    backups: dict[DatabaseKey, BackupRecord] = field(default_factory=dict)
    imports: dict[DatabaseKey, ImportRecord] = field(default_factory=dict)
    # subscription id -> {"mode": ..., "windows": [...]}; absent: automatic (a new subscription's mode).
    maintenance_windows: dict[int, dict[str, Any]] = field(default_factory=dict)
