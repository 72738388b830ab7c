# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Error types raised by the collection, and parsing of the API's error shapes.

Every exception carries what a person needs to act on it (HTTP status, the API's
error code and text, the request, the task) and never a credential: the client
builds messages from method, path and response bodies only, never from headers.
"""

from __future__ import annotations

import base64
import html
import json
import re
from typing import Any
from urllib.parse import quote, quote_plus

REDACTED = "********"
# Text a server sent is cut to this length in messages (descriptions; excerpts of bodies that are not JSON).
MAX_SERVER_TEXT = 500
MAX_EXCERPT = 200
ERROR_CODE = re.compile(r"^[A-Z][A-Z0-9_]{2,99}$")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-F]{2}")
# A server that cuts a text it echoes (at 200 or 500 characters) leaves a piece of a secret: a start or an end of it
# at least this long, where the cut is, is redacted from failure texts too.
MIN_SECRET_PIECE = 6
_CUT_AFTER = r"""(?=\.\.\.|\u2026|["']|$)"""
_CUT_BEFORE = r"""(?:^|(?<=\.\.\.)|(?<=\u2026)|(?<=["']))"""
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

    def redact(self, secrets: tuple[str | None, ...] | list[str | None]) -> RedisCloudError:
        """Blank out every form of any secret that an API answer echoed into this error; returns self."""
        for key in FAILURE_KEYS:
            value = getattr(self, key)
            if isinstance(value, str):
                setattr(self, key, redact_text(value, secrets))
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

    def redact(self, secrets: tuple[str | None, ...] | list[str | None]) -> RedisCloudError:
        super().redact(secrets)
        self.task = redact_data(self.task, secrets)
        return self


class WaitTimeoutError(RedisCloudError):
    """wait_timeout ran out before the task or resource settled."""


def secret_forms(secret: str | None) -> list[str]:
    """Every form in which ``secret`` may show up in a text, longest first.

    The raw value, without its surrounding whitespace, with its runs of whitespace
    collapsed, and as ``repr()``, JSON, URL encoding (upper- and lower-case hex),
    HTML escaping and base64 write it: a message may quote a value in any of these
    (``InvalidHeader: ... 'KEY\\n'``, a JSON body, a query string, a server's HTML page).
    """
    if not secret:
        return []
    forms = set()
    for value in dict.fromkeys((secret, secret.strip(), " ".join(secret.split()))):
        if not value:
            continue
        encoded = (value, repr(value)[1:-1], json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1],
                   quote(value, safe=""), quote(value), quote_plus(value), html.escape(value), html.escape(value, quote=False),
                   base64.b64encode(value.encode()).decode())
        forms.update(encoded)
        forms.update(_PERCENT_ESCAPE.sub(lambda match: match.group(0).lower(), form) for form in encoded)
    return sorted((form for form in forms if form), key=len, reverse=True)


def secret_pieces(secret: str | None) -> list[str]:
    """The pieces of ``secret`` (and of its whitespace-collapsed form) that a server's cut of an echoed text leaves,
    as regular expressions, longest first: a start of it, at least MIN_SECRET_PIECE characters long, where the text is
    cut (at its end, before "..." or a closing quote), and an end of it where the text starts (at its start, after
    "..." or an opening quote). Elsewhere such a piece is a word of the message ("backup"), and stays."""
    if not secret:
        return []
    pieces = set()
    for value in (secret.strip(), " ".join(secret.split())):
        for length in range(MIN_SECRET_PIECE, len(value)):
            pieces.add(re.escape(value[:length]) + _CUT_AFTER)
            pieces.add(_CUT_BEFORE + re.escape(value[-length:]))
    return sorted(pieces, key=len, reverse=True)


def redact_text(text: str | None, secrets: tuple[str | None, ...] | list[str | None], pieces: bool = True) -> str | None:
    """``text`` with every form of every secret replaced by ``********`` (and, with ``pieces``, every piece
    of one that a cut leaves at the start or end of a secret).

    The one redaction used for every message the collection builds (client errors,
    module failures, the last-resort handler).
    """
    if not text:
        return text
    for secret in secrets:
        for form in secret_forms(secret):
            text = text.replace(form, REDACTED)
    if pieces:
        for secret in secrets:
            for piece in secret_pieces(secret):
                text = re.sub(piece, REDACTED, text)
    return text


def redact_data(value: Any, secrets: tuple[str | None, ...] | list[str | None], pieces: bool = True) -> Any:
    """A copy of ``value`` (nested dicts, lists, strings) with every string redacted (iterative: any depth)."""
    holder: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(value, holder, 0)]
    while stack:
        item, parent, slot = stack.pop()
        if isinstance(item, str):
            parent[slot] = redact_text(item, secrets, pieces)
        elif isinstance(item, dict):
            copy: dict[Any, Any] = {}
            parent[slot] = copy
            for key, inner in item.items():
                new_key = redact_text(key, secrets, pieces) if isinstance(key, str) else key
                copy[new_key] = None
                stack.append((inner, copy, new_key))
        elif isinstance(item, (list, tuple)):
            items: list[Any] = [None] * len(item)
            parent[slot] = items
            stack.extend((inner, items, index) for index, inner in enumerate(item))
        else:
            parent[slot] = item
    return holder[0]


def printable(text: str, limit: int = MAX_SERVER_TEXT) -> str:
    """Text from a server, safe to print: control characters (terminal escapes) become spaces,
    runs of whitespace one space, and at most ``limit`` characters are kept."""
    cleaned = "".join(character if character.isprintable() else " " for character in text)
    cleaned = " ".join(cleaned.split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 3] + "..."


def parse_error_body(text: str) -> tuple[str | None, str | None, str | None]:
    """Return (error_type, status_text, description) from an HTTP error body.

    Accepted shapes: ``{"error": {"type", "status", "description"}}``, the same
    object at top level, ``{"error": "CODE"}``, ``{"message": ...}`` (with or
    without ``status``), and Spring's default ``{"timestamp", "status", "error",
    "path"}`` (its ``error`` is the reason phrase, such as ``Not Found``, and its
    ``message``, when present, the useful text). Anything else (HTML from a
    proxy, empty body) yields a short excerpt as description. Every text is made
    printable and kept short: it comes from the server.
    """
    try:
        body = json.loads(text) if text else None
    except (ValueError, RecursionError):
        body = None
    if isinstance(body, dict):
        inner = body.get("error")
        if isinstance(inner, dict):
            return _code(inner.get("type")), _text(inner.get("status")), _first_text(inner, "description", "message")
        if isinstance(inner, str) and ERROR_CODE.match(inner):
            return inner, _text(body.get("status")), _first_text(body, "description", "message")
        if isinstance(inner, str):  # Spring: "error" is the reason phrase, "message" the detail
            return _code(body.get("type")), _text(body.get("status")), _first_text(body, "description", "message") or _text(inner)
        if any(key in body for key in ("type", "description", "message")):
            return _code(body.get("type")), _text(body.get("status")), _first_text(body, "description", "message")
    if text and _HTML.search(text):
        # A web page (nginx's 401 page, a proxy's refusal): its title or text, never its markup.
        title = _TITLE.search(text)
        words = title.group(1) if title else _TAG.sub(" ", text)
        return None, None, printable(" ".join(words.split()), MAX_EXCERPT) or None
    excerpt = printable(text, MAX_EXCERPT) if text else None
    return None, None, excerpt or None


_HTML = re.compile(r"<\s*(html|head|body|title|h1|!doctype)\b", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


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
    if value is None or isinstance(value, (dict, list)):
        return None
    return printable(str(value)) or None


def _code(value: Any) -> str | None:
    """An API error code such as SUBSCRIPTION_NOT_FOUND; anything else is not a code."""
    return value if isinstance(value, str) and ERROR_CODE.match(value) else _text(value)


def _first_text(body: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        text = _text(body.get(key))
        if text:
            return text
    return None
