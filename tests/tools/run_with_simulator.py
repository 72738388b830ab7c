# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run a command against a freshly started Redis Cloud API simulator, then stop it.

    python tests/tools/run_with_simulator.py [--speed X] [--seed N] -- COMMAND...

The simulator listens on a free loopback port. The command sees:

- ``SIM_API_URL``: the API root (``http://127.0.0.1:PORT/v1``), also as ``REDISCLOUD_URL``;
- ``SIM_CONTROL_URL``: the root of the ``/_simulator/...`` control endpoints;
- ``REDISCLOUD_ACCESS_KEY`` / ``REDISCLOUD_SECRET_KEY``: the simulator's credentials.

The simulator is stopped whatever happens (command failure, Ctrl-C, SIGTERM) and
the exit code is the command's.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# The simulator's defaults; not secrets, they only open the local simulator.
DEFAULT_ACCESS_KEY = "demo-account-key"
DEFAULT_SECRET_KEY = "demo-user-secret"
LISTENING_LINE = re.compile(r"listening on (?P<api_url>https?://\S+)")
STARTUP_TIMEOUT_SECONDS = 60.0
SHUTDOWN_TIMEOUT_SECONDS = 10.0


class SimulatorStartError(RuntimeError):
    """The simulator exited or said nothing usable before it was listening."""


@dataclass(frozen=True)
class RunningSimulator:
    api_url: str
    access_key: str
    secret_key: str

    @property
    def control_url(self) -> str:
        return self.api_url.removesuffix("/v1")

    def environment(self) -> dict[str, str]:
        """Variables that point a command (and the collection's modules) at this simulator."""
        return {
            "SIM_API_URL": self.api_url,
            "SIM_CONTROL_URL": self.control_url,
            "REDISCLOUD_URL": self.api_url,
            "REDISCLOUD_ACCESS_KEY": self.access_key,
            "REDISCLOUD_SECRET_KEY": self.secret_key,
        }


def simulator_command() -> list[str]:
    """Prefer the console script installed beside this interpreter (the dev venv's)."""
    console_script = Path(sys.executable).with_name("redis-cloud-simulator")
    if console_script.exists():
        return [str(console_script)]
    found = shutil.which("redis-cloud-simulator")
    return [found] if found else [sys.executable, "-m", "redis_cloud_simulator"]


def _read_api_url(stdout: IO[str], timeout: float) -> str:
    """Wait for the ``listening on`` line; a thread keeps readline from blocking past the timeout."""
    found: list[str] = []

    def read_first_lines() -> None:
        for line in stdout:
            match = LISTENING_LINE.search(line)
            if match:
                found.append(match.group("api_url").rstrip("/"))
                return

    reader = threading.Thread(target=read_first_lines, daemon=True)
    reader.start()
    reader.join(timeout)
    if not found:
        raise SimulatorStartError(f"the simulator printed no 'listening on' line within {timeout:.0f} s")
    return found[0]


def _drain(stdout: IO[str], log: IO[str] | None) -> None:
    """Keep reading the simulator's output so it never blocks on a full pipe."""
    for line in stdout:
        if log is not None:
            log.write(line)
            log.flush()


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(SHUTDOWN_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def running_simulator(
    speed: float | None = None,
    seed: int | None = None,
    config: Path | None = None,
    access_key: str = DEFAULT_ACCESS_KEY,
    secret_key: str = DEFAULT_SECRET_KEY,
    log: IO[str] | None = None,
) -> Iterator[RunningSimulator]:
    """Start the simulator on 127.0.0.1, port 0; yield where it listens; always stop it."""
    command = simulator_command() + ["--host", "127.0.0.1", "--port", "0", "--api-key", access_key, "--api-secret-key", secret_key]
    if speed is not None:
        command += ["--speed", str(speed)]
    if seed is not None:
        command += ["--seed", str(seed)]
    if config is not None:
        command += ["--config", str(config)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log or subprocess.DEVNULL, text=True)
    assert process.stdout is not None  # stdout=PIPE guarantees it
    try:
        try:
            api_url = _read_api_url(process.stdout, STARTUP_TIMEOUT_SECONDS)
        except SimulatorStartError as exc:
            raise SimulatorStartError(f"{exc} (exit code: {process.poll()}; command: {' '.join(command[:1])})") from None
        threading.Thread(target=_drain, args=(process.stdout, log), daemon=True).start()
        yield RunningSimulator(api_url=api_url, access_key=access_key, secret_key=secret_key)
    finally:
        _stop(process)


def _raise_keyboard_interrupt_on_sigterm() -> None:
    """Turn SIGTERM into the same unwinding as Ctrl-C, so ``finally`` stops the simulator."""

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", type=float, help="simulated seconds per real second")
    parser.add_argument("--seed", type=int, help="seed for the simulator's randomness")
    parser.add_argument("--config", type=Path, help="simulator configuration file")
    parser.add_argument("--sim-log", type=Path, help="append the simulator's output to this file")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    args = parser.parse_args(argv)
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if not args.command:
        parser.error("give the command to run after --")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    _raise_keyboard_interrupt_on_sigterm()
    log_context = open(args.sim_log, "a", encoding="utf-8") if args.sim_log else contextlib.nullcontext(None)
    command: subprocess.Popen[bytes] | None = None
    try:
        with log_context as log, running_simulator(speed=args.speed, seed=args.seed, config=args.config, log=log) as simulator:
            print(f"simulator listening on {simulator.api_url}", file=sys.stderr, flush=True)
            command = subprocess.Popen(args.command, env={**os.environ, **simulator.environment()})
            return command.wait()
    except SimulatorStartError as exc:
        print(f"run_with_simulator: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        if command is not None and command.poll() is None:
            command.terminate()
            command.wait()
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
