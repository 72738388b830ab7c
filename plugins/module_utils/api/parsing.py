# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Strict primitives for reading API answers, and safe paths built from ids.

Every parser of an answer shape (tasks.py, the resource types) is made of these, so
that an answer of the wrong shape is one error naming the request, never a Python
exception and never "nothing there". Messages name types and positions, never the
values a server sent: a hostile or broken server could echo a credential.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import MalformedResponseError

# Task ids are UUIDs (the spec's TaskStateUpdate.taskId has format uuid).
TASK_ID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
# Resource ids are int32 in the spec; larger values are not ids.
MAX_RESOURCE_ID = 2**31 - 1


def malformed(request: str, problem: str) -> MalformedResponseError:
    """The error for an answer of the wrong shape; ``request`` is "METHOD /path"."""
    method, _separator, path = request.partition(" ")
    return MalformedResponseError(f"{request}: unexpected answer: {problem}", method=method or None, path=path or None)


def require_dict(value: Any, request: str, where: str = "the answer") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise malformed(request, f"{where} is {kind(value)}, expected an object")
    return value


def require_list(value: Any, request: str, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise malformed(request, f"{where} is {kind(value)}, expected a list")
    return value


def optional_str(value: Any, request: str, where: str) -> str | None:
    if value is not None and not isinstance(value, str):
        raise malformed(request, f"{where} is {kind(value)}, expected a string")
    return value


def resource_id(value: Any, request: str, where: str) -> int:
    """A positive int32 id (the API sends numbers; a string of digits is accepted)."""
    parsed = as_resource_id(value)
    if parsed is None:
        raise malformed(request, f"{where} is {kind(value)}, expected a positive integer id")
    return parsed


def optional_resource_id(value: Any, request: str, where: str) -> int | None:
    return None if value is None else resource_id(value, request, where)


def as_resource_id(value: Any) -> int | None:
    """The id, or None when the value is not a positive int32 (bools, floats, '7/../x' are not ids)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, int) and 0 < value <= MAX_RESOURCE_ID:
        return value
    return None


def task_id(value: Any, request: str, where: str) -> str:
    if not isinstance(value, str) or not TASK_ID.fullmatch(value):
        raise malformed(request, f"{where} is not a task id (expected a UUID, got {kind(value)})")
    return value


def kind(value: Any) -> str:
    """A value's JSON type, for messages (never the value itself)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def api_path(template: str, **segments: Any) -> str:
    """``template`` with each ``{name}`` replaced by its value, quoted as one path segment.

    Ids come from answers as well as from users; quoting means no value can add a
    path level, a query string or a fragment to the request.
    """

    def segment(match: re.Match[str]) -> str:
        return quote(str(segments[match.group(1)]), safe="")

    return re.sub(r"\{(\w+)\}", segment, template)
