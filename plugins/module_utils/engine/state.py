# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""state=present / state=absent for any resource whose writes are tasks.

``ResourceModel`` is what a resource module describes: its type, fields and hooks.
``ResourceState`` runs the same machine for every one: find it, create it once
(check mode: a dry run), or compare and update in place (refusing changes that
need a replacement), or delete it; wait for the task and for the resource to
settle; fill the result as it goes, so that a failure still reports what is known.
Nothing here talks to Ansible: the module hands in its parameters and flags and
gets back the result dict, or a RedisCloudError to fail with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import (
    Difference,
    Field,
    compare,
    diff_for_display,
    replacement_message,
)
from ansible_collections.rediscloud.api.plugins.module_utils.engine.creates import Creator, create_lock
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import ResourceGoneError, Resources, ResourceType
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import Task
from ansible_collections.rediscloud.api.plugins.module_utils.engine.writes import Write, WriteOutcome, Writer


@dataclass(frozen=True)
class RunFlags:
    check_mode: bool
    diff_mode: bool
    wait: bool


@dataclass(frozen=True)
class Connection:
    """What identifies the account on this controller (for the create lock); never logged."""

    api_url: str
    api_key: str


class ResourceModel:
    """A resource module as data and hooks. Subclasses set the class attributes and override hooks.

    The defaults fit a resource created by POST on its list path, updated by PUT and
    deleted by DELETE on its item path.
    """

    type: ResourceType
    fields: Sequence[Field] = ()
    id_option: str = "id"  # the module option holding the resource's id
    result_key: str = "resource"  # RV(<result_key>) and RV(<result_key>_id)

    def __init__(self, params: dict[str, Any], run: Run, flags: RunFlags) -> None:
        self.params = params
        self.run = run
        self.flags = flags
        self.writer = Writer(run)

    # identity

    def parent_id(self) -> int | None:
        return None

    def resources(self) -> Resources:
        return Resources(self.type, self.run, self.parent_id())

    @property
    def name(self) -> str | None:
        return self.params.get("name")

    @property
    def label(self) -> str:
        return self.type.kind

    # hooks: input and bodies

    def validate_create(self) -> list[str]:
        """Problems that matter only when the resource has to be created (each names its option)."""
        return []

    def create_body(self) -> dict[str, Any]:
        raise NotImplementedError

    def update_body(self, differences: list[Difference], current: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def differences(self, current: dict[str, Any]) -> list[Difference]:
        return compare(self.params, current, self.fields)

    def redact(self, item: dict[str, Any] | None) -> dict[str, Any] | None:
        """The resource as returned to the user (secrets removed)."""
        return item

    # hooks: the run

    def ready(self, resources: Resources, item_id: int | None) -> bool:
        """Before a write: wait until the API would accept it (for an item: until it is settled).
        False when the item is gone or being deleted: an update or a delete is then moot."""
        if item_id is None:
            return True
        item = resources.get(item_id)
        if item is None or resources.is_leaving(item):
            return False
        if not resources.is_settled(item):
            item = resources.wait_settled(item_id, seen=True)
        if resources.is_resting(item):
            # It waits for an action of the user's; the API refuses changes until then.
            raise RedisCloudError(f"{self.resting_message(item)} It cannot change until then; nothing was sent.",
                                  last_status=str(item.get("status")))
        self.parent_ready()
        return True

    def before_create(self, creator: Creator, listing: list[dict[str, Any]]) -> bool:
        """Admission before a create (e.g. a free pending slot). True when it had to wait: the name is then looked up again."""
        return False

    def dry_run_create(self, body: dict[str, Any]) -> Task:
        """Check mode: price the create with the API's dryRun; returns the final dry-run task."""
        resources = self.resources()
        write = Write("POST", resources.list_path(), {**body, "dryRun": True}, self.type.commands.create, f"dry run of a {self.label} create")
        outcome = self.writer.send(write, wait_task=True)
        if outcome.task is None:
            raise RedisCloudError(f"The {write.what} got no task to follow; nothing was created.")
        return outcome.task

    def dry_run_update(self, item_id: int, body: dict[str, Any]) -> Task | None:
        """Check mode on a change: a dry run if the API has one for this resource (None: send nothing)."""
        return None

    def after_create(self, state: ResourceState, item: dict[str, Any] | None, task: Task | None) -> dict[str, Any] | None:
        """After a create (waited for when wait): follow-up changes, extra results. Returns the item."""
        return item

    def after_settle(self, state: ResourceState, item: dict[str, Any]) -> None:
        """After a present resource settled (created, updated or unchanged): extra results."""

    def after_write(self, state: ResourceState, item_id: int) -> None:
        """After a waited write: wait for what else must settle (e.g. the parent)."""

    def before_delete(self, state: ResourceState, item: dict[str, Any]) -> dict[str, Any]:
        """Checks and work before a delete (e.g. children); may add to the diff. Raises to refuse."""
        return {}

    def delete_children(self, state: ResourceState, item: dict[str, Any]) -> None:
        """Outside check mode, right before the DELETE."""

    # Wait for the write's task even with wait=false (so that a refusal in the task is seen and the write re-sent).
    always_wait_task = False

    def parent_ready(self) -> None:
        """Before a write: wait until the parent accepts changes to its children (e.g. the subscription is active)."""

    def resting_message(self, item: dict[str, Any]) -> str:
        return f"The {self.label} is in status {item.get('status')}: it waits for an action of yours before it becomes active."

    def shown_body(self, body: dict[str, Any]) -> dict[str, Any]:
        """A request body as shown in a diff (secrets masked)."""
        return body

    def secrets(self) -> tuple[str, ...]:
        """Values of the module's own secret options, masked in any failure message."""
        return ()

    def settle_after_create(self) -> bool:
        """True when a create must be waited for even with wait=false (follow-up changes need it settled)."""
        return False

    def apply_special(self, state: ResourceState, item_id: int, differences: list[Difference]) -> None:
        """Changes that are not part of the update body (their own endpoints), after it; not in check mode."""

    def pricing_of(self, task: Task) -> list[dict[str, Any]] | None:
        pricing = task.resource.get("pricing")
        return list(pricing) if isinstance(pricing, list) else None


class ResourceState:
    """Brings one resource to the state the parameters describe."""

    def __init__(self, model: ResourceModel, connection: Connection) -> None:
        self.model = model
        self.run = model.run
        self.flags = model.flags
        self.connection = connection
        self.resources = model.resources()
        key = model.result_key
        self.result: dict[str, Any] = {"changed": False, key: None, f"{key}_id": None, "task_id": None, "task": None, "pricing": None}

    @property
    def key(self) -> str:
        return self.model.result_key

    def set_item(self, item: dict[str, Any] | None, item_id: int | None = None) -> None:
        self.result[self.key] = self.model.redact(item)
        if item is not None:
            self.result[f"{self.key}_id"] = self.resources.id_of(item)
        elif item_id is not None:
            self.result[f"{self.key}_id"] = item_id

    def set_task(self, task: Task | None) -> None:
        if task is not None:
            self.result.update(task_id=task.task_id, task=task.raw)

    def finish(self, changed: bool, diff: dict[str, Any] | None = None, pricing: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        self.result["changed"] = changed
        if pricing is not None:
            self.result["pricing"] = pricing
        if diff is not None and self.flags.diff_mode:
            self.result["diff"] = diff
        return self.result

    # state=present

    def present(self) -> dict[str, Any]:
        item_id = self.model.params.get(self.model.id_option)
        item = self.resources.find(item_id, self.model.name)
        if item is None and item_id is not None:
            raise RedisCloudError(
                f"{self.resources.label(item_id).capitalize()} was not found. To create a {self.model.label}, "
                f"omit {self.model.id_option} and set name.",
                status=404,
                method="GET",
                path=self.resources.item_path(item_id),
            )
        if item is None:
            problems = self.model.validate_create()
            if problems:
                raise RedisCloudError(f"Cannot create the {self.model.label}: " + "; ".join(problems) + ".")
            return self._create()
        return self._reconcile(item)

    def _create(self) -> dict[str, Any]:
        body = self.model.create_body()
        if self.flags.check_mode:
            task = self.model.dry_run_create(body)
            self.set_task(task)
            return self.finish(True, {"before": {}, "after": self._shown_body(body)}, self.model.pricing_of(task) or [])
        name = self.model.name or ""
        creator = Creator(self.resources)
        scope = f"{self.resources.list_path()}\0{name}"
        with create_lock(self.connection.api_url, self.connection.api_key, scope, self.run.deadline, self.run.sleep):
            found: dict[str, Any] = {}

            def ready() -> bool:
                while True:
                    existing, listing = creator.find_existing(name)
                    if existing is not None:
                        found["item"] = existing
                        return False
                    if not self.model.before_create(creator, listing):
                        return True

            def shows_done() -> bool:
                # One quick look each round of the lost-answer check; before any re-send, ready() proves absence.
                found["item"] = creator.look(name)[0]
                return found["item"] is not None

            write = Write("POST", self.resources.list_path(), body, self.type_commands.create, f"create of {self.model.label} {name!r}",
                          ready=ready, shows_done=shows_done, repeatable=True, observe=creator.remember)
            outcome = self._send_create(write)
        if outcome.task is None:
            # An earlier (lost, killed or concurrent) create made it: carry on with that one.
            existing = found["item"]
            existing_id = self.resources.id_of(existing)
            self.set_item(existing)
            self.set_task(creator.task_for(existing_id) or next((t for t in outcome.seen if t.resource_id == existing_id), None))
            # Changed only if it was this run's create (its answer was lost); else an earlier run made it.
            return self._reconcile(existing, adopted=True, changed=outcome.sent)
        task = outcome.task
        self.set_task(task)
        if task.completed and task.resource_id is not None:
            self.result[f"{self.key}_id"] = task.resource_id
        if not self.flags.wait and not self.model.settle_after_create():
            return self.finish(True, {"before": {}, "after": self._shown_body(body)})
        if not task.finished:
            task = self.run.tasks.wait(task.task_id, command_type=task.command_type)
            self.set_task(task)
        item_id = task.resource_id
        if item_id is None:
            raise RedisCloudError(
                f"Task {task.task_id} completed without the id of the {self.model.label} it created (response.resourceId); "
                "look the name up with the info module.",
                task_id=task.task_id,
            )
        self.result[f"{self.key}_id"] = item_id
        item = self.resources.wait_settled(item_id, task.task_id)
        self.set_item(item)
        creator.twin_check(item_id, name)
        item = self.model.after_create(self, item, task) or item
        self.set_item(item)
        self._warn_if_resting(item)
        self.model.after_settle(self, item)
        return self.finish(True, {"before": {}, "after": self._shown_body(body)})

    @property
    def type_commands(self) -> Any:
        return self.resources.type.commands

    def _send_create(self, write: Write) -> WriteOutcome:
        # A create answered by a refused task (TOO_MANY_PENDING_SUBSCRIPTIONS ...) is sent again by the
        # writer once admitted; with wait=false only the acceptance is waited for, unless the model says.
        return self.model.writer.send(write, wait_task=self.flags.wait or self.model.always_wait_task)

    def _reconcile(self, item: dict[str, Any], adopted: bool = False, changed: bool = False) -> dict[str, Any]:
        """An existing resource: wait for it if it settles, then update what can change in place."""
        resources = self.resources
        item_id = resources.id_of(item)
        self.set_item(item)
        if self.flags.wait and not self.flags.check_mode and not resources.is_settled(item) and not resources.is_resting(item):
            item = resources.wait_settled(item_id, self.result["task_id"], seen=True)
            self.set_item(item)
        if adopted and self.flags.wait:
            # What an earlier (lost, killed or concurrent) create made: finish that create.
            item = self.model.after_create(self, item, None) or item
            self.set_item(item)
        differences = self.model.differences(item)
        refused = [d for d in differences if not d.in_place]
        if refused:
            raise RedisCloudError(replacement_message(resources.label(item_id, item), refused))
        if not differences:
            self._warn_if_resting(item)
            self.model.after_settle(self, item)
            return self.finish(changed)
        diff = diff_for_display(differences)
        body = self.model.update_body(differences, item)
        if self.flags.check_mode:
            task = self.model.dry_run_update(item_id, body) if body else None
            self.set_task(task)
            self.model.after_settle(self, item)
            return self.finish(True, diff, (self.model.pricing_of(task) or []) if task else None)
        if body:
            self.update(item_id, body, differences)
        self.model.apply_special(self, item_id, differences)
        self.model.after_settle(self, self.result[self.key] or item)
        return self.finish(True, diff)

    def update(self, item_id: int, body: dict[str, Any], differences: list[Difference] | None = None,
               path_suffix: str = "", method: str = "PUT", command_type: str | None = None, what: str = "update") -> None:
        """Send one change and, with wait, see it through: the task, then the resource settled again.

        After an unknown outcome the change is looked for in the read-back (the fields of
        ``differences`` no longer differ); a resource that answers 404 meanwhile was deleted.
        """
        resources = self.resources
        changing = {d.field for d in differences or []}
        seen: dict[str, Any] = {}

        def shows_done() -> bool:
            seen["item"] = resources.get(item_id)
            if seen["item"] is None:
                raise ResourceGoneError(f"{resources.label(item_id).capitalize()} was deleted while this run changed it.",
                                        status=404, method="GET", path=resources.item_path(item_id))
            return bool(changing) and not any(d.field in changing for d in self.model.differences(seen["item"]))

        write = Write(method, resources.item_path(item_id, path_suffix), body, command_type or self.type_commands.update,
                      f"{what} of {resources.label(item_id)}", ready=lambda: self._ready_for_change(item_id), shows_done=shows_done,
                      repeatable=True, resource_id=item_id)
        outcome = self.model.writer.send(write, wait_task=self.flags.wait or self.model.always_wait_task)
        self.set_task(outcome.task)
        if self.flags.wait:
            item = resources.wait_settled(item_id, self.result["task_id"], seen=True)
            self.model.after_write(self, item_id)
            self.set_item(item)
        else:
            self.set_item(resources.get(item_id) or seen.get("item") or self.result[self.key])

    def _ready_for_change(self, item_id: int) -> bool:
        if not self.model.ready(self.resources, item_id):
            raise ResourceGoneError(
                f"{self.resources.label(item_id).capitalize()} was deleted, or is being deleted, while this run was changing it.",
                status=404,
                method="GET",
                path=self.resources.item_path(item_id),
            )
        return True

    def _warn_if_resting(self, item: dict[str, Any]) -> None:
        if self.resources.is_resting(item):
            self.result.setdefault("warnings", []).append(self.model.resting_message(item))

    def _shown_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return self.model.shown_body(body)

    # state=absent

    def absent(self) -> dict[str, Any]:
        item_id = self.model.params.get(self.model.id_option)
        item = self.resources.find(item_id, self.model.name)
        if item is None and item_id is None and self.model.name is not None:
            item = self.resources.find_leaving(self.model.name)
        if item is None:
            return self.finish(False)
        item_id = self.resources.id_of(item)
        self.set_item(item)
        if self.resources.is_leaving(item):
            # Already on its way out (an earlier run, or wait=false): nothing to send.
            if self.flags.wait and not self.flags.check_mode:
                self.resources.wait_gone(item_id)
                self.set_item(None, item_id)
            return self.finish(False)
        before = {f"{self.key}_id": item_id, "name": item.get(self.resources.type.name_field)}
        before.update(self.model.before_delete(self, item))
        diff = {"before": before, "after": {}}
        if self.flags.check_mode:
            return self.finish(True, diff)
        self.model.delete_children(self, item)
        self.set_task(self.delete_item(item_id, wait=self.flags.wait))
        if self.flags.wait:
            self.set_item(None, item_id)
        return self.finish(True, diff)

    def delete_item(self, item_id: int, wait: bool) -> Task | None:
        """DELETE the resource (never twice in effect) and, with wait, until it is gone; returns its task."""
        resources, model = self.resources, self.model

        def ready() -> bool:
            item = resources.get(item_id)
            if item is None or resources.is_leaving(item):
                return False  # gone or on its way: a lost DELETE (or another run) did it
            if not (resources.is_settled(item) or resources.is_failed(item) or resources.is_resting(item)):
                resources.wait_settled(item_id, seen=True)
            model.parent_ready()
            return True

        def shows_done() -> bool:
            item = resources.get(item_id)
            return item is None or resources.is_leaving(item)

        write = Write("DELETE", resources.item_path(item_id), None, resources.type.commands.delete, f"delete of {resources.label(item_id)}",
                      ready=ready, shows_done=shows_done, repeatable=True, resource_id=item_id)
        outcome = model.writer.send(write, wait_task=wait or model.always_wait_task)
        if wait:
            resources.wait_gone(item_id, outcome.task.task_id if outcome.task else None)
        return outcome.task
