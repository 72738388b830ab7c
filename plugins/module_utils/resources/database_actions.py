# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup and import of a database, Pro or Essentials: the actions of redis_cloud_database_backup and _import.

Pro and Essentials differ only by path prefix (``/fixed``) and parent type; the bodies are the same, minus
``regionName``. The plan type is an option, never inferred from the subscription id: nothing recorded shows that
Pro and Essentials ids never meet, and the API has error codes for a fixed operation on a flexible subscription
(``BACKUP_A_FIXED_DATABASE_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION``), so a guess could act on the wrong database.

Statuses (evidence in tests/simulator/README.md): a backup ends ``success`` or ``failed`` (Go client fixtures);
an import ends ``failed`` (recorded) or, in Redis Software's word, ``succeeded``. Any other status, or none
(``{}``: nothing reported yet), counts as still running.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.actions import Action
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Parent, ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_actions_options import masked_uri
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import (
    DATABASE,
    ESSENTIALS_DATABASE,
    ESSENTIALS_SUBSCRIPTION,
    SUBSCRIPTION,
)

SUCCEEDED = frozenset({"success", "succeeded"})
FAILED = "failed"
DESTINATION = ("configure its backup destination (remote_backup in rediscloud.api.redis_cloud_database; an Essentials "
               "database's periodic backup path)")
# What to do about the API's known refusals, appended to its message.
HINTS = {
    "DATABASE_BACKUP_NOT_CONFIGURED": f"The database has no backup destination: {DESTINATION}, or pass backup_path.",
    "DATABASE_BACKUP_DISABLED": (f"The API reports backup statuses only for a database with backups configured: {DESTINATION}, "
                                 "or pass backup_path with wait=false (the backup then runs without its status being followed)."),
    "DATABASE_BACKUP_NOT_SUPPORTED": "The database's plan has no backups.",
    "DATABASE_INVALID_BACKUP_PATH": "backup_path must be a storage location the API accepts (s3://, gs://, abs:// or ftp://).",
    "BACKUP_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION": "region applies to Active-Active databases only.",
    "ACTIVE_ACTIVE_BACKUP_MISSING_REGION_NAME": "An Active-Active database is backed up per region: set region.",
    "ACTIVE_ACTIVE_BACKUP_STATUS_MISSING_REGION_NAME": "An Active-Active database is backed up per region: set region.",
    "DATABASE_IMPORT_MULTIPLE_REDIS_SOURCES": "A redis source_type takes one source database.",
    "BACKUP_A_FIXED_DATABASE_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION": "The subscription is a Pro one: set plan_type=pro.",
    "IMPORT_A_FIXED_DATABASE_IS_NOT_ALLOWED_WITH_A_FLEXIBLE_SUBSCRIPTION": "The subscription is a Pro one: set plan_type=pro.",
}
BAD_URI_HINT = "import_from_uri does not have the form its source_type takes (the URI is not repeated here)."


class ProDatabase(ResourceModel):
    """A Pro database, as an action's target: its paths and its parent gate (the subscription)."""

    type = DATABASE
    id_option = "database_id"
    parent = Parent(SUBSCRIPTION, "subscription_id")


class EssentialsDatabase(ResourceModel):
    type = ESSENTIALS_DATABASE
    id_option = "database_id"
    parent = Parent(ESSENTIALS_SUBSCRIPTION, "subscription_id")


TARGETS: dict[str, type[ResourceModel]] = {"pro": ProDatabase, "essentials": EssentialsDatabase}


class DatabaseAction(Action):
    def target(self) -> ResourceModel:
        return TARGETS[self.params["plan_type"]](self.params)

    def final(self, status: dict[str, Any]) -> bool:
        return status.get("status") in SUCCEEDED or status.get("status") == FAILED

    def resume_hint(self) -> str:
        where = (f"rediscloud.api.redis_cloud_database_info include={self.result_key}" if self.params["plan_type"] == "pro"
                 else f"GET {self.target().type.item_path.format(**self.params)}{self.suffix}")
        return (f"The {self.what} continues on the Redis Cloud side: read its status with {where} (running this task again "
                f"would start another {self.what}).")

    def explain(self, exc: RedisCloudError) -> RedisCloudError:
        error_type = exc.error_type or ""
        hint = HINTS.get(error_type) or (BAD_URI_HINT if error_type.startswith("DATABASE_IMPORT_") and error_type.endswith("_BAD_URI") else None)
        if hint:
            exc.message = f"{exc.message.rstrip('.')}. {hint}"
            exc.args = (exc.message,)
        return exc


class Backup(DatabaseAction):
    what = "backup"
    suffix = "/backup"
    command_type = "databaseBackupRequest"
    result_key = "backup_status"

    def body(self) -> dict[str, Any] | None:
        body = {key: self.params[option] for key, option in (("adhocBackupPath", "backup_path"), ("regionName", "region"))
                if self.params.get(option) is not None}
        return body or None

    def shown_body(self) -> dict[str, Any] | None:
        body = self.body()
        return None if body is None else {key: masked_uri(value) if key == "adhocBackupPath" else value for key, value in body.items()}

    def status_params(self) -> dict[str, Any] | None:
        return {"regionName": self.params["region"]} if self.params.get("region") else None

    def failure(self, status: dict[str, Any]) -> str | None:
        if status.get("status") != FAILED:
            return None
        return (f"The backup of database {self.params['database_id']} failed: {status.get('failureReason') or 'no reason given'} "
                f"(last backup time {status.get('lastBackupTime')}).")


class Import(DatabaseAction):
    what = "import"
    suffix = "/import"
    command_type = "databaseImportRequest"
    result_key = "import_status"

    def body(self) -> dict[str, Any]:
        return {"sourceType": self.params["source_type"], "importFromUri": list(self.params["import_from_uri"])}

    def shown_body(self) -> dict[str, Any]:
        return {"sourceType": self.params["source_type"], "importFromUri": [masked_uri(uri) for uri in self.params["import_from_uri"]]}

    def failure(self, status: dict[str, Any]) -> str | None:
        if status.get("status") != FAILED:
            return None
        params = status.get("failureReasonParams") or []
        details = ", ".join(f"{param.get('key')}={param.get('value')}" for param in params if isinstance(param, dict))
        return (f"The import into database {self.params['database_id']} failed: {status.get('failureReason') or 'no reason given'}"
                f"{f' ({details})' if details else ''}.")
