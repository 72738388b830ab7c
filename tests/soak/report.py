"""The soak's summary: a plain-text table for the terminal and docs/reliability.md."""

from __future__ import annotations

import os
import platform
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ansible.release import __version__ as ANSIBLE_CORE_VERSION

from tests.soak.faults import ALL_KINDS
from tests.soak.verdict import Verdict, signature

TARGETS = "Targets: 0 duplicates, 0 orphans, 0 failures that were the module's fault."


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
    read_retries: int
    create_resends: int
    verdict: Verdict
    elapsed_seconds: float

    @property
    def targets_met(self) -> bool:
        return not (self.verdict.duplicates or self.verdict.orphans or self.verdict.module_failures)


def summary_rows(figures: Figures) -> list[tuple[str, str]]:
    verdict = figures.verdict
    rows = [
        ("cycles (create, rename, delete)", f"{figures.cycles} ({figures.parallel} in parallel)"),
        ("cycles completed", str(figures.completed)),
        ("API requests", str(figures.requests)),
        ("faults injected", str(sum(figures.faults_injected.values()))),
    ]
    rows += [(f"  fault {kind}", str(figures.faults_injected.get(kind, 0))) for kind in ALL_KINDS]
    rows += [
        ("reads retried after a fault", str(figures.read_retries)),
        ("creates re-sent after proving none was made", str(figures.create_resends)),
        ("expected failures (the API said no)", str(sum(verdict.expected_failures.values()))),
    ]
    rows += [(f"  expected: {cause}", str(count)) for cause, count in sorted(verdict.expected_failures.items())]
    rows += [
        ("failures that were the module's fault", str(len(verdict.module_failures))),
        ("duplicates", str(len(verdict.duplicates))),
        ("orphans", str(len(verdict.orphans))),
        ("left by failed cycles, reported by them", str(len(verdict.left_reported))),
        ("wall time", f"{figures.elapsed_seconds / 60:.1f} min"),
    ]
    return rows


def problems(figures: Figures) -> list[str]:
    """What missed a target: module failures grouped by cause (with one example each), duplicates, orphans."""
    by_cause = Counter(signature(record) for record in figures.verdict.module_failures)
    example = {signature(record): record for record in reversed(figures.verdict.module_failures)}
    lines = [f"{count:3d} x module fault at {cause}\n      e.g. {example[cause].name}: {example[cause].message}"
             for cause, count in by_cause.most_common()]
    lines += [f"duplicate: {name} ids {ids}" for name, ids in figures.verdict.duplicates.items()]
    lines += [f"orphan: {sub['name']} id {sub['id']} ({sub['status']})" for sub in figures.verdict.orphans]
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
  subscription (`wait: true`), rename it by id, delete it with its database. The play stops
  at the first failure, so its recorded results are exactly what it believes.
- Faults (`tests/soak/faults.py`): one seeded rate rule per kind. About `--fault-rate` of all
  requests meet a request-level fault (`http_error`, `rate_limited`, `drop_before`, `drop_after`,
  `slow`, `truncated`, `non_json`, shared evenly), and about as many writes meet a task- or
  resource-level one (`task_not_found`, `task_error`, `subscription_error`, `not_active`).
- The simulator keeps the API's limit of 3 pending subscriptions and its rate limit of 400
  requests per minute: parallel creates go through the module's own admission control.
- Afterwards (`tests/soak/verdict.py`): a **duplicate** is a cycle name with more than one
  subscription ever created; an **orphan** is a subscription still alive that its play believes
  deleted or never reported; a failure is **expected** when the API said no (injected task error,
  subscription in error, injected `SUBSCRIPTION_NOT_ACTIVE`, or a PUT/DELETE refused before acting
  that the module reports rather than re-sends); every other failure is the **module's fault**.
"""


# Sections of docs/reliability.md that are not the soak's: a run rewrites the file and keeps them as they are.
KEPT_SECTIONS = ("## Hostile server",)


def kept_sections(previous: str) -> str:
    """The sections listed in KEPT_SECTIONS, as they stand in the previous file (each up to the next '## ')."""
    kept = []
    for heading in KEPT_SECTIONS:
        start = previous.find(heading + "\n")
        if start < 0:
            continue
        end = previous.find("\n## ", start + len(heading))
        kept.append((previous[start:] if end < 0 else previous[start:end]).rstrip("\n") + "\n")
    return "".join(kept)


def render_markdown(figures: Figures, command: str, kept: str = "") -> str:
    table = ["| figure | value |", "|---|---|"] + [f"| {label.strip()} | {value} |" for label, value in summary_rows(figures)]
    missed = problems(figures)
    parts = [
        INTRO,
        *([kept] if kept else []),
        "## Latest run\n",
        f"- Command: `{command}` (from the repository root)",
        f"- Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; seed {figures.seed}; fault rate {figures.fault_rate:g}; "
        f"simulator speed {figures.speed:g}",
        f"- Machine: {os.cpu_count()} CPU cores, {platform.system()}, Python {platform.python_version()}, "
        f"ansible-core {ANSIBLE_CORE_VERSION}",
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
    path.write_text(render_markdown(figures, command, kept_sections(previous)), encoding="utf-8")
