"""The soak's summary: a plain-text table for the terminal and docs/reliability.md (with the previous run beside it)."""

from __future__ import annotations

import os
import platform
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ansible.release import __version__ as ANSIBLE_CORE_VERSION

from tests.soak.cycles import STEPS
from tests.soak.faults import ALL_KINDS
from tests.soak.verdict import Resends, Verdict, signature

TARGETS = ("Targets: 0 duplicates, 0 orphans (subscriptions and databases), 0 failures that were the module's fault, "
           "0 beliefs that differ from the simulator's state, 0 secrets in any output.")
NOT_RUN = "–"


@dataclass
class Figures:
    cycles: int
    completed: int
    parallel: int
    fault_rate: float
    seed: int
    speed: float
    requests: int
    faults_injected: dict[str, int]
    resends: Resends
    verdict: Verdict
    elapsed_seconds: float
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average over the run: mean, max

    @property
    def targets_met(self) -> bool:
        return self.verdict.targets_met


def summary_rows(figures: Figures) -> list[tuple[str, str]]:
    verdict, sent = figures.verdict, figures.resends
    rows = [
        ("cycles", f"{figures.cycles} ({figures.parallel} in parallel)"),
        ("cycle steps", ", ".join(step.lower() for step in STEPS)),
        ("cycles completed", str(figures.completed)),
        ("API requests", str(figures.requests)),
        ("faults injected", str(sum(figures.faults_injected.values()))),
    ]
    rows += [(f"  fault {kind}", str(figures.faults_injected.get(kind, 0))) for kind in ALL_KINDS]
    rows += [
        ("reads retried after a fault", str(sent.read_retries)),
        ("creates re-sent after proving none was made", str(sent.creates_after_unknown)),
        ("PUT/DELETE with an unknown outcome (5xx, lost or garbled answer)", str(sent.changes_unknown)),
        ("  PUT/DELETE re-sent after proving them not done", str(sent.changes_resent)),
        ("writes re-sent after a refusal", str(sent.after_refusal)),
        ("writes re-sent after a 429", str(sent.after_429)),
        ("expected failures (the API said no)", str(sum(verdict.expected_failures.values()))),
    ]
    rows += [(f"  expected: {cause}", str(count)) for cause, count in sorted(verdict.expected_failures.items())]
    rows += [
        ("failures that were the module's fault", str(len(verdict.module_failures))),
        ("duplicate subscriptions", str(len(verdict.duplicates))),
        ("duplicate databases", str(len(verdict.database_duplicates))),
        ("orphan subscriptions", str(len(verdict.orphans))),
        ("orphan databases", str(len(verdict.database_orphans))),
        ("beliefs that differ from the simulator's state", str(len(verdict.mismatches))),
        ("secrets in any output (keys, database passwords)", str(len(verdict.leaks))),
        ("databases created (creation plans and redis_cloud_database)", str(verdict.databases_created)),
        ("subscriptions left by failed cycles, reported by them", str(len(verdict.left_reported))),
        ("databases left by failed cycles, reported by them", str(len(verdict.databases_left_reported))),
        ("wall time", f"{figures.elapsed_seconds / 60:.1f} min"),
        ("machine load (1-min average: mean, max)", f"{figures.load[0]:.1f}, {figures.load[1]:.1f}"),
    ]
    return rows


def problems(figures: Figures) -> list[str]:
    """What missed a target: module failures grouped by cause (with their cycles and one example), then the rest."""
    verdict = figures.verdict
    by_cause = Counter(signature(record) for record in verdict.module_failures)
    cycles: dict[str, list[str]] = {}
    for record in verdict.module_failures:
        cycles.setdefault(signature(record), []).append(record.name)
    example = {signature(record): record for record in reversed(verdict.module_failures)}
    lines = [f"{count:3d} x module fault at {cause}\n      cycles: {', '.join(cycles[cause])}\n"
             f"      e.g. {example[cause].name}: {example[cause].message}"
             for cause, count in by_cause.most_common()]
    lines += [f"duplicate subscriptions: {name} ids {ids}" for name, ids in verdict.duplicates.items()]
    lines += [f"duplicate databases: {key} ids {ids}" for key, ids in verdict.database_duplicates.items()]
    lines += [f"orphan subscription: {sub['name']} id {sub['id']} ({sub['status']})" for sub in verdict.orphans]
    lines += [f"orphan database: {db['name']} id {db['id']} of subscription {db['subscription_id']} ({db['status']})"
              for db in verdict.database_orphans]
    lines += [f"belief differs: {line}" for line in verdict.mismatches]
    lines += [f"secret in output: {line}" for line in verdict.leaks]
    return lines


def render_table(figures: Figures) -> str:
    rows = summary_rows(figures)
    width = max(len(row[0]) for row in rows)
    lines = [f"{label.ljust(width)}  {value}" for label, value in rows]
    lines.append(TARGETS + (" Met." if figures.targets_met else " NOT met."))
    return "\n".join(lines + problems(figures))


INTRO = """\
# Reliability: faults, kills and a soak

What must hold when the API misbehaves, and where it is checked:

| property | checked by |
|---|---|
| Reads survive transient faults (5xx, 429, dropped connections, slow and cut-off answers), retried with bounded backoff | `tests/integration/test_faults.py` |
| A write whose answer was lost is not re-sent blindly: the module asks the API whether it happened | `test_faults.py`, `test_subscription_recovery.py` |
| A PUT or DELETE refused by a 5xx or answered with garbage is proven not done, then sent again | `test_faults.py::test_rename_refused_*` |
| A play killed (SIGKILL) mid-wait and run again ends with one active subscription and the right facts | `tests/integration/test_kill_and_resume.py` |
| Failed tasks and subscriptions report task id, error type and the API's description as data (`failure`) | `test_faults.py`, `test_subscription_recovery.py` |
| A wait that runs out says so with the task id, the last status and how to resume | `test_faults.py`, `test_task_info.py` |
| Malformed answers fail naming the request, never with a traceback as the message | `test_faults.py` |

The soak below runs whole plays, many at once, against the simulator with faults of
every kind injected at random, then compares what each play believes with the
simulator's own state. It is a measurement, not a test: `make soak` (not part of `make test`).
This file is written by that run; do not edit it by hand.
"""

METHOD = """\
## How the soak works

- Each cycle is one `ansible-playbook` run (`tests/soak/playbooks/cycle.yml`): create a
  subscription with one database in its creation plan (`wait: true`), rename it by id, create a
  second database with `redis_cloud_database` (`wait: true`), resize it (found by name), delete it
  (by id, `state: absent`), then delete the subscription with `delete_databases: true`, which deletes
  the creation plan's database through the same database delete. The play stops at the first
  failure, so its recorded results are exactly what it believes.
- The simulator plays the API as recorded (its defaults): `GET /tasks` lists running tasks only,
  refusals arrive as the task's error, new subscriptions and databases are unreadable and unlisted
  for a while, a creation plan's databases are listed only after the subscription is active, 5xx
  bodies are Spring's, a 429 carries no retry header. It keeps the API's limit of 3 pending
  subscriptions and its rate limit of 400 requests per minute: parallel creates go through the
  module's own admission control, and database writes wait for their subscription to be active.
- Faults (`tests/soak/faults.py`): one seeded rate rule per kind, every path (database routes
  included). About `--fault-rate` of all requests meet a request-level fault (`http_error`,
  `rate_limited` without a retry header, `drop_before`, `drop_after`, `slow`, `truncated`,
  `non_json`, shared evenly), and about as many writes meet a task- or resource-level one
  (`task_not_found`, `task_error`, `subscription_error`, `database_error`, `not_active`).
- Afterwards (`tests/soak/verdict.py`):
  - a **duplicate** is a cycle name with more than one subscription ever created, or a database
    name made more than once in one subscription;
  - an **orphan** is a subscription or a database still alive that its play believes deleted, or
    whose id (for a database: nor its subscription's) its play was never told;
  - a **belief that differs** is an id a play was told that the simulator never made, a database in
    another subscription than the play's, or a rename, resize or creation plan the play reported
    that the simulator does not show;
  - a **secret in output** is an API key, or the password of one of the cycle's databases, in
    anything its play printed (at `-vvvv`) or recorded;
  - a failure is **expected** only when the API caused it: an injected task error, or a
    subscription or database that ended in `error`. Every other failure is the **module's
    fault**, including a PUT/DELETE refused by a 5xx (the module confirms the outcome and sends
    it again when provably not done) and a refusal such as `SUBSCRIPTION_NOT_ACTIVE` (waited out,
    then sent again).
"""


# Sections of docs/reliability.md that are not the soak's: a run rewrites the file and keeps them as they are.
KEPT_SECTIONS = ("## Hostile server",)
LATEST = "## Latest run"
# Figures renamed since earlier runs: their old label -> the label they have now.
RENAMED_FIGURES = {
    "duplicates": "duplicate subscriptions",
    "orphans": "orphan subscriptions",
    "left by failed cycles, reported by them": "subscriptions left by failed cycles, reported by them",
}
OLD_CYCLES_LABEL = re.compile(r"^cycles \((?P<steps>.+)\)$")


def section(text: str, heading: str) -> str:
    """One '## ' section of a markdown text (up to the next '## '), or ''."""
    start = text.find(heading + "\n")
    if start < 0:
        return ""
    end = text.find("\n## ", start + len(heading))
    return (text[start:] if end < 0 else text[start:end]).rstrip("\n") + "\n"


def kept_sections(previous: str) -> str:
    """The sections listed in KEPT_SECTIONS, as they stand in the previous file."""
    return "".join(section(previous, heading) for heading in KEPT_SECTIONS)


@dataclass
class PreviousRun:
    """The figures of the run recorded in the file before this one, for the comparison column."""

    date: str
    rows: list[tuple[str, str]]

    @property
    def values(self) -> dict[str, str]:
        return dict(self.rows)


def previous_run(previous: str) -> PreviousRun | None:
    latest = section(previous, LATEST)
    if not latest:
        return None
    date = next((line.removeprefix("- Date:").strip() for line in latest.splitlines() if line.startswith("- Date:")), "unknown")
    rows: list[tuple[str, str]] = []
    for line in latest.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 2 or cells[0] in ("figure", "") or set(cells[0]) <= {"-"}:
            continue
        label, value = cells[0], cells[1]
        old_cycles = OLD_CYCLES_LABEL.match(label)
        if old_cycles:
            rows += [("cycles", value), ("cycle steps", old_cycles.group("steps"))]
            continue
        rows.append((RENAMED_FIGURES.get(label, label), value))
    return PreviousRun(date, rows)


def compared_rows(rows: list[tuple[str, str]], previous: PreviousRun) -> list[tuple[str, str, str]]:
    """This run's rows with the previous run's values; figures only the previous run had keep their place."""
    current = {label.strip(): value for label, value in rows}
    before = previous.values
    merged = [(label.strip(), value, before.get(label.strip(), NOT_RUN)) for label, value in rows]
    for position, (label, value) in enumerate(previous.rows):
        if label in current:
            continue
        placed = [row[0] for row in merged]
        after = next((earlier for earlier, dummy in reversed(previous.rows[:position]) if earlier in placed), None)
        index = placed.index(after) + 1 if after is not None else len(merged)
        merged.insert(index, (label, NOT_RUN, value))
    return merged


def render_markdown(figures: Figures, command: str, kept: str = "", previous: PreviousRun | None = None) -> str:
    rows = summary_rows(figures)
    if previous is None:
        table = ["| figure | value |", "|---|---|"] + [f"| {label.strip()} | {value} |" for label, value in rows]
    else:
        table = ["| figure | this run | previous run |", "|---|---|---|"]
        table += [f"| {label} | {value} | {before} |" for label, value, before in compared_rows(rows, previous)]
    missed = problems(figures)
    parts = [
        INTRO,
        *([kept] if kept else []),
        LATEST + "\n",
        f"- Command: `{command}` (from the repository root)",
        f"- Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; seed {figures.seed}; fault rate {figures.fault_rate:g}; "
        f"simulator speed {figures.speed:g}",
        f"- Machine: {os.cpu_count()} CPU cores, {platform.system()}, Python {platform.python_version()}, "
        f"ansible-core {ANSIBLE_CORE_VERSION}",
        *([f"- Previous run (last column): {previous.date}; `{NOT_RUN}`: not counted in that run"] if previous else []),
        "",
        *table,
        "",
        TARGETS + (" **Met.**" if figures.targets_met else " **Not met**; details below."),
        "",
    ]
    if missed:
        parts += ["```text", *missed, "```", ""]
    parts.append(METHOD)
    return "\n".join(parts)


def write(path: Path, figures: Figures, command: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(render_markdown(figures, command, kept_sections(previous), previous_run(previous)), encoding="utf-8")
