# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account routes: GET /, regions, database modules, data persistence."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest

from conftest import API_KEY, API_SECRET_KEY, Api

SCHEMAS = {"/": "RootAccount", "/regions": "Regions", "/database-modules": "ModulesData",
           "/data-persistence": "DataPersistenceOptions"}
LISTS = {"/regions": "regions", "/database-modules": "modules", "/data-persistence": "dataPersistence"}


def _validate(openapi: dict[str, Any], schema_name: str, body: Any) -> None:
    components = copy.deepcopy(openapi["components"])
    for schema in components["schemas"].values():
        links = schema.get("properties", {}).get("links")
        if links and links.get("type") == "array":
            links["items"] = {"type": "object"}  # the API's links hold strings (rel, href, type), not objects
    jsonschema.Draft202012Validator({"$ref": f"#/components/schemas/{schema_name}", "components": components}).validate(body)


@pytest.mark.parametrize("path", sorted(SCHEMAS))
def test_answers_validate_against_the_spec(api: Api, openapi: dict[str, Any], path: str) -> None:
    answer = api.get(path)
    assert answer.status_code == 200, answer.text
    _validate(openapi, SCHEMAS[path], answer.json())


@pytest.mark.parametrize("path", sorted(LISTS))
def test_lists_hold_the_spec_examples_items(api: Api, openapi: dict[str, Any], path: str) -> None:
    schema = openapi["components"]["schemas"][SCHEMAS[path]]
    example = schema["example"][LISTS[path]]
    served = api.get(path).json()[LISTS[path]]
    names = [item["name"] for item in served]
    assert names == [item["name"] for item in example]
    assert len(set(names)) == len(names)


def test_account_names_the_key_and_the_source_address_never_a_secret(api: Api) -> None:
    answer = api.get("/")
    body = answer.json()
    account = body["account"]
    assert account["id"] == 1001 and account["key"]["accountId"] == 1001
    assert account["key"]["httpSourceIp"] == "127.0.0.1"
    assert API_KEY not in answer.text and API_SECRET_KEY not in answer.text
    assert "X-Rate-Limit-Remaining" in answer.headers


@pytest.mark.parametrize("provider", ["AWS", "GCP"])
def test_regions_filter_by_provider(api: Api, provider: str) -> None:
    everything = api.get("/regions").json()["regions"]
    filtered = api.request("GET", "/regions", params={"provider": provider}).json()["regions"]
    assert filtered == [region for region in everything if region["provider"] == provider]
    assert filtered and len(filtered) < len(everything)


@pytest.mark.parametrize("provider", ["aws", "Azure", ""])
def test_an_unknown_provider_is_a_bad_request(api: Api, provider: str) -> None:
    answer = api.request("GET", "/regions", params={"provider": provider})
    assert answer.status_code == 400
    assert answer.json()["error"]["type"] == "BAD_REQUEST"


def test_regions_carry_ids_like_the_go_clients_fixture(api: Api) -> None:
    regions = api.get("/regions").json()["regions"]
    assert [region["id"] for region in regions] == list(range(1, len(regions) + 1))


def test_module_parameters_are_lists(api: Api) -> None:
    modules = api.get("/database-modules").json()["modules"]
    assert all(isinstance(module["parameters"], list) for module in modules)
    assert any(module["parameters"] for module in modules)


@pytest.mark.parametrize("path", ["/", "/regions", "/database-modules", "/data-persistence"])
def test_wrong_keys_are_refused(start_api: Any, path: str) -> None:
    api = start_api()
    api.session.headers["x-api-secret-key"] = "not-the-secret"
    answer = api.get(path)
    assert answer.status_code == 401
    # As the live API does, a 401 is nginx's HTML page (see the simulator README), and it carries no account data.
    assert answer.headers["Content-Type"].startswith("text/html") and "401" in answer.text
    assert "account" not in answer.text.lower()
