# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator as docs/guide.md tells a user to install it: ``pip install tests/simulator`` into a fresh venv.

Not editable: the installed package must carry its OpenAPI spec (it checks every write body against it),
and without a spec it must refuse to start instead of answering 500 to every write. pip fetches the
dependencies (aiohttp, jsonschema) from the package index or its cache; the whole test takes 15-40 s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
SIMULATOR_PROJECT = REPO_ROOT / "tests" / "simulator"
API_KEY, API_SECRET_KEY = "install-test-key", "install-test-secret"
PLAN = {
    "name": "installed",
    "paymentMethodId": 2001,
    "cloudProviders": [{"provider": "AWS", "regions": [{"region": "us-east-1"}]}],
    "databases": [{"name": "db", "datasetSizeInGb": 1}],
}


def _clean_environment() -> dict[str, str]:
    """No pointer back into the checkout: the installed package must stand on its own."""
    return {key: value for key, value in os.environ.items()
            if key not in ("REDIS_CLOUD_OPENAPI", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}


def _install(venv: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    installed = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                str(SIMULATOR_PROJECT)], capture_output=True, text=True, timeout=300,
                               env=_clean_environment(), check=False)
    assert installed.returncode == 0, installed.stderr[-3000:]
    return python


def _post(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/json", "x-api-key": API_KEY, "x-api-secret-key": API_SECRET_KEY})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # loopback only
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, {"body": error.read().decode(errors="replace")}


def _serve_and_create(command: Path, workdir: Path) -> tuple[int, dict]:
    process = subprocess.Popen([str(command), "--host", "127.0.0.1", "--port", "0", "--api-key", API_KEY,
                                "--api-secret-key", API_SECRET_KEY], cwd=workdir, env=_clean_environment(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline().strip()
        assert first_line.startswith("listening on http://127.0.0.1:"), (first_line, process.stderr.read() if process.poll() is not None else "")
        return _post(f"{first_line.removeprefix('listening on ')}/subscriptions", PLAN)
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_non_editable_install_serves_writes_and_refuses_to_start_without_its_spec(tmp_path: Path) -> None:
    python = _install(tmp_path / "venv")
    where = subprocess.run([str(python), "-c", "import redis_cloud_simulator.spec as s; print(s.spec_path())"],
                           cwd=tmp_path, env=_clean_environment(), capture_output=True, text=True, check=True).stdout.strip()
    packaged_spec = Path(where)
    # The installed package, with its own copy of the spec (a file, not the checkout's link).
    assert packaged_spec.is_relative_to(tmp_path / "venv") and packaged_spec.is_file() and not packaged_spec.is_symlink()
    assert packaged_spec.read_bytes() == (REPO_ROOT / "tests" / "spec" / "openapi.json").read_bytes()

    command = tmp_path / "venv" / "bin" / "redis-cloud-simulator"
    status, task = _serve_and_create(command, tmp_path)
    assert status == 202, task
    assert task["commandType"] == "subscriptionCreateRequest" and task["status"] == "received"

    # A package that lost its spec: the command stops at once with the reason, it never listens.
    packaged_spec.unlink()
    finished = subprocess.run([str(command), "--port", "0"], cwd=tmp_path, env=_clean_environment(),
                              capture_output=True, text=True, timeout=30, check=False)
    assert (finished.returncode, finished.stdout) == (2, "")
    assert "cannot serve" in finished.stderr and str(packaged_spec) in finished.stderr
