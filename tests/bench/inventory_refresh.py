"""Table 6: an inventory refresh of a large account (the plugin rediscloud.api.redis_cloud through ansible-inventory --list).

The simulator's bulk load makes 100 active Pro subscriptions of 10 databases each (and 20 Essentials subscriptions of 4)
at once. Each row is one `ansible-inventory --list` of that account under the real limit of 400 requests a minute
(speed 1: nothing is scaled): a cold refresh, the same from the cache, and a refresh that also reads every database's
tags (one request per database: far beyond one window, so the client paces itself and waits out refusals).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
import yaml

from tests.bench.concurrent_waits import peak_in_window
from tests.bench.environment import REPO_ROOT, PlaybookRunner, simulator
from tests.bench.stats import Table, Target

PRO, DATABASES, ESSENTIALS, ESSENTIALS_DATABASES = 100, 10, 20, 4
LIMIT = 400


def refresh(process: Any, source: Path, *args: str) -> tuple[dict[str, Any], float, list[dict[str, Any]]]:
    """One ansible-inventory --list: (its inventory, real seconds, the /v1 requests it made)."""
    mark = len(process.requests())
    environment = PlaybookRunner(process).environment({"REDISCLOUD_URL": process.api_url})
    started = time.monotonic()
    completed = subprocess.run([str(Path(sys.executable).parent / "ansible-inventory"), "-i", str(source), "--list", *args],
                               capture_output=True, text=True, timeout=1800, env=environment, cwd=str(REPO_ROOT), check=False)
    seconds = time.monotonic() - started
    if completed.returncode != 0:
        raise RuntimeError(f"ansible-inventory failed: {completed.stderr[-1500:]}")
    made = [entry for entry in process.requests()[mark:] if entry["path"].startswith("/v1/")]
    return json.loads(completed.stdout), seconds, made


def inventory_refresh_table(progress: Callable[[str], None]) -> Table:
    rows, targets = [], []
    with simulator(1.0, request_log_limit=100000) as process, tempfile.TemporaryDirectory(prefix="bench-inventory-") as scratch:
        loaded = requests.post(f"{process.base_url}/_simulator/bulk-load", timeout=120, json={
            "subscriptions": PRO, "databasesPerSubscription": DATABASES,
            "essentials": {"subscriptions": ESSENTIALS, "databasesPerSubscription": ESSENTIALS_DATABASES}})
        loaded.raise_for_status()
        cache = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(Path(scratch) / "cache")}
        variants = [("cold refresh", "plain", {}, ()), ("from the cache", "cached", cache, ()),
                    ("with tags (1 request per database)", "tags", {"include_tags": True}, ())]
        # The cache is filled by a first run, not measured.
        sources = {}
        for _label, name, options, _args in variants:
            sources[name] = Path(scratch) / f"{name}.redis_cloud.yml"
            sources[name].write_text(yaml.safe_dump({"plugin": "rediscloud.api.redis_cloud", **options}), encoding="utf-8")
        refresh(process, sources["cached"])
        for label, name, _options, args in variants:
            progress(f"  table 6: {label}")
            listed, seconds, made = refresh(process, sources[name], *args)
            limited = sum(1 for entry in made if entry["status"] == 429)
            peak = peak_in_window([entry["time"] for entry in made if entry["status"] != 429]) if made else 0
            rows.append([label, str(len(listed["_meta"]["hostvars"])), str(len(made)), str(limited), str(peak), f"{seconds:.1f}"])
            if name == "plain":
                wanted = 2 + PRO + ESSENTIALS
                targets.append(Target("a cold refresh costs one listing per plan type and one per subscription",
                                      f"{len(made)} requests for {PRO} + {ESSENTIALS} subscriptions (expected {wanted})", len(made) == wanted))
            targets.append(Target(f"{label}: at most {LIMIT} requests answered in any 60 s", f"{peak}", peak <= LIMIT))
    headers = ["refresh", "hosts", "requests", "of which 429", "most answered in 60 s", "wall (s)"]
    method = [
        f"POST /_simulator/bulk-load: {PRO} active Pro subscriptions of {DATABASES} databases and {ESSENTIALS} Essentials ones of "
        f"{ESSENTIALS_DATABASES}; simulator at speed 1 with its real limit of {LIMIT} requests per 60 s per key.",
        "Each row is one `ansible-inventory -i <source> --list` (wall time includes its start-up, about 1-2 s). Requests and "
        "429s are counted in the simulator's request log; the window column counts the requests it answered (not the 429s).",
        "The cache row reads a jsonfile cache the run before it filled. The tags row reads every database's tags: the client "
        "slows down on X-Rate-Limit-Remaining and waits out the 429s the simulator answers without a retry-after header.",
    ]
    return Table("Table 6. Inventory refresh: 100 subscriptions of 10 databases (and 20 Essentials of 4)", headers, rows, method, targets)
