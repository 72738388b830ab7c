# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""API error bodies: {"error": {"type", "status", "description"}}."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any


def status_text(status: int) -> str:
    """The API's status string, e.g. "403 FORBIDDEN"."""
    return f"{status} {HTTPStatus(status).phrase.upper().replace(' ', '_')}"


def error_object(status: int, error_type: str, description: str) -> dict[str, Any]:
    return {"type": error_type, "status": status_text(status), "description": description}


class ApiError(Exception):
    """Raised by a route to answer with an HTTP error in the API's shape."""

    def __init__(self, status: int, error_type: str, description: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.error_type = error_type
        self.description = description
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return {"error": error_object(self.status, self.error_type, self.description)}


def not_found(what: str, error_type: str = "ENTITY_NOT_FOUND") -> ApiError:
    return ApiError(404, error_type, f"{what} was not found")


def bad_request(description: str, error_type: str = "BAD_REQUEST") -> ApiError:
    return ApiError(400, error_type, description)
