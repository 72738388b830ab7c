"""SubscriptionCreator decisions, against a scripted client and a fake clock."""

from __future__ import annotations

from typing import Any

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.errors import ApiRequestError, TaskFailedError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.subscription_create import MAX_LOST_CREATE_ANSWERS, SubscriptionCreator
from ansible_collections.rediscloud.api.plugins.module_utils.subscriptions import SubscriptionApi
from ansible_collections.rediscloud.api.plugins.module_utils.waiter import Deadline, TaskWaiter, Timeline

BODY = {"name": "orders", "cloudProviders": [{"regions": [{"region": "us-east-1"}]}], "databases": [{"name": "db", "protocol": "redis"}]}


class ScriptedClient:
    """Answers each (method, path) from a list; the last answer repeats. Exceptions in the list are raised."""

    def __init__(self, script: dict[tuple[str, str], list[Any]]) -> None:
        self.script = script
        self.calls: list[tuple[str, str]] = []
        self.bodies: list[Any] = []

    def _answer(self, method: str, path: str) -> Any:
        self.calls.append((method, path))
        answers = self.script[(method, path)]
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def get(self, path: str, params: Any = None) -> Any:
        return self._answer("GET", path)

    def get_or_none(self, path: str, params: Any = None) -> Any:
        return self._answer("GET", path)

    def post(self, path: str, body: Any) -> Any:
        self.bodies.append(body)
        return self._answer("POST", path)

    def posts(self) -> int:
        return self.calls.count(("POST", "/subscriptions"))


def task(task_id: str, status: str, **response: Any) -> dict[str, Any]:
    return {"taskId": task_id, "commandType": "subscriptionCreateRequest", "status": status, "response": response}


def sub(sid: int, name: str, status: str = "active") -> dict[str, Any]:
    return {"id": sid, "name": name, "status": status}


def listing(*subscriptions: dict[str, Any]) -> dict[str, Any]:
    return {"accountId": 1, "subscriptions": list(subscriptions)}


def creator_for(client: ScriptedClient, fake_clock, wait_timeout: float = 600) -> SubscriptionCreator:
    deadline = Deadline(wait_timeout, clock=fake_clock)
    timeline = Timeline(clock=fake_clock)
    waiter = TaskWaiter(client, poll_interval=5, deadline=deadline, timeline=timeline, sleep=fake_clock.sleep, clock=fake_clock)
    return SubscriptionCreator(SubscriptionApi(client, waiter, 5, deadline, timeline, sleep=fake_clock.sleep, clock=fake_clock))


def test_find_or_admit_waits_for_a_free_slot(fake_clock):
    full = listing(sub(1, "a", "pending"), sub(2, "b", "pending"), sub(3, "c", "deleting"))
    client = ScriptedClient({
        ("GET", "/tasks"): [{"tasks": []}],
        ("GET", "/subscriptions"): [full, full, listing(sub(1, "a"), sub(2, "b", "pending"), sub(3, "c", "deleting"))],
    })
    creator = creator_for(client, fake_clock)

    assert creator.find_or_admit("orders") is None
    # Only the list is read while waiting; once a slot shows, in-flight creates and the list are read once more.
    assert client.calls.count(("GET", "/subscriptions")) == 4
    assert client.calls.count(("GET", "/tasks")) == 2
    assert len(fake_clock.sleeps) == 2
    assert creator.api.timeline.as_list()[0]["status"] == "3 of 3 taken"


def test_find_or_admit_gives_up_at_the_deadline_without_submitting(fake_clock):
    full = listing(sub(1, "a", "pending"), sub(2, "b", "pending"), sub(3, "c", "pending"))
    client = ScriptedClient({("GET", "/tasks"): [{"tasks": []}], ("GET", "/subscriptions"): [full]})
    creator = creator_for(client, fake_clock, wait_timeout=30)

    with pytest.raises(WaitTimeoutError) as caught:
        creator.find_or_admit("orders")
    assert "3 subscriptions of the account are not active" in str(caught.value)
    assert client.posts() == 0


def test_find_or_admit_waits_for_an_in_flight_create_and_finds_its_subscription(fake_clock):
    client = ScriptedClient({
        ("GET", "/tasks"): [{"tasks": [task("t1", "processing-in-progress")]}],
        ("GET", "/tasks/t1"): [task("t1", "processing-completed", resourceId=9)],
        ("GET", "/subscriptions/9"): [None, sub(9, "orders", "pending")],  # readable a moment after its task
    })
    creator = creator_for(client, fake_clock)

    assert creator.find_or_admit("orders") == sub(9, "orders", "pending")
    assert ("GET", "/tasks/t1") in client.calls and client.posts() == 0


def test_lost_answer_after_the_api_acted_adopts_the_subscription_and_does_not_resend(fake_clock):
    lost = ApiRequestError("POST /subscriptions: the connection was lost", method="POST", path="/subscriptions")
    done = task("t1", "processing-completed", resourceId=9, resource={"databases": [{"databaseId": 51}]})
    client = ScriptedClient({
        ("POST", "/subscriptions"): [lost],
        ("GET", "/tasks"): [{"tasks": []}, {"tasks": [done]}],  # the task shows up a moment later
        ("GET", "/subscriptions"): [listing()],                  # not listed yet (eventual consistency)
        ("GET", "/subscriptions/9"): [None, sub(9, "orders", "pending"), sub(9, "orders")],
    })

    outcome = creator_for(client, fake_clock).create(BODY, "orders", wait=True)

    assert client.posts() == 1
    assert (outcome.subscription_id, outcome.task_id, outcome.database_ids) == (9, "t1", [51])
    assert outcome.subscription["status"] == "active"


def test_lost_answer_when_nothing_happened_is_sent_once_more(fake_clock):
    lost = ApiRequestError("POST /subscriptions failed: HTTP 502", status=502, method="POST", path="/subscriptions")
    client = ScriptedClient({
        ("POST", "/subscriptions"): [lost, task("t2", "received")],
        ("GET", "/tasks"): [{"tasks": []}],
        ("GET", "/subscriptions"): [listing()],
    })

    outcome = creator_for(client, fake_clock).create(BODY, "orders", wait=False)

    assert client.posts() == 2
    # the account was watched for the grace period before the create was sent again
    assert sum(fake_clock.sleeps) == pytest.approx(10.0) and client.calls.count(("GET", "/tasks")) > 1
    assert outcome.task_id == "t2" and outcome.subscription is None


def test_each_lost_answer_is_reconciled_so_a_create_made_by_a_resend_is_adopted(fake_clock):
    lost = ApiRequestError("POST /subscriptions failed: HTTP 502", status=502, method="POST", path="/subscriptions")
    done = task("t2", "processing-completed", resourceId=9)
    client = ScriptedClient({
        # the first create made nothing; the second was acted on but its answer was lost too
        ("POST", "/subscriptions"): [lost, lost],
        ("GET", "/tasks"): [{"tasks": []}, {"tasks": []}, {"tasks": []}, {"tasks": []}, {"tasks": []}, {"tasks": []},
                            {"tasks": []}, {"tasks": []}, {"tasks": []}, {"tasks": []}, {"tasks": [done]}],
        ("GET", "/subscriptions"): [listing()],
        ("GET", "/subscriptions/9"): [sub(9, "orders", "pending")],
    })

    outcome = creator_for(client, fake_clock).create(BODY, "orders", wait=False)

    assert client.posts() == 2
    assert outcome.subscription_id == 9 and outcome.task_id == "t2"


def test_creates_whose_answers_keep_getting_lost_stop_after_proving_nothing_was_made(fake_clock):
    lost = ApiRequestError("POST /subscriptions failed: HTTP 502", status=502, method="POST", path="/subscriptions")
    client = ScriptedClient({
        ("POST", "/subscriptions"): [lost],
        ("GET", "/tasks"): [{"tasks": []}],
        ("GET", "/subscriptions"): [listing()],
    })

    with pytest.raises(ApiRequestError, match="HTTP 502"):
        creator_for(client, fake_clock, wait_timeout=3600).create(BODY, "orders", wait=False)
    assert client.posts() == MAX_LOST_CREATE_ANSWERS


def test_a_refused_create_is_not_reconciled(fake_clock):
    refused = ApiRequestError("POST /subscriptions failed: HTTP 400", status=400, method="POST", path="/subscriptions")
    client = ScriptedClient({("POST", "/subscriptions"): [refused]})

    with pytest.raises(ApiRequestError):
        creator_for(client, fake_clock).create(BODY, "orders", wait=True)
    assert client.calls == [("POST", "/subscriptions")]


def test_too_many_pending_is_resubmitted_after_admission(fake_clock):
    too_many = task("t1", "processing-error", error={"type": "TOO_MANY_PENDING_SUBSCRIPTIONS", "description": "max 3"})
    client = ScriptedClient({
        ("POST", "/subscriptions"): [task("t1", "received"), task("t2", "received")],
        ("GET", "/tasks/t1"): [too_many],
        ("GET", "/tasks/t2"): [task("t2", "processing-completed", resourceId=4)],
        ("GET", "/tasks"): [{"tasks": []}],
        ("GET", "/subscriptions"): [listing()],
        ("GET", "/subscriptions/4"): [sub(4, "orders")],
    })

    outcome = creator_for(client, fake_clock).create(BODY, "orders", wait=True)

    assert client.posts() == 2
    assert (outcome.task_id, outcome.subscription_id) == ("t2", 4)


def test_other_task_errors_fail_with_the_task_and_are_not_resubmitted(fake_clock):
    failed = task("t1", "processing-error", error={"type": "SUBSCRIPTION_PI_NOT_FOUND", "description": "no such card"})
    client = ScriptedClient({("POST", "/subscriptions"): [task("t1", "received")], ("GET", "/tasks/t1"): [failed]})
    creator = creator_for(client, fake_clock)

    with pytest.raises(TaskFailedError) as caught:
        creator.create(BODY, "orders", wait=True)
    assert (caught.value.task_id, caught.value.error_type, caught.value.description) == ("t1", "SUBSCRIPTION_PI_NOT_FOUND", "no such card")
    assert client.posts() == 1
    assert creator.progress.task_id == "t1"


def test_a_timeout_while_provisioning_names_the_task_and_last_status(fake_clock):
    client = ScriptedClient({
        ("POST", "/subscriptions"): [task("t1", "received")],
        ("GET", "/tasks/t1"): [task("t1", "processing-completed", resourceId=4)],
        ("GET", "/subscriptions/4"): [None, sub(4, "orders", "pending")],
    })
    creator = creator_for(client, fake_clock, wait_timeout=60)

    with pytest.raises(WaitTimeoutError) as caught:
        creator.create(BODY, "orders", wait=True)
    assert (caught.value.task_id, caught.value.last_status) == ("t1", "pending")
    assert "t1" in str(caught.value) and "re-run" in str(caught.value)
    assert creator.progress.subscription_id == 4


def test_dry_run_returns_the_pricing_of_the_task(fake_clock):
    pricing = [{"type": "Shards", "quantity": 2, "pricePerUnit": 0.1}]
    client = ScriptedClient({
        ("POST", "/subscriptions"): [task("t1", "received")],
        ("GET", "/tasks/t1"): [task("t1", "processing-completed", resource={"pricing": pricing})],
    })

    final, prices = creator_for(client, fake_clock).dry_run(BODY)

    assert prices == pricing and final["taskId"] == "t1"
    assert client.bodies == [{**BODY, "dryRun": True}]


def test_lost_answer_whose_subscription_is_already_listed_reports_its_task(fake_clock):
    lost = ApiRequestError("POST /subscriptions: the connection was lost", method="POST", path="/subscriptions")
    client = ScriptedClient({
        ("POST", "/subscriptions"): [lost],
        ("GET", "/tasks"): [{"tasks": [task("t0", "processing-completed", resourceId=3), task("t1", "processing-completed", resourceId=9)]}],
        ("GET", "/subscriptions"): [listing(sub(3, "other"), sub(9, "orders", "pending"))],
    })

    outcome = creator_for(client, fake_clock).create(BODY, "orders", wait=False)

    assert client.posts() == 1
    assert (outcome.subscription_id, outcome.task_id) == (9, "t1")
