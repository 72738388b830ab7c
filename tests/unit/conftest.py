"""Fixtures shared by the unit tests: a threaded loopback HTTP server and a fake clock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

API_KEY = "unit-test-account-key-0001"
API_SECRET_KEY = "unit-test-user-secret-0002"


class FakeClock:
    """A monotonic clock that only moves when the code under test sleeps."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0, f"negative sleep {seconds}"
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def _loopback_server() -> Iterator[HTTPServer]:
    # Threaded, so that a handler that stalls (to provoke a read timeout) does not block the retry.
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def api_server(_loopback_server: HTTPServer) -> Iterator[HTTPServer]:
    """The loopback server, emptied of handlers and log before each test; the API base URL is url_for('/v1')."""
    _loopback_server.clear()
    yield _loopback_server
    _loopback_server.clear()


@pytest.fixture
def credentials_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credential variables from the developer's shell leak into a test."""
    for name in (
        "REDISCLOUD_ACCESS_KEY",
        "REDIS_CLOUD_API_KEY",
        "REDIS_API_KEY",
        "REDISCLOUD_SECRET_KEY",
        "REDIS_CLOUD_SECRET_KEY",
        "REDIS_CLOUD_API_SECRET",
        "REDIS_API_SECRET",
        "REDISCLOUD_URL",
        "REDIS_CLOUD_API_URL",
    ):
        monkeypatch.delenv(name, raising=False)


class ScriptedSocketServer:
    """A raw loopback HTTP server that plays one scripted action per connection.

    Needed where a real HTTP server library would not misbehave on purpose: dropping
    the connection without an answer, or sending a body shorter than its Content-Length.
    An action is either DROP or the raw bytes to send before closing.
    """

    DROP = b""

    def __init__(self, actions: list[bytes]) -> None:
        import socket
        import threading

        self.actions = list(actions)
        self.requests: list[bytes] = []
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(8)
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _address = self._socket.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(2)
                self.requests.append(_read_request(connection))
                action = self.actions.pop(0) if self.actions else self.DROP
                if action:
                    connection.sendall(action)

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=2)
        self._socket.close()


def _read_request(connection) -> bytes:  # type: ignore[no-untyped-def]
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _separator, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _separator, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = connection.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def http_answer(status: int, body: bytes, content_length: int | None = None, reason: str = "OK") -> bytes:
    """Raw bytes of an HTTP/1.1 answer; content_length may lie to simulate a cut-off body."""
    length = len(body) if content_length is None else content_length
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    return head.encode() + body


class ScriptedServers:
    """What the scripted_server fixture gives: start(actions) and the answer() helper."""

    DROP = ScriptedSocketServer.DROP
    answer = staticmethod(http_answer)

    def __init__(self) -> None:
        self.started: list[ScriptedSocketServer] = []

    def start(self, actions: list[bytes]) -> ScriptedSocketServer:
        server = ScriptedSocketServer(actions)
        self.started.append(server)
        return server


@pytest.fixture
def scripted_server() -> Iterator[ScriptedServers]:
    servers = ScriptedServers()
    yield servers
    for server in servers.started:
        server.stop()


class ModuleRun:
    """Outcome of running a module's main(): the exit code and the JSON result it printed."""

    def __init__(self, exit_code: int, result: dict) -> None:
        self.exit_code = exit_code
        self.result = result
        self.failed = bool(result.get("failed"))


@pytest.fixture
def run_module(capsys: pytest.CaptureFixture[str], credentials_env: None):
    """run_module(main, args) runs a module entry point in-process with these module args."""
    import json

    from ansible.module_utils.testing import patch_module_args

    def run(main, args: dict) -> ModuleRun:  # type: ignore[no-untyped-def]
        capsys.readouterr()
        with patch_module_args(args), pytest.raises(SystemExit) as exited:
            main()
        return ModuleRun(exited.value.code or 0, json.loads(capsys.readouterr().out))

    return run
