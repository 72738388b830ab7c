"""playbooks/live_check.yml, run as a user runs it (keys and URL in the environment), against the simulator.

Each case asserts the report's verdict: a good run, wrong keys, missing keys, an
unreachable URL, a proxy that blocks, and a server whose TLS certificate is not trusted.
The simulator runs at speed 1 here, so that its task timestamps are wall-clock times and
the detection latency the report computes can be checked against the module's own results.
"""

from __future__ import annotations

import datetime
import http.server
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness import REPO_ROOT, PlaybookRun, PlaybookRunner, SimulatorProcess, new_credentials

LIVE_CHECK = REPO_ROOT / "playbooks" / "live_check.yml"
ACCOUNT_STEP = "Read the account, its payment methods and regions"
PRICE_STEP = "Price a small subscription with the API's dry run (check mode creates nothing)"


@pytest.fixture(scope="module")
def realtime_simulator() -> Iterator[SimulatorProcess]:
    simulator = SimulatorProcess(*new_credentials(), speed=1).start()
    try:
        yield simulator
    finally:
        assert simulator.stop() == 0


@pytest.fixture
def sim(realtime_simulator: SimulatorProcess) -> SimulatorProcess:
    realtime_simulator.reset()
    return realtime_simulator


def live_check(sim: SimulatorProcess, env: dict[str, str] | None = None, with_credentials: bool = True) -> PlaybookRun:
    return PlaybookRunner(sim).run(str(LIVE_CHECK), env={"REDISCLOUD_URL": sim.api_url, **(env or {})},
                                   with_credentials=with_credentials)


def report(run: PlaybookRun) -> dict[str, Any]:
    return run.task("Build the report")["ansible_facts"]["live_check_report"]


def printed_lines(run: PlaybookRun) -> list[str]:
    return run.task("Live check report")["msg"]


def failure_message(run: PlaybookRun) -> str:
    return run.task("Fail with the collection's message")["msg"]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.core_smoke
def test_good_run_reports_every_answer_and_changes_nothing(sim):
    run = live_check(sim)

    assert run.rc == 0, run.stdout + run.stderr
    verdict = report(run)
    assert verdict["verdict"] == "passed" and verdict["failed_step"] is None
    assert (verdict["api_reachable"], verdict["keys_valid"]) == ("yes", "yes")
    lookups = run.task(ACCOUNT_STEP)
    assert verdict["rate_limit_remaining"] == lookups["rate_limit_remaining"]
    assert 0 < verdict["rate_limit_remaining"] < 400  # the simulator's limit, less the requests just made

    priced = run.task(PRICE_STEP)
    dry_run = verdict["dry_run"]
    assert dry_run["task_id"] == priced["task_id"] and priced["task"]["status"] == "processing-completed"
    assert (dry_run["provider"], dry_run["region"]) == ("AWS", "us-east-1")
    lines = priced["pricing"]
    shards = sum(line["quantity"] * line["pricePerUnit"] for line in lines if line.get("type") != "MinimumPrice")
    minimum = sum(line["quantity"] * line["pricePerUnit"] for line in lines if line.get("type") == "MinimumPrice")
    assert dry_run["estimate"] == pytest.approx(max(shards, minimum))
    assert dry_run["currency"] == lines[0]["priceCurrency"]

    # Detection latency: when the module saw the task completed, less when the task says it completed.
    seen = next(entry["at"] for entry in priced["timeline"]
                if entry["what"] == f"task {priced['task_id']}" and entry["status"] == "processing-completed")
    done = priced["task"]["timestamp"]
    expected = (datetime.datetime.fromisoformat(seen) - datetime.datetime.fromisoformat(done)).total_seconds()
    assert dry_run["detection_latency"] == pytest.approx(expected, abs=0.011)
    assert dry_run["detection_latency"] >= 0  # one clock on both sides here

    # GET /tasks lists only running tasks by default (the spec's reading), so the finished dry run may be absent.
    assert verdict["tasks_listed"] == len(run.task("List the account's tasks")["tasks"])
    text = printed_lines(run)
    assert text[0] == "Redis Cloud live check: PASSED (nothing was created or changed)"
    assert f"API reachable: yes ({sim.api_url})" in text
    assert "keys valid: yes, account 1001 (Simulated account), API key simulator-api-key, seen from 127.0.0.1" in text
    assert "payment methods: 2 (the dry run is priced with payment method 2001)" in text
    assert "regions: 36 (AWS 16, GCP 20)" in text
    assert any(line.startswith(f"dry-run task: {priced['task_id']}, seen {dry_run['detection_latency']} s after it completed")
               for line in text)
    assert any(line.startswith(f"rate-limit headroom: {verdict['rate_limit_remaining']} requests left") for line in text)
    assert run.status("Fail with the collection's message") == "skipped"

    assert sim.state()["subscriptions"] == []
    writes = [entry for entry in sim.requests() if entry["method"] != "GET"]
    assert [(entry["method"], entry["path"], entry["body"]["dryRun"]) for entry in writes] == [("POST", "/v1/subscriptions", True)]


def test_wrong_keys_fail_with_keys_refused(sim):
    run = live_check(sim, env={"REDISCLOUD_SECRET_KEY": "not-the-secret-of-this-account"})

    assert run.rc != 0
    verdict = report(run)
    assert verdict["verdict"] == "failed" and verdict["failed_step"] == ACCOUNT_STEP
    assert verdict["api_reachable"] == "yes"
    assert verdict["keys_valid"] == "NO: the API refused them (HTTP 401)"
    assert verdict["dry_run"] == {} and verdict["tasks_listed"] is None
    assert "GET / failed: HTTP 401" in failure_message(run)
    assert "Check api_key and api_secret_key" in failure_message(run)
    assert [(entry["method"], entry["path"], entry["status"]) for entry in sim.requests()] == [("GET", "/v1/", 401)]


def test_missing_keys_fail_before_any_request(sim):
    run = live_check(sim, with_credentials=False)

    assert run.rc != 0
    verdict = report(run)
    assert (verdict["api_reachable"], verdict["keys_valid"]) == ("not tried", "missing")
    assert failure_message(run).endswith("api_key is required: set it, or set REDISCLOUD_ACCESS_KEY (or REDIS_CLOUD_API_KEY, "
                                         "REDIS_API_KEY) in the environment, or use module_defaults group/rediscloud.api.redis_cloud")
    assert any(line.startswith("what to do: Set REDISCLOUD_ACCESS_KEY") for line in printed_lines(run))
    assert sim.requests() == []


def test_unreachable_url_fails_as_unreachable(sim):
    url = f"http://127.0.0.1:{closed_port()}/v1"
    run = live_check(sim, env={"REDISCLOUD_URL": url})

    assert run.rc != 0
    verdict = report(run)
    assert (verdict["api_reachable"], verdict["keys_valid"]) == ("no", "not tried")
    assert f"API reachable: no ({url})" in printed_lines(run)
    assert "GET / failed after retries: ConnectionError" in failure_message(run)
    assert "Connection refused" in failure_message(run)


class _BlockingProxy(http.server.BaseHTTPRequestHandler):
    """A forward proxy that refuses every request, as a corporate proxy does for a site it blocks."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        body = b"<html><body><h1>Access denied</h1><p>This site is blocked by policy.</p></body></html>"
        self.send_response(403, "Forbidden")
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(handler: type, tls: ssl.SSLContext | None = None) -> int:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        if tls is not None:
            server.socket = tls.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server.server_address[1]

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_blocking_proxy_is_told_apart_from_the_api(sim, serve):
    # An intercepting proxy answers in the API's place. (A configured HTTP_PROXY is never used for plain
    # http:// to loopback, the only plain http the modules allow, so the proxy stands at the API's address.)
    proxy = f"http://127.0.0.1:{serve(_BlockingProxy)}/v1"
    run = live_check(sim, env={"REDISCLOUD_URL": proxy})

    assert run.rc != 0
    verdict = report(run)
    assert verdict["api_reachable"] == "no: HTTP 403 from something that is not the Redis Cloud API (a proxy?)"
    assert verdict["keys_valid"] == "not tried"
    assert "GET / failed: HTTP 403: Access denied This site is blocked by policy." in failure_message(run)
    assert "<html>" not in failure_message(run)  # the page's text, never its markup
    assert sim.requests() == []  # the proxy answered; nothing reached the API


def _self_signed_tls(scratch: Path) -> ssl.SSLContext:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    (scratch / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (scratch / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                        serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(scratch / "cert.pem", scratch / "key.pem")
    return context


def test_an_untrusted_certificate_is_named(sim, serve, tmp_path):
    port = serve(_BlockingProxy, tls=_self_signed_tls(tmp_path))  # the handler is never reached: TLS fails first
    url = f"https://127.0.0.1:{port}/v1"
    run = live_check(sim, env={"REDISCLOUD_URL": url, "REQUESTS_CA_BUNDLE": "", "CURL_CA_BUNDLE": ""})

    assert run.rc != 0
    verdict = report(run)
    assert verdict["api_reachable"] == "no: its TLS certificate is not trusted here"
    assert "CERTIFICATE_VERIFY_FAILED" in failure_message(run)
    assert any(line.startswith("what to do: Behind a TLS-inspecting proxy, set REQUESTS_CA_BUNDLE") for line in printed_lines(run))
