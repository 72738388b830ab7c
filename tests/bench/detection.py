"""Table 1: how soon a finished task is seen, and at what cost, per waiting strategy.

Three strategies wait for the same sequence of task durations, side by side, each
against its own simulator (an account runs one task at a time, so sharing one
would make samples queue behind each other). Long buckets run the simulator at
``speed`` S and give every strategy a clock and a sleep scaled by S, so figures
are in simulated (real-API-equivalent) seconds.

Each bucket waits for the task that usually takes that long: subscription creates
for 1-5 s (a no-op) and 5-15 min, database updates for 10-60 s. Our waiter picks its
poll profile by the task's ``commandType``, as the modules do.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from tests.bench.arrange import settled_subscriptions
from tests.bench.environment import client_for, dry_run_create_body, rate_limit_for, simulator
from tests.bench.parallel import side_by_side
from tests.bench.stats import Table, Target, median, p95, ratio

# Importable once tests.bench.environment has put .build/collections on sys.path.
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import FINAL_STATUSES, TaskWaiter

RECEIVED_SECONDS = 1.0  # the simulator's default time in `received`, part of every task's duration
DEFAULT_POLL_INTERVAL = 10.0  # the module option's default

Submit = Callable[[Any], dict[str, Any]]  # client -> the write's answer (a task)


@dataclass(frozen=True)
class TaskKind:
    """A write that makes a real task and changes nothing (a dry run), and how to arrange an account for it."""

    command_type: str
    description: str
    arrange: Callable[[Any], Submit]  # simulator process -> the submit function for that account


def subscription_create(process: Any) -> Submit:
    del process  # a dry-run create needs nothing arranged
    return lambda client: client.post("/subscriptions", dry_run_create_body("detection"))


def database_update(process: Any) -> Submit:
    arranged = settled_subscriptions(process, ["detection"])[0]
    path = f"/subscriptions/{arranged.subscription_id}/databases/{arranged.database_id}"
    return lambda client: client.put(path, {"dryRun": True, "datasetSizeInGb": 2})


SUBSCRIPTION_CREATE = TaskKind("subscriptionCreateRequest", "a dry-run subscription create (POST /subscriptions with dryRun)",
                               subscription_create)
DATABASE_UPDATE = TaskKind(
    "databaseUpdateRequest",
    "a dry-run database update (PUT /subscriptions/{id}/databases/{id} with dryRun and a new datasetSizeInGb) of an active "
    "database of an active subscription, arranged in each strategy's simulator before the first sample",
    database_update,
)


@dataclass(frozen=True)
class Bucket:
    label: str
    shortest: float  # sim seconds, received + processing
    longest: float
    speed: float
    task: TaskKind

    def durations(self, samples: int) -> list[float]:
        """Evenly spread over the bucket (midpoints), so every run measures the same tasks."""
        step = (self.longest - self.shortest) / samples
        return [round(self.shortest + step * (index + 0.5), 3) for index in range(samples)]


SHORT = Bucket("1-5 s", 1.0, 5.0, speed=1.0, task=SUBSCRIPTION_CREATE)
DATABASE_CHANGES = Bucket("10-60 s", 10.0, 60.0, speed=6.0, task=DATABASE_UPDATE)
LONG = Bucket("5-15 min", 300.0, 900.0, speed=60.0, task=SUBSCRIPTION_CREATE)
BUCKETS = (SHORT, DATABASE_CHANGES, LONG)


class ScaledTime:
    """A clock and a sleep in simulated seconds for a simulator running ``speed`` times faster."""

    def __init__(self, speed: float) -> None:
        self.speed = speed

    def clock(self) -> float:
        return time.monotonic() * self.speed

    def sleep(self, seconds: float) -> None:
        time.sleep(max(0.0, seconds) / self.speed)


class Waiter(Protocol):
    def __call__(self, client: Any, answer: dict[str, Any], scaled: ScaledTime) -> str:
        """Wait for the task of a write's ``answer``; return its final status."""


def our_waiter(client: Any, answer: dict[str, Any], scaled: ScaledTime) -> str:
    """The modules' waiter, given the command type from the write's answer (as the modules do)."""
    waiter = TaskWaiter(client, poll_interval=DEFAULT_POLL_INTERVAL, sleep=scaled.sleep, clock=scaled.clock)
    return waiter.wait(answer["taskId"], command_type=answer.get("commandType")).status


def fixed_interval(interval: float) -> Waiter:
    """A plain poller: sleep ``interval``, GET the task, until it is final.

    It sleeps before its first GET, like our waiter (the write's answer just said the
    task is pending): that spares it one useless request, the fairer comparison.
    """

    def wait(client: Any, answer: dict[str, Any], scaled: ScaledTime) -> str:
        while True:
            scaled.sleep(interval)
            task = client.get_or_none(f"/tasks/{answer['taskId']}")
            if task is not None and task.get("status") in FINAL_STATUSES:
                return str(task["status"])

    return wait


OURS = "rediscloud.api waiter (defaults)"
FIXED_10 = "fixed 10 s (Redis's documented way)"
FIXED_5 = "fixed 5 s (redisctl)"
STRATEGIES: tuple[tuple[str, Waiter], ...] = ((OURS, our_waiter), (FIXED_10, fixed_interval(10.0)), (FIXED_5, fixed_interval(5.0)))


@dataclass
class Sample:
    latency: float  # sim seconds from the task's completion to the waiter's return
    requests: int   # GETs sent while waiting (the write excluded)
    waited: float   # sim seconds from the start of the wait to its return


def measure_one(process: Any, client: Any, submit: Submit, wait: Waiter, duration: float, scaled: ScaledTime) -> Sample:
    processing = duration - RECEIVED_SECONDS
    process.configure(task_received_seconds=RECEIVED_SECONDS,
                      task_durations={"default": processing, "subscriptionCreateRequest": processing, "databaseUpdateRequest": processing})
    answer = submit(client)
    task_id = answer["taskId"]
    before, wait_started = client.request_count, scaled.clock()
    status = wait(client, answer, scaled)
    requests_sent, waited = client.request_count - before, scaled.clock() - wait_started
    # Read the simulator's clock at once: the gap to the task's finish is the detection latency.
    state = process.state()
    task = next(task for task in state["tasks"] if task["taskId"] == task_id)
    if status not in FINAL_STATUSES or task["finished_at"] is None:
        raise RuntimeError(f"the waiter returned task {task_id} unfinished: {status}")
    if task["status"] != "processing-completed":
        raise RuntimeError(f"task {task_id} ({task['commandType']}) failed: {task['response'].get('error')}")
    return Sample(latency=state["now"] - task["finished_at"], requests=requests_sent, waited=waited)


def run_bucket(bucket: Bucket, samples: int) -> dict[str, list[Sample]]:
    """All strategies, side by side on their own simulators, through the same durations."""
    scaled = ScaledTime(bucket.speed)

    def run_strategy(wait: Waiter) -> list[Sample]:
        with simulator(bucket.speed, rate_limit=rate_limit_for(bucket.speed)) as process:
            submit = bucket.task.arrange(process)
            client = client_for(process)
            return [measure_one(process, client, submit, wait, duration, scaled) for duration in bucket.durations(samples)]

    results = side_by_side([(name, functools.partial(run_strategy, wait)) for name, wait in STRATEGIES])
    return {name: samples_of for (name, _wait), samples_of in zip(STRATEGIES, results)}


def latencies(samples: list[Sample]) -> list[float]:
    return [sample.latency for sample in samples]


def request_counts(samples: list[Sample]) -> list[int]:
    return [sample.requests for sample in samples]


def short_task_targets(results: dict[str, list[Sample]]) -> list[Target]:
    latency, fixed = median(latencies(results[OURS])), median(latencies(results[FIXED_10]))
    requests_sent = request_counts(results[OURS])
    return [
        Target("1-5 s tasks: median detection <= 1 s after completion", f"{latency:.2f} s (fixed 10 s polling: {fixed:.2f} s)", latency <= 1.0),
        Target("1-5 s tasks: <= 4 requests per wait", f"at most {max(requests_sent)} (median {median(requests_sent):g})", max(requests_sent) <= 4),
    ]


def database_change_targets(results: dict[str, list[Sample]]) -> list[Target]:
    latency = median(latencies(results[OURS]))
    fixed_5, fixed_10 = median(latencies(results[FIXED_5])), median(latencies(results[FIXED_10]))
    ours, theirs = request_counts(results[OURS]), request_counts(results[FIXED_5])
    return [
        Target("10-60 s tasks (database updates): median detection <= 3 s after completion",
               f"{latency:.2f} s (fixed 5 s polling: {fixed_5:.2f} s, fixed 10 s: {fixed_10:.2f} s)", latency <= 3.0),
        Target("10-60 s tasks (database updates): no more requests per wait than fixed 5 s polling, median and max",
               f"median {median(ours):g} vs {median(theirs):g}, max {max(ours)} vs {max(theirs)}",
               median(ours) <= median(theirs) and max(ours) <= max(theirs)),
    ]


# What table 1 showed for 5-15 min tasks before the database profile existed (docs/performance.md of 2026-11-29):
# the default profile they use did not change, so their figures must not either.
LONG_TASKS_BEFORE = {"latency": 5.63, "requests_median": 64, "requests_max": 89}
# The default profile's extra polls over fixed 10 s polling: 4 fast ones and the 2.5 and 5 s steps.
EXTRA_POLLS = 6


def long_task_targets(results: dict[str, list[Sample]]) -> list[Target]:
    latency = median(latencies(results[OURS]))
    ours, fixed = request_counts(results[OURS]), request_counts(results[FIXED_10])
    before = LONG_TASKS_BEFORE
    return [
        Target(f"5-15 min tasks keep their figures: median detection <= poll_interval ({DEFAULT_POLL_INTERVAL:g} s)",
               f"{latency:.2f} s (last report: {before['latency']:.2f} s)", latency <= DEFAULT_POLL_INTERVAL),
        Target(f"5-15 min tasks keep their figures: requests per wait <= fixed 10 s polling + {EXTRA_POLLS}, median and max",
               f"median {median(ours):g} vs {median(fixed):g}, max {max(ours)} vs {max(fixed)} "
               f"(last report: {before['requests_median']} and {before['requests_max']})",
               median(ours) <= median(fixed) + EXTRA_POLLS and max(ours) <= max(fixed) + EXTRA_POLLS,
               why_missed=poll_drift(results, LONG.speed)),
    ]


def poll_drift(results: dict[str, list[Sample]], speed: float) -> str:
    """How far apart fixed 10 s polling's polls really came, next to our waiter's, over the longest wait."""
    fixed = max(results[FIXED_10], key=lambda sample: sample.waited)
    ours = max(results[OURS], key=lambda sample: sample.waited)
    return (
        f"fixed 10 s polling sleeps 10 s after each answer, so each request's own time adds to its period: over its longest wait "
        f"({fixed.waited:.0f} s) its {fixed.requests} polls came {fixed.waited / fixed.requests:.2f} s apart on average (at speed "
        f"{speed:g} each real millisecond of a request weighs {speed:g} ms; against the real API its requests' time adds the same "
        f"way). Our waiter polls at due times fixed from the start of the wait, so request time does not push its polls back: over "
        f"its longest wait ({ours.waited:.0f} s) it sent {ours.requests}, the {EXTRA_POLLS} early polls and about one per "
        f"{DEFAULT_POLL_INTERVAL:g} s"
    )


TARGETS_OF = {SHORT.label: short_task_targets, DATABASE_CHANGES.label: database_change_targets, LONG.label: long_task_targets}


def detection_table(samples: int, progress: Callable[[str], None]) -> Table:
    headers = ["task durations", "task", "strategy", "latency median (s)", "latency p95 (s)", "vs fixed 10 s", "requests/wait (median)",
               "requests/wait (max)"]
    rows: list[list[str]] = []
    targets: list[Target] = []
    for bucket in BUCKETS:
        progress(f"  table 1: {bucket.label} tasks ({bucket.task.command_type}) at speed {bucket.speed:g}, {samples} samples per strategy")
        results = run_bucket(bucket, samples)
        baseline = median(latencies(results[FIXED_10]))
        for name, _poller in STRATEGIES:
            latency, requests_sent = latencies(results[name]), request_counts(results[name])
            rows.append([
                bucket.label, bucket.task.command_type, name, f"{median(latency):.2f}", f"{p95(latency):.2f}",
                ratio(median(latency), baseline), f"{median(requests_sent):g}", str(max(requests_sent)),
            ])
        targets += TARGETS_OF[bucket.label](results)
    method = [
        f"Each strategy has its own simulator; the three run side by side through the same {samples} task durations per bucket, "
        "spread evenly over the bucket (1 s `received` + processing), one task at a time.",
        f"The task is the kind that usually takes that long. 1-5 s and 5-15 min: {SUBSCRIPTION_CREATE.description}. "
        f"10-60 s: {DATABASE_UPDATE.description}. A dry run makes a real task and changes nothing.",
        "Our waiter gets the task's commandType from the write's answer, as the modules do, and polls by its profile: "
        "databaseUpdateRequest and databaseUpgradeRequest at 1.25 s, 10 s, then every 5 s up to 60 s, then backing off to "
        "poll_interval (+-10 %); any other command 4 times 1.25 s apart, then 2.5, 5, 10 s ... up to poll_interval (+-10 %).",
        "Latency = the simulator's clock read right after the waiter returned, minus the task's `finished_at` in /_simulator/state "
        "(so it includes the last answer's trip back and one local state request).",
        f"Buckets 10-60 s and 5-15 min run the simulator at speed {DATABASE_CHANGES.speed:g} and {LONG.speed:g} and give every "
        "strategy a clock and sleep scaled the same; latencies are simulated (real-API-equivalent) seconds. The 400/min "
        "rate-limit window is scaled the same way. Each real millisecond a request takes weighs as many simulated ones as the "
        "speed: a fixed poller, which sleeps its interval after each answer, falls behind by it at every poll; our waiter's "
        "polls are due at fixed times from the start of its wait, so its requests' time does not push them back.",
        "Requests = GETs sent while waiting (client.request_count, retries included), the write excluded. "
        "Fixed pollers sleep before their first GET, like the waiter.",
        "For a database change the waiter's polls from 10 s on fall where fixed 5 s polling's do, and its first look at 1.25 s "
        "replaces the one at 5 s: it sees the end as soon as fixed 5 s polling, with the same number of requests. Beyond about "
        "10 s, any other task is seen about as soon as by fixed 10 s polling, for those 4 fast polls plus about one request "
        "per poll_interval.",
    ]
    return Table("Table 1. Detection latency and requests per wait", headers, rows, method, targets)
