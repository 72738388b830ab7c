# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Copy the files git knows into a fresh ``ansible_collections/<ns>/<name>`` tree.

``ansible-test`` must run from inside such a tree. Copying (instead of
symlinking) the tracked and untracked-but-not-ignored files keeps venvs, build
output and caches out of the sanity run, exactly as a clean clone would.

The copy gets an empty git repository of its own: ansible-test otherwise walks
up to the enclosing checkout, where the copy is ignored, and finds no files.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path


def files_git_knows(repo_root: Path) -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=repo_root,
        check=True,
        capture_output=True,
    ).stdout
    return [name for name in listing.decode().split("\0") if name]


def stage(repo_root: Path, destination: Path) -> int:
    """Replace ``destination`` with a copy of the repository's files; return how many were copied."""
    if destination.exists():
        shutil.rmtree(destination)
    copied = 0
    for relative in files_git_knows(repo_root):
        source = repo_root / relative
        # Deleted-but-tracked files and symlinks to directories are not part of the collection content.
        if not source.is_file():
            continue
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        copied += 1
    subprocess.run(["git", "init", "--quiet", str(destination)], check=True)
    return copied


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("destination", type=Path, help="the .../ansible_collections/<ns>/<name> directory to (re)create")
    parser.add_argument("--repo-root", type=Path, default=Path(__file__).resolve().parents[2])
    args = parser.parse_args()
    if args.destination.resolve().parts[-3] != "ansible_collections":
        parser.error("destination must end in ansible_collections/<namespace>/<name>")
    count = stage(args.repo_root.resolve(), args.destination.resolve())
    print(f"staged {count} files in {args.destination}")


if __name__ == "__main__":
    main()
