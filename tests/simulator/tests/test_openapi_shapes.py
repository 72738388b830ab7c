# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bodies the simulator sends and accepts validate against the vendored OpenAPI schemas."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Api, subscription_plan
from redis_cloud_simulator.spec import validate_body


def _answer_ok(schema_name: str, body: Any) -> None:
    assert validate_body(schema_name, body, direction="response") == []


def _request_ok(schema_name: str, body: Any) -> None:
    assert validate_body(schema_name, body, direction="request") == []


def test_task_bodies_match_task_state_update(api: Api) -> None:
    created = api.create_subscription()
    _answer_ok("TaskStateUpdate", created)
    listed = api.get("/tasks").json()
    assert [task["taskId"] for task in listed] == [created["taskId"]]
    for task in listed:
        _answer_ok("TaskStateUpdate", task)
    api.configure(tasks_listing_shape="object")
    _answer_ok("TasksStateUpdate", api.get("/tasks").json())
    api.wait(6.5)
    _answer_ok("TaskStateUpdate", api.task(created["taskId"]))


def test_failed_task_matches_with_the_error_object(api: Api) -> None:
    api.configure(max_pending_subscriptions=0)
    task = api.create_subscription()
    api.wait(6.5)
    failed = api.task(task["taskId"])
    assert failed["status"] == "processing-error"
    _answer_ok("TaskStateUpdate", failed)


def test_subscription_bodies_match_the_schemas(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    _answer_ok("Subscription", api.get(f"/subscriptions/{subscription_id}").json())
    _answer_ok("AccountSubscriptions", api.get("/subscriptions").json())
    databases = api.get(f"/subscriptions/{subscription_id}/databases").json()
    _answer_ok("AccountSubscriptionDatabases", databases)
    database_id = databases["subscription"][0]["databases"][0]["databaseId"]
    _answer_ok("Database", api.get(f"/subscriptions/{subscription_id}/databases/{database_id}").json())
    _answer_ok("PaymentMethods", api.get("/payment-methods").json())


def test_accepted_create_bodies_are_valid_create_requests(openapi: dict[str, Any]) -> None:
    spec_example = openapi["paths"]["/subscriptions"]["post"]["requestBody"]["content"]["application/json"]["example"]
    for body in (subscription_plan(), subscription_plan(dryRun=True), spec_example):
        _request_ok("SubscriptionCreateRequest", body)


def test_spec_example_create_body_is_accepted(api: Api, openapi: dict[str, Any]) -> None:
    example = openapi["paths"]["/subscriptions"]["post"]["requestBody"]["content"]["application/json"]["example"]
    answer = api.post("/subscriptions", example)
    assert answer.status_code == 202, answer.text


@pytest.mark.parametrize("body", [{"name": "new"}, {"paymentMethodId": 2002, "paymentMethod": "credit-card"}])
def test_accepted_update_bodies_are_valid_update_requests(api: Api, body: dict[str, Any]) -> None:
    _request_ok("SubscriptionUpdateRequest", body)
    subscription_id = api.create_active_subscription()
    answer = api.put(f"/subscriptions/{subscription_id}", body)
    assert answer.status_code == 200
    _answer_ok("TaskStateUpdate", answer.json())


def _example(openapi: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    return openapi["paths"][path][method]["requestBody"]["content"]["application/json"]["example"]


def test_spec_example_database_bodies_are_accepted(api: Api, openapi: dict[str, Any]) -> None:
    create = _example(openapi, "/subscriptions/{subscriptionId}/databases", "post")
    update = _example(openapi, "/subscriptions/{subscriptionId}/databases/{databaseId}", "put")
    _request_ok("DatabaseCreateRequest", create)
    _request_ok("DatabaseUpdateRequest", update)
    subscription_id = api.create_active_subscription()
    created = api.finished_task(api.post(f"/subscriptions/{subscription_id}/databases", create))
    assert created["status"] == "processing-completed", created
    _answer_ok("TaskStateUpdate", created)
    api.wait(20)
    database_id = created["response"]["resourceId"]
    updated = api.finished_task(api.put(f"/subscriptions/{subscription_id}/databases/{database_id}", update))
    assert updated["status"] == "processing-completed", updated
    _answer_ok("TaskStateUpdate", updated)
