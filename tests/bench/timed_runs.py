"""Playbook runs timed module run by module run (the task_timer callback), in Unix time like the simulator's log."""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench.environment import BENCH_CALLBACK_DIR, PlaybookRunner


@dataclass(frozen=True)
class ModuleRun:
    task: str
    item: bool        # one item of a loop
    started: float    # Unix time: the task's start, or the end of the item before it
    ended: float
    status: str

    @property
    def seconds(self) -> float:
        return self.ended - self.started


@dataclass(frozen=True)
class Timings:
    launched: float                   # Unix time ansible-playbook was started
    first_task_started: float | None  # Unix time its first task started (start-up done)
    runs: list[ModuleRun]

    @property
    def start_up(self) -> float | None:
        """Real seconds of ansible-playbook start-up: from its launch to the start of its first task."""
        return None if self.first_task_started is None else self.first_task_started - self.launched

    def of(self, task: str) -> list[ModuleRun]:
        return [run for run in self.runs if run.task == task]


def run_timed(runner: PlaybookRunner, playbook: Path, extra_vars: dict[str, Any], timeout: float) -> tuple[Any, Timings]:
    """``runner.run`` with the task_timer callback on; the run, and when each of its module runs started and ended."""
    with tempfile.TemporaryDirectory(prefix="rediscloud-bench-") as scratch:
        timings_path = Path(scratch) / "timings.json"
        env = {
            "ANSIBLE_CALLBACK_PLUGINS": os.pathsep.join((str(BENCH_CALLBACK_DIR), runner.environment()["ANSIBLE_CALLBACK_PLUGINS"])),
            "ANSIBLE_CALLBACKS_ENABLED": "result_recorder,task_timer",
            "REDISCLOUD_BENCH_TIMINGS": str(timings_path),
        }
        launched = time.time()
        run = runner.run(str(playbook), extra_vars=extra_vars, env=env, timeout=timeout)
        recorded = json.loads(timings_path.read_text(encoding="utf-8")) if timings_path.exists() else {"runs": []}
    runs = [ModuleRun(entry["task"], entry["item"], entry["started"], entry["ended"], entry["status"]) for entry in recorded["runs"]]
    return run, Timings(launched, recorded.get("first_task_started"), runs)
