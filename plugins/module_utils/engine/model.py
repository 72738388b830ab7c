# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A resource as data plus pure hooks: what the engine (``state.ResourceState``) needs to manage one kind.

A model never sends a request and never writes a result. Its class attributes declare
what the resource is and what its API can do; its hooks take the module's parameters
and what the API answered, and return values or intents (``Change``: a write to send;
``Admission``: a reason to wait before a create; ``Preflight``: a read whose answer a
check turns into problems; ``Prerequisite``: another resource that must be settled
before the write). Only the engine acts on them.

Capabilities are declared, never assumed: a resource without ``dry_run`` is never sent
``dryRun`` (check mode then reports the diff and sends nothing), a resource whose
identity is not a unique name says how it is identified, and a resource whose listing
answers a task says so on its ``ResourceType``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import REPLACE, Difference, Field, compare
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import ResourceType
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import Task

# The values of a model's wait_for_option: wait until the resource rests for the user, or until it is settled.
WAIT_FOR_INITIATED, WAIT_FOR_ACTIVE = "initiated", "active"


@dataclass(frozen=True)
class Change:
    """A write that brings the resource closer to the parameters: an intent for the engine to send.

    ``fields`` are the options it applies: after a lost answer the engine looks for them in the
    read-back to tell whether it was done. A ``synchronous`` change answers at once (no task).
    ``priceable``: in check mode, the engine sends it with ``dryRun`` (the resource must declare it).
    """

    what: str
    body: Any
    fields: tuple[str, ...]
    method: str = "PUT"
    suffix: str = ""
    command_type: str | None = None  # None: the resource's update command
    synchronous: bool = False
    priceable: bool = False


@dataclass(frozen=True)
class Admission:
    """Whether the account admits a create now (a limit of the account), as the engine reports it while it waits."""

    admitted: bool
    subject: str  # what is waited for, in the timeline: "pending subscription slots"
    status: str  # the current state of it: "3 of 3 taken"
    timeout_message: str  # what was waited for and what to do, after "Timed out after N s "
    last_status: str


@dataclass(frozen=True)
class Preflight:
    """A read before a write (``path`` below api_url); ``check`` turns its answer (None for a 404) into problems naming options.

    ``price``: for a resource without a dry run whose price is a read (a fixed plan's), the price lines this
    answer gives; check mode reports them as the result's ``pricing``. Preflights run in the order given.
    """

    path: str
    check: Callable[[Any], list[str]]
    params: dict[str, Any] | None = None
    what: str = "the options"
    price: Callable[[Any], list[dict[str, Any]]] | None = None


@dataclass(frozen=True)
class DryRun:
    """What the API prices with ``"dryRun": true``: a create, an update. Nothing by default."""

    create: bool = False
    update: bool = False


@dataclass(frozen=True)
class Parent:
    """The resource lives under a parent (its path holds the parent's id, from ``option``).

    The API refuses writes while the parent is not settled; with ``settles_after_writes``, a
    write makes the parent busy too, and is done only when the parent has settled again.
    With ``checked``, the parent is read before anything else and the model's ``parent_problem()``
    says whether it can hold the resource: nothing else is sent when it cannot.
    """

    type: ResourceType
    option: str
    settles_after_writes: bool = True
    # The parent can read settled before its first children are listed (a subscription's creation plan): before
    # concluding that a child is absent from a parent that lists none, wait that long for some to show.
    children_listed_late_seconds: float = 0.0
    checked: bool = False


@dataclass(frozen=True)
class Children:
    """Resources that live under this one: their ids are a result, and a delete needs them gone first.

    ``model`` is the children's model (their delete is the engine's, as for any resource);
    ``task_key``: where a create task's ``response.resource`` may list what the create made.
    """

    model: type[ResourceModel]
    result_key: str
    delete_option: str
    in_use_error: str
    task_key: str | None = None


@dataclass(frozen=True)
class Dependents:
    """Other resources that hold this one (a role that uses a rule): a delete is refused while one does.

    ``holds(dependent, item)`` says whether a dependent holds the item; the engine reads the listing.
    """

    type: ResourceType
    holds: Callable[[dict[str, Any], dict[str, Any]], bool]


@dataclass(frozen=True)
class Prerequisite:
    """Another resource that a write names (a rule or a database an ACL role names): it must exist, and be settled
    before the write is sent (the API refuses the write otherwise).

    Found by ``item_id`` (under ``parent_id``) or by ``name``, as the first of ``types`` that has it (a database
    of a Pro or of an Essentials subscription). Found by none: nothing is sent, and the failure names ``option``.
    """

    option: str  # where the parameters name it, for messages: "rules[0].databases[1]"
    types: tuple[ResourceType, ...]
    item_id: int | None = None
    name: str | None = None
    parent_id: int | None = None


@dataclass(frozen=True)
class Attachment:
    """A part of the resource read from its own endpoint (the item path plus ``suffix``), only when ``option`` is set.

    ``parse`` returns the part, or None for an answer of another shape (a malformed answer).
    With ``wanted`` and ``body``, the engine also compares and changes it (without them, the model's hooks do, as for
    database tags): ``wanted(value)`` is the option's value in ``parse``'s shape; a difference is sent as a PUT of
    ``body(value)`` on the same endpoint, answered by a task of ``command_type`` (None: synchronous).
    """

    option: str
    suffix: str
    parse: Callable[[Any], Any]
    wanted: Callable[[Any], Any] | None = None
    body: Callable[[Any], Any] | None = None
    command_type: str | None = None


@dataclass
class Current:
    """What the API holds: the item as read back, and its attachments (option -> parsed part)."""

    item: dict[str, Any]
    attached: dict[str, Any] = field(default_factory=dict)


class ResourceModel:
    """One kind of resource, for one module run: the parameters, the declarations and the hooks.

    The defaults fit a resource that is created by POST on its list path, updated by PUT and
    deleted by DELETE on its item path, and known by a unique name.
    """

    type: ClassVar[ResourceType]
    fields: ClassVar[Sequence[Field]] = ()
    id_option: ClassVar[str | None] = "id"  # the module option holding the resource's id (None: found by identity only)
    identity_options: ClassVar[tuple[str, ...]] = ("name",)  # the options that identify it without an id (for messages)
    result_key: ClassVar[str] = "resource"  # RV(<result_key>) and RV(<result_key>_id)
    parent: ClassVar[Parent | None] = None
    children: ClassVar[Children | None] = None
    dependents: ClassVar[tuple[Dependents, ...]] = ()
    attachments: ClassVar[tuple[Attachment, ...]] = ()
    dry_run: ClassVar[DryRun] = DryRun()
    # Options the create body cannot carry: the engine applies them (through changes()) right after the create.
    applied_after_create: ClassVar[tuple[str, ...]] = ()
    # A refusal may come in the write's task (the parent was busy): the engine waits for the task even with wait=false.
    refusals_in_tasks: ClassVar[bool] = False
    # Extra results, present from the start (so a failure reports them too).
    result_defaults: ClassVar[dict[str, Any]] = {}
    # A result (and fact) keyed by identity, summarising every resource under the same parent, from one listing at the
    # end of a present run (a loop over several then leaves them all in one fact): the result key, and summary() each.
    summary_key: ClassVar[str | None] = None
    # Options (dotted paths, "[]" for every item of a list) the API never reads back, with why: set on an existing
    # resource they cannot be compared, and the result says so in a warning rather than a silent ok.
    unverifiable: ClassVar[dict[str, str]] = {}
    # The option holding a settle window: a settled status counts once a read that many seconds later shows it again.
    settle_window_option: ClassVar[str | None] = None
    # The option that says where a wait ends (see ends_wait): V(initiated) or V(active).
    wait_for_option: ClassVar[str | None] = None
    # How to get a change that cannot be made in place (after "cannot change in place (...).").
    replacement: ClassVar[str] = REPLACE

    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params

    # identity

    def identity(self, item: dict[str, Any]) -> Any:
        """What identifies an item when no id is given (the name by default; override both identity hooks together)."""
        return item.get(self.type.name_field)

    def wanted_identity(self) -> Any:
        """The identity the parameters describe; None when they do not identify one (an id is then needed)."""
        return self.params.get("name")

    def label(self) -> str:
        """The resource, in messages ("database of subscription 12")."""
        return self.type.kind

    # input and bodies

    def validate_create(self) -> list[str]:
        """Problems that matter only when the resource has to be created (each names its option)."""
        return []

    def preflights(self, current: dict[str, Any] | None) -> list[Preflight]:
        """Reads to check before a create (``current`` None) or a change of ``current``."""
        return []

    def prerequisites(self, current: dict[str, Any] | None) -> list[Prerequisite]:
        """Other resources a create (``current`` None) or a change of ``current`` names: they must exist and be settled."""
        return []

    def unchangeable(self, item: dict[str, Any]) -> str | None:
        """Why the API refuses every change and the delete of this item (a built-in rule), or None."""
        return None

    def create_body(self) -> dict[str, Any]:
        raise NotImplementedError

    def differences(self, current: Current) -> list[Difference]:
        """What differs between the parameters and what the API holds (only options the user set)."""
        return compare(self.params, current.item, self.fields) + self.attached_differences(current)

    def attached_differences(self, current: Current) -> list[Difference]:
        """The differences of the attachments the engine compares (those that declare ``wanted``), in place."""
        differences = []
        for attachment in self.attachments:
            if attachment.wanted is None or attachment.option not in current.attached:
                continue
            wanted, have = attachment.wanted(self.params[attachment.option]), current.attached[attachment.option]
            if wanted != have:
                differences.append(Difference(attachment.option, have, wanted, in_place=True))
        return differences

    def update_body(self, differences: list[Difference], current: Current) -> dict[str, Any]:
        """The body of the resource's update (PUT on its item path) for the in-place differences."""
        raise NotImplementedError

    def changes(self, differences: list[Difference], current: Current) -> list[Change]:
        """The writes that apply the in-place differences, in order: one update, then each attachment the engine changes."""
        changed = {attachment.option: attachment for attachment in self.attachments if attachment.body is not None}
        own = [d for d in differences if d.field not in changed]
        body = self.update_body(own, current) if own else None
        changes = [Change("update", body, tuple(d.field for d in own), priceable=self.dry_run.update)] if body else []
        for difference in differences:
            attachment = changed.get(difference.field)
            if attachment is not None and attachment.body is not None:
                changes.append(Change(attachment.option.replace("_", " "), attachment.body(self.params[attachment.option]),
                                      (attachment.option,), suffix=attachment.suffix, command_type=attachment.command_type,
                                      synchronous=attachment.command_type is None))
        return changes

    # the account's limits, children

    def admission(self, listing: list[dict[str, Any]], unlisted_pending: int) -> Admission | None:
        """Before a create: whether the account's limit admits it (None: the resource has no such limit).
        ``unlisted_pending``: resources this run saw created that the listing does not show yet."""
        return None

    def planned_children(self) -> int:
        """How many children a create makes (a subscription's creation plan): they are waited for."""
        return 0

    # results and secrets

    def result_fields(self, item: dict[str, Any]) -> dict[str, Any]:
        """Extra results taken from the item (endpoints)."""
        return {}

    def summary(self, item: dict[str, Any]) -> dict[str, Any]:
        """One resource in the ``summary_key`` result (never a secret)."""
        return {}

    def mask(self, value: Any) -> Any:
        """``value`` (an item, a body) as it may be shown: secrets masked."""
        return value

    def secrets(self) -> tuple[str, ...]:
        """Values of the module's own secret options, redacted from any failure."""
        return ()

    def resting_message(self, item: dict[str, Any]) -> str:
        status = item.get(self.type.status_field)
        return f"The {self.label()} is in status {status}: it waits for an action of yours before it becomes active."

    def ends_wait(self) -> frozenset[str]:
        """The statuses, besides the settled, failed and leaving ones, at which this run's waits end.

        By default the resting ones (the resource waits for the user). With ``wait_for_option`` set to
        V(active), none: the run waits on until the user has acted and the resource is settled.
        """
        if self.wait_for_option is not None and self.params.get(self.wait_for_option) == WAIT_FOR_ACTIVE:
            return frozenset()
        return self.type.resting

    def parent_problem(self, parent: dict[str, Any]) -> str | None:
        """Why this parent (as read back) cannot hold the resource the parameters describe; None when it can
        (asked only when the parent is declared ``checked``)."""
        return None

    def error_hint(self, error_type: str | None) -> str | None:
        """What a failure with this API error type means for the parameters (added to its message), or None."""
        return None

    def pricing(self, task: Task) -> list[dict[str, Any]] | None:
        """The price lines of a dry-run task."""
        pricing = task.resource.get("pricing")
        return list(pricing) if isinstance(pricing, list) else None
