"""Where things are, and how the benchmark reaches the collection and the integration harness.

The collection is imported as ``ansible_collections.rediscloud.api`` through the
same ``.build/collections`` symlink the test suites use; the simulator process and
the playbook runner are the integration harness's (``tests/integration/harness.py``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.collection_link import INTEGRATION_DIR, make_collection_importable

REPO_ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(__file__).resolve().parent
PLAYBOOK_DIR = BENCH_DIR / "playbooks"
BENCH_CALLBACK_DIR = BENCH_DIR / "callback_plugins"

make_collection_importable(INTEGRATION_DIR)

import harness  # noqa: E402  (importable only once tests/integration is on sys.path)
from ansible_collections.rediscloud.api.plugins.module_utils.api.client import RedisCloudClient  # noqa: E402

SimulatorProcess = harness.SimulatorProcess
PlaybookRunner = harness.PlaybookRunner
PlaybookRun = harness.PlaybookRun


@contextlib.contextmanager
def simulator(speed: float, **config: Any) -> Iterator[harness.SimulatorProcess]:
    """A fresh simulator with its own random credentials and ``config``; always stopped."""
    api_key, api_secret_key = harness.new_credentials()
    process = harness.SimulatorProcess(api_key, api_secret_key, speed=speed)
    process.start()
    try:
        if config:
            process.configure(**config)
        yield process
    finally:
        process.stop()


def client_for(process: harness.SimulatorProcess) -> RedisCloudClient:
    """The collection's own HTTP client (retries, pacing, request_count), pointed at the simulator."""
    return RedisCloudClient(process.api_url, process.api_key, process.api_secret_key)


def rate_limit_for(speed: float) -> dict[str, float]:
    """The API's 400 requests per minute, with the minute scaled like every other duration.

    The simulator counts its rate-limit window in real seconds; when simulated time
    runs ``speed`` times faster, pollers send ``speed`` times more requests per real
    minute, so the window shrinks by the same factor to keep the limit equivalent.
    """
    return {"requests": 400, "window_seconds": 60.0 / speed}


def dry_run_create_body(name: str) -> dict[str, Any]:
    """A valid subscription create with ``dryRun``: it makes a task and creates nothing."""
    return {
        "name": name,
        "dryRun": True,
        "paymentMethod": "marketplace",
        "cloudProviders": [{"regions": [{"region": "us-east-1"}]}],
        "databases": [{"name": "bench", "protocol": "redis", "datasetSizeInGb": 1}],
    }
