# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Essentials (fixed) state, plugged into day-2 operations and bulk loads (README, "Plugging Essentials in").

`connect()` sets operations_targets.FIXED_DATABASE_LOOKUP (backup and import of Essentials databases) and
bulk_load.ESSENTIALS_LOADER (POST /_simulator/bulk-load with "essentials"); create_app calls it.
"""

from __future__ import annotations

from typing import Any

from redis_cloud_simulator import bulk_load, operations_targets
from redis_cloud_simulator.catalog import DEFAULT_REDIS_VERSION
from redis_cloud_simulator.control_helpers import control_error
from redis_cloud_simulator.essentials_catalog import PLANS
from redis_cloud_simulator.essentials_state import FixedDatabase, FixedSubscription
from redis_cloud_simulator.operations_targets import DatabaseTarget
from redis_cloud_simulator.state import AccountState
from redis_cloud_simulator.subscription_commands import database_port
from redis_cloud_simulator.timeline import Timeline

BULK_REGION = ("AWS", "us-east-1")


def fixed_target(state: AccountState, subscription_id: int, database_id: int, now: float) -> DatabaseTarget | None:
    """An Essentials database as backup and import see it. Its backups go to its periodicBackupPath
    (FixedDatabaseCreateRequest); a plan without supportInstantAndDailyBackups refuses them."""
    essentials = state.essentials
    sub = essentials.subscription(subscription_id, now)
    database = None if sub is None else essentials.database(sub, database_id, now)
    if sub is None or database is None:
        return None
    return DatabaseTarget("fixed", subscription_id, database_id, essentials.subscription_status(sub, now),
                          database.timeline.status(now) or "draft", "single-region", (sub.plan["region"],),
                          database.spec.get("periodicBackupPath") or None, bool(sub.plan["supportInstantAndDailyBackups"]))


def bulk_plan(databases_per_subscription: int) -> dict[str, Any]:
    """The cheapest paid AWS us-east-1 plan that holds that many databases (a 400 when none does)."""
    fitting = [plan for plan in PLANS if (plan["provider"], plan["region"]) == BULK_REGION and plan["price"] > 0
               and not plan["redisFlex"] and plan["maximumDatabases"] >= databases_per_subscription]
    if not fitting:
        most = max(plan["maximumDatabases"] for plan in PLANS)
        raise control_error(400, f"essentials.databasesPerSubscription: no Essentials plan holds more than {most} databases")
    return min(fitting, key=lambda plan: (plan["price"], plan["id"]))


def load_essentials(sim: Any, subscriptions: int, databases_per_subscription: int) -> list[int]:
    """Active Essentials subscriptions (`essentials-00001`...) of active databases (`db-001`...), readable and listed at
    once; checked before anything is made."""
    plan = bulk_plan(databases_per_subscription)
    essentials, now = sim.state.essentials, sim.advance()
    made = []
    for index in range(len(essentials.subscriptions), len(essentials.subscriptions) + subscriptions):
        sub = FixedSubscription(essentials.next_subscription_id, f"essentials-{index + 1:05d}", plan["id"], "credit-card", 2001,
                                now, Timeline([(now, "active")]))
        essentials.next_subscription_id += 1
        essentials.subscriptions[sub.subscription_id] = sub
        for number in range(databases_per_subscription):
            database_id = essentials.next_database_id
            spec = {"name": f"db-{number + 1:03d}", "protocol": "stack", "redisVersion": DEFAULT_REDIS_VERSION, "respVersion": "resp3"}
            essentials.databases[database_id] = FixedDatabase(database_id, sub.subscription_id, spec, sim.lifecycle.new_password(),
                                                              database_port(database_id), now, now, Timeline([(now, "active")]))
            essentials.next_database_id += 1
            sub.database_ids.append(database_id)
        made.append(sub.subscription_id)
    return made


def connect() -> None:
    operations_targets.FIXED_DATABASE_LOOKUP = fixed_target
    bulk_load.ESSENTIALS_LOADER = load_essentials
