"""Table 1: how soon a finished task is seen, and at what cost, per waiting strategy.

Three strategies wait for the same sequence of task durations, side by side, each
against its own simulator (an account runs one task at a time, so sharing one
would make samples queue behind each other). Long buckets run the simulator at
``speed`` S and give every strategy a clock and a sleep scaled by S, so figures
are in simulated (real-API-equivalent) seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from tests.bench.environment import client_for, dry_run_create_body, rate_limit_for, simulator
from tests.bench.stats import Table, Target, median, p95, ratio

# Importable once tests.bench.environment has put .build/collections on sys.path.
from ansible_collections.rediscloud.api.plugins.module_utils.waiter import FINAL_STATUSES, TaskWaiter

RECEIVED_SECONDS = 1.0  # the simulator's default time in `received`, part of every task's duration
DEFAULT_POLL_INTERVAL = 10.0  # the module option's default


@dataclass(frozen=True)
class Bucket:
    label: str
    shortest: float  # sim seconds, received + processing
    longest: float
    speed: float

    def durations(self, samples: int) -> list[float]:
        """Evenly spread over the bucket (midpoints), so every run measures the same tasks."""
        step = (self.longest - self.shortest) / samples
        return [round(self.shortest + step * (index + 0.5), 3) for index in range(samples)]


BUCKETS = (
    Bucket("1-5 s", 1.0, 5.0, speed=1.0),
    Bucket("10-60 s", 10.0, 60.0, speed=6.0),
    Bucket("5-15 min", 300.0, 900.0, speed=60.0),
)


class ScaledTime:
    """A clock and a sleep in simulated seconds for a simulator running ``speed`` times faster."""

    def __init__(self, speed: float) -> None:
        self.speed = speed

    def clock(self) -> float:
        return time.monotonic() * self.speed

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds) / self.speed)


class Waiter(Protocol):
    def __call__(self, client: Any, task_id: str, scaled: ScaledTime) -> dict[str, Any]: ...


def our_waiter(client: Any, task_id: str, scaled: ScaledTime) -> dict[str, Any]:
    waiter = TaskWaiter(client, poll_interval=DEFAULT_POLL_INTERVAL, sleep=scaled.sleep, clock=scaled.clock)
    return waiter.wait(task_id)


def fixed_interval(interval: float) -> Waiter:
    """A plain poller: sleep ``interval``, GET the task, until it is final.

    It sleeps before its first GET, like our waiter (the POST answer just said the
    task is pending): that spares it one useless request, the fairer comparison.
    """

    def wait(client: Any, task_id: str, scaled: ScaledTime) -> dict[str, Any]:
        while True:
            scaled.sleep(interval)
            task = client.get_or_none(f"/tasks/{task_id}")
            if task is not None and task.get("status") in FINAL_STATUSES:
                return task

    return wait


STRATEGIES: tuple[tuple[str, Waiter], ...] = (
    ("rediscloud.api waiter (defaults)", our_waiter),
    ("fixed 10 s (Redis's documented way)", fixed_interval(10.0)),
    ("fixed 5 s (redisctl)", fixed_interval(5.0)),
)


@dataclass
class Sample:
    latency: float  # sim seconds from the task's completion to the waiter's return
    requests: int   # GETs sent while waiting (the POST excluded)


def measure_one(process: Any, client: Any, wait: Waiter, duration: float, scaled: ScaledTime) -> Sample:
    process.configure(
        task_received_seconds=RECEIVED_SECONDS,
        task_durations={"default": duration - RECEIVED_SECONDS, "subscriptionCreateRequest": duration - RECEIVED_SECONDS},
    )
    task_id = client.post("/subscriptions", dry_run_create_body("detection"))["taskId"]
    before = client.request_count
    final = wait(client, task_id, scaled)
    requests_sent = client.request_count - before
    # Read the simulator's clock at once: the gap to the task's finish is the detection latency.
    state = process.state()
    finished_at = next(task["finished_at"] for task in state["tasks"] if task["taskId"] == task_id)
    if final.get("status") not in FINAL_STATUSES or finished_at is None:
        raise RuntimeError(f"the waiter returned task {task_id} unfinished: {final.get('status')}")
    return Sample(latency=state["now"] - finished_at, requests=requests_sent)


def run_bucket(bucket: Bucket, samples: int) -> dict[str, list[Sample]]:
    """All strategies, side by side on their own simulators, through the same durations."""
    scaled = ScaledTime(bucket.speed)
    results: dict[str, list[Sample]] = {strategy[0]: [] for strategy in STRATEGIES}
    errors: list[BaseException] = []

    def run_strategy(name: str, wait: Waiter) -> None:
        try:
            with simulator(bucket.speed, rate_limit=rate_limit_for(bucket.speed)) as process:
                client = client_for(process)
                for duration in bucket.durations(samples):
                    results[name].append(measure_one(process, client, wait, duration, scaled))
        except BaseException as exc:  # reported by the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=run_strategy, args=strategy, name=strategy[0]) for strategy in STRATEGIES]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def short_task_targets(results: dict[str, list[Sample]]) -> list[Target]:
    ours = results[STRATEGIES[0][0]]
    latency = median([sample.latency for sample in ours])
    fixed = median([sample.latency for sample in results[STRATEGIES[1][0]]])
    requests_sent = [sample.requests for sample in ours]
    return [
        Target("1-5 s tasks: median detection <= 1 s after completion", f"{latency:.2f} s (fixed 10 s polling: {fixed:.2f} s)", latency <= 1.0),
        Target("1-5 s tasks: <= 4 requests per wait", f"at most {max(requests_sent)} (median {median(requests_sent):g})", max(requests_sent) <= 4),
    ]


def detection_table(samples: int, progress: Callable[[str], None]) -> Table:
    headers = ["task durations", "strategy", "latency median (s)", "latency p95 (s)", "vs fixed 10 s", "requests/wait (median)", "requests/wait (max)"]
    rows: list[list[str]] = []
    targets: list[Target] = []
    for bucket in BUCKETS:
        progress(f"  table 1: {bucket.label} tasks at speed {bucket.speed:g}, {samples} samples per strategy")
        results = run_bucket(bucket, samples)
        baseline = median([sample.latency for sample in results[STRATEGIES[1][0]]])
        for name, _poller in STRATEGIES:
            latencies = [sample.latency for sample in results[name]]
            requests_sent = [sample.requests for sample in results[name]]
            rows.append([
                bucket.label, name, f"{median(latencies):.2f}", f"{p95(latencies):.2f}", ratio(median(latencies), baseline),
                f"{median(requests_sent):g}", str(max(requests_sent)),
            ])
        if bucket is BUCKETS[0]:
            targets += short_task_targets(results)
    method = [
        f"Each strategy has its own simulator; the three run side by side through the same {samples} task durations per bucket, "
        "spread evenly over the bucket (1 s `received` + processing), one task at a time.",
        "A task is a dry-run subscription create (POST /subscriptions with dryRun), so it makes a real task and creates nothing.",
        "Latency = the simulator's clock read right after the waiter returned, minus the task's `finished_at` in /_simulator/state "
        "(so it includes the last answer's trip back and one local state request).",
        "Buckets 10-60 s and 5-15 min run the simulator at speed 6 and 60 and give every strategy a clock and sleep scaled the same; "
        "latencies are simulated (real-API-equivalent) seconds. The 400/min rate-limit window is scaled the same way.",
        "Requests = GETs sent while waiting (client.request_count, retries included), the create POST excluded. "
        "Fixed pollers sleep before their first GET, like the waiter.",
        "By design the waiter polls fast only for the first 5 s (4 x 1.25 s), then backs off (2.5, 5, 10 s, then poll_interval "
        "+-10 %): beyond about 10 s it detects about as soon as fixed 10 s polling, and its requests are those 4 fast polls plus "
        "about one per poll_interval.",
    ]
    return Table("Table 1. Detection latency and requests per wait", headers, rows, method, targets)
