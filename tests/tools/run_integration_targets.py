# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the ansible-test integration targets (tests/integration/targets) on a staged copy of the collection.

    python tests/tools/run_integration_targets.py --python 3.11 --stage DIR [--api auto|simulator] [--config FILE] [TARGET...]

Run it with the Python of the venv whose ansible-test to use. One code path for both APIs:

- The config file (``--config``, by default ``tests/integration/integration_config.yml``) exists
  and ``--api auto`` (the default): a live run. The file (api_url, api_key, api_secret_key,
  name_prefix) goes into the staged copy as is, where ansible-test reads it. A live run of all targets
  leaves out the ``rediscloud/simulator`` ones (they play the customer's cloud side through the simulator).
- Otherwise the simulator is started on a free loopback port, and a config file pointing at it
  is written into the staged copy, with the same keys and ``simulator_control_url``.

Then ``ansible-test integration --venv --python X.Y`` runs in the staged copy, and the simulator
(if any) is stopped. The exit code is ansible-test's, or 1 when its output holds a warning that names a
mistake in the targets themselves (``FORBIDDEN_WARNINGS``): the targets are examples users copy.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run_with_simulator import running_simulator  # noqa: E402  (a sibling script, not a package)
from stage_collection import stage  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG_RELATIVE = Path("tests/integration/integration_config.yml")
SIMULATOR_NAME_PREFIX = "ansible-test"
# Targets that need the simulator's control endpoints (the customer's cloud side): never part of a live run of all.
SIMULATOR_ONLY = "rediscloud/simulator/"
# Warnings a target's own YAML causes: task args from one template (ansible-core 2.19+ calls it unsafe), a key given twice
# (also a key a `<<:` merge already brings: override it through the task's vars instead), and a
# Python warning a task printed to stderr (e.g. a regex Python reads as a nested set).
FORBIDDEN_WARNINGS = ("Using a template for task args is unsafe", "errantly sent data directly to stderr", "Found duplicate mapping key")


def simulator_config(api_url: str, api_key: str, api_secret_key: str) -> str:
    # Plain values that need no quoting (a loopback URL and the simulator's own keys): no YAML library needed.
    # simulator_control_url: where targets that need the customer's cloud side (accepting a VPC peering, sharing a
    # transit gateway) find the simulator's control endpoints that stand for it.
    control_url = api_url.removesuffix("/v1") + "/_simulator"
    return (
        "# Written by tests/tools/run_integration_targets.py: the targets run against a local simulator.\n"
        f"api_url: {api_url}\napi_key: {api_key}\napi_secret_key: {api_secret_key}\nname_prefix: {SIMULATOR_NAME_PREFIX}\n"
        f"simulator_control_url: {control_url}\n"
    )


def is_live(api: str, live_config: Path) -> bool:
    return api == "auto" and live_config.is_file()


@contextlib.contextmanager
def config_for_run(api: str, staged: Path, live_config: Path, speed: float | None = None) -> Iterator[str]:
    """Put the config file the targets read into the staged copy; yields a description of the API used."""
    target = staged / CONFIG_RELATIVE
    if is_live(api, live_config):
        target.write_bytes(live_config.read_bytes())
        yield f"the API named in {live_config} (a live run: the billable targets create real resources)"
        return
    if live_config.is_file():
        print(f"run_integration_targets: --api {api}: {live_config} is ignored, the simulator is used", file=sys.stderr)
    with running_simulator(speed=speed) as simulator:
        target.write_text(simulator_config(simulator.api_url, simulator.access_key, simulator.secret_key), encoding="utf-8")
        yield f"the simulator at {simulator.api_url}"


def ansible_test_command(python_version: str, targets: list[str], verbosity: int, live: bool = False) -> list[str]:
    """A live run of all targets leaves out those that play the customer's cloud side through the simulator."""
    command = ["ansible-test", "integration", "--venv", "--python", python_version, "--color", "no"]
    if verbosity:
        command.append("-" + "v" * verbosity)
    if live and not targets:
        command += ["--exclude", SIMULATOR_ONLY]
    return command + targets


def forbidden_warnings(lines: Iterable[str]) -> list[str]:
    return [line.rstrip("\n") for line in lines if any(warning in line for warning in FORBIDDEN_WARNINGS)]


def run_and_echo(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, list[str]]:
    """Run the command, print its output as it comes, and return its exit code and the forbidden warnings it printed."""
    found: list[str] = []
    with subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace") as process:
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(line)
            found += forbidden_warnings([line])
        sys.stdout.flush()
    return process.returncode, found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", required=True, metavar="X.Y", help="Python version ansible-test runs the targets with")
    parser.add_argument("--stage", required=True, type=Path, help="the .../ansible_collections/rediscloud/api directory to (re)create")
    parser.add_argument("--api", choices=("auto", "simulator"), default="auto",
                        help="auto: the live API when tests/integration/integration_config.yml exists, else the simulator")
    parser.add_argument("--config", type=Path, default=REPO_ROOT / CONFIG_RELATIVE,
                        help="the live config file (default: %(default)s)")
    parser.add_argument("--speed", type=float, help="simulator speed (sim seconds per real second)")
    parser.add_argument("--verbosity", type=int, default=1, help="ansible-test -v count")
    parser.add_argument("targets", nargs="*", help="targets or aliases (e.g. rediscloud/free/); all by default")
    args = parser.parse_args(argv)
    staged = args.stage.resolve()
    if staged.parts[-3] != "ansible_collections":
        parser.error("--stage must end in ansible_collections/<namespace>/<name>")
    print(f"staged {stage(REPO_ROOT, staged)} files in {staged}", flush=True)
    # ansible-test and the interpreter it bootstraps its venv from come from this Python's venv.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    with config_for_run(args.api, staged, args.config.resolve(), args.speed) as where:
        print(f"ansible-test integration targets against {where}", flush=True)
        command = ansible_test_command(args.python, args.targets, args.verbosity, is_live(args.api, args.config.resolve()))
        returncode, warnings = run_and_echo(command, staged, env)
    if warnings:
        print(f"{len(warnings)} warning(s) caused by the targets' own YAML (FORBIDDEN_WARNINGS in {Path(__file__).name}):", flush=True)
        for warning in dict.fromkeys(warnings):
            print(f"  {warning}", flush=True)
        return returncode or 1
    return returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
