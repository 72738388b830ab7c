# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-memory records of one account: subscriptions, databases and tasks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ACCOUNT_ID = 1001
PAYMENT_METHODS = (
    {"id": 2001, "type": "Visa", "creditCardEndsWith": "4242", "nameOnCard": "Demo User",
     "expirationMonth": 12, "expirationYear": 2031, "links": []},
    {"id": 2002, "type": "Mastercard", "creditCardEndsWith": "4444", "nameOnCard": "Demo User",
     "expirationMonth": 6, "expirationYear": 2030, "links": []},
)
# Subscription statuses that count towards the account's pending limit.
NON_ACTIVE_STATUSES = ("pending", "deleting", "encryption_key_pending")


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
class Database:
    database_id: int
    subscription_id: int
    spec: dict[str, Any]
    status: str
    created_at: float
    gone_at: float | None = None
    deleted: bool = False


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
    active_at: float
    ends_in_error: bool = False     # a subscription_error fault
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

    def live_databases(self, subscription: Subscription) -> list[Database]:
        return [self.databases[i] for i in subscription.database_ids if not self.databases[i].deleted]

    def non_active_count(self) -> int:
        return sum(1 for sub in self.subscriptions.values() if not sub.deleted and sub.status in NON_ACTIVE_STATUSES)
