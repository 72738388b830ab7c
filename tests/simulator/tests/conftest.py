# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures: an in-process simulator on a loopback port driven by a fake clock, and API helpers."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from redis_cloud_simulator.app import create_app, start_site
from redis_cloud_simulator.simulator import Simulator
from redis_cloud_simulator.spec import load_spec

API_KEY = "test-account-key"
API_SECRET_KEY = "test-user-secret"

# Timings small enough to reason about: a task is received for 1 s, then runs 5 s (subscription create)
# or 2 s (the rest). The visibility lags are 0 here; the tests of those lags set them.
TEST_CONFIG: dict[str, Any] = {
    "speed": 1.0,
    "task_received_seconds": 1.0,
    "task_durations": {"default": 2.0, "subscriptionCreateRequest": 5.0, "subscriptionUpdateRequest": 2.0,
                       "subscriptionDeleteRequest": 2.0, "databaseCreateRequest": 2.0, "databaseUpdateRequest": 2.0,
                       "databaseUpgradeRequest": 2.0, "databaseDeleteRequest": 2.0},
    "task_not_found_seconds": 0.0,
    "subscription_not_found_seconds": 0.0,
    "subscription_not_listed_seconds": 0.0,
    "database_not_found_seconds": 0.0,
    "database_not_listed_seconds": 0.0,
    "creation_plan_listed_after_active_seconds": 0.0,
    "subscription_provisioning_seconds": 100.0,
    "subscription_deletion_seconds": 10.0,
    "database_provisioning_seconds": 20.0,
    "database_change_seconds": 10.0,
    "database_deletion_seconds": 10.0,
}
# One write task (received 1 s + 2 s) and a little margin.
WRITE_TASK_SECONDS = 3.5


class FakeTime:
    """A monotonic clock that moves only when a test says so."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


class Api:
    """requests against one simulator, with the account's credentials."""

    def __init__(self, root_url: str, time: FakeTime | None = None) -> None:
        self.root_url = root_url
        self.url = f"{root_url}/v1"
        self.time = time
        self.session = requests.Session()
        self.session.headers.update({"x-api-key": API_KEY, "x-api-secret-key": API_SECRET_KEY})

    def request(self, method: str, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return self.session.request(method, f"{self.url}{path}", json=body, timeout=10, **kwargs)

    def get(self, path: str) -> requests.Response:
        return self.request("GET", path)

    def post(self, path: str, body: Any) -> requests.Response:
        return self.request("POST", path, body)

    def put(self, path: str, body: Any) -> requests.Response:
        return self.request("PUT", path, body)

    def delete(self, path: str) -> requests.Response:
        return self.request("DELETE", path)

    def control(self, method: str, name: str, body: Any = None) -> Any:
        answer = requests.request(method, f"{self.root_url}/_simulator/{name}", json=body, timeout=10)
        answer.raise_for_status()
        return answer.json()

    def configure(self, **update: Any) -> dict[str, Any]:
        return self.control("PUT", "config", update)

    def task(self, task_id: str) -> dict[str, Any]:
        answer = self.get(f"/tasks/{task_id}")
        assert answer.status_code == 200, answer.text
        return answer.json()

    def wait(self, seconds: float) -> None:
        assert self.time is not None, "only an in-process simulator has a fake clock"
        self.time.advance(seconds)

    def create_subscription(self, **overrides: Any) -> dict[str, Any]:
        answer = self.post("/subscriptions", subscription_plan(**overrides))
        assert answer.status_code == 202, answer.text
        return answer.json()

    def create_active_subscription(self, **overrides: Any) -> int:
        """Create and let the clock run until the subscription is active; returns its id."""
        task = self.create_subscription(**overrides)
        self.wait(1 + 5 + 0.5)
        done = self.task(task["taskId"])
        assert done["status"] == "processing-completed", done
        self.wait(TEST_CONFIG["subscription_provisioning_seconds"])
        return done["response"]["resourceId"]

    def database_ids(self, subscription_id: int) -> list[int]:
        answer = self.get(f"/subscriptions/{subscription_id}/databases")
        if answer.status_code == 404:
            return []
        assert answer.status_code == 200, answer.text
        return [db["databaseId"] for db in answer.json()["subscription"][0]["databases"]]

    def finished_task(self, answer: requests.Response, seconds: float = WRITE_TASK_SECONDS) -> dict[str, Any]:
        """The task a write answered with, after letting it run."""
        assert answer.status_code in (200, 202), answer.text
        self.wait(seconds)
        return self.task(answer.json()["taskId"])


def subscription_plan(**overrides: Any) -> dict[str, Any]:
    plan: dict[str, Any] = {
        "name": "orders",
        "paymentMethodId": 2001,
        "cloudProviders": [{"provider": "AWS", "regions": [{"region": "us-east-1",
                                                            "networking": {"deploymentCIDR": "10.0.0.0/24"}}]}],
        "databases": [{"name": "orders-cache", "protocol": "redis", "datasetSizeInGb": 1,
                       "throughputMeasurement": {"by": "operations-per-second", "value": 10000}}],
    }
    plan.update(overrides)
    return plan


class _ServerThread:
    """Runs the aiohttp app on its own event loop in a daemon thread."""

    def __init__(self, simulator: Simulator) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._runner, self.port = asyncio.run_coroutine_threadsafe(
            start_site(create_app(simulator), "127.0.0.1", 0), self._loop).result(10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


@pytest.fixture
def start_api() -> Iterator[Callable[..., Api]]:
    """Factory: start_api(**config) -> Api on a fresh in-process simulator with a fake clock."""
    servers: list[_ServerThread] = []

    def start(**config: Any) -> Api:
        time = FakeTime()
        simulator = Simulator(API_KEY, API_SECRET_KEY, {**TEST_CONFIG, **config}, monotonic=time)
        server = _ServerThread(simulator)
        servers.append(server)
        return Api(f"http://127.0.0.1:{server.port}", time)

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def api(start_api: Callable[..., Api]) -> Api:
    return start_api()


@pytest.fixture(scope="session")
def openapi() -> dict[str, Any]:
    # No skip: a missing tests/spec/openapi.json raises SpecNotFoundError and the test fails.
    return load_spec()
