# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Old finished tasks, so that clients meet a GET /tasks as long as the docs' 10-day list.

redis/docs manage-tasks.md: "The result returns all the tasks submitted during the past 10 days."
An account that ran a pipeline for days has hundreds: old creates of subscriptions deleted since.
"""

from __future__ import annotations

from redis_cloud_simulator.lifecycle import Lifecycle
from redis_cloud_simulator.state import Task

MIN_AGE_SECONDS = 3600.0
_RESOURCE_COMMANDS = ("subscriptionCreateRequest", "subscriptionUpdateRequest", "subscriptionDeleteRequest",
                      "databaseCreateRequest", "databaseUpdateRequest", "databaseUpgradeRequest", "databaseDeleteRequest")


def preload_finished_tasks(life: Lifecycle, now: float, count: int, command_type: str, max_age_seconds: float) -> None:
    """`count` tasks completed between an hour and `max_age_seconds` ago; each names a resource long gone."""
    if command_type not in _RESOURCE_COMMANDS:
        raise ValueError(f"commandType must be one of {', '.join(_RESOURCE_COMMANDS)}")
    if count < 1 or max_age_seconds < MIN_AGE_SECONDS:
        raise ValueError(f"count must be at least 1 and max_age_seconds at least {MIN_AGE_SECONDS:g}")
    state = life.state
    spread = (max_age_seconds - MIN_AGE_SECONDS) / count
    for index in range(count):
        submitted = now - max_age_seconds + index * spread
        finished = submitted + 10.0
        task = Task(life.new_task_id(), command_type, submitted, submitted, {}, status="processing-completed",
                    status_at=finished, started_at=submitted + 1.0, finished_at=finished,
                    response={"resourceId": state.next_gone_id})
        state.next_gone_id += 1
        state.tasks[task.task_id] = task
