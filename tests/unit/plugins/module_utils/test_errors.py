"""Error types and the parsing of the API's error shapes."""

from __future__ import annotations

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import (
    FAILURE_KEYS,
    ApiRequestError,
    RedisCloudError,
    TaskFailedError,
    parse_error_body,
    printable,
    redact_text,
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
        ("<html>\n  <h1>502   Bad Gateway</h1>\n</html>", (None, None, "502 Bad Gateway")),
        ('["unexpected", "list"]', (None, None, '["unexpected", "list"]')),
        # Spring's default error body: "error" is the reason phrase, not a code (issue 9).
        ('{"timestamp": "2024-01-01T00:00:00.000+00:00", "status": 404, "error": "Not Found", "path": "/v1/subscriptions/7"}',
         (None, "404", "Not Found")),
        ('{"timestamp": "2024-01-01T00:00:00.000+00:00", "status": 404, "error": "Not Found", "message": "Subscription 7: no databases found",'
         ' "path": "/v1/subscriptions/7/databases"}', (None, "404", "Subscription 7: no databases found")),
        # Redis's docs show rate-limit and other errors as {"status", "message"}.
        ('{"status": 429, "message": "Too Many Requests - Too many resources are concurrently created"}',
         (None, "429", "Too Many Requests - Too many resources are concurrently created")),
        ('{"error": {"type": "X", "description": {"nested": true}}}', ("X", None, None)),
        ('{"message": "\\u001b[31mred\\r\\nline"}', (None, None, "[31mred line")),
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


def test_long_server_text_is_cut_to_a_bounded_length():
    assert len(parse_error_body('{"message": "' + "y" * 10000 + '"}')[2]) == 500


def test_printable_replaces_control_characters():
    assert printable("a\x1b[2Jb\x00c\n\td") == "a [2Jb c d"


def test_redact_covers_every_text_field_and_the_task():
    secret = "task-secret-0005"
    error = TaskFailedError(f"Task t failed: {secret}", task={"taskId": "t", "description": f"echo {secret}", "list": [secret]},
                            task_id="t", error_type=secret, description=secret, resume_hint=secret, path=f"/tasks/{secret}")
    error.redact((secret,))
    assert secret not in repr(error.to_failure()) and secret not in repr(error.task) and secret not in str(error.args)


class TestSecretPieces:
    """Issue 15: what a server's cut of an echoed secret leaves is redacted; the same letters elsewhere are words."""

    SECRET = "backup-user:Pw0rd-9f3a"

    @pytest.mark.parametrize("cut", ["backup-use...", "description: 'backup-user:Pw0", "…ser:Pw0rd-9f3a", "'rd-9f3a' was refused"])
    def test_a_piece_where_the_text_is_cut_is_redacted(self, cut):
        assert "backup-us" not in redact_text(cut, [self.SECRET]) and "d-9f3a" not in redact_text(cut, [self.SECRET])

    def test_the_same_letters_inside_a_message_stay(self):
        text = "Configure remote_backup or pass backup_path: the backup failed"
        assert redact_text(text, [self.SECRET]) == text
