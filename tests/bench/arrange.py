"""Arranging a benchmark: settled subscriptions (and their first database) before anything is measured.

A benchmark that measures database work starts from subscriptions that exist and are
settled, as a user's would. Provisioning them at the simulator's real-API pace would
take ten simulated minutes each, so the arrangement briefly makes the simulator settle
new subscriptions at once, then puts its timings back before the measurement starts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

# Timings that make an arranged subscription settle at once; restored afterwards.
SETTLE_AT_ONCE = {
    "subscription_provisioning_seconds": 0.0,
    "subscription_not_found_seconds": 0.0,
    "subscription_not_listed_seconds": 0.0,
    "creation_plan_listed_after_active_seconds": 0.0,
}
ARRANGED_DATABASE = "first"  # the creation plan's database of every arranged subscription


@dataclass(frozen=True)
class Arranged:
    subscription_id: int
    database_id: int  # the creation plan's database, active and listed


def subscription_body(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "paymentMethod": "marketplace",
        "cloudProviders": [{"regions": [{"region": "us-east-1"}]}],
        "databases": [{"name": ARRANGED_DATABASE, "protocol": "redis", "datasetSizeInGb": 1}],
    }


def settled_subscriptions(process: Any, names: list[str], timeout: float = 120.0) -> list[Arranged]:
    """Create one subscription per name through the API and wait until each, and its database, is active and listed."""
    kept = process.config()
    process.configure(**SETTLE_AT_ONCE)
    try:
        task_ids = []
        for name in names:
            answer = process.api("POST", "/subscriptions", subscription_body(name))
            answer.raise_for_status()
            task_ids.append(answer.json()["taskId"])
        arranged = _wait_settled(process, task_ids, timeout)
    finally:
        process.configure(**{key: kept[key] for key in SETTLE_AT_ONCE})
    return arranged


def _wait_settled(process: Any, task_ids: list[str], timeout: float) -> list[Arranged]:
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        arranged = _settled(process.state(), task_ids)
        if arranged is not None:
            return arranged
        time.sleep(0.1)
    raise RuntimeError(f"the arranged subscriptions did not settle within {timeout:g} s")


def _settled(state: dict[str, Any], task_ids: list[str]) -> list[Arranged] | None:
    """The arranged subscriptions, in the order of their tasks, once all are settled; else None."""
    tasks = {task["taskId"]: task for task in state["tasks"]}
    subscriptions = {sub["id"]: sub for sub in state["subscriptions"]}
    now = state["now"]
    arranged = []
    for task_id in task_ids:
        task = tasks[task_id]
        if task["status"] == "processing-error":
            raise RuntimeError(f"arranging a subscription failed: {task['response'].get('error')}")
        if task["status"] != "processing-completed":
            return None
        subscription_id = task["response"]["resourceId"]
        if subscriptions[subscription_id]["status"] != "active":
            return None
        database = next(db for db in state["databases"] if db["subscription_id"] == subscription_id)
        listed = all(moment is not None and moment <= now for moment in (database["visible_at"], database["listed_at"]))
        if database["status"] != "active" or not listed:
            return None
        arranged.append(Arranged(subscription_id, database["id"]))
    return arranged
