# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark-only callback: the wall time of each loop item, written to a JSON file.

An item's time runs from the previous item's result (or the task's start) to its
own result, so it covers the whole module execution that ansible-playbook does
for it, and no play start-up.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: item_timer
type: aggregate
short_description: Record the wall time of each loop item for the benchmark
description:
  - Writes {task name -> list of item seconds} to the file named by E(REDISCLOUD_BENCH_TIMINGS).
requirements:
  - The E(REDISCLOUD_BENCH_TIMINGS) environment variable.
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "item_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self._timings: dict[str, list[float]] = {}
        self._task = ""
        self._last = 0.0

    def v2_playbook_on_task_start(self, task, is_conditional) -> None:
        self._task = task.get_name()
        self._last = time.monotonic()

    def _item_done(self) -> None:
        now = time.monotonic()
        self._timings.setdefault(self._task, []).append(now - self._last)
        self._last = now

    def v2_runner_item_on_ok(self, result) -> None:
        self._item_done()

    def v2_runner_item_on_failed(self, result) -> None:
        self._item_done()

    def v2_playbook_on_stats(self, stats) -> None:
        path = os.environ.get("REDISCLOUD_BENCH_TIMINGS")
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(self._timings, handle)
