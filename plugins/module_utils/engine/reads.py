# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Resources whose writes are tasks, described as data, and the reads and waits every one of them gets.

A ``ResourceType`` names a resource's paths, id and name fields, the strict parser of
its listing, its statuses and its command types. ``Resources`` binds one type to a
run (and to its parent's id) and provides get, list, find, waits and the joined wait.
Statuses other than the settled, failed and leaving ones (pending, draft, any status
the API adds later) mean "not settled yet", never settled or failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.api.parsing import (
    api_path,
    kind,
    malformed,
    optional_str,
    require_dict,
    resource_id,
)
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import parse_task, task_failed
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import PollSchedule

NOT_VISIBLE = "not visible yet"
# A read answered by a refused task (its parent was busy) is read again after waiting for the parent, at most this often.
MAX_REFUSED_READS = 20
GONE = "gone"
SETTLED, ABSENT = "settled", "absent"
# How long a resource whose create task completed may stay unreadable or unlisted
# (eventual consistency). No recorded answer measures the real lag: this is generous.
VISIBILITY_GRACE_SECONDS = 60.0
PAGE_SIZE = 100
MAX_PAGES = 100
# A database of the API reads back in 2-5 KB: 8 MiB is thousands of them, and bounds the memory a listing takes.
MAX_LISTING_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class CommandTypes:
    """The ``commandType`` of the tasks that create, update and delete a resource."""

    create: str
    update: str
    delete: str

    def all(self) -> tuple[str, str, str]:
        return (self.create, self.update, self.delete)


@dataclass(frozen=True)
class ResourceType:
    """A resource of the API, as data."""

    kind: str  # "subscription", "database": used in messages
    list_path: str  # e.g. "/subscriptions/{subscription_id}/databases"
    item_path: str  # e.g. "/subscriptions/{subscription_id}/databases/{database_id}"
    id_key: str  # the path placeholder of its own id, e.g. "database_id"
    id_field: str  # the id's field in an answer, e.g. "databaseId"
    items_of: Callable[[Any, str], list[Any]]  # the items of a listing answer (strict)
    commands: CommandTypes
    settled: frozenset[str] = frozenset({"active"})
    failed: frozenset[str] = frozenset({"error"})
    leaving: frozenset[str] = frozenset()
    # Statuses where a wait for "settled" ends without it: the resource waits for the user.
    resting: frozenset[str] = frozenset()
    parent_key: str | None = None  # the path placeholder of the parent's id, e.g. "subscription_id"
    name_field: str = "name"
    empty_listing_answers_404: bool = False
    paged: bool = False
    # The listing answers a task: the items are in the finished task's response.resource (peerings, transit gateways).
    listed_through_task: bool = False
    # Error types that refuse a write to this resource while it (or its parent) is busy: nothing was done, send it again.
    refusals: frozenset[str] = frozenset()
    # Listed items lack fields the item's own read carries (an Essentials database's password): an item found in the
    # listing is read by id before it is compared.
    listing_is_partial: bool = False
    # No GET by id (ACL rules and roles): an item is read from the listing.
    read_from_listing: bool = False
    # The listing's entries carry no status (ACL users): a match is read by id before its status is looked at.
    listing_has_status: bool = True
    # The field of an item holding its status (a transit gateway's attachment: attachmentStatus).
    status_field: str = "status"
    # Error types of a create that say an item of the same identity exists already (a name taken, a VPC peered):
    # the engine finds it and adopts it.
    already_exists: frozenset[str] = frozenset()
    # The create is POSTed to the item's own path, whose id the parameters' identity gives (an attachment of a gateway).
    created_at_item: bool = False


def sentence(text: str) -> str:
    """``text`` starting a sentence: its first letter upper case, the rest as it is ("VPC peering", names)."""
    return text[:1].upper() + text[1:]


class AmbiguousNameError(RedisCloudError):
    """Several resources carry the requested name."""


class ResourceGoneError(RedisCloudError):
    """A resource that was readable answers 404: it was deleted meanwhile."""


class ResourceInErrorError(RedisCloudError):
    """Resources in a failed status; ``items`` are their last bodies."""

    def __init__(self, message: str, items: list[dict[str, Any]], **details: Any) -> None:
        super().__init__(message, **details)
        self.items = items


class Resources:
    """Reads and waits on the resources of one type (under one parent), for one run."""

    def __init__(self, rtype: ResourceType, run: Run, parent_id: int | None = None,
                 identity: Callable[[dict[str, Any]], Any] | None = None, settle_window: float = 0.0,
                 wait_ends: frozenset[str] | None = None, refused_read: Callable[[], None] | None = None) -> None:
        """``identity``: what identifies an item when no id is given (default: its name field).
        ``settle_window``: a settled status counts only when a read that many seconds later shows it again
        (for resources whose status flaps after a write).
        ``wait_ends``: the statuses, besides the settled, failed and leaving ones, that end a wait for this run
        (default: the resting ones). ``refused_read``: waits until a read refused in its task may be sent again
        (the parent settled); without it, a refused read fails."""
        if (rtype.parent_key is None) != (parent_id is None):
            raise ValueError(f"{rtype.kind}: parent id {'missing' if parent_id is None else 'not expected'}")
        self.type = rtype
        self.run = run
        self.parent_id = parent_id
        self.identity = identity or (lambda item: item.get(rtype.name_field))
        self.by_name = identity is None
        self.settle_window = settle_window
        self.wait_ends = rtype.resting if wait_ends is None else wait_ends
        self.refused_read = refused_read

    # paths and labels

    def _segments(self, item_id: int | None = None) -> dict[str, Any]:
        segments: dict[str, Any] = {}
        if self.type.parent_key is not None:
            segments[self.type.parent_key] = self.parent_id
        if item_id is not None:
            segments[self.type.id_key] = item_id
        return segments

    def item_path(self, item_id: int, suffix: str = "") -> str:
        return api_path(self.type.item_path + suffix, **self._segments(item_id))

    def list_path(self) -> str:
        return api_path(self.type.list_path, **self._segments())

    def label(self, item_id: int | None, item: dict[str, Any] | None = None) -> str:
        name = (item or {}).get(self.type.name_field)
        text = f"{self.type.kind} {item_id}" if item_id is not None else self.type.kind
        return f"{text} ({name!r})" if isinstance(name, str) and name else text

    def id_of(self, item: dict[str, Any]) -> int:
        return int(item[self.type.id_field])

    # statuses

    def status(self, item: dict[str, Any] | None) -> str:
        return GONE if item is None else str(item.get(self.type.status_field) or "unknown")

    def is_settled(self, item: dict[str, Any] | None) -> bool:
        return item is not None and item.get(self.type.status_field) in self.type.settled

    def is_failed(self, item: dict[str, Any] | None) -> bool:
        return item is not None and item.get(self.type.status_field) in self.type.failed

    def is_leaving(self, item: dict[str, Any] | None) -> bool:
        return item is not None and item.get(self.type.status_field) in self.type.leaving

    def is_resting(self, item: dict[str, Any] | None) -> bool:
        return item is not None and item.get(self.type.status_field) in self.type.resting

    def is_wait_end(self, item: dict[str, Any] | None) -> bool:
        """A status where this run's waits end without the item being settled (by default, the resting ones)."""
        return item is not None and item.get(self.type.status_field) in self.wait_ends

    # reads

    def check_item(self, item: Any, request: str, where: str = "the answer") -> dict[str, Any]:
        """An item of this type: an object with a valid id, and a string name and status when present."""
        body = require_dict(item, request, where)
        resource_id(body.get(self.type.id_field), request, f"{where}.{self.type.id_field}")
        optional_str(body.get(self.type.name_field), request, f"{where}.{self.type.name_field}")
        optional_str(body.get(self.type.status_field), request, f"{where}.{self.type.status_field}")
        return body

    def get(self, item_id: int) -> dict[str, Any] | None:
        """The resource, or None while the API answers 404 (or, read from the listing, while it is not listed)."""
        if self.type.read_from_listing:
            return next((item for item in self.list() if self.id_of(item) == item_id), None)
        path = self.item_path(item_id)
        body = self.run.client.get_or_none(path)
        if body is None:
            return None
        item = self.check_item(body, f"GET {path}")
        if self.id_of(item) != item_id:
            raise malformed(f"GET {path}", f"the answer is another {self.type.kind}")
        return item

    def list(self) -> list[dict[str, Any]]:
        """Every resource of the type (under the parent), strictly parsed; pages are followed.

        What a listing may hold is bounded whatever the server sends: a page with more items than
        asked for is refused, and so is a listing whose answers add up to more than MAX_LISTING_BYTES.
        """
        path = self.list_path()
        if not self.type.paged:
            return self._page(path, None)
        items: list[dict[str, Any]] = []
        read = 0
        for page in range(MAX_PAGES):
            batch = self._page(path, {"offset": page * PAGE_SIZE, "limit": PAGE_SIZE})
            read += self.run.client.last_answer_bytes
            if len(batch) > PAGE_SIZE:
                raise malformed(f"GET {path}", f"a page lists {len(batch)} items although {PAGE_SIZE} were asked for")
            if read > MAX_LISTING_BYTES:
                raise malformed(f"GET {path}", f"the listing's pages add up to more than {MAX_LISTING_BYTES // (1024 * 1024)} MiB, "
                                               "far more than the API's answers for any account; it was not read further")
            items.extend(batch)
            if len(batch) < PAGE_SIZE:
                return items
        raise malformed(f"GET {path}", f"more than {MAX_PAGES * PAGE_SIZE} items listed")

    def _page(self, path: str, params: dict[str, Any] | None) -> list[dict[str, Any]]:
        request = f"GET {path}"
        if self.type.listed_through_task:
            body = self._read_through_task(path, params)
        elif self.type.empty_listing_answers_404:
            # The API answers 404 ("Subscription N: no databases found") rather than an empty list.
            body = self.run.client.get_or_none(path, params=params)
            if body is None:
                return []
        else:
            body = self.run.client.get(path, params=params) if params else self.run.client.get(path)
        return [self.check_item(item, request, f"item {index}") for index, item in enumerate(self.type.items_of(body, request))]

    def _read_through_task(self, path: str, params: dict[str, Any] | None) -> Any:
        """A read that answers a task: wait for it; the answer is its response.resource (a failed task fails).

        The API refuses such reads in their task while the parent is busy (SUBSCRIPTION_NOT_ACTIVE): with
        ``refused_read``, the read is sent again once it has waited (for the parent), at most MAX_REFUSED_READS times.
        """
        request = f"GET {path}"
        refused = 0
        while True:
            answer = self.run.client.get(path, params=params) if params else self.run.client.get(path)
            if not isinstance(answer, dict) or "taskId" not in answer:
                raise malformed(request, "the answer is not a task (this read answers one)")
            task = parse_task(answer, request)
            if not task.finished:
                task = self.run.tasks.wait(task.task_id, fail_on_error=False, command_type=task.command_type)
            if task.failed and self.refused_read is not None and refused < MAX_REFUSED_READS and (
                    task.refused or task.error_type in self.type.refusals):
                refused += 1
                self.run.timeline.record(request, f"refused: {task.error_type}")
                self.refused_read()
                continue
            if task.failed:
                raise task_failed(task)
            return task.resource

    def find(self, item_id: int | None = None, wanted: Any = None, listing: list[dict[str, Any]] | None = None) -> dict[str, Any] | None:
        """The resource meant by the user: by id when given, else by its identity (ignoring ones being deleted).

        Two or more with that identity raise AmbiguousNameError, listing their ids.
        """
        if item_id is not None:
            return self.get(item_id)
        matches = [item for item in self._with_status(self.list() if listing is None else listing, wanted) if not self.is_leaving(item)]
        if len(matches) > 1:
            ids = ", ".join(str(self.id_of(item)) for item in matches)
            raise AmbiguousNameError(
                f"{len(matches)} {self.type.kind}s {self.described(wanted)} (ids: {ids}); set {self.type.id_key} to choose one.",
                description=f"ids: {ids}",
            )
        if matches and self.type.listing_is_partial:
            # Listed but not readable (yet, or any more): the listed item still proves it exists.
            return self.get(self.id_of(matches[0])) or matches[0]
        return matches[0] if matches else None

    def find_leaving(self, wanted: Any) -> dict[str, Any] | None:
        """A resource of that identity already being deleted (state=absent waits for it)."""
        return next((item for item in self._with_status(self.list(), wanted) if self.is_leaving(item)), None)

    def _with_status(self, listing: list[dict[str, Any]], wanted: Any) -> list[dict[str, Any]]:
        """The listed items of the wanted identity, each read by id when the listing does not say its status."""
        matches = [item for item in listing if self.is_(item, wanted)]
        if self.type.listing_has_status:
            return matches
        read = [self.get(self.id_of(item)) for item in matches]
        return [item for item in read if item is not None]

    def is_(self, item: dict[str, Any], wanted: Any) -> bool:
        """Whether the item has the wanted identity."""
        return self.identity(item) == wanted

    def described(self, wanted: Any) -> str:
        """The identity in a message: "are named 'orders'", "match ('123456789012', 'vpc-1', 'us-east-1')"."""
        return f"are named {wanted!r}" if self.by_name else f"match {wanted!r}"

    # waits

    def resume_hint(self, item_id: int) -> str:
        return f"{sentence(self.label(item_id))} keeps changing on the Redis Cloud side; re-run the same task to resume waiting."

    def wait_settled(self, item_id: int, task_id: str | None = None, seen: bool = False,
                     visibility_grace: float = VISIBILITY_GRACE_SECONDS) -> dict[str, Any]:
        """Poll until the resource is settled (or resting: it then waits for the user).

        A 404 means "not visible yet" just after a create (``seen`` false), for at most
        ``visibility_grace``; once the resource was readable, a 404 means it was deleted
        and fails at once. A failed status fails, naming the task that led there.
        """
        state = {"seen": seen, "last": None}
        started = self.run.clock()

        def fetch() -> dict[str, Any] | None:
            item = self.get(item_id)
            if item is None:
                self._check_unreadable(item_id, state, started, visibility_grace, task_id)
            else:
                state["seen"], state["last"] = True, self.status(item)
            return item

        while True:
            item = self._wait(item_id, task_id, fetch, lambda found: found is not None and (
                self.is_settled(found) or self.is_failed(found) or self.is_wait_end(found) or self.is_leaving(found)),
                "/".join(sorted(self.type.settled)))
            if not (self.settle_window and self.is_settled(item)) or self._still_settled(item_id, item):
                break
        if self.is_failed(item):
            after = f" after task {task_id}" if task_id else ""
            raise RedisCloudError(
                f"{sentence(self.label(item_id, item))} went into status {self.status(item)}{after}; "
                "the Redis Cloud console shows the cause.",
                task_id=task_id,
                last_status=self.status(item),
                description=f"{self.type.kind} status is {self.status(item)}",
            )
        if self.is_leaving(item):
            raise ResourceGoneError(
                f"{sentence(self.label(item_id, item))} is being deleted (status {self.status(item)}), "
                "by another run or user, while this run waited for it to settle.",
                task_id=task_id,
                last_status=self.status(item),
            )
        return item

    def _still_settled(self, item_id: int, item: dict[str, Any]) -> bool:
        """Whether a settled status holds a settle window later (some statuses flap after a write)."""
        label = self.label(item_id, item)
        self.run.timeline.record(label, f"{self.status(item)} (confirming)")
        self.run.sleep(min(self.settle_window, self.run.deadline.remaining()))
        again = self.get(item_id)
        if again is not None and self.is_settled(again):
            return True
        self.run.timeline.record(label, self.status(again))
        return False

    def _check_unreadable(self, item_id: int, state: dict[str, Any], started: float, grace: float, task_id: str | None) -> None:
        if state["seen"]:
            raise ResourceGoneError(
                f"{sentence(self.label(item_id))} was deleted while this run waited for it "
                f"(it answered 404 after status {state['last'] or 'unknown'}).",
                task_id=task_id,
                last_status=GONE,
                status=404,
                method="GET",
                path=self.item_path(item_id),
            )
        waited = self.run.clock() - started
        if waited >= grace:
            raise RedisCloudError(
                f"{sentence(self.label(item_id))} is still not readable {waited:g} s after its task completed "
                f"(GET {self.item_path(item_id)} answers 404). Check the id, and that the API key belongs to the account.",
                task_id=task_id,
                last_status=NOT_VISIBLE,
                status=404,
                method="GET",
                path=self.item_path(item_id),
            )

    def wait_gone(self, item_id: int, task_id: str | None = None) -> None:
        self._wait(item_id, task_id, lambda: self.get(item_id), lambda item: item is None, "gone")

    def _wait(self, item_id: int, task_id: str | None, fetch: Callable[[], Any], done: Callable[[Any], bool], goal: str) -> Any:
        what = self.label(item_id)
        hint = self.resume_hint(item_id)
        try:
            return self.run.wait_until(fetch, done, lambda item: NOT_VISIBLE if item is None and goal != "gone" else self.status(item),
                                       what, hint)
        except WaitTimeoutError as exc:
            task_text = f" (task {task_id})" if task_id else ""
            raise WaitTimeoutError(
                f"Timed out after {self.run.deadline.seconds:g} s waiting for {what}{task_text} to be {goal} "
                f"(last status: {exc.last_status}). {hint}",
                task_id=task_id,
                last_status=exc.last_status,
                resume_hint=hint,
            ) from None

    def join(self, item_ids: Sequence[int], goal: str = SETTLED, fail_on_error: bool = True,
             listing: list[dict[str, Any]] | None = None, resume_hint: Callable[[list[int]], str] | None = None,
             visibility_grace: float = VISIBILITY_GRACE_SECONDS) -> dict[int, dict[str, Any] | None]:
        """Wait until every id is settled (or absent), with one listing per round however many there are.

        Waiting to settle, an id not listed is "not visible yet" for ``visibility_grace``, then
        fails; one that was listed and disappears was deleted and fails at once. A failed
        status fails the join, naming each, unless ``fail_on_error`` is false. ``listing``, if
        given, was just read by the caller and serves as the first round.
        """
        if goal not in (SETTLED, ABSENT):
            raise ValueError(f"goal must be {SETTLED!r} or {ABSENT!r}, not {goal!r}")
        return _Join(self, list(dict.fromkeys(item_ids)), goal, fail_on_error, resume_hint, visibility_grace).run(listing)


@dataclass
class _Join:
    resources: Resources
    pending: list[int]
    goal: str
    fail_on_error: bool
    hint: Callable[[list[int]], str] | None
    visibility_grace: float
    settled: dict[int, dict[str, Any] | None] = field(default_factory=dict)
    last_status: dict[int, str] = field(default_factory=dict)

    def run(self, listing: list[dict[str, Any]] | None) -> dict[int, dict[str, Any] | None]:
        wanted = list(self.pending)
        resources, run = self.resources, self.resources.run
        started = run.clock()
        delays = None
        while True:
            current = {resources.id_of(item): item for item in (resources.list() if listing is None else listing)}
            listing = None
            if not resources.type.listing_has_status:
                # The listing says which exist, not their status: read the awaited ones that are listed by id.
                read = {item_id: resources.get(item_id) for item_id in self.pending if item_id in current}
                current = {item_id: item for item_id, item in read.items() if item is not None}
            errored = self._round(current, started)
            if errored and self.fail_on_error:
                raise in_error(resources, errored)
            self.pending = [item_id for item_id in self.pending if item_id not in self.settled]
            if not self.pending:
                return {item_id: self.settled[item_id] for item_id in wanted}
            if run.deadline.expired():
                raise self._timeout()
            if delays is None:
                delays = PollSchedule(run.poll_interval, run.rng).delays()
            run.sleep(min(next(delays), run.deadline.remaining()))

    def _round(self, current: dict[int, dict[str, Any]], started: float) -> list[dict[str, Any]]:
        resources = self.resources
        errored: list[dict[str, Any]] = []
        for item_id in self.pending:
            item = current.get(item_id)
            status = resources.status(item) if item is not None or self.goal == ABSENT else NOT_VISIBLE
            resources.run.timeline.record(resources.label(item_id), status)
            if item is None:
                if self.goal == ABSENT:
                    self.settled[item_id] = None
                else:
                    self._check_missing(item_id, started)
            elif resources.is_failed(item):
                errored.append(item)
                self.settled[item_id] = item
            elif self.goal == SETTLED and (resources.is_settled(item) or resources.is_resting(item)):
                self.settled[item_id] = item
            self.last_status[item_id] = status
        return errored

    def _check_missing(self, item_id: int, started: float) -> None:
        resources = self.resources
        previous = self.last_status.get(item_id)
        path = resources.list_path()
        if previous is not None and previous != NOT_VISIBLE:
            raise ResourceGoneError(
                f"{sentence(resources.label(item_id))} disappeared while waiting for it to settle "
                f"(last status: {previous}); it was deleted.",
                last_status=previous,
                method="GET",
                path=path,
            )
        waited = resources.run.clock() - started
        if waited >= self.visibility_grace:
            raise RedisCloudError(
                f"{sentence(resources.label(item_id))} was not found: GET {path} has not listed it for {waited:g} s. "
                "Check the id and that the API key belongs to the account that owns it.",
                last_status=NOT_VISIBLE,
                method="GET",
                path=path,
            )

    def _timeout(self) -> WaitTimeoutError:
        resources = self.resources
        goal = "/".join(sorted(resources.type.settled)) if self.goal == SETTLED else "absent"
        unsettled = ", ".join(f"{item_id} ({self.last_status[item_id]})" for item_id in self.pending)
        hint = self.hint(self.pending) if self.hint else "The resources keep changing on the Redis Cloud side; re-run to resume waiting."
        return WaitTimeoutError(
            f"Timed out after {resources.run.deadline.seconds:g} s waiting for {resources.type.kind}s to be {goal}; "
            f"not {goal} yet: {unsettled}. {hint}",
            last_status=self.last_status[self.pending[0]] if len(self.pending) == 1 else unsettled,
            resume_hint=hint,
        )


def in_error(resources: Resources, items: Iterable[dict[str, Any]]) -> ResourceInErrorError:
    """The failure for resources in a failed status, naming each one."""
    items = list(items)
    named = ", ".join(resources.label(resources.id_of(item), item) for item in items)
    verb = "is" if len(items) == 1 else "are"
    status = resources.status(items[0]) if items else "error"
    return ResourceInErrorError(
        f"{named[:1].upper()}{named[1:]} {verb} in status {status}; the Redis Cloud console shows the cause. "
        "Set fail_on_error=false to read it without failing.",
        items=items,
        last_status=status,
        description=f"{resources.type.kind} status is {status}",
    )


def listed_items(body: Any, request: str, key: str) -> list[Any]:
    """``body[key]``, which must be a list: an answer without its list is an error, never an empty account."""
    answer = require_dict(body, request)
    if key not in answer:
        raise malformed(request, f"the answer has no {key!r} list")
    items = answer[key]
    if not isinstance(items, list):
        raise malformed(request, f"{key!r} is {kind(items)}, expected a list")
    return items
