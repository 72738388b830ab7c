# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Creating a resource at most once per identity (its name, or what else identifies it): proving absence, in-flight creates, the controller lock, twins.

The API has no idempotency key, and what it shows lags: a create task may be listed
by GET /tasks only while it runs (the spec) or for ten days (Redis's docs), and the
resource it made may be unreadable or unlisted for a moment after the task ends.
Before concluding "absent", the creator therefore:

1. waits for the running create tasks of the account and remembers what they made;
2. lists the resources, and reads by id what recent finished creates made that the
   list does not show yet;
3. does it all again after ``ABSENCE_CONFIRM_SECONDS``, so that a create that ended
   just before the first look is listed by the second.

Creates of one identity from one controller are serialised with a file lock, and after a
create the list is searched for a twin of the same identity made at the same moment elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.lock_files import lock_dir, open_lock_file, still_linked
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import VISIBILITY_GRACE_SECONDS, Resources
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import Task, list_tasks, running

try:
    import fcntl
except ImportError:  # not POSIX: creates are then not serialised on the controller
    fcntl = None  # type: ignore[assignment]

# The second look at the account, after the first found nothing. Evidence for the real
# listing lag is missing; this is the safer reading (a subscription takes minutes to
# provision, so a few seconds cost little).
ABSENCE_CONFIRM_SECONDS = 5.0
# Finished creates older than this are not read by id: GET /tasks may list ten days of them.
RECENT_CREATE_SECONDS = 900.0
LOCK_POLL_SECONDS = 0.5
# How often to look again for a new resource that is not readable yet.
LOOK_AGAIN_SECONDS = 1.25


class DuplicateCreateError(RedisCloudError):
    """Two resources of one identity were created at the same moment (the API cannot prevent it)."""


class Creator:
    """Looks for what a create would duplicate, for one resource type (under one parent), in one run."""

    def __init__(self, resources: Resources, now: Callable[[], datetime] | None = None) -> None:
        self.resources = resources
        self.run = resources.run
        self._now = now or (lambda: datetime.now(timezone.utc))
        # Ids made by create tasks seen finished in this run, not yet listed.
        self.made: dict[int, Task] = {}
        self._seen_at: dict[int, float] = {}
        self._ruled_out: set[int] = set()
        # When this run first looked and found no resource of the identity (the first of the two looks).
        self._empty_since: float | None = None

    @property
    def command(self) -> str:
        return self.resources.type.commands.create

    def look(self, wanted: Any) -> tuple[dict[str, Any] | None, list[dict[str, Any]], bool, list[int]]:
        """One look at the account: a resource of the wanted identity (or None), the listing, whether GET /tasks
        lists finished tasks, and the ids recent creates made that are neither listed nor readable yet."""
        lists_finished = self.settle_in_flight()
        listing = self.resources.list()
        existing = self.resources.find(wanted=wanted, listing=listing)
        if existing is not None:
            return existing, listing, lists_finished, []
        existing, unreadable = self._made_unlisted(wanted, listing)
        return existing, listing, lists_finished, unreadable

    def find_existing(self, wanted: Any) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """A resource of the wanted identity, or None once absence is proven; and the last listing read.

        Absence is proven by two empty looks at least ABSENCE_CONFIRM_SECONDS apart. An empty look
        of an earlier call (before a wait for a free slot, say) counts as the first.
        """
        while True:
            existing, listing, lists_finished, unreadable = self.look(wanted)
            if existing is not None:
                return existing, listing
            if self._fresh(unreadable):
                # A create this run saw finish made it, and it is not readable yet: it may be the wanted one.
                self.run.timeline.record(f"{self.resources.type.kind} {wanted!r}", "a new one is not readable yet")
                if self.run.deadline.expired():
                    raise WaitTimeoutError(
                        f"Timed out waiting for a new {self.resources.type.kind} to be readable before deciding whether "
                        f"{wanted!r} exists; nothing was submitted. Re-run to resume.",
                        last_status="not visible yet",
                    )
                self.run.sleep(min(LOOK_AGAIN_SECONDS, self.run.deadline.remaining()))
                continue
            if lists_finished and not unreadable:
                # GET /tasks lists finished tasks too (Redis's docs: ten days of them): a create that ended
                # just before this look was among them, and what it made was read by id above.
                return None, listing
            now = self.run.clock()
            if self._empty_since is None:
                self._empty_since = now
            pause = ABSENCE_CONFIRM_SECONDS - (now - self._empty_since)
            if pause <= 0:
                return None, listing
            self.run.timeline.record(f"{self.resources.type.kind} {wanted!r}", "absent? looking again")
            # A pause of the module's own, not a wait for the API's work: wait_timeout does not count it.
            self.run.deadline.extend(pause)
            self.run.sleep(pause)

    def settle_in_flight(self) -> bool:
        """Wait for the account's running create tasks; remember what each made (it may not be listed yet).

        Returns whether GET /tasks listed finished tasks (then recent creates are in it)."""
        tasks = list_tasks(self.run.client)
        in_flight = running(tasks, [self.command])
        if in_flight:
            self.remember(self.run.tasks.wait_many([task.task_id for task in in_flight], fail_on_error=False,
                                                   command_type=self.command), seen_finishing=True)
        self.remember([task for task in tasks if task.command_type == self.command and self._recent(task)], seen_finishing=False)
        return any(task.finished for task in tasks)

    def remember(self, tasks: list[Task], seen_finishing: bool = True) -> None:
        """Note what these create tasks made. ``seen_finishing``: this run waited for them to finish, so
        what they made is new for sure, and is waited for while it is not readable yet."""
        for task in tasks:
            if task.command_type == self.command and task.completed and task.resource_id is not None and self._same_parent(task):
                self.made.setdefault(task.resource_id, task)
                if seen_finishing:
                    self._seen_at.setdefault(task.resource_id, self.run.clock())

    def _fresh(self, item_ids: list[int]) -> list[int]:
        """Of these ids, those a create this run saw finish made less than VISIBILITY_GRACE_SECONDS ago."""
        now = self.run.clock()
        return [item_id for item_id in item_ids if item_id in self._seen_at and now - self._seen_at[item_id] < VISIBILITY_GRACE_SECONDS]

    def unlisted(self, listing: list[dict[str, Any]]) -> list[int]:
        """Ids made by recent creates that the listing does not show (yet)."""
        listed = {self.resources.id_of(item) for item in listing}
        return [item_id for item_id in self.made if item_id not in listed]

    def _made_unlisted(self, wanted: Any, listing: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, list[int]]:
        """What a recent create made with that identity, read by id when the listing lags behind;
        and the ids that are not readable yet."""
        unreadable = []
        for item_id in self.unlisted(listing):
            if item_id in self._ruled_out:
                continue
            item = self.resources.get(item_id)
            if item is None:
                unreadable.append(item_id)
                continue
            if self.resources.is_(item, wanted) and not self.resources.is_leaving(item):
                return item, []
            self._ruled_out.add(item_id)
        return None, unreadable

    def unlisted_settling(self, listing: list[dict[str, Any]]) -> int:
        """How many resources made by recent creates are not listed yet and not settled: they are
        pending, although the listing does not show them (admission control counts them)."""
        count = 0
        for item_id in self.unlisted(listing):
            item = self.resources.get(item_id)
            if item is None:
                task = self.made[item_id]
                count += int(bool(self._fresh([item_id])) or task.timestamp is None or self._age(task) <= VISIBILITY_GRACE_SECONDS)
            elif not (self.resources.is_settled(item) or self.resources.is_failed(item)):
                count += 1
        return count

    def _described(self, wanted: Any) -> str:
        return f"named {wanted!r}" if self.resources.by_name else f"matching {wanted!r}"

    def task_for(self, item_id: int) -> Task | None:
        return self.made.get(item_id)

    def _recent(self, task: Task) -> bool:
        return task.timestamp is not None and self._age(task) <= RECENT_CREATE_SECONDS

    def _age(self, task: Task) -> float:
        """Seconds since the task's timestamp (0 when it has none)."""
        if task.timestamp is None:
            return 0.0
        stamp = task.timestamp if task.timestamp.tzinfo else task.timestamp.replace(tzinfo=timezone.utc)
        return (self._now() - stamp).total_seconds()

    def _same_parent(self, task: Task) -> bool:
        parent = self.resources.parent_id
        return parent is None or task.additional_resource_id in (None, parent)

    def twin_check(self, item_id: int, wanted: Any) -> None:
        """Fail loudly when another resource of the same identity exists beside the one this run made."""
        twins = [item for item in self.resources.list()
                 if self.resources.is_(item, wanted) and self.resources.id_of(item) != item_id
                 and not self.resources.is_leaving(item)]
        if twins:
            ids = ", ".join(str(self.resources.id_of(item)) for item in twins)
            kind = self.resources.type.kind
            raise DuplicateCreateError(
                f"Another {kind} {self._described(wanted)} (id {ids}) exists beside the one this run created (id {item_id}): "
                f"two runs created it at the same moment, which the API cannot prevent. Delete one of them by id; "
                f"do not let jobs that create the same {kind}s run concurrently.",
                description=f"ids: {item_id}, {ids}",
            )


@contextmanager
def create_lock(api_url: str, api_key: str, scope: str, deadline: Any, sleep: Callable[[float], None] = time.sleep) -> Iterator[None]:
    """Serialise creates of one name against one account on this controller (a file lock).

    The lock file's name is a hash of the API URL, the account key and the scope, so it
    reveals none of them. It lives in this user's own lock folder (lock_files.py) and is
    removed when released.
    """
    if fcntl is None:
        yield
        return
    digest = hashlib.sha256("\0".join((api_url, api_key, scope)).encode()).hexdigest()[:32]
    path = os.path.join(lock_dir(), f"{digest}.lock")
    while True:
        descriptor = open_lock_file(path)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            if deadline.expired():
                raise WaitTimeoutError(
                    "Timed out waiting for another run on this controller that creates the same resource; "
                    "re-run when it has finished.",
                    last_status="locked",
                ) from None
            sleep(min(LOCK_POLL_SECONDS, deadline.remaining()))
            continue
        if still_linked(path, descriptor):
            break
        # The run that held it removed it on release: lock the file now at that path instead.
        os.close(descriptor)
    try:
        yield
    finally:
        if still_linked(path, descriptor):
            os.unlink(path)  # while still held: a run waiting on this file sees it unlinked and opens the path again
        os.close(descriptor)  # releases the lock
