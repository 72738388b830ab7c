"""Shared arrangements and checks for the private-networking integration tests (peerings, transit gateways)."""

from __future__ import annotations

from typing import Any

from harness import PlaybookRun, SimulatorProcess
from subscription_helpers import WRITE_METHODS, create_directly

GCP_PLAN = {"cloudProviders": [{"provider": "GCP", "regions": [{"region": "europe-west1"}]}]}


def create_gcp_subscription(sim: SimulatorProcess, name: str = "gcp-net") -> int:
    return create_directly(sim, name, **GCP_PLAN)


def create_active_active_subscription(sim: SimulatorProcess, name: str = "aa-net") -> int:
    return create_directly(sim, name, deploymentType="active-active")


def logged_between(run: PlaybookRun, before: str, after: str) -> list[dict[str, Any]]:
    """The simulator's request log between two tasks of a play that registered GET /_simulator/requests."""
    start = len(run.task(before)["json"]["requests"])
    return run.task(after)["json"]["requests"][start:]


def writes_in(requests: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(entry["method"], entry["path"]) for entry in requests if entry["method"] in WRITE_METHODS and entry["path"].startswith("/v1/")]


def paths_in(requests: list[dict[str, Any]]) -> list[str]:
    return [entry["path"] for entry in requests if entry["path"].startswith("/v1/")]


def timeline_statuses(result: dict[str, Any], what: str) -> list[str]:
    return [entry["status"] for entry in result.get("timeline", []) if entry["what"] == what]
