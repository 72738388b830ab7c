# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-only callback: write every task result of a run to a JSON file.

ansible-core ships no JSON stdout callback, and the integration tests want both the
human output (to search it for secrets) and machine-readable results (to assert on).
This aggregate callback leaves stdout to the default callback and writes results to
the file named by ``REDISCLOUD_TEST_RESULTS``.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: result_recorder
type: aggregate
short_description: Record task results to a JSON file for the integration tests
description:
  - Writes a list of task results to the file named by E(REDISCLOUD_TEST_RESULTS).
requirements:
  - The E(REDISCLOUD_TEST_RESULTS) environment variable.
"""

import json
import os
import time

from ansible.module_utils.common.json import AnsibleJSONEncoder
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "result_recorder"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self._records: list[dict] = []
        self._task_started = 0.0

    def v2_playbook_on_task_start(self, task, is_conditional) -> None:
        self._task_started = time.time()

    def _record(self, result, status: str, item: bool = False) -> None:
        self._records.append(
            {
                "task": result._task.get_name(),
                "host": result._host.get_name(),
                "status": status,
                "item": item,
                "result": result._result,
                # Unix times: when the task started, when this result came (a test of several cases in one run
                # times each case by its tasks).
                "started": self._task_started,
                "ended": time.time(),
            }
        )

    def v2_runner_on_ok(self, result) -> None:
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False) -> None:
        self._record(result, "failed")

    def v2_runner_on_skipped(self, result) -> None:
        self._record(result, "skipped")

    def v2_runner_on_unreachable(self, result) -> None:
        self._record(result, "unreachable")

    def v2_playbook_on_stats(self, stats) -> None:
        path = os.environ.get("REDISCLOUD_TEST_RESULTS")
        if not path:
            return
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(self._records, handle, cls=AnsibleJSONEncoder, indent=1)
