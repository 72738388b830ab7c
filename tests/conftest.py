"""Make the collection importable as ``ansible_collections.rediscloud.api`` for every suite.

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


def _ensure_collection_link() -> None:
    if COLLECTION_LINK.is_symlink() or COLLECTION_LINK.exists():
        return
    COLLECTION_LINK.parent.mkdir(parents=True, exist_ok=True)
    try:
        COLLECTION_LINK.symlink_to(REPO_ROOT, target_is_directory=True)
    except FileExistsError:  # another xdist worker made it first
        pass


_ensure_collection_link()
if str(COLLECTIONS_ROOT) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS_ROOT))
