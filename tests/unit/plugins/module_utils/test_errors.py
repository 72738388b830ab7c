"""Error types and the parsing of the API's error shapes."""

from __future__ import annotations

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.errors import (
    FAILURE_KEYS,
    ApiRequestError,
    RedisCloudError,
    TaskFailedError,
    parse_error_body,
    task_error,
)


def test_to_failure_always_has_every_key():
    failure = ApiRequestError("GET /x failed: HTTP 500", status=500, method="GET", path="/x").to_failure()
    assert set(failure) == set(FAILURE_KEYS)
    assert failure["message"] == "GET /x failed: HTTP 500"
    assert (failure["status"], failure["method"], failure["path"]) == (500, "GET", "/x")
    assert failure["task_id"] is None and failure["resume_hint"] is None


def test_str_and_repr_are_the_message():
    error = TaskFailedError("Task t failed: X", task={"taskId": "t"}, task_id="t")
    assert str(error) == "Task t failed: X"
    assert repr(error) == "TaskFailedError('Task t failed: X')"
    assert error.task == {"taskId": "t"}
    assert isinstance(error, RedisCloudError)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"error": {"type": "SUBSCRIPTION_IN_USE", "status": "409 CONFLICT", "description": "Has databases"}}',
         ("SUBSCRIPTION_IN_USE", "409 CONFLICT", "Has databases")),
        ('{"type": "UNAUTHORIZED", "status": "401 UNAUTHORIZED", "description": "Bad key"}', ("UNAUTHORIZED", "401 UNAUTHORIZED", "Bad key")),
        ('{"error": "UNAUTHORIZED"}', ("UNAUTHORIZED", None, None)),
        ('{"message": "Too many requests"}', (None, None, "Too many requests")),
        ("", (None, None, None)),
        ("<html>\n  <h1>502   Bad Gateway</h1>\n</html>", (None, None, "<html> <h1>502 Bad Gateway</h1> </html>")),
        ('["unexpected", "list"]', (None, None, '["unexpected", "list"]')),
    ],
)
def test_parse_error_body(text, expected):
    assert parse_error_body(text) == expected


def test_parse_error_body_keeps_long_text_short():
    assert len(parse_error_body("x" * 5000)[2]) == 200


@pytest.mark.parametrize(
    ("task", "expected"),
    [
        ({"response": {"error": {"type": "SUBSCRIPTION_PI_NOT_FOUND", "description": "Payment info was not found"}}},
         ("SUBSCRIPTION_PI_NOT_FOUND", "Payment info was not found")),
        ({"response": {"error": "SUBSCRIPTION_PI_NOT_FOUND"}}, ("SUBSCRIPTION_PI_NOT_FOUND", None)),
        ({"description": "Task failed", "response": {}}, (None, "Task failed")),
        ({"response": None}, (None, None)),
    ],
)
def test_task_error(task, expected):
    assert task_error(task) == expected
