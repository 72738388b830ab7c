# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every info module does: read the resources of one type, some or all, or wait until they are settled or gone.

An ``InfoSpec`` names the type and the module's options; ``ResourceInfo`` lists once,
picks what the options ask for (one id, several ids, a name, or all), and either
returns them or joins them (one listing per round, however many are awaited).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Parent
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import ABSENT, SETTLED, Resources, ResourceType, in_error, sentence
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.engine.state import wait_for_first_children

ACTIVE = "active"
GOALS = {ACTIVE: SETTLED, "absent": ABSENT}


def _unmasked(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class ItemRead:
    """A part of each item read only on request (``include: [name]``), from the item path plus ``suffix``, whose GET
    answers a task (a backup status): each costs a task, so none is read by default. Added to each item as ``name``:
    the task's ``response.resource``, or ``{"error": {"type", "description"}}`` when the read's task failed."""

    name: str
    suffix: str


@dataclass(frozen=True)
class InfoSpec:
    """An info module as data: what it reads, its options, and how its results are named."""

    type: ResourceType
    id_option: str  # "database_id"
    ids_option: str  # "database_ids"
    module: str  # its FQCN, for the resume hint
    parent: Parent | None = None
    mask: Callable[[Any], Any] = _unmasked
    item_reads: tuple[ItemRead, ...] = ()
    # A result (and fact redis_cloud_<summary_key>) keyed by name, summarising each resource read (as the resource module's).
    summary_key: str | None = None
    summary: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    @property
    def plural(self) -> str:
        return f"{self.type.kind}s"


def info_argument_spec(spec: InfoSpec) -> dict[str, Any]:
    """The options every info module has (auth and wait options are added by RedisCloudModule)."""
    options: dict[str, Any] = {
        spec.id_option: {"type": "int", "aliases": ["id"]},
        spec.ids_option: {"type": "list", "elements": "int"},
        "name": {"type": "str"},
        "wait_for": {"type": "str", "choices": list(GOALS), "default": ACTIVE},
        "fail_on_error": {"type": "bool", "default": True},
    }
    if spec.parent is not None:
        # Required, except in check mode: an earlier task of the play would create the parent (its id is unknown).
        options[spec.parent.option] = {"type": "int"}
    if spec.item_reads:
        options["include"] = {"type": "list", "elements": "str", "choices": [read.name for read in spec.item_reads], "default": []}
    return options


def info_mutually_exclusive(spec: InfoSpec) -> list[tuple[str, ...]]:
    return [(spec.id_option, spec.ids_option, "name")]


class ResourceInfo:
    def __init__(self, spec: InfoSpec, params: dict[str, Any], run: Run, check_mode: bool = False) -> None:
        self.spec = spec
        self.params = params
        self.run = run
        self.check_mode = check_mode
        self.parent_id = params[spec.parent.option] if spec.parent is not None else None
        self.warnings: list[str] = []

    @property
    def resources(self) -> Resources:
        return Resources(self.spec.type, self.run, self.parent_id)

    @property
    def targeted(self) -> bool:
        """True when the user named resources (by id or name) rather than listing them all."""
        return any(self.params[key] is not None for key in (self.spec.id_option, self.spec.ids_option, "name"))

    def read(self) -> dict[str, Any]:
        spec, kind = self.spec, self.spec.type.kind
        if spec.parent is not None and self.parent_id is None:
            return self.parent_not_created()
        listing = self.resources.list()
        if not listing and spec.parent is not None:
            self.check_parent()
            if self.params["wait"] and not self.targeted and spec.parent.children_listed_late_seconds:
                listing = self.wait_for_first_children()
        wanted = self.wanted_ids(listing)
        fail_on_error = self.targeted and self.params["fail_on_error"]
        if self.params["wait"]:
            goal = self.params["wait_for"]
            found = self.resources.join(wanted, GOALS[goal], fail_on_error, listing=listing,
                                        resume_hint=lambda pending: self.resume_hint(pending, goal))
        else:
            found = self.read_once(wanted, listing, fail_on_error)
        items = self.with_item_reads([spec.mask(item) for item in found.values() if item is not None])
        ids = [self.resources.id_of(item) for item in items]
        result: dict[str, Any] = {"changed": False, spec.plural: items, f"{kind}_ids": ids, "ansible_facts": {f"redis_cloud_{kind}_ids": ids}}
        if self.params[spec.id_option] is not None:
            result[kind] = next((item for item in items if self.resources.id_of(item) == self.params[spec.id_option]), None)
        elif self.params["name"] is not None:
            result[kind] = items[0] if len(items) == 1 else None
        if spec.summary_key and spec.summary:
            summaries = {str(item.get(spec.type.name_field)): spec.summary(item) for item in found.values() if item is not None}
            result[spec.summary_key] = summaries
            result["ansible_facts"][f"redis_cloud_{spec.summary_key}"] = summaries
        if self.params["wait"]:
            result["timeline"] = self.run.timeline.as_list()
        return result

    def declared_parent(self) -> Parent:
        if self.spec.parent is None:
            raise RedisCloudError(f"{self.spec.plural} have no parent.")
        return self.spec.parent

    def with_item_reads(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The items, with the parts ``include`` asks for: every read sent first, their tasks then waited for together."""
        wanted = [read for read in self.spec.item_reads if read.name in (self.params.get("include") or [])]
        reads = [(item, read) for item in items for read in wanted]
        tasks = self.run.read_tasks([(self.resources.item_path(self.resources.id_of(item), read.suffix), None) for item, read in reads])
        for (item, read), task in zip(reads, tasks):
            item[read.name] = task.resource if not task.failed else {"error": {"type": task.error_type, "description": task.error_description}}
        return items

    def parent_not_created(self) -> dict[str, Any]:
        """Check mode, with the parent's id unknown: an earlier task of the play would create the parent."""
        parent = self.declared_parent()
        if not self.check_mode:
            raise RedisCloudError(f"{parent.option} is required.")
        self.warnings.append(f"{parent.option} is not known yet (in check mode, the {parent.type.kind} that an earlier task would "
                             f"create does not exist): no {self.spec.plural} to read.")
        kind = self.spec.type.kind
        result: dict[str, Any] = {"changed": False, self.spec.plural: [], f"{kind}_ids": [], "ansible_facts": {f"redis_cloud_{kind}_ids": []}}
        if self.spec.summary_key:
            result[self.spec.summary_key] = result["ansible_facts"][f"redis_cloud_{self.spec.summary_key}"] = {}
        result["warnings"] = self.warnings
        return result

    def check_parent(self) -> None:
        """An empty listing also answers a wrong parent id (the API's 404 means both): tell them apart."""
        parent = self.declared_parent()
        parents = Resources(parent.type, self.run)
        if parents.get(self.parent_id) is None:
            raise RedisCloudError(
                f"{sentence(parent.type.kind)} {self.parent_id} was not found. Check {parent.option} and that the API key "
                "belongs to the account that owns it.",
                status=404,
                method="GET",
                path=parents.item_path(self.parent_id),
            )

    def wait_for_first_children(self) -> list[dict[str, Any]]:
        """Waiting for all of a parent's children, and it lists none yet: it may be new (a subscription reads active
        before its creation plan's databases are listed). Wait for the parent to settle, then for some to be listed."""
        parent = self.declared_parent()
        parents = Resources(parent.type, self.run)
        if not parents.is_settled(parents.get(self.parent_id)):
            parents.wait_settled(self.parent_id, seen=True)
        return wait_for_first_children(self.resources, parent)

    def wanted_ids(self, listing: list[dict[str, Any]]) -> list[int]:
        if self.params[self.spec.id_option] is not None:
            return [self.params[self.spec.id_option]]
        if self.params[self.spec.ids_option] is not None:
            return list(dict.fromkeys(self.params[self.spec.ids_option]))
        name = self.params["name"]
        return [self.resources.id_of(item) for item in listing if name is None or item.get(self.spec.type.name_field) == name]

    def read_once(self, wanted: list[int], listing: list[dict[str, Any]], fail_on_error: bool) -> dict[int, dict[str, Any] | None]:
        current = {self.resources.id_of(item): item for item in listing}
        missing = [item_id for item_id in wanted if item_id not in current]
        if missing:
            listed = ", ".join(str(item_id) for item_id in missing)
            where = f" in {self.spec.parent.type.kind} {self.parent_id}" if self.spec.parent is not None else ""
            raise RedisCloudError(
                f"{sentence(self.spec.type.kind)}(s) not found{where}: {listed}. Check the ids and that the API key belongs to the "
                f"account that owns them; to wait until {self.spec.plural} are deleted, set wait=true and wait_for=absent.",
                method="GET",
                path=self.resources.list_path(),
            )
        errored = [current[item_id] for item_id in wanted if self.resources.is_failed(current[item_id])]
        if errored and fail_on_error:
            raise in_error(self.resources, errored)
        return {item_id: current[item_id] for item_id in wanted}

    def resume_hint(self, pending: list[int], goal: str) -> str:
        ids = ", ".join(str(item_id) for item_id in pending)
        parent = f"{self.spec.parent.option}={self.parent_id} " if self.spec.parent is not None else ""
        return (f"The {self.spec.plural} keep changing on the Redis Cloud side; to resume waiting, run {self.spec.module} "
                f"with {parent}{self.spec.ids_option}=[{ids}] wait=true wait_for={goal}.")
