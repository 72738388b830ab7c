# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tasks: the one parser of task answers, their statuses, and the task waiter.

Every write of the Redis Cloud API answers a task (``taskId``, ``commandType``,
``status``, ``response``). A task goes ``received`` -> ``processing-in-progress`` ->
``processing-completed`` or ``processing-error``. Any status we do not know counts as
still running, never as finished.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import ApiRequestError, TaskFailedError, WaitTimeoutError, printable
from ansible_collections.rediscloud.api.plugins.module_utils.api.parsing import (
    api_path,
    malformed,
    optional_resource_id,
    optional_str,
    require_dict,
    require_list,
    task_id as parse_task_id,
)
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import (
    DATABASE_CHANGE_PROFILE,
    DEFAULT_PROFILE,
    Clock,
    Deadline,
    PollProfile,
    PollSchedule,
    Sleep,
    Timeline,
)

COMPLETED = "processing-completed"
FAILED = "processing-error"
FINAL_STATUSES = frozenset({COMPLETED, FAILED})
# Listed for documentation; the rule is "not final", so an unknown status is pending too.
PENDING_STATUSES = frozenset({"initialized", "received", "processing-in-progress"})

TASKS_PATH = "/tasks"
TASK_PATH = "/tasks/{task_id}"

# GET /tasks/{id} may answer 404 just after the write that created the task
# (eventual consistency); the official Go client tolerates 5 such answers.
TOLERATED_NOT_FOUND = 5
NOT_FOUND_GRACE_SECONDS = 10.0

# Refusals: the API did not act, because the resource (or its parent) is busy. They
# arrive as an HTTP error or as the task's processing-error; either way nothing was
# done, so the write is sent again once the resource is ready.
SUBSCRIPTION_NOT_ACTIVE = "SUBSCRIPTION_NOT_ACTIVE"
DATABASE_SUBSCRIPTION_PENDING = "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS"
TOO_MANY_PENDING_SUBSCRIPTIONS = "TOO_MANY_PENDING_SUBSCRIPTIONS"
REFUSALS = frozenset({SUBSCRIPTION_NOT_ACTIVE, DATABASE_SUBSCRIPTION_PENDING, TOO_MANY_PENDING_SUBSCRIPTIONS})

# How long tasks of a command type usually take, as a poll profile (see waiter.PollProfile).
PROFILES = {
    "databaseUpdateRequest": DATABASE_CHANGE_PROFILE,
    "databaseUpgradeRequest": DATABASE_CHANGE_PROFILE,
}


@dataclass(frozen=True)
class Task:
    """One task answer, checked. ``raw`` is the body as the API sent it (what modules return)."""

    task_id: str
    status: str
    command_type: str | None
    resource_id: int | None
    additional_resource_id: int | None
    resource: dict[str, Any]
    error_type: str | None
    error_status: str | None
    error_description: str | None
    # response.additionalInfo: beside the error, often the useful cause ("rcp-cannot-provision-without-plan").
    additional_info: str | None
    timestamp: datetime | None
    raw: dict[str, Any] = field(repr=False, compare=False)

    @property
    def finished(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def completed(self) -> bool:
        return self.status == COMPLETED

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    @property
    def refused(self) -> bool:
        """Failed because the resource was busy: nothing was done, the same write can be sent again."""
        return self.failed and self.error_type in REFUSALS


def parse_task(body: Any, request: str) -> Task:
    """A task body (TaskStateUpdate): an answer to a write, or to GET /tasks/{id}."""
    task = require_dict(body, request, "the task")
    status = task.get("status")
    if not isinstance(status, str) or not status:
        raise malformed(request, "the task has no status")
    response = task.get("response")
    response = {} if response is None else require_dict(response, request, "the task's response")
    resource = response.get("resource")
    error_type, error_status, error_description = _task_error(response.get("error"), task.get("description"), status)
    return Task(
        task_id=parse_task_id(task.get("taskId"), request, "taskId"),
        status=status,
        command_type=optional_str(task.get("commandType"), request, "commandType"),
        resource_id=optional_resource_id(response.get("resourceId"), request, "response.resourceId"),
        additional_resource_id=optional_resource_id(response.get("additionalResourceId"), request, "response.additionalResourceId"),
        resource=resource if isinstance(resource, dict) else {},
        error_type=error_type,
        error_status=error_status,
        error_description=error_description,
        additional_info=printable(str(response["additionalInfo"]), 200) if response.get("additionalInfo") not in (None, "") else None,
        timestamp=_timestamp(task.get("timestamp")),
        raw=task,
    )


def parse_task_list(body: Any, request: str = "GET " + TASKS_PATH) -> list[Task]:
    """The tasks of a GET /tasks answer.

    Shapes recorded from the live API (redis-cloud-rs fixes #56 and #85): ``{"tasks": [...]}``,
    a bare list, and ``{}`` when there is nothing to list. Anything else is an error, not
    "no tasks": a lost or killed write is looked for in this list.
    """
    if isinstance(body, dict):
        if "tasks" not in body:
            if body:
                raise malformed(request, "the answer has no list of tasks")
            return []
        body = body["tasks"]
    items = require_list(body, request, "the list of tasks")
    return [parse_task(item, request) for item in items]


def _task_error(error: Any, description: Any, status: str) -> tuple[str | None, str | None, str | None]:
    """(type, status, description) of ``response.error``: an object in practice, an enum string in the spec."""
    if isinstance(error, dict):
        return _text(error.get("type")), _text(error.get("status")), _text(error.get("description") or error.get("message"))
    if isinstance(error, str):
        return error, None, _text(description) if status == FAILED else None
    return None, None, _text(description) if status == FAILED else None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def task_failed(task: Task) -> TaskFailedError:
    """The failure for a task that ended in processing-error: task id, command, error type and the API's text."""
    label = f"Task {task.task_id} ({task.command_type})" if task.command_type else f"Task {task.task_id}"
    detail = ": ".join(part for part in (task.error_type, task.error_description) if part) or "no error details given"
    if task.additional_info:
        detail += f" (additional info: {task.additional_info})"
    description = task.error_description
    if task.additional_info:
        description = f"{description} (additional info: {task.additional_info})" if description else task.additional_info
    return TaskFailedError(
        f"{label} failed: {detail}",
        task=task.raw,
        task_id=task.task_id,
        error_type=task.error_type,
        description=description,
        last_status=FAILED,
    )


def resume_hint_for_task(task_id: str) -> str:
    return (
        "The operation continues on the Redis Cloud side; re-run the play to resume, or wait with "
        f"rediscloud.api.redis_cloud_task_info task_id={task_id} wait=true."
    )


def running(tasks: Iterable[Task], command_types: Iterable[str]) -> list[Task]:
    """Tasks of these command types that have not finished (a lost or killed write may be one of them)."""
    wanted = frozenset(command_types)
    return [task for task in tasks if task.command_type in wanted and not task.finished]


class TaskWaiter:
    """Polls tasks until they reach processing-completed or processing-error.

    ``wait`` and ``wait_many`` sleep the first delay before their first request:
    they are called right after a write (or a GET) showed the task pending. The
    poll schedule follows the command type (``PROFILES``).
    """

    def __init__(
        self,
        client: Any,
        poll_interval: float = 10,
        wait_timeout: float = 1800,
        deadline: Deadline | None = None,
        timeline: Timeline | None = None,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self.client = client
        self.poll_interval = poll_interval
        self.deadline = deadline or Deadline(wait_timeout, clock)
        self.timeline = timeline or Timeline(clock)
        self.sleep = sleep
        self.clock = clock
        self.rng = rng

    def wait(self, task_id: str, fail_on_error: bool = True, command_type: str | None = None) -> Task:
        return self.wait_many([task_id], fail_on_error, command_type)[0]

    def wait_many(self, task_ids: Sequence[str], fail_on_error: bool = True, command_type: str | None = None) -> list[Task]:
        """Final tasks, in the order given. Raises on the first failed task when ``fail_on_error``."""
        pending = list(dict.fromkeys(task_ids))
        final: dict[str, Task] = {}
        last_seen: dict[str, Task] = {}
        not_found = dict.fromkeys(pending, 0)
        started = self.clock()
        pauses = PollSchedule(self.poll_interval, self.rng, self._profile(command_type)).pauses(self.clock)
        while pending:
            if self.deadline.expired():
                raise self._timeout(pending, last_seen)
            self.sleep(min(next(pauses), self.deadline.remaining()))
            for task_id, task in self.read_many(pending).items():
                if task is None:
                    not_found[task_id] += 1
                    self._check_not_found(task_id, not_found[task_id], started, last_seen)
                    continue
                last_seen[task_id] = task
                self.timeline.record(f"task {task_id}", task.status)
                if task.finished:
                    if task.failed and fail_on_error:
                        raise task_failed(task)
                    final[task_id] = task
            pending = [task_id for task_id in pending if task_id not in final]
        return [final[task_id] for task_id in task_ids]

    def read(self, task_id: str) -> Task | None:
        """The task as it is now; None while GET /tasks/{id} answers 404."""
        path = api_path(TASK_PATH, task_id=task_id)
        body = self.client.get_or_none(path)
        if body is None:
            return None
        task = parse_task(body, f"GET {path}")
        if task.task_id != task_id:
            raise malformed(f"GET {path}", "the answer is another task")
        return task

    def read_many(self, pending: Sequence[str]) -> dict[str, Task | None]:
        """The tasks as they are now (None: not found). For several, one GET /tasks first (it lists at
        least the running ones), then GET /tasks/{id} for any the list lacks."""
        found: dict[str, Task | None] = {}
        if len(pending) > 1:
            by_id = {task.task_id: task for task in list_tasks(self.client)}
            found = {task_id: by_id[task_id] for task_id in pending if task_id in by_id}
        for task_id in pending:
            if task_id not in found:
                found[task_id] = self.read(task_id)
        return found

    @staticmethod
    def _profile(command_type: str | None) -> PollProfile:
        return PROFILES.get(command_type or "", DEFAULT_PROFILE)

    def _check_not_found(self, task_id: str, count: int, started: float, last_seen: dict[str, Task]) -> None:
        seen_before = task_id in last_seen
        within_grace = self.clock() - started < NOT_FOUND_GRACE_SECONDS
        if not seen_before and (count <= TOLERATED_NOT_FOUND or within_grace):
            return
        path = api_path(TASK_PATH, task_id=task_id)
        raise ApiRequestError(
            f"Task {task_id} was not found (GET {path} answered 404 {count} times). "
            "Check the task id and that the API key belongs to the account that ran it.",
            status=404,
            method="GET",
            path=path,
            task_id=task_id,
        )

    def _timeout(self, pending: list[str], last_seen: dict[str, Task]) -> WaitTimeoutError:
        task_id = pending[0]
        last = last_seen.get(task_id)
        last_status = last.status if last else "not found yet"
        others = f" and {len(pending) - 1} other task(s)" if len(pending) > 1 else ""
        hint = resume_hint_for_task(task_id)
        return WaitTimeoutError(
            f"Timed out after {self.deadline.seconds:g} s waiting for task {task_id}{others} (last status: {last_status}). {hint}",
            task_id=task_id,
            last_status=last_status,
            resume_hint=hint,
        )


def list_tasks(client: Any) -> list[Task]:
    """GET /tasks, parsed (see parse_task_list for the shapes)."""
    return parse_task_list(client.get(TASKS_PATH))
