# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Config keys of day-2 operations (backup, import); merged into config.DEFAULTS.

Durations are sim seconds (README, "Backup, import and maintenance windows").
"""

from __future__ import annotations

from typing import Any

OPERATIONS_DEFAULTS: dict[str, Any] = {
    "backup_seconds": 60.0,
    "import_seconds": 120.0,
    "import_running_read": "subscription_not_active",
}
OPERATIONS_NUMBER_KEYS = {"backup_seconds", "import_seconds"}
OPERATIONS_CHOICE_KEYS = {
    "import_running_read": ("subscription_not_active", "importing"),
}
