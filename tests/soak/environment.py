"""Make the collection and the integration harness importable, as the test suites do."""

from __future__ import annotations

from pathlib import Path

from tests.collection_link import INTEGRATION_DIR, make_collection_importable

REPO_ROOT = Path(__file__).resolve().parents[2]
SOAK_DIR = Path(__file__).resolve().parent
CYCLE_PLAY = SOAK_DIR / "playbooks" / "cycle.yml"

make_collection_importable(INTEGRATION_DIR)

import harness  # noqa: E402  (importable only once tests/integration is on sys.path)

SimulatorProcess = harness.SimulatorProcess
PlaybookRunner = harness.PlaybookRunner
PlaybookRun = harness.PlaybookRun
new_credentials = harness.new_credentials
