"""parsing.py: strict primitives, id validation and api_path quoting (issue 10 findings 3 and 8)."""

from __future__ import annotations

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import MalformedResponseError
from ansible_collections.rediscloud.api.plugins.module_utils.api.parsing import (
    MAX_RESOURCE_ID,
    api_path,
    as_resource_id,
    kind,
    malformed,
    optional_resource_id,
    optional_str,
    require_dict,
    require_list,
    resource_id,
    task_id,
)

SECRET = "AKIAsecret-key-0123456789abcdef"
REQUEST = "GET /subscriptions/12"
UUID = "5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60"


class TestApiPath:
    def test_fills_each_placeholder(self):
        assert api_path("/subscriptions/{subscription_id}/databases/{database_id}", subscription_id=12, database_id=51) == (
            "/subscriptions/12/databases/51")

    @pytest.mark.parametrize(
        ("value", "segment"),
        [
            ("../subscriptions", "..%2Fsubscriptions"),  # issue 10 finding 8: no extra path level
            ("abc?evil=1", "abc%3Fevil%3D1"),  # no query string
            ("7#fragment", "7%23fragment"),  # no fragment
            ("7/../../x", "7%2F..%2F..%2Fx"),
            ("a b", "a%20b"),
            ("%2F", "%252F"),  # an already-quoted value is quoted again, not decoded
        ],
    )
    def test_a_value_stays_one_path_segment(self, value, segment):
        path = api_path("/tasks/{task_id}", task_id=value)
        assert path == f"/tasks/{segment}"
        assert path.count("/") == 2 and "?" not in path and "#" not in path

    def test_a_missing_value_is_a_programming_error(self):
        with pytest.raises(KeyError):
            api_path("/subscriptions/{subscription_id}")

    def test_a_template_without_placeholders_is_unchanged(self):
        assert api_path("/tasks") == "/tasks"


class TestAsResourceId:
    @pytest.mark.parametrize(("value", "expected"), [(7, 7), ("7", 7), ("1206", 1206), (MAX_RESOURCE_ID, MAX_RESOURCE_ID)])
    def test_positive_int32_ids_and_their_digit_strings(self, value, expected):
        assert as_resource_id(value) == expected

    @pytest.mark.parametrize(
        "value",
        [None, 0, -1, MAX_RESOURCE_ID + 1, 10**20, 1e20, 7.0, float("nan"), True, False, "", " 7", "7 ", "-7", "7/../../x",
         "7?x=1", "\u0667", "0x10", [7], {"id": 7}],
    )
    def test_anything_else_is_not_an_id(self, value):
        assert as_resource_id(value) is None

    def test_resource_id_raises_naming_the_request_and_the_field_not_the_value(self):
        with pytest.raises(MalformedResponseError) as caught:
            resource_id(SECRET, REQUEST, "response.resourceId")
        message = str(caught.value)
        assert message == "GET /subscriptions/12: unexpected answer: response.resourceId is a string, expected a positive integer id"
        assert SECRET not in message
        assert (caught.value.method, caught.value.path) == ("GET", "/subscriptions/12")

    def test_optional_resource_id_allows_null_only(self):
        assert optional_resource_id(None, REQUEST, "x") is None
        assert optional_resource_id(5, REQUEST, "x") == 5
        with pytest.raises(MalformedResponseError):
            optional_resource_id("", REQUEST, "x")


class TestTaskId:
    def test_a_uuid_is_a_task_id(self):
        assert task_id(UUID, REQUEST, "taskId") == UUID
        assert task_id(UUID.upper(), REQUEST, "taskId") == UUID.upper()

    @pytest.mark.parametrize("value", [None, 7, "", "../subscriptions", "abc?evil=1", UUID + "/x", UUID + "\n", "t1", SECRET])
    def test_anything_else_is_refused_without_echoing_it(self, value):
        with pytest.raises(MalformedResponseError) as caught:
            task_id(value, "POST /subscriptions", "taskId")
        assert "taskId is not a task id (expected a UUID" in str(caught.value)
        if isinstance(value, str) and value:
            assert value not in str(caught.value)


class TestShapes:
    @pytest.mark.parametrize(
        ("value", "name"),
        [(None, "null"), (True, "a boolean"), (1, "a number"), (1.5, "a number"), ("x", "a string"), ([], "a list"), ({}, "an object")],
    )
    def test_kind_names_the_json_type(self, value, name):
        assert kind(value) == name

    def test_require_dict_and_list(self):
        assert require_dict({"a": 1}, REQUEST) == {"a": 1}
        assert require_list([1], REQUEST, "the list") == [1]
        with pytest.raises(MalformedResponseError, match="the answer is a list, expected an object"):
            require_dict([SECRET], REQUEST)
        with pytest.raises(MalformedResponseError, match="the list is an object, expected a list"):
            require_list({"k": SECRET}, REQUEST, "the list")

    def test_optional_str(self):
        assert optional_str(None, REQUEST, "name") is None
        assert optional_str("orders", REQUEST, "name") == "orders"
        with pytest.raises(MalformedResponseError) as caught:
            optional_str({"token": SECRET}, REQUEST, "item 0.name")
        assert "item 0.name is an object, expected a string" in str(caught.value)
        assert SECRET not in str(caught.value)

    def test_malformed_splits_the_request_into_method_and_path(self):
        error = malformed("GET /tasks", "the answer is a list")
        assert isinstance(error, MalformedResponseError)
        assert (error.method, error.path, str(error)) == ("GET", "/tasks", "GET /tasks: unexpected answer: the answer is a list")
