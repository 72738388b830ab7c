"""docs/performance.md: the tables of one `make bench` run, how each was measured, and the targets."""

from __future__ import annotations

import os
import platform
import sys
from datetime import datetime, timezone
from pathlib import Path

from ansible.release import __version__ as ANSIBLE_CORE_VERSION

from tests.bench.stats import Table

INTRO = """\
# Performance: waiting at scale

These figures back the collection's claims about waiting: a short task is seen about
a second after it ends, a database change about as soon as by polling every 5 s, a
long wait costs about one request per `poll_interval`, many waits share one request
per round, ten subscriptions on one account respect the limit of three pending
subscriptions without errors, a loop of database creates paces itself to its
subscriptions without errors, and an inventory refresh of a thousand databases costs
a request per subscription and stays inside the API's rate limit.

They are produced by a benchmark run against the local Redis Cloud API simulator
(`tests/simulator`), not by timed tests. Every table is measured in one run, its
variants side by side. This file is written by that run; do not edit it by hand.
"""


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def machine() -> str:
    return (f"{os.cpu_count()} CPU cores, {platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"ansible-core {ANSIBLE_CORE_VERSION}")


def render(tables: list[Table], command: str, elapsed_seconds: float, load_before: str) -> str:
    parts = [
        INTRO,
        "## How this was produced\n",
        f"- Command: `{command}` (from the repository root; `make bench` runs `python -m tests.bench`)",
        f"- Date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; whole run: {elapsed_seconds / 60:.1f} min",
        f"- Machine: {machine()}",
        f"- Load average (1/5/15 min) before the run: {load_before}; after: {load_average()}. The machine is shared: "
        "anything else running on its 2 cores shows up most in the module start-up times of table 4, and in the wall times "
        "of tables 2 and 5 (their plays start many module runs).",
        "- Simulated time: tables 1, 2 and 5 run the simulator faster than real time (each says at what speed). What the "
        "module and ansible-playbook spend in real seconds (start-ups, the absence check's pause before a create, each "
        "request's own time) does not shrink with it, so it weighs more in simulated time than against the real API; tables 2 "
        "and 5 run slowly enough to keep that weight near the real API's, and measure it.",
        "- Figures vary a little between runs (scheduling on 2 shared cores, random jitter in the poll schedule); "
        "the ratios and the targets' verdicts are what the run shows.\n",
        "## Targets\n",
    ]
    parts += [f"- {table.title.split('.')[0]}: {target.line()}" for table in tables for target in table.targets]
    for table in tables:
        parts += ["", f"## {table.title}", "", table.markdown(), "", "How it was measured:", ""]
        parts += [f"- {line}" for line in table.method]
    return "\n".join(parts) + "\n"


def write(path: Path, tables: list[Table], elapsed_seconds: float, load_before: str) -> None:
    command = " ".join(["python -m tests.bench", *sys.argv[1:]])
    path.write_text(render(tables, command, elapsed_seconds, load_before), encoding="utf-8")
