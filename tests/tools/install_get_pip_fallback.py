# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Put get_pip_fallback.py where ``ansible-test`` looks for its cached get-pip script.

Run with the Python of the venv that holds the ansible-test to prepare, and the
Python versions it will test: ``python install_get_pip_fallback.py 3.11``.
The pip version (and so the cache file name) comes from that ansible-test
itself. An existing cache file (a real get-pip.py) is never replaced.
"""

from __future__ import annotations

import argparse
import os
import shutil
import types
from pathlib import Path

from ansible_test._internal.python_requirements import get_venv_packages

FALLBACK_SCRIPT = Path(__file__).with_name("get_pip_fallback.py")
CACHE_DIR = Path("~/.ansible/test/cache").expanduser()


def cache_path_for(python_version: str) -> Path:
    """Mirror ansible-test's ``get_pip_<pip version with _>.py`` naming."""
    # get_venv_packages reads only the ``version`` attribute of its PythonConfig.
    pip_version = get_venv_packages(types.SimpleNamespace(version=python_version))["pip"]  # type: ignore[arg-type]
    return CACHE_DIR / f"get_pip_{pip_version.replace('.', '_')}.py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("python_versions", nargs="+", metavar="X.Y")
    args = parser.parse_args()
    for python_version in args.python_versions:
        target = cache_path_for(python_version)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        # Copy, then rename: make test runs ansible-test in several lanes at once, and none may read a half-written file.
        partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
        shutil.copyfile(FALLBACK_SCRIPT, partial)
        os.replace(partial, target)
        print(f"installed offline pip bootstrap for ansible-test: {target}")


if __name__ == "__main__":
    main()
