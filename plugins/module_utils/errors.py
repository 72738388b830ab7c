# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Error types raised by the collection, and parsing of the API's error shapes.

Every exception carries what a person needs to act on it (HTTP status, the API's
error code and text, the request, the task) and never a credential: the client
builds messages from method, path and response bodies only, never from headers.
"""

from __future__ import annotations

import json
from typing import Any

REDACTED = "********"
FAILURE_KEYS = ("message", "status", "error_type", "description", "method", "path", "task_id", "last_status", "resume_hint")


class RedisCloudError(Exception):
    """Every failure the collection raises. str(exc) is a message a person can act on."""

    def __init__(
        self,
        message: str,
        status: int | None = None,
        error_type: str | None = None,
        description: str | None = None,
        method: str | None = None,
        path: str | None = None,
        task_id: str | None = None,
        last_status: str | None = None,
        resume_hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.error_type = error_type
        self.description = description
        self.method = method
        self.path = path
        self.task_id = task_id
        self.last_status = last_status
        self.resume_hint = resume_hint

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"

    def redact(self, secrets: tuple[str, ...]) -> RedisCloudError:
        """Blank out any secret that an API answer echoed into this error's text; returns self."""
        for key in ("message", "description"):
            setattr(self, key, redact_text(getattr(self, key), secrets))
        self.args = (self.message,)
        return self

    def to_failure(self) -> dict[str, Any]:
        """The structured form returned as the module's `failure` value; all keys always present."""
        return {key: getattr(self, key) for key in FAILURE_KEYS}


class ApiRequestError(RedisCloudError):
    """The API answered with an HTTP error, or the network failed after the allowed retries."""


class MalformedResponseError(RedisCloudError):
    """The API answered 2xx (or an error) with a body that is not the JSON we expect."""


class TaskFailedError(RedisCloudError):
    """A task ended in processing-error; `task` is the last task body seen."""

    def __init__(self, message: str, task: dict[str, Any] | None = None, **details: Any) -> None:
        super().__init__(message, **details)
        self.task = task


class WaitTimeoutError(RedisCloudError):
    """wait_timeout ran out before the task or resource settled."""


def redact_text(text: str | None, secrets: tuple[str, ...]) -> str | None:
    for secret in secrets:
        if text and secret:
            text = text.replace(secret, REDACTED)
    return text


def parse_error_body(text: str) -> tuple[str | None, str | None, str | None]:
    """Return (error_type, status_text, description) from an HTTP error body.

    Accepted shapes: ``{"error": {"type", "status", "description"}}``, the same
    object at top level, ``{"error": "CODE"}``, ``{"message": ...}``. Anything
    else (HTML from a proxy, empty body) yields a short excerpt as description.
    """
    try:
        body = json.loads(text) if text else None
    except ValueError:
        body = None
    if isinstance(body, dict):
        inner = body.get("error")
        if isinstance(inner, dict):
            return _text(inner.get("type")), _text(inner.get("status")), _text(inner.get("description") or inner.get("message"))
        if isinstance(inner, str):
            return inner, _text(body.get("status")), _text(body.get("description") or body.get("message"))
        if any(key in body for key in ("type", "description", "message")):
            return _text(body.get("type")), _text(body.get("status")), _text(body.get("description") or body.get("message"))
    excerpt = " ".join(text.split())[:200] if text else None
    return None, None, excerpt or None


def task_error(task: dict[str, Any]) -> tuple[str | None, str | None]:
    """Return (error_type, description) of a failed task (``response.error`` is an object or, per spec, a string)."""
    response = task.get("response")
    error = response.get("error") if isinstance(response, dict) else None
    if isinstance(error, dict):
        return _text(error.get("type")), _text(error.get("description"))
    if isinstance(error, str):
        return error, None
    return None, _text(task.get("description"))


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
