"""The API keys never appear, in any encoding, in an exception's text, its failure dict, its repr, or the client's repr."""

from __future__ import annotations

import json
import re
from urllib.parse import quote, quote_plus

import pytest
from werkzeug import Request, Response

from ansible_collections.rediscloud.api.plugins.module_utils.api.client import RedisCloudClient
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import REDACTED, RedisCloudError, redact_text, secret_forms

API_KEY = "unit-test-account-key-0001"
API_SECRET_KEY = "unit-test-user-secret-0002"
# A secret with every character that changes under repr, JSON or URL encoding.
AWKWARD_SECRET = 'k"e\\y%2F+&=\'/é'


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


def encodings(secret: str) -> list[str]:
    """The forms a test searches for: written out here, independently of errors.secret_forms."""
    lower_hex = re.sub(r"%[0-9A-F]{2}", lambda escape: escape.group(0).lower(), quote(secret, safe=""))
    return [secret, repr(secret)[1:-1], json.dumps(secret)[1:-1], quote(secret, safe=""), quote_plus(secret), lower_hex]


def assert_no_secret(error: RedisCloudError) -> None:
    for text in (str(error), repr(error), json.dumps(error.to_failure()), str(error.args)):
        for form in encodings(API_KEY) + encodings(API_SECRET_KEY):
            assert form not in text


@pytest.mark.parametrize(("status", "as_json"), [(401, True), (403, False), (200, False)])
def test_echoed_keys_are_redacted(api_server, status, as_json):
    api_server.expect_request("/v1/tasks").respond_with_handler(echo_headers(status, as_json))
    client = RedisCloudClient(api_server.url_for("/v1"), API_KEY, API_SECRET_KEY, retries=0)
    with pytest.raises(RedisCloudError) as caught:
        client.get("/tasks")
    assert_no_secret(caught.value)
    assert "********" in str(caught.value) or "********" in (caught.value.description or "")


def test_network_errors_carry_no_secret(scripted_server):
    server = scripted_server.start([scripted_server.DROP])
    client = RedisCloudClient(server.url, API_KEY, API_SECRET_KEY, retries=0)
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


@pytest.mark.parametrize("secret", [AWKWARD_SECRET, "plain-secret-0003", "with-newline-0004\n"])
def test_every_encoding_of_a_secret_is_redacted(secret):
    forms = {secret, repr(secret), json.dumps(secret), quote(secret, safe=""), quote(secret), quote_plus(secret),
             secret.strip(), repr(secret.strip()), *encodings(secret)}
    text = " | ".join(sorted(forms))

    redacted = redact_text(text, (secret,))

    for form in encodings(secret) + encodings(secret.strip()):
        assert form not in redacted
    assert REDACTED in redacted


def test_secret_forms_put_the_longest_first_so_that_no_piece_survives():
    forms = secret_forms(AWKWARD_SECRET)
    assert forms == sorted(forms, key=len, reverse=True)
    assert redact_text(json.dumps({"k": AWKWARD_SECRET}), (AWKWARD_SECRET,)) == '{"k": "********"}'


def test_a_key_echoed_url_encoded_in_an_error_is_redacted(api_server):
    api_server.expect_request("/v1/tasks").respond_with_json(
        {"error": {"type": "UNAUTHORIZED", "description": f"no such key ?k={quote_plus(AWKWARD_SECRET)} or {json.dumps(AWKWARD_SECRET)}"}},
        status=401)
    client = RedisCloudClient(api_server.url_for("/v1"), API_KEY, API_SECRET_KEY, retries=0)
    client._secrets = (API_KEY, AWKWARD_SECRET)  # pylint: disable=protected-access  # the header cannot carry "é": echo it only
    with pytest.raises(RedisCloudError) as caught:
        client.get("/tasks")
    for form in encodings(AWKWARD_SECRET):
        assert form not in str(caught.value) and form not in (caught.value.description or "")
