"""creates.py: proving absence before a create, in-flight and recent creates, admission counting, twins, the controller lock.

Ported from test_subscription_create.py (find_or_admit's look-ups) and extended for the
shared Creator (issue 9: "sure under both readings of GET /tasks"; issue 10 finding 12).
"""

from __future__ import annotations

import os
import tempfile
import threading
from datetime import datetime, timezone

import pytest
from scripted_api import (
    DATABASE_CREATE,
    NOT_FOUND,
    SUBSCRIPTION_CREATE,
    SUBSCRIPTION_UPDATE,
    ScriptedClient,
    db,
    dbs,
    make_run,
    stamp,
    sub,
    subs,
    task,
    tasks,
    tid,
)

from ansible_collections.rediscloud.api.plugins.module_utils.engine import creates, lock_files
from ansible_collections.rediscloud.api.plugins.module_utils.engine.lock_files import LockFileError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.creates import (
    ABSENCE_CONFIRM_SECONDS,
    LOCK_POLL_SECONDS,
    RECENT_CREATE_SECONDS,
    Creator,
    DuplicateCreateError,
    create_lock,
)
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import AmbiguousNameError, Resources
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import DATABASE, SUBSCRIPTION
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import Deadline

NOW = datetime(2026, 11, 29, 12, 0, 0, tzinfo=timezone.utc)
T1, T2, T7 = tid(1), tid(2), tid(7)
TASKS, LIST = ("GET", "/tasks"), ("GET", "/subscriptions")


def creator_for(client: ScriptedClient, fake_clock, wait_timeout: float = 600) -> Creator:
    return Creator(Resources(SUBSCRIPTION, make_run(client, fake_clock, wait_timeout=wait_timeout)), now=lambda: NOW)


def finished_create(task_id: str, resource_id: int, seconds_ago: float) -> dict:
    return task(task_id, "processing-completed", SUBSCRIPTION_CREATE, timestamp=stamp(seconds_ago, NOW), resourceId=resource_id)


def reads_by_id(client: ScriptedClient) -> list[str]:
    return [path for method, path in client.calls if method == "GET" and path.startswith("/subscriptions/")]


class TestProvingAbsence:
    """GET /tasks lists only running tasks (the spec's reading): absence takes two looks, 5 s apart."""

    @pytest.mark.parametrize("listed", [tasks(), [], {}])
    def test_two_looks_five_seconds_apart(self, fake_clock, listed):
        client = ScriptedClient({TASKS: [listed], LIST: [subs()]})
        creator = creator_for(client, fake_clock)

        assert creator.find_existing("orders") == (None, [])

        assert client.calls == [TASKS, LIST, TASKS, LIST]
        assert fake_clock.sleeps == [ABSENCE_CONFIRM_SECONDS] == [5.0]
        # The pause is the module's own: wait_timeout does not count it (and messages still name the user's budget).
        assert creator.run.deadline.seconds == 600 and creator.run.deadline.remaining() == 600
        assert ("subscription 'orders'", "absent? looking again") in [(e["what"], e["status"]) for e in creator.run.timeline.as_list()]

    def test_the_second_look_finds_one_listed_late(self, fake_clock):
        client = ScriptedClient({TASKS: [tasks()], LIST: [subs(), subs(sub(9, "orders", "pending"))]})

        existing, listing = creator_for(client, fake_clock).find_existing("orders")

        assert existing == sub(9, "orders", "pending") and listing == [sub(9, "orders", "pending")]

    def test_found_at_the_first_look_needs_no_second(self, fake_clock):
        client = ScriptedClient({TASKS: [tasks()], LIST: [subs(sub(1, "other"), sub(9, "orders"))]})

        assert creator_for(client, fake_clock).find_existing("orders")[0] == sub(9, "orders")
        assert client.calls == [TASKS, LIST] and fake_clock.sleeps == []

    def test_no_second_look_when_get_tasks_lists_finished_tasks(self, fake_clock):
        # Redis's docs' reading: GET /tasks lists ten days of tasks, so a create that just ended is in it.
        old_update = task(T1, "processing-completed", SUBSCRIPTION_UPDATE, timestamp=stamp(3600, NOW), resourceId=3)
        client = ScriptedClient({TASKS: [tasks(old_update)], LIST: [subs(sub(3, "other"))]})

        assert creator_for(client, fake_clock).find_existing("orders") == (None, [sub(3, "other")])
        assert client.calls == [TASKS, LIST] and fake_clock.sleeps == []

    def test_one_being_deleted_is_not_found(self, fake_clock):
        client = ScriptedClient({TASKS: [tasks()], LIST: [subs(sub(2, "orders", "deleting"))]})
        assert creator_for(client, fake_clock).find_existing("orders")[0] is None

    def test_two_of_that_name_fail(self, fake_clock):
        client = ScriptedClient({TASKS: [tasks()], LIST: [subs(sub(7, "orders"), sub(9, "orders", "pending"))]})
        with pytest.raises(AmbiguousNameError, match="ids: 7, 9"):
            creator_for(client, fake_clock).find_existing("orders")


class TestInFlightCreates:
    def test_waits_for_an_in_flight_create_and_finds_its_subscription(self, fake_clock):
        # Ported from test_subscription_create.py (find_or_admit): the subscription is readable a moment after its task.
        # Changed on purpose: GET /tasks lists only running tasks here, so absence takes a second look 5 s later,
        # and that look reads the subscription the create made.
        client = ScriptedClient({
            TASKS: [tasks(task(T1, "processing-in-progress")), tasks()],
            ("GET", f"/tasks/{T1}"): [task(T1, "processing-completed", resourceId=9)],
            LIST: [subs()],
            ("GET", "/subscriptions/9"): [NOT_FOUND, sub(9, "orders", "pending")],
        })
        creator = creator_for(client, fake_clock)

        assert creator.find_existing("orders")[0] == sub(9, "orders", "pending")
        assert ("GET", f"/tasks/{T1}") in client.calls
        assert not client.writes
        assert creator.task_for(9) is not None and creator.task_for(9).task_id == T1

    def test_a_create_of_another_name_is_read_once_and_ruled_out(self, fake_clock):
        client = ScriptedClient({
            TASKS: [tasks(task(T1, "received")), tasks()],
            ("GET", f"/tasks/{T1}"): [task(T1, "processing-completed", resourceId=9)],
            LIST: [subs()],
            ("GET", "/subscriptions/9"): [sub(9, "other", "pending")],
        })

        assert creator_for(client, fake_clock).find_existing("orders")[0] is None
        assert reads_by_id(client) == ["/subscriptions/9"]

    def test_a_failed_create_made_nothing(self, fake_clock):
        client = ScriptedClient({
            TASKS: [tasks(task(T1, "received")), tasks()],
            ("GET", f"/tasks/{T1}"): [task(T1, "processing-error", error={"type": "TOO_MANY_PENDING_SUBSCRIPTIONS"})],
            LIST: [subs()],
        })
        creator = creator_for(client, fake_clock)

        assert creator.find_existing("orders")[0] is None
        assert creator.made == {} and reads_by_id(client) == []

    def test_only_creates_of_the_same_parent_count_for_databases(self, fake_clock):
        client = ScriptedClient({
            TASKS: [tasks(task(T1, "received", DATABASE_CREATE), task(T2, "received", DATABASE_CREATE)), tasks()],
            ("GET", f"/tasks/{T1}"): [task(T1, "processing-completed", DATABASE_CREATE, resourceId=51, additionalResourceId=12)],
            ("GET", f"/tasks/{T2}"): [task(T2, "processing-completed", DATABASE_CREATE, resourceId=61, additionalResourceId=13)],
            ("GET", "/subscriptions/12/databases"): [NOT_FOUND],
            ("GET", "/subscriptions/12/databases/51"): [db(51, "cache", "pending")],
        })
        creator = Creator(Resources(DATABASE, make_run(client, fake_clock), 12), now=lambda: NOW)

        assert creator.find_existing("cache")[0] == db(51, "cache", "pending")
        assert set(creator.made) == {51}


class TestRecentFinishedCreates:
    def test_a_recent_finished_create_is_read_by_id_when_not_listed_yet(self, fake_clock):
        client = ScriptedClient({TASKS: [tasks(finished_create(T1, 9, 30))], LIST: [subs()],
                                 ("GET", "/subscriptions/9"): [sub(9, "orders", "pending")]})

        assert creator_for(client, fake_clock).find_existing("orders")[0] == sub(9, "orders", "pending")
        assert client.calls == [TASKS, LIST, ("GET", "/subscriptions/9")]

    def test_a_listed_one_is_not_read_by_id(self, fake_clock):
        client = ScriptedClient({TASKS: [tasks(finished_create(T1, 3, 30))], LIST: [subs(sub(3, "other"))]})

        assert creator_for(client, fake_clock).find_existing("orders")[0] is None
        assert reads_by_id(client) == []

    def test_hundreds_of_old_finished_creates_are_never_read(self, fake_clock):
        # Issue 9: GET /tasks may list ten days of tasks, e.g. creates of long deleted subscriptions.
        old = [finished_create(tid(100 + index), 1000 + index, RECENT_CREATE_SECONDS + 1 + index * 2500) for index in range(300)]
        client = ScriptedClient({TASKS: [tasks(*old)], LIST: [subs()]})

        assert creator_for(client, fake_clock).find_existing("orders") == (None, [])
        assert client.calls == [TASKS, LIST]  # two requests: no read by id, no second look

    def test_the_recent_window_is_recent_create_seconds(self, fake_clock):
        client = ScriptedClient({
            TASKS: [tasks(finished_create(T1, 8, RECENT_CREATE_SECONDS + 5), finished_create(T2, 9, RECENT_CREATE_SECONDS - 5))],
            LIST: [subs()],
            ("GET", "/subscriptions/9"): [sub(9, "other")],
        })

        creator_for(client, fake_clock).find_existing("orders")

        assert reads_by_id(client) == ["/subscriptions/9"]

    def test_a_recent_create_not_readable_yet_is_looked_at_again(self, fake_clock):
        # A new subscription can answer 404 for a moment after its create task completed (our notes; issue 9).
        # Here GET /tasks lists finished tasks, so the creator skips its second look: what the create made must
        # still be found, or state=present sends a second create (a duplicate subscription).
        client = ScriptedClient({
            TASKS: [tasks(finished_create(T1, 9, 1))],
            LIST: [subs()],
            ("GET", "/subscriptions/9"): [NOT_FOUND, sub(9, "orders", "pending")],
        })

        assert creator_for(client, fake_clock).find_existing("orders")[0] == sub(9, "orders", "pending")

    def test_an_in_flight_create_whose_subscription_stays_unreadable_past_the_second_look_is_not_taken_for_absence(self, fake_clock):
        # The create task said it made subscription 9; it becomes readable 7 s later (within VISIBILITY_GRACE_SECONDS;
        # the former creator waited up to 10 s for it). Concluding "absent" at the 5 s look sends a duplicate create.
        started = fake_clock()
        client = ScriptedClient({
            TASKS: [tasks(task(T1, "processing-in-progress")), tasks()],
            ("GET", f"/tasks/{T1}"): [task(T1, "processing-completed", resourceId=9)],
            LIST: [subs()],
            ("GET", "/subscriptions/9"): [lambda api: NOT_FOUND if fake_clock() - started < 7 else sub(9, "orders", "pending")],
        })

        assert creator_for(client, fake_clock).find_existing("orders")[0] == sub(9, "orders", "pending")


class TestUnlistedSettling:
    def test_counts_what_recent_creates_made_that_is_unlisted_and_not_settled(self, fake_clock):
        client = ScriptedClient({
            TASKS: [tasks(
                finished_create(tid(21), 21, 30),  # not readable yet, recent: pending
                finished_create(tid(22), 22, 120),  # not readable, older than the visibility grace: gone, not pending
                finished_create(tid(23), 23, 30),  # readable, pending
                finished_create(tid(24), 24, 30),  # active: settled
                finished_create(tid(25), 25, 30),  # error: holds no slot
                finished_create(tid(26), 26, 30),  # listed: the listing counts it already
                task(T7, "processing-in-progress"),  # in flight: completes without a timestamp, not readable yet
            )],
            ("GET", f"/tasks/{T7}"): [task(T7, "processing-completed", resourceId=27)],
            ("GET", "/subscriptions/21"): [NOT_FOUND],
            ("GET", "/subscriptions/22"): [NOT_FOUND],
            ("GET", "/subscriptions/23"): [sub(23, "c", "pending")],
            ("GET", "/subscriptions/24"): [sub(24, "d")],
            ("GET", "/subscriptions/25"): [sub(25, "e", "error")],
            ("GET", "/subscriptions/27"): [NOT_FOUND],
        })
        creator = creator_for(client, fake_clock)
        creator.settle_in_flight()

        assert sorted(creator.made) == [21, 22, 23, 24, 25, 26, 27]
        assert sorted(creator.unlisted([sub(26, "f", "pending")])) == [21, 22, 23, 24, 25, 27]
        assert creator.unlisted_settling([sub(26, "f", "pending")]) == 3  # 21, 23 and 27

    def test_nothing_made_counts_nothing(self, fake_clock):
        client = ScriptedClient({TASKS: [tasks()]})
        creator = creator_for(client, fake_clock)
        assert creator.settle_in_flight() is False
        assert creator.unlisted_settling([]) == 0
        assert client.calls == [TASKS]


class TestTwinCheck:
    def test_a_same_named_twin_fails_loudly_with_both_ids(self, fake_clock):
        client = ScriptedClient({LIST: [subs(sub(9, "orders", "pending"), sub(10, "orders", "pending"), sub(11, "other"))]})

        with pytest.raises(DuplicateCreateError) as caught:
            creator_for(client, fake_clock).twin_check(9, "orders")

        message = str(caught.value)
        assert "Another subscription named 'orders' (id 10) exists beside the one this run created (id 9)" in message
        assert "do not let jobs that create the same subscriptions run concurrently" in message
        assert caught.value.description == "ids: 9, 10"

    @pytest.mark.parametrize("listed", [
        subs(sub(9, "orders", "pending")),
        subs(sub(9, "orders"), sub(10, "orders", "deleting")),
        subs(sub(9, "orders"), sub(10, "Orders")),
        subs(),  # not listed yet: nothing to compare with
    ])
    def test_no_twin(self, fake_clock, listed):
        creator_for(ScriptedClient({LIST: [listed]}), fake_clock).twin_check(9, "orders")

    def test_for_databases(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/12/databases"): [dbs(12, db(51, "cache"), db(52, "cache"))]})
        with pytest.raises(DuplicateCreateError, match="Another database named 'cache' \\(id 52\\)"):
            Creator(Resources(DATABASE, make_run(client, fake_clock), 12)).twin_check(51, "cache")


@pytest.fixture
def lock_dir(tmp_path, monkeypatch) -> str:
    """The lock files go to a directory of this test's own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return os.path.join(str(tmp_path), f"rediscloud-api-locks-{os.getuid()}")


URL, KEY = "https://api.example.test/v1", "account-key-that-must-not-show-0001"
REAL_UID = os.getuid()


class TestCreateLock:
    def test_two_holders_are_serialised(self, lock_dir, fake_clock):
        events: list[str] = []
        first_in, second_waiting, first_out = threading.Event(), threading.Event(), threading.Event()
        second_sleeps: list[float] = []

        def first() -> None:
            with create_lock(URL, KEY, "orders", Deadline(60, fake_clock), sleep=lambda seconds: None):
                events.append("first in")
                first_in.set()
                assert second_waiting.wait(10), "the second holder never waited"
                events.append("first out")
            first_out.set()

        def second_sleep(seconds: float) -> None:
            second_sleeps.append(seconds)
            second_waiting.set()
            assert first_out.wait(10), "the first holder never released the lock"

        def second() -> None:
            assert first_in.wait(10)
            with create_lock(URL, KEY, "orders", Deadline(60, fake_clock), sleep=second_sleep):
                events.append("second in")

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)

        assert events == ["first in", "first out", "second in"]
        assert second_sleeps and second_sleeps[0] == LOCK_POLL_SECONDS

    def test_waiting_for_the_lock_times_out_with_its_message(self, lock_dir, fake_clock):
        with create_lock(URL, KEY, "orders", Deadline(60, fake_clock), sleep=fake_clock.sleep):
            with pytest.raises(WaitTimeoutError) as caught:
                with create_lock(URL, KEY, "orders", Deadline(2, fake_clock), sleep=fake_clock.sleep):
                    pytest.fail("the lock was taken twice")

        assert str(caught.value) == ("Timed out waiting for another run on this controller that creates the same resource; "
                                     "re-run when it has finished.")
        assert caught.value.last_status == "locked"
        assert fake_clock.sleeps == [LOCK_POLL_SECONDS] * 4

    @pytest.mark.parametrize(("url", "key", "scope"), [
        (URL, KEY, "other-name"),
        ("https://other.example.test/v1", KEY, "orders"),
        (URL, "another-account-key-0002", "orders"),
    ])
    def test_another_name_url_or_account_does_not_wait(self, lock_dir, fake_clock, url, key, scope):
        with create_lock(URL, KEY, "orders", Deadline(60, fake_clock), sleep=fake_clock.sleep):
            with create_lock(url, key, scope, Deadline(60, fake_clock), sleep=fake_clock.sleep):
                pass
        assert fake_clock.sleeps == []

    def test_the_lock_is_released_when_the_create_fails(self, lock_dir, fake_clock):
        with pytest.raises(RuntimeError):
            with create_lock(URL, KEY, "orders", Deadline(60, fake_clock), sleep=fake_clock.sleep):
                raise RuntimeError("create failed")
        with create_lock(URL, KEY, "orders", Deadline(60, fake_clock), sleep=fake_clock.sleep):
            pass
        assert fake_clock.sleeps == []

    def test_the_lock_file_reveals_neither_key_nor_url_nor_name(self, lock_dir, fake_clock):
        with create_lock(URL, KEY, "orders-name", Deadline(60, fake_clock), sleep=fake_clock.sleep):
            names = os.listdir(lock_dir)
            mode = os.stat(os.path.join(lock_dir, names[0])).st_mode & 0o777
        assert len(names) == 1 and mode == 0o600
        assert not any(part in names[0] for part in (KEY, "example", "orders"))
        assert oct(os.stat(lock_dir).st_mode & 0o777) == oct(0o700)


class TestLockFolder:
    """Issue 15: the lock folder is this user's alone, its files are never links, and they are removed."""

    def test_the_lock_file_is_removed_when_released(self, lock_dir, fake_clock):
        with create_lock(URL, KEY, "orders", Deadline(60, fake_clock), sleep=fake_clock.sleep):
            assert len(os.listdir(lock_dir)) == 1
        assert os.listdir(lock_dir) == []

    def test_a_folder_others_can_use_is_refused_naming_it(self, lock_dir, fake_clock):
        os.mkdir(lock_dir)
        os.chmod(lock_dir, 0o777)
        with pytest.raises(LockFileError) as caught:
            with create_lock(URL, KEY, "orders", Deadline(60, fake_clock), sleep=fake_clock.sleep):
                pytest.fail("a shared folder was used")
        assert f"The create lock {lock_dir} cannot be used: others can use it (mode 777, expected 700)" in str(caught.value)

    def test_a_folder_of_another_user_is_refused(self, tmp_path, monkeypatch, fake_clock):
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        monkeypatch.setattr(lock_files.os, "getuid", lambda: REAL_UID + 1)  # this run is another user than the folder's owner
        os.mkdir(tmp_path / f"rediscloud-api-locks-{REAL_UID + 1}", 0o700)
        with pytest.raises(LockFileError, match=f"it belongs to another user \\(uid {REAL_UID}\\)"):
            with create_lock(URL, KEY, "orders", Deadline(60, fake_clock), sleep=fake_clock.sleep):
                pytest.fail("another user's folder was used")

    def test_a_link_in_place_of_the_folder_is_refused(self, lock_dir, fake_clock, tmp_path):
        target = tmp_path / "elsewhere"
        target.mkdir(mode=0o700)
        os.symlink(target, lock_dir)
        with pytest.raises(LockFileError, match="it is not a folder"):
            with create_lock(URL, KEY, "orders", Deadline(60, fake_clock), sleep=fake_clock.sleep):
                pytest.fail("a linked folder was used")

    def test_a_link_in_place_of_a_lock_file_is_never_followed(self, lock_dir, fake_clock, tmp_path):
        with create_lock(URL, KEY, "orders", Deadline(60, fake_clock), sleep=fake_clock.sleep):
            [name] = os.listdir(lock_dir)
        target = tmp_path / "root-would-create-this"
        os.symlink(target, os.path.join(lock_dir, name))
        with pytest.raises(LockFileError, match="cannot be opened without following a link"):
            with create_lock(URL, KEY, "orders", Deadline(60, fake_clock), sleep=fake_clock.sleep):
                pytest.fail("a linked lock file was used")
        assert not target.exists()

    def test_a_run_whose_file_was_removed_meanwhile_locks_the_path_again(self, lock_dir, fake_clock, monkeypatch):
        """Removing a released file must never let two runs in: a run that opened the file just before another removed it
        locks an unlinked file; it sees that and opens the path again."""
        opened: list[str] = []

        def racing_open(path: str) -> int:
            descriptor = lock_files.open_lock_file(path)
            if not opened:
                os.unlink(path)  # the holder released and removed it right after this run opened it
            opened.append(path)
            return descriptor

        monkeypatch.setattr(creates, "open_lock_file", racing_open)
        with create_lock(URL, KEY, "orders", Deadline(60, fake_clock), sleep=fake_clock.sleep):
            assert len(opened) == 2 and os.path.exists(opened[1])
        assert os.listdir(lock_dir) == []
