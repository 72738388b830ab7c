# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for the get-pip.py script that ``ansible-test --venv`` downloads.

ansible-test bootstraps pip in each of its virtual environments with a
get-pip.py fetched from ci-files.testing.ansible.com. Behind a proxy or on a
machine that reaches only a package index, that download fails. ansible-test
first looks for the script in ``~/.ansible/test/cache/get_pip_<version>.py``;
``make sanity`` installs this file there (never over a real one).

It takes get-pip.py's arguments (``pip==24.2 --no-setuptools --no-wheel ...``),
bootstraps the bundled pip with ``ensurepip`` and then lets that pip install the
requested version from the configured index. ansible-test runs it with
``PIP_CONFIG_FILE=/dev/null``, so the CA bundle is passed explicitly.
"""

from __future__ import annotations

import os
import subprocess
import sys

# get-pip.py flags that plain ``pip install`` does not know.
GET_PIP_ONLY_FLAGS = frozenset({"--no-setuptools", "--no-wheel"})
SYSTEM_CA_BUNDLES = (
    "/etc/ssl/certs/ca-certificates.crt",  # Debian, Ubuntu, Alpine
    "/etc/pki/tls/certs/ca-bundle.crt",  # Fedora, RHEL
    "/etc/ssl/cert.pem",  # macOS, BSD
)


def find_ca_bundle() -> str | None:
    """Return a CA bundle path: $PIP_CERT, the system's, or certifi's (when importable)."""
    configured = os.environ.get("PIP_CERT")
    if configured and os.path.exists(configured):
        return configured
    for path in SYSTEM_CA_BUNDLES:
        if os.path.exists(path):
            return path
    try:
        import certifi  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    return certifi.where()


def pip_install_command(get_pip_args: list[str], ca_bundle: str | None) -> list[str]:
    """Translate get-pip.py arguments into a ``python -m pip install`` command."""
    command = [sys.executable, "-m", "pip", "install"]
    if ca_bundle:
        command += ["--cert", ca_bundle]
    command += [arg for arg in get_pip_args if arg not in GET_PIP_ONLY_FLAGS]
    return command


def main() -> int:
    subprocess.run([sys.executable, "-m", "ensurepip", "--default-pip"], check=True, stdout=subprocess.DEVNULL)
    return subprocess.run(pip_install_command(sys.argv[1:], find_ca_bundle()), check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
