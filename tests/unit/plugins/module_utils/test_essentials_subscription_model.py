"""The Essentials subscription: fields, bodies against the vendored spec, and the plan and payment checks made before
any write, on answers shaped like the recorded ones (RedisLabs/rediscloud-go-api fixed_subscription_test.go,
fixed_plans_test.go, fixed_plans_subscriptions_test.go).
"""

from __future__ import annotations

import tempfile
import uuid
from typing import Any

import pytest
from scripted_api import NOT_FOUND, ScriptedClient, make_run

from redis_cloud_simulator.spec import validate_body

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import diff_for_display
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current
from ansible_collections.rediscloud.api.plugins.module_utils.engine.state import Connection, ResourceState, RunFlags
from ansible_collections.rediscloud.api.plugins.module_utils.resources.essentials_subscription import EssentialsSubscriptionModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.essentials_subscription_options import (
    essentials_subscription_argument_spec,
    free_plan_problems,
    payment_problems,
    validate_params,
)
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import ESSENTIALS_SUBSCRIPTION, PLAN_CHANGE_WHILE_PENDING

FREE = {"id": 34843, "name": "30MB", "size": 30, "sizeMeasurementUnit": "MB", "provider": "AWS", "region": "us-east-1", "price": 0,
        "priceCurrency": "USD", "pricePeriod": "Month", "maximumDatabases": 1, "availability": "No replication"}
PAID = {**FREE, "id": 34858, "name": "250MB", "size": 250, "price": 5}
# GET /fixed/subscriptions/{id} (TestFixedSubscription_Get): the plan's fields copied in.
EXISTING = {"id": 111728, "name": "orders", "status": "active", "paymentMethodId": 30949, "paymentMethodType": "credit-card",
            "planId": 34858, "planName": "250MB", "size": 250, "sizeMeasurementUnit": "MB", "provider": "AWS", "region": "us-east-1", "price": 5}
FREE_EXISTING = {"id": 111700, "name": "playground", "status": "active", "paymentMethodType": "credit-card", "planId": 34843, "price": 0}


@pytest.fixture(autouse=True)
def lock_dir(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def params(**options: Any) -> dict[str, Any]:
    values: dict[str, Any] = {option: spec.get("default") for option, spec in essentials_subscription_argument_spec().items()}
    values.update({"name": "orders", **options})
    return values


def state(client: ScriptedClient, fake_clock, check_mode: bool = True, **options: Any) -> ResourceState:
    return ResourceState(EssentialsSubscriptionModel(params(**options)), make_run(client, fake_clock),
                         RunFlags(check_mode=check_mode, diff_mode=True, wait=True), Connection(f"https://api.test/{uuid.uuid4()}/v1", "key-0001"))


def listing(*items: dict[str, Any]) -> dict[str, Any]:
    return {"accountId": 1, "subscriptions": list(items)}


class TestBodies:
    def test_create_and_update_bodies_validate_against_the_spec(self):
        subject = EssentialsSubscriptionModel(params(plan_id=34858, payment_method="credit-card", payment_method_id=30949))
        assert subject.create_body() == {"name": "orders", "planId": 34858, "paymentMethod": "credit-card", "paymentMethodId": 30949}
        assert validate_body("FixedSubscriptionCreateRequest", subject.create_body()) == []
        current = Current({**EXISTING, "paymentMethodType": "marketplace", "paymentMethodId": None})
        differences = subject.differences(current)
        body = subject.update_body(differences, current)
        assert body == {"paymentMethodId": 30949, "paymentMethod": "credit-card"} and validate_body("FixedSubscriptionUpdateRequest", body) == []
        assert diff_for_display(differences)["after"] == {"payment_method_id": 30949, "payment_method": "credit-card"}

    def test_a_plan_change_alone_sends_the_plan(self):
        subject = EssentialsSubscriptionModel(params(plan_id=34944))
        current = Current(EXISTING)
        assert subject.update_body(subject.differences(current), current) == {"planId": 34944}

    def test_the_plan_change_refusal_is_declared(self):
        assert PLAN_CHANGE_WHILE_PENDING in ESSENTIALS_SUBSCRIPTION.refusals and EssentialsSubscriptionModel.refusals_in_tasks


class TestPayment:
    def test_marketplace_with_an_id_is_refused_from_the_options_alone(self):
        assert any("MARKETPLACE_PAYMENT_INFO_COLLISION" in problem for problem in validate_params(params(payment_method="marketplace", payment_method_id=1)))
        assert validate_params(params(payment_method="marketplace", plan_id=34858)) == []

    @pytest.mark.parametrize(("options", "plan", "current", "refused"), [
        ({}, PAID, None, "PAYMENT_INFO_NOT_PROVIDED"),  # a card is the default, and needs its id
        ({"payment_method_id": 30949}, FREE, None, "FIXED_PAYMENT_INFO_NOT_ALLOWED_IN_FREE_FIXED_PLAN"),
        ({"payment_method_id": 30949}, PAID, None, None),
        ({"payment_method": "marketplace"}, PAID, None, None),
        ({}, FREE, None, None),
        ({}, PAID, EXISTING, None),  # an existing subscription keeps its card
        ({}, PAID, FREE_EXISTING, "PAYMENT_INFO_NOT_PROVIDED"),  # a free one has none to keep
        ({"payment_method": "credit-card"}, PAID, {**EXISTING, "paymentMethodType": "marketplace", "paymentMethodId": None},
         "PAYMENT_INFO_NOT_PROVIDED"),
    ])
    def test_what_the_plan_says_of_the_payment(self, options, plan, current, refused):
        problems = payment_problems(params(**options), plan, current)
        assert [refused in problem for problem in problems] == ([True] if refused else [])

    def test_one_free_plan_per_account(self):
        others = [FREE_EXISTING, {**FREE_EXISTING, "id": 5, "status": "deleting"}]
        [problem] = free_plan_problems(FREE, others, None)
        assert "'playground' (id 111700)" in problem and "FIXED_SUBSCRIPTION_ACCOUNT_ALREADY_HAS_A_FREE_PLAN" in problem
        assert free_plan_problems(FREE, others, 111700) == [] and free_plan_problems(PAID, others, None) == []


class TestBeforeAnyWrite:
    def test_check_mode_create_reads_the_plan_gives_its_price_and_sends_nothing(self, fake_clock):
        client = ScriptedClient({("GET", "/fixed/subscriptions"): [listing()], ("GET", "/fixed/plans/34858"): [PAID]})

        result = state(client, fake_clock, plan_id=34858, payment_method_id=30949).present()

        assert client.writes == [] and result["changed"] is True
        assert result["pricing"] == [{"type": "Essentials plan", "typeDetails": "250MB", "planId": 34858, "quantity": 1,
                                      "quantityMeasurement": "subscription", "pricePerUnit": 5, "priceCurrency": "USD", "pricePeriod": "Month"}]

    def test_an_unknown_plan_is_refused_before_sending(self, fake_clock):
        client = ScriptedClient({("GET", "/fixed/subscriptions"): [listing()], ("GET", "/fixed/plans/1"): [NOT_FOUND]})

        with pytest.raises(RedisCloudError, match="plan_id: plan 1 was not found"):
            state(client, fake_clock, check_mode=False, plan_id=1).present()
        assert client.writes == []

    def test_a_second_free_plan_is_refused_before_sending(self, fake_clock):
        client = ScriptedClient({("GET", "/fixed/subscriptions"): [listing(FREE_EXISTING)], ("GET", "/fixed/plans/34843"): [FREE]})

        with pytest.raises(RedisCloudError, match="already has a free Essentials subscription, 'playground'"):
            state(client, fake_clock, check_mode=False, plan_id=34843).present()
        assert client.writes == []

    def test_a_plan_change_to_a_plan_it_may_not_take_names_the_ones_it_may(self, fake_clock):
        allowed = {"plans": [PAID, FREE, {**PAID, "id": 40000, "name": "Standard 250MB"}]}
        client = ScriptedClient({("GET", "/fixed/subscriptions"): [listing(EXISTING)], ("GET", "/fixed/plans/subscriptions/111728"): [allowed]})

        with pytest.raises(RedisCloudError) as caught:
            state(client, fake_clock, check_mode=False, plan_id=34944).present()

        assert "cannot move to plan 34944" in str(caught.value)
        assert "34858 (250MB), 34843 (30MB), 40000 (Standard 250MB)" in str(caught.value)
        assert client.writes == []

    def test_a_plan_change_in_check_mode_is_priced_from_the_plans_it_may_take(self, fake_clock):
        client = ScriptedClient({("GET", "/fixed/subscriptions"): [listing(EXISTING)],
                                 ("GET", "/fixed/plans/subscriptions/111728"): [{"plans": [PAID, {**PAID, "id": 40000, "price": 10}]}],
                                 ("GET", "/fixed/subscriptions/111728/databases"): [{"subscription": {"subscriptionId": 111728, "databases": []}}]})

        result = state(client, fake_clock, plan_id=40000).present()

        assert client.writes == [] and result["diff"] == {"before": {"plan_id": 34858}, "after": {"plan_id": 40000}}
        assert result["database_ids"] == []
        assert [line["pricePerUnit"] for line in result["pricing"]] == [10]
