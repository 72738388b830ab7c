"""A scriptable hostile Redis Cloud API for the tests (aiohttp, in a background thread).

Each test scripts what the server answers per method and path (``script``): plain JSON,
redirects, huge or trickling bodies, garbled shapes, 429 storms, the caller's own key
echoed back. Unscripted paths answer like a small, empty account. The server logs every
request it sees with its ``Host`` header and whether it carried the right keys. A second
listener, the ``Decoy`` on another loopback address, counts every connection and keeps
every byte it receives: redirects point there, and nothing may ever arrive.
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import socket
import ssl
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from hostile.certs import Certificate

Behaviour = Callable[[web.Request], Awaitable[web.StreamResponse]]
TASK_ID = "5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60"
SUBSCRIPTION_ID = 4242


def task(task_id: str = TASK_ID, status: str = "processing-completed", command: str = "subscriptionCreateRequest",
         **response: Any) -> dict[str, Any]:
    """A task body shaped like the real API's (GET /tasks/{id}, and the answer to every write)."""
    return {"taskId": task_id, "commandType": command, "status": status, "description": "Request processing completed",
            "timestamp": "2026-01-01T00:00:00Z", "response": response, "links": []}


def subscription(subscription_id: int = SUBSCRIPTION_ID, name: str = "hostile", status: str = "active") -> dict[str, Any]:
    return {"id": subscription_id, "name": name, "status": status, "deploymentType": "single-region", "paymentMethodType": "marketplace",
            "memoryStorage": "ram", "numberOfDatabases": 0, "cloudDetails": [], "links": []}


def empty_account() -> dict[tuple[str, str], list[Behaviour]]:
    """What an account with no subscriptions and no tasks answers."""
    return {
        ("GET", "/v1/subscriptions"): [answer_json({"accountId": 1, "subscriptions": []})],
        ("GET", "/v1/tasks"): [answer_json({"tasks": []})],
        ("GET", "/v1/tasks/*"): [answer_json(task())],
        ("POST", "/v1/subscriptions"): [answer_json(task(status="received"), status=202)],
        # A create first checks its regions against the account's (issue 16).
        ("GET", "/v1/regions"): [answer_json({"regions": [{"id": 1, "name": "us-east-1", "provider": "AWS"},
                                                          {"id": 2, "name": "eu-west-1", "provider": "AWS"}]})],
    }


# behaviours --------------------------------------------------------------------------------------

def answer_json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Behaviour:
    async def respond(request: web.Request) -> web.StreamResponse:
        return web.Response(text=json.dumps(body), status=status, content_type="application/json", headers=headers)

    return respond


def answer_raw(body: bytes, status: int = 200, content_type: str = "application/json", headers: dict[str, str] | None = None) -> Behaviour:
    async def respond(request: web.Request) -> web.StreamResponse:
        return web.Response(body=body, status=status, content_type=content_type, headers=headers)

    return respond


def redirect(location: str, status: int = 302) -> Behaviour:
    async def respond(request: web.Request) -> web.StreamResponse:
        return web.Response(status=status, headers={"Location": location}, text="moved")

    return respond


def rate_limited(retry_after: str | None = None, header: str = "Retry-After") -> Behaviour:
    """429 with ``header: retry_after`` (no header at all when None), and a Spring-like body."""

    async def respond(request: web.Request) -> web.StreamResponse:
        headers = {header: retry_after} if retry_after is not None else {}
        return web.Response(text=json.dumps({"status": 429, "message": "Too Many Requests"}), status=429,
                            content_type="application/json", headers=headers)

    return respond


def huge(size: int, declare_length: bool, content_type: str = "application/json") -> Behaviour:
    """A body of ``size`` bytes that starts like JSON, streamed (with or without Content-Length)."""

    async def respond(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(status=200, headers={"Content-Type": content_type})
        if declare_length:
            response.content_length = size
        else:
            response.enable_chunked_encoding()
        await response.prepare(request)
        piece = b" " * 65536
        sent = 0
        try:
            await response.write(b'{"tasks": [')
            sent = 11
            while sent < size:
                chunk = piece[: min(len(piece), size - sent)]
                await response.write(chunk)
                sent += len(chunk)
        except (ConnectionError, RuntimeError):
            return response
        return response

    return respond


def trickle(body: bytes, interval: float, status: int = 200) -> Behaviour:
    """Headers at once, then the body one byte every ``interval`` seconds."""

    async def respond(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(status=status, headers={"Content-Type": "application/json"})
        response.content_length = len(body)
        await response.prepare(request)
        try:
            for index in range(len(body)):
                await response.write(body[index:index + 1])
                await asyncio.sleep(interval)
        except (ConnectionError, RuntimeError):
            return response
        return response

    return respond


def echo_key(make_body: Callable[[str], Any], status: int = 200) -> Behaviour:
    """Answer with a body built from the account key the request carried (a server that echoes it back)."""

    async def respond(request: web.Request) -> web.StreamResponse:
        key = request.headers.get("x-api-secret-key", "")
        return web.Response(text=json.dumps(make_body(key)), status=status, content_type="application/json")

    return respond


# the servers -------------------------------------------------------------------------------------

@dataclass
class Seen:
    method: str
    path: str
    query: str
    host: str
    keys_ok: bool
    at: float = field(default_factory=time.monotonic)


class _Loop:
    """One asyncio loop in a daemon thread, shared by a server and its decoy."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="hostile-server", daemon=True)
        self.thread.start()

    def run(self, coroutine: Awaitable[Any], timeout: float = 30) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)  # type: ignore[arg-type]

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


class Decoy:
    """A listener nothing may reach: counts connections and keeps what they send."""

    def __init__(self, loop: _Loop, host: str = "127.0.0.2") -> None:
        self._loop = loop
        self.host = host
        self.connections = 0
        self.received = b""
        self._server: asyncio.AbstractServer | None = None
        self.port = 0

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._accept, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            self.received += await asyncio.wait_for(reader.read(65536), timeout=2)
        except (asyncio.TimeoutError, ConnectionError):
            pass
        writer.close()

    def start(self) -> Decoy:
        self._loop.run(self._start())
        return self

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.close()


class HostileServer:
    """The API under ``/v1`` on 127.0.0.1 (https when given a certificate), scripted per test.

    It has the attributes tests/integration/harness.py's PlaybookRunner reads from a simulator:
    ``api_key``, ``api_secret_key`` and ``api_url``.
    """

    def __init__(self, api_key: str, api_secret_key: str, certificate: Certificate | None = None) -> None:
        self.api_key = api_key
        self.api_secret_key = api_secret_key
        self.certificate = certificate
        self.seen: list[Seen] = []
        self.scripts: dict[tuple[str, str], list[Behaviour]] = {}
        self._loop = _Loop()
        self.decoy = Decoy(self._loop)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # lifecycle ---------------------------------------------------------------------------------
    def start(self) -> HostileServer:
        self._loop.run(self._start())
        self.decoy.start()
        self.reset()
        return self

    async def _start(self) -> None:
        app = web.Application(client_max_size=1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        listener = socket.create_server(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        context = None
        if self.certificate is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self.certificate.cert, self.certificate.key)
        await web.SockSite(self._runner, listener, ssl_context=context).start()

    def stop(self) -> None:
        self.decoy.stop()
        if self._runner is not None:
            self._loop.run(self._runner.cleanup())
        self._loop.stop()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        scheme = "https" if self.certificate is not None else "http"
        return f"{scheme}://{self.host}/v1"

    # scripting ---------------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget the log and every script: back to an empty account."""
        self.seen = []
        self.scripts = empty_account()

    def script(self, method: str, path: str, *behaviours: Behaviour) -> None:
        """Answer ``method path`` (fnmatch pattern) with these behaviours in turn; the last one repeats."""
        self.scripts[(method, path)] = list(behaviours)

    def requests(self, method: str | None = None, path: str | None = None) -> list[Seen]:
        return [seen for seen in self.seen if (method is None or seen.method == method) and (path is None or fnmatch.fnmatchcase(seen.path, path))]

    def hosts(self) -> set[str]:
        return {seen.host for seen in self.seen}

    # serving -----------------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        keys_ok = (request.headers.get("x-api-key") == self.api_key.strip()
                   and request.headers.get("x-api-secret-key") == self.api_secret_key.strip())
        self.seen.append(Seen(request.method, request.raw_path.split("?")[0], request.query_string, request.headers.get("Host", ""), keys_ok))
        if not keys_ok:
            return web.Response(text=json.dumps({"timestamp": "2026-01-01T00:00:00.000+00:00", "status": 401, "error": "Unauthorized",
                                                 "path": request.path}), status=401, content_type="application/json")
        behaviours = self._match(request.method, request.raw_path.split("?")[0])
        if behaviours is None:
            return web.Response(text=json.dumps({"timestamp": "2026-01-01T00:00:00.000+00:00", "status": 404, "error": "Not Found",
                                                 "path": request.path}), status=404, content_type="application/json")
        behaviour = behaviours.pop(0) if len(behaviours) > 1 else behaviours[0]
        return await behaviour(request)

    def _match(self, method: str, path: str) -> list[Behaviour] | None:
        exact = self.scripts.get((method, path))
        if exact is not None:
            return exact
        for (scripted_method, pattern), behaviours in self.scripts.items():
            if scripted_method == method and fnmatch.fnmatchcase(path, pattern):
                return behaviours
        return None


def new_task_id() -> str:
    return str(uuid.uuid4())
