# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every step of one module run shares: the client, the deadline, the timeline, the poll settings."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.parsing import malformed
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import Task, TaskWaiter, parse_task
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import Clock, Deadline, Sleep, Timeline, wait_until


@dataclass
class Run:
    """One module run against one account: a single wait budget and one timeline for every wait."""

    client: Any
    deadline: Deadline
    timeline: Timeline
    poll_interval: float
    sleep: Sleep = time.sleep
    clock: Clock = time.monotonic
    rng: random.Random | None = None
    _tasks: TaskWaiter | None = field(default=None, init=False, repr=False)

    @property
    def tasks(self) -> TaskWaiter:
        if self._tasks is None:
            self._tasks = TaskWaiter(
                self.client,
                poll_interval=self.poll_interval,
                deadline=self.deadline,
                timeline=self.timeline,
                sleep=self.sleep,
                clock=self.clock,
                rng=self.rng,
            )
        return self._tasks

    def read_tasks(self, reads: Sequence[tuple[str, dict[str, Any] | None]]) -> list[Task]:
        """Reads that answer a task (peering listings, backup and import statuses): each GET is sent, then their tasks
        are waited for together. Returns the final tasks in order, failed ones included (the caller decides)."""
        started: list[Task] = []
        for path, params in reads:
            request = f"GET {path}"
            answer = self.client.get(path, params=params) if params else self.client.get(path)
            if not isinstance(answer, dict) or "taskId" not in answer:
                raise malformed(request, "the answer is not a task (this read answers one)")
            started.append(parse_task(answer, request))
        pending = [task.task_id for task in started if not task.finished]
        final = {}
        if pending:
            command_type = next(task.command_type for task in started if not task.finished)
            final = {task.task_id: task for task in self.tasks.wait_many(pending, fail_on_error=False, command_type=command_type)}
        return [final.get(task.task_id, task) for task in started]

    def read_task(self, path: str, params: dict[str, Any] | None = None) -> Task:
        """One read that answers a task: its final task (see read_tasks)."""
        return self.read_tasks([(path, params)])[0]

    def grace(self, seconds: float) -> Deadline:
        """A short budget for eventual consistency, never beyond the run's deadline."""
        return self.deadline.within(seconds)

    def wait_until(
        self,
        fetch: Callable[[], Any],
        is_settled: Callable[[Any], bool],
        describe: Callable[[Any], str],
        what: str,
        resume_hint: str | None = None,
        deadline: Deadline | None = None,
        record: bool = True,
    ) -> Any:
        return wait_until(
            fetch,
            is_settled,
            describe,
            self.poll_interval,
            deadline or self.deadline,
            sleep=self.sleep,
            timeline=self.timeline if record else None,
            what=what,
            rng=self.rng,
            resume_hint=resume_hint,
        )
