# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Put the collections that the example playbooks use besides this one (amazon.aws) where ansible-lint finds them.

    python tests/tools/lint_collections.py DEST

Ansible Galaxy is out of reach of this project's machines, but PyPI is not, and the ``ansible`` package on PyPI
ships amazon.aws: this downloads that one wheel (pinned, no dependencies) with pip and extracts only the collections
named below into ``DEST/ansible_collections``, so that ``make lint`` checks the examples against amazon.aws's real
argument specs. Nothing is installed into a venv. A second run with the same pin does nothing.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

# ansible 12 is the community package of ansible-core 2.19; it ships amazon.aws 10.
ANSIBLE_PACKAGE = "ansible==12.3.0"
COLLECTIONS = ("amazon/aws",)


def extract(wheel: Path, dest: Path) -> int:
    prefixes = tuple(f"ansible_collections/{name}/" for name in COLLECTIONS)
    with zipfile.ZipFile(wheel) as archive:
        members = [name for name in archive.namelist() if name.startswith(prefixes)]
        archive.extractall(dest, members)
    return len(members)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    dest = Path(argv[0]).resolve()
    marker = dest / f".from-{ANSIBLE_PACKAGE}"
    if marker.exists():
        return 0
    with tempfile.TemporaryDirectory(prefix="lint-collections-") as scratch:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", scratch, ANSIBLE_PACKAGE], check=True)
        [wheel] = Path(scratch).glob("ansible-*.whl")
        count = extract(wheel, dest)
    if not count:
        print(f"lint_collections: {ANSIBLE_PACKAGE} ships none of {', '.join(COLLECTIONS)}", file=sys.stderr)
        return 1
    marker.touch()
    print(f"lint_collections: {', '.join(COLLECTIONS)} from {ANSIBLE_PACKAGE} in {dest} ({count} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
