"""Table 3: one hundred tasks awaited at once under the real 400 requests/minute limit.

The account runs its tasks one at a time, each short, so the hundred finish over
about a minute of real time (speed 1: nothing is scaled here, the rate limit included).
(a) one redis_cloud_task_info run with the hundred task_ids and wait: true;
(b) a hundred independent TaskWaiter.wait calls in threads, each with its own client:
what a hundred async module runs would do.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.bench.environment import PLAYBOOK_DIR, PlaybookRunner, client_for, dry_run_create_body, simulator
from tests.bench.stats import Table, Target

# Importable once tests.bench.environment has put .build/collections on sys.path.
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import TaskWaiter

TASKS = 100
RECEIVED_SECONDS = 0.2
# The simulator answers 404 for a new task, and leaves it out of GET /tasks, for this long (task_not_found_seconds).
NOT_VISIBLE_SECONDS = 1.0
WINDOW_SECONDS = 60.0


@dataclass
class Outcome:
    label: str
    completion: float       # real seconds from the first submission to the last task seen finished
    wait_requests: int      # /v1 requests after the submissions
    initial_reads: int      # GET /tasks/{id} sent before the first poll round (the module's first look)
    finished_reads: int     # GET /tasks/{id} sent after it: tasks read once they left the list of running tasks
    rounds: int             # poll rounds of one waiter
    peak_per_minute: int    # most /v1 requests in any 60 s window, submissions included
    rate_limited: int
    failed_waits: int
    note: str = ""

    @property
    def per_round(self) -> float:
        return (self.wait_requests - self.initial_reads - self.finished_reads) / self.rounds if self.rounds else float("nan")


def peak_in_window(times: list[float], window: float = WINDOW_SECONDS) -> int:
    ordered = sorted(times)
    peak, start = 0, 0
    for end, moment in enumerate(ordered):
        while ordered[start] <= moment - window:
            start += 1
        peak = max(peak, end - start + 1)
    return peak


def submit_tasks(process: Any) -> tuple[list[str], float]:
    client = client_for(process)
    started = time.monotonic()
    task_ids = [client.post("/subscriptions", dry_run_create_body(f"many-{index}"))["taskId"] for index in range(TASKS)]
    # Both variants start once every task can be listed: a round that comes sooner misses the newest tasks in GET /tasks
    # and reads them by id, which measures the start-up race and not the waiting.
    time.sleep(NOT_VISIBLE_SECONDS + 0.2)
    return task_ids, started


def one_module_run(process: Any) -> Outcome:
    task_ids, started = submit_tasks(process)
    run = PlaybookRunner(process).run(str(PLAYBOOK_DIR / "task_info_many.yml"), extra_vars={"task_ids": task_ids}, timeout=1800)
    completion = time.monotonic() - started
    log = process.requests()
    waits = log[TASKS:]
    first_list = next((index for index, entry in enumerate(waits) if entry["path"] == "/v1/tasks"), len(waits))
    return Outcome(
        label="(a) one redis_cloud_task_info, task_ids x100, wait",
        completion=completion,
        wait_requests=len(waits),
        initial_reads=first_list,
        finished_reads=sum(1 for entry in waits[first_list:] if entry["path"].startswith("/v1/tasks/")),
        rounds=sum(1 for entry in waits if entry["path"] == "/v1/tasks"),
        peak_per_minute=peak_in_window([entry["time"] for entry in log]),
        rate_limited=sum(1 for entry in log if entry["status"] == 429),
        failed_waits=0 if run.rc == 0 else TASKS,
        note="" if run.rc == 0 else (run.stdout + run.stderr)[-400:],
    )


def independent_waiters(process: Any) -> Outcome:
    task_ids, started = submit_tasks(process)
    failures: list[str] = []
    rounds: list[int] = []
    finished_at: list[float] = []
    lock = threading.Lock()

    def wait_for(task_id: str) -> None:
        client = client_for(process)
        try:
            TaskWaiter(client).wait(task_id)
        except RedisCloudError as exc:
            with lock:
                failures.append(str(exc))
        with lock:
            rounds.append(client.request_count)
            finished_at.append(time.monotonic())

    threads = [threading.Thread(target=wait_for, args=(task_id,)) for task_id in task_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    log = process.requests()
    waits = log[TASKS:]
    rounds.sort()
    return Outcome(
        label="(b) 100 independent waiters (= 100 async module runs)",
        completion=max(finished_at) - started,
        wait_requests=len(waits),
        initial_reads=0,
        finished_reads=0,
        rounds=rounds[len(rounds) // 2],
        peak_per_minute=peak_in_window([entry["time"] for entry in log]),
        rate_limited=sum(1 for entry in log if entry["status"] == 429),
        failed_waits=len(failures),
        note=failures[0] if failures else "",
    )


def concurrent_waits_table(processing_seconds: float, progress: Callable[[str], None]) -> Table:
    config = {
        "task_received_seconds": RECEIVED_SECONDS,
        "task_durations": {"subscriptionCreateRequest": processing_seconds},
        "request_log_limit": 100000,
    }
    outcomes = []
    for label, measure in (("one module run", one_module_run), ("independent waiters", independent_waiters)):
        progress(f"  table 3: {TASKS} tasks of {processing_seconds:g} s each, {label}")
        with simulator(1.0, **config) as process:
            outcomes.append(measure(process))
    baseline = outcomes[1]
    headers = ["variant", "completion (s)", "wait requests", "vs 100 waiters", "first reads", "reads of finished tasks", "poll rounds",
               "requests/round", "peak requests/min", "429s", "failed waits"]
    rows = [
        [o.label, f"{o.completion:.1f}", str(o.wait_requests), f"{o.wait_requests / baseline.wait_requests:.2f}x",
         str(o.initial_reads), str(o.finished_reads) if o is outcomes[0] else "-", str(o.rounds), f"{o.per_round:.2f}",
         str(o.peak_per_minute), str(o.rate_limited), str(o.failed_waits)]
        for o in outcomes
    ]
    joined = outcomes[0]
    targets = [
        Target("one request per round, plus one read of each task once it has left the list of running tasks",
               f"{joined.per_round:.2f} requests per round after {joined.initial_reads} first reads; {joined.finished_reads} reads "
               f"of finished tasks for {TASKS} tasks", joined.per_round <= 1.0 and joined.finished_reads <= TASKS),
        Target("zero 429s", str(joined.rate_limited), joined.rate_limited == 0),
    ]
    method = [
        f"Speed 1 (real time), the real limit of 400 requests per 60 s per key. {TASKS} dry-run creates are submitted first "
        f"(those {TASKS} POSTs count in the peak requests/min), and the waiting starts {NOT_VISIBLE_SECONDS + 0.2:g} s after "
        f"the last POST, once every task can be listed (a new task is not found for {NOT_VISIBLE_SECONDS:g} s: "
        f"task_not_found_seconds); each task is `received` {RECEIVED_SECONDS:g} s and processes "
        f"{processing_seconds:g} s, one at a time, so the last finishes about {TASKS * processing_seconds:.0f} s later.",
        "Completion = from the first POST to the end of the play (a, ansible-playbook start-up included) or to the last "
        "waiter's return (b). Requests and 429s come from the simulator's request log.",
        "poll rounds: (a) GET /tasks requests; (b) median requests of one waiter. first reads: the GET /tasks/{id} of each id "
        "that redis_cloud_task_info sends before it starts polling. requests/round: (a) the GET /tasks of each round, "
        "reads of finished tasks set apart; (b) all of one waiter's requests per round.",
        "GET /tasks lists only running tasks (the spec's reading, the simulator's default): a task that has finished is no longer "
        "in the round's list, so (a) reads it once by id (GET /tasks/{id}) to learn how it ended. One read per task is the "
        "least any client can do here; the target counts them apart from the rounds.",
        "poll_interval is the default 10 s in both.",
    ]
    for outcome in outcomes:
        if outcome.note:
            method.append(f"{outcome.label}: {outcome.failed_waits} waits failed; first error: {outcome.note!r}")
    return Table(f"Table 3. {TASKS} tasks awaited at once under 400 requests/min", headers, rows, method, targets)
