"""Run soak cycles in parallel and record what each play believes happened."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from tests.soak.environment import CYCLE_PLAY, PlaybookRunner

CREATE, RENAME, CREATE_DATABASE, RESIZE_DATABASE, DELETE_DATABASE, DELETE = (
    "Create", "Rename", "Create database", "Resize database", "Delete database", "Delete")
STEPS = (CREATE, RENAME, CREATE_DATABASE, RESIZE_DATABASE, DELETE_DATABASE, DELETE)
API_TIMEOUT_SECONDS = 3
WAIT_TIMEOUT_SECONDS = 180
CREATED_GB = 1
RESIZED_GB = 2
RENAMED_SUFFIX = "-renamed"
DATABASE_SUFFIX = "-db"


@dataclass
class CycleRecord:
    """One cycle as its play saw it: which steps succeeded, the ids it was told, the failure if any.

    ``output`` is everything the run printed and recorded: searched for database passwords
    at the end (the simulator knows them), then dropped.
    """

    name: str
    rc: int
    steps_ok: list[str] = field(default_factory=list)
    failed_step: str | None = None
    failure: dict[str, Any] | None = None
    message: str | None = None
    subscription_ids: set[int] = field(default_factory=set)
    plan_database_ids: set[int] = field(default_factory=set)  # the creation plan's, from the subscription module
    database_ids: set[int] = field(default_factory=set)       # the one made by redis_cloud_database
    output: str = ""

    @property
    def completed(self) -> bool:
        return self.steps_ok == list(STEPS)

    @property
    def believes_deleted(self) -> bool:
        return DELETE in self.steps_ok

    def believes_database_deleted(self, database_id: int) -> bool:
        if self.believes_deleted:
            return True
        return database_id in self.database_ids and DELETE_DATABASE in self.steps_ok

    @property
    def known_database_ids(self) -> set[int]:
        return self.plan_database_ids | self.database_ids

    @property
    def crashed(self) -> bool:
        """Failed without the module's structured failure: a traceback or a broken run, never acceptable."""
        return self.rc != 0 and self.failure is None


def cycle_name(index: int) -> str:
    return f"soak-{index:04d}"


def database_name(name: str) -> str:
    return name + DATABASE_SUFFIX


def _ids(value: Any) -> set[int]:
    if value is None:
        return set()
    values = value if isinstance(value, list) else [value]
    return {int(item) for item in values if isinstance(item, int) or (isinstance(item, str) and item.isdigit())}


def record_result(record: CycleRecord, task: str, status: str, result: dict[str, Any]) -> None:
    """Add one task result of the play to what its cycle believes."""
    record.subscription_ids |= _ids(result.get("subscription_id"))
    if task in (CREATE, DELETE):
        record.plan_database_ids |= _ids(result.get("database_ids"))
    else:
        record.database_ids |= _ids(result.get("database_id"))
    if status == "ok":
        record.steps_ok.append(task)
    elif status == "failed":
        record.failed_step = task
        record.failure = result.get("failure")
        record.message = str(result.get("msg") or result.get("module_stderr") or "")[:600]


def run_cycle(runner: PlaybookRunner, index: int) -> CycleRecord:
    name = cycle_name(index)
    play_vars = {"cycle_name": name, "api_timeout": API_TIMEOUT_SECONDS, "wait_timeout": WAIT_TIMEOUT_SECONDS,
                 "resized_gb": RESIZED_GB}
    # The keys are searched for by the verdict, with the database passwords: a leak is counted, not a crash.
    run = runner.run(str(CYCLE_PLAY), play_vars, timeout=WAIT_TIMEOUT_SECONDS * 2 * len(STEPS), check_secrets=False)
    record = CycleRecord(name=name, rc=run.rc, output=run.all_output)
    for entry in run.results:
        if entry["task"] in STEPS:
            record_result(record, entry["task"], entry["status"], entry["result"])
    if run.rc != 0 and record.failed_step is None:
        record.message = (run.stderr or run.stdout)[-600:]
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
