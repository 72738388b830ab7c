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

ACTIVE = "active"
GOALS = {ACTIVE: SETTLED, "absent": ABSENT}


def _unmasked(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class InfoSpec:
    """An info module as data: what it reads, its options, and how its results are named."""

    type: ResourceType
    id_option: str  # "database_id"
    ids_option: str  # "database_ids"
    module: str  # its FQCN, for the resume hint
    parent: Parent | None = None
    mask: Callable[[Any], Any] = _unmasked

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
        options[spec.parent.option] = {"type": "int", "required": True}
    return options


def info_mutually_exclusive(spec: InfoSpec) -> list[tuple[str, ...]]:
    return [(spec.id_option, spec.ids_option, "name")]


class ResourceInfo:
    def __init__(self, spec: InfoSpec, params: dict[str, Any], run: Run) -> None:
        self.spec = spec
        self.params = params
        self.run = run
        self.parent_id = params[spec.parent.option] if spec.parent is not None else None
        self.resources = Resources(spec.type, run, self.parent_id)

    @property
    def targeted(self) -> bool:
        """True when the user named resources (by id or name) rather than listing them all."""
        return any(self.params[key] is not None for key in (self.spec.id_option, self.spec.ids_option, "name"))

    def read(self) -> dict[str, Any]:
        spec, kind = self.spec, self.spec.type.kind
        listing = self.resources.list()
        if not listing and spec.parent is not None:
            self.check_parent()
        wanted = self.wanted_ids(listing)
        fail_on_error = self.targeted and self.params["fail_on_error"]
        if self.params["wait"]:
            goal = self.params["wait_for"]
            found = self.resources.join(wanted, GOALS[goal], fail_on_error, listing=listing,
                                        resume_hint=lambda pending: self.resume_hint(pending, goal))
        else:
            found = self.read_once(wanted, listing, fail_on_error)
        items = [spec.mask(item) for item in found.values() if item is not None]
        ids = [self.resources.id_of(item) for item in items]
        result: dict[str, Any] = {"changed": False, spec.plural: items, f"{kind}_ids": ids, "ansible_facts": {f"redis_cloud_{kind}_ids": ids}}
        if self.params[spec.id_option] is not None:
            result[kind] = spec.mask(found.get(self.params[spec.id_option]))
        elif self.params["name"] is not None:
            result[kind] = items[0] if len(items) == 1 else None
        if self.params["wait"]:
            result["timeline"] = self.run.timeline.as_list()
        return result

    def check_parent(self) -> None:
        """An empty listing also answers a wrong parent id (the API's 404 means both): tell them apart."""
        parent = self.spec.parent
        if parent is None or self.parent_id is None:
            raise AssertionError("parent is not None and self.parent_id is not None (a declared capability)")
        parents = Resources(parent.type, self.run)
        if parents.get(self.parent_id) is None:
            raise RedisCloudError(
                f"{sentence(parent.type.kind)} {self.parent_id} was not found. Check {parent.option} and that the API key "
                "belongs to the account that owns it.",
                status=404,
                method="GET",
                path=parents.item_path(self.parent_id),
            )

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
