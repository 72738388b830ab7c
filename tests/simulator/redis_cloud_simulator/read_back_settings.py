# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Config keys of how resources read back (README, "Read-back normalisations"; docs/dev/normalisation-evidence.md).

Each default plays what the recorded answers show, or the harsher reading where they conflict;
the other value of a choice is the conflicting reading.
"""

from __future__ import annotations

import copy
from typing import Any

READ_BACK_DEFAULTS: dict[str, Any] = {
    # Redis 8 bundles its capabilities: the API lists all of them (terraform-provider-rediscloud PR #685, 2.7.1).
    "redis8_modules": "all_bundled",
    # A 12-hourly backup set for 14:00 reads back 02:00 (terraform-provider-rediscloud
    # skipDiffIfIntervalIs12And12HourTimeDiff).
    "backup_12_hour_time": "morning",
    # Replica sources read back as replicaOf.endpoints (RedisLabs/rediscloud-go-api TestDatabase_Get).
    "replica_read_back": "replica_of",
    # A database created without alerts reads back the default dataset-size alert (redis-cloud-rs pro_database.json).
    "default_alerts": "dataset_size",
    # The statuses a database shows while a change is provisioned, in equal parts of its duration.
    "database_status_phases": {
        "create": ["draft", "pending", "dynamic-endpoints-creation-pending"],
        "update": ["active-change-draft", "active-change-pending", "bdb-update-pending"],
        "oss_cluster_api_update": ["proxy-policy-change-draft", "proxy-policy-change-pending"],
        "upgrade": ["active-upgrade-pending"],
        "delete": ["delete-pending"],
    },
}
READ_BACK_CHOICES: dict[str, tuple[str, ...]] = {
    "redis8_modules": ("all_bundled", "as_created"),
    "backup_12_hour_time": ("morning", "as_set"),
    "replica_read_back": ("replica_of", "spec_example"),
    "default_alerts": ("dataset_size", "none"),
}
# Statuses that mean "settled" or "failed": a phase of a change may not claim them.
_END_STATUSES = ("active", "error", "deleted")


def merge_status_phases(current: dict[str, list[str]], value: Any) -> dict[str, list[str]]:
    """`current` with the kinds in `value` replaced; ValueError on a bad kind or list."""
    if not isinstance(value, dict):
        raise ValueError("database_status_phases must be an object of change kind -> list of statuses")
    merged = copy.deepcopy(current)
    for kind, statuses in value.items():
        if kind not in READ_BACK_DEFAULTS["database_status_phases"]:
            raise ValueError(f"database_status_phases: unknown change kind {kind!r}; "
                             f"known: {', '.join(READ_BACK_DEFAULTS['database_status_phases'])}")
        if (not isinstance(statuses, list) or not statuses
                or any(not isinstance(status, str) or not status or status in _END_STATUSES for status in statuses)):
            raise ValueError(f"database_status_phases.{kind} must be a non-empty list of statuses other than "
                             f"{', '.join(_END_STATUSES)}")
        merged[kind] = list(statuses)
    return merged
