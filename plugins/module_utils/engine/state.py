# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""state=present / state=absent for any resource whose writes are tasks: the engine.

``ResourceState`` runs the same machine for every ``ResourceModel`` (model.py): find the
resource; create it once (check mode: a dry run where the resource declares one, else the
diff alone), or compare it and send the changes its hooks ask for (refusing changes that
need a replacement), or delete it (its children first, when asked; never while a
dependent holds it); wait for each task, for the resource and its parent to settle;
fill the result as it goes, so that a failure still reports what is known. The engine
alone sends requests and writes the result; the model's hooks only return values and
intents. Nothing here talks to Ansible: the module hands in its parameters and flags
and gets back the result dict, or a RedisCloudError to fail with.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.api.parsing import malformed
from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference, diff_for_display, replacement_message
from ansible_collections.rediscloud.api.plugins.module_utils.engine.creates import Creator, create_lock
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Change, Current, Parent, Prerequisite, ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.engine.prerequisites import missing, settle
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import (
    NOT_VISIBLE,
    VISIBILITY_GRACE_SECONDS,
    ResourceGoneError,
    Resources,
    sentence,
)
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import Task
from ansible_collections.rediscloud.api.plugins.module_utils.engine.writes import Write, WriteOutcome, Writer


def wait_for_first_children(children: Resources, parent: Parent) -> list[dict[str, Any]]:
    """Poll the listing of a parent's children until some are listed, for at most the parent's grace; the last listing."""
    run = children.run
    grace = run.grace(parent.children_listed_late_seconds)
    return run.wait_until(children.list, lambda found: bool(found) or grace.expired(), lambda found: f"{len(found)} listed",
                          f"{children.type.kind}s of {parent.type.kind} {children.parent_id}")


def is_set(params: Any, path: str) -> bool:
    """Whether the option at a dotted path ("a.b", "a.items[].c": any item) is set."""
    head, _separator, rest = path.partition(".")
    every = head.endswith("[]")
    value = params.get(head.removesuffix("[]")) if isinstance(params, dict) else None
    if value is None:
        return False
    if every:
        return isinstance(value, list) and any(is_set(item, rest) if rest else item is not None for item in value)
    return is_set(value, rest) if rest else True


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


class ResourceState:
    """Brings one resource to the state the parameters describe."""

    def __init__(self, model: ResourceModel, run: Run, flags: RunFlags, connection: Connection) -> None:
        self.model = model
        self.run = run
        self.flags = flags
        self.connection = connection
        self.writer = Writer(run)
        parent = model.parent
        self.parent_id = None if parent is None or model.params.get(parent.option) is None else int(model.params[parent.option])
        # None only while the parent's id is unknown (check mode, the parent not created yet): nothing is read then.
        self._resources = None if parent is not None and self.parent_id is None else Resources(
            model.type, run, self.parent_id,
            identity=None if type(model).identity is ResourceModel.identity else model.identity,
            settle_window=float(model.params.get(model.settle_window_option) or 0) if model.settle_window_option else 0.0,
            wait_ends=model.ends_wait(),
            # A read refused while the parent is busy (reads that answer tasks) is sent again once the parent is settled.
            refused_read=self._parent_ready if parent is not None else None,
        )
        key = model.result_key
        self.result: dict[str, Any] = {"changed": False, key: None, f"{key}_id": None, "task_id": None, "task": None, "pricing": None}
        self.result.update(copy.deepcopy(model.result_defaults))
        if model.children is not None:
            self.result[model.children.result_key] = []
        self._item: dict[str, Any] | None = None  # the latest read-back, unmasked (results are taken from it)
        self._waited_for_late_children = False
        self._prerequisites: list[Prerequisite] = []  # what the write names: settled before each send
        # This run saw the parent not settled (it is young: a subscription's creation plan may not be listed yet).
        self._parent_was_settling = False

    @property
    def resources(self) -> Resources:
        if self._resources is None:
            raise RedisCloudError(f"{self.model.parent.option if self.model.parent else 'the parent id'} is required.")
        return self._resources

    @property
    def key(self) -> str:
        return self.model.result_key

    @property
    def label(self) -> str:
        return self.model.label()

    # the result

    def set_item(self, item: dict[str, Any] | None, item_id: int | None = None) -> None:
        self._item = item
        self.result[self.key] = self.model.mask(item)
        if item is not None:
            self.result[f"{self.key}_id"] = self.resources.id_of(item)
        elif item_id is not None:
            self.result[f"{self.key}_id"] = item_id

    def set_task(self, task: Task | None) -> None:
        if task is not None:
            self.result.update(task_id=task.task_id, task=task.raw)

    def warn(self, message: str) -> None:
        self.result.setdefault("warnings", []).append(message)

    def finish(self, changed: bool, diff: dict[str, Any] | None = None, pricing: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        self.result["changed"] = changed
        if pricing is not None:
            self.result["pricing"] = pricing
        if diff is not None and self.flags.diff_mode:
            self.result["diff"] = self.model.mask(diff)
        return self.result

    # state=present

    def present(self) -> dict[str, Any]:
        result = self._present()
        self._summarise()
        return result

    def _summarise(self) -> None:
        """The ``summary_key`` result: every resource under the same parent, keyed by identity, this one as it is now."""
        key = self.model.summary_key
        if key is None or (self.model.parent is not None and self.parent_id is None):
            return
        listed = {self.model.identity(item): item for item in self.resources.list() if not self.resources.is_leaving(item)}
        if self._item is not None:
            listed[self.model.identity(self._item)] = self._item
        self.result[key] = {str(identity): self.model.summary(item) for identity, item in sorted(listed.items(), key=lambda entry: str(entry[0]))}

    def _present(self) -> dict[str, Any]:
        model = self.model
        if model.parent is not None and self.parent_id is None:
            return self._parent_not_created()
        self._refuse_unfit_parent()
        item_id = model.params.get(model.id_option)
        item = self.resources.find(item_id, model.wanted_identity())
        if item is None and item_id is not None:
            how = (f" To create a {self.label}, omit {model.id_option} and set {' and '.join(model.identity_options)}."
                   if model.identity_options else f" Check {model.id_option}.")
            raise RedisCloudError(
                f"{sentence(self.resources.label(item_id))} was not found.{how}",
                status=404,
                method="GET",
                path=self.resources.item_path(item_id),
            )
        if item is None:
            self._refuse_invalid_create()
            return self._create()
        return self._reconcile(item)

    def _refuse_unfit_parent(self) -> None:
        """A parent that cannot hold the resource (a ``checked`` parent, ``parent_problem``): fail before anything else is sent."""
        parent = self.model.parent
        if parent is None or not parent.checked or self.parent_id is None:
            return
        parents = Resources(parent.type, self.run)
        problem = self.model.parent_problem(self._parent_item(parents))
        if problem:
            raise RedisCloudError(f"{problem} Nothing else was sent.", method="GET", path=parents.item_path(self.parent_id))

    def _refuse_invalid_create(self) -> None:
        problems = self.model.validate_create()
        if problems:
            raise RedisCloudError(f"Cannot create the {self.label}: " + "; ".join(problems) + ".")

    def _declared_parent(self) -> Parent:
        if self.model.parent is None:
            raise RedisCloudError(f"The {self.model.type.kind} has no parent.")
        return self.model.parent

    def _parent_not_created(self) -> dict[str, Any]:
        """Check mode, with the parent's id unknown: an earlier task of the play would create the parent."""
        parent = self._declared_parent()
        if not self.flags.check_mode:
            raise RedisCloudError(f"{parent.option} is required (only in check mode may it be unknown: when an earlier task "
                                  f"of the play would create the {parent.type.kind}).")
        self._refuse_invalid_create()
        self.warn(f"{parent.option} is not known yet (in check mode, the {parent.type.kind} that an earlier task would create does "
                  f"not exist), so nothing was checked against the API: the {self.label} would be created in it.")
        return self.finish(True, {"before": {}, "after": self.model.create_body()})

    def _create(self) -> dict[str, Any]:
        model, resources = self.model, self.resources
        body = model.create_body()
        shown = {"before": {}, "after": body or {}}  # some creates carry no body (an attachment)
        read_price = self._preflight(None)
        wanted = model.wanted_identity()
        path = resources.item_path(int(wanted)) if model.type.created_at_item else resources.list_path()
        if self.flags.check_mode:
            if not model.dry_run.create:
                return self.finish(True, shown, read_price)
            task = self._dry_run(Write("POST", path, {**body, "dryRun": True}, model.type.commands.create,
                                       f"dry run of a {self.label} create"))
            self.set_task(task)
            return self.finish(True, shown, model.pricing(task) or [])
        self._note_young_parent()
        creator = Creator(resources)
        scope = f"{resources.list_path()}\0{wanted if isinstance(wanted, str) else repr(wanted)}"
        with create_lock(self.connection.api_url, self.connection.api_key, scope, self.run.deadline, self.run.sleep):
            found: dict[str, Any] = {}

            def ready() -> bool:
                settle(self._prerequisites, self.run)
                while True:
                    existing, listing = creator.find_existing(wanted)
                    if existing is not None:
                        found["item"] = existing
                        return False
                    if self.admit(creator, listing) or (not listing and self._late_children_listed()):
                        continue  # it waited (for the parent, a slot, or the parent's first children): look again
                    return True

            def shows_done() -> bool:
                # One quick look each round of the lost-answer check; before any re-send, ready() proves absence.
                found["item"] = creator.look(wanted)[0]
                return found["item"] is not None

            write = Write("POST", path, body, model.type.commands.create, f"create of {self.label} {wanted!r}",
                          ready=ready, shows_done=shows_done, repeatable=True, observe=creator.remember, refusals=model.type.refusals)
            conflict: RedisCloudError | None = None
            try:
                outcome: WriteOutcome | None = self._send(write)
            except RedisCloudError as exc:
                if exc.error_type is None or exc.error_type not in model.type.already_exists:
                    raise
                outcome, conflict = None, exc
        if outcome is None:
            # The API says one of that identity exists (made meanwhile, or not listed yet): find it and adopt it.
            if conflict is None:
                raise AssertionError("no outcome without the refusal that replaced it")
            return self._reconcile(self._find_existing(wanted, conflict), adopted=True)
        if outcome.task is None:
            # An earlier (lost, killed or concurrent) create made it: carry on with that one.
            existing = found["item"]
            existing_id = resources.id_of(existing)
            self.set_item(existing)
            self.set_task(creator.task_for(existing_id) or next((t for t in outcome.seen if t.resource_id == existing_id), None))
            # Changed only if it was this run's create (its answer was lost); else an earlier run made it.
            return self._reconcile(existing, adopted=True, changed=outcome.sent)
        task = outcome.task
        self.set_task(task)
        if task.completed and task.resource_id is not None:
            self.result[f"{self.key}_id"] = task.resource_id
        if not self.flags.wait and not self._follow_ups_wanted():
            return self.finish(True, shown)
        if not task.finished:
            task = self.run.tasks.wait(task.task_id, command_type=task.command_type)
            self.set_task(task)
        item_id = task.resource_id
        if item_id is None:
            raise RedisCloudError(
                f"Task {task.task_id} completed without the id of the {self.label} it created (response.resourceId); "
                "look it up with the info module.",
                task_id=task.task_id,
            )
        self.result[f"{self.key}_id"] = item_id
        item = resources.wait_settled(item_id, task.task_id)
        self.set_item(item)
        creator.twin_check(item_id, wanted)
        item = self._finish_create(item, task)
        self._warn_if_resting(item)
        self._settled_results(item)
        return self.finish(True, shown)

    def _find_existing(self, wanted: Any, conflict: RedisCloudError) -> dict[str, Any]:
        """After a create refused because one of that identity exists: find it, allowing for the listing's lag."""
        resources, found = self.resources, {}

        def look() -> dict[str, Any] | None:
            found["item"] = resources.find(wanted=wanted)
            return found["item"]

        try:
            self.run.wait_until(look, lambda item: item is not None, lambda item: "listed" if item else NOT_VISIBLE,
                                f"{self.label} {wanted!r}", deadline=self.run.grace(VISIBILITY_GRACE_SECONDS))
        except WaitTimeoutError:
            pass
        if found.get("item") is None:
            raise RedisCloudError(
                f"The API refused the create ({conflict.error_type}: {conflict.description or conflict.message}), but no "
                f"{self.label} {wanted!r} is listed. Another {resources.type.kind} holds what the "
                f"parameters describe: find it with its info module, and manage it by id. Nothing was created.",
                status=conflict.status, error_type=conflict.error_type, description=conflict.description, task_id=conflict.task_id,
            )
        self.run.timeline.record(f"{self.label} {wanted!r}", "exists: adopted")
        return found["item"]

    def _send(self, write: Write) -> WriteOutcome:
        # A write answered by a refused task (TOO_MANY_PENDING_SUBSCRIPTIONS ...) is sent again by the writer once the
        # API would accept it; with wait=false only the acceptance is waited for, unless refusals come in tasks.
        return self.writer.send(write, wait_task=self.flags.wait or self.model.refusals_in_tasks)

    def _dry_run(self, write: Write) -> Task:
        outcome = self.writer.send(write, wait_task=True)
        if outcome.task is None:
            raise RedisCloudError(f"The {write.what} got no task to follow; nothing was changed.")
        return outcome.task

    def _follow_ups_wanted(self) -> bool:
        """Options the create body cannot carry were set: the create must be waited for, to apply them."""
        return any(self.model.params.get(option) is not None for option in self.model.applied_after_create)

    def _finish_create(self, item: dict[str, Any], task: Task | None) -> dict[str, Any]:
        """After a create settled (or an earlier one was adopted): the parent settles, what the create body could not
        carry is applied, and the children the create made are waited for."""
        model, resources = self.model, self.resources
        if model.parent is not None and model.parent.settles_after_writes:
            self._parent_ready()
        item_id = resources.id_of(item)
        current = self._current(item)
        follow_ups = [d for d in model.differences(current) if d.field in model.applied_after_create]
        changes = model.changes(follow_ups, current) if follow_ups else []
        for change in changes:
            self._apply(item_id, change, follow_ups, what=f"follow-up {change.what}")
        if changes:
            item = resources.get(item_id) or item
            self.set_item(item)
        if model.children is not None:
            self.result[model.children.result_key] = self._created_children(item, task)
        return item

    def _reconcile(self, item: dict[str, Any], adopted: bool = False, changed: bool = False) -> dict[str, Any]:
        """An existing resource: wait for it if it settles, then change what can change in place."""
        model, resources = self.model, self.resources
        item_id = resources.id_of(item)
        self.set_item(item)
        if self.flags.wait and not self.flags.check_mode and not resources.is_settled(item) and not resources.is_wait_end(item):
            item = resources.wait_settled(item_id, self.result["task_id"], seen=True)
            self.set_item(item)
        if adopted and self.flags.wait:
            # What an earlier (lost, killed or concurrent) create made: finish that create.
            item = self._finish_create(item, None)
        current = self._current(item)
        differences = model.differences(current)
        self._warn_unverifiable()
        if differences:
            self._refuse_unchangeable(item)
        refused = [d for d in differences if not d.in_place]
        if refused:
            raise RedisCloudError(replacement_message(resources.label(item_id, item), refused, model.replacement))
        if not differences:
            self._warn_if_resting(item)
            self._settled_results(item)
            return self.finish(changed)
        diff = diff_for_display(differences)
        changes = model.changes(differences, current)
        read_price = self._preflight(item)
        if self.flags.check_mode:
            task = self._price(item_id, changes)
            self.set_task(task)
            self._settled_results(item)
            return self.finish(True, diff, (model.pricing(task) or []) if task else read_price)
        for change in changes:
            self._apply(item_id, change, differences)
        self._settled_results(self._item or item)
        return self.finish(True, diff)

    def _current(self, item: dict[str, Any], only: set[str] | None = None) -> Current:
        """The item, with the attachments (parts read from their own endpoints) that the parameters set (of ``only``)."""
        attached: dict[str, Any] = {}
        for attachment in self.model.attachments:
            if self.model.params.get(attachment.option) is None or (only is not None and attachment.option not in only):
                continue
            path = self.resources.item_path(self.resources.id_of(item), attachment.suffix)
            part = attachment.parse(self.run.client.get_or_none(path))
            if part is None:
                raise malformed(f"GET {path}", f"the answer has no list of {attachment.option}")
            attached[attachment.option] = part
        return Current(item, attached)

    def _price(self, item_id: int, changes: list[Change]) -> Task | None:
        """Check mode on a change: the API's dry run of it, where the resource declares one (None: send nothing)."""
        if not self.model.dry_run.update:
            return None
        change = next((change for change in changes if change.priceable), None)
        if change is None:
            return None
        resources = self.resources
        return self._dry_run(Write(change.method, resources.item_path(item_id, change.suffix), {**change.body, "dryRun": True},
                                   change.command_type or self.model.type.commands.update,
                                   f"dry run of an {change.what} of {resources.label(item_id)}"))

    def _preflight(self, current: dict[str, Any] | None) -> list[dict[str, Any]] | None:
        """The reads the model asks for before a write, and the problems its checks find in them; then the other
        resources the write names must exist (in check mode, a missing one is a warning: an earlier task would make it).
        Returns the price lines the reads give (None when none prices)."""
        pricing: list[dict[str, Any]] | None = None
        for preflight in self.model.preflights(current):
            answer = self.run.client.get_or_none(preflight.path, params=preflight.params)  # 404: None
            problems = preflight.check(answer)
            if problems:
                raise RedisCloudError(f"Invalid {preflight.what}: " + "; ".join(problems) + ". Nothing was sent.",
                                      method="GET", path=preflight.path)
            if preflight.price is not None:
                pricing = (pricing or []) + preflight.price(answer)
        self._prerequisites = self.model.prerequisites(current)
        problems = missing(self._prerequisites, self.run)
        if problems and not self.flags.check_mode:
            raise RedisCloudError("Invalid options: " + "; ".join(problems) + ". Nothing was sent.")
        for problem in problems:
            self.warn(f"{problem}: in check mode, an earlier task of the play may be what creates it, so the {self.label} "
                      "was not checked against it.")
        return pricing

    def _refuse_unchangeable(self, item: dict[str, Any]) -> None:
        """The API refuses every change and the delete of this item (a built-in rule): say so, and send nothing."""
        reason = self.model.unchangeable(item)
        if reason is not None:
            raise RedisCloudError(f"{reason} Nothing was sent.", last_status=str(item.get("status")))

    def _apply(self, item_id: int, change: Change, differences: list[Difference], what: str | None = None) -> None:
        """Send one change and, with wait, see it through: the task, then the resource (and its parent) settled again.

        After an unknown outcome the change is looked for in the read-back (its fields no longer differ);
        a resource that answers 404 meanwhile was deleted.
        """
        resources, run = self.resources, self.run
        what = what or change.what
        if change.synchronous:
            getattr(run.client, change.method.lower())(resources.item_path(item_id, change.suffix), change.body)
            run.timeline.record(f"{change.what} of {resources.label(item_id)}", "set")
            return
        changing = set(change.fields)
        seen: dict[str, Any] = {}

        def shows_done() -> bool:
            seen["item"] = resources.get(item_id)
            if seen["item"] is None:
                raise ResourceGoneError(f"{sentence(resources.label(item_id))} was deleted while this run changed it.",
                                        status=404, method="GET", path=resources.item_path(item_id))
            current = self._current(seen["item"], only=changing)  # an attachment's change shows on its own endpoint
            return bool(changing) and not any(d.field in changing for d in self.model.differences(current))

        write = Write(change.method, resources.item_path(item_id, change.suffix), change.body,
                      change.command_type or self.model.type.commands.update, f"{what} of {resources.label(item_id)}",
                      ready=lambda: self._ready_for_change(item_id), shows_done=shows_done, repeatable=True, resource_id=item_id,
                      refusals=self.model.type.refusals)
        outcome = self._send(write)
        self.set_task(outcome.task)
        if self.flags.wait:
            item = resources.wait_settled(item_id, self.result["task_id"], seen=True)
            if self.model.parent is not None and self.model.parent.settles_after_writes:
                self._parent_ready()
            self.set_item(item)
        else:
            self.set_item(resources.get(item_id) or seen.get("item") or self._item)

    def gate(self, item_id: int) -> bool:
        """The parent gate, for writes made outside present/absent (actions): wait until the item and its parent are
        settled, so that the API would accept a write; fails when the item is gone or being deleted."""
        return self._ready_for_change(item_id)

    def _ready_for_change(self, item_id: int) -> bool:
        if not self._ready(item_id):
            raise ResourceGoneError(
                f"{sentence(self.resources.label(item_id))} was deleted, or is being deleted, while this run was changing it.",
                status=404,
                method="GET",
                path=self.resources.item_path(item_id),
            )
        return True

    def _ready(self, item_id: int) -> bool:
        """Before a write to the item: wait until the API would accept it (the item and its parent settled).
        False when the item is gone or being deleted: an update or a delete is then moot."""
        resources = self.resources
        item = resources.get(item_id)
        if item is None or resources.is_leaving(item):
            return False
        if not resources.is_settled(item):
            item = resources.wait_settled(item_id, seen=True)
        if resources.is_resting(item):
            # It waits for an action of the user's; the API refuses changes until then.
            raise RedisCloudError(f"{self.model.resting_message(item)} It cannot change until then; nothing was sent.",
                                  last_status=resources.status(item))
        settle(self._prerequisites, self.run)
        self._parent_ready()
        return True

    def _parent_ready(self) -> None:
        """Wait until the parent accepts changes to its children (it is settled); the API refuses them before."""
        parent = self.model.parent
        if parent is None or self.parent_id is None:
            return
        parents = Resources(parent.type, self.run)
        current = self._parent_item(parents)
        if not parents.is_settled(current):
            self._parent_was_settling = True
            parents.wait_settled(self.parent_id, seen=True)
        else:
            self.run.timeline.record(parents.label(self.parent_id), parents.status(current))

    def _parent_item(self, parents: Resources) -> dict[str, Any]:
        """The parent as read now; a parent that answers 404 fails, naming its option."""
        parent = self._declared_parent()
        if self.parent_id is None:
            raise RedisCloudError(f"{parent.option} is required.")
        current = parents.get(self.parent_id)
        if current is None:
            path = parents.item_path(self.parent_id)
            raise RedisCloudError(
                f"{sentence(parent.type.kind)} {self.parent_id} was not found (GET {path} answers 404). "
                f"Check {parent.option}, and that the API key belongs to the account that owns it.",
                status=404,
                method="GET",
                path=path,
            )
        return current

    def admit(self, creator: Creator, listing: list[dict[str, Any]]) -> bool:
        """Before a create: wait until the parent is settled and the account admits it. True when it had to wait
        (another run may have created the resource meanwhile: it is looked for again)."""
        parent = self.model.parent
        if parent is not None and self.parent_id is not None:
            parents = Resources(parent.type, self.run)
            current = parents.get(self.parent_id)
            if current is None or not parents.is_settled(current):
                self._parent_was_settling = True
                self._parent_ready()
                return True
        decision = self.model.admission(listing, creator.unlisted_settling(listing))
        if decision is None or decision.admitted:
            return False
        resources, wanted = self.resources, self.model.wanted_identity()
        reads = [listing]

        def read() -> list[dict[str, Any]]:
            reads.append(resources.list())
            return reads[-1]

        def decide(listed: list[dict[str, Any]]) -> Any:
            return self.model.admission(listed, creator.unlisted_settling(listed)) or decision

        try:
            self.run.wait_until(read, lambda listed: decide(listed).admitted or resources.find(wanted=wanted, listing=listed) is not None,
                                lambda listed: decide(listed).status, decision.subject)
        except WaitTimeoutError:
            last = decide(reads[-1])
            raise WaitTimeoutError(f"Timed out after {self.run.deadline.seconds:g} s {last.timeout_message}", last_status=last.last_status) from None
        return True

    def _note_young_parent(self) -> None:
        """Before a create under a parent that may list its first children late: is the parent still settling?
        (Then it is young, and an empty listing of its children may only mean "not listed yet".)"""
        parent = self.model.parent
        if parent is None or not parent.children_listed_late_seconds or self.parent_id is None:
            return
        parents = Resources(parent.type, self.run)
        current = parents.get(self.parent_id)
        if current is not None and not parents.is_settled(current):
            self._parent_was_settling = True

    def _late_children_listed(self) -> bool:
        """Under a young parent (this run saw it settling) that lists none of its children yet: wait (once per run, at
        most the parent's ``children_listed_late_seconds``) for some to be listed. True when some were: the wanted one may
        be among them (a new subscription reads active before its creation plan's databases are listed). A parent that was
        settled from the start is not waited for: should the create meet the name anyway, the API refuses it as existing,
        and the engine adopts what exists (``ResourceType.already_exists``)."""
        parent = self.model.parent
        if (parent is None or not parent.children_listed_late_seconds or self._waited_for_late_children
                or not self._parent_was_settling):
            return False
        self._waited_for_late_children = True
        return bool(wait_for_first_children(self.resources, parent))

    def _created_children(self, item: dict[str, Any], task: Task | None) -> list[int]:
        """The ids of the children a create made.

        Taken from the task's ``response.resource`` when it lists them (no recorded answer shows it); else the
        children are listed until the planned count shows: a new subscription reads active before its creation
        plan's databases are listed (Terraform notes it), and the listing answers 404 while there are none.
        """
        children = self.model.children
        if children is None:
            return []
        child_type = children.model.type
        if children.task_key and task is not None:
            made = [child.get(child_type.id_field) for child in task.resource.get(children.task_key) or [] if isinstance(child, dict)]
            if made and all(isinstance(value, int) for value in made):
                return made
        item_id = self.resources.id_of(item)
        listed_children = Resources(child_type, self.run, item_id)
        if self.resources.is_resting(item):
            # Its children are made once the user acts: nothing to wait for now.
            return [listed_children.id_of(child) for child in listed_children.list()]
        planned = self.model.planned_children()
        grace = self.run.grace(VISIBILITY_GRACE_SECONDS)
        listed = self.run.wait_until(
            listed_children.list,
            lambda found: len(found) >= planned or grace.expired(),
            lambda found: f"{len(found)} of {planned} listed",
            f"{child_type.kind}s of {self.model.type.kind} {item_id}",
        )
        return [listed_children.id_of(child) for child in listed]

    def _settled_results(self, item: dict[str, Any]) -> None:
        """The results a present, settled resource reports: the model's fields, and its children's ids."""
        self.result.update(self.model.result_fields(self._item or item))
        children = self.model.children
        if children is not None and not self.result.get(children.result_key):
            listed = Resources(children.model.type, self.run, self.resources.id_of(item))
            self.result[children.result_key] = [listed.id_of(child) for child in listed.list()]

    def _warn_unverifiable(self) -> None:
        """Options set that the API never reads back: say so, rather than report a silent ok."""
        for path, why in self.model.unverifiable.items():
            if is_set(self.model.params, path):
                self.warn(f"{path} cannot be verified on an existing {self.model.type.kind}: {why}.")

    def _warn_if_resting(self, item: dict[str, Any]) -> None:
        if self.resources.is_resting(item):
            self.warn(self.model.resting_message(item))

    # state=absent

    def absent(self) -> dict[str, Any]:
        model, resources = self.model, self.resources
        if model.parent is not None and self.parent_id is None:
            return self._parent_not_created_absent()
        self._refuse_unfit_parent()
        item_id = model.params.get(model.id_option)
        wanted = model.wanted_identity()
        item = resources.find(item_id, wanted)
        if item is None and item_id is None and wanted is not None:
            item = resources.find_leaving(wanted)
        if item is None:
            return self.finish(False)
        item_id = resources.id_of(item)
        self.set_item(item)
        if resources.is_leaving(item):
            # Already on its way out (an earlier run, or wait=false): nothing to send.
            if self.flags.wait and not self.flags.check_mode:
                resources.wait_gone(item_id)
                self.set_item(None, item_id)
            return self.finish(False)
        self._refuse_unchangeable(item)
        before = {f"{self.key}_id": item_id, "name": item.get(resources.type.name_field)}
        before.update(self._before_delete(item))
        diff = {"before": before, "after": {}}
        if self.flags.check_mode:
            return self.finish(True, diff)
        self._delete_children(item)
        self.set_task(self.delete_item(item_id, wait=self.flags.wait))
        if self.flags.wait:
            self.set_item(None, item_id)
        return self.finish(True, diff)

    def _parent_not_created_absent(self) -> dict[str, Any]:
        parent = self._declared_parent()
        if not self.flags.check_mode:
            raise RedisCloudError(f"{parent.option} is required (only in check mode may it be unknown: when an earlier task "
                                  f"of the play would create the {parent.type.kind}).")
        self.warn(f"{parent.option} is not known yet (in check mode, its {parent.type.kind} does not exist): there is nothing to delete.")
        return self.finish(False)

    def _before_delete(self, item: dict[str, Any]) -> dict[str, Any]:
        """Refuse a delete the API would refuse, before sending anything: children (unless they are to be deleted
        first) and dependents that hold the item. Returns what the diff shows of the children."""
        model, shown = self.model, {}
        label = self.resources.label(self.resources.id_of(item), item)
        children = model.children
        if children is not None:
            listed_children = Resources(children.model.type, self.run, self.resources.id_of(item))
            listing = listed_children.list()
            child = children.model.type
            self.result[children.result_key] = [listed_children.id_of(entry) for entry in listing]
            if listing and not model.params.get(children.delete_option):
                names = ", ".join(f"{entry.get(child.name_field)} ({listed_children.id_of(entry)})" for entry in listing)
                raise RedisCloudError(
                    f"{label[:1].upper()}{label[1:]} still has {len(listing)} {child.kind}(s): {names}. The API refuses to delete "
                    f"a {model.type.kind} that has {child.kind}s; delete them first, or set {children.delete_option}=true. "
                    "Nothing was sent.",
                    error_type=children.in_use_error,
                )
            shown[f"{child.kind}s"] = [entry.get(child.name_field) for entry in listing]
        for dependents in model.dependents:
            listed = Resources(dependents.type, self.run)
            holders = [entry for entry in listed.list() if dependents.holds(entry, item)]
            if holders:
                names = ", ".join(listed.label(listed.id_of(entry), entry) for entry in holders)
                raise RedisCloudError(
                    f"{label[:1].upper()}{label[1:]} is used by {len(holders)} {dependents.type.kind}(s): {names}. The API refuses to "
                    f"delete it while it is used; change or delete them first. Nothing was sent.",
                    error_type="IN_USE",
                    description=f"held by {names}",
                )
        return shown

    def _delete_children(self, item: dict[str, Any]) -> None:
        """Delete each child through its own resource's delete, then wait until none is listed and this one has
        settled again (the API refuses its delete before)."""
        children = self.model.children
        if children is None or not self.result.get(children.result_key):
            return
        item_id = self.resources.id_of(item)
        child_model = children.model({children.model.parent.option if children.model.parent else "parent_id": item_id})
        child_state = ResourceState(child_model, self.run, self.flags, self.connection)
        listed_children = child_state.resources
        for child in listed_children.list():
            child_state.delete_item(listed_children.id_of(child), wait=True)
        self.run.wait_until(listed_children.list, lambda remaining: not remaining,
                            lambda remaining: f"{len(remaining)} {children.model.type.kind}(s) left",
                            f"{children.model.type.kind}s of {self.model.type.kind} {item_id}")
        self.resources.wait_settled(item_id, seen=True)

    def delete_item(self, item_id: int, wait: bool) -> Task | None:
        """DELETE the resource (never twice in effect) and, with wait, until it is gone; returns its task."""
        resources = self.resources

        def ready() -> bool:
            item = resources.get(item_id)
            if item is None or resources.is_leaving(item):
                return False  # gone or on its way: a lost DELETE (or another run) did it
            if not (resources.is_settled(item) or resources.is_failed(item) or resources.is_resting(item)):
                resources.wait_settled(item_id, seen=True)
            self._parent_ready()
            return True

        def shows_done() -> bool:
            item = resources.get(item_id)
            return item is None or resources.is_leaving(item)

        write = Write("DELETE", resources.item_path(item_id), None, resources.type.commands.delete, f"delete of {resources.label(item_id)}",
                      ready=ready, shows_done=shows_done, repeatable=True, resource_id=item_id, refusals=resources.type.refusals)
        outcome = self.writer.send(write, wait_task=wait or self.model.refusals_in_tasks)
        if wait:
            resources.wait_gone(item_id, outcome.task.task_id if outcome.task else None)
        return outcome.task
