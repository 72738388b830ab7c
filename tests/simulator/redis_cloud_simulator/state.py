# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-memory records of one account: subscriptions, databases and tasks.

Times are sim seconds. NEVER (infinity) marks a moment that is not scheduled yet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from redis_cloud_simulator.acl_state import AclState
from redis_cloud_simulator.essentials_state import EssentialsState
from redis_cloud_simulator.networking_state import NetworkingState
from redis_cloud_simulator.operations_state import OperationsState

NEVER = math.inf
ACCOUNT_ID = 1001
PAYMENT_METHODS = (
    {"id": 2001, "type": "Visa", "creditCardEndsWith": 4242, "nameOnCard": "Demo User",
     "expirationMonth": 12, "expirationYear": 2031, "links": []},
    {"id": 2002, "type": "Mastercard", "creditCardEndsWith": 4444, "nameOnCard": "Demo User",
     "expirationMonth": 6, "expirationYear": 2030, "links": []},
)
# Subscription statuses that count towards the account's pending limit (redis/docs process-lifecycle.md:
# "You cannot change (make non-active) more than three subscriptions at the same time").
NON_ACTIVE_STATUSES = ("pending", "deleting", "encryption_key_pending")
# Database statuses that end on their own (the change being provisioned).
# import-pending: Redis Software's bdb status "Dataset import is in progress" (redis.io .../objects/bdb/status).
SETTLING_DATABASE_STATUSES = ("pending", "active-change-pending", "active-upgrade-pending", "delete-pending", "import-pending")


@dataclass
class Task:
    task_id: str
    command_type: str
    submitted_at: float
    visible_at: float              # GET /tasks/{id} answers 404 before this
    payload: dict[str, Any]        # what the route recorded for the completion step
    status: str = "received"
    status_at: float = 0.0
    started_at: float | None = None
    finished_at: float | None = None
    response: dict[str, Any] = field(default_factory=dict)
    injected_error: dict[str, Any] | None = None  # a task_error fault: the error the task ends with

    @property
    def finished(self) -> bool:
        return self.status in ("processing-completed", "processing-error")


@dataclass
class Tag:
    value: str
    created_at: float
    updated_at: float


@dataclass
class Database:
    database_id: int
    subscription_id: int
    spec: dict[str, Any]            # the create request as applied, with later updates merged in
    status: str
    created_at: float
    password: str                   # the read-back carries it, as the live API's does
    port: int
    visible_at: float = 0.0         # GET .../databases/{id} answers 404 before this
    listed_at: float = 0.0          # GET .../databases leaves it out before this
    settles_at: float = NEVER       # a settling status ends then
    gone_at: float | None = None
    deleted: bool = False
    ends_in_error: bool = False     # a database_error fault
    last_modified: float = 0.0
    target_redis_version: str | None = None
    tags: dict[str, Tag] | None = None  # None until tags were ever written: GET .../tags then has no "tags"
    change_kind: str | None = None  # the change being provisioned: a key of config database_status_phases
    change_started_at: float = 0.0  # when it started (its status phases split change_started_at..settles_at)


@dataclass
class Subscription:
    subscription_id: int
    plan: dict[str, Any]            # the creation request, cloud details come from it
    name: str
    payment_method_id: int | None
    payment_method_type: str
    status: str
    created_at: float
    visible_at: float               # GET /subscriptions/{id} answers 404 before this
    listed_at: float                # GET /subscriptions leaves it out before this
    active_at: float                # end of provisioning (NEVER once it happened)
    ends_in_error: bool = False     # a subscription_error fault
    customer_managed_key: bool = False
    keys_supplied: bool = False
    pending_until: float = NEVER    # a database change keeps it pending until then
    gone_at: float | None = None
    deleted: bool = False
    database_ids: list[int] = field(default_factory=list)


@dataclass
class AccountState:
    tasks: dict[str, Task] = field(default_factory=dict)
    queue: list[str] = field(default_factory=list)   # unfinished task ids, in submission order
    last_task_finished_at: float = 0.0
    subscriptions: dict[int, Subscription] = field(default_factory=dict)
    databases: dict[int, Database] = field(default_factory=dict)
    next_subscription_id: int = 100001
    next_database_id: int = 5000001
    next_gone_id: int = 900001      # ids of resources that old pre-loaded tasks made (long deleted)
    essentials: EssentialsState = field(default_factory=EssentialsState)  # Essentials (fixed) plans: essentials_*.py
    acl: AclState = field(default_factory=AclState)                       # ACL rules, roles, users: acl_*.py
    networking: NetworkingState = field(default_factory=NetworkingState)
    operations: OperationsState = field(default_factory=OperationsState)

    def live_databases(self, subscription: Subscription) -> list[Database]:
        return [self.databases[i] for i in subscription.database_ids if not self.databases[i].deleted]

    def listed_databases(self, subscription: Subscription, now: float) -> list[Database]:
        return [db for db in self.live_databases(subscription) if now >= db.listed_at]

    def non_active_count(self) -> int:
        return sum(1 for sub in self.subscriptions.values() if not sub.deleted and sub.status in NON_ACTIVE_STATUSES)
