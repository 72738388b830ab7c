# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The databases that backup and import act on, seen the same way whether they are Pro or Essentials.

Pro databases are looked up here. Essentials (fixed) databases live in another module's state: it plugs
in by setting FIXED_DATABASE_LOOKUP (see README, "Backup, import and maintenance windows";
essentials_operations.connect() does it). Without it, the /fixed/... backup and import routes answer 404,
as for a database that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from redis_cloud_simulator.state import AccountState, Database, Subscription


@dataclass(frozen=True)
class DatabaseTarget:
    kind: str                       # "pro" or "fixed"
    subscription_id: int
    database_id: int
    subscription_status: str
    database_status: str
    deployment_type: str            # "single-region" or "active-active"
    regions: tuple[str, ...]
    backup_path: str | None         # where a backup goes without adhocBackupPath; None: backup not configured
    backup_supported: bool = True   # False: the plan has no backups (an Essentials plan without supportInstantAndDailyBackups)


# (state, subscription id, database id, sim now) -> the target, or None when there is no such database.
FixedDatabaseLookup = Callable[[AccountState, int, int, float], "DatabaseTarget | None"]
FIXED_DATABASE_LOOKUP: FixedDatabaseLookup | None = None


def pro_backup_path(database: Database) -> str | None:
    """remoteBackup (active with a storagePath) or the older periodicBackupPath (DatabaseCreateRequest)."""
    remote = database.spec.get("remoteBackup") or {}
    if remote.get("active") and remote.get("storagePath"):
        return str(remote["storagePath"])
    return database.spec.get("periodicBackupPath") or None


def pro_target(sub: Subscription, database: Database) -> DatabaseTarget:
    regions = tuple(region["region"] for provider in sub.plan["cloudProviders"] for region in provider["regions"])
    return DatabaseTarget("pro", sub.subscription_id, database.database_id, sub.status, database.status,
                          sub.plan.get("deploymentType", "single-region"), regions, pro_backup_path(database))


def find_target(kind: str, state: AccountState, subscription_id: int, database_id: int, now: float) -> DatabaseTarget | None:
    if kind == "fixed":
        return None if FIXED_DATABASE_LOOKUP is None else FIXED_DATABASE_LOOKUP(state, subscription_id, database_id, now)
    sub, database = state.subscriptions.get(subscription_id), state.databases.get(database_id)
    if sub is None or sub.deleted or database is None or database.deleted or database.subscription_id != subscription_id:
        return None
    return pro_target(sub, database)
