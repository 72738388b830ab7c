"""Table 5: six databases created and awaited in one play, on one subscription and on three.

A database change makes its subscription pending, and the API refuses a database
write on a pending subscription: on one subscription, databases can only be made
one after the other. Each variant is a real ``ansible-playbook`` run against its own
fresh simulator, whose subscriptions are arranged (settled) first; all run side by
side. Time is scaled: the simulator runs at ``speed`` S, so one
database lifecycle (its provisioning) takes 1/S of its simulated length in real
seconds; ``poll_interval``, the async_status delay and the rate-limit window are
divided by S too.
"""

from __future__ import annotations

import math
import string
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.bench.arrange import Arranged, settled_subscriptions
from tests.bench.environment import PLAYBOOK_DIR, PlaybookRunner, rate_limit_for, simulator
from tests.bench.pending_limit import requests_by_route, task_error_type
from tests.bench.stats import Table, Target

DATABASES = 6
DEFAULT_POLL_INTERVAL = 10.0
CREATE_COMMAND = "databaseCreateRequest"
REFUSALS = ("DATABASE_SUBSCRIPTION_IN_PENDING_STATUS", "SUBSCRIPTION_NOT_ACTIVE")
INTERLEAVED, NAIVE = "interleaved", "by subscription"


@dataclass(frozen=True)
class Layout:
    label: str
    subscriptions: int


ONE_SUBSCRIPTION = Layout("6 on 1 subscription", 1)
THREE_SUBSCRIPTIONS = Layout("2 on each of 3 subscriptions", 3)


@dataclass(frozen=True)
class Variant:
    label: str
    playbook: str
    order: str = INTERLEAVED


SERIAL = Variant("serial loop, wait: true", "databases_serial.yml")
ASYNC = Variant("async + async_status", "databases_async.yml")
PACED = Variant("wait: false loop + joined wait (database_info)", "databases_paced.yml")
PACED_NAIVE = Variant("wait: false loop + joined wait (database_info)", "databases_paced.yml", order=NAIVE)

RUNS: tuple[tuple[Layout, tuple[Variant, ...]], ...] = (
    (ONE_SUBSCRIPTION, (SERIAL, ASYNC, PACED)),
    (THREE_SUBSCRIPTIONS, (SERIAL, ASYNC, PACED, PACED_NAIVE)),
)


@dataclass
class Outcome:
    layout: Layout
    variant: Variant
    rc: int
    wall_seconds: float
    lifecycle_seconds: float  # real seconds of one database provisioning at the run's speed
    requests: int
    refusals: int
    rate_limited: int
    active: int
    routes: Counter[str]
    creates_sent: list[float]  # lifecycles from the play's start to each POST .../databases that was accepted
    last_active: float | None  # lifecycles from the play's start until the last of its databases turned active
    error_excerpt: str = ""

    @property
    def wall(self) -> float:
        """In lifecycles."""
        return self.wall_seconds / self.lifecycle_seconds

    @property
    def errors(self) -> bool:
        return self.rc != 0 or self.active != DATABASES


def loop_items(arranged: list[Arranged], order: str) -> list[dict[str, Any]]:
    """The loop's items: databases a1, a2 ... on the first subscription, b1 ... on the second, in ``order``.

    Interleaved: a1, b1, c1, a2, b2, c2 (consecutive items on different subscriptions);
    by subscription: a1, a2, b1, b2, c1, c2.
    """
    per_subscription = DATABASES // len(arranged)
    items = [
        {"subscription_id": sub.subscription_id, "name": f"{string.ascii_lowercase[position]}{number}", "number": number}
        for position, sub in enumerate(arranged)
        for number in range(1, per_subscription + 1)
    ]
    if order == INTERLEAVED:
        items.sort(key=lambda item: item["number"])  # stable: a1, b1, c1, a2 ...
    return [{"subscription_id": item["subscription_id"], "name": item["name"]} for item in items]


def run_variant(layout: Layout, variant: Variant, speed: float) -> Outcome:
    with simulator(speed, rate_limit=rate_limit_for(speed), request_log_limit=200000) as process:
        lifecycle = process.config()["database_provisioning_seconds"] / speed
        arranged = settled_subscriptions(process, [f"bench-{index}" for index in range(1, layout.subscriptions + 1)])
        items = loop_items(arranged, variant.order)
        extra_vars = {
            "databases": items,
            "subscription_ids": [sub.subscription_id for sub in arranged],
            "poll_interval": DEFAULT_POLL_INTERVAL / speed,
            "wait_timeout": math.ceil(lifecycle * DATABASES * 3),
            "async_status_delay": DEFAULT_POLL_INTERVAL / speed,
            "async_status_retries": 100000,
        }
        arranged_requests = len(process.requests())
        sim_started, started, started_unix = process.state()["now"], time.monotonic(), time.time()
        run = PlaybookRunner(process).run(str(PLAYBOOK_DIR / variant.playbook), extra_vars=extra_vars,
                                          timeout=lifecycle * DATABASES * 4 + 300)
        wall = time.monotonic() - started
        log = process.requests()[arranged_requests:]
        state = process.state()
    names = {(item["subscription_id"], item["name"]) for item in items}
    ours = [db for db in state["databases"] if (db["subscription_id"], db["name"]) in names]
    provisioning = lifecycle * speed
    creates = [entry for entry in log if entry["method"] == "POST" and entry["path"].endswith("/databases") and entry["status"] == 202]
    activations = [db["created_at"] + provisioning for db in ours if db["status"] == "active"]
    return Outcome(
        layout=layout,
        variant=variant,
        rc=run.rc,
        wall_seconds=wall,
        lifecycle_seconds=lifecycle,
        requests=len(log),
        refusals=sum(1 for task in state["tasks"] if task["commandType"] == CREATE_COMMAND and task_error_type(task) in REFUSALS),
        rate_limited=sum(1 for entry in log if entry["status"] == 429),
        active=sum(1 for db in ours if db["status"] == "active"),
        routes=requests_by_route(log),
        creates_sent=[(entry["time"] - started_unix) / lifecycle for entry in creates],
        last_active=(max(activations) - sim_started) / provisioning if activations else None,
        error_excerpt="" if run.rc == 0 else first_failure(run),
    )


def first_failure(run: Any) -> str:
    """The task and message of the play's first failure (or the end of its output)."""
    for record in run.results:
        if record["status"] == "failed":
            result = record["result"]
            failed_items = [item for item in result.get("results", []) if item.get("failed")]
            message = (failed_items[0] if failed_items else result).get("msg", "")
            return f"{record['task']}: {message}"[:600]
    return (run.stdout + run.stderr)[-600:]


def run_side_by_side(speed: float) -> list[Outcome]:
    """Every variant of both layouts at once, each on its own simulator."""
    runs = [(layout, variant) for layout, variants in RUNS for variant in variants]
    outcomes: dict[tuple[Layout, Variant], Outcome] = {}
    errors: list[BaseException] = []

    def measure(layout: Layout, variant: Variant) -> None:
        try:
            outcomes[(layout, variant)] = run_variant(layout, variant, speed)
        except BaseException as exc:  # reported by the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=measure, args=run, name=f"{run[0].label}: {run[1].label}") for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return [outcomes[run] for run in runs]


def find(outcomes: list[Outcome], layout: Layout, variant: Variant) -> Outcome:
    return next(o for o in outcomes if o.layout == layout and o.variant == variant)


def targets_of(outcomes: list[Outcome]) -> list[Target]:
    failed = [o for o in outcomes if o.errors]
    paced = [o for o in outcomes if o.variant.playbook == PACED.playbook]
    refused = [o for o in paced if o.refusals]
    fastest = find(outcomes, THREE_SUBSCRIPTIONS, PACED)
    serial = find(outcomes, THREE_SUBSCRIPTIONS, SERIAL)
    naive = find(outcomes, THREE_SUBSCRIPTIONS, PACED_NAIVE)
    bound = 1.2 * 2
    return [
        Target("zero errors in every variant (rc 0, all 6 databases active)",
               "; ".join(f"{describe(o)}: rc {o.rc}, {o.active} active" for o in failed) or f"all {len(outcomes)} runs rc 0, 6 of 6 active",
               not failed),
        Target("wait: false loops pace themselves: zero refusals",
               "; ".join(f"{describe(o)}: {o.refusals}" for o in refused) or f"0 in all {len(paced)} runs", not refused),
        Target(f"on 3 subscriptions, the paced loop (interleaved) finishes in <= {bound:.1f} lifecycles (1.2 x 2); serial about 6",
               f"{fastest.wall:.2f}{failed_note(fastest)} (serial: {serial.wall:.2f}{failed_note(serial)}; paced in the order a1, a2, "
               f"b1 ...: {naive.wall:.2f}{failed_note(naive)})",
               fastest.wall <= bound and not fastest.errors, why_missed=critical_path(fastest)),
    ]


def critical_path(outcome: Outcome) -> str:
    """Where the interleaved loop's time goes: its last create can go out only after the first one on its subscription
    has provisioned, and the play ends when the last database is active."""
    sent = outcome.creates_sent
    if len(sent) < DATABASES:
        return f"only {len(sent)} creates were accepted"
    first_round, second_round = sent[:len(sent) // 2], sent[len(sent) // 2:]
    return (f"the first creates on the three subscriptions went out at {', '.join(f'{t:.2f}' for t in first_round)} lifecycles "
            f"and the second ones at {', '.join(f'{t:.2f}' for t in second_round)}: the last one waited for its subscription "
            f"until about {first_round[-1] + 1:.2f} and went out {second_round[-1] - first_round[-1] - 1:.2f} later; its "
            "lifecycle then ends the play. Time before the first creates and between module runs is spent in real seconds "
            "(ansible-playbook start-up, each module run and its own pauses), which weigh as many times more in lifecycles "
            "as the simulator's speed")


def failed_note(outcome: Outcome) -> str:
    return f" but failed: rc {outcome.rc}, {outcome.active} of {DATABASES} active" if outcome.errors else ""


def describe(outcome: Outcome) -> str:
    order = f", order {outcome.variant.order}" if outcome.layout.subscriptions > 1 else ""
    return f"{outcome.layout.label}, {outcome.variant.label}{order}"


def loop_order(outcome: Outcome) -> str:
    if outcome.layout.subscriptions == 1:
        return "a1 ... a6"
    return "a1, b1, c1, a2, b2, c2" if outcome.variant.order == INTERLEAVED else "a1, a2, b1, b2, c1, c2"


def database_loops_table(speed: float, progress: Callable[[str], None]) -> Table:
    progress(f"  table 5: {sum(len(variants) for _layout, variants in RUNS)} plays side by side at speed {speed:g}")
    outcomes = run_side_by_side(speed)
    headers = ["databases", "variant", "loop order", "rc", "wall (s)", "wall / lifecycle", "API requests", "refusals", "429s", f"active of {DATABASES}"]
    rows = [
        [o.layout.label, o.variant.label, loop_order(o), str(o.rc), f"{o.wall_seconds:.1f}", f"{o.wall:.2f}", str(o.requests), str(o.refusals),
         str(o.rate_limited), str(o.active)]
        for o in outcomes
    ]
    lifecycle = outcomes[0].lifecycle_seconds
    method = [
        f"Real `ansible-playbook` runs (tests/bench/playbooks/databases_*.yml), each against its own fresh simulator at speed "
        f"{speed:g}, all seven side by side. One lifecycle = the "
        f"simulator's database provisioning ({lifecycle * speed:g} s, pending -> active, its subscription pending meanwhile) = {lifecycle:g} s real.",
        "Before each play, its subscriptions are arranged: created through the API and settled (active, their creation plan's "
        "database active and listed); those requests are not counted. The play then creates 6 databases of 1 GB in them.",
        f"poll_interval = 10/{speed:g} s and async_status delay = 10/{speed:g} s (the defaults, scaled); the 400/min rate-limit "
        f"window is 60/{speed:g} s for the same reason. Everything else plays the real API (the simulator's defaults).",
        "Loop order matters for the paced loop: each write first waits until its own subscription is active, so consecutive "
        "items on one subscription wait a lifecycle each. On 3 subscriptions every variant loops interleaved (a1, b1, c1, a2, "
        "b2, c2), which lets the three provision in parallel; the row in the order a1, a2, b1, b2, c1, c2 shows the cost of the "
        "other order.",
        "Wall = the whole ansible-playbook run (start-up included) divided by one lifecycle. Requests and 429s come from the "
        "simulator's request log. Refusals = database create tasks that ended processing-error with "
        "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS or SUBSCRIPTION_NOT_ACTIVE (/_simulator/state), even when the module waited "
        "and sent the write again. Errors = a failed play (rc) or a database not active at the end.",
        f"Costs in real seconds (ansible-playbook start-up, each module run, the task waiter's first polls at 1.25 s) weigh "
        f"{speed:g} times more in lifecycles here than against the real API's pace.",
    ]
    method.append("When things happened, in lifecycles from the start of each play (creates sent = the accepted POSTs, "
                  "refused ones included; last active = when the last of its databases turned active):")
    for outcome in outcomes:
        sent = ", ".join(f"{moment:.2f}" for moment in outcome.creates_sent)
        last = f"{outcome.last_active:.2f}" if outcome.last_active is not None else "-"
        method.append(f"{describe(outcome)}: creates sent at {sent}; last database active at {last}; play ended at {outcome.wall:.2f}.")
    for outcome in outcomes:
        spread = ", ".join(f"{route} {count}" for route, count in outcome.routes.most_common())
        method.append(f"Requests of {describe(outcome)}: {spread}.")
    for outcome in outcomes:
        if outcome.rc != 0:
            method.append(f"{describe(outcome)} failed (rc {outcome.rc}): {outcome.error_excerpt!r}")
    return Table("Table 5. Six databases: one subscription, then three", headers, rows, method, targets_of(outcomes))
