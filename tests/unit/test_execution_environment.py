# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The execution environment definition produces a build context with the collection's requirements.

``ansible-builder create`` only writes the context, so no container engine is needed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

COLLECTION_ROOT = Path(__file__).resolve().parents[2]
EE_DEFINITION = COLLECTION_ROOT / "meta" / "execution-environment.yml"
PROJECT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def ansible_builder() -> str:
    beside_python = Path(sys.executable).with_name("ansible-builder")
    found = str(beside_python) if beside_python.exists() else shutil.which("ansible-builder")
    assert found, "ansible-builder is in tests/requirements-dev.txt; install it with `make venv`"
    return found


@pytest.fixture(scope="module")
def build_context(tmp_path_factory: pytest.TempPathFactory) -> Path:
    context = tmp_path_factory.mktemp("ee-context")
    subprocess.run(
        [ansible_builder(), "create", "--file", str(EE_DEFINITION), "--context", str(context), "--output-filename", "Containerfile"],
        check=True,
        capture_output=True,
        text=True,
    )
    return context


def requirement_names(path: Path) -> set[str]:
    """Project names in a pip requirements file (comments and version specifiers dropped)."""
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PROJECT_NAME.match(line.strip())
        if match:
            names.add(match.group(0).lower())
    return names


def test_python_requirements_name_requests(build_context: Path) -> None:
    assert "requests" in requirement_names(build_context / "_build" / "requirements.txt")


def test_python_requirements_are_exactly_what_the_modules_import() -> None:
    # plugins/ may import only ansible-core, requests and the stdlib: the EE installs just requests.
    assert requirement_names(COLLECTION_ROOT / "meta" / "requirements.txt") == {"requests"}


def test_system_requirements_carry_tls_roots(build_context: Path) -> None:
    bindep = (build_context / "_build" / "bindep.txt").read_text(encoding="utf-8")
    assert "ca-certificates" in bindep


def test_galaxy_requirements_install_this_collection(build_context: Path) -> None:
    galaxy = (build_context / "_build" / "requirements.yml").read_text(encoding="utf-8")
    assert "rediscloud.api" in galaxy


def test_containerfile_installs_supported_ansible_core(build_context: Path) -> None:
    containerfile = (build_context / "Containerfile").read_text(encoding="utf-8")
    assert "ansible-core>=2.19.0,<2.22" in containerfile
