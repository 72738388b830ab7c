"""Killing a play mid-run (SIGKILL), as a crashed CI runner or a cancelled AWX job would."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import PLAYBOOK_DIR, PlaybookRunner, SimulatorProcess


def start_play(sim: SimulatorProcess, scratch: Path, playbook: str, extra_vars: dict[str, Any]) -> subprocess.Popen[bytes]:
    """ansible-playbook in a session of its own, so that os.killpg takes the module process down with it."""
    runner = PlaybookRunner(sim)
    variables = {"sim_api_url": sim.api_url, "ansible_python_interpreter": runner.python, **extra_vars}
    vars_path = scratch / "vars.json"
    vars_path.write_text(json.dumps(variables), encoding="utf-8")
    command = [str(Path(runner.python).parent / "ansible-playbook"), str(PLAYBOOK_DIR / playbook),
               "-i", "localhost,", "-c", "local", "-e", f"@{vars_path}"]
    return subprocess.Popen(command, env=runner.environment(), cwd=str(PLAYBOOK_DIR.parents[2]),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def kill_when(process: subprocess.Popen[bytes], moment: Callable[[], bool], timeout: float = 60) -> None:
    """SIGKILL the play's whole process group as soon as ``moment()`` holds."""
    ends = time.monotonic() + timeout
    try:
        while not moment():
            assert process.poll() is None, "the play ended before the moment to kill it"
            assert time.monotonic() < ends, "the moment to kill the play never came"
            time.sleep(0.1)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
