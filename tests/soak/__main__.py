"""`python -m tests.soak [--cycles N] [--parallel N] [--fault-rate P] [--seed N] [--quick] [--output FILE] [--artifacts DIR]`.

Starts a simulator, runs subscription and database cycles through ansible-playbook with
faults of every kind injected, compares the plays' beliefs with the simulator's state,
prints the summary and (for a full run) writes docs/reliability.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shlex
import sys
import threading
import time
from pathlib import Path
from typing import Any

from tests.soak.cycles import CycleRecord, run_cycles
from tests.soak.environment import REPO_ROOT, PlaybookRunner, SimulatorProcess, new_credentials
from tests.soak.faults import soak_rules
from tests.soak.report import Figures, render_table, write
from tests.soak.verdict import cycle_requests, judge, resends

SIMULATOR_SPEED = 400.0  # provisioning (600 sim-s) takes 1.5 s, a database 0.3 s, deletion 0.15 s
SETTLE_SECONDS = 3.0     # let the last deletions finish before reading the state
QUICK = {"cycles": 24, "parallel": 3}
DEFAULT_ARTIFACTS = REPO_ROOT / ".build" / "soak"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.soak", description=__doc__.splitlines()[2].strip())
    parser.add_argument("--cycles", type=int, default=200, help="cycles (default 200)")
    parser.add_argument("--parallel", type=int, default=4, help="plays running at once (default 4)")
    parser.add_argument("--fault-rate", type=float, default=0.10, help="share of requests (and of writes) faulted (default 0.10)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the simulator's fault rates and ids (default 1)")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK['cycles']} cycles, {QUICK['parallel']} in parallel")
    parser.add_argument("--output", default=None,
                        help="markdown report to write; default docs/reliability.md for a full run, none for --quick; '-' for none")
    parser.add_argument("--artifacts", default=str(DEFAULT_ARTIFACTS),
                        help="directory for the run's records, request log and final state, for a post-mortem (default .build/soak)")
    args = parser.parse_args(argv)
    if args.quick:
        args.cycles, args.parallel = QUICK["cycles"], QUICK["parallel"]
    if args.output is None:
        args.output = "-" if args.quick else str(REPO_ROOT / "docs" / "reliability.md")
    if args.cycles < 1 or args.parallel < 1 or not 0 < args.fault_rate <= 1:
        parser.error("--cycles and --parallel must be positive and --fault-rate in (0, 1]")
    return args


class LoadSampler:
    """The machine's 1-minute load average, sampled every few seconds while the cycles run."""

    def __init__(self, every_seconds: float = 5.0) -> None:
        self.every_seconds = every_seconds
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self.every_seconds):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadSampler:
        self.samples.append(os.getloadavg()[0])
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mean_and_max(self) -> tuple[float, float]:
        return sum(self.samples) / len(self.samples), max(self.samples)


def save_artifacts(directory: Path, records: list[CycleRecord], state: dict[str, Any], request_log: list[dict[str, Any]],
                   figures: Figures) -> None:
    """What a post-mortem of a failed cycle needs: each failed cycle with its own requests, and the whole run.
    Outputs are left out (they are at -vvvv); the state holds the simulator's test passwords, never an API key."""
    directory.mkdir(parents=True, exist_ok=True)
    failed = [record for record in records if not record.completed]
    module_faults = {record.name for record in figures.verdict.module_failures}
    failures = [
        {**{key: value for key, value in dataclasses.asdict(record).items() if key != "output"},
         "module_fault": record.name in module_faults, "requests": cycle_requests(record, request_log)}
        for record in failed
    ]
    (directory / "failures.json").write_text(json.dumps(failures, indent=1, default=sorted), encoding="utf-8")
    (directory / "requests.json").write_text(json.dumps(request_log), encoding="utf-8")
    (directory / "state.json").write_text(json.dumps(state), encoding="utf-8")
    (directory / "summary.txt").write_text(render_table(figures) + "\n", encoding="utf-8")
    for record in failed:
        (directory / f"{record.name}.out").write_text(record.output, encoding="utf-8")


def main(argv: list[str]) -> int:
    args = parse_args(argv)

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    api_key, api_secret_key = new_credentials()
    simulator = SimulatorProcess(api_key, api_secret_key, speed=SIMULATOR_SPEED, seed=args.seed).start()
    started = time.monotonic()
    try:
        simulator.configure(request_log_limit=max(10_000, args.cycles * 600), faults=soak_rules(args.fault_rate))
        with LoadSampler() as load:
            records = run_cycles(PlaybookRunner(simulator), args.cycles, args.parallel, progress)
        simulator.configure(faults=[])
        time.sleep(SETTLE_SECONDS)
        state, request_log = simulator.state(), simulator.requests()
    finally:
        simulator.stop()
    figures = Figures(
        cycles=args.cycles, completed=sum(record.completed for record in records), parallel=args.parallel,
        fault_rate=args.fault_rate, seed=args.seed, speed=SIMULATOR_SPEED, requests=len(request_log),
        faults_injected=state["faults"]["injected"], resends=resends(request_log),
        verdict=judge(records, state, (api_key, api_secret_key)), elapsed_seconds=time.monotonic() - started,
        load=load.mean_and_max,
    )
    print(render_table(figures), flush=True)
    save_artifacts(Path(args.artifacts), records, state, request_log, figures)
    print(f"artifacts in {args.artifacts}")
    if args.output != "-":
        command = "python -m tests.soak " + shlex.join(argv) if argv else "make soak"
        write(Path(args.output), figures, command.strip())
        print(f"wrote {args.output}")
    return 0 if figures.targets_met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
