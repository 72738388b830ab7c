"""Table 2: ten subscriptions created and awaited in one play, on one account (three may be pending).

Each variant is a real ``ansible-playbook`` run against its own fresh simulator.
Time is scaled: the simulator runs at ``speed`` S, so a 600 s provisioning (one
lifecycle) takes 600/S real seconds; ``poll_interval`` (10 s by default), the
async_status delay and the 400/min rate-limit window are divided by S too.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.bench.environment import PLAYBOOK_DIR, PlaybookRunner, rate_limit_for, simulator
from tests.bench.stats import Table, Target

SUBSCRIPTIONS = 10
PENDING_LIMIT = 3
PROVISIONING_SECONDS = 600.0  # sim seconds: the simulator's default lifecycle (real ones take 10-15 min)
DEFAULT_POLL_INTERVAL = 10.0
TOO_MANY_PENDING = "TOO_MANY_PENDING_SUBSCRIPTIONS"


@dataclass(frozen=True)
class Variant:
    label: str
    playbook: str


SERIAL = Variant("serial loop, wait: true", "subscriptions_serial.yml")
ASYNC = Variant("async + async_status", "subscriptions_async.yml")
PACED = Variant("wait: false loop + joined wait (subscription_info)", "subscriptions_paced.yml")


@dataclass
class Outcome:
    variant: Variant
    rc: int
    wall: float
    requests: int
    rate_limited: int
    too_many_pending: int
    active: int
    routes: Counter[str]
    error_excerpt: str = ""


ID_SEGMENT = re.compile(r"/(?:\d+|[0-9a-f]{8}-[0-9a-f-]{27})(?=/|$)")


def requests_by_route(log: list[dict[str, Any]]) -> Counter[str]:
    """`GET /v1/subscriptions/{id}`-style counts, to show where a variant's requests go."""
    return Counter(f"{entry['method']} {ID_SEGMENT.sub('/{id}', entry['path'])}" for entry in log)


def task_error_type(task: dict[str, Any]) -> str | None:
    error = (task.get("response") or {}).get("error")
    return error.get("type") if isinstance(error, dict) else error


def run_variant(variant: Variant, speed: float) -> Outcome:
    names = [f"bench-{index:02d}" for index in range(1, SUBSCRIPTIONS + 1)]
    lifecycle = PROVISIONING_SECONDS / speed
    extra_vars = {
        "subscription_names": names,
        "poll_interval": DEFAULT_POLL_INTERVAL / speed,
        "wait_timeout": math.ceil(lifecycle * SUBSCRIPTIONS * 3),
        "async_status_delay": DEFAULT_POLL_INTERVAL / speed,
        "async_status_retries": 100000,
    }
    with simulator(speed, rate_limit=rate_limit_for(speed), request_log_limit=200000) as process:
        runner = PlaybookRunner(process)
        started = time.monotonic()
        run = runner.run(str(PLAYBOOK_DIR / variant.playbook), extra_vars=extra_vars, timeout=lifecycle * SUBSCRIPTIONS * 4 + 300)
        wall = time.monotonic() - started
        log = process.requests()
        state = process.state()
    ours = [sub for sub in state["subscriptions"] if sub["name"] in names]
    return Outcome(
        variant=variant,
        rc=run.rc,
        wall=wall,
        requests=len(log),
        rate_limited=sum(1 for entry in log if entry["status"] == 429),
        too_many_pending=sum(1 for task in state["tasks"] if task_error_type(task) == TOO_MANY_PENDING),
        active=sum(1 for sub in ours if sub["status"] == "active"),
        routes=requests_by_route(log),
        error_excerpt="" if run.rc == 0 else (run.stdout + run.stderr)[-600:],
    )


def slot_polling_share(outcome: Outcome) -> str:
    tasks, subscriptions = outcome.routes["GET /v1/tasks"], outcome.routes["GET /v1/subscriptions"]
    return (f"{tasks} GET /tasks and {subscriptions} GET /subscriptions make up most of its {outcome.requests} requests: before "
            "each create the module reads both, and repeats that every poll_interval while all three pending slots are taken "
            "(about one lifecycle before the 4th, 7th and 10th creates); the joined wait adds one GET /subscriptions per round")


def pending_limit_table(speed: float, progress: Callable[[str], None]) -> Table:
    lifecycle = PROVISIONING_SECONDS / speed
    outcomes: list[Outcome] = []
    for variant in (SERIAL, ASYNC, PACED):
        progress(f"  table 2: {variant.label} (one lifecycle = {lifecycle:g} s real)")
        outcomes.append(run_variant(variant, speed))
    baseline = outcomes[1]  # the async_status way: the requests target is relative to it
    headers = ["variant", "rc", "wall (s)", "wall / lifecycle", "API requests", "vs async", "429s", TOO_MANY_PENDING, f"active of {SUBSCRIPTIONS}"]
    rows = [
        [o.variant.label, str(o.rc), f"{o.wall:.1f}", f"{o.wall / lifecycle:.2f}", str(o.requests),
         f"{o.requests / baseline.requests:.2f}x" if baseline.requests else "-", str(o.rate_limited), str(o.too_many_pending),
         str(o.active)]
        for o in outcomes
    ]
    paced = outcomes[2]
    bound = 1.2 * math.ceil(SUBSCRIPTIONS / PENDING_LIMIT)
    targets = [
        Target(f"{paced.variant.label}: all {SUBSCRIPTIONS} active, zero errors", f"{paced.active} active, rc {paced.rc}, "
               f"{paced.too_many_pending} {TOO_MANY_PENDING}", paced.active == SUBSCRIPTIONS and paced.rc == 0 and paced.too_many_pending == 0),
        Target(f"wall <= {bound:.1f} lifecycles (1.2 x ceil(10/3)); serial loop about 10",
               f"{paced.wall / lifecycle:.2f} (serial: {outcomes[0].wall / lifecycle:.2f})", paced.wall / lifecycle <= bound),
        Target("requests <= 1/5 of the async_status way", f"{paced.requests} vs {baseline.requests} "
               f"({paced.requests / baseline.requests:.2f}x)" if baseline.requests else "no baseline", bool(baseline.requests)
               and paced.requests * 5 <= baseline.requests, why_missed=slot_polling_share(paced)),
        Target("zero 429s", f"{paced.rate_limited}", paced.rate_limited == 0),
    ]
    method = [
        f"Real `ansible-playbook` runs (tests/bench/playbooks/subscriptions_*.yml), each against a fresh simulator at speed {speed:g}: "
        f"one lifecycle (600 s provisioning) = {lifecycle:g} s real; max_pending_subscriptions = {PENDING_LIMIT} (the real limit).",
        f"poll_interval = 10/{speed:g} s and async_status delay = 10/{speed:g} s (the defaults, scaled); the 400/min rate-limit window is "
        f"60/{speed:g} s for the same reason.",
        "Wall = the whole ansible-playbook run (start-up included) divided by one lifecycle. Requests and 429s come from the "
        "simulator's request log; TOO_MANY_PENDING_SUBSCRIPTIONS = create tasks that ended with that error (/_simulator/state), "
        "even when the module recovered from them; active = the ten subscriptions active at the end.",
    ]
    for outcome in outcomes:
        spread = ", ".join(f"{route} {count}" for route, count in outcome.routes.most_common())
        method.append(f"Requests of {outcome.variant.label}: {spread}.")
    for outcome in outcomes:
        if outcome.rc != 0:
            method.append(f"{outcome.variant.label} failed (rc {outcome.rc}); end of its output: {outcome.error_excerpt!r}")
    return Table("Table 2. Ten subscriptions on one account (max 3 pending)", headers, rows, method, targets)
