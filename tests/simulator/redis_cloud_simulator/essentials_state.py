# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Essentials (fixed) subscriptions and databases of the account.

Statuses are timelines (timeline.py): a subscription is `pending` -> `active` (or `error`), `deleting` -> gone;
a database `draft` -> `pending` -> `active`, `active-change-pending` -> `active`, `delete-pending` -> gone.
An active subscription reads `pending` while one of its databases settles (the Terraform provider waits for
the subscription to be active again after every Essentials database change:
provider/resource_rediscloud_essentials_database.go).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from redis_cloud_simulator.essentials_catalog import find_plan
from redis_cloud_simulator.timeline import Timeline

if TYPE_CHECKING:
    from redis_cloud_simulator.state import Tag

SETTLING_DATABASE_STATUSES = ("draft", "pending", "active-change-pending", "delete-pending")


@dataclass
class FixedSubscription:
    subscription_id: int
    name: str
    plan_id: int
    payment_method_type: str        # credit-card or marketplace
    payment_method_id: int | None
    created_at: float
    timeline: Timeline
    database_ids: list[int] = field(default_factory=list)

    @property
    def plan(self) -> dict[str, Any]:
        plan = find_plan(self.plan_id)
        assert plan is not None, self.plan_id  # only catalogue plans are ever stored
        return plan


@dataclass
class FixedDatabase:
    database_id: int
    subscription_id: int
    spec: dict[str, Any]            # the create request as applied (password apart), later updates merged in
    password: str                   # the read-back carries it, as the live API's does
    port: int
    created_at: float
    last_modified: float
    timeline: Timeline
    tags: dict[str, Tag] | None = None  # the tag routes' store (tag_routes.py), None until ever written


@dataclass
class EssentialsState:
    subscriptions: dict[int, FixedSubscription] = field(default_factory=dict)
    databases: dict[int, FixedDatabase] = field(default_factory=dict)
    next_subscription_id: int = 111601
    next_database_id: int = 51055001

    def subscription(self, subscription_id: int, at: float) -> FixedSubscription | None:
        sub = self.subscriptions.get(subscription_id)
        return None if sub is None or sub.timeline.gone(at) else sub

    def database(self, sub: FixedSubscription, database_id: int, at: float) -> FixedDatabase | None:
        database = self.databases.get(database_id)
        if database is None or database.subscription_id != sub.subscription_id or database.timeline.gone(at):
            return None
        return database

    def live_databases(self, sub: FixedSubscription, at: float) -> list[FixedDatabase]:
        return [self.databases[i] for i in sub.database_ids if not self.databases[i].timeline.gone(at)]

    def subscription_status(self, sub: FixedSubscription, at: float) -> str:
        status = sub.timeline.status(at) or "pending"
        if status == "active" and any(database.timeline.status(at) in SETTLING_DATABASE_STATUSES
                                      for database in self.live_databases(sub, at)):
            return "pending"
        return status

    def hold_importing(self, database_id: int, at: float, ends_at: float) -> None:
        """A database reads import-pending while its import runs, as a Pro database does (**evidence missing** for
        Essentials: the harsher reading, writes to it are refused meanwhile). Its subscription stays active: the recorded
        status read of a running Essentials import answers "importing" (Go client TestGetFixedLatestImport)."""
        database = self.databases[database_id]
        database.timeline.schedule(at, [(at, "import-pending"), (ends_at, "active")])
        database.last_modified = at

    def live_free_subscriptions(self, at: float) -> list[FixedSubscription]:
        return [sub for sub in self.subscriptions.values() if not sub.timeline.gone(at) and sub.plan["price"] == 0]
