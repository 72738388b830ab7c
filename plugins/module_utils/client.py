# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP client for the Redis Cloud REST API: session, auth headers, retries, pacing, error mapping."""

from __future__ import annotations

import ipaddress
import json
import time
import traceback
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_CORE_VERSION

from ansible_collections.rediscloud.api.plugins.module_utils.errors import (
    ApiRequestError,
    MalformedResponseError,
    RedisCloudError,
    parse_error_body,
    redact_text,
)
from ansible_collections.rediscloud.api.plugins.module_utils.http_retry import RedisCloudRetry, build_retry
from ansible_collections.rediscloud.api.plugins.module_utils.rate_limit import RateLimitPacer
from ansible_collections.rediscloud.api.plugins.module_utils.version import COLLECTION_NAME, COLLECTION_VERSION

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import ConnectTimeoutError
except ImportError:
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR: str | None = traceback.format_exc()
else:
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None

NOT_FOUND = 404
WRITE_METHODS = frozenset({"POST", "PUT", "DELETE"})
MALFORMED_READ_ATTEMPTS = 4
MAX_MALFORMED_BACKOFF_SECONDS = 4.0


def check_api_url(api_url: str) -> str | None:
    """Return why ``api_url`` is unusable, or None. Plain http:// is accepted only for loopback hosts."""
    parts = urlsplit(api_url)
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        return f"api_url must be an https:// URL such as https://api.redislabs.com/v1 (got scheme {parts.scheme!r})"
    if parts.scheme == "http" and not is_loopback(host):
        return (
            f"api_url uses plain http:// to {host}, which would send the API keys unencrypted; "
            "use https://, or http:// only to a loopback host (127.0.0.1, ::1, localhost)"
        )
    return None


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def default_user_agent() -> str:
    requests_version = requests.__version__ if HAS_REQUESTS else "unknown"
    return f"{COLLECTION_NAME}/{COLLECTION_VERSION} (ansible-core/{ANSIBLE_CORE_VERSION}) python-requests/{requests_version}"


class RedisCloudClient:
    """One API endpoint with one key pair. Every method returns parsed JSON or raises a RedisCloudError."""

    def __init__(
        self,
        api_url: str,
        api_key: str,
        api_secret_key: str,
        validate_certs: bool = True,
        timeout: float = 30,
        user_agent: str | None = None,
        retries: RedisCloudRetry | int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        problem = check_api_url(api_url)
        if problem:
            raise RedisCloudError(problem)
        self.api_url = api_url.rstrip("/")
        self._secrets = (api_key, api_secret_key)
        self.timeout = timeout
        self.request_count = 0
        self.pacer = RateLimitPacer(sleep=sleep, clock=clock)
        self._sleep = sleep
        if retries is None or isinstance(retries, int):
            retries = build_retry() if retries is None else build_retry(total=retries)
        adapter = HTTPAdapter(max_retries=retries)
        self._session = requests.Session()
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)
        self._session.verify = validate_certs
        self._session.headers.update(
            {
                "x-api-key": api_key,
                "x-api-secret-key": api_secret_key,
                "Accept": "application/json",
                "User-Agent": user_agent or default_user_agent(),
            }
        )

    def __repr__(self) -> str:
        return f"RedisCloudClient(api_url={self.api_url!r})"

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self._request("GET", path, params=params)

    def get_or_none(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """Like get(), but None when the API answers 404."""
        return self._request("GET", path, params=params, none_on_404=True)

    def post(self, path: str, body: Any) -> Any:
        return self._request("POST", path, body=body)

    def put(self, path: str, body: Any) -> Any:
        return self._request("PUT", path, body=body)

    def delete(self, path: str) -> Any:
        return self._request("DELETE", path)

    def close(self) -> None:
        self._session.close()

    def _request(self, method: str, path: str, params: dict[str, Any] | None = None, body: Any = None, none_on_404: bool = False) -> Any:
        attempt = 1
        while True:
            try:
                return self._send(method, path, params, body, none_on_404)
            except MalformedResponseError as exc:
                # A garbled answer to a read is a transient fault like a 503 (a proxy's error page,
                # a body cut short): read again. A garbled answer to a write may hide a done write.
                if method != "GET" or attempt >= MALFORMED_READ_ATTEMPTS:
                    raise exc.redact(self._secrets) from None
                self._sleep(min(MAX_MALFORMED_BACKOFF_SECONDS, 0.5 * 2 ** (attempt - 1)))
                attempt += 1
            except RedisCloudError as exc:
                raise exc.redact(self._secrets) from None

    def _send(self, method: str, path: str, params: dict[str, Any] | None, body: Any, none_on_404: bool) -> Any:
        self.pacer.before_request()
        try:
            response = self._session.request(
                method,
                self.api_url + path,
                params=params,
                json=body if method in ("POST", "PUT") else None,
                timeout=self.timeout,
            )
        except requests.exceptions.ChunkedEncodingError as exc:
            self.request_count += 1
            raise MalformedResponseError(
                f"{method} {path}: the answer was cut off before its end ({type(exc).__name__})", method=method, path=path
            ) from None
        except requests.exceptions.RequestException as exc:
            self.request_count += 1
            raise self._network_error(method, path, exc) from None
        self.request_count += _attempts(response)
        self.pacer.after_response(response.headers)
        if response.status_code == NOT_FOUND and none_on_404:
            return None
        if not response.ok:
            raise _http_error(method, path, response, self._answer_text(response))
        return _parse_json(method, path, response, self._answer_text)

    def _answer_text(self, response: Any) -> str:
        """The answer's text with any echoed secret blanked out, before anything is cut from it."""
        return redact_text(response.text, self._secrets) or ""

    def _network_error(self, method: str, path: str, exc: Exception) -> ApiRequestError:
        reason = _short_reason(exc)
        if method in WRITE_METHODS and not _never_connected(exc):
            return ApiRequestError(
                f"{method} {path}: the connection was lost before the answer arrived ({reason}). The request may have been "
                "acted on, so it was not sent again: check the account's tasks (rediscloud.api.redis_cloud_task_info) "
                "before re-running.",
                method=method,
                path=path,
            )
        return ApiRequestError(f"{method} {path} failed after retries: {reason}", method=method, path=path)


def _attempts(response: Any) -> int:
    """Requests sent for this answer: urllib3's retry history lists the attempts before the last one."""
    retries = getattr(response.raw, "retries", None)
    history = getattr(retries, "history", None) or ()
    return 1 + len(history)


def _never_connected(exc: Exception) -> bool:
    """True when no connection was made (refused, unresolvable, connect timeout), so nothing reached the API."""
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, ConnectTimeoutError)  # urllib3's NewConnectionError is a subclass


def _short_reason(exc: Exception) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__


# What a person can do about the statuses whose cause is on the caller's side.
STATUS_HINTS = {
    401: "Check api_key and api_secret_key (or REDISCLOUD_ACCESS_KEY and REDISCLOUD_SECRET_KEY): the API refused these credentials.",
    429: "The account's API rate limit (400 requests per minute per key, shared by every pipeline using the key) was exceeded.",
}


def _http_error(method: str, path: str, response: Any, text: str) -> ApiRequestError:
    error_type, _status_text, description = parse_error_body(text)
    detail = ": ".join(part for part in (error_type, description) if part) or (response.reason or "no details")
    hint = STATUS_HINTS.get(response.status_code)
    return ApiRequestError(
        f"{method} {path} failed: HTTP {response.status_code}: {detail}" + (f". {hint}" if hint else ""),
        status=response.status_code,
        error_type=error_type,
        description=description,
        method=method,
        path=path,
    )


def _parse_json(method: str, path: str, response: Any, answer_text: Callable[[Any], str]) -> Any:
    if response.status_code == 204 or (not response.content and method == "DELETE"):
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        excerpt = " ".join(answer_text(response).split())[:120]
        raise MalformedResponseError(
            f"{method} {path}: HTTP {response.status_code} answer is not valid JSON (starts with {excerpt!r})",
            status=response.status_code,
            method=method,
            path=path,
        ) from None
