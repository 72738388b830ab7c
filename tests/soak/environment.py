"""Make the collection and the integration harness importable, as the test suites do."""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SOAK_DIR = Path(__file__).resolve().parent
CYCLE_PLAY = SOAK_DIR / "playbooks" / "cycle.yml"
COLLECTIONS_ROOT = REPO_ROOT / ".build" / "collections"
COLLECTION_LINK = COLLECTIONS_ROOT / "ansible_collections" / "rediscloud" / "api"
INTEGRATION_DIR = REPO_ROOT / "tests" / "integration"


def _make_importable() -> None:
    if not (COLLECTION_LINK.is_symlink() or COLLECTION_LINK.exists()):
        COLLECTION_LINK.parent.mkdir(parents=True, exist_ok=True)
        COLLECTION_LINK.symlink_to(REPO_ROOT, target_is_directory=True)
    if str(INTEGRATION_DIR) not in sys.path:
        sys.path.insert(0, str(INTEGRATION_DIR))


_make_importable()

import harness  # noqa: E402  (importable only once tests/integration is on sys.path)

SimulatorProcess = harness.SimulatorProcess
PlaybookRunner = harness.PlaybookRunner
PlaybookRun = harness.PlaybookRun
new_credentials = harness.new_credentials
