"""Table 4: what a module run costs next to ansible.builtin.uri doing the same GET.

A play reads the same finished task N times with redis_cloud_task_info and N
times with ansible.builtin.uri (same GET, same headers), alternating one of each
so that other load on the machine hits both alike; the play runs several rounds.
The ``task_timer`` callback times every module run (no play start-up included).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.bench.environment import PLAYBOOK_DIR, PlaybookRunner, client_for, dry_run_create_body, simulator
from tests.bench.stats import Table, Target, median
from tests.bench.timed_runs import run_timed
from tests.collection_link import COLLECTIONS_ROOT

# Importable once tests.bench.environment has put .build/collections on sys.path.
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import TaskWaiter

# Task names in playbooks/tasks/overhead_pair.yml -> the label shown.
MODULES = {
    "Read the task with redis_cloud_task_info": "rediscloud.api.redis_cloud_task_info",
    "Read the task with ansible.builtin.uri": "ansible.builtin.uri (baseline)",
}
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


def run_times(runner: Any, task_id: str, repeat: int) -> dict[str, list[float]]:
    """Seconds of each module run in one play, by module label."""
    run, timings = run_timed(runner, PLAYBOOK_DIR / "overhead.yml", {"task_id": task_id, "repeat": repeat}, timeout=600)
    if run.rc != 0:
        raise RuntimeError(f"overhead.yml failed (rc {run.rc}):\n{run.stdout[-1500:]}")
    return {label: [module_run.seconds for module_run in timings.of(task_name)] for task_name, label in MODULES.items()}


# Packages whose import dominates a module's start-up, reported wherever they are imported.
NOTABLE_IMPORTS = ("ansible.module_utils.basic", "requests", "urllib3", "ansible.module_utils.urls", "ssl", "http.client")


@dataclass(frozen=True)
class ImportCost:
    total_ms: float
    notable: list[tuple[str, float]]  # NOTABLE_IMPORTS it pulls in, with their cumulative ms


def import_cost(module: str, attempts: int = 3) -> ImportCost:
    """``python -X importtime -c 'import <module>'``: the fastest of a few fresh interpreters (warm file cache)."""
    return min((_import_cost_once(module) for _attempt in range(attempts)), key=lambda cost: cost.total_ms)


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
    times: dict[str, list[float]] = {label: [] for label in MODULES.values()}
    ours, baseline_label = MODULES.values()
    round_ratios: list[float] = []
    with simulator(200.0) as process:
        runner = PlaybookRunner(process)
        task_id = finished_task(process)
        for round_number in range(1, rounds + 1):
            progress(f"  table 4: round {round_number} of {rounds}, {repeat} runs of each module, alternating")
            this_round = run_times(runner, task_id, repeat)
            for label, values in this_round.items():
                times[label].extend(values)
            round_ratios.append(median(this_round[ours]) / median(this_round[baseline_label]))
    imports = {label: import_cost(module) for label, module in MODULE_IMPORTS.items()}
    baseline = median(times[baseline_label])
    fastest = min(times[baseline_label])
    headers = ["module", "runs", "median wall per run (ms)", "ratio to uri", "fastest run (ms)", "ratio to uri (fastest)",
               "import of the module (ms)", "of which (cumulative ms)"]
    rows = []
    for label, values in times.items():
        cost = imports[label]
        heaviest = ", ".join(f"{name} {ms:.0f}" for name, ms in cost.notable)
        rows.append([label, str(len(values)), f"{median(values) * 1000:.0f}", f"{median(values) / baseline:.2f}x",
                     f"{min(values) * 1000:.0f}", f"{min(values) / fastest:.2f}x", f"{cost.total_ms:.0f}", heaviest])
    overall = median(times[ours]) / baseline
    targets = [Target("module overhead <= 1.1 x ansible.builtin.uri", f"{overall:.2f}x (per-round ratios: "
                      f"{', '.join(f'{value:.2f}' for value in round_ratios)})", overall <= 1.1)]
    method = [
        f"{rounds} runs of tests/bench/playbooks/overhead.yml; each reads the same finished task {repeat} times with "
        f"redis_cloud_task_info and {repeat} times with ansible.builtin.uri, alternating one of each (tasks/overhead_pair.yml). "
        "The task_timer callback (tests/bench/callback_plugins) times every module run from its task's start to its result: "
        "the whole module execution, no play start-up.",
        "The fastest run of each is shown too: it is the least disturbed by other work on the machine (see the load averages).",
        "Import = `python -X importtime -c 'import <module>'`, fastest of 3 fresh interpreters: the module's cumulative import "
        "time, and that of the heavy packages it pulls in (nested: requests includes urllib3 and part of ssl/http.client).",
    ]
    return Table("Table 4. Module overhead: redis_cloud_task_info vs ansible.builtin.uri (same GET)", headers, rows, method, targets)
