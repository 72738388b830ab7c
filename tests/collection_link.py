"""Make the collection importable as ``ansible_collections.rediscloud.api`` (tests, bench, soak).

The repository root is the collection root, so a symlink under ``.build/collections``
gives Python (and ``ANSIBLE_COLLECTIONS_PATH``) the namespace layout it expects,
without copying files.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
COLLECTIONS_ROOT = REPO_ROOT / ".build" / "collections"
COLLECTION_LINK = COLLECTIONS_ROOT / "ansible_collections" / "rediscloud" / "api"
INTEGRATION_DIR = REPO_ROOT / "tests" / "integration"


def make_collection_importable(*extra_paths: Path) -> None:
    """Create the symlink if needed and put the collections root (and extra_paths) on sys.path."""
    if not (COLLECTION_LINK.is_symlink() or COLLECTION_LINK.exists()):
        COLLECTION_LINK.parent.mkdir(parents=True, exist_ok=True)
        try:
            COLLECTION_LINK.symlink_to(REPO_ROOT, target_is_directory=True)
        except FileExistsError:  # another process (an xdist worker) made it first
            pass
    for path in (COLLECTIONS_ROOT, *extra_paths):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
