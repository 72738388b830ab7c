# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the Essentials and ACL tests: catalogue plan ids and create-until-active shortcuts.

The default timings apply (essentials_acl_config.py): a subscription is pending 60 s, a database draft 10 s and
pending until 60 s; ACL records pending 10 s, users and roles then flap for 20 s.
"""

from __future__ import annotations

from typing import Any

from conftest import Api
from redis_cloud_simulator.essentials_catalog import PLANS, find_plan, is_free

CARD = 2001
SUBSCRIPTION_SECONDS = 60.0
DATABASE_SECONDS = 60.0


def plan_id(name: str, provider: str = "AWS", region: str = "us-east-1") -> int:
    [plan] = [plan for plan in PLANS if (plan["name"], plan["provider"], plan["region"]) == (name, provider, region)]
    return plan["id"]


FREE_PLAN = plan_id("30MB")             # 34843, recorded
PAID_PLAN = plan_id("250MB")            # 34858, recorded
MULTI_DATABASE_PLAN = plan_id("Standard 250MB")


def task_error(task: dict[str, Any]) -> str:
    assert task["status"] == "processing-error", task
    return task["response"]["error"]["type"]


def fixed_subscription_task(api: Api, plan: int = PAID_PLAN, **extra: Any) -> dict[str, Any]:
    """The finished create task; a paid plan gets the card unless `extra` says otherwise (None leaves a field out)."""
    body: dict[str, Any] = {"name": "cache", "planId": plan}
    if not is_free(find_plan(plan) or {"price": 1}):
        body["paymentMethodId"] = CARD
    body = {key: value for key, value in (body | extra).items() if value is not None}
    return api.finished_task(api.post("/fixed/subscriptions", body))


def create_fixed_subscription(api: Api, plan: int = PAID_PLAN, **extra: Any) -> int:
    """Create and let the clock run until the subscription is active; returns its id."""
    task = fixed_subscription_task(api, plan, **extra)
    assert task["status"] == "processing-completed", task
    api.wait(SUBSCRIPTION_SECONDS)
    return task["response"]["resourceId"]


def create_fixed_database(api: Api, subscription_id: int, name: str = "cache-db", **extra: Any) -> int:
    """Create and let the clock run until the database is active; returns its id."""
    task = api.finished_task(api.post(f"/fixed/subscriptions/{subscription_id}/databases", {"name": name} | extra))
    assert task["status"] == "processing-completed", task
    api.wait(DATABASE_SECONDS)
    return task["response"]["resourceId"]


def fixed_status(api: Api, subscription_id: int, database_id: int | None = None) -> str:
    path = f"/fixed/subscriptions/{subscription_id}" + (f"/databases/{database_id}" if database_id else "")
    answer = api.get(path)
    assert answer.status_code == 200, answer.text
    return answer.json()["status"]
