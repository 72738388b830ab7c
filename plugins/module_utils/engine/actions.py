# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Actions: operations that are not a state to reach (a backup, an import), run once and followed to their end.

An ``Action`` is data plus pure hooks, as a ``ResourceModel`` is for a state: the resource it acts on (a model,
for its paths and its parent gate), its request, how to tell that its status is final and whether it failed.
``ActionState`` alone sends requests and fills the result. An action is one write, sent exactly once (``Writer``:
refusals waited out and sent again, since nothing was done; an unknown outcome is never sent again, because a second backup or import is not harmless), its task
waited for, then its outcome read through a status read that answers a task (``Run.read_task``), until the
status is final. A status read refused because the resource is busy (the operation itself can hold its
subscription) is read again later; any status the action does not know as final counts as still running.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError, TaskFailedError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.engine.state import Connection, ResourceState, RunFlags
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import REFUSALS, Task, task_failed
from ansible_collections.rediscloud.api.plugins.module_utils.engine.writes import Write, Writer, outcome_unknown

NOT_READ_YET = "not reported yet"


@dataclass(frozen=True)
class StatusRead:
    """A read of an action's outcome: GET ``path`` answers a task whose ``response.resource`` is the status.

    ``final(resource)`` says the action has ended (succeeded or failed); ``what`` names it in the timeline
    ("backup of database 12"). Errors of the read's task in ``busy`` mean "read again later".
    """

    path: str
    final: Callable[[dict[str, Any]], bool]
    what: str
    params: dict[str, Any] | None = None
    busy: frozenset[str] = REFUSALS
    resume_hint: str = "The operation continues on the Redis Cloud side; running the task again would start another one."


@dataclass(frozen=True)
class ActionOutcome:
    task: Task  # the write's task, final
    status: dict[str, Any] | None  # the final status (None when it was not waited for)


class StatusUnreadable(RedisCloudError):
    """The status read's task failed with an error that is not a busy resource (DATABASE_BACKUP_DISABLED ...)."""

    def __init__(self, cause: TaskFailedError) -> None:
        super().__init__(cause.message, error_type=cause.error_type, description=cause.description, task_id=cause.task_id,
                         last_status=cause.last_status)
        self.task = cause.task


class ActionRunner:
    def __init__(self, run: Run) -> None:
        self.run = run

    def start(self, write: Write) -> Task:
        """Send the write once in effect and wait for its task (a failed task raises TaskFailedError)."""
        try:
            outcome = Writer(self.run).send(write, wait_task=True)
        except RedisCloudError as exc:
            if not outcome_unknown(exc):
                raise
            raise RedisCloudError(
                f"{write.request}: the answer was lost ({exc.message}), so the {write.what} may have started. It was not sent "
                "again: look at the outcome before re-running (the status read of the same operation, or the account's tasks).",
                method=write.method, path=write.path, status=exc.status,
            ) from None
        if outcome.task is None:
            raise RedisCloudError(f"The {write.what} was not sent: the resource is gone or being deleted.", method=write.method,
                                  path=write.path)
        return outcome.task

    def read(self, read: StatusRead) -> dict[str, Any] | None:
        """One status read: the status, or None while the resource is busy (the read's task refused)."""
        task = self.run.read_task(read.path, read.params)
        if task.failed:
            if task.error_type in read.busy:
                return None
            raise StatusUnreadable(task_failed(task))
        return task.resource

    def wait(self, read: StatusRead) -> dict[str, Any]:
        """Read the status until it is final (each read is a task; a busy read counts as still running). A timeout names
        the action and its last status, whether it struck between reads or within one."""
        last = {"status": NOT_READ_YET}

        def fetch() -> dict[str, Any] | None:
            status = self.read(read)
            last["status"] = describe_status(status)
            return status

        try:
            return self.run.wait_until(fetch, lambda status: status is not None and read.final(status), describe_status, read.what,
                                       resume_hint=read.resume_hint)
        except WaitTimeoutError:
            raise WaitTimeoutError(f"Timed out after {self.run.deadline.seconds:g} s waiting for the {read.what} to end (last "
                                   f"status: {last['status']}). {read.resume_hint}", last_status=last["status"],
                                   resume_hint=read.resume_hint) from None

    def run_action(self, write: Write, read: StatusRead | None) -> ActionOutcome:
        task = self.start(write)
        return ActionOutcome(task, None if read is None else self.wait(read))


def describe_status(status: dict[str, Any] | None) -> str:
    """The status in the timeline: its ``status`` field, 'busy' while the read is refused."""
    if status is None:
        return "busy"
    return str(status.get("status") or NOT_READ_YET)


class Action:
    """One operation on one resource, for one module run: the parameters, the declarations and the hooks."""

    what: ClassVar[str]  # "backup": in messages and the timeline
    suffix: ClassVar[str]  # below the resource's item path: "/backup"; GET on it reads the status
    command_type: ClassVar[str]  # of the write's task
    result_key: ClassVar[str]  # RV(<result_key>): the final status
    method: ClassVar[str] = "POST"

    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params

    def target(self) -> ResourceModel:
        """The model of the resource acted on: its paths, its id option and its parent gate."""
        raise NotImplementedError

    def body(self) -> Any:
        return None

    def shown_body(self) -> Any:
        """The body as it may be shown (secrets masked)."""
        return self.body()

    def status_params(self) -> dict[str, Any] | None:
        return None

    def final(self, status: dict[str, Any]) -> bool:
        """Whether the status says the operation ended (any other status counts as still running)."""
        raise NotImplementedError

    def failure(self, status: dict[str, Any]) -> str | None:
        """The message for a final status that is a failure; None for a success."""
        raise NotImplementedError

    def explain(self, exc: RedisCloudError) -> RedisCloudError:
        """A failure, with what to do about the API's known refusals (the same error by default)."""
        return exc

    def resume_hint(self) -> str:
        """After a timeout: where to follow the operation (it continues; running again would start another)."""
        return f"The {self.what} continues on the Redis Cloud side; running the task again would start another one."


class ActionState:
    """Runs one action: the resource read (it must exist), then, unless in check mode, the write once behind the
    resource's parent gate, its task, and with wait its status until final. Check mode reads and sends nothing."""

    def __init__(self, action: Action, run: Run, flags: RunFlags, connection: Connection) -> None:
        self.action = action
        self.run = run
        self.flags = flags
        self.state = ResourceState(action.target(), run, flags, connection)
        self.item_id = int(action.params[self.state.model.id_option])
        self.path = self.state.resources.item_path(self.item_id, action.suffix)
        self.result: dict[str, Any] = {"changed": False, "task_id": None, "task": None, action.result_key: None,
                                       "request": {"method": action.method, "path": self.path, "body": action.shown_body()}}

    def perform(self) -> dict[str, Any]:
        try:
            return self._perform()
        except RedisCloudError as exc:
            raise self.action.explain(exc) from None

    def _perform(self) -> dict[str, Any]:
        action, resources = self.action, self.state.resources
        item = resources.get(self.item_id)
        label = resources.label(self.item_id, item)
        if item is None:
            parent = self.state.model.parent
            where = f" in {parent.type.kind} {self.state.parent_id}" if parent is not None else ""
            raise RedisCloudError(f"{label[:1].upper()}{label[1:]} was not found{where} (GET {resources.item_path(self.item_id)} "
                                  "answers 404). Check the ids; nothing was sent.", status=404, method="GET",
                                  path=resources.item_path(self.item_id))
        self.result["changed"] = True
        if self.flags.check_mode:
            return self.result
        runner = ActionRunner(self.run)
        write = Write(action.method, self.path, action.body(), action.command_type, f"{action.what} of {label}",
                      ready=lambda: self.state.gate(self.item_id), resource_id=self.item_id, refusals=resources.type.refusals)
        task = runner.start(write)
        self.result.update(task_id=task.task_id, task=task.raw)
        if not self.flags.wait:
            return self.result
        status = runner.wait(StatusRead(self.path, action.final, f"{action.what} of {label}", action.status_params(),
                                        resume_hint=action.resume_hint()))
        self.result[action.result_key] = status
        message = action.failure(status)
        if message is not None:
            raise RedisCloudError(message, task_id=task.task_id, last_status=str(status.get("status")),
                                  method="GET", path=self.path)
        return self.result
