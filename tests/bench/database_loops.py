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

import functools
import math
import string
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.bench.arrange import Arranged, settled_subscriptions
from tests.bench.environment import PLAYBOOK_DIR, PlaybookRunner, rate_limit_for, simulator
from tests.bench.parallel import side_by_side
from tests.bench.pending_limit import requests_by_route, task_error_type
from tests.bench.real_time import CreateRun, create_runs, median_of, poll_interval_note, scaled_poll_interval
from tests.bench.stats import Table, Target
from tests.bench.timed_runs import run_timed

# Importable once tests.bench.environment has put .build/collections on sys.path.
from ansible_collections.rediscloud.api.plugins.module_utils.engine.creates import ABSENCE_CONFIRM_SECONDS

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
    create_task: str  # the name of its loop of creates in the playbook
    order: str = INTERLEAVED


SERIAL = Variant("serial loop, wait: true", "databases_serial.yml", "Create each database and wait until it is active")
ASYNC = Variant("async + async_status", "databases_async.yml", "Start every create in the background")
PACED = Variant("wait: false loop + joined wait (database_info)", "databases_paced.yml", "Start each create as soon as its subscription is active")
PACED_NAIVE = Variant(PACED.label, PACED.playbook, PACED.create_task, order=NAIVE)

RUNS: tuple[tuple[Layout, tuple[Variant, ...]], ...] = (
    (ONE_SUBSCRIPTION, (SERIAL, ASYNC, PACED)),
    (THREE_SUBSCRIPTIONS, (SERIAL, ASYNC, PACED, PACED_NAIVE)),
)


@dataclass(frozen=True)
class Database:
    """One database the play created, in real seconds from the play's launch."""

    name: str
    subscription_id: int
    sent: float    # its accepted create task was submitted (POST .../databases)
    active: float  # it turned active (task done + provisioning)


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
    start_up: float | None        # real seconds from ansible-playbook's launch to its first task
    loop: list[str]               # the databases' names in the loop's order
    create_runs: list[CreateRun]  # the create loop's module runs, in the loop's order
    creates_sent: list[float]     # real seconds from the launch to each accepted POST .../databases (refused ones included)
    databases: list[Database]     # the active ones, in the order they were sent
    error_excerpt: str = ""

    @property
    def wall(self) -> float:
        """In lifecycles."""
        return self.wall_seconds / self.lifecycle_seconds

    @property
    def errors(self) -> bool:
        return self.rc != 0 or self.active != DATABASES

    @property
    def last_active(self) -> float | None:
        return max((database.active for database in self.databases), default=None)

    def run_of(self, name: str) -> CreateRun | None:
        index = self.loop.index(name)
        return self.create_runs[index] if index < len(self.create_runs) else None

    def lifecycles(self, seconds: float) -> float:
        return seconds / self.lifecycle_seconds


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
            "poll_interval": scaled_poll_interval(speed),
            "wait_timeout": math.ceil(lifecycle * DATABASES * 3),
            "async_status_delay": DEFAULT_POLL_INTERVAL / speed,
            "async_status_retries": 100000,
        }
        arranged_requests = len(process.requests())
        sim_started, started, started_unix = process.state()["now"], time.monotonic(), time.time()
        run, timings = run_timed(PlaybookRunner(process), PLAYBOOK_DIR / variant.playbook, extra_vars,
                                 timeout=lifecycle * DATABASES * 4 + 300)
        wall = time.monotonic() - started
        log = process.requests()[arranged_requests:]
        state = process.state()

    def since_launch(sim_moment: float) -> float:
        """Real seconds from the play's launch to a moment of the simulator's clock."""
        return started_unix - timings.launched + (sim_moment - sim_started) / speed

    names = {(item["subscription_id"], item["name"]) for item in items}
    ours = [db for db in state["databases"] if (db["subscription_id"], db["name"]) in names]
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
        start_up=timings.start_up,
        loop=[item["name"] for item in items],
        creates_sent=[entry["time"] - timings.launched for entry in log
                      if entry["method"] == "POST" and entry["path"].endswith("/databases") and entry["status"] == 202],
        create_runs=create_runs(timings, variant.create_task, log, "/databases"),
        databases=created_databases(state, ours, lifecycle * speed, since_launch),
        error_excerpt="" if run.rc == 0 else first_failure(run),
    )


def created_databases(state: dict[str, Any], ours: list[dict[str, Any]], provisioning: float,
                      since_launch: Callable[[float], float]) -> list[Database]:
    """The play's active databases: when the create task that made each was submitted, and when it turned active."""
    submitted = {task["response"].get("resourceId"): task["submitted_at"] for task in state["tasks"]
                 if task["commandType"] == CREATE_COMMAND and task["status"] == "processing-completed"}
    databases = [Database(db["name"], db["subscription_id"], since_launch(submitted[db["id"]]), since_launch(db["created_at"] + provisioning))
                 for db in ours if db["status"] == "active" and db["id"] in submitted]
    return sorted(databases, key=lambda database: database.sent)


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
    return side_by_side([(f"{layout.label}: {variant.label}", functools.partial(run_variant, layout, variant, speed))
                         for layout, variant in runs])


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
               fastest.wall <= bound and not fastest.errors, why_missed=path_summary(critical_path(fastest), bound)),
    ]


@dataclass(frozen=True)
class CriticalPath:
    """The chain of waits that ended a loop over several subscriptions, in real seconds from the launch.

    The last database to turn active ends the play. Its create could go out only once the database before it on
    the same subscription (``previous``) had provisioned; that one went out after the loop's runs before it.
    """

    outcome: Outcome
    previous: Database
    last: Database
    earlier_runs: list[CreateRun]  # the loop's runs up to and including previous's
    last_run: CreateRun

    @property
    def leads(self) -> float:
        return sum(run.lead or 0.0 for run in self.earlier_runs)

    @property
    def tails(self) -> float:
        """After the POSTs of the runs before previous's: the waits for their create tasks."""
        return sum(run.tail or 0.0 for run in self.earlier_runs[:-1])

    @property
    def free_to_sent(self) -> float:
        return (self.last_run.posted or 0.0) - self.previous.active

    @property
    def end(self) -> float:
        return self.outcome.wall_seconds - self.last.active

    @property
    def module_seconds(self) -> float:
        """The module's and ansible-playbook's own time on the path: all of it but the API's create tasks and provisioning."""
        return (self.outcome.start_up or 0.0) + self.leads + self.free_to_sent + self.end


def critical_path(outcome: Outcome) -> CriticalPath | str:
    """The path, or why there is none to show."""
    if len(outcome.databases) < DATABASES or len(outcome.create_runs) < DATABASES or outcome.start_up is None:
        return f"{len(outcome.databases)} of {DATABASES} databases turned active; no path to show"
    last = max(outcome.databases, key=lambda database: database.active)
    before = [db for db in outcome.databases if db.subscription_id == last.subscription_id and db.active < last.active]
    last_run = outcome.run_of(last.name)
    if not before or last_run is None or last_run.posted is None:
        return f"{last.name} turned active last; no earlier database on its subscription"
    earlier_runs = outcome.create_runs[:outcome.loop.index(before[-1].name) + 1]
    if any(run.posted is None for run in earlier_runs):
        return f"{last.name} turned active last; a create run before it sent no POST"
    return CriticalPath(outcome, before[-1], last, earlier_runs, last_run)


def path_story(path: CriticalPath | str) -> str:
    if isinstance(path, str):
        return path
    outcome, previous, last = path.outcome, path.previous, path.last

    def at(seconds: float) -> str:
        return f"{seconds:.1f} s ({outcome.lifecycles(seconds):.2f})"

    sent = path.earlier_runs[-1].posted or 0.0
    names = ", ".join(outcome.loop[:len(path.earlier_runs)])
    return (
        f"in real seconds from the launch (lifecycles): {previous.name} went out at {at(sent)}: ansible-playbook start-up "
        f"{outcome.start_up or 0.0:.1f} s, then the create runs of {names}, one after the other, {path.leads:.1f} s before their "
        f"POSTs (each: the module's start-up and the absence check's two looks {ABSENCE_CONFIRM_SECONDS:g} s apart) and "
        f"{path.tails:.1f} s after them (wait: false waits for each create task, for the database id); {previous.name}'s task and "
        f"provisioning took {previous.active - sent:.1f} s, until its subscription was active again at {at(previous.active)}; "
        f"{last.name}'s run had started at {at(path.last_run.started)}, after the run before it, and went out "
        f"{path.free_to_sent:.1f} s after the subscription was free (the rest of its start-up and absence pause, or the look that "
        f"saw the subscription active); its task and provisioning took {last.active - (path.last_run.posted or 0.0):.1f} s, until "
        f"{at(last.active)}; the play ended {path.end:.1f} s later, at {at(outcome.wall_seconds)}. Of this path, "
        f"{path.module_seconds:.1f} s = {outcome.lifecycles(path.module_seconds):.2f} lifecycles are ansible-playbook's and the "
        "module's own real seconds (start-ups, absence pauses, the end); the rest is the API's work (create tasks, provisioning)"
    )


def path_summary(path: CriticalPath | str, bound: float) -> str:
    """Why the target was missed, in one sentence."""
    if isinstance(path, str):
        return path
    outcome = path.outcome
    spare = outcome.lifecycles(outcome.wall_seconds - path.module_seconds)
    return (
        f"of its {outcome.wall:.2f} lifecycles, {outcome.lifecycles(path.module_seconds):.2f} are real seconds of ansible-playbook "
        f"and the module on its critical path ({path.module_seconds:.1f} s: start-up, then {len(path.earlier_runs)} create runs one "
        f"after the other before {path.previous.name}'s POST, each with the absence check's {ABSENCE_CONFIRM_SECONDS:g} s pause, "
        f"and {path.free_to_sent:.1f} s before {path.last.name}'s), and {spare:.2f} the API's create tasks and provisioning; "
        f"the target leaves {bound - 2:.2f} lifecycle = {(bound - 2) * outcome.lifecycle_seconds:.0f} s real beyond two "
        "provisionings (see \"Where the time ... went\" below the table)"
    )


def failed_note(outcome: Outcome) -> str:
    return f" but failed: rc {outcome.rc}, {outcome.active} of {DATABASES} active" if outcome.errors else ""


def describe(outcome: Outcome) -> str:
    order = f", order {outcome.variant.order}" if outcome.layout.subscriptions > 1 else ""
    return f"{outcome.layout.label}, {outcome.variant.label}{order}"


def loop_order(outcome: Outcome) -> str:
    if outcome.layout.subscriptions == 1:
        return "a1 ... a6"
    return "a1, b1, c1, a2, b2, c2" if outcome.variant.order == INTERLEAVED else "a1, a2, b1, b2, c1, c2"


def real_time_notes(outcomes: list[Outcome], speed: float) -> list[str]:
    """Why this speed, and what the module's real seconds weighed in this run."""
    lifecycle = outcomes[0].lifecycle_seconds
    paced = [o for o in outcomes if o.variant.playbook == PACED.playbook]
    # The first create on each subscription finds it active: its run waits for nothing the API does before its POST.
    free_runs = [run for o in paced for run in (o.run_of(f"{letter}1") for letter in "abc"[:o.layout.subscriptions]) if run is not None]
    lead, tail = median_of([run.lead for run in free_runs]), median_of([run.tail for run in free_runs])
    start_up = median_of([o.start_up for o in outcomes])
    run_cost = (lead or 0.0) + (tail or 0.0)
    notes = [
        "Why this speed: the module spends real seconds that do not shrink when the simulator runs faster: ansible-playbook's "
        f"start-up, each module run's start-up, and before each create the absence check's two looks {ABSENCE_CONFIRM_SECONDS:g} s "
        "apart (GET /tasks lists only running tasks, so a create that just ended shows only in a second look: issue 9, "
        f"\"A re-run creates a duplicate subscription\"). At speed S each real second weighs S times more in lifecycles. At speed "
        f"{speed:g} one lifecycle is {lifecycle:g} s real, so they weigh what they would against a real database create of "
        f"{lifecycle:g} s (database changes take 10-60 s or more; against shorter ones they weigh more, against the simulator's "
        f"{lifecycle * speed:g} s at speed 1 half as much, and speed 1 would make the serial rows take about 15 minutes).",
    ]
    if start_up is not None and lead is not None:
        notes.append(
            f"Measured in this run (the task_timer callback and the request log): ansible-playbook start-up (launch to first "
            f"task) {start_up:.1f} s, median of the {len(outcomes)} plays; a create run of the paced loop that found its "
            f"subscription active (the first one on each, {len(free_runs)} runs) took {lead:.1f} s before its POST (the "
            f"module's start-up, the absence check's two looks {ABSENCE_CONFIRM_SECONDS:g} s apart) and {tail:.1f} s after it (waiting for the create "
            f"task, for the database id): {run_cost:.1f} s = "
            f"{run_cost / lifecycle:.2f} lifecycle per create, of which the pause alone is "
            f"{ABSENCE_CONFIRM_SECONDS / lifecycle:.2f}."
        )
    return notes


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
        f"{poll_interval_note(speed)} and async_status delay = 10/{speed:g} s (the defaults, scaled); the 400/min rate-limit "
        f"window is 60/{speed:g} s for the same reason. Everything else plays the real API (the simulator's defaults).",
        "Loop order matters for the paced loop: each write first waits until its own subscription is active, so consecutive "
        "items on one subscription wait a lifecycle each. On 3 subscriptions every variant loops interleaved (a1, b1, c1, a2, "
        "b2, c2), which lets the three provision in parallel; the row in the order a1, a2, b1, b2, c1, c2 shows the cost of the "
        "other order.",
        "Wall = the whole ansible-playbook run (start-up included) divided by one lifecycle. Requests and 429s come from the "
        "simulator's request log. Refusals = database create tasks that ended processing-error with "
        "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS or SUBSCRIPTION_NOT_ACTIVE (/_simulator/state), even when the module waited "
        "and sent the write again. Errors = a failed play (rc) or a database not active at the end.",
    ]
    method += real_time_notes(outcomes, speed)
    method.append("When things happened, in lifecycles from the launch of each play (creates sent = the accepted POSTs, "
                  "refused ones included; last active = when the last of its databases turned active):")
    for outcome in outcomes:
        sent = ", ".join(f"{outcome.lifecycles(moment):.2f}" for moment in outcome.creates_sent)
        last = f"{outcome.lifecycles(outcome.last_active):.2f}" if outcome.last_active is not None else "-"
        method.append(f"{describe(outcome)}: creates sent at {sent}; last database active at {last}; play ended at {outcome.wall:.2f}.")
    fastest = find(outcomes, THREE_SUBSCRIPTIONS, PACED)
    method.append(f"Where the time of {describe(fastest)} went, {path_story(critical_path(fastest))}.")
    for outcome in outcomes:
        spread = ", ".join(f"{route} {count}" for route, count in outcome.routes.most_common())
        method.append(f"Requests of {describe(outcome)}: {spread}.")
    for outcome in outcomes:
        if outcome.rc != 0:
            method.append(f"{describe(outcome)} failed (rc {outcome.rc}): {outcome.error_excerpt!r}")
    return Table("Table 5. Six databases: one subscription, then three", headers, rows, method, targets_of(outcomes))
