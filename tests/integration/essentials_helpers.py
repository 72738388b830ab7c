"""Arrangements for the Essentials integration tests: plans by name, subscriptions and databases made through the API."""

from __future__ import annotations

from typing import Any

from database_helpers import submit_directly, wait_task
from harness import SimulatorProcess
from waiting import wait_for

CARD = 2001  # a payment method of the simulated account
FREE_PLAN, PAID_PLAN, FOUR_DATABASES_PLAN = "30MB", "250MB", "Standard 250MB"


def plan_id(sim: SimulatorProcess, name: str, provider: str = "AWS", region: str = "us-east-1") -> int:
    """The id of the plan of that name in that region, as GET /fixed/plans lists it."""
    plans = sim.api("GET", f"/fixed/plans?provider={provider.upper()}").json()["plans"]
    [found] = [plan["id"] for plan in plans if plan["name"] == name and plan["region"] == region]
    return found


def subscriptions(sim: SimulatorProcess, name: str | None = None) -> list[dict[str, Any]]:
    return [sub for sub in sim.state()["essentials"]["subscriptions"] if name is None or sub["name"] == name]


def subscription_status(sim: SimulatorProcess, subscription_id: int) -> str:
    return next(sub["status"] for sub in subscriptions(sim) if sub["id"] == subscription_id)


def databases(sim: SimulatorProcess, subscription_id: int | None = None, name: str | None = None) -> list[dict[str, Any]]:
    return [db for db in sim.state()["essentials"]["databases"]
            if (subscription_id is None or db["subscription_id"] == subscription_id) and (name is None or db["name"] == name)]


def create_subscription_directly(sim: SimulatorProcess, name: str, plan: str = FOUR_DATABASES_PLAN) -> int:
    """An active Essentials subscription made through the API itself (arranging a test)."""
    body: dict[str, Any] = {"name": name, "planId": plan_id(sim, plan)}
    if plan != FREE_PLAN:
        body["paymentMethodId"] = CARD
    task = wait_task(sim, submit_directly(sim, "POST", "/fixed/subscriptions", body))
    assert task["status"] == "processing-completed", task
    subscription_id = task["response"]["resourceId"]
    wait_for(lambda: subscriptions(sim, name)[0]["status"] == "active", f"Essentials subscription {name} active")
    return subscription_id


def create_database_directly(sim: SimulatorProcess, subscription_id: int, name: str, **body: Any) -> int:
    """An active Essentials database made through the API itself, its subscription active again."""
    task = wait_task(sim, submit_directly(sim, "POST", f"/fixed/subscriptions/{subscription_id}/databases", {"name": name, **body}))
    assert task["status"] == "processing-completed", task
    database_id = task["response"]["resourceId"]
    wait_for(lambda: databases(sim, subscription_id, name)[0]["status"] == "active"
             and subscription_status(sim, subscription_id) == "active", f"Essentials database {name} active")
    return database_id
