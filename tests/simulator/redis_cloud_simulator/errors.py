# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP error answers, shaped per status as the live API sends them (README, "Error bodies").

error_bodies "real" (default):
- 401: the nginx HTML page (recorded: redis/RedisInsight issue #6021).
- 404: Spring Boot's default body {timestamp, status, error, path} (recorded: RedisLabs/rediscloud-go-api
  privatelink_test.go and psc_test.go, a missing subscription), or {"message": ...} where one was recorded
  ("Subscription N: no databases found": danitseitlin/redis-cloud-api-sdk tests/integration/cleanup.ts).
- 5xx: Spring Boot's default body (no recorded answer; the shape Spring gives an unhandled failure).
- other 4xx: {"error": {type, status, description}} with a numeric status (recorded for a 400:
  redis/redisctl issue #424, {"error":{"type":"UNRECOGNIZED_FIELD","status":400,...}}).
error_bodies "api": {"error": {type, status: "404 NOT_FOUND", description}} for every status (the old shape).

A failed task's response.error is another thing: {type, status: "403 FORBIDDEN", description}
(RedisLabs/rediscloud-go-api latest_imports_test.go), built by error_object().
"""

from __future__ import annotations

from datetime import datetime, timezone
from http import HTTPStatus
from typing import Any

NGINX_401_PAGE = ("<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n"
                  "<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>nginx</center>\r\n"
                  "</body>\r\n</html>\r\n")


def status_text(status: int) -> str:
    """The API's status string, e.g. "403 FORBIDDEN"."""
    return f"{status} {HTTPStatus(status).phrase.upper().replace(' ', '_')}"


def error_object(status: int, error_type: str, description: str) -> dict[str, Any]:
    """A task's response.error."""
    return {"type": error_type, "status": status_text(status), "description": description}


class ApiError(Exception):
    """Raised by a route to answer with an HTTP error."""

    def __init__(self, status: int, error_type: str, description: str, headers: dict[str, str] | None = None,
                 message: str | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.error_type = error_type
        self.description = description
        self.headers = headers or {}
        self.message = message  # a recorded {"message": ...} body replaces the default shape

    def render(self, style: str, path: str) -> tuple[str, Any]:
        """("json", body) or ("html", text) for this error in the given error_bodies style."""
        if style == "api":
            return "json", {"error": error_object(self.status, self.error_type, self.description)}
        if self.status == 401:
            return "html", NGINX_401_PAGE
        if self.status == 404 and self.message is not None:
            return "json", {"message": self.message}
        if self.status == 404 or self.status >= 500:
            return "json", spring_error(self.status, path)
        return "json", {"error": {"type": self.error_type, "status": self.status, "description": self.description}}


def spring_error(status: int, path: str) -> dict[str, Any]:
    now = datetime.now(timezone.utc)
    return {"timestamp": now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}+00:00",
            "status": status, "error": HTTPStatus(status).phrase, "path": path}


def not_found(what: str, error_type: str = "ENTITY_NOT_FOUND") -> ApiError:
    return ApiError(404, error_type, f"{what} was not found")


def bad_request(description: str, error_type: str = "BAD_REQUEST") -> ApiError:
    return ApiError(400, error_type, description)
