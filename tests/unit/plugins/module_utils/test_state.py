"""state.py: ResourceState present/absent flows, with the subscription as the resource, a scripted client and a fake clock.

The create flows are ported from test_subscription_create.py (SubscriptionCreator.create
and dry_run are now ResourceState.present on SubscriptionModel). Where behaviour changed
on purpose, a comment says so; the main change: before a create, absence is proven with
two looks 5 s apart when GET /tasks lists only running tasks (issue 9).
"""

from __future__ import annotations

import tempfile
import uuid
from typing import Any

import pytest
from scripted_api import (
    NOT_FOUND,
    SUBSCRIPTION_DELETE,
    SUBSCRIPTION_UPDATE,
    DATABASE_DELETE,
    ScriptedClient,
    accepted,
    db,
    dbs,
    lost,
    make_run,
    refused_task,
    server_error,
    stamp,
    sub,
    subs,
    task,
    tasks,
    tid,
)

from ansible_collections.rediscloud.api.plugins.module_utils.engine.creates import DuplicateCreateError
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import ApiRequestError, RedisCloudError, TaskFailedError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import ResourceGoneError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.state import Connection, ResourceState, RunFlags, is_set
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription import SubscriptionModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription_options import build_create_body
from ansible_collections.rediscloud.api.plugins.module_utils.engine.writes import LOST_ANSWER_GRACE_SECONDS, MAX_UNCONFIRMED_SENDS

T0, T1, T2 = tid(10), tid(1), tid(2)
TASKS, LIST, POST = ("GET", "/tasks"), ("GET", "/subscriptions"), ("POST", "/subscriptions")
PLAN = {
    "name": "orders",
    "payment_method": "marketplace",
    "cloud_providers": [{"provider": "AWS", "regions": [{"region": "us-east-1", "networking": {"deployment_cidr": "10.0.0.0/24"}}]}],
    "databases": [{"name": "cache", "protocol": "redis", "dataset_size_in_gb": 1}],
}
BODY = build_create_body(PLAN)
PRICING = [
    {"type": "Shards", "quantity": 2, "quantityMeasurement": "shards", "pricePerUnit": 0.124, "priceCurrency": "USD", "pricePeriod": "hour"},
    {"type": "EBS Volume", "quantity": 71, "quantityMeasurement": "GB"},
    {"type": "MinimumPrice", "price": 0.5},
]


@pytest.fixture(autouse=True)
def lock_dir(tmp_path, monkeypatch) -> None:
    """Create locks go to a directory of this test's own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def params(**options: Any) -> dict[str, Any]:
    return {"state": "present", "subscription_id": None, "delete_databases": False, **PLAN, **options}


def state_for(client: ScriptedClient, fake_clock, check_mode: bool = False, diff_mode: bool = True, wait: bool = True,
              wait_timeout: float = 600, **options: Any) -> ResourceState:
    run = make_run(client, fake_clock, wait_timeout=wait_timeout)
    model = SubscriptionModel(params(**options))
    return ResourceState(model, run, RunFlags(check_mode=check_mode, diff_mode=diff_mode, wait=wait),
                         Connection(f"https://api.example.test/{uuid.uuid4()}/v1", "unit-test-account-key-0001"))


def done(task_id: str, command: str = "subscriptionCreateRequest", **response: Any) -> dict[str, Any]:
    return task(task_id, "processing-completed", command, timestamp=stamp(1), **response)


def made(subscription_id: int, status: str = "active") -> dict[str, Any]:
    """A subscription as the plan made it (the read-back shows the payment method the plan asked for)."""
    return sub(subscription_id, "orders", status, paymentMethodType="marketplace")


def posts(client: ScriptedClient) -> int:
    return client.count(*POST)


def by_writes(*phases: Any):
    """An answer that follows the writes sent: ``phases[n]`` once n writes were sent (the last phase holds after).

    A phase given as a list answers its items in turn (the last repeats).
    """
    queues = [list(phase) if isinstance(phase, list) else [phase] for phase in phases]

    def answer(api: ScriptedClient) -> Any:
        queue = queues[min(len(api.writes), len(queues) - 1)]
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return answer


class TestCreate:
    def test_create_waits_for_the_task_then_the_subscription(self, fake_clock):
        client = ScriptedClient({
            LIST: [subs()],
            TASKS: [tasks()],
            POST: [accepted(T1)],
            ("GET", f"/tasks/{T1}"): [done(T1, resourceId=7)],
            ("GET", "/subscriptions/7"): [made(7, "pending"), made(7)],
            ("GET", "/subscriptions/7/databases"): [dbs(7, db(51, "cache"))],
        })
        state = state_for(client, fake_clock)

        result = state.present()

        assert client.writes == [("POST", "/subscriptions", BODY)]
        assert (result["changed"], result["subscription_id"], result["task_id"], result["database_ids"]) == (True, 7, T1, [51])
        assert result["subscription"]["status"] == "active" and result["task"]["taskId"] == T1
        assert result["diff"] == {"before": {}, "after": BODY}
        assert result["pricing"] is None
        # Absence is proven before the POST: two looks 5 s apart (GET /tasks lists only running tasks here).
        assert fake_clock.sleeps[0] == 5.0
        assert client.calls.index(POST) > [index for index, call in enumerate(client.calls) if call == LIST][2]

    def test_without_wait_only_the_acceptance_is_returned(self, fake_clock):
        client = ScriptedClient({LIST: [subs()], TASKS: [tasks()], POST: [accepted(T1)]})

        result = state_for(client, fake_clock, wait=False).present()

        assert (result["changed"], result["task_id"], result["subscription"], result["subscription_id"]) == (True, T1, None, None)
        assert client.calls[-1] == POST

    def test_without_diff_mode_no_diff_is_returned(self, fake_clock):
        client = ScriptedClient({LIST: [subs()], TASKS: [tasks()], POST: [accepted(T1)]})
        assert "diff" not in state_for(client, fake_clock, wait=False, diff_mode=False).present()

    def test_a_lost_answer_after_the_api_acted_adopts_the_subscription_and_does_not_resend(self, fake_clock):
        posted: list[float] = []

        def post(_api: Any) -> Any:
            posted.append(fake_clock())
            return lost()

        def listed_tasks(_api: Any) -> Any:
            # The task shows up a moment after the POST.
            return tasks(done(T1, resourceId=9)) if posted and fake_clock() - posted[0] >= 2 else tasks()

        client = ScriptedClient({
            POST: [post],
            TASKS: [listed_tasks],
            LIST: [subs()],  # not listed yet (eventual consistency)
            ("GET", "/subscriptions/9"): [NOT_FOUND, made(9, "pending"), made(9)],
            ("GET", "/subscriptions/9/databases"): [dbs(9, db(51, "cache"))],
        })

        result = state_for(client, fake_clock).present()

        assert posts(client) == 1
        assert (result["changed"], result["subscription_id"], result["task_id"]) == (True, 9, T1)
        assert result["subscription"]["status"] == "active"
        # Changed on purpose: the adopted subscription's database ids now come from its listing (the task has none).
        assert result["database_ids"] == [51]

    def test_a_lost_answer_whose_task_was_seen_running_adopts_what_it_made_although_the_listing_lags(self, fake_clock):
        # GET /tasks lists only running tasks. The lost create's task is seen running, is waited for, and
        # completes with resourceId 9; subscription 9 is readable by id at once but listed only 20 s later
        # (within the 60 s the core allows for listing lag). The create made it: adopt it, never send it twice.
        posted: list[float] = []

        def post(api: Any) -> Any:
            posted.append(fake_clock())
            return lost() if len(posted) == 1 else accepted(T2)

        def task_one(_api: Any) -> Any:
            return task(T1, "processing-in-progress") if fake_clock() - posted[0] < 3 else done(T1, resourceId=9)

        def listed_tasks(_api: Any) -> Any:
            return tasks(task(T1, "processing-in-progress")) if posted and fake_clock() - posted[0] < 3 else tasks()

        client = ScriptedClient({
            POST: [post],
            TASKS: [listed_tasks],
            ("GET", f"/tasks/{T1}"): [task_one],
            LIST: [lambda _api: subs(made(9, "pending")) if posted and fake_clock() - posted[0] >= 20 else subs()],
            ("GET", "/subscriptions/9"): [made(9, "pending")],
            ("GET", "/subscriptions/9/databases"): [NOT_FOUND],
        })

        result = state_for(client, fake_clock, wait=False).present()

        assert posts(client) == 1
        assert (result["subscription_id"], result["task_id"]) == (9, T1)

    def test_a_lost_answer_when_nothing_happened_is_sent_once_more(self, fake_clock):
        client = ScriptedClient({POST: [server_error(), accepted(T2)], TASKS: [tasks()], LIST: [subs()]})

        result = state_for(client, fake_clock, wait=False).present()

        assert posts(client) == 2
        # The account was watched for the grace period before the create was sent again. Changed on purpose:
        # absence is proven before the first send with two looks 5 s apart (GET /tasks lists only running tasks
        # here); before the re-send, the looks of the grace period (10 s) already span more than that.
        assert fake_clock.sleeps[0] == 5.0
        assert sum(fake_clock.sleeps[1:]) == pytest.approx(LOST_ANSWER_GRACE_SECONDS)
        assert client.count(*TASKS) > 4
        assert (result["task_id"], result["subscription"]) == (T2, None)

    def test_each_lost_answer_is_reconciled_so_a_create_made_by_a_resend_is_adopted(self, fake_clock):
        # The first create made nothing; the second was acted on but its answer was lost too.
        client = ScriptedClient({
            POST: [server_error(), server_error()],
            TASKS: [lambda api: tasks(done(T2, resourceId=9)) if posts(api) >= 2 else tasks()],
            LIST: [subs()],
            ("GET", "/subscriptions/9"): [made(9, "pending")],
            ("GET", "/subscriptions/9/databases"): [NOT_FOUND],
        })

        result = state_for(client, fake_clock, wait=False).present()

        assert posts(client) == 2
        assert (result["subscription_id"], result["task_id"], result["changed"]) == (9, T2, True)

    def test_creates_whose_answers_keep_getting_lost_stop_after_proving_nothing_was_made(self, fake_clock):
        client = ScriptedClient({POST: [server_error()], TASKS: [tasks()], LIST: [subs()]})

        with pytest.raises(ApiRequestError, match="HTTP 502"):
            state_for(client, fake_clock, wait=False, wait_timeout=3600).present()

        assert posts(client) == MAX_UNCONFIRMED_SENDS

    def test_a_refused_create_is_not_reconciled(self, fake_clock):
        refused = ApiRequestError("POST /subscriptions failed: HTTP 400", status=400, method="POST", path="/subscriptions")
        client = ScriptedClient({POST: [refused], TASKS: [tasks()], LIST: [subs()]})

        with pytest.raises(ApiRequestError):
            state_for(client, fake_clock).present()

        assert posts(client) == 1 and client.calls[-1] == POST  # nothing read after it: no lost-answer check

    def test_too_many_pending_is_resubmitted_after_admission(self, fake_clock):
        client = ScriptedClient({
            POST: [accepted(T1), accepted(T2)],
            ("GET", f"/tasks/{T1}"): [refused_task(T1, "TOO_MANY_PENDING_SUBSCRIPTIONS")],
            ("GET", f"/tasks/{T2}"): [done(T2, resourceId=4)],
            TASKS: [tasks()],
            LIST: [subs()],
            ("GET", "/subscriptions/4"): [made(4)],
            ("GET", "/subscriptions/4/databases"): [dbs(4, db(51, "cache"))],
        })

        result = state_for(client, fake_clock).present()

        assert posts(client) == 2
        assert (result["task_id"], result["subscription_id"]) == (T2, 4)

    def test_other_task_errors_fail_with_the_task_and_are_not_resubmitted(self, fake_clock):
        failed = task(T1, "processing-error", error={"type": "SUBSCRIPTION_PI_NOT_FOUND", "description": "no such card"})
        client = ScriptedClient({POST: [accepted(T1)], ("GET", f"/tasks/{T1}"): [failed], TASKS: [tasks()], LIST: [subs()]})

        with pytest.raises(TaskFailedError) as caught:
            state_for(client, fake_clock).present()

        assert (caught.value.task_id, caught.value.error_type, caught.value.description) == (T1, "SUBSCRIPTION_PI_NOT_FOUND", "no such card")
        assert posts(client) == 1
        # The failed task travels on the error (run_resource_module puts it in the failure's result).
        assert caught.value.task["taskId"] == T1

    def test_a_timeout_while_provisioning_names_the_task_and_last_status(self, fake_clock):
        client = ScriptedClient({
            LIST: [subs()], TASKS: [tasks()], POST: [accepted(T1)],
            ("GET", f"/tasks/{T1}"): [done(T1, resourceId=4)],
            ("GET", "/subscriptions/4"): [NOT_FOUND, made(4, "pending")],
        })
        state = state_for(client, fake_clock, wait_timeout=60)

        with pytest.raises(WaitTimeoutError) as caught:
            state.present()

        assert (caught.value.task_id, caught.value.last_status) == (T1, "pending")
        assert T1 in str(caught.value) and "re-run" in str(caught.value)
        assert (state.result["subscription_id"], state.result["task_id"]) == (4, T1)

    def test_a_lost_answer_whose_subscription_is_already_listed_reports_its_task(self, fake_clock):
        client = ScriptedClient({
            POST: [lost()],
            TASKS: [lambda api: tasks(done(T0, resourceId=3), done(T1, resourceId=9)) if api.writes else tasks(done(T0, resourceId=3))],
            LIST: [lambda api: subs(sub(3, "other"), made(9, "pending")) if api.writes else subs(sub(3, "other"))],
            ("GET", "/subscriptions/9/databases"): [NOT_FOUND],
        })

        result = state_for(client, fake_clock, wait=False).present()

        assert posts(client) == 1
        assert (result["subscription_id"], result["task_id"]) == (9, T1)

    def test_a_same_named_twin_made_at_the_same_moment_fails_loudly(self, fake_clock):
        # Issue 10 finding 12: another run created the same name in the same window.
        client = ScriptedClient({
            TASKS: [tasks()],
            LIST: [by_writes(subs(), subs(made(7, "pending"), made(8, "pending")))],
            POST: [accepted(T1)],
            ("GET", f"/tasks/{T1}"): [done(T1, resourceId=7)],
            ("GET", "/subscriptions/7"): [made(7)],
        })
        state = state_for(client, fake_clock)

        with pytest.raises(DuplicateCreateError, match=r"\(id 8\) exists beside the one this run created \(id 7\)"):
            state.present()

        assert state.result["subscription_id"] == 7

    def test_an_unknown_id_is_not_created(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/77"): [NOT_FOUND]})

        with pytest.raises(RedisCloudError, match="Subscription 77 was not found. To create a subscription, omit subscription_id"):
            state_for(client, fake_clock, subscription_id=77).present()

        assert client.writes == []

    def test_input_that_only_a_create_needs_is_checked_before_any_write(self, fake_clock):
        client = ScriptedClient({LIST: [subs()]})

        with pytest.raises(RedisCloudError) as caught:
            state_for(client, fake_clock, cloud_providers=None, databases=None).present()

        assert str(caught.value).startswith("Cannot create the subscription: cloud_providers is required")
        assert client.calls == [LIST]


class TestCheckModeCreate:
    def test_a_dry_run_returns_the_pricing_of_the_task(self, fake_clock):
        client = ScriptedClient({
            LIST: [subs()],
            POST: [accepted(T1)],
            ("GET", f"/tasks/{T1}"): [done(T1, resource={"pricing": PRICING})],
        })

        result = state_for(client, fake_clock, check_mode=True).present()

        assert result["pricing"] == PRICING and result["task"]["taskId"] == T1 and result["changed"]
        assert client.writes == [("POST", "/subscriptions", {**BODY, "dryRun": True})]
        assert result["diff"] == {"before": {}, "after": BODY}
        assert result["subscription_id"] is None

    def test_a_dry_run_without_pricing_returns_an_empty_list(self, fake_clock):
        # Changed on purpose: pricing_of() reads None when the task has no pricing; the result then carries [].
        client = ScriptedClient({LIST: [subs()], POST: [accepted(T1)], ("GET", f"/tasks/{T1}"): [done(T1)]})
        assert state_for(client, fake_clock, check_mode=True).present()["pricing"] == []


def existing(name: str = "orders", status: str = "active", **fields: Any) -> dict[str, Any]:
    return sub(1206, name, status, **{"paymentMethodType": "credit-card", "paymentMethodId": 2, "memoryStorage": "ram", **fields})


class TestReconcile:
    def test_nothing_to_change_sends_nothing(self, fake_clock):
        client = ScriptedClient({LIST: [subs(existing())], ("GET", "/subscriptions/1206/databases"): [dbs(1206, db(51, "cache"))]})

        result = state_for(client, fake_clock, payment_method=None, memory_storage="ram").present()

        assert (result["changed"], result["subscription_id"], result["database_ids"]) == (False, 1206, [51])
        assert "diff" not in result and client.writes == []

    def test_an_in_place_change_is_sent_and_waited_for(self, fake_clock):
        client = ScriptedClient({
            LIST: [subs(existing())],
            ("GET", "/subscriptions/1206"): [by_writes(existing(), [existing(status="pending", paymentMethodId=3), existing(paymentMethodId=3)])],
            ("PUT", "/subscriptions/1206"): [accepted(T1, SUBSCRIPTION_UPDATE)],
            ("GET", f"/tasks/{T1}"): [done(T1, SUBSCRIPTION_UPDATE, resourceId=1206)],
            ("GET", "/subscriptions/1206/databases"): [NOT_FOUND],
        })

        result = state_for(client, fake_clock, payment_method="credit-card", payment_method_id=3).present()

        assert client.writes == [("PUT", "/subscriptions/1206", {"paymentMethodId": 3})]
        assert (result["changed"], result["task_id"]) == (True, T1)
        assert result["diff"] == {"before": {"payment_method_id": 2}, "after": {"payment_method_id": 3}}
        assert result["subscription"]["paymentMethodId"] == 3 and result["subscription"]["status"] == "active"

    def test_a_rename_by_id(self, fake_clock):
        client = ScriptedClient({
            ("GET", "/subscriptions/1206"): [by_writes(existing(), existing(name="renamed"))],
            ("PUT", "/subscriptions/1206"): [accepted(T1, SUBSCRIPTION_UPDATE)],
            ("GET", f"/tasks/{T1}"): [done(T1, SUBSCRIPTION_UPDATE)],
            ("GET", "/subscriptions/1206/databases"): [NOT_FOUND],
        })

        result = state_for(client, fake_clock, subscription_id=1206, name="renamed", payment_method=None).present()

        assert client.writes == [("PUT", "/subscriptions/1206", {"name": "renamed"})]
        assert result["subscription"]["name"] == "renamed"

    def test_a_change_that_needs_a_replacement_is_refused_naming_field_current_and_desired(self, fake_clock):
        client = ScriptedClient({LIST: [subs(existing())]})

        with pytest.raises(RedisCloudError) as caught:
            state_for(client, fake_clock, payment_method=None, memory_storage="ram-and-flash").present()

        assert str(caught.value).startswith(
            "Subscription 1206 ('orders') cannot change in place (memory_storage: current 'ram', desired 'ram-and-flash').")
        assert "nothing was sent" in str(caught.value)
        assert client.writes == []

    def test_in_check_mode_a_change_is_reported_and_nothing_is_sent(self, fake_clock):
        # The subscription update has no dryRun in the spec: check mode sends nothing.
        client = ScriptedClient({LIST: [subs(existing())], ("GET", "/subscriptions/1206/databases"): [NOT_FOUND]})

        result = state_for(client, fake_clock, check_mode=True, payment_method="credit-card", payment_method_id=3).present()

        assert client.writes == []
        assert (result["changed"], result["task_id"], result["pricing"]) == (True, None, None)
        assert result["diff"] == {"before": {"payment_method_id": 2}, "after": {"payment_method_id": 3}}

    def test_a_pending_subscription_is_waited_for_before_comparing(self, fake_clock):
        client = ScriptedClient({
            LIST: [subs(existing(status="pending", cloudDetails=[]))],
            ("GET", "/subscriptions/1206"): [existing(status="pending", cloudDetails=[]), existing()],
            ("GET", "/subscriptions/1206/databases"): [NOT_FOUND],
        })

        result = state_for(client, fake_clock, payment_method=None).present()

        assert (result["changed"], result["subscription"]["status"]) == (False, "active")
        assert client.count("GET", "/subscriptions/1206") == 2

    def test_rerunning_a_create_without_wait_on_a_pending_subscription_is_idempotent(self, fake_clock):
        # Issue 9: a pending subscription reads back "cloudDetails": []; that is no reason to ask for a replacement.
        client = ScriptedClient({
            LIST: [subs({**made(1206, "pending"), "cloudDetails": []})],
            ("GET", "/subscriptions/1206/databases"): [NOT_FOUND],
        })

        result = state_for(client, fake_clock, wait=False).present()

        assert (result["changed"], result["subscription_id"]) == (False, 1206)
        assert client.writes == []

    def test_an_update_racing_a_delete_fails_at_once(self, fake_clock):
        # Issue 10 finding 11: the PUT succeeded, then the subscription was deleted: a 404 now means gone.
        client = ScriptedClient({
            LIST: [subs(existing())],
            ("GET", "/subscriptions/1206"): [by_writes(existing(), NOT_FOUND)],
            ("PUT", "/subscriptions/1206"): [accepted(T1, SUBSCRIPTION_UPDATE)],
            ("GET", f"/tasks/{T1}"): [done(T1, SUBSCRIPTION_UPDATE)],
        })

        with pytest.raises(ResourceGoneError, match="was deleted while this run waited"):
            state_for(client, fake_clock, wait_timeout=1800, payment_method="credit-card", payment_method_id=3).present()

        assert fake_clock.now - 1000 < 10

    def test_a_lost_update_that_shows_done_is_not_sent_again(self, fake_clock):
        client = ScriptedClient({
            LIST: [subs(existing())],
            ("GET", "/subscriptions/1206"): [by_writes(existing(), existing(paymentMethodId=3))],
            ("PUT", "/subscriptions/1206"): [lost("PUT", "/subscriptions/1206")],
            TASKS: [tasks()],
            ("GET", "/subscriptions/1206/databases"): [NOT_FOUND],
        })

        result = state_for(client, fake_clock, payment_method="credit-card", payment_method_id=3).present()

        assert len(client.writes) == 1
        assert result["changed"] and result["subscription"]["paymentMethodId"] == 3

    def test_a_lost_update_that_provably_was_not_done_is_sent_again(self, fake_clock):
        # Issue 10 finding 13: a PUT of the same body is safe to send again once the current state is confirmed.
        client = ScriptedClient({
            LIST: [subs(existing())],
            ("GET", "/subscriptions/1206"): [by_writes(existing(), existing(), existing(paymentMethodId=3))],
            ("PUT", "/subscriptions/1206"): [server_error("PUT", "/subscriptions/1206"), accepted(T1, SUBSCRIPTION_UPDATE)],
            ("GET", f"/tasks/{T1}"): [done(T1, SUBSCRIPTION_UPDATE)],
            TASKS: [tasks()],
            ("GET", "/subscriptions/1206/databases"): [NOT_FOUND],
        })

        result = state_for(client, fake_clock, payment_method="credit-card", payment_method_id=3).present()

        assert [write[:2] for write in client.writes] == [("PUT", "/subscriptions/1206")] * 2
        assert result["task_id"] == T1


class TestAbsent:
    def test_delete_without_databases(self, fake_clock):
        # Issue 9: the database listing of a subscription without databases answers 404.
        client = ScriptedClient({
            LIST: [subs(existing())],
            ("GET", "/subscriptions/1206/databases"): [NOT_FOUND],
            ("GET", "/subscriptions/1206"): [by_writes(existing(), [existing(status="deleting"), NOT_FOUND])],
            ("DELETE", "/subscriptions/1206"): [accepted(T1, SUBSCRIPTION_DELETE)],
            ("GET", f"/tasks/{T1}"): [done(T1, SUBSCRIPTION_DELETE)],
        })

        result = state_for(client, fake_clock, state="absent").absent()

        assert client.writes == [("DELETE", "/subscriptions/1206", None)]
        assert (result["changed"], result["subscription"], result["subscription_id"], result["task_id"]) == (True, None, 1206, T1)
        assert result["database_ids"] == []
        assert result["diff"] == {"before": {"subscription_id": 1206, "name": "orders", "databases": []}, "after": {}}

    def test_a_lost_delete_that_the_api_acted_on_is_not_sent_again(self, fake_clock):
        client = ScriptedClient({
            LIST: [subs(existing())],
            ("GET", "/subscriptions/1206/databases"): [NOT_FOUND],
            ("GET", "/subscriptions/1206"): [by_writes(existing(), [existing(status="deleting"), existing(status="deleting"), NOT_FOUND])],
            ("DELETE", "/subscriptions/1206"): [lost("DELETE", "/subscriptions/1206")],
            TASKS: [tasks()],
        })

        result = state_for(client, fake_clock, state="absent").absent()

        assert client.writes == [("DELETE", "/subscriptions/1206", None)]
        assert (result["changed"], result["subscription"], result["subscription_id"]) == (True, None, 1206)

    def test_a_delete_refused_while_the_subscription_is_busy_is_sent_again_once_it_is_active(self, fake_clock):
        busy = ApiRequestError("DELETE /subscriptions/1206 failed: HTTP 403", status=403, error_type="SUBSCRIPTION_NOT_ACTIVE",
                               method="DELETE", path="/subscriptions/1206")
        client = ScriptedClient({
            LIST: [subs(existing())],
            ("GET", "/subscriptions/1206/databases"): [NOT_FOUND],
            ("GET", "/subscriptions/1206"): [by_writes(existing(), [existing(status="pending"), existing()],
                                                       [existing(status="deleting"), NOT_FOUND])],
            ("DELETE", "/subscriptions/1206"): [busy, accepted(T1, SUBSCRIPTION_DELETE)],
            ("GET", f"/tasks/{T1}"): [done(T1, SUBSCRIPTION_DELETE)],
        })

        result = state_for(client, fake_clock, state="absent").absent()

        assert [write[:2] for write in client.writes] == [("DELETE", "/subscriptions/1206")] * 2
        assert (result["changed"], result["task_id"], result["subscription"]) == (True, T1, None)

    def test_databases_are_not_deleted_unless_asked(self, fake_clock):
        client = ScriptedClient({LIST: [subs(existing())], ("GET", "/subscriptions/1206/databases"): [dbs(1206, db(51, "cache"))]})
        state = state_for(client, fake_clock, state="absent")

        with pytest.raises(RedisCloudError) as caught:
            state.absent()

        assert "still has 1 database(s): cache (51)" in str(caught.value) and "delete_databases=true" in str(caught.value)
        assert caught.value.error_type == "SUBSCRIPTION_IN_USE"
        assert client.writes == [] and state.result["database_ids"] == [51]

    def test_delete_databases_goes_through_the_database_delete(self, fake_clock):
        subscription_reads: list[str] = []

        def subscription(api: ScriptedClient) -> Any:
            # Active; pending while the database delete is provisioned; active again; then deleting and gone.
            deletes = [path for method, path, _body in api.writes if method == "DELETE"]
            if not deletes:
                answer = existing()
            elif deletes == ["/subscriptions/1206/databases/51"]:
                answer = existing(status="pending") if subscription_reads.count("pending") < 2 else existing()
            else:
                answer = existing(status="deleting") if subscription_reads[-1] != "deleting" else NOT_FOUND
            subscription_reads.append("gone" if answer is NOT_FOUND else answer["status"])
            return answer

        def database_deleted(api: ScriptedClient) -> bool:
            return any(path.endswith("/databases/51") for _method, path, _body in api.writes)

        client = ScriptedClient({
            LIST: [subs(existing())],
            ("GET", "/subscriptions/1206"): [subscription],
            ("GET", "/subscriptions/1206/databases"): [lambda api: NOT_FOUND if database_deleted(api) else dbs(1206, db(51, "cache"))],
            ("GET", "/subscriptions/1206/databases/51"): [lambda api: NOT_FOUND if database_deleted(api) else db(51, "cache")],
            ("DELETE", "/subscriptions/1206/databases/51"): [accepted(T1, DATABASE_DELETE)],
            ("GET", f"/tasks/{T1}"): [done(T1, DATABASE_DELETE, resourceId=51, additionalResourceId=1206)],
            ("DELETE", "/subscriptions/1206"): [accepted(T2, SUBSCRIPTION_DELETE)],
            ("GET", f"/tasks/{T2}"): [done(T2, SUBSCRIPTION_DELETE)],
        })

        result = state_for(client, fake_clock, state="absent", delete_databases=True).absent()

        assert [write[:2] for write in client.writes] == [("DELETE", "/subscriptions/1206/databases/51"), ("DELETE", "/subscriptions/1206")]
        # The subscription's DELETE was sent only once the subscription was active again after the database delete.
        before_delete = subscription_reads[:subscription_reads.index("deleting")]
        assert "pending" in before_delete and before_delete[-1] == "active"
        assert (result["changed"], result["subscription_id"], result["task_id"], result["database_ids"]) == (True, 1206, T2, [51])
        assert result["diff"]["before"]["databases"] == ["cache"]

    def test_a_refused_database_delete_is_sent_again_once_the_subscription_is_active(self, fake_clock):
        client = ScriptedClient({
            LIST: [subs(existing())],
            ("GET", "/subscriptions/1206"): [by_writes(existing(), existing(), existing(), [existing(status="deleting"), NOT_FOUND])],
            ("GET", "/subscriptions/1206/databases"): [by_writes(dbs(1206, db(51, "cache")), dbs(1206, db(51, "cache")), NOT_FOUND)],
            ("GET", "/subscriptions/1206/databases/51"): [by_writes(db(51, "cache"), db(51, "cache"), NOT_FOUND)],
            ("DELETE", "/subscriptions/1206/databases/51"): [accepted(T0, DATABASE_DELETE), accepted(T1, DATABASE_DELETE)],
            ("GET", f"/tasks/{T0}"): [refused_task(T0, "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS", DATABASE_DELETE)],
            ("GET", f"/tasks/{T1}"): [done(T1, DATABASE_DELETE)],
            ("DELETE", "/subscriptions/1206"): [accepted(T2, SUBSCRIPTION_DELETE)],
            ("GET", f"/tasks/{T2}"): [done(T2, SUBSCRIPTION_DELETE)],
        })

        result = state_for(client, fake_clock, state="absent", delete_databases=True).absent()

        assert [write[:2] for write in client.writes] == [("DELETE", "/subscriptions/1206/databases/51")] * 2 + [("DELETE", "/subscriptions/1206")]
        assert result["changed"] and result["subscription"] is None

    def test_already_absent_changes_nothing(self, fake_clock):
        client = ScriptedClient({LIST: [subs(sub(3, "other"))]})

        result = state_for(client, fake_clock, state="absent").absent()

        assert (result["changed"], result["subscription"], result["subscription_id"]) == (False, None, None)
        assert client.writes == []

    def test_one_already_being_deleted_is_waited_for_and_nothing_is_sent(self, fake_clock):
        client = ScriptedClient({
            LIST: [subs(existing(status="deleting"))],
            ("GET", "/subscriptions/1206"): [existing(status="deleting"), NOT_FOUND],
        })

        result = state_for(client, fake_clock, state="absent").absent()

        assert (result["changed"], result["subscription"], result["subscription_id"]) == (False, None, 1206)
        assert client.writes == [] and client.count("GET", "/subscriptions/1206") == 2

    def test_check_mode_sends_nothing(self, fake_clock):
        client = ScriptedClient({LIST: [subs(existing())], ("GET", "/subscriptions/1206/databases"): [dbs(1206, db(51, "cache"))]})

        result = state_for(client, fake_clock, check_mode=True, state="absent", delete_databases=True).absent()

        assert client.writes == []
        assert result["changed"] and result["subscription_id"] == 1206
        assert result["diff"] == {"before": {"subscription_id": 1206, "name": "orders", "databases": ["cache"]}, "after": {}}

    def test_without_wait_the_delete_is_sent_and_not_followed(self, fake_clock):
        client = ScriptedClient({
            ("GET", "/subscriptions/1206"): [existing()],
            ("GET", "/subscriptions/1206/databases"): [NOT_FOUND],
            ("DELETE", "/subscriptions/1206"): [accepted(T1, SUBSCRIPTION_DELETE)],
        })

        result = state_for(client, fake_clock, state="absent", wait=False, subscription_id=1206, name=None).absent()

        assert client.writes == [("DELETE", "/subscriptions/1206", None)]
        assert (result["changed"], result["task_id"]) == (True, T1)
        assert ("GET", f"/tasks/{T1}") not in client.calls


@pytest.mark.parametrize(("path", "expected"), [
    ("name", True), ("missing", False), ("backup.storage_type", True), ("backup.interval", False),
    ("replica.sync_sources[].encryption", True), ("replica.sync_sources[].server_cert", False), ("empty.items[].x", False),
])
def test_is_set_reads_dotted_option_paths(path, expected):
    params = {"name": "x", "missing": None, "backup": {"storage_type": "aws-s3", "interval": None},
              "replica": {"sync_sources": [{"endpoint": "redis://h:1", "encryption": True, "server_cert": None}]}, "empty": {"items": []}}
    assert is_set(params, path) is expected
