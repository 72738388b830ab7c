"""Run the simulator and ansible-playbook the way a user does, for the integration tests.

``SimulatorProcess`` starts the real ``redis-cloud-simulator`` on a free loopback port;
``PlaybookRunner`` runs a play from ``tests/integration/playbooks`` with
``ansible-playbook`` and returns its output plus the recorded task results.
Benchmarks and the soak run reuse both.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK_DIR = Path(__file__).resolve().parent / "playbooks"
CALLBACK_DIR = Path(__file__).resolve().parent / "callback_plugins"
COLLECTIONS_PATH = REPO_ROOT / ".build" / "collections"
LISTENING_LINE = re.compile(r"listening on (?P<url>http://[^\s]+/v1)")
# The playbook of each ansible-playbook run this process made (conftest.py reports how many each test made).
PLAYBOOK_RUNS: list[str] = []


def new_credentials() -> tuple[str, str]:
    """Distinctive random keys, so a search of the output for them means something."""
    return f"acct-{secrets.token_hex(8)}", f"secret-{secrets.token_hex(12)}"


class SimulatorProcess:
    """The simulator as a child process on 127.0.0.1, port chosen by the OS."""

    def __init__(self, api_key: str, api_secret_key: str, speed: float = 200.0, seed: int = 1,
                 extra_args: list[str] | None = None) -> None:
        self.api_key = api_key
        self.api_secret_key = api_secret_key
        self.speed = speed
        self.seed = seed
        self.extra_args = extra_args or []
        self.api_url = ""
        self.base_url = ""
        self._process: subprocess.Popen[str] | None = None

    def start(self, startup_timeout: float = 30.0) -> SimulatorProcess:
        command = [
            sys.executable, "-m", "redis_cloud_simulator",
            "--host", "127.0.0.1", "--port", "0",
            "--api-key", self.api_key, "--api-secret-key", self.api_secret_key,
            "--speed", str(self.speed), "--seed", str(self.seed), *self.extra_args,
        ]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        first_line = _read_line_with_timeout(self._process, startup_timeout)
        match = LISTENING_LINE.search(first_line)
        if not match:
            self.stop()
            raise RuntimeError(f"simulator did not announce its address; first line: {first_line!r}")
        self.api_url = match.group("url")
        self.base_url = self.api_url[: -len("/v1")]
        return self

    def stop(self) -> int | None:
        if self._process is None:
            return None
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process.stdout:
            self._process.stdout.close()
        return self._process.returncode

    # control endpoints -------------------------------------------------------------
    def reset(self) -> None:
        requests.post(f"{self.base_url}/_simulator/reset", timeout=10).raise_for_status()

    def config(self) -> dict[str, Any]:
        answer = requests.get(f"{self.base_url}/_simulator/config", timeout=10)
        answer.raise_for_status()
        return answer.json()

    def configure(self, **settings: Any) -> dict[str, Any]:
        answer = requests.put(f"{self.base_url}/_simulator/config", json=settings, timeout=10)
        answer.raise_for_status()
        return answer.json()

    def requests(self) -> list[dict[str, Any]]:
        answer = requests.get(f"{self.base_url}/_simulator/requests", timeout=10)
        answer.raise_for_status()
        return answer.json()["requests"]

    def state(self) -> dict[str, Any]:
        answer = requests.get(f"{self.base_url}/_simulator/state", timeout=10)
        answer.raise_for_status()
        return answer.json()

    def end_subscription_lags(self) -> list[int]:
        """New subscriptions still unreadable or unlisted read and list from now on; returns their ids."""
        answer = requests.post(f"{self.base_url}/_simulator/end-subscription-lags", timeout=10)
        answer.raise_for_status()
        return answer.json()["shown"]

    # the API itself, for arranging a test ------------------------------------------
    def api(self, method: str, path: str, body: Any = None) -> requests.Response:
        return requests.request(
            method, f"{self.api_url}{path}", json=body, timeout=10,
            headers={"x-api-key": self.api_key, "x-api-secret-key": self.api_secret_key},
        )


def _read_line_with_timeout(process: subprocess.Popen[str], timeout: float) -> str:
    import selectors

    assert process.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    try:
        if not selector.select(timeout):
            return ""
        return process.stdout.readline()
    finally:
        selector.close()


@dataclass
class PlaybookRun:
    """What one ansible-playbook run printed and did."""

    command: list[str]
    rc: int
    stdout: str
    stderr: str
    results: list[dict[str, Any]] = field(default_factory=list)
    results_text: str = ""

    def task(self, name: str) -> dict[str, Any]:
        """The result of the last run of the task called ``name`` on localhost."""
        matches = [record for record in self.results if record["task"] == name]
        if not matches:
            known = sorted({record["task"] for record in self.results})
            raise KeyError(f"no result for task {name!r}; tasks run: {known}\n{self.stdout}\n{self.stderr}")
        return matches[-1]["result"]

    def status(self, name: str) -> str:
        return [record for record in self.results if record["task"] == name][-1]["status"]

    @property
    def all_output(self) -> str:
        """Every byte the run produced, for secret searches."""
        return "\n".join((self.stdout, self.stderr, self.results_text))


class PlaybookRunner:
    """Runs plays from tests/integration/playbooks against one simulator.

    Plays run at -vvvv by default: every run of the suite, failures included, is then
    searched for the credentials at the verbosity where a leak is most likely.
    """

    def __init__(self, simulator: SimulatorProcess, python: str = sys.executable) -> None:
        self.simulator = simulator
        self.python = python

    def environment(self, extra: dict[str, str] | None = None, with_credentials: bool = True) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith(("REDISCLOUD_", "REDIS_"))}
        env.update(
            ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS_PATH),
            ANSIBLE_CALLBACK_PLUGINS=str(CALLBACK_DIR),
            ANSIBLE_CALLBACKS_ENABLED="result_recorder",
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_FORCE_COLOR="0",
            ANSIBLE_RETRY_FILES_ENABLED="0",
            ANSIBLE_LOCALHOST_WARNING="0",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
            ANSIBLE_HOME=str(REPO_ROOT / ".build" / "ansible-home"),
        )
        if with_credentials:
            env.update(REDISCLOUD_ACCESS_KEY=self.simulator.api_key, REDISCLOUD_SECRET_KEY=self.simulator.api_secret_key)
        env.update(extra or {})
        return env

    def run(self, playbook: str, extra_vars: dict[str, Any] | None = None, check: bool = False,
            diff: bool = False, verbosity: int = 4, env: dict[str, str] | None = None,
            with_credentials: bool = True, timeout: float = 600, check_secrets: bool = True) -> PlaybookRun:
        path = Path(playbook) if os.path.isabs(playbook) else PLAYBOOK_DIR / playbook
        variables = {"sim_api_url": self.simulator.api_url, "ansible_python_interpreter": self.python}
        variables.update(extra_vars or {})
        with tempfile.TemporaryDirectory(prefix="rediscloud-it-") as scratch:
            results_path = Path(scratch) / "results.json"
            vars_path = Path(scratch) / "vars.json"
            vars_path.write_text(json.dumps(variables), encoding="utf-8")
            command = [
                str(Path(self.python).parent / "ansible-playbook"), str(path),
                "-i", "localhost,", "-c", "local", "-e", f"@{vars_path}",
            ]
            if check:
                command.append("--check")
            if diff:
                command.append("--diff")
            if verbosity:
                command.append("-" + "v" * verbosity)
            PLAYBOOK_RUNS.append(path.name)
            completed = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False,
                env=self.environment({"REDISCLOUD_TEST_RESULTS": str(results_path), **(env or {})}, with_credentials),
                cwd=str(REPO_ROOT),
            )
            results_text = results_path.read_text(encoding="utf-8") if results_path.exists() else ""
        run = PlaybookRun(
            command=command, rc=completed.returncode, stdout=completed.stdout, stderr=completed.stderr,
            results=json.loads(results_text) if results_text else [], results_text=results_text,
        )
        # Every run of every test is searched for the credentials, whatever the test asserts (check_secrets=False
        # only for a test that shows where Ansible itself prints them, to back the docs' advice).
        if check_secrets:
            assert_no_secret(run, self.simulator)
        return run


def assert_no_secret(run: PlaybookRun, simulator: SimulatorProcess) -> None:
    """Neither key may appear anywhere in what the run printed or recorded."""
    for secret in (simulator.api_key, simulator.api_secret_key):
        assert secret not in run.all_output, "a credential leaked into the play's output"
