# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark-only callback: the wall time of each task run, written to a JSON file.

A task's time runs from its start to its result: the whole module execution that
ansible-playbook does for it (templating, payload, interpreter start, the request),
and no play start-up. Loop tasks are not timed.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: task_timer
type: aggregate
short_description: Record the wall time of each task run for the benchmark
description:
  - Writes {task name -> list of seconds, one per run} to the file named by E(REDISCLOUD_BENCH_TIMINGS).
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
        self._timings: dict[str, list[float]] = {}
        self._started = 0.0

    def v2_playbook_on_task_start(self, task, is_conditional) -> None:
        self._started = time.monotonic()

    def v2_runner_on_ok(self, result) -> None:
        if "results" not in result._result:  # a loop's summary result, not one module run
            self._timings.setdefault(result._task.get_name(), []).append(time.monotonic() - self._started)

    def v2_playbook_on_stats(self, stats) -> None:
        path = os.environ.get("REDISCLOUD_BENCH_TIMINGS")
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(self._timings, handle)
