# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bodies the simulator sends and accepts validate against the published OpenAPI schemas."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest

from conftest import Api, subscription_plan


def _relax_links(spec: dict[str, Any]) -> None:
    """The spec types link values as objects, but its own examples (and the API) use strings (rel, href, type)."""
    for schema in spec["components"]["schemas"].values():
        links = schema.get("properties", {}).get("links")
        if links and links.get("type") == "array":
            links["items"] = {"type": "object"}


def _validator(openapi: dict[str, Any], schema_name: str, error_as_object: bool = False) -> jsonschema.Validator:
    spec = copy.deepcopy(openapi)
    _relax_links(spec)
    if error_as_object:
        # The spec types response.error as an enum string; the live API (and the simulator, per the
        # facts README) sends {type, status, description}. Check the rest of the body strictly.
        spec["components"]["schemas"]["ProcessorResponse"]["properties"]["error"] = {
            "type": "object", "required": ["type", "status", "description"],
            "properties": {"type": {"enum": openapi["components"]["schemas"]["ProcessorResponse"]["properties"]["error"]["enum"]}},
        }
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _check(openapi: dict[str, Any], schema_name: str, body: Any, error_as_object: bool = False) -> None:
    _validator(openapi, schema_name, error_as_object).validate(body)


def test_task_bodies_match_task_state_update(api: Api, openapi: dict[str, Any]) -> None:
    created = api.create_subscription()
    _check(openapi, "TaskStateUpdate", created)
    api.wait(6.5)
    _check(openapi, "TaskStateUpdate", api.task(created["taskId"]))
    _check(openapi, "TasksStateUpdate", api.get("/tasks").json())


def test_failed_task_matches_with_the_error_object(api: Api, openapi: dict[str, Any]) -> None:
    api.configure(max_pending_subscriptions=0)
    task = api.create_subscription()
    api.wait(6.5)
    failed = api.task(task["taskId"])
    assert failed["status"] == "processing-error"
    _check(openapi, "TaskStateUpdate", failed, error_as_object=True)


def test_subscription_bodies_match_the_schemas(api: Api, openapi: dict[str, Any]) -> None:
    subscription_id = api.create_active_subscription()
    _check(openapi, "Subscription", api.get(f"/subscriptions/{subscription_id}").json())
    _check(openapi, "AccountSubscriptions", api.get("/subscriptions").json())
    databases = api.get(f"/subscriptions/{subscription_id}/databases").json()
    _check(openapi, "AccountSubscriptionDatabases", databases)
    database_id = databases["subscription"][0]["databases"][0]["databaseId"]
    _check(openapi, "Database", api.get(f"/subscriptions/{subscription_id}/databases/{database_id}").json())
    _check(openapi, "PaymentMethods", api.get("/payment-methods").json())


def test_accepted_create_bodies_are_valid_create_requests(openapi: dict[str, Any]) -> None:
    spec_example = openapi["paths"]["/subscriptions"]["post"]["requestBody"]["content"]["application/json"]["example"]
    for body in (subscription_plan(), subscription_plan(dryRun=True), spec_example):
        _check(openapi, "SubscriptionCreateRequest", body)


def test_spec_example_create_body_is_accepted(api: Api, openapi: dict[str, Any]) -> None:
    example = openapi["paths"]["/subscriptions"]["post"]["requestBody"]["content"]["application/json"]["example"]
    answer = api.post("/subscriptions", example)
    assert answer.status_code == 202, answer.text


@pytest.mark.parametrize("body", [{"name": "new"}, {"paymentMethodId": 2002, "paymentMethod": "credit-card"}])
def test_accepted_update_bodies_are_valid_update_requests(api: Api, openapi: dict[str, Any], body: dict[str, Any]) -> None:
    _check(openapi, "SubscriptionUpdateRequest", body)
    subscription_id = api.create_active_subscription()
    answer = api.put(f"/subscriptions/{subscription_id}", body)
    assert answer.status_code == 200
    _check(openapi, "TaskStateUpdate", answer.json())
