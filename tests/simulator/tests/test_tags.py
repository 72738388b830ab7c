# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Database tags: synchronous answers in the shapes the Go client recorded."""

from __future__ import annotations

import pytest

from conftest import Api
from redis_cloud_simulator.spec import validate_body


@pytest.fixture
def tags_path(api: Api) -> str:
    subscription_id = api.create_active_subscription()
    [database_id] = api.database_ids(subscription_id)
    return f"/subscriptions/{subscription_id}/databases/{database_id}/tags"


def _pairs(body: dict) -> list[tuple[str, str]]:
    return [(tag["key"], tag["value"]) for tag in body["tags"]]


def test_tags_never_written_read_back_without_a_tags_key(api: Api, tags_path: str) -> None:
    body = api.get(tags_path).json()
    assert body == {"links": [{"rel": "self", "type": "GET", "href": f"{api.url}{tags_path}"}]}
    assert validate_body("CloudTags", body, direction="response") == []


def test_add_update_overwrite_and_delete(api: Api, tags_path: str) -> None:
    added = api.post(tags_path, {"key": "env", "value": "prod"})
    assert added.status_code == 200
    assert validate_body("CloudTag", added.json(), direction="response") == []
    assert (added.json()["key"], added.json()["value"]) == ("env", "prod")
    assert api.post(tags_path, {"key": "team", "value": "cache"}).status_code == 200
    assert _pairs(api.get(tags_path).json()) == [("env", "prod"), ("team", "cache")]
    assert api.get(tags_path).json()["accountId"] == 1001

    api.wait(5)
    updated = api.put(f"{tags_path}/env", {"value": "staging"}).json()
    assert (updated["value"], updated["createdAt"] < updated["updatedAt"]) == ("staging", True)

    overwritten = api.put(tags_path, {"tags": [{"key": "env", "value": "dev"}, {"key": "owner", "value": "ops"}]})
    assert overwritten.status_code == 200
    assert _pairs(overwritten.json()) == [("env", "dev"), ("owner", "ops")]
    assert overwritten.json()["tags"][0]["createdAt"] == added.json()["createdAt"]  # the same tag, kept

    assert api.delete(f"{tags_path}/owner").json() == {}
    assert _pairs(api.get(tags_path).json()) == [("env", "dev")]
    assert api.put(tags_path, {"tags": []}).json()["tags"] == []
    assert api.get(tags_path).json()["tags"] == []  # written once: the key stays, empty


def test_tags_are_synchronous_and_store_lower_case(api: Api, tags_path: str) -> None:
    api.post(tags_path, {"key": "Env", "value": "Prod"})
    assert _pairs(api.get(tags_path).json()) == [("env", "prod")]
    assert [t["commandType"] for t in api.control("GET", "state")["tasks"]] == ["subscriptionCreateRequest"]


def test_refusals(api: Api, tags_path: str) -> None:
    api.post(tags_path, {"key": "env", "value": "prod"})
    duplicate = api.post(tags_path, {"key": "env", "value": "dev"})
    assert duplicate.status_code == 400 and duplicate.json()["error"]["description"] == "Tag 'env' already exists"
    for answer in (api.put(f"{tags_path}/nope", {"value": "x"}), api.delete(f"{tags_path}/nope")):
        assert answer.status_code == 404
    assert api.post(tags_path, {"key": "only-a-key"}).json()["error"]["description"] == "body: 'value' is a required property"
    assert api.put(tags_path, {"tags": [{"key": "k", "value": "v", "colour": "red"}]}).json()["error"]["type"] == "UNRECOGNIZED_FIELD"
    assert api.get(tags_path.replace("/databases/", "/databases/9")).status_code == 404
