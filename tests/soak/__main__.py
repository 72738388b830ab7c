"""`python -m tests.soak [--cycles N] [--parallel N] [--fault-rate P] [--seed N] [--quick] [--output FILE]`.

Starts a simulator, runs create / rename / delete cycles through ansible-playbook with
faults of every kind injected, compares the plays' beliefs with the simulator's state,
prints the summary and (for a full run) writes docs/reliability.md.
"""

from __future__ import annotations

import argparse
import functools
import shlex
import sys
import time
from pathlib import Path

from tests.soak.cycles import run_cycles
from tests.soak.environment import REPO_ROOT, PlaybookRunner, SimulatorProcess, new_credentials
from tests.soak.faults import soak_rules
from tests.soak.report import Figures, render_table, write
from tests.soak.verdict import judge, retries

SIMULATOR_SPEED = 400.0  # provisioning (600 sim-s) takes 1.5 s, deletion 0.15 s
SETTLE_SECONDS = 3.0     # let the last deletions finish before reading the state
QUICK = {"cycles": 24, "parallel": 3}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.soak", description=__doc__.splitlines()[2].strip())
    parser.add_argument("--cycles", type=int, default=200, help="create/rename/delete cycles (default 200)")
    parser.add_argument("--parallel", type=int, default=4, help="plays running at once (default 4)")
    parser.add_argument("--fault-rate", type=float, default=0.10, help="share of requests (and of writes) faulted (default 0.10)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the simulator's fault rates and ids (default 1)")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK['cycles']} cycles, {QUICK['parallel']} in parallel (about 2 min)")
    parser.add_argument("--output", default=None,
                        help="markdown report to write; default docs/reliability.md for a full run, none for --quick; '-' for none")
    args = parser.parse_args(argv)
    if args.quick:
        args.cycles, args.parallel = QUICK["cycles"], QUICK["parallel"]
    if args.output is None:
        args.output = "-" if args.quick else str(REPO_ROOT / "docs" / "reliability.md")
    if args.cycles < 1 or args.parallel < 1 or not 0 < args.fault_rate <= 1:
        parser.error("--cycles and --parallel must be positive and --fault-rate in (0, 1]")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    progress = functools.partial(print, file=sys.stderr, flush=True)
    simulator = SimulatorProcess(*new_credentials(), speed=SIMULATOR_SPEED, seed=args.seed).start()
    started = time.monotonic()
    try:
        simulator.configure(request_log_limit=max(10_000, args.cycles * 400), faults=soak_rules(args.fault_rate))
        records = run_cycles(PlaybookRunner(simulator), args.cycles, args.parallel, progress)
        simulator.configure(faults=[])
        time.sleep(SETTLE_SECONDS)
        state, request_log = simulator.state(), simulator.requests()
    finally:
        simulator.stop()
    read_retries, create_resends = retries(request_log)
    figures = Figures(
        cycles=args.cycles, completed=sum(record.completed for record in records), parallel=args.parallel,
        fault_rate=args.fault_rate, seed=args.seed, speed=SIMULATOR_SPEED, requests=len(request_log),
        faults_injected=state["faults"]["injected"], read_retries=read_retries, create_resends=create_resends,
        verdict=judge(records, state, request_log), elapsed_seconds=time.monotonic() - started,
    )
    print(render_table(figures), flush=True)
    if args.output != "-":
        command = "python -m tests.soak " + shlex.join(argv) if argv else "make soak"
        write(Path(args.output), figures, command.strip())
        print(f"wrote {args.output}")
    return 0 if figures.targets_met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
