"""What a hostile or broken server cannot make the client do: follow a redirect, hang, fill memory,
skip certificate checks, send to a path outside the API, or carry a key it cannot send."""

from __future__ import annotations

import gzip
import json
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hostile.certs import Certificate, self_signed
from pytest_httpserver import HTTPServer
from werkzeug import Response

from ansible_collections.rediscloud.api.plugins.module_utils.api import client as client_module
from ansible_collections.rediscloud.api.plugins.module_utils.api.client import RedisCloudClient
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import ApiRequestError, MalformedResponseError, RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.api.retries import RetryPolicy
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import Deadline

API_KEY = "unit-test-account-key-0001"
API_SECRET_KEY = "unit-test-user-secret-0002"
TASK = {"taskId": "5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60", "status": "received"}
# A hang is many times this; a pass is well under it on a loaded machine.
HANG = 10.0


def make_client(url: str, **kwargs) -> RedisCloudClient:  # type: ignore[no-untyped-def]
    kwargs.setdefault("retries", RetryPolicy(total=0))
    kwargs.setdefault("sleep", lambda seconds: None)
    return RedisCloudClient(url, API_KEY, API_SECRET_KEY, **kwargs)


class TestRedirects:
    @pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
    @pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
    def test_a_redirect_to_another_host_is_refused_and_nothing_reaches_that_host(self, api_server, scripted_server, status, method):
        decoy = scripted_server.start([])
        api_server.expect_request("/v1/subscriptions/7", method=method).respond_with_data(
            "", status=status, headers={"Location": f"http://127.0.0.1:{decoy.port}/steal"})
        client = make_client(api_server.url_for("/v1"))
        call = {"GET": lambda: client.get("/subscriptions/7"), "POST": lambda: client.post("/subscriptions/7", {"name": "a"}),
                "DELETE": lambda: client.delete("/subscriptions/7")}[method]

        with pytest.raises(ApiRequestError) as caught:
            call()

        assert caught.value.status == status and caught.value.error_type == "REDIRECT"
        assert f"a redirect to another host, 127.0.0.1:{decoy.port}" in str(caught.value)
        assert "nothing was sent there" in str(caught.value)
        assert len(api_server.log) == 1  # not retried either
        time.sleep(0.3)  # what a follower would have sent by now
        assert decoy.requests == []

    def test_a_redirect_to_the_same_host_is_refused_too(self, api_server):
        api_server.expect_request("/v1/tasks").respond_with_data("", status=302, headers={"Location": "/v1/other"})
        with pytest.raises(ApiRequestError, match="a redirect to the same host. Redirects are never followed"):
            make_client(api_server.url_for("/v1")).get("/tasks")
        assert [request.path for request, _response in api_server.log] == ["/v1/tasks"]

    def test_the_location_is_reduced_to_its_host(self, api_server):
        location = f"https://{API_SECRET_KEY}:x@evil.example:8443/p?key={API_KEY}"
        api_server.expect_request("/v1/tasks").respond_with_data("", status=307, headers={"Location": location})
        with pytest.raises(ApiRequestError) as caught:
            make_client(api_server.url_for("/v1")).get("/tasks")
        assert "to another host, evil.example:8443." in str(caught.value)
        assert API_KEY not in str(caught.value) and API_SECRET_KEY not in str(caught.value)


class TrickleServer:
    """Sends the head of an answer, then its body one byte at a time, ``interval`` seconds apart."""

    def __init__(self, status: int = 200, body: bytes = b'{"tasks": []}' + b" " * 10000, interval: float = 0.05,
                 trickle_head: bool = False) -> None:
        self.status, self.body, self.interval, self.trickle_head = status, body, interval, trickle_head
        self.connections = 0
        self._stop = threading.Event()
        self._socket = socket.create_server(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}/v1"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _address = self._socket.accept()
            except OSError:
                continue
            self.connections += 1
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        head = f"HTTP/1.1 {self.status} OK\r\nContent-Type: application/json\r\nContent-Length: {len(self.body)}\r\n\r\n".encode()
        with connection:
            try:
                connection.recv(65536)
                if not self.trickle_head:
                    connection.sendall(head)
                for index in range(len(head) if self.trickle_head else 0, len(self.body)):
                    if self._stop.is_set():
                        return
                    connection.sendall(head[index:index + 1] if self.trickle_head and index < len(head) else self.body[index:index + 1])
                    time.sleep(self.interval)
            except OSError:
                return

    def stop(self) -> None:
        self._stop.set()
        self._socket.close()


@pytest.fixture
def trickle() -> Iterator[type[TrickleServer]]:
    started: list[TrickleServer] = []

    def start(**kwargs) -> TrickleServer:  # type: ignore[no-untyped-def]
        server = TrickleServer(**kwargs)
        started.append(server)
        return server

    yield start  # type: ignore[misc]
    for server in started:
        server.stop()


class TestTotalTime:
    def test_a_trickling_body_cannot_hold_a_read_past_api_timeout(self, trickle):
        server = trickle()
        started = time.monotonic()
        with pytest.raises(ApiRequestError, match=r"^GET /tasks failed: no complete answer within 1 s"):
            make_client(server.url, timeout=1).get("/tasks")
        assert time.monotonic() - started < HANG

    def test_trickling_headers_cannot_either(self, trickle):
        server = trickle(trickle_head=True)
        started = time.monotonic()
        with pytest.raises(ApiRequestError, match="no complete answer within 1 s"):
            make_client(server.url, timeout=1).get("/tasks")
        assert time.monotonic() - started < HANG

    def test_the_deadline_bounds_an_attempt_below_api_timeout(self, trickle, monkeypatch):
        monkeypatch.setattr(client_module, "LAST_ATTEMPT_SECONDS", 0.5)
        server = trickle()
        started = time.monotonic()
        with pytest.raises(ApiRequestError, match="no complete answer within 1 s"):
            make_client(server.url, timeout=30, deadline=Deadline(1), retries=RetryPolicy(total=5)).get("/tasks")
        assert time.monotonic() - started < HANG
        assert server.connections == 1  # cut by the deadline: no time left to retry

    def test_a_trickled_write_is_not_sent_again(self, trickle):
        server = trickle(status=202)
        with pytest.raises(ApiRequestError, match="may have been acted on, so it was not sent again"):
            make_client(server.url, timeout=1, retries=RetryPolicy(total=5)).post("/subscriptions", {"name": "a"})
        assert server.connections == 1


def chunked(size: int, piece: bytes = b" ") -> Response:
    """An answer of ``size`` bytes without Content-Length (werkzeug sends it chunked)."""

    def generate() -> Iterator[bytes]:
        yield b'{"tasks": ['
        for _index in range(size // 65536 + 1):
            yield piece * 65536

    return Response(generate(), content_type="application/json")


class TestSize:
    def test_an_answer_announced_larger_than_the_limit_is_not_read(self, api_server):
        api_server.expect_request("/v1/tasks").respond_with_data(b" " * 5000, content_type="application/json")
        client = make_client(api_server.url_for("/v1"), max_answer_bytes=1000, retries=RetryPolicy(total=3))
        with pytest.raises(MalformedResponseError, match=r"^GET /tasks: HTTP 200 answer is larger than 1000 bytes, far above any"):
            client.get("/tasks")
        assert len(api_server.log) == 1  # not downloaded again

    def test_a_streamed_answer_is_cut_at_the_limit(self, api_server):
        api_server.expect_request("/v1/tasks").respond_with_handler(lambda request: chunked(50 * 1024 * 1024))
        client = make_client(api_server.url_for("/v1"), retries=RetryPolicy(total=3))
        with pytest.raises(MalformedResponseError, match="answer is larger than 4 MiB"):
            client.get("/tasks")
        assert client.request_count == 1

    def test_a_huge_error_body_becomes_a_short_excerpt(self, api_server):
        api_server.expect_request("/v1/tasks", method="POST").respond_with_handler(lambda request: Response(
            chunked(50 * 1024 * 1024).response, status=400, content_type="text/html"))
        with pytest.raises(ApiRequestError) as caught:
            make_client(api_server.url_for("/v1")).post("/tasks", {})
        assert caught.value.status == 400
        assert len(caught.value.description) <= 200

    def test_a_compressed_answer_is_refused(self, api_server):
        compressed = gzip.compress(b'{"tasks": []}')
        api_server.expect_request("/v1/tasks").respond_with_data(compressed, content_type="application/json", headers={"Content-Encoding": "gzip"})
        with pytest.raises(MalformedResponseError, match="is compressed"):
            make_client(api_server.url_for("/v1")).get("/tasks")
        assert api_server.log[0][0].headers["Accept-Encoding"] == "identity"


class TestJson:
    @pytest.mark.parametrize("body", [b'{"id": NaN}', b'{"id": Infinity}', b'{"id": -Infinity}', b'{"size": 1e400}',
                                      b"[" * 100000 + b"]" * 100000, b'{"id": 1' + b"0" * 5000 + b"}", b"\xff\xfe{}"])
    def test_numbers_json_cannot_hold_deep_nesting_and_bad_bytes_are_malformed_answers(self, api_server, body):
        api_server.expect_request("/v1/tasks").respond_with_data(body, content_type="application/json")
        with pytest.raises(MalformedResponseError, match=r"^GET /tasks: HTTP 200 answer is not valid JSON"):
            make_client(api_server.url_for("/v1"), retries=RetryPolicy(total=3)).get("/tasks")
        assert len(api_server.log) == 1

    def test_control_characters_from_the_server_do_not_reach_the_message(self, api_server):
        api_server.expect_request("/v1/tasks").respond_with_json({"message": "\x1b[2J\x1b[31mwiped\r\n"}, status=400)
        with pytest.raises(ApiRequestError) as caught:
            make_client(api_server.url_for("/v1")).get("/tasks")
        assert "\x1b" not in str(caught.value) and "\r" not in str(caught.value)
        assert caught.value.description == "[2J [31mwiped"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> Certificate:
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def other_certificate(tmp_path_factory) -> Certificate:
    return self_signed(tmp_path_factory.mktemp("tls-other"), name="unrelated")


@pytest.fixture(scope="module")
def tls_server(certificate) -> Iterator[HTTPServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate.cert, certificate.key)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    server.expect_request("/v1/tasks").respond_with_json({"tasks": []})
    yield server
    server.clear()
    server.stop()


class TestTls:
    def test_an_unverifiable_certificate_fails_at_once_with_a_hint(self, tls_server, monkeypatch):
        for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            monkeypatch.delenv(name, raising=False)
        sleeps: list[float] = []
        client = make_client(tls_server.url_for("/v1"), retries=RetryPolicy(total=5), sleep=sleeps.append)
        with pytest.raises(ApiRequestError) as caught:
            client.get("/tasks")
        message = str(caught.value)
        assert message.startswith("GET /tasks: the TLS connection to 127.0.0.1 failed: [SSL: CERTIFICATE_VERIFY_FAILED]")
        assert "give its certificate in ca_path" in message and "Not retried" in message
        assert caught.value.error_type == "TLS_ERROR"
        assert (client.request_count, sleeps) == (1, [])

    def test_ca_path_trusts_a_private_ca(self, tls_server, certificate, other_certificate, monkeypatch):
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(other_certificate.cert))  # ca_path wins over the environment
        assert make_client(tls_server.url_for("/v1"), ca_path=str(certificate.cert)).get("/tasks") == {"tasks": []}

    @pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
    def test_validate_certs_false_wins_over_a_ca_bundle_in_the_environment(self, tls_server, other_certificate, monkeypatch, variable):
        # psf/requests#3829: a session's verify=False loses to these variables; the client passes verify on each request.
        monkeypatch.setenv(variable, str(other_certificate.cert))
        assert make_client(tls_server.url_for("/v1"), validate_certs=False).get("/tasks") == {"tasks": []}

    def test_a_ca_bundle_in_the_environment_is_still_used_when_verifying(self, tls_server, certificate, monkeypatch):
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(certificate.cert))
        assert make_client(tls_server.url_for("/v1")).get("/tasks") == {"tasks": []}

    def test_ca_path_is_ignored_when_validate_certs_is_false(self, tls_server, other_certificate):
        client = make_client(tls_server.url_for("/v1"), validate_certs=False, ca_path=str(other_certificate.cert))
        assert client.get("/tasks") == {"tasks": []}


class TestPaths:
    @pytest.mark.parametrize("path", ["/subscriptions/7/../../x", "/tasks/../subscriptions", "/tasks/abc?evil=1", "/tasks/a#b",
                                      "https://evil.example/x", "//evil.example/x", "/tasks/%2e%2e/x", "/tasks/a b", "/tasks/a\n",
                                      "tasks/1", "/tasks/./x", "/tasks\\..\\x"])
    def test_a_path_that_leaves_the_api_is_not_sent(self, api_server, path):
        with pytest.raises(RedisCloudError, match=r"^GET .* was not sent: it ") as caught:
            make_client(api_server.url_for("/v1")).get(path)
        assert not isinstance(caught.value, ApiRequestError)  # nothing was sent: no outcome to reconcile
        assert api_server.log == []

    def test_an_ordinary_path_is_sent(self, api_server):
        api_server.expect_request("/v1/subscriptions/7/databases").respond_with_json({"subscription": []})
        assert make_client(api_server.url_for("/v1")).get("/subscriptions/7/databases") == {"subscription": []}


class TestKeys:
    def test_surrounding_whitespace_is_stripped_from_both_keys(self, api_server):
        api_server.expect_request("/v1/tasks").respond_with_json({"tasks": []})
        RedisCloudClient(api_server.url_for("/v1"), f" {API_KEY}\n", f"{API_SECRET_KEY}\r\n").get("/tasks")
        request = api_server.log[0][0]
        assert (request.headers["x-api-key"], request.headers["x-api-secret-key"]) == (API_KEY, API_SECRET_KEY)

    @pytest.mark.parametrize("bad", ["abc def", "abc\ndef", "abc\x00def", "clé-secrète", "abc\tdef"])
    @pytest.mark.parametrize("option", ["api_key", "api_secret_key"])
    def test_a_key_a_header_cannot_carry_is_refused_naming_the_option_not_the_value(self, bad, option):
        keys = {"api_key": API_KEY, "api_secret_key": API_SECRET_KEY, option: bad}
        with pytest.raises(RedisCloudError) as caught:
            RedisCloudClient("https://api.redislabs.com/v1", keys["api_key"], keys["api_secret_key"])
        assert str(caught.value).startswith(f"{option} contains a character that an HTTP header cannot carry")
        assert bad not in str(caught.value) and repr(bad)[1:-1] not in str(caught.value)


class TestProxies:
    def test_plain_http_to_loopback_never_goes_through_a_proxy(self, api_server, scripted_server, monkeypatch):
        proxy = scripted_server.start([])
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.setenv(name, f"http://127.0.0.1:{proxy.port}")
        api_server.expect_request("/v1/tasks").respond_with_json({"tasks": []})
        assert make_client(api_server.url_for("/v1")).get("/tasks") == {"tasks": []}
        assert proxy.requests == []


def test_json_bodies_of_writes_are_sent_as_given(api_server):
    api_server.expect_request("/v1/subscriptions", method="POST").respond_with_handler(
        lambda request: Response(json.dumps({**TASK, "echo": request.get_json()}), status=202, content_type="application/json"))
    assert make_client(api_server.url_for("/v1")).post("/subscriptions", {"name": "ü"})["echo"] == {"name": "ü"}


def test_a_finished_answer_leaves_its_connection_for_the_next_request():
    ports: list[int] = []

    class KeepAlive(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # pylint: disable=invalid-name  # the name http.server calls
            ports.append(self.client_address[1])
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format, *args) -> None:  # pylint: disable=redefined-builtin  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), KeepAlive)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = make_client(f"http://127.0.0.1:{server.server_address[1]}/v1")
        for _index in range(3):
            client.get("/tasks")
    finally:
        server.shutdown()
        server.server_close()
    assert len(ports) == 3 and len(set(ports)) == 1  # one TCP connection, kept alive
