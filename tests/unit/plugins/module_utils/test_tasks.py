"""tasks.py: the one task parser, GET /tasks in its recorded shapes, and TaskWaiter on a fake clock.

The TaskWaiter cases are ported from the former test_waiter.py: TaskWaiter moved from
waiter.py to tasks.py and now returns Task objects (``task.status``, ``task.raw``)
instead of task dicts.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import (
    ApiRequestError,
    MalformedResponseError,
    TaskFailedError,
    WaitTimeoutError,
)
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import (
    REFUSALS,
    Task,
    TaskWaiter,
    list_tasks,
    parse_task,
    parse_task_list,
    running,
    task_failed,
)
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import Timeline

TASK_A = "5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60"
TASK_B = "0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"
TASK_C = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
TASK_D = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
PAYMENT_ERROR = {"type": "SUBSCRIPTION_PI_NOT_FOUND", "status": "400 BAD_REQUEST", "description": "Payment info was not found"}
SECRET = "AKIAsecret-key-0123456789abcdef"
REQUEST = "GET /tasks"

# A task as the API answers it (redis/docs manage-tasks.md; the Go client's fixtures).
RECORDED_COMPLETED = {
    "taskId": TASK_A,
    "commandType": "subscriptionCreateRequest",
    "status": "processing-completed",
    "description": "Request processing completed successfully and its resources are now being provisioned / de-provisioned.",
    "timestamp": "2024-04-16T09:40:01.123Z",
    "response": {"resourceId": 1206},
    "links": [{"rel": "resource", "type": "GET", "href": "https://api.redislabs.com/v1/subscriptions/1206"}],
}
# SUBSCRIPTION_NOT_ACTIVE as a task's processing-error (the Go client's latest_imports_test.go).
RECORDED_REFUSED = {
    "taskId": TASK_B,
    "commandType": "databaseImportRequest",
    "status": "processing-error",
    "description": "Task request failed during processing. See error information for failure details.",
    "timestamp": "2024-04-16T09:40:02Z",
    "response": {"error": {"type": "SUBSCRIPTION_NOT_ACTIVE", "status": "403 FORBIDDEN", "description": "Cannot perform this action"}},
}


def body(task_id: str = TASK_A, status: str = "received", **fields: Any) -> dict[str, Any]:
    return {"taskId": task_id, "commandType": "subscriptionCreateRequest", "status": status, **fields}


class TestParseTask:
    def test_a_recorded_completed_task(self):
        task = parse_task(RECORDED_COMPLETED, "GET /tasks/" + TASK_A)
        assert (task.task_id, task.status, task.command_type, task.resource_id) == (
            TASK_A, "processing-completed", "subscriptionCreateRequest", 1206)
        assert task.finished and task.completed and not task.failed and not task.refused
        assert task.timestamp == datetime(2024, 4, 16, 9, 40, 1, 123000, tzinfo=timezone.utc)
        assert task.resource == {} and task.error_type is None
        assert task.raw is RECORDED_COMPLETED

    def test_a_recorded_refusal_in_the_task_channel(self):
        task = parse_task(RECORDED_REFUSED, "GET /tasks/" + TASK_B)
        assert (task.error_type, task.error_status, task.error_description) == ("SUBSCRIPTION_NOT_ACTIVE", "403 FORBIDDEN",
                                                                                "Cannot perform this action")
        assert task.failed and task.refused

    @pytest.mark.parametrize("error_type", sorted(REFUSALS))
    def test_every_refusal_type_is_a_refusal(self, error_type):
        assert parse_task(body(status="processing-error", response={"error": {"type": error_type}}), REQUEST).refused

    def test_a_refusal_type_on_a_task_that_did_not_fail_is_not_a_refusal(self):
        assert not parse_task(body(status="processing-completed", response={"error": {"type": "SUBSCRIPTION_NOT_ACTIVE"}}), REQUEST).refused

    def test_error_as_an_object_with_message_instead_of_description(self):
        task = parse_task(body(status="processing-error", response={"error": {"type": "X", "message": "why"}}), REQUEST)
        assert (task.error_type, task.error_description) == ("X", "why")

    def test_error_as_a_string_takes_the_description_of_the_failed_task(self):
        # The spec types response.error as an enum string.
        task = parse_task(body(status="processing-error", description="Payment info was not found",
                               response={"error": "SUBSCRIPTION_PI_NOT_FOUND"}), REQUEST)
        assert (task.error_type, task.error_status, task.error_description) == ("SUBSCRIPTION_PI_NOT_FOUND", None,
                                                                                "Payment info was not found")

    def test_a_running_task_has_no_error_description(self):
        task = parse_task(body(status="processing-in-progress", description="Task is being processed"), REQUEST)
        assert (task.error_type, task.error_description) == (None, None)

    def test_ids_and_resource_from_the_response(self):
        task = parse_task(body(status="processing-completed", response={
            "resourceId": "77", "additionalResourceId": 12, "resource": {"pricing": [{"type": "Shards"}]}}), REQUEST)
        assert (task.resource_id, task.additional_resource_id) == (77, 12)
        assert task.resource == {"pricing": [{"type": "Shards"}]}

    @pytest.mark.parametrize("response", [None, {}, {"resource": "x"}, {"resource": None}])
    def test_a_missing_or_odd_resource_reads_as_empty(self, response):
        task = parse_task(body(response=response), REQUEST)
        assert (task.resource, task.resource_id) == ({}, None)

    @pytest.mark.parametrize("status", ["queued", "processing-retrying", "PROCESSING-COMPLETED", "done"])
    def test_an_unknown_status_counts_as_not_finished(self, status):
        task = parse_task(body(status=status), REQUEST)
        assert not task.finished and not task.completed and not task.failed

    @pytest.mark.parametrize("stamp", [None, 17, "yesterday", ""])
    def test_an_unreadable_timestamp_is_none(self, stamp):
        assert parse_task(body(timestamp=stamp), REQUEST).timestamp is None


class TestHostileTasks:
    @pytest.mark.parametrize(
        ("answer", "problem"),
        [
            ([body()], "the task is a list, expected an object"),
            ("received", "the task is a string, expected an object"),
            (None, "the task is null, expected an object"),
            (body(status=None), "the task has no status"),
            (body(status=""), "the task has no status"),
            (body(status=7), "the task has no status"),
            ({"taskId": None, "status": "received"}, "taskId is not a task id"),
            ({"status": "received"}, "taskId is not a task id"),
            (body(task_id="../subscriptions"), "taskId is not a task id"),
            (body(task_id="abc?evil=1"), "taskId is not a task id"),
            (body(task_id=7), "taskId is not a task id"),
            (body(response=[]), "the task's response is a list, expected an object"),
            (body(response={"resourceId": "7/../../x"}), "response.resourceId is a string, expected a positive integer id"),
            (body(response={"resourceId": 1e20}), "response.resourceId is a number, expected a positive integer id"),
            (body(response={"resourceId": 10**20}), "response.resourceId is a number, expected a positive integer id"),
            (body(response={"resourceId": -3}), "response.resourceId is a number"),
            (body(response={"resourceId": True}), "response.resourceId is a boolean"),
            (body(response={"additionalResourceId": "x"}), "response.additionalResourceId is a string"),
            (body(commandType=["x"]), "commandType is a list, expected a string"),
        ],
    )
    def test_a_wrong_shape_is_one_error_naming_the_request(self, answer, problem):
        with pytest.raises(MalformedResponseError) as caught:
            parse_task(answer, "GET /tasks/" + TASK_A)
        assert str(caught.value).startswith(f"GET /tasks/{TASK_A}: unexpected answer: ")
        assert problem in str(caught.value)
        assert (caught.value.method, caught.value.path) == ("GET", "/tasks/" + TASK_A)

    @pytest.mark.parametrize(
        "answer",
        [
            body(task_id=SECRET),
            body(response={"resourceId": SECRET}),
            body(response={"additionalResourceId": SECRET}),
            body(commandType={"apiKey": SECRET}),
            body(response=SECRET),
            body(status={"secret": SECRET}),
            [SECRET],
            SECRET,
        ],
    )
    def test_a_credential_in_a_field_never_reaches_the_message(self, answer):
        with pytest.raises(MalformedResponseError) as caught:
            parse_task(answer, "GET /tasks")
        assert SECRET not in str(caught.value)
        assert SECRET not in repr(caught.value)
        assert all(SECRET not in str(value) for value in caught.value.to_failure().values())


class TestParseTaskList:
    def test_the_tasks_object(self):
        listed = parse_task_list({"tasks": [RECORDED_COMPLETED, RECORDED_REFUSED]})
        assert [task.task_id for task in listed] == [TASK_A, TASK_B]
        assert all(isinstance(task, Task) for task in listed)

    def test_a_bare_list(self):
        # redis-cloud-rs fix #56: the live API answered a bare array.
        assert [task.task_id for task in parse_task_list([RECORDED_REFUSED, RECORDED_COMPLETED])] == [TASK_B, TASK_A]

    @pytest.mark.parametrize("answer", [{}, {"tasks": []}, []])
    def test_nothing_to_list(self, answer):
        # redis-cloud-rs fix #85: the live API answered {} when there was nothing to list.
        assert parse_task_list(answer) == []

    @pytest.mark.parametrize(
        ("answer", "problem"),
        [
            (None, "the list of tasks is null, expected a list"),
            ("tasks", "the list of tasks is a string, expected a list"),
            ({"links": []}, "the answer has no list of tasks"),
            ({"tasks": None}, "the list of tasks is null, expected a list"),
            ({"tasks": {"taskId": TASK_A}}, "the list of tasks is an object, expected a list"),
            ({"tasks": [RECORDED_COMPLETED, None]}, "the task is null"),
            ([RECORDED_COMPLETED, body(task_id="../subscriptions")], "taskId is not a task id"),
            ([body(task_id=None)], "taskId is not a task id"),
        ],
    )
    def test_anything_else_is_an_error_never_no_tasks(self, answer, problem):
        with pytest.raises(MalformedResponseError) as caught:
            parse_task_list(answer)
        assert problem in str(caught.value)
        assert caught.value.path == "/tasks"

    def test_a_credential_in_a_listed_task_never_reaches_the_message(self):
        with pytest.raises(MalformedResponseError) as caught:
            parse_task_list({"tasks": [RECORDED_COMPLETED, body(task_id=SECRET)]})
        assert SECRET not in str(caught.value)

    def test_list_tasks_reads_get_tasks(self):
        class Client:
            paths: list[str] = []

            def get(self, path: str, params: Any = None) -> Any:
                self.paths.append(path)
                return [RECORDED_COMPLETED]

        client = Client()
        assert [task.task_id for task in list_tasks(client)] == [TASK_A]
        assert client.paths == ["/tasks"]


class TestRunning:
    def test_only_running_tasks_of_the_command_types_count(self):
        # Ported from test_subscription_reconcile.py (in_flight_task_ids), now on parsed tasks.
        listed = parse_task_list([
            body(TASK_A, "received"),
            body(TASK_B, "processing-completed"),
            {**body(TASK_C, "processing-in-progress"), "commandType": "databaseCreateRequest"},
            body(TASK_D, "processing-in-progress"),
        ])
        assert [task.task_id for task in running(listed, ["subscriptionCreateRequest"])] == [TASK_A, TASK_D]
        assert [task.task_id for task in running(listed, ["subscriptionCreateRequest", "databaseCreateRequest"])] == [TASK_A, TASK_C, TASK_D]

    def test_an_unknown_status_is_running(self):
        listed = parse_task_list([body(TASK_A, "queued"), body(TASK_B, "processing-error")])
        assert [task.task_id for task in running(listed, ["subscriptionCreateRequest"])] == [TASK_A]


class TestTaskFailed:
    def test_names_the_task_command_and_error(self):
        failure = task_failed(parse_task(body(status="processing-error", response={"error": PAYMENT_ERROR}), REQUEST))
        assert str(failure) == f"Task {TASK_A} (subscriptionCreateRequest) failed: SUBSCRIPTION_PI_NOT_FOUND: Payment info was not found"
        assert (failure.task_id, failure.error_type, failure.last_status) == (TASK_A, "SUBSCRIPTION_PI_NOT_FOUND", "processing-error")
        assert failure.task["status"] == "processing-error"

    def test_without_details(self):
        failure = task_failed(parse_task({"taskId": TASK_A, "status": "processing-error"}, REQUEST))
        assert str(failure) == f"Task {TASK_A} failed: no error details given"


# TaskWaiter against a scripted task API (ported from test_waiter.py).


@dataclass
class ScriptedTask:
    """A task submitted at clock time `submitted`: received for 1 s, then in progress until `duration` has passed."""

    submitted: float
    duration: float
    error: Any = None
    visible_after: float = 0.0  # seconds during which GET /tasks/{id} answers 404
    command: str = "subscriptionCreateRequest"
    middle_status: str = "processing-in-progress"

    def body(self, task_id: str, now: float) -> dict[str, Any] | None:
        age = now - self.submitted
        if age < self.visible_after:
            return None
        if age < min(1.0, self.duration):
            status = "received"
        elif age < self.duration:
            status = self.middle_status
        else:
            status = "processing-error" if self.error else "processing-completed"
        response: dict[str, Any] = {}
        if status == "processing-completed":
            response = {"resourceId": 42}
        elif status == "processing-error":
            response = {"error": self.error}
        return {"taskId": task_id, "commandType": self.command, "status": status, "response": response}


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
        running_now = [body for body in bodies if body and body["status"] not in ("processing-completed", "processing-error")]
        self.listed[self.clock()] = {body["taskId"] for body in running_now}
        return {"tasks": running_now}

    def get_or_none(self, path: str, params: Any = None) -> Any:
        self.requests.append((path, self.clock()))
        task_id = path.removeprefix("/tasks/")
        return self.tasks[task_id].body(task_id, self.clock())

    def paths(self) -> list[str]:
        return [path for path, _at in self.requests]


@pytest.fixture
def api(fake_clock) -> FakeTaskApi:
    return FakeTaskApi(fake_clock)


def make_waiter(api: Any, fake_clock, poll_interval: float = 10, wait_timeout: float = 1800, seed: int = 7) -> TaskWaiter:
    return TaskWaiter(api, poll_interval=poll_interval, wait_timeout=wait_timeout, sleep=fake_clock.sleep, clock=fake_clock,
                      rng=random.Random(seed))


class TestShortTasks:
    @pytest.mark.parametrize("duration", [1.0, 1.3, 2.0, 2.6, 3.3, 4.0, 4.5, 5.0])
    def test_seen_within_about_a_second_with_at_most_four_requests(self, api, fake_clock, duration):
        api.submit(TASK_A, duration)
        finished_at = fake_clock() + duration
        task = make_waiter(api, fake_clock).wait(TASK_A)
        assert task.status == "processing-completed"
        assert task.resource_id == 42
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

    def test_an_unknown_status_keeps_the_wait_going(self, api, fake_clock):
        # Issue 9: any status the module does not know counts as "not finished yet".
        api.submit(TASK_A, 30, middle_status="processing-retrying")
        task = make_waiter(api, fake_clock).wait(TASK_A)
        assert task.completed
        assert fake_clock() - api.tasks[TASK_A].submitted >= 30


class TestDatabaseChangeProfile:
    """Database changes usually take 10-60 s: the waiter polls them on DATABASE_CHANGE_PROFILE (issue 11)."""

    @pytest.mark.parametrize("duration", [10, 12, 17.5, 25, 27, 33, 41, 48.8, 55, 60])
    def test_a_10_to_60_s_change_is_seen_within_5_s_with_no_more_requests_than_polling_every_5_s(self, api, fake_clock, duration):
        api.submit(TASK_A, duration, command="databaseUpdateRequest")
        task = make_waiter(api, fake_clock, poll_interval=10).wait(TASK_A, command_type="databaseUpdateRequest")
        assert task.completed
        late = fake_clock() - api.tasks[TASK_A].submitted - duration
        assert 0 <= late <= 5
        assert len(api.requests) <= math.ceil(duration / 5)

    def test_a_no_op_change_is_seen_at_the_first_early_look(self, api, fake_clock):
        api.submit(TASK_A, 1.0, command="databaseUpdateRequest")
        make_waiter(api, fake_clock).wait(TASK_A, command_type="databaseUpdateRequest")
        assert api.requests == [(f"/tasks/{TASK_A}", pytest.approx(1001.25))]

    def test_slow_answers_do_not_push_the_later_polls_back(self, fake_clock):
        # Each request takes 0.4 s; the polls still fall at 1.25, 10, 15, 20 s from the start, not later each time.
        class SlowApi(FakeTaskApi):
            def get_or_none(self, path: str, params: Any = None) -> Any:
                fake_clock.now += 0.4
                return super().get_or_none(path, params)

        slow = SlowApi(fake_clock)
        slow.submit(TASK_A, 18, command="databaseUpdateRequest")
        start = fake_clock()
        make_waiter(slow, fake_clock).wait(TASK_A, command_type="databaseUpdateRequest")
        assert [round(at - start, 2) for _path, at in slow.requests] == [1.65, 10.4, 15.4, 20.4]

    def test_other_command_types_keep_the_fast_start(self, api, fake_clock):
        api.submit(TASK_A, 30, command="subscriptionUpdateRequest")
        make_waiter(api, fake_clock).wait(TASK_A, command_type="subscriptionUpdateRequest")
        assert fake_clock.sleeps[:4] == [1.25] * 4


class TestNotFound:
    def test_tolerates_404_just_after_submission(self, api, fake_clock):
        api.submit(TASK_A, 4, visible_after=3)
        assert make_waiter(api, fake_clock).wait(TASK_A).status == "processing-completed"

    def test_gives_up_when_the_task_never_appears(self, api, fake_clock):
        api.submit(TASK_A, 4, visible_after=10_000)
        with pytest.raises(ApiRequestError, match=f"Task {TASK_A} was not found") as caught:
            make_waiter(api, fake_clock).wait(TASK_A)
        assert caught.value.status == 404
        assert len(api.requests) > 5  # more than five 404s ...
        assert fake_clock() - api.tasks[TASK_A].submitted >= 10  # ... and the ten-second grace both spent
        assert len(api.requests) <= 8

    def test_a_task_that_was_seen_and_then_answers_404_fails_at_once(self, fake_clock):
        answers = iter([body(TASK_A, "processing-in-progress"), None])

        class Client:
            def get_or_none(self, path: str, params: Any = None) -> Any:
                return next(answers)

        with pytest.raises(ApiRequestError, match="was not found"):
            make_waiter(Client(), fake_clock).wait(TASK_A)
        assert len(fake_clock.sleeps) == 2


class TestAnswers:
    def test_an_answer_about_another_task_is_refused(self, fake_clock):
        class Client:
            def get_or_none(self, path: str, params: Any = None) -> Any:
                return body(TASK_B, "processing-completed")

        with pytest.raises(MalformedResponseError, match="the answer is another task"):
            make_waiter(Client(), fake_clock).wait(TASK_A)

    def test_a_garbled_task_answer_is_an_error_naming_the_request(self, fake_clock):
        class Client:
            def get_or_none(self, path: str, params: Any = None) -> Any:
                return [body(TASK_A)]

        with pytest.raises(MalformedResponseError) as caught:
            make_waiter(Client(), fake_clock).wait(TASK_A)
        assert caught.value.path == f"/tasks/{TASK_A}"


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
        assert task.error_type == "SUBSCRIPTION_PI_NOT_FOUND"
        assert task.raw["response"]["error"]["type"] == "SUBSCRIPTION_PI_NOT_FOUND"


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
        finals = make_waiter(api, fake_clock).wait_many([TASK_C, TASK_A, TASK_B])
        assert [task.task_id for task in finals] == [TASK_C, TASK_A, TASK_B]
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
        finals = make_waiter(api, fake_clock).wait_many([TASK_A, TASK_A])
        assert finals[0] is finals[1]
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

    def test_the_list_in_any_recorded_shape(self, fake_clock):
        class Client:
            """GET /tasks answers a bare array (redis-cloud-rs fix #56); both tasks are in it."""

            def get(self, path: str, params: Any = None) -> Any:
                return [body(TASK_A, "processing-completed"), body(TASK_B, "processing-completed")]

            def get_or_none(self, path: str, params: Any = None) -> Any:
                raise AssertionError("both tasks are listed: nothing is read by id")

        finals = make_waiter(Client(), fake_clock).wait_many([TASK_A, TASK_B])
        assert [task.task_id for task in finals] == [TASK_A, TASK_B]


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
