"""Table 4: what a module run costs next to ansible.builtin.uri doing the same GET.

Two plays read the same finished task N times in a loop: one with
redis_cloud_task_info, one with ansible.builtin.uri and the same headers. The
plays alternate over several rounds so that machine noise hits both alike; the
``item_timer`` callback times every loop item (no play start-up included).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench.environment import (
    BENCH_CALLBACK_DIR,
    COLLECTIONS_ROOT,
    PLAYBOOK_DIR,
    PlaybookRunner,
    client_for,
    dry_run_create_body,
    simulator,
)
from tests.bench.stats import Table, Target, median

from ansible_collections.rediscloud.api.plugins.module_utils.waiter import TaskWaiter

TASK_NAME = "Read the task"
PLAYS = (("rediscloud.api.redis_cloud_task_info", "overhead_task_info.yml"), ("ansible.builtin.uri (baseline)", "overhead_uri.yml"))
MODULE_IMPORTS = {
    "rediscloud.api.redis_cloud_task_info": "ansible_collections.rediscloud.api.plugins.modules.redis_cloud_task_info",
    "ansible.builtin.uri (baseline)": "ansible.modules.uri",
}
IMPORT_LINE = re.compile(r"^import time:\s+(?P<self>\d+)\s+\|\s+(?P<cumulative>\d+)\s+\|(?P<indent>\s*)(?P<name>\S+)")


def finished_task(process: Any) -> str:
    client = client_for(process)
    task_id = client.post("/subscriptions", dry_run_create_body("overhead"))["taskId"]
    TaskWaiter(client, poll_interval=1).wait(task_id)
    return task_id


def item_times(runner: Any, playbook: str, task_id: str, repeat: int) -> list[float]:
    with tempfile.TemporaryDirectory(prefix="rediscloud-bench-") as scratch:
        timings_path = Path(scratch) / "timings.json"
        env = {
            "ANSIBLE_CALLBACK_PLUGINS": os.pathsep.join((str(BENCH_CALLBACK_DIR), runner.environment()["ANSIBLE_CALLBACK_PLUGINS"])),
            "ANSIBLE_CALLBACKS_ENABLED": "result_recorder,item_timer",
            "REDISCLOUD_BENCH_TIMINGS": str(timings_path),
        }
        run = runner.run(str(PLAYBOOK_DIR / playbook), extra_vars={"task_id": task_id, "repeat": repeat}, env=env)
        if run.rc != 0:
            raise RuntimeError(f"{playbook} failed (rc {run.rc}):\n{run.stdout[-1500:]}")
        return json.loads(timings_path.read_text(encoding="utf-8"))[TASK_NAME]


# Packages whose import dominates a module's start-up, reported wherever they are imported.
NOTABLE_IMPORTS = ("ansible.module_utils.basic", "requests", "urllib3", "ansible.module_utils.urls", "ssl", "http.client")


@dataclass(frozen=True)
class ImportCost:
    total_ms: float
    notable: list[tuple[str, float]]  # NOTABLE_IMPORTS it pulls in, with their cumulative ms


def import_cost(module: str, attempts: int = 3) -> ImportCost:
    """``python -X importtime -c 'import <module>'``: the fastest of a few fresh interpreters (warm file cache)."""
    return min((_import_cost_once(module) for _ in range(attempts)), key=lambda cost: cost.total_ms)


def _import_cost_once(module: str) -> ImportCost:
    env = {**os.environ, "PYTHONPATH": str(COLLECTIONS_ROOT)}
    completed = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True,
                               env=env, check=True)
    cumulative: dict[str, float] = {}
    for line in completed.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match:
            cumulative[match["name"]] = int(match["cumulative"]) / 1000
    notable = [(name, cumulative[name]) for name in NOTABLE_IMPORTS if name in cumulative]
    return ImportCost(cumulative.get(module, float("nan")), notable)


def module_overhead_table(repeat: int, rounds: int, progress: Callable[[str], None]) -> Table:
    times: dict[str, list[float]] = {label: [] for label, _ in PLAYS}
    round_ratios: list[float] = []
    with simulator(200.0) as process:
        runner = PlaybookRunner(process)
        task_id = finished_task(process)
        for round_number in range(1, rounds + 1):
            progress(f"  table 4: round {round_number} of {rounds}, {repeat} runs of each module")
            this_round = {label: item_times(runner, playbook, task_id, repeat) for label, playbook in PLAYS}
            for label, values in this_round.items():
                times[label].extend(values)
            round_ratios.append(median(this_round[PLAYS[0][0]]) / median(this_round[PLAYS[1][0]]))
    imports = {label: import_cost(module) for label, module in MODULE_IMPORTS.items()}
    baseline = median(times[PLAYS[1][0]])
    headers = ["module", "runs", "median wall per run (ms)", "min (ms)", "ratio to uri", "import of the module (ms)", "of which (cumulative ms)"]
    rows = []
    for label, _ in PLAYS:
        values = times[label]
        cost = imports[label]
        heaviest = ", ".join(f"{name} {ms:.0f}" for name, ms in cost.notable)
        rows.append([label, str(len(values)), f"{median(values) * 1000:.0f}", f"{min(values) * 1000:.0f}",
                     f"{median(values) / baseline:.2f}x", f"{cost.total_ms:.0f}", heaviest])
    overall = median(times[PLAYS[0][0]]) / baseline
    targets = [Target("module overhead <= 1.1 x ansible.builtin.uri", f"{overall:.2f}x (per-round ratios: "
                      f"{', '.join(f'{value:.2f}' for value in round_ratios)})", overall <= 1.1)]
    method = [
        f"{rounds} rounds; in each, the redis_cloud_task_info play then the uri play, each reading the same finished task "
        f"{repeat} times in a loop (tests/bench/playbooks/overhead_*.yml). The item_timer callback (tests/bench/callback_plugins) "
        "times every loop item from the previous result to its own: the whole module execution, no play start-up.",
        "Import = `python -X importtime -c 'import <module>'`, fastest of 3 fresh interpreters: the module's cumulative import "
        "time, and that of the heavy packages it pulls in (nested: requests includes urllib3 and part of ssl/http.client).",
    ]
    return Table("Table 4. Module overhead: redis_cloud_task_info vs ansible.builtin.uri (same GET)", headers, rows, method, targets)
