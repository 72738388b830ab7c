"""Shared arrangements for the redis_cloud_subscription integration tests."""

from __future__ import annotations

import time
from typing import Any

from harness import SimulatorProcess

WRITE_METHODS = ("POST", "PUT", "DELETE")
MANAGE = "subscription_manage.yml"
MANAGE_TASK = "Manage the subscription"


def plan(name: str, **overrides: Any) -> dict[str, Any]:
    """Extra vars for subscription_manage.yml: a small single-region subscription."""
    variables: dict[str, Any] = {
        "subscription_name": name,
        "payment_method": "credit-card",
        "payment_method_id": 2001,
        "cloud_providers": [{"provider": "AWS", "regions": [{"region": "us-east-1", "networking": {"deployment_cidr": "10.0.0.0/24"}}]}],
        "databases": [{"name": "cache", "dataset_size_in_gb": 1, "throughput_measurement": {"by": "operations-per-second", "value": 1000}}],
    }
    variables.update(overrides)
    return variables


def request_mark(sim: SimulatorProcess) -> int:
    """Position in the simulator's request log; pass it to api_writes to see only later requests."""
    return len(sim.requests())


def api_writes(sim: SimulatorProcess, since: int = 0) -> list[dict[str, Any]]:
    """Write requests the simulator received on /v1 since a request_mark."""
    return [entry for entry in sim.requests()[since:] if entry["method"] in WRITE_METHODS and entry["path"].startswith("/v1/")]


def live_subscriptions(sim: SimulatorProcess, name: str | None = None) -> list[dict[str, Any]]:
    return [s for s in sim.state()["subscriptions"] if not s["deleted"] and (name is None or s["name"] == name)]


# While a test arranges an active subscription, the simulator's clock runs this many times faster (its 600 s of
# provisioning then take 0.3 s instead of 3 s real); the test's own speed is back before the test goes on.
ARRANGING_SPEED_FACTOR = 10


def create_directly(sim: SimulatorProcess, name: str, wait_active: bool = True, timeout: float = 60, **overrides: Any) -> int:
    """Create a subscription through the API itself (arranging a test), returning its id; ``overrides`` replace parts of the body."""
    if not wait_active:
        return _create_directly(sim, name, wait_active, timeout, overrides)
    speed = sim.config()["speed"]
    sim.configure(speed=speed * ARRANGING_SPEED_FACTOR)
    try:
        return _create_directly(sim, name, wait_active, timeout, overrides)
    finally:
        sim.configure(speed=speed)


def _create_directly(sim: SimulatorProcess, name: str, wait_active: bool, timeout: float, overrides: dict[str, Any]) -> int:
    body = {
        "name": name,
        "paymentMethod": "marketplace",
        "cloudProviders": [{"regions": [{"region": "us-east-1"}]}],
        "databases": [{"name": "db", "protocol": "redis", "datasetSizeInGb": 1}],
        **overrides,
    }
    answer = sim.api("POST", "/subscriptions", body)
    assert answer.status_code in (200, 202), answer.text
    task_id = answer.json()["taskId"]
    wanted = ("active",) if wait_active else ("pending", "active")
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        task = next((t for t in sim.state()["tasks"] if t["taskId"] == task_id), None)
        if task and task["status"] == "processing-completed":
            subscription_id = task["response"]["resourceId"]
            status = next(s["status"] for s in sim.state()["subscriptions"] if s["id"] == subscription_id)
            # As the real API does, a new subscription reads active before its creation-plan
            # databases are listed: an arranged "active" subscription has them listed too.
            if status in wanted and (not wait_active or sim.api("GET", f"/subscriptions/{subscription_id}/databases").status_code == 200):
                return subscription_id
        time.sleep(0.2)
    raise AssertionError(f"subscription {name} did not reach {wanted} in {timeout} s")
