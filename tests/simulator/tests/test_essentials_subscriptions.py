# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Essentials subscriptions: lifecycle, read-back shapes, payment rules, plan changes and deletion."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import WRITE_TASK_SECONDS, Api
from essentials_helpers import (CARD, FREE_PLAN, PAID_PLAN, create_fixed_database, create_fixed_subscription, fixed_status,
                                fixed_subscription_task, plan_id, task_error)
from redis_cloud_simulator.spec import validate_body


def test_create_is_a_task_then_pending_then_active(api: Api) -> None:
    answer = api.post("/fixed/subscriptions", {"name": "cache", "planId": PAID_PLAN, "paymentMethodId": CARD})
    assert answer.status_code == 202
    assert validate_body("TaskStateUpdate", answer.json(), direction="response") == []
    assert answer.json()["commandType"] == "fixedSubscriptionCreateRequest"
    api.wait(WRITE_TASK_SECONDS)
    task = api.task(answer.json()["taskId"])
    assert task["status"] == "processing-completed" and set(task["response"]) == {"resourceId"}
    subscription_id = task["response"]["resourceId"]
    # Readable at once (the Terraform provider reads it by id right after the task).
    assert fixed_status(api, subscription_id) == "pending"
    api.wait(59)
    assert fixed_status(api, subscription_id) == "pending"
    api.wait(1)
    assert fixed_status(api, subscription_id) == "active"


def test_read_back_shapes(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    body = api.get(f"/fixed/subscriptions/{subscription_id}").json()
    assert validate_body("FixedSubscription", body, direction="response") == []
    assert {key: body[key] for key in ("name", "status", "paymentMethodId", "paymentMethodType", "planId", "planName", "size",
                                       "sizeMeasurementUnit", "provider", "region", "price", "connections")} == {
        "name": "cache", "status": "active", "paymentMethodId": CARD, "paymentMethodType": "credit-card", "planId": PAID_PLAN,
        "planName": "250MB", "size": 250, "sizeMeasurementUnit": "MB", "provider": "AWS", "region": "us-east-1", "price": 5,
        "connections": "256"}
    assert body["creationDate"].endswith("Z") and len(body["creationDate"]) == 20  # 2024-05-09T09:36:18Z, as recorded
    assert body["links"][0]["href"].endswith(f"/v1/fixed/subscriptions/{subscription_id}")
    listing = api.get("/fixed/subscriptions").json()
    assert validate_body("FixedSubscriptions", listing, direction="response") == []
    assert [sub["id"] for sub in listing["subscriptions"]] == [subscription_id] and listing["subscriptions"][0]["links"] == []
    assert api.get("/fixed/subscriptions/999").status_code == 404


def test_a_free_plan_needs_no_payment_method_and_reads_back_none(api: Api) -> None:
    subscription_id = create_fixed_subscription(api, FREE_PLAN)
    body = api.get(f"/fixed/subscriptions/{subscription_id}").json()
    assert "paymentMethodId" not in body and body["price"] == 0


@pytest.mark.parametrize("plan, extra, billing, error", [
    (FREE_PLAN, {"paymentMethodId": CARD}, "credit-card", "FIXED_PAYMENT_INFO_NOT_ALLOWED_IN_FREE_FIXED_PLAN"),
    (PAID_PLAN, {"paymentMethodId": None}, "credit-card", "PAYMENT_INFO_NOT_PROVIDED"),
    # terraform-provider-rediscloud issue #577: a marketplace account sending the default credit-card method.
    (PAID_PLAN, {"paymentMethodId": None}, "marketplace", "PAYMENT_INFO_NOT_PROVIDED"),
    (PAID_PLAN, {"paymentMethod": "marketplace", "paymentMethodId": CARD}, "marketplace", "MARKETPLACE_PAYMENT_INFO_COLLISION"),
    (PAID_PLAN, {"paymentMethod": "marketplace", "paymentMethodId": None}, "credit-card", "ACCOUNT_MARKETPLACE_NOT_FOUND"),
    (PAID_PLAN, {"paymentMethodId": 9999}, "credit-card", "SUBSCRIPTION_PI_NOT_FOUND"),
    (12345, {}, "credit-card", "FIXED_SUBSCRIPTION_CREATE_PLAN_NOT_FOUND"),
])
def test_payment_refusals_fail_the_task(start_api: Callable[..., Api], plan: int, extra: dict[str, Any], billing: str,
                                        error: str) -> None:
    api = start_api(essentials_account_billing=billing)
    body: dict[str, Any] = {"name": "cache", "planId": plan, **extra}
    task = api.finished_task(api.post("/fixed/subscriptions", {key: value for key, value in body.items() if value is not None}))
    assert task_error(task) == error
    assert validate_body("TaskStateUpdate", task, direction="response") == []
    assert api.get("/fixed/subscriptions").json()["subscriptions"] == []


def test_marketplace_account_pays_by_marketplace_or_by_card(start_api: Callable[..., Api]) -> None:
    api = start_api(essentials_account_billing="marketplace")
    by_marketplace = create_fixed_subscription(api, PAID_PLAN, paymentMethod="marketplace", paymentMethodId=None)
    assert api.get(f"/fixed/subscriptions/{by_marketplace}").json()["paymentMethodType"] == "marketplace"
    by_card = create_fixed_subscription(api, PAID_PLAN, paymentMethod="credit-card")
    assert api.get(f"/fixed/subscriptions/{by_card}").json()["paymentMethodId"] == CARD


def test_only_one_free_subscription_per_account(api: Api) -> None:
    create_fixed_subscription(api, FREE_PLAN)
    assert task_error(fixed_subscription_task(api, plan_id("30MB", "GCP", "us-central1"))) == "FIXED_SUBSCRIPTION_ACCOUNT_ALREADY_HAS_A_FREE_PLAN"
    assert fixed_subscription_task(api, PAID_PLAN)["status"] == "processing-completed"  # paid ones are not limited


def test_dry_run_is_an_unknown_field(api: Api) -> None:
    answer = api.post("/fixed/subscriptions", {"name": "cache", "planId": PAID_PLAN, "paymentMethodId": CARD, "dryRun": True})
    assert answer.status_code == 400
    assert answer.json()["error"]["type"] == "UNRECOGNIZED_FIELD"
    assert api.control("GET", "state")["tasks"] == []


def test_rename_and_plan_change(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    renamed = api.put(f"/fixed/subscriptions/{subscription_id}", {"name": "renamed", "planId": PAID_PLAN})
    assert renamed.status_code == 202 and renamed.json()["commandType"] == "fixedSubscriptionUpdateRequest"
    api.finished_task(renamed)
    assert (api.get(f"/fixed/subscriptions/{subscription_id}").json()["name"], fixed_status(api, subscription_id)) == ("renamed", "active")
    larger = plan_id("Single-Zone_1GB")
    done = api.finished_task(api.put(f"/fixed/subscriptions/{subscription_id}", {"planId": larger}))
    assert done["status"] == "processing-completed"
    body = api.get(f"/fixed/subscriptions/{subscription_id}").json()
    assert (body["planId"], body["planName"], body["status"]) == (larger, "Single-Zone_1GB", "pending")
    # A plan change is refused while the subscription is pending.
    refused = api.finished_task(api.put(f"/fixed/subscriptions/{subscription_id}", {"planId": PAID_PLAN}))
    assert task_error(refused) == "UPDATING_A_FIXED_SUBSCRIPTION_PLAN_IS_NOT_ALLOWED_WHILE_THE_SUBSCRIPTION_OR_BDB_IS_PENDING"
    api.wait(30)
    assert fixed_status(api, subscription_id) == "active"


def test_plan_change_refused_while_a_database_is_pending(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    api.finished_task(api.post(f"/fixed/subscriptions/{subscription_id}/databases", {"name": "db"}))
    assert fixed_status(api, subscription_id) == "pending"
    refused = api.finished_task(api.put(f"/fixed/subscriptions/{subscription_id}", {"planId": plan_id("Single-Zone_1GB")}))
    assert task_error(refused) == "UPDATING_A_FIXED_SUBSCRIPTION_PLAN_IS_NOT_ALLOWED_WHILE_THE_SUBSCRIPTION_OR_BDB_IS_PENDING"
    # Any other change of a subscription that is not active: SUBSCRIPTION_NOT_ACTIVE, as for Pro.
    assert task_error(api.finished_task(api.put(f"/fixed/subscriptions/{subscription_id}", {"name": "x"}))) == "SUBSCRIPTION_NOT_ACTIVE"


@pytest.mark.parametrize("target, error", [
    (plan_id("250MB", "GCP", "us-central1"), "FIXED_MISMATCH_BETWEEN_REQUEST_PLAN_CLOUD_PROVIDER_AND_SUBSCRIPTION_CLOUD_PROVIDER"),
    (plan_id("250MB", "AWS", "eu-west-1"), "FIXED_MISMATCH_BETWEEN_REQUEST_PLAN_REGION_AND_SUBSCRIPTION_REGION"),
    (plan_id("Multi-AZ 1GB"), "FIXED_SUBSCRIPTION_PLAN_CANNOT_CHANGED_FROM_AVAILABILITY_OF_SINGLE_ZONE_OR_NO_REPLICATION_TO_MULTI_ZONE"),
    (plan_id("Redis Flex 1GB"), "NON_REDIS_FLEX_PLAN_CANNOT_BE_UPDATED_TO_REDIS_FLEX_PLAN"),
    (99999, "FIXED_SUBSCRIPTION_UPDATE_INVALID_PLAN"),
])
def test_plan_change_refusals(api: Api, target: int, error: str) -> None:
    subscription_id = create_fixed_subscription(api)
    assert task_error(api.finished_task(api.put(f"/fixed/subscriptions/{subscription_id}", {"planId": target}))) == error
    assert api.get(f"/fixed/subscriptions/{subscription_id}").json()["planId"] == PAID_PLAN


def test_plan_change_refused_below_the_database_count(api: Api) -> None:
    subscription_id = create_fixed_subscription(api, plan_id("Standard 250MB"))
    for name in ("one", "two"):
        create_fixed_database(api, subscription_id, name)
    refused = api.finished_task(api.put(f"/fixed/subscriptions/{subscription_id}", {"planId": PAID_PLAN}))
    assert task_error(refused) == "FIXED_SUBSCRIPTION_PLAN_MAX_DATABASES_SMALLER_THEN_CURRENT_SUBSCRIPTION_DATABASES_COUNT"


def test_moving_from_free_to_paid_needs_a_card(api: Api) -> None:
    subscription_id = create_fixed_subscription(api, FREE_PLAN)
    assert task_error(api.finished_task(api.put(f"/fixed/subscriptions/{subscription_id}", {"planId": PAID_PLAN}))) == "PAYMENT_INFO_NOT_PROVIDED"
    moved = api.finished_task(api.put(f"/fixed/subscriptions/{subscription_id}", {"planId": PAID_PLAN, "paymentMethodId": CARD}))
    assert moved["status"] == "processing-completed"
    assert api.get(f"/fixed/subscriptions/{subscription_id}").json()["paymentMethodId"] == CARD


def test_update_bodies_are_checked(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    for body, error in (({}, "BAD_REQUEST"), ({"provider": "GCP"}, "UNRECOGNIZED_FIELD"), ({"planId": "x"}, "BAD_REQUEST")):
        answer = api.put(f"/fixed/subscriptions/{subscription_id}", body)
        assert (answer.status_code, answer.json()["error"]["type"]) == (400, error), body


def test_delete_refused_while_databases_exist_then_deleting_then_gone(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    database_id = create_fixed_database(api, subscription_id)
    answer = api.delete(f"/fixed/subscriptions/{subscription_id}")
    assert answer.status_code == 200 and answer.json()["commandType"] == "fixedSubscriptionDeleteRequest"
    refused = api.finished_task(answer)
    assert task_error(refused) == "SUBSCRIPTION_IN_USE" and refused["response"]["error"]["status"] == "409 CONFLICT"
    api.finished_task(api.delete(f"/fixed/subscriptions/{subscription_id}/databases/{database_id}"))
    api.wait(20)
    deleted = api.finished_task(api.delete(f"/fixed/subscriptions/{subscription_id}"))
    assert deleted["status"] == "processing-completed" and deleted["response"] == {"resourceId": subscription_id}
    assert fixed_status(api, subscription_id) == "deleting"
    api.wait(30)
    assert api.get(f"/fixed/subscriptions/{subscription_id}").status_code == 404
    assert api.get("/fixed/subscriptions").json()["subscriptions"] == []
    state = api.control("GET", "state")["essentials"]["subscriptions"]
    assert [(sub["id"], sub["status"]) for sub in state] == [(subscription_id, "deleted")]


def test_refusals_as_http_errors_and_injected_faults(start_api: Callable[..., Api]) -> None:
    api = start_api(not_active_error="http")
    subscription_id = create_fixed_subscription(api)
    api.finished_task(api.post(f"/fixed/subscriptions/{subscription_id}/databases", {"name": "db"}))
    answer = api.post(f"/fixed/subscriptions/{subscription_id}/databases", {"name": "db2"})
    assert (answer.status_code, answer.json()["error"]["type"]) == (400, "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS")
    assert api.delete(f"/fixed/subscriptions/{subscription_id}").status_code == 403
    api.wait(60)
    api.configure(not_active_error="task", faults=[{"kind": "not_active", "path": "/v1/fixed/*", "count": 1}])
    assert task_error(api.finished_task(api.put(f"/fixed/subscriptions/{subscription_id}", {"name": "x"}))) == "SUBSCRIPTION_NOT_ACTIVE"


def test_subscription_error_fault(start_api: Callable[..., Api]) -> None:
    api = start_api(faults=[{"kind": "subscription_error", "path": "/v1/fixed/subscriptions", "count": 1}])
    task = fixed_subscription_task(api)
    api.wait(60)
    assert fixed_status(api, task["response"]["resourceId"]) == "error"
