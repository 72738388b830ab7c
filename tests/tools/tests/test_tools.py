# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests of the build and test tooling in tests/tools."""

from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# pylint: disable=wrong-import-position
import get_pip_fallback  # noqa: E402
import install_get_pip_fallback  # noqa: E402
import run_with_simulator  # noqa: E402
import stage_collection  # noqa: E402

PYTHON = sys.executable


def test_get_pip_arguments_become_a_pip_install_with_the_ca_bundle() -> None:
    command = get_pip_fallback.pip_install_command(
        ["--disable-pip-version-check", "pip==24.2", "--no-setuptools", "--no-wheel"], "/etc/ssl/ca.pem"
    )
    assert command == [PYTHON, "-m", "pip", "install", "--cert", "/etc/ssl/ca.pem", "--disable-pip-version-check", "pip==24.2"]


def test_ca_bundle_prefers_pip_cert(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bundle = tmp_path / "corporate-ca.pem"
    bundle.write_text("not checked here", encoding="utf-8")
    monkeypatch.setenv("PIP_CERT", str(bundle))
    assert get_pip_fallback.find_ca_bundle() == str(bundle)


def test_fallback_goes_where_this_ansible_test_looks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(install_get_pip_fallback, "CACHE_DIR", tmp_path)
    target = install_get_pip_fallback.cache_path_for("3.11")
    assert target.parent == tmp_path
    assert re.fullmatch(r"get_pip_\d+_\d+(_\d+)?\.py", target.name), target.name


def test_fallback_never_replaces_a_real_bootstrap_script(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(install_get_pip_fallback, "CACHE_DIR", tmp_path)
    real = install_get_pip_fallback.cache_path_for("3.11")
    real.write_text("# the real get-pip.py\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["install_get_pip_fallback.py", "3.11"])
    install_get_pip_fallback.main()
    assert real.read_text(encoding="utf-8") == "# the real get-pip.py\n"


def test_fallback_is_installed_when_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(install_get_pip_fallback, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(sys, "argv", ["install_get_pip_fallback.py", "3.11"])
    install_get_pip_fallback.main()
    installed = install_get_pip_fallback.cache_path_for("3.11")
    assert installed.read_bytes() == install_get_pip_fallback.FALLBACK_SCRIPT.read_bytes()
    assert list(installed.parent.iterdir()) == [installed]  # written beside it, then renamed: no partial file left


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def test_staging_copies_tracked_and_untracked_files_but_not_ignored_ones(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "plugins" / "modules").mkdir(parents=True)
    git(repo, "init", "--quiet")
    (repo / ".gitignore").write_text("/.venv/\n", encoding="utf-8")
    (repo / "galaxy.yml").write_text("name: api\n", encoding="utf-8")
    git(repo, "add", "galaxy.yml", ".gitignore")
    (repo / "plugins" / "modules" / "new_module.py").write_text("# untracked\n", encoding="utf-8")
    (repo / ".venv").mkdir()
    (repo / ".venv" / "pyvenv.cfg").write_text("ignored\n", encoding="utf-8")
    destination = tmp_path / "ansible_collections" / "rediscloud" / "api"
    destination.mkdir(parents=True)
    (destination / "stale.txt").write_text("from an earlier run\n", encoding="utf-8")

    copied = stage_collection.stage(repo, destination)

    staged = {str(path.relative_to(destination)) for path in destination.rglob("*") if path.is_file() and ".git" not in path.parts}
    assert staged == {".gitignore", "galaxy.yml", "plugins/modules/new_module.py"}
    assert copied == 3
    assert (destination / ".git").is_dir(), "ansible-test needs the copy to be its own git work tree"


def test_a_simulator_that_never_listens_is_reported() -> None:
    with pytest.raises(run_with_simulator.SimulatorStartError):
        run_with_simulator._read_api_url(io.StringIO("starting\nstill starting\n"), timeout=1)  # pylint: disable=protected-access


def test_the_listening_line_gives_the_api_url() -> None:
    stdout = io.StringIO("listening on http://127.0.0.1:41234/v1\n")
    assert run_with_simulator._read_api_url(stdout, timeout=1) == "http://127.0.0.1:41234/v1"  # pylint: disable=protected-access


@pytest.mark.slow
def test_running_simulator_answers_and_is_stopped_afterwards() -> None:
    with run_with_simulator.running_simulator() as simulator:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/v1", simulator.api_url)
        with urllib.request.urlopen(f"{simulator.control_url}/_simulator/config", timeout=10) as answer:
            assert answer.status == 200
        environment = simulator.environment()
    assert environment["REDISCLOUD_URL"] == simulator.api_url
    assert environment["REDISCLOUD_ACCESS_KEY"] == run_with_simulator.DEFAULT_ACCESS_KEY
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{simulator.control_url}/_simulator/config", timeout=5)  # pylint: disable=consider-using-with


@pytest.fixture
def restore_sigterm_handler() -> Iterator[None]:
    """main() turns SIGTERM into KeyboardInterrupt; keep that out of the pytest process."""
    previous = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, previous)


@pytest.mark.slow
@pytest.mark.parametrize("exit_code", [0, 7])
@pytest.mark.usefixtures("restore_sigterm_handler")
def test_main_runs_the_command_with_the_simulator_environment_and_returns_its_code(exit_code: int) -> None:
    check_environment = (
        "import os, sys; "
        "ok = os.environ['SIM_API_URL'].startswith('http://127.0.0.1:') and os.environ['REDISCLOUD_SECRET_KEY']; "
        f"sys.exit({exit_code} if ok else 99)"
    )
    assert run_with_simulator.main(["--", PYTHON, "-c", check_environment]) == exit_code
