# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The real command: announces its URL, runs lifecycles in scaled real time, stops cleanly on signals."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from conftest import API_KEY, API_SECRET_KEY, Api, subscription_plan


class RunningSimulator:
    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url
        self.api = Api(url.removesuffix("/v1"))

    def stop(self, signum: int = signal.SIGTERM) -> tuple[int, str]:
        self.process.send_signal(signum)
        stderr = self.process.communicate(timeout=10)[1]
        return self.process.returncode, stderr


@pytest.fixture
def run_cli() -> Iterator[Callable[..., RunningSimulator]]:
    started: list[RunningSimulator] = []

    def run(*arguments: str, module: bool = False) -> RunningSimulator:
        command = [sys.executable, "-m", "redis_cloud_simulator"] if module else [
            str(Path(sys.executable).parent / "redis-cloud-simulator")]
        process = subprocess.Popen([*command, "--host", "127.0.0.1", "--port", "0", "--api-key", API_KEY,
                                    "--api-secret-key", API_SECRET_KEY, *arguments],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert process.stdout is not None
        first_line = process.stdout.readline().strip()
        assert first_line.startswith("listening on http://127.0.0.1:") and first_line.endswith("/v1"), first_line
        simulator = RunningSimulator(process, first_line.removeprefix("listening on "))
        started.append(simulator)
        return simulator

    yield run
    for simulator in started:
        if simulator.process.poll() is None:
            simulator.process.kill()
            simulator.process.communicate(timeout=10)


def _poll(fetch: Callable[[], Any], done: Callable[[Any], bool], timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def test_subscription_lifecycle_runs_in_scaled_time(run_cli) -> None:
    # 600 sim s of provisioning at speed 1000: well under a second of real time.
    api = run_cli("--speed", "1000").api
    created = api.create_subscription()
    task = _poll(lambda: api.get(f"/tasks/{created['taskId']}"), lambda a: a.status_code == 200
                 and a.json()["status"] == "processing-completed").json()
    subscription_id = task["response"]["resourceId"]
    active = _poll(lambda: api.get(f"/subscriptions/{subscription_id}"),
                   lambda a: a.status_code == 200 and a.json()["status"] == "active")
    assert active.json()["status"] == "active"
    listed = _poll(lambda: api.get(f"/subscriptions/{subscription_id}/databases"), lambda a: a.status_code == 200)
    database_id = listed.json()["subscription"][0]["databases"][0]["databaseId"]
    _poll(lambda: api.get(f"/subscriptions/{subscription_id}").json()["status"], lambda s: s == "active")
    api.delete(f"/subscriptions/{subscription_id}/databases/{database_id}")
    _poll(lambda: api.get(f"/subscriptions/{subscription_id}/databases/{database_id}").status_code, lambda s: s == 404)
    _poll(lambda: api.get(f"/subscriptions/{subscription_id}").json()["status"], lambda s: s == "active")
    delete = api.delete(f"/subscriptions/{subscription_id}").json()
    # A task can answer 404 for a moment after its write (the API's eventual consistency, simulated too).
    finished = _poll(lambda: api.get(f"/tasks/{delete['taskId']}"),
                     lambda a: a.status_code == 200 and a.json()["status"] == "processing-completed")
    assert finished.json()["commandType"] == "subscriptionDeleteRequest"
    assert _poll(lambda: api.get(f"/subscriptions/{subscription_id}").status_code, lambda s: s == 404) == 404


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_the_server_with_exit_0(run_cli, signum: int) -> None:
    simulator = run_cli()
    assert simulator.api.get("/payment-methods").status_code == 200
    returncode, stderr = simulator.stop(signum)
    assert (returncode, stderr) == (0, "")
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{simulator.url}/payment-methods", timeout=2)


def test_module_entry_point_and_config_file(run_cli, tmp_path: Path) -> None:
    config: dict[str, Any] = {"rate_limit": {"requests": 50},
                              "faults": [{"kind": "http_error", "status": 502, "method": "GET", "path": "/v1/tasks", "count": 1}]}
    config_file = tmp_path / "simulator.json"
    config_file.write_text(json.dumps(config), encoding="utf-8")
    simulator = run_cli("--config", str(config_file), "--seed", "3", module=True)
    assert simulator.api.get("/tasks").status_code == 502
    answer = simulator.api.get("/tasks")
    assert answer.status_code == 200 and answer.headers["X-Rate-Limit-Remaining"] == "48"
    assert simulator.api.control("GET", "config")["seed"] == 3


def test_dropped_connections_leave_no_traceback(run_cli) -> None:
    simulator = run_cli()
    simulator.api.configure(faults=[{"kind": "drop_before", "count": 1}, {"kind": "drop_after", "method": "POST", "count": 1}])
    for call in (lambda: simulator.api.get("/tasks"), lambda: simulator.api.post("/subscriptions", subscription_plan())):
        with pytest.raises(requests.ConnectionError):
            call()
    assert simulator.api.get("/tasks").status_code == 200
    returncode, stderr = simulator.stop()
    assert (returncode, stderr) == (0, "")


def test_bad_config_file_exits_2_with_the_reason(tmp_path: Path) -> None:
    config_file = tmp_path / "bad.json"
    config_file.write_text(json.dumps({"speed": -1}), encoding="utf-8")
    finished = subprocess.run([sys.executable, "-m", "redis_cloud_simulator", "--port", "0", "--config", str(config_file)],
                              capture_output=True, text=True, timeout=20, check=False)
    assert finished.returncode == 2 and "speed" in finished.stderr and finished.stdout == ""
