"""TaskWaiter, PollSchedule, Deadline, Timeline and wait_until, on a fake clock against a scripted task API."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.errors import ApiRequestError, TaskFailedError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.waiter import Deadline, PollSchedule, TaskWaiter, Timeline, wait_until

TASK_A = "5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60"
TASK_B = "0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"
TASK_C = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
PAYMENT_ERROR = {"type": "SUBSCRIPTION_PI_NOT_FOUND", "status": "400 BAD_REQUEST", "description": "Payment info was not found"}


@dataclass
class ScriptedTask:
    """A task submitted at clock time `submitted`: received for 1 s, then in progress until `duration` has passed."""

    submitted: float
    duration: float
    error: Any = None
    visible_after: float = 0.0  # seconds during which GET /tasks/{id} answers 404

    def body(self, task_id: str, now: float) -> dict[str, Any] | None:
        age = now - self.submitted
        if age < self.visible_after:
            return None
        if age < min(1.0, self.duration):
            status = "received"
        elif age < self.duration:
            status = "processing-in-progress"
        else:
            status = "processing-error" if self.error else "processing-completed"
        response: dict[str, Any] = {}
        if status == "processing-completed":
            response = {"resourceId": 42}
        elif status == "processing-error":
            response = {"error": self.error}
        return {"taskId": task_id, "commandType": "subscriptionCreateRequest", "status": status, "response": response}


@dataclass
class FakeTaskApi:
    """Answers GET /tasks (running tasks only, as the API describes it) and GET /tasks/{id}; records the requests."""

    clock: Any
    tasks: dict[str, ScriptedTask] = field(default_factory=dict)
    requests: list[tuple[str, float]] = field(default_factory=list)
    listed: dict[float, set[str]] = field(default_factory=dict)  # clock time -> ids GET /tasks answered with

    def submit(self, task_id: str, duration: float, **kwargs: Any) -> None:
        self.tasks[task_id] = ScriptedTask(self.clock(), duration, **kwargs)

    def get(self, path: str, params: Any = None) -> Any:
        self.requests.append((path, self.clock()))
        assert path == "/tasks", path
        bodies = [task.body(task_id, self.clock()) for task_id, task in self.tasks.items()]
        running = [body for body in bodies if body and body["status"] not in ("processing-completed", "processing-error")]
        self.listed[self.clock()] = {body["taskId"] for body in running}
        return {"tasks": running}

    def get_or_none(self, path: str, params: Any = None) -> Any:
        self.requests.append((path, self.clock()))
        task_id = path.removeprefix("/tasks/")
        return self.tasks[task_id].body(task_id, self.clock())

    def paths(self) -> list[str]:
        return [path for path, _at in self.requests]


@pytest.fixture
def api(fake_clock) -> FakeTaskApi:
    return FakeTaskApi(fake_clock)


def make_waiter(api: FakeTaskApi, fake_clock, poll_interval: float = 10, wait_timeout: float = 1800, seed: int = 7) -> TaskWaiter:
    return TaskWaiter(api, poll_interval=poll_interval, wait_timeout=wait_timeout, sleep=fake_clock.sleep, clock=fake_clock,
                      rng=random.Random(seed))


class TestPollSchedule:
    def test_fast_start_covers_the_first_five_seconds_in_four_steps(self):
        delays = PollSchedule(10, random.Random(1)).delays()
        assert [next(delays) for _index in range(4)] == [1.25, 1.25, 1.25, 1.25]

    def test_backoff_is_jittered_within_ten_percent_and_capped(self):
        delays = PollSchedule(10, random.Random(3)).delays()
        observed = [next(delays) for _index in range(40)][4:]
        nominal = [2.5, 5.0] + [10.0] * 34
        assert all(0.9 * n <= d <= 1.1 * n for d, n in zip(observed, nominal))
        assert len({round(d, 6) for d in observed[2:]}) > 30  # jittered, not lockstep

    def test_two_waiters_do_not_poll_in_lockstep(self):
        first, second = PollSchedule(10, random.Random(1)).delays(), PollSchedule(10, random.Random(2)).delays()
        assert [next(first) for _index in range(10)][4:] != [next(second) for _index in range(10)][4:]

    def test_short_poll_interval_caps_the_fast_phase_too(self):
        delays = PollSchedule(0.5, random.Random(1)).delays()
        assert [next(delays) for _index in range(4)] == [0.5] * 4
        assert all(0.45 <= next(delays) <= 0.55 for _index in range(20))

    def test_rejects_non_positive_interval(self):
        with pytest.raises(ValueError):
            PollSchedule(0)


class TestShortTasks:
    @pytest.mark.parametrize("duration", [1.0, 1.3, 2.0, 2.6, 3.3, 4.0, 4.5, 5.0])
    def test_seen_within_about_a_second_with_at_most_four_requests(self, api, fake_clock, duration):
        api.submit(TASK_A, duration)
        finished_at = fake_clock() + duration
        task = make_waiter(api, fake_clock).wait(TASK_A)
        assert task["status"] == "processing-completed"
        assert len(api.requests) <= 4
        assert 0 <= fake_clock() - finished_at <= 1.25


class TestLongTasks:
    def test_about_one_request_per_poll_interval(self, api, fake_clock):
        api.submit(TASK_A, 600)
        make_waiter(api, fake_clock, poll_interval=10).wait(TASK_A)
        assert 54 <= len(api.requests) <= 66  # 600 s / 10 s, give or take the fast start and jitter
        assert fake_clock() - api.tasks[TASK_A].submitted - 600 <= 11  # seen within one (jittered) interval

    def test_never_sleeps_past_the_deadline(self, api, fake_clock):
        api.submit(TASK_A, 10_000)
        start = fake_clock()
        with pytest.raises(WaitTimeoutError):
            make_waiter(api, fake_clock, poll_interval=10, wait_timeout=47).wait(TASK_A)
        assert fake_clock() - start == pytest.approx(47)
        assert max(at for _path, at in api.requests) == pytest.approx(start + 47)  # one last look at the deadline

    def test_timeout_message_says_what_happened_and_how_to_resume(self, api, fake_clock):
        api.submit(TASK_A, 10_000)
        with pytest.raises(WaitTimeoutError) as caught:
            make_waiter(api, fake_clock, wait_timeout=1800).wait(TASK_A)
        assert str(caught.value) == (
            f"Timed out after 1800 s waiting for task {TASK_A} (last status: processing-in-progress). "
            "The operation continues on the Redis Cloud side; re-run the play to resume, or wait with "
            f"rediscloud.api.redis_cloud_task_info task_id={TASK_A} wait=true."
        )
        failure = caught.value.to_failure()
        assert (failure["task_id"], failure["last_status"]) == (TASK_A, "processing-in-progress")
        assert "redis_cloud_task_info" in failure["resume_hint"]


class TestNotFound:
    def test_tolerates_404_just_after_submission(self, api, fake_clock):
        api.submit(TASK_A, 4, visible_after=3)
        assert make_waiter(api, fake_clock).wait(TASK_A)["status"] == "processing-completed"

    def test_gives_up_when_the_task_never_appears(self, api, fake_clock):
        api.submit(TASK_A, 4, visible_after=10_000)
        with pytest.raises(ApiRequestError, match=f"Task {TASK_A} was not found") as caught:
            make_waiter(api, fake_clock).wait(TASK_A)
        assert caught.value.status == 404
        assert len(api.requests) > 5  # more than five 404s ...
        assert fake_clock() - api.tasks[TASK_A].submitted >= 10  # ... and the ten-second grace both spent
        assert len(api.requests) <= 8


class TestFailures:
    def test_failed_task_raises_with_type_and_description(self, api, fake_clock):
        api.submit(TASK_A, 2, error=PAYMENT_ERROR)
        with pytest.raises(TaskFailedError) as caught:
            make_waiter(api, fake_clock).wait(TASK_A)
        assert str(caught.value) == f"Task {TASK_A} (subscriptionCreateRequest) failed: SUBSCRIPTION_PI_NOT_FOUND: Payment info was not found"
        assert caught.value.task["status"] == "processing-error"
        assert (caught.value.error_type, caught.value.task_id) == ("SUBSCRIPTION_PI_NOT_FOUND", TASK_A)

    def test_error_given_as_a_plain_string(self, api, fake_clock):
        api.submit(TASK_A, 2, error="SUBSCRIPTION_PI_NOT_FOUND")
        with pytest.raises(TaskFailedError, match="failed: SUBSCRIPTION_PI_NOT_FOUND$"):
            make_waiter(api, fake_clock).wait(TASK_A)

    def test_fail_on_error_false_returns_the_task(self, api, fake_clock):
        api.submit(TASK_A, 2, error=PAYMENT_ERROR)
        task = make_waiter(api, fake_clock).wait(TASK_A, fail_on_error=False)
        assert task["response"]["error"]["type"] == "SUBSCRIPTION_PI_NOT_FOUND"


def cost_of_separate_waits(fake_clock, durations: dict[str, float]) -> int:
    """Requests that waiting for each task on its own (one after the other) would cost."""
    total = 0
    for task_id, duration in durations.items():
        api = FakeTaskApi(fake_clock)
        api.submit(task_id, duration)
        make_waiter(api, fake_clock).wait(task_id)
        total += len(api.requests)
    return total


class TestWaitMany:
    def test_one_list_request_per_round_and_results_in_order(self, api, fake_clock):
        api.submit(TASK_A, 40)
        api.submit(TASK_B, 3)
        api.submit(TASK_C, 20)
        tasks = make_waiter(api, fake_clock).wait_many([TASK_C, TASK_A, TASK_B])
        assert [task["taskId"] for task in tasks] == [TASK_C, TASK_A, TASK_B]
        rounds: dict[float, list[str]] = {}
        for path, at in api.requests:
            rounds.setdefault(at, []).append(path)
        for at, paths in rounds.items():
            by_id = [path.removeprefix("/tasks/") for path in paths if path != "/tasks"]
            if "/tasks" in paths:
                assert paths.count("/tasks") == 1
                assert not set(by_id) & api.listed[at]  # read by id only when missing from the list
            else:
                assert len(by_id) == 1  # a single pending task is read directly
        paths = api.paths()
        assert paths.count(f"/tasks/{TASK_B}") == 1  # finished while others ran: one read by id, then done
        assert paths.count(f"/tasks/{TASK_C}") == 1
        assert len(paths) < cost_of_separate_waits(fake_clock, {TASK_A: 40, TASK_B: 3, TASK_C: 20})

    def test_duplicate_ids_are_polled_once(self, api, fake_clock):
        api.submit(TASK_A, 2)
        tasks = make_waiter(api, fake_clock).wait_many([TASK_A, TASK_A])
        assert tasks[0] is tasks[1]
        assert "/tasks" not in api.paths()

    def test_failure_of_one_task_raises(self, api, fake_clock):
        api.submit(TASK_A, 30)
        api.submit(TASK_B, 3, error=PAYMENT_ERROR)
        with pytest.raises(TaskFailedError, match=TASK_B):
            make_waiter(api, fake_clock).wait_many([TASK_A, TASK_B])

    def test_timeout_names_the_pending_tasks(self, api, fake_clock):
        api.submit(TASK_A, 10_000)
        api.submit(TASK_B, 10_000)
        with pytest.raises(WaitTimeoutError, match=f"waiting for task {TASK_A} and 1 other task"):
            make_waiter(api, fake_clock, wait_timeout=60).wait_many([TASK_A, TASK_B])


class TestTimeline:
    def test_records_transitions_not_polls(self, api, fake_clock):
        api.submit(TASK_A, 30)
        timeline = Timeline(fake_clock, now=lambda: datetime(2026, 1, 1, tzinfo=timezone.utc))
        waiter = TaskWaiter(api, poll_interval=10, timeline=timeline, sleep=fake_clock.sleep, clock=fake_clock, rng=random.Random(1))
        waiter.wait(TASK_A)
        entries = timeline.as_list()
        assert [entry["status"] for entry in entries] == ["processing-in-progress", "processing-completed"]
        assert entries[0] == {"elapsed": 1.25, "at": "2026-01-01T00:00:00.000+00:00", "what": f"task {TASK_A}", "status": "processing-in-progress"}
        assert entries[1]["elapsed"] >= 30


class TestDeadline:
    def test_counts_down_on_the_given_clock(self, fake_clock):
        deadline = Deadline(10, fake_clock)
        fake_clock.sleep(4)
        assert deadline.remaining() == 6
        assert not deadline.expired()
        fake_clock.sleep(7)
        assert deadline.remaining() == 0
        assert deadline.expired()


class TestWaitUntil:
    def test_polls_until_settled_starting_at_once(self, fake_clock):
        statuses = iter(["pending", "pending", "pending", "active"])
        fetches: list[float] = []

        def fetch() -> dict[str, str]:
            fetches.append(fake_clock())
            return {"status": next(statuses)}

        value = wait_until(fetch, lambda v: v["status"] == "active", lambda v: v["status"], 10, Deadline(600, fake_clock),
                           sleep=fake_clock.sleep, what="subscription 12")
        assert value == {"status": "active"}
        assert fetches[0] == 1000.0  # no sleep before the first fetch
        assert len(fetches) == 4

    def test_times_out_with_the_last_status(self, fake_clock):
        timeline = Timeline(fake_clock)
        with pytest.raises(WaitTimeoutError) as caught:
            wait_until(lambda: None, lambda v: v is not None, lambda v: "absent" if v is None else "present", 10,
                       Deadline(30, fake_clock), sleep=fake_clock.sleep, timeline=timeline, what="subscription 12")
        assert str(caught.value).startswith("Timed out after 30 s waiting for subscription 12 (last status: absent).")
        assert fake_clock.now == pytest.approx(1030)
        assert [entry["status"] for entry in timeline.as_list()] == ["absent"]
