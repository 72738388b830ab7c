"""Run soak cycles in parallel and record what each play believes happened."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from tests.soak.environment import CYCLE_PLAY, PlaybookRunner

STEPS = ("Create", "Rename", "Delete")
API_TIMEOUT_SECONDS = 3
WAIT_TIMEOUT_SECONDS = 180


@dataclass
class CycleRecord:
    """One cycle as its play saw it: which steps succeeded, the ids it was told, the failure if any."""

    name: str
    rc: int
    steps_ok: list[str] = field(default_factory=list)
    failed_step: str | None = None
    failure: dict[str, Any] | None = None
    message: str | None = None
    subscription_ids: set[int] = field(default_factory=set)

    @property
    def completed(self) -> bool:
        return self.steps_ok == list(STEPS)

    @property
    def believes_deleted(self) -> bool:
        return "Delete" in self.steps_ok

    @property
    def crashed(self) -> bool:
        """Failed without the module's structured failure: a traceback or a broken run, never acceptable."""
        return self.rc != 0 and self.failure is None


def cycle_name(index: int) -> str:
    return f"soak-{index:04d}"


def run_cycle(runner: PlaybookRunner, index: int) -> CycleRecord:
    name = cycle_name(index)
    play_vars = {"cycle_name": name, "api_timeout": API_TIMEOUT_SECONDS, "wait_timeout": WAIT_TIMEOUT_SECONDS}
    run = runner.run(str(CYCLE_PLAY), play_vars, timeout=WAIT_TIMEOUT_SECONDS * 4)
    record = CycleRecord(name=name, rc=run.rc)
    for entry in run.results:
        if entry["task"] not in STEPS:
            continue
        result = entry["result"]
        if result.get("subscription_id") is not None:
            record.subscription_ids.add(int(result["subscription_id"]))
        if entry["status"] == "ok":
            record.steps_ok.append(entry["task"])
        elif entry["status"] == "failed":
            record.failed_step = entry["task"]
            record.failure = result.get("failure")
            record.message = str(result.get("msg") or result.get("module_stderr") or "")[:400]
    if run.rc != 0 and record.failed_step is None:
        record.message = (run.stderr or run.stdout)[-400:]
    return record


def run_cycles(runner: PlaybookRunner, cycles: int, parallel: int, progress: Callable[[str], None]) -> list[CycleRecord]:
    """All cycles, ``parallel`` plays at a time; records in cycle order."""
    done = 0
    lock = threading.Lock()

    def one(index: int) -> CycleRecord:
        nonlocal done
        record = run_cycle(runner, index)
        with lock:
            done += 1
            outcome = "ok" if record.completed else f"failed at {record.failed_step or 'start'}"
            progress(f"[{done}/{cycles}] {record.name}: {outcome}")
        return record

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        return list(pool.map(one, range(cycles)))
