"""Shared arrangements for the backup, import and inventory integration tests: Essentials databases made through the
API itself, secret searches in every form a secret may take."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import yaml
from database_helpers import submit_directly, wait_task
from harness import REPO_ROOT, PlaybookRun, PlaybookRunner, SimulatorProcess
from waiting import wait_for

ESSENTIALS_PLAN = "Standard 250MB"  # a paid AWS us-east-1 plan of the simulator's catalogue that holds 4 databases


def essentials_plan_id(sim: SimulatorProcess) -> int:
    plans = sim.api("GET", "/fixed/plans?provider=AWS").json()["plans"]
    return next(plan["id"] for plan in plans if plan["name"] == ESSENTIALS_PLAN and plan["region"] == "us-east-1")


def create_essentials_database(sim: SimulatorProcess, name: str = "cache", **database: Any) -> tuple[int, int]:
    """An active Essentials subscription with one active database, made through the API; (subscription id, database id)."""
    task = wait_task(sim, submit_directly(sim, "POST", "/fixed/subscriptions",
                                          {"name": f"{name}-sub", "planId": essentials_plan_id(sim), "paymentMethodId": 2001}))
    assert task["status"] == "processing-completed", task
    subscription_id = task["response"]["resourceId"]
    wait_for(lambda: sim.api("GET", f"/fixed/subscriptions/{subscription_id}").json()["status"] == "active", "Essentials subscription")
    task = wait_task(sim, submit_directly(sim, "POST", f"/fixed/subscriptions/{subscription_id}/databases", {"name": name, **database}))
    assert task["status"] == "processing-completed", task
    database_id = task["response"]["resourceId"]
    path = f"/fixed/subscriptions/{subscription_id}/databases/{database_id}"
    wait_for(lambda: sim.api("GET", path).json()["status"] == "active", "Essentials database")
    wait_for(lambda: sim.api("GET", f"/fixed/subscriptions/{subscription_id}").json()["status"] == "active", "Essentials subscription")
    return subscription_id, database_id


def secret_forms(secret: str) -> list[str]:
    """A secret as output may carry it: raw, JSON-escaped, URL-encoded (either way, either hex case)."""
    encoded = [quote(secret, safe=""), quote_plus(secret, safe="")]
    forms = [secret, json.dumps(secret)[1:-1], *encoded, *(text.lower() for text in encoded)]
    return [form for form in dict.fromkeys(forms) if form]


def assert_no_secret_in_any_form(run: PlaybookRun, secrets: list[str]) -> None:
    output = run.all_output
    leaked = [index for index, secret in enumerate(secrets) for form in secret_forms(secret) if form in output]
    # Name which, never what: the message must not carry the secret.
    assert not leaked, f"secret(s) {sorted(set(leaked))} appear in the play's output in some form"


def run_inventory(sim: SimulatorProcess, source: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """ansible-inventory on a source, with the credentials and the API's URL in the environment (as AWX injects them).
    Neither key may appear in what it prints."""
    environment = PlaybookRunner(sim).environment({"REDISCLOUD_URL": sim.api_url, **(env or {})})
    command = [str(Path(sys.executable).parent / "ansible-inventory"), "-i", str(source), *args]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=600, env=environment, cwd=str(REPO_ROOT), check=False)
    for secret in (sim.api_key, sim.api_secret_key):
        assert secret not in completed.stdout + completed.stderr, "a credential leaked into ansible-inventory's output"
    return completed


def inventory_source(directory: Path, name: str, **options: Any) -> Path:
    """An inventory file of the plugin (its name ends with redis_cloud.yml, as the plugin asks)."""
    path = directory / f"{name}.redis_cloud.yml"
    path.write_text(yaml.safe_dump({"plugin": "rediscloud.api.redis_cloud", **options}, sort_keys=False), encoding="utf-8")
    return path


def database_passwords(sim: SimulatorProcess) -> list[str]:
    """Every database password the simulator holds, Pro and Essentials."""
    state = sim.state()
    return [db["password"] for db in state["databases"] + state["essentials"]["databases"] if db.get("password")]
