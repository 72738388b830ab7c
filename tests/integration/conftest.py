"""Fixtures for the integration suite (one simulator per session, a clean account per test), how pytest-xdist hands the
tests out (scheduling.py), and how many ansible-playbook runs each test made (printed at the end)."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, Iterator

import pytest

from database_helpers import checked_runner
from harness import PLAYBOOK_RUNS, PlaybookRun, PlaybookRunner, SimulatorProcess, new_credentials
from scheduling import SharedRunScheduling
from subscription_helpers import create_directly


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """One test at a time to each worker, a shared-run file whole to one worker (scheduling.py)."""
    if config.getvalue("dist") not in ("load", "loadgroup"):
        return None
    return SharedRunScheduling(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Long waits first (marker long_running), the rest in file order: xdist hands tests out in this order,
    so that the longest ones run beside the short ones instead of at the end, with the other workers idle."""
    items.sort(key=lambda item: item.get_closest_marker("long_running") is None)


# What each test costs: ansible-playbook runs (each spends 2-4 s starting up before any test logic). -------------

RUNS_BEFORE = pytest.StashKey[int]()
PLAYBOOK_RUNS_BY_TEST: dict[str, int] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    item.stash[RUNS_BEFORE] = len(PLAYBOOK_RUNS)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.when == "teardown":
        report.user_properties.append(("playbook_runs", len(PLAYBOOK_RUNS) - item.stash.get(RUNS_BEFORE, 0)))
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Runs in the xdist controller too: the workers' reports carry their counts."""
    for name, value in report.user_properties:
        if name == "playbook_runs":
            PLAYBOOK_RUNS_BY_TEST[report.nodeid] = value


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not PLAYBOOK_RUNS_BY_TEST:
        return
    most = sorted(PLAYBOOK_RUNS_BY_TEST.items(), key=lambda entry: -entry[1])[:5]
    terminalreporter.write_line(
        f"ansible-playbook runs (harness.PlaybookRunner): {sum(PLAYBOOK_RUNS_BY_TEST.values())} for {len(PLAYBOOK_RUNS_BY_TEST)} tests; "
        "the most: " + ", ".join(f"{runs} {nodeid.rsplit('::', 1)[-1]}" for nodeid, runs in most))


@pytest.fixture(scope="session")
def simulator_process() -> Iterator[SimulatorProcess]:
    api_key, api_secret_key = new_credentials()
    simulator = SimulatorProcess(api_key, api_secret_key).start()
    simulator.default_config = simulator.config()  # type: ignore[attr-defined]
    try:
        yield simulator
    finally:
        assert simulator.stop() == 0, "the simulator should stop cleanly on SIGTERM"


def reset(simulator_process: SimulatorProcess) -> SimulatorProcess:
    """The simulator, reset to an empty account and its start-up configuration."""
    simulator_process.configure(**simulator_process.default_config)  # type: ignore[attr-defined]
    simulator_process.reset()
    return simulator_process


@pytest.fixture
def sim(simulator_process: SimulatorProcess) -> SimulatorProcess:
    """The simulator, reset to an empty account and its start-up configuration."""
    return reset(simulator_process)


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
