"""subscription.py: what is the subscription's own on the shared core: admission control, the creation plan's
database ids, customer-managed keys, and the update body.

The admission cases are ported from test_subscription_create.py (find_or_admit) and
test_subscription_reconcile.py (pending slots).
"""

from __future__ import annotations

import tempfile
import uuid
from typing import Any

import pytest
from scripted_api import NOT_FOUND, REGIONS, REGIONS_ANSWER, ScriptedClient, accepted, db, dbs, make_run, stamp, sub, subs, task, tasks, tid

from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference
from ansible_collections.rediscloud.api.plugins.module_utils.engine.creates import Creator
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import Resources
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import SUBSCRIPTION
from ansible_collections.rediscloud.api.plugins.module_utils.engine.state import Connection, ResourceState, RunFlags
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription_options import region_problems
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription import (
    MAX_PENDING_SUBSCRIPTIONS,
    SLOTS,
    SubscriptionModel,
    pending_count,
    planned_database_count,
)
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import parse_task

T1 = tid(1)
TASKS, LIST, POST = ("GET", "/tasks"), ("GET", "/subscriptions"), ("POST", "/subscriptions")
PLAN = {
    "name": "orders",
    "payment_method": "marketplace",
    "cloud_providers": [{"provider": "AWS", "regions": [{"region": "us-east-1"}]}],
    "databases": [{"name": "cache", "protocol": "redis", "dataset_size_in_gb": 1}],
}


@pytest.fixture(autouse=True)
def lock_dir(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def model_for(client: ScriptedClient, fake_clock, wait: bool = True, wait_timeout: float = 600, **options: Any) -> ResourceState:
    """The engine running the subscription's model (a model is pure: what it asks for, the engine does)."""
    run = make_run(client, fake_clock, wait_timeout=wait_timeout)
    model = SubscriptionModel({"state": "present", "subscription_id": None, **PLAN, **options})
    return ResourceState(model, run, RunFlags(False, True, wait), Connection(f"https://api.example.test/{uuid.uuid4()}/v1", "unit-test-account-key-0001"))


def state_for(state: ResourceState) -> ResourceState:
    return state


def made(subscription_id: int, status: str = "active", name: str = "orders") -> dict[str, Any]:
    return sub(subscription_id, name, status, paymentMethodType="marketplace")


class TestPendingSlots:
    def test_a_pending_slot_is_free_below_three_non_active_subscriptions(self):
        listed = [sub(1, "a", "pending"), sub(2, "b", "deleting"), sub(3, "c")]
        assert pending_count(listed) == 2 < MAX_PENDING_SUBSCRIPTIONS
        # A subscription in error holds no slot (it stays so until deleted).
        assert pending_count(listed + [sub(4, "d", "error")]) == 2
        assert pending_count(listed + [sub(5, "e", "encryption_key_pending")]) == 3
        assert pending_count(listed + [sub(6, "f", "some-new-status")]) == 3

    def test_planned_databases_count_their_quantity(self):
        assert planned_database_count({"databases": [{"name": "a"}, {"name": "b", "quantity": 3}, {"name": "c", "quantity": None}]}) == 5
        assert planned_database_count({"databases": None}) == 0


class TestAdmission:
    def test_waits_for_a_free_slot_reading_only_the_list(self, fake_clock):
        full = subs(sub(1, "a", "pending"), sub(2, "b", "pending"), sub(3, "c", "deleting"))
        client = ScriptedClient({LIST: [full, full, subs(sub(1, "a"), sub(2, "b", "pending"), sub(3, "c", "deleting"))]})
        model = model_for(client, fake_clock)
        creator = Creator(Resources(SUBSCRIPTION, model.run))

        assert model.admit(creator, Resources(SUBSCRIPTION, model.run).list()) is True  # it had to wait: look again

        assert client.calls == [LIST, LIST, LIST]  # the caller's listing, then only the list while waiting
        assert len(fake_clock.sleeps) == 1
        slots = [entry["status"] for entry in model.run.timeline.as_list() if entry["what"] == SLOTS]
        assert slots == ["3 of 3 taken", "2 of 3 taken"]

    def test_a_free_slot_needs_no_wait(self, fake_clock):
        client = ScriptedClient()
        model = model_for(client, fake_clock)
        assert model.admit(Creator(Resources(SUBSCRIPTION, model.run)), [sub(1, "a", "pending"), sub(2, "b", "pending")]) is False
        assert client.calls == [] and fake_clock.sleeps == []

    def test_subscriptions_this_run_saw_created_count_until_listed(self, fake_clock):
        # Issue 9: a subscription whose create task just completed holds a slot before the listing shows it.
        listed = subs(sub(1, "a", "pending"), sub(2, "b", "pending"))
        client = ScriptedClient({
            TASKS: [tasks(task(T1, "processing-completed", timestamp=stamp(5), resourceId=9))],
            LIST: [listed, listed, subs(sub(1, "a"), sub(2, "b", "pending"), made(9, "pending", "other"))],
            ("GET", "/subscriptions/9"): [made(9, "pending", "other")],
        })
        model = model_for(client, fake_clock)
        creator = Creator(Resources(SUBSCRIPTION, model.run))
        creator.settle_in_flight()

        assert model.admit(creator, creator.resources.list()) is True

        slots = [entry["status"] for entry in model.run.timeline.as_list() if entry["what"] == SLOTS]
        assert slots[0] == "3 of 3 taken"

    def test_the_create_waits_for_a_slot_then_looks_for_the_name_again(self, fake_clock):
        full = subs(sub(1, "a", "pending"), sub(2, "b", "pending"), sub(3, "c", "deleting"))
        free = subs(sub(1, "a"), sub(2, "b", "pending"), sub(3, "c", "deleting"))
        client = ScriptedClient({
            TASKS: [tasks()],
            LIST: [full, full, full, full, free],
            POST: [accepted(T1)],
        })

        result = state_for(model_for(client, fake_clock, wait=False)).present()

        assert result["task_id"] == T1
        look = [TASKS, LIST, TASKS, LIST]  # absence proven: two looks 5 s apart
        # Found absent, then the slot wait reads only the list; once a slot is free the name is looked up again,
        # once: the first empty look, more than 5 s before, still counts as the first of the two.
        # Issue 16: before the create, its regions are checked (GET /regions).
        assert client.calls == [LIST, REGIONS] + look + [LIST, LIST] + [TASKS, LIST] + [POST]
        assert fake_clock.sleeps == [5.0, 1.25]

    def test_gives_up_at_the_deadline_without_submitting(self, fake_clock):
        full = subs(sub(1, "a", "pending"), sub(2, "b", "pending"), sub(3, "c", "pending"))
        client = ScriptedClient({TASKS: [tasks()], LIST: [full]})

        with pytest.raises(WaitTimeoutError) as caught:
            state_for(model_for(client, fake_clock, wait_timeout=30)).present()

        assert "3 subscriptions of the account are not active" in str(caught.value)
        assert "Nothing was submitted" in str(caught.value)
        assert client.count(*POST) == 0 and client.writes == []


class TestCreationPlanDatabases:
    def create(self, client: ScriptedClient, fake_clock, **options: Any) -> dict[str, Any]:
        return state_for(model_for(client, fake_clock, **options)).present()

    def script(self, task_body: dict[str, Any], databases: list[Any]) -> ScriptedClient:
        return ScriptedClient({
            TASKS: [tasks()], LIST: [subs()], POST: [accepted(T1)],
            ("GET", f"/tasks/{T1}"): [task_body],
            ("GET", "/subscriptions/7"): [made(7)],
            ("GET", "/subscriptions/7/databases"): databases,
        })

    def test_taken_from_the_task_when_it_has_them(self, fake_clock):
        client = self.script(task(T1, "processing-completed", resourceId=7, resource={"databases": [{"databaseId": 51}, {"databaseId": 52}]}),
                             [dbs(7, db(51, "cache"))])

        assert self.create(client, fake_clock)["database_ids"] == [51, 52]
        assert ("GET", "/subscriptions/7/databases") not in client.calls

    def test_listed_until_the_plan_count_shows(self, fake_clock):
        # Issue 9: the real create task answers only resourceId, and a new subscription reads active before its
        # databases are listed (the listing answers 404 while there are none).
        client = self.script(task(T1, "processing-completed", resourceId=7),
                             [NOT_FOUND, NOT_FOUND, dbs(7, db(51, "cache")), dbs(7, db(51, "cache"), db(52, "cache-2"))])

        result = self.create(client, fake_clock, databases=[{"name": "cache", "quantity": 2}])

        assert result["database_ids"] == [51, 52]
        assert client.count("GET", "/subscriptions/7/databases") == 4

    def test_after_the_grace_what_is_listed_is_returned(self, fake_clock):
        client = self.script(task(T1, "processing-completed", resourceId=7), [NOT_FOUND])

        result = self.create(client, fake_clock)

        assert result["database_ids"] == [] and result["subscription_id"] == 7


class TestCustomerManagedKeys:
    def test_a_create_with_wait_stops_at_encryption_key_pending_with_a_warning_and_its_ids(self, fake_clock):
        # Issue 9: the subscription waits there for the user's keys; the create must not time out.
        client = ScriptedClient({
            TASKS: [tasks()], LIST: [subs()], POST: [accepted(T1)],
            ("GET", f"/tasks/{T1}"): [task(T1, "processing-completed", resourceId=7)],
            ("GET", "/subscriptions/7"): [made(7, "pending"), made(7, "encryption_key_pending")],
            ("GET", "/subscriptions/7/databases"): [NOT_FOUND],
        })

        result = state_for(model_for(client, fake_clock, wait_timeout=1800,
                                     persistent_storage_encryption_type="customer-managed-key")).present()

        assert (result["subscription_id"], result["task_id"], result["subscription"]["status"]) == (7, T1, "encryption_key_pending")
        [warning] = result["warnings"]
        assert warning.startswith("Subscription 7 is in status encryption_key_pending: it waits for the customer-managed encryption keys")
        assert fake_clock.now - 1000 < 1800

    def test_a_rerun_on_it_does_not_wait_and_warns_again(self, fake_clock):
        client = ScriptedClient({LIST: [subs(made(7, "encryption_key_pending"))], ("GET", "/subscriptions/7/databases"): [NOT_FOUND]})

        result = state_for(model_for(client, fake_clock)).present()

        assert result["changed"] is False and len(result["warnings"]) == 1
        assert fake_clock.sleeps == []


class TestPricing:
    def test_read_from_the_task_resource(self, fake_clock):
        # Ported from test_subscription_reconcile.py (pricing_from_task).
        model = model_for(ScriptedClient(), fake_clock)
        priced = parse_task({"taskId": T1, "status": "processing-completed", "response": {"resource": {"pricing": [{"type": "Shards"}]}}}, "GET /tasks")
        assert model.model.pricing(priced) == [{"type": "Shards"}]

    @pytest.mark.parametrize("response", [None, {}, {"resource": {"pricing": "x"}}])
    def test_none_without_a_list(self, fake_clock, response):
        # Changed on purpose: None (was []); the create's check mode turns it into [] (test_state.py).
        model = model_for(ScriptedClient(), fake_clock)
        assert model.model.pricing(parse_task({"taskId": T1, "status": "processing-completed", "response": response}, "GET /tasks")) is None


class TestUpdateBody:
    def test_a_credit_card_goes_with_its_id(self, fake_clock):
        model = model_for(ScriptedClient(), fake_clock, payment_method="credit-card", payment_method_id=2001)
        body = model.model.update_body([Difference("payment_method", "marketplace", "credit-card", in_place=True)], Current({}))
        assert body == {"paymentMethod": "credit-card", "paymentMethodId": 2001}

    def test_only_what_the_update_request_holds(self, fake_clock):
        model = model_for(ScriptedClient(), fake_clock)
        body = model.model.update_body([Difference("name", "a", "b", in_place=True), Difference("memory_storage", "ram", "x", in_place=False)], Current({}))
        assert body == {"name": "b"}


class TestRegions:
    """Issue 16: a region that does not exist is refused before any write, naming the close matches."""

    def test_an_unknown_region_fails_before_any_write_naming_close_matches(self, fake_clock):
        client = ScriptedClient({LIST: [subs()], TASKS: [tasks()]})
        state = model_for(client, fake_clock, cloud_providers=[{"provider": "AWS", "regions": [{"region": "us-east-99"}]}])

        with pytest.raises(RedisCloudError) as caught:
            state.present()

        assert "cloud_providers[0].regions[0].region 'us-east-99' is not one of the account's AWS regions (did you mean us-east-1?)" in str(caught.value)
        assert client.writes == [] and client.params[-1] == {"provider": "AWS"}

    def test_regions_are_checked_in_check_mode_too_and_only_for_a_create(self, fake_clock):
        client = ScriptedClient({LIST: [subs(made(7))], ("GET", "/subscriptions/7/databases"): [dbs(7, db(51, "cache"))]})
        model_for(client, fake_clock, cloud_providers=[{"regions": [{"region": "nowhere-1"}]}]).present()
        assert REGIONS not in client.calls  # an existing subscription: its regions cannot change anyway

    def test_each_provider_is_read_once(self):
        assert region_problems("GCP", [("x", "us-central1")], REGIONS_ANSWER) == []
        assert region_problems("AWS", [("x", "antarctica")], REGIONS_ANSWER) == [
            "x 'antarctica' is not one of the account's AWS regions (the account offers 2: GET /regions lists them)"]
