"""Fixtures for the integration suite: one simulator per session, a clean account per test."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from database_helpers import checked_runner
from harness import PlaybookRun, PlaybookRunner, SimulatorProcess, new_credentials
from subscription_helpers import create_directly


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Long waits first (marker long_running), the rest in file order: xdist hands tests out in this order,
    so that the longest ones run beside the short ones instead of at the end, with the other workers idle."""
    items.sort(key=lambda item: item.get_closest_marker("long_running") is None)


@pytest.fixture(scope="session")
def simulator_process() -> Iterator[SimulatorProcess]:
    api_key, api_secret_key = new_credentials()
    simulator = SimulatorProcess(api_key, api_secret_key).start()
    simulator.default_config = simulator.config()  # type: ignore[attr-defined]
    try:
        yield simulator
    finally:
        assert simulator.stop() == 0, "the simulator should stop cleanly on SIGTERM"


@pytest.fixture
def sim(simulator_process: SimulatorProcess) -> SimulatorProcess:
    """The simulator, reset to an empty account and its start-up configuration."""
    simulator_process.configure(**simulator_process.default_config)  # type: ignore[attr-defined]
    simulator_process.reset()
    return simulator_process


@pytest.fixture
def run_playbook(sim: SimulatorProcess):
    runner = PlaybookRunner(sim)

    def run(playbook: str, extra_vars: dict[str, Any] | None = None, **options: Any) -> PlaybookRun:
        return runner.run(playbook, extra_vars, **options)

    return run


# The database tests' fixtures ------------------------------------------------------------------

@pytest.fixture
def play(sim: SimulatorProcess, run_playbook):
    """run_playbook, with every write body checked against the spec and every play searched for database passwords."""
    return checked_runner(sim, run_playbook)


@pytest.fixture
def subscription_id(sim: SimulatorProcess) -> int:
    """An active subscription made through the API itself, for a database test to work in."""
    return create_directly(sim, "shop")
