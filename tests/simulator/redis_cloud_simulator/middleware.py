# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What happens around every /v1 route: log, rate limit, auth, request-level faults, error shape."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from redis_cloud_simulator.errors import ApiError
from redis_cloud_simulator.faults import REQUEST_FAULTS
from redis_cloud_simulator.simulator import Simulator

SIMULATOR = web.AppKey("simulator", Simulator)
WRITE_METHODS = ("POST", "PUT", "DELETE")
_HTTP_ERROR_TYPES = {500: "GENERAL_ERROR", 502: "BAD_GATEWAY", 503: "SERVICE_UNAVAILABLE", 504: "GATEWAY_TIMEOUT"}


class ConnectionDropped(Exception):
    """The simulator closed the connection on purpose: no answer is sent."""


def json_response(body: Any, status: int = 200) -> web.Response:
    return web.json_response(body, status=status)


def error_response(error: ApiError, style: str, path: str) -> web.Response:
    kind, body = error.render(style, path)
    if kind == "html":
        return web.Response(text=body, status=error.status, content_type="text/html", headers=error.headers)
    return web.json_response(body, status=error.status, headers=error.headers)


def _parse_json_body(raw: bytes | None) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "BAD_REQUEST", "the request body is not valid JSON") from None


async def json_body(request: web.Request) -> Any:
    """The parsed body of a write (aiohttp caches the bytes the middleware already read)."""
    return _parse_json_body(await request.read() if request.body_exists else None)


def _drop_connection(request: web.Request) -> None:
    # abort() resets the socket at once: the client sees the connection end with no status line.
    if request.transport is not None:
        request.transport.abort()
    raise ConnectionDropped()


def _truncate(response: web.Response) -> web.Response:
    body = response.body if isinstance(response.body, bytes) else b""
    return web.Response(body=body[: max(1, len(body) // 2)], status=response.status, content_type="application/json")


def _admit(request: web.Request, sim: Simulator) -> dict[str, str]:
    """Count the request against its key's limit, then check credentials; returns the rate-limit header.

    With `requests: 0` (no limit) there is nothing to count down: no X-Rate-Limit-Remaining at all,
    rather than a made-up number a client would pace on (README, "Rate limit").
    """
    limit = sim.config["rate_limit"]
    verdict = sim.rate_limiter.check(request.headers.get("x-api-key", ""), limit["requests"], limit["window_seconds"])
    remaining = {} if limit["requests"] == 0 else {"X-Rate-Limit-Remaining": str(verdict.remaining)}
    if not verdict.allowed:
        # No recorded answer shows a retry-after header on the live API: none unless the config asks.
        wait = str(verdict.retry_after_seconds)
        raise ApiError(429, "TOO_MANY_REQUESTS",
                       f"Rate limit of {limit['requests']} requests per {limit['window_seconds']:g} s exceeded",
                       {**remaining, **{header: wait for header in limit["retry_after_headers"]}})
    if not sim.credentials_match(request.headers.get("x-api-key"), request.headers.get("x-api-secret-key")):
        raise ApiError(401, "UNAUTHORIZED", "Authentication failed for requested resource", remaining)
    return remaining


async def _run_route(request: web.Request, handler: Any, sim: Simulator, fault: dict[str, Any] | None) -> web.StreamResponse:
    """The route's answer, bent by a request-level fault if one fired."""
    kind = fault["kind"] if fault else None
    if fault is None or kind in ("drop_after", "truncated", "slow"):
        if kind == "slow":
            await asyncio.sleep(fault["delay"])
            sim.advance()  # time moved on while we slept
        response = await handler(request)
        if kind == "drop_after":
            _drop_connection(request)
        if kind == "truncated" and isinstance(response, web.Response):
            response = _truncate(response)
        return response
    if kind == "http_error":
        raise ApiError(fault["status"], _HTTP_ERROR_TYPES[fault["status"]], "Injected server error")
    if kind == "rate_limited":
        wait = fault["retry_after"]
        headers = {} if wait is None else {"x-rate-limit-retry-after-seconds": str(wait), "Retry-After": str(wait)}
        raise ApiError(429, "TOO_MANY_REQUESTS", "Injected rate limit answer", headers)
    if kind == "drop_before":
        _drop_connection(request)
    assert kind == "non_json", kind
    return web.Response(text="<html><body><h1>Gateway answer</h1></body></html>", status=fault["status"],
                        content_type="text/html")


async def _serve(request: web.Request, handler: Any, sim: Simulator, entry: dict[str, Any],
                 raw_body: bytes | None) -> web.StreamResponse:
    remaining = _admit(request, sim)
    try:
        _parse_json_body(raw_body)  # a body that is not JSON is refused before the route runs
        sim.advance()
        fault = sim.faults.pick(REQUEST_FAULTS, request.method, request.path)
        entry["fault"] = fault["kind"] if fault else None
        response = await _run_route(request, handler, sim, fault)
    except ApiError as error:
        response = error_response(error, sim.config["error_bodies"], request.path)
    except web.HTTPException as http_error:  # unknown path or method: still the API's error shape
        error_type = "NOT_FOUND" if http_error.status == 404 else "BAD_REQUEST"
        response = error_response(ApiError(http_error.status, error_type, http_error.reason),
                                  sim.config["error_bodies"], request.path)
    response.headers.update(remaining)
    return response


@web.middleware
async def api_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    if not request.path.startswith("/v1/"):
        return await handler(request)
    sim = request.app[SIMULATOR]
    raw_body = await request.read() if request.method in WRITE_METHODS and request.body_exists else None
    try:
        logged_body = _parse_json_body(raw_body)
    except ApiError:
        logged_body = None  # the route answers 400; the log keeps no unparsed bytes
    entry = sim.requests.record(request.method, request.path, dict(request.query), logged_body)
    try:
        response = await _serve(request, handler, sim, entry, raw_body)
    except ApiError as error:  # refused by the rate limit or auth
        response = error_response(error, sim.config["error_bodies"], request.path)
    except ConnectionDropped:
        raise asyncio.CancelledError() from None
    entry["status"] = response.status
    return response
