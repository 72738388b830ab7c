# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every step of one module run shares: the client, the deadline, the timeline, the poll settings."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import TaskWaiter
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
