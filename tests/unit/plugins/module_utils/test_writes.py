"""writes.py: the Writer sends a write once in effect; refusals are re-sent after ready(), unknown outcomes confirmed first."""

from __future__ import annotations

from typing import Any

import pytest
from scripted_api import (
    DATABASE_CREATE,
    SUBSCRIPTION_UPDATE,
    ScriptedClient,
    accepted,
    lost,
    make_run,
    refusal,
    refused_task,
    server_error,
    task,
    tasks,
    tid,
)

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import (
    ApiRequestError,
    MalformedResponseError,
    RedisCloudError,
    TaskFailedError,
    WaitTimeoutError,
)
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import REFUSALS
from ansible_collections.rediscloud.api.plugins.module_utils.engine.writes import (
    LOST_ANSWER_GRACE_SECONDS,
    MAX_REFUSALS,
    MAX_UNCONFIRMED_SENDS,
    Write,
    Writer,
    outcome_unknown,
    refusal_type,
)

PATH = "/subscriptions/12"
T1, T2, T5, T6 = tid(1), tid(2), tid(5), tid(6)


class Hooks:
    """ready() and shows_done() that count their calls and answer from scripts (the last answer repeats)."""

    def __init__(self, ready: list[bool] | None = None, done: list[bool] | None = None) -> None:
        self.ready_answers = ready or [True]
        self.done_answers = done or [False]
        self.ready_calls = 0
        self.done_calls = 0

    def ready(self) -> bool:
        self.ready_calls += 1
        return self.ready_answers.pop(0) if len(self.ready_answers) > 1 else self.ready_answers[0]

    def shows_done(self) -> bool:
        self.done_calls += 1
        return self.done_answers.pop(0) if len(self.done_answers) > 1 else self.done_answers[0]


def update(hooks: Hooks, repeatable: bool = True, confirmable: bool = True, resource_id: int | None = 12) -> Write:
    return Write("PUT", PATH, {"name": "renamed"}, SUBSCRIPTION_UPDATE, "update of subscription 12", ready=hooks.ready,
                 shows_done=hooks.shows_done if confirmable else None, repeatable=repeatable, resource_id=resource_id)


def writer(client: ScriptedClient, fake_clock, wait_timeout: float = 600) -> Writer:
    return Writer(make_run(client, fake_clock, wait_timeout=wait_timeout))


def done(task_id: str, command: str = SUBSCRIPTION_UPDATE, **response: Any) -> dict[str, Any]:
    return task(task_id, "processing-completed", command, **response)


def timeline_of(sender: Writer) -> list[tuple[str, Any]]:
    return [(entry["what"], entry["status"]) for entry in sender.run.timeline.as_list()]


class TestAccepted:
    def test_the_task_is_waited_for(self, fake_clock):
        client = ScriptedClient({("PUT", PATH): [accepted(T1, SUBSCRIPTION_UPDATE)], ("GET", f"/tasks/{T1}"): [done(T1, resourceId=12)]})
        hooks = Hooks()

        outcome = writer(client, fake_clock).send(update(hooks))

        assert outcome.task is not None and outcome.task.completed and outcome.task.task_id == T1
        assert not outcome.done_elsewhere
        assert client.writes == [("PUT", PATH, {"name": "renamed"})]
        assert hooks.ready_calls == 1 and hooks.done_calls == 0

    def test_without_waiting_the_accepted_task_is_returned(self, fake_clock):
        client = ScriptedClient({("PUT", PATH): [accepted(T1, SUBSCRIPTION_UPDATE)]})

        outcome = writer(client, fake_clock).send(update(Hooks()), wait_task=False)

        assert outcome.task is not None and outcome.task.status == "received"
        assert client.calls == [("PUT", PATH)]

    def test_a_write_no_longer_needed_is_not_sent(self, fake_clock):
        client = ScriptedClient()

        outcome = writer(client, fake_clock).send(update(Hooks(ready=[False])))

        assert (outcome.task, outcome.done_elsewhere) == (None, True)
        assert client.calls == []

    @pytest.mark.parametrize(("method", "call"), [("POST", "post"), ("DELETE", "delete")])
    def test_each_write_method_goes_through_the_client(self, fake_clock, method, call):
        client = ScriptedClient({(method, PATH): [accepted(T1)]})
        writer(client, fake_clock).send(Write(method, PATH, {"a": 1} if method == "POST" else None, SUBSCRIPTION_UPDATE, "x"), wait_task=False)
        assert client.writes[0][:2] == (method, PATH)

    def test_a_read_is_not_a_write(self, fake_clock):
        with pytest.raises(ValueError):
            writer(ScriptedClient(), fake_clock).send(Write("GET", PATH, None, SUBSCRIPTION_UPDATE, "x"))


class TestRefusals:
    @pytest.mark.parametrize("error_type", sorted(REFUSALS))
    def test_an_http_refusal_is_sent_again_after_ready(self, fake_clock, error_type):
        client = ScriptedClient({
            ("PUT", PATH): [refusal(error_type, "PUT", PATH), accepted(T2, SUBSCRIPTION_UPDATE)],
            ("GET", f"/tasks/{T2}"): [done(T2)],
        })
        hooks = Hooks()
        sender = writer(client, fake_clock)

        outcome = sender.send(update(hooks))

        assert outcome.task is not None and outcome.task.task_id == T2
        assert len(client.writes) == 2
        assert hooks.ready_calls == 2  # waited until the API would accept it, before the second send
        assert hooks.done_calls == 0  # a refusal changed nothing: no lost-answer check
        assert (f"PUT {PATH}", f"refused: {error_type}") in timeline_of(sender)

    @pytest.mark.parametrize("error_type", sorted(REFUSALS))
    def test_a_refusal_in_the_task_is_sent_again_after_ready(self, fake_clock, error_type):
        # Issue 9: SUBSCRIPTION_NOT_ACTIVE also arrives as the task's processing-error (Go client's latest_imports_test.go).
        client = ScriptedClient({
            ("PUT", PATH): [accepted(T1, SUBSCRIPTION_UPDATE), accepted(T2, SUBSCRIPTION_UPDATE)],
            ("GET", f"/tasks/{T1}"): [refused_task(T1, error_type, SUBSCRIPTION_UPDATE)],
            ("GET", f"/tasks/{T2}"): [done(T2)],
        })
        hooks = Hooks()

        outcome = writer(client, fake_clock).send(update(hooks))

        assert outcome.task is not None and outcome.task.task_id == T2 and outcome.task.completed
        assert len(client.writes) == 2 and hooks.ready_calls == 2

    def test_without_waiting_the_task_is_not_read(self, fake_clock):
        client = ScriptedClient({("PUT", PATH): [accepted(T1, SUBSCRIPTION_UPDATE)]})

        outcome = writer(client, fake_clock).send(update(Hooks()), wait_task=False)

        # So a refusal in the task cannot be seen: callers that must see one (databases) always wait for the task.
        assert outcome.task is not None and outcome.task.status == "received"
        assert client.calls == [("PUT", PATH)]

    def test_http_refusals_are_bounded(self, fake_clock):
        client = ScriptedClient({("PUT", PATH): [refusal("SUBSCRIPTION_NOT_ACTIVE", "PUT", PATH)]})
        hooks = Hooks()

        with pytest.raises(ApiRequestError) as caught:
            writer(client, fake_clock).send(update(hooks))

        assert caught.value.error_type == "SUBSCRIPTION_NOT_ACTIVE"
        assert len(client.writes) == MAX_REFUSALS
        assert hooks.ready_calls == MAX_REFUSALS

    def test_task_refusals_are_bounded(self, fake_clock):
        client = ScriptedClient({
            ("PUT", PATH): [accepted(T1, SUBSCRIPTION_UPDATE)],
            ("GET", f"/tasks/{T1}"): [refused_task(T1, "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS", SUBSCRIPTION_UPDATE)],
        })

        with pytest.raises(TaskFailedError) as caught:
            writer(client, fake_clock).send(update(Hooks()))

        assert caught.value.error_type == "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS"
        assert len(client.writes) == MAX_REFUSALS

    def test_refusals_in_both_channels_count_together(self, fake_clock):
        client = ScriptedClient({
            ("PUT", PATH): [refusal("SUBSCRIPTION_NOT_ACTIVE", "PUT", PATH), accepted(T1, SUBSCRIPTION_UPDATE)],
            ("GET", f"/tasks/{T1}"): [refused_task(T1, "SUBSCRIPTION_NOT_ACTIVE", SUBSCRIPTION_UPDATE)],
        })

        with pytest.raises(TaskFailedError):
            writer(client, fake_clock).send(update(Hooks()))

        assert len(client.writes) == MAX_REFUSALS

    def test_another_http_error_is_raised_at_once(self, fake_clock):
        client = ScriptedClient({("PUT", PATH): [ApiRequestError("HTTP 400", status=400, error_type="BAD_REQUEST", method="PUT", path=PATH)]})
        hooks = Hooks()

        with pytest.raises(ApiRequestError, match="HTTP 400"):
            writer(client, fake_clock).send(update(hooks))

        assert client.calls == [("PUT", PATH)]
        assert hooks.done_calls == 0

    def test_another_task_error_fails_with_the_task_and_is_not_sent_again(self, fake_clock):
        failed = task(T1, "processing-error", SUBSCRIPTION_UPDATE, error={"type": "SUBSCRIPTION_PI_NOT_FOUND", "description": "no such card"})
        client = ScriptedClient({("PUT", PATH): [accepted(T1, SUBSCRIPTION_UPDATE)], ("GET", f"/tasks/{T1}"): [failed]})

        with pytest.raises(TaskFailedError) as caught:
            writer(client, fake_clock).send(update(Hooks()))

        assert (caught.value.task_id, caught.value.error_type, caught.value.description) == (T1, "SUBSCRIPTION_PI_NOT_FOUND", "no such card")
        assert len(client.writes) == 1


class TestUnknownOutcome:
    @pytest.mark.parametrize("error", [lost("PUT", PATH), server_error("PUT", PATH, 502), server_error("PUT", PATH, 500),
                                       MalformedResponseError("PUT /subscriptions/12: the answer was cut off", method="PUT", path=PATH)])
    def test_shown_done_is_not_sent_again(self, fake_clock, error):
        client = ScriptedClient({("PUT", PATH): [error], ("GET", "/tasks"): [tasks()]})
        hooks = Hooks(done=[True])
        sender = writer(client, fake_clock)

        outcome = sender.send(update(hooks))

        assert (outcome.task, outcome.done_elsewhere) == (None, True)
        assert len(client.writes) == 1
        assert hooks.done_calls == 1
        assert (f"PUT {PATH}", "answer lost") in timeline_of(sender)

    def test_shown_done_after_a_while_is_not_sent_again(self, fake_clock):
        client = ScriptedClient({("PUT", PATH): [lost("PUT", PATH)], ("GET", "/tasks"): [tasks()]})
        hooks = Hooks(done=[False, False, True])

        outcome = writer(client, fake_clock).send(update(hooks))

        assert outcome.done_elsewhere and len(client.writes) == 1
        assert hooks.done_calls == 3
        assert client.count("GET", "/tasks") == 3  # each round looks for running tasks first

    def test_not_done_and_not_repeatable_raises_the_original_error_after_the_grace(self, fake_clock):
        error = lost("PUT", PATH)
        client = ScriptedClient({("PUT", PATH): [error], ("GET", "/tasks"): [tasks()]})
        hooks = Hooks(done=[False])

        with pytest.raises(ApiRequestError) as caught:
            writer(client, fake_clock).send(update(hooks, repeatable=False))

        assert caught.value is error
        assert len(client.writes) == 1
        assert sum(fake_clock.sleeps) == pytest.approx(LOST_ANSWER_GRACE_SECONDS)
        assert hooks.ready_calls == 1

    def test_not_done_and_repeatable_is_sent_again(self, fake_clock):
        client = ScriptedClient({
            ("PUT", PATH): [server_error("PUT", PATH), accepted(T2, SUBSCRIPTION_UPDATE)],
            ("GET", "/tasks"): [tasks()],
            ("GET", f"/tasks/{T2}"): [done(T2)],
        })
        hooks = Hooks(done=[False])

        outcome = writer(client, fake_clock).send(update(hooks))

        assert outcome.task is not None and outcome.task.task_id == T2
        assert len(client.writes) == 2
        assert hooks.ready_calls == 2  # readiness is checked again before the second send
        assert fake_clock.sleeps[:4] == [1.25] * 4 and sum(fake_clock.sleeps) >= LOST_ANSWER_GRACE_SECONDS

    def test_repeated_sends_are_bounded(self, fake_clock):
        client = ScriptedClient({("PUT", PATH): [server_error("PUT", PATH)], ("GET", "/tasks"): [tasks()]})

        with pytest.raises(ApiRequestError, match="HTTP 502"):
            writer(client, fake_clock, wait_timeout=3600).send(update(Hooks(done=[False])))

        assert len(client.writes) == MAX_UNCONFIRMED_SENDS

    def test_without_a_way_to_confirm_it_is_raised_at_once(self, fake_clock):
        client = ScriptedClient({("PUT", PATH): [lost("PUT", PATH)]})

        with pytest.raises(ApiRequestError, match="connection was lost"):
            writer(client, fake_clock).send(update(Hooks(), confirmable=False))

        assert client.calls == [("PUT", PATH)]

    def test_confirming_waits_for_running_tasks_of_the_write_command_type_only(self, fake_clock):
        listed = tasks(task(T5, "processing-in-progress", SUBSCRIPTION_UPDATE), task(T6, "processing-in-progress", DATABASE_CREATE),
                       task(T1, "processing-completed", SUBSCRIPTION_UPDATE, resourceId=99))
        client = ScriptedClient({
            ("PUT", PATH): [lost("PUT", PATH)],
            ("GET", "/tasks"): [listed],
            ("GET", f"/tasks/{T5}"): [task(T5, "processing-in-progress", SUBSCRIPTION_UPDATE), done(T5, resourceId=12)],
        })
        hooks = Hooks(done=[True])

        outcome = writer(client, fake_clock).send(update(hooks))

        assert client.count("GET", f"/tasks/{T5}") == 2
        assert ("GET", f"/tasks/{T6}") not in client.calls
        assert outcome.task is not None and outcome.task.task_id == T5  # the lost write's own task: same resource
        assert not outcome.done_elsewhere
        assert [seen.task_id for seen in outcome.seen] == [T5]

    def test_a_running_task_of_another_resource_is_not_taken_for_ours(self, fake_clock):
        client = ScriptedClient({
            ("PUT", PATH): [lost("PUT", PATH)],
            ("GET", "/tasks"): [tasks(task(T5, "received", SUBSCRIPTION_UPDATE))],
            ("GET", f"/tasks/{T5}"): [done(T5, resourceId=77)],
        })

        outcome = writer(client, fake_clock).send(update(Hooks(done=[True])))

        assert (outcome.task, outcome.done_elsewhere) == (None, True)
        assert [seen.task_id for seen in outcome.seen] == [T5]

    def test_our_task_failing_while_confirming_fails_with_it(self, fake_clock):
        failed = task(T5, "processing-error", SUBSCRIPTION_UPDATE, resourceId=12, error={"type": "INVALID_NAME", "description": "bad"})
        client = ScriptedClient({
            ("PUT", PATH): [lost("PUT", PATH)],
            ("GET", "/tasks"): [tasks(task(T5, "received", SUBSCRIPTION_UPDATE))],
            ("GET", f"/tasks/{T5}"): [failed],
        })
        hooks = Hooks(done=[False])

        with pytest.raises(TaskFailedError) as caught:
            writer(client, fake_clock).send(update(hooks))

        assert caught.value.task_id == T5 and caught.value.error_type == "INVALID_NAME"
        assert len(client.writes) == 1 and hooks.done_calls == 0


class TestAnswers:
    @pytest.mark.parametrize("answer", [{}, {"status": "received"}, None, [accepted(T1)], "ok"])
    def test_an_answer_without_a_task_id_is_an_error_and_is_not_sent_again(self, fake_clock, answer):
        client = ScriptedClient({("PUT", PATH): [answer]})
        hooks = Hooks(done=[False])

        with pytest.raises(MalformedResponseError) as caught:
            writer(client, fake_clock).send(update(hooks))

        assert str(caught.value).startswith(f"PUT {PATH}: the answer carries no taskId, so the update of subscription 12 cannot be followed.")
        assert (caught.value.method, caught.value.path) == ("PUT", PATH)
        assert client.calls == [("PUT", PATH)]
        assert hooks.done_calls == 0

    @pytest.mark.parametrize("task_id", ["../subscriptions", "abc?evil=1", None, 7])
    def test_a_task_id_that_is_not_a_uuid_is_an_error(self, fake_clock, task_id):
        client = ScriptedClient({("PUT", PATH): [{"taskId": task_id, "status": "received"}]})

        with pytest.raises(MalformedResponseError, match="taskId is not a task id"):
            writer(client, fake_clock).send(update(Hooks()))

        assert client.calls == [("PUT", PATH)]


class TestClassification:
    @pytest.mark.parametrize(
        ("error", "unknown"),
        [
            (lost(), True),
            (server_error(status=500), True),
            (server_error(status=504), True),
            (MalformedResponseError("cut off"), True),
            (ApiRequestError("HTTP 400", status=400), False),
            (ApiRequestError("HTTP 404", status=404), False),
            (ApiRequestError("HTTP 429", status=429), False),
            (WaitTimeoutError("timed out"), False),
            (RedisCloudError("other"), False),
        ],
    )
    def test_outcome_unknown(self, error, unknown):
        assert outcome_unknown(error) is unknown

    def test_refusal_type(self):
        assert refusal_type(refusal("TOO_MANY_PENDING_SUBSCRIPTIONS")) == "TOO_MANY_PENDING_SUBSCRIPTIONS"
        assert refusal_type(ApiRequestError("HTTP 400", status=400, error_type="INVALID")) is None
        assert refusal_type(TaskFailedError("x", error_type="SUBSCRIPTION_NOT_ACTIVE")) is None  # task refusals are read from the task
