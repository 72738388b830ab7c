"""The API keys never appear in an exception's text, its failure dict, its repr, or the client's repr."""

from __future__ import annotations

import json

import pytest
from werkzeug import Request, Response

from ansible_collections.rediscloud.api.plugins.module_utils.client import RedisCloudClient
from ansible_collections.rediscloud.api.plugins.module_utils.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.http_retry import build_retry

API_KEY = "unit-test-account-key-0001"
API_SECRET_KEY = "unit-test-user-secret-0002"


def echo_headers(status: int, as_json: bool):  # type: ignore[no-untyped-def]
    """A hostile server that echoes the request headers (keys included) into its answer."""

    def handler(request: Request) -> Response:
        # The keys first, so that they fall inside any excerpt the client keeps.
        headers = {"x-api-secret-key": request.headers["x-api-secret-key"], "x-api-key": request.headers["x-api-key"], **request.headers}
        if as_json:
            body = json.dumps({"error": {"type": "UNAUTHORIZED", "description": f"bad credentials {headers}"}})
            return Response(body, status=status, content_type="application/json")
        return Response(f"<html>{headers}</html>", status=status, content_type="text/html")

    return handler


def assert_no_secret(error: RedisCloudError) -> None:
    for text in (str(error), repr(error), json.dumps(error.to_failure()), str(error.args)):
        assert API_KEY not in text
        assert API_SECRET_KEY not in text


@pytest.mark.parametrize(("status", "as_json"), [(401, True), (403, False), (200, False)])
def test_echoed_keys_are_redacted(api_server, status, as_json):
    api_server.expect_request("/v1/tasks").respond_with_handler(echo_headers(status, as_json))
    client = RedisCloudClient(api_server.url_for("/v1"), API_KEY, API_SECRET_KEY, retries=build_retry(total=0))
    with pytest.raises(RedisCloudError) as caught:
        client.get("/tasks")
    assert_no_secret(caught.value)
    assert "********" in str(caught.value) or "********" in (caught.value.description or "")


def test_network_errors_carry_no_secret(scripted_server):
    server = scripted_server.start([scripted_server.DROP])
    client = RedisCloudClient(server.url, API_KEY, API_SECRET_KEY, retries=build_retry(total=0))
    with pytest.raises(RedisCloudError) as caught:
        client.post("/subscriptions", {"name": "a"})
    assert_no_secret(caught.value)


def test_client_repr_has_no_secret():
    client = RedisCloudClient("https://api.redislabs.com/v1", API_KEY, API_SECRET_KEY)
    assert API_KEY not in repr(client) and API_SECRET_KEY not in repr(client)
    assert API_KEY not in str(vars(client).get("api_url"))


def test_url_refusal_names_the_host_not_the_userinfo():
    with pytest.raises(RedisCloudError) as caught:
        RedisCloudClient(f"http://user:{API_SECRET_KEY}@api.example.com/v1", API_KEY, API_SECRET_KEY)
    assert_no_secret(caught.value)
