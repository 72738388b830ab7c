# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The spec the package carries is the vendored one, and a simulator without a usable spec refuses to start.

The fresh-venv install itself (pip install tests/simulator, not editable) is tested in
tests/tools/tests/test_simulator_install.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from redis_cloud_simulator import spec

VENDORED = Path(__file__).resolve().parents[2] / "spec" / "openapi.json"


def test_packaged_spec_is_a_link_to_the_one_vendored_file() -> None:
    packaged = Path(spec.__file__).with_name(spec.PACKAGED_SPEC)
    # A link, not a second copy that could drift: the build copies the content in.
    assert packaged.is_symlink()
    assert packaged.resolve() == VENDORED.resolve()


def test_spec_path_is_the_packaged_file_unless_the_variable_names_another(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(spec.SPEC_ENVIRONMENT_VARIABLE, raising=False)
    assert spec.spec_path() == Path(spec.__file__).with_name("openapi.json")
    monkeypatch.setenv(spec.SPEC_ENVIRONMENT_VARIABLE, str(tmp_path / "other.json"))
    assert spec.spec_path() == tmp_path / "other.json"


def test_check_spec_compiles_the_served_schemas() -> None:
    assert spec.check_spec(VENDORED) == VENDORED


def test_check_spec_names_the_missing_schemas(tmp_path: Path) -> None:
    trimmed = json.loads(VENDORED.read_text(encoding="utf-8"))
    del trimmed["components"]["schemas"]["DatabaseCreateRequest"]
    path = tmp_path / "trimmed.json"
    path.write_text(json.dumps(trimmed), encoding="utf-8")
    with pytest.raises(spec.SpecUnusableError, match="lacks the schemas DatabaseCreateRequest"):
        spec.check_spec(path)


def _start(spec_file: Path) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, **{spec.SPEC_ENVIRONMENT_VARIABLE: str(spec_file)})
    return subprocess.run([sys.executable, "-m", "redis_cloud_simulator", "--port", "0"], env=environment,
                          capture_output=True, text=True, timeout=20, check=False)


def test_missing_spec_stops_the_start_with_exit_2_and_the_reason(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "openapi.json"
    finished = _start(missing)
    # It never announced a URL: it cannot serve, so it does not listen (no 500 on every write later).
    assert (finished.returncode, finished.stdout) == (2, "")
    assert "cannot serve" in finished.stderr and str(missing) in finished.stderr


def test_spec_that_is_not_json_stops_the_start(tmp_path: Path) -> None:
    broken = tmp_path / "openapi.json"
    broken.write_text('{"openapi": "3.0.1", ', encoding="utf-8")
    finished = _start(broken)
    assert (finished.returncode, finished.stdout) == (2, "")
    assert "is not JSON" in finished.stderr
