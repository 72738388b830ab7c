"""redis_cloud_account_info, run in-process against a loopback HTTP server.

Answers are shaped like those other clients recorded from the live API: the Go client's
account_test.go fixtures (regions with an ``id``, ``creditCardEndsWith`` as a number),
redis-cloud-rs's payment_methods.json sample, and the Redis docs' ``GET /`` example.
"""

from __future__ import annotations

import json

import pytest

from ansible_collections.rediscloud.api.plugins.modules.redis_cloud_account_info import main

API_KEY = "unit-test-account-key-0001"
API_SECRET_KEY = "unit-test-user-secret-0002"

ACCOUNT = {
    "account": {
        "id": 654321, "name": "Example account", "createdTimestamp": "2018-12-23T15:15:31Z",
        "updatedTimestamp": "2019-07-04T12:22:04Z",
        "key": {"name": "ansible-key", "accountId": 654321, "accountName": "Example account",
                "allowedSourceIps": ["198.51.100.0/24"], "createdTimestamp": "2019-06-06T07:41:14Z",
                "owner": {"name": "Example User", "email": "user@example.com"}, "httpSourceIp": "198.51.100.7"},
    },
}
PAYMENT_METHODS = {
    "accountId": 654321,
    "paymentMethods": [
        {"id": 123, "type": "Visa", "creditCardEndsWith": 9876, "nameOnCard": "Example User", "expirationMonth": 1, "expirationYear": 2031},
        {"id": 654, "type": "Mastercard", "creditCardEndsWith": 42, "nameOnCard": "Example User", "expirationMonth": 2, "expirationYear": 2032},
    ],
    "_links": {"self": {"href": "https://example.com", "type": "GET"}},
}
REGIONS = {"regions": [{"id": 1, "name": "asia-east1", "provider": "GCP"}, {"id": 2, "name": "eu-west-1", "provider": "AWS"}]}
MODULES = {"modules": [{"name": "RedisJSON", "capabilityName": "JSON", "description": "JSON", "parameters": []},
                       {"name": "RediSearch", "capabilityName": "Search and query", "description": "Search",
                        "parameters": [{"name": "number-of-documents", "type": "integer", "defaultValue": 1000000, "required": False}]}]}
PERSISTENCE = {"dataPersistence": [{"name": "none", "description": "None"},
                                   {"name": "aof-every-1-second", "description": "Append only file (AOF) - fsync every 1 second"}]}
ANSWERS = {"/v1/": ACCOUNT, "/v1/payment-methods": PAYMENT_METHODS, "/v1/regions": REGIONS,
           "/v1/database-modules": MODULES, "/v1/data-persistence": PERSISTENCE}


@pytest.fixture
def args(api_server) -> dict:
    return {"api_url": api_server.url_for("/v1"), "api_key": API_KEY, "api_secret_key": API_SECRET_KEY}


def serve(api_server, answers: dict, remaining: str | None = "397") -> None:  # type: ignore[no-untyped-def]
    headers = {"X-Rate-Limit-Remaining": remaining} if remaining is not None else {}
    for path, body in answers.items():
        api_server.expect_request(path, method="GET").respond_with_json(body, headers=headers)


def requested(api_server) -> list[str]:
    return [request.full_path.rstrip("?") for request, _response in api_server.log]


def test_gathers_everything_by_default_with_the_items_as_the_api_gives_them(api_server, run_module, args):
    serve(api_server, ANSWERS)
    run = run_module(main, args)
    assert not run.failed, run.result
    assert run.result["changed"] is False
    assert run.result["account"] == ACCOUNT["account"]
    assert run.result["payment_methods"] == PAYMENT_METHODS["paymentMethods"]
    assert run.result["regions"] == REGIONS["regions"]
    assert run.result["database_modules"] == MODULES["modules"]
    assert run.result["data_persistence"] == PERSISTENCE["dataPersistence"]
    assert sorted(requested(api_server)) == sorted(ANSWERS)
    assert all(request.headers["x-api-key"] == API_KEY for request, _response in api_server.log)


def test_gather_reads_only_what_is_asked_for(api_server, run_module, args):
    serve(api_server, ANSWERS)
    run = run_module(main, {**args, "gather": ["payment_methods"]})
    assert requested(api_server) == ["/v1/payment-methods"]
    assert run.result["payment_methods"] == PAYMENT_METHODS["paymentMethods"]
    assert not {"account", "regions", "database_modules", "data_persistence"} & set(run.result)


def test_provider_is_sent_as_the_api_filter(api_server, run_module, args):
    aws_only = {"regions": [{"id": 2, "name": "eu-west-1", "provider": "AWS"}]}
    api_server.expect_request("/v1/regions", query_string="provider=AWS").respond_with_json(aws_only)
    run = run_module(main, {**args, "gather": ["regions"], "provider": "AWS"})
    assert not run.failed, run.result
    assert requested(api_server) == ["/v1/regions?provider=AWS"]
    assert run.result["regions"] == aws_only["regions"]


def test_provider_filter_holds_when_the_api_ignores_it(api_server, run_module, args):
    api_server.expect_request("/v1/regions").respond_with_json(REGIONS)
    run = run_module(main, {**args, "gather": ["regions"], "provider": "GCP"})
    assert run.result["regions"] == [{"id": 1, "name": "asia-east1", "provider": "GCP"}]


def test_empty_lists_are_returned_empty(api_server, run_module, args):
    serve(api_server, {"/v1/payment-methods": {"accountId": 1, "paymentMethods": []}})
    run = run_module(main, {**args, "gather": ["payment_methods"]})
    assert not run.failed and run.result["payment_methods"] == []


@pytest.mark.parametrize(
    ("gathered", "path", "body", "expected"),
    [
        ("payment_methods", "/v1/payment-methods", {"accountId": 1}, "'paymentMethods' list of objects"),
        ("regions", "/v1/regions", {}, "'regions' list of objects"),
        ("regions", "/v1/regions", [{"name": "us-east-1"}], "'regions' list of objects"),
        ("database_modules", "/v1/database-modules", {"modules": {"RedisJSON": {}}}, "'modules' list of objects"),
        ("data_persistence", "/v1/data-persistence", {"dataPersistence": ["none"]}, "'dataPersistence' list of objects"),
        ("account", "/v1/", {"links": []}, "'account' object"),
    ],
)
def test_an_answer_without_its_list_fails_naming_the_request(api_server, run_module, args, gathered, path, body, expected):
    api_server.expect_request(path).respond_with_json(body)
    run = run_module(main, {**args, "gather": [gathered]})
    assert run.failed
    request_path = path.removeprefix("/v1")
    assert run.result["msg"].startswith(f"GET {request_path}: the answer has no {expected}")
    assert run.result["failure"]["method"] == "GET" and run.result["failure"]["path"] == request_path
    assert gathered not in run.result


def test_wrong_keys_fail_with_the_status_and_the_hint(api_server, run_module, args):
    api_server.expect_request("/v1/").respond_with_json(
        {"timestamp": "2026-01-01T00:00:00.000+00:00", "status": 401, "error": "Unauthorized", "path": "/v1/"}, status=401)
    run = run_module(main, {**args, "gather": ["account"]})
    assert run.failed
    assert run.result["failure"]["status"] == 401
    assert "GET / failed: HTTP 401" in run.result["msg"]
    assert "Check api_key and api_secret_key" in run.result["msg"]
    assert API_KEY not in json.dumps(run.result) and API_SECRET_KEY not in json.dumps(run.result)


def test_rate_limit_remaining_is_that_of_the_last_answer(api_server, run_module, args):
    api_server.expect_ordered_request("/v1/").respond_with_json(ACCOUNT, headers={"X-Rate-Limit-Remaining": "12"})
    api_server.expect_ordered_request("/v1/regions").respond_with_json(REGIONS, headers={"X-Rate-Limit-Remaining": "11"})
    run = run_module(main, {**args, "gather": ["account", "regions"]})
    assert run.result["rate_limit_remaining"] == 11


def test_rate_limit_remaining_is_null_without_the_header(api_server, run_module, args):
    serve(api_server, {"/v1/data-persistence": PERSISTENCE}, remaining=None)
    run = run_module(main, {**args, "gather": ["data_persistence"]})
    assert not run.failed and run.result["rate_limit_remaining"] is None


def test_unknown_gather_value_is_refused_before_any_request(api_server, run_module, args):
    run = run_module(main, {**args, "gather": ["subscriptions"]})
    assert run.failed and "gather" in run.result["msg"]
    assert api_server.log == []


def test_check_mode_reads_as_usual(api_server, run_module, args):
    serve(api_server, {"/v1/regions": REGIONS})
    run = run_module(main, {**args, "gather": ["regions"], "_ansible_check_mode": True})
    assert not run.failed and run.result["regions"] == REGIONS["regions"]


def test_the_action_groups_timing_defaults_apply_to_it_too(api_server, run_module, args):
    # module_defaults for group/rediscloud.api.redis_cloud often carry wait_timeout and poll_interval: every module takes them.
    api_server.expect_request("/v1/payment-methods").respond_with_json(PAYMENT_METHODS)
    run = run_module(main, {**args, "gather": ["payment_methods"], "wait_timeout": 60, "poll_interval": 5})
    assert run.failed is False and run.result["payment_methods"] == PAYMENT_METHODS["paymentMethods"]
    refused = run_module(main, {**args, "gather": ["payment_methods"], "wait_timeout": 2, "poll_interval": 5})
    assert refused.failed and "wait_timeout (2 s) must be at least poll_interval" in refused.result["msg"]
