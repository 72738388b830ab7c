"""The strict parsers of the account lookups."""

from __future__ import annotations

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.resources.account import LOOKUPS, keep_provider, parse_lookup
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import MalformedResponseError


def test_each_lookup_returns_the_items_under_its_key():
    assert parse_lookup(LOOKUPS["regions"], {"regions": [{"name": "us-east-1", "provider": "AWS"}], "links": []}) == [
        {"name": "us-east-1", "provider": "AWS"}]
    assert parse_lookup(LOOKUPS["account"], {"account": {"id": 1}}) == {"id": 1}
    assert parse_lookup(LOOKUPS["database_modules"], {"modules": []}) == []


@pytest.mark.parametrize("body", [None, [], "text", {}, {"links": []}, {"regions": None}, {"regions": {"name": "x"}}, {"regions": [1]}])
def test_a_wrong_shape_is_malformed_never_empty(body):
    with pytest.raises(MalformedResponseError) as raised:
        parse_lookup(LOOKUPS["regions"], body)
    assert raised.value.method == "GET" and raised.value.path == "/regions"


def test_the_message_says_what_was_found():
    with pytest.raises(MalformedResponseError) as raised:
        parse_lookup(LOOKUPS["payment_methods"], {"accountId": 1, "links": []})
    assert str(raised.value).startswith(
        "GET /payment-methods: the answer has no 'paymentMethods' list of objects (found an object with keys accountId, links)."
    )


def test_keep_provider_ignores_case_and_keeps_all_without_a_provider():
    regions = [{"name": "a", "provider": "AWS"}, {"name": "b", "provider": "gcp"}, {"name": "c"}]
    assert keep_provider(regions, "GCP") == [{"name": "b", "provider": "gcp"}]
    assert keep_provider(regions, None) == regions
