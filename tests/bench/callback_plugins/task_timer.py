# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark-only callback: when each module run started and ended, written to a JSON file.

A run lasts from its task's start (or, in a loop, from the end of the item before it)
to its result: the whole module execution that ansible-playbook does for it
(templating, payload, interpreter start, the requests, the module's own waits), and
no play start-up. Times are Unix times, comparable with the simulator's request log.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: task_timer
type: aggregate
short_description: Record when each module run started and ended, for the benchmark
description:
  - Writes a list of {task, item, started, ended, status} to the file named by E(REDISCLOUD_BENCH_TIMINGS),
    one entry per module run (one per item in a loop), and the time the first task started.
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
    CALLBACK_NAME = "task_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self._runs: list[dict] = []
        self._first_task_started = None
        self._started = 0.0  # start of the current task, then end of its last item

    def v2_playbook_on_task_start(self, task, is_conditional) -> None:
        self._started = time.time()
        if self._first_task_started is None:
            self._first_task_started = self._started

    def _record(self, result, status: str, item: bool) -> None:
        ended = time.time()
        self._runs.append({"task": result._task.get_name(), "item": item, "started": self._started, "ended": ended, "status": status})
        if item:
            self._started = ended

    def v2_runner_on_ok(self, result) -> None:
        if "results" not in result._result:  # a loop's summary result, not one module run
            self._record(result, "ok", item=False)

    def v2_runner_on_failed(self, result, ignore_errors=False) -> None:
        if "results" not in result._result:
            self._record(result, "failed", item=False)

    def v2_runner_item_on_ok(self, result) -> None:
        self._record(result, "ok", item=True)

    def v2_runner_item_on_failed(self, result) -> None:
        self._record(result, "failed", item=True)

    def v2_playbook_on_stats(self, stats) -> None:
        path = os.environ.get("REDISCLOUD_BENCH_TIMINGS")
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump({"first_task_started": self._first_task_started, "runs": self._runs}, handle)
