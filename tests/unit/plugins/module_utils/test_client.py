"""RedisCloudClient against real loopback servers, so that requests and urllib3's Retry really run."""

from __future__ import annotations

import json
import threading
import time

import pytest
from werkzeug import Request, Response

from ansible_collections.rediscloud.api.plugins.module_utils.api.client import SMALL_PAGE_BYTES, RedisCloudClient, check_api_url
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import ApiRequestError, MalformedResponseError, RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.api.retries import RetryPolicy
from ansible_collections.rediscloud.api.plugins.module_utils.version import COLLECTION_VERSION

API_KEY = "unit-test-account-key-0001"
API_SECRET_KEY = "unit-test-user-secret-0002"
TASK = {"taskId": "5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60", "status": "received", "commandType": "subscriptionCreateRequest"}


@pytest.fixture
def retry_sleeps() -> list[float]:
    """The waits the client makes between attempts, recorded instead of slept (make_client passes it)."""
    return []


def make_client(url: str, sleeps: list[float] | None = None, **kwargs) -> RedisCloudClient:  # type: ignore[no-untyped-def]
    kwargs.setdefault("retries", RetryPolicy(total=3, backoff_factor=0.01))
    if sleeps is not None:
        kwargs.setdefault("sleep", sleeps.append)
    return RedisCloudClient(url, API_KEY, API_SECRET_KEY, **kwargs)


def logged_methods(server) -> list[str]:  # type: ignore[no-untyped-def]
    return [request.method for request, _response in server.log]


class TestHeaders:
    def test_sends_auth_accept_and_user_agent(self, api_server):
        api_server.expect_request("/v1/tasks").respond_with_json({"tasks": []})
        assert make_client(api_server.url_for("/v1")).get("/tasks") == {"tasks": []}
        request, _response = api_server.log[0]
        assert request.headers["x-api-key"] == API_KEY
        assert request.headers["x-api-secret-key"] == API_SECRET_KEY
        assert request.headers["Accept"] == "application/json"
        assert request.headers["User-Agent"].startswith(f"rediscloud.api/{COLLECTION_VERSION} (ansible-core/")
        assert "python-requests/" in request.headers["User-Agent"]

    def test_post_sends_json_body(self, api_server):
        api_server.expect_request("/v1/subscriptions", method="POST").respond_with_json(TASK, status=202)
        assert make_client(api_server.url_for("/v1")).post("/subscriptions", {"name": "a"}) == TASK
        request, _response = api_server.log[0]
        assert json.loads(request.data) == {"name": "a"}

    def test_query_parameters(self, api_server):
        api_server.expect_request("/v1/subscriptions", query_string="offset=10").respond_with_json({"subscriptions": []})
        assert make_client(api_server.url_for("/v1")).get("/subscriptions", params={"offset": 10}) == {"subscriptions": []}


class StalledHandler:
    """Answers only once released, counting the requests that reached it."""

    def __init__(self) -> None:
        self.calls = 0
        self.released = threading.Event()

    def __call__(self, request: Request) -> Response:
        self.calls += 1
        self.released.wait(5)
        return Response("{}", content_type="application/json")

    def release(self, server, expected_log_entries: int) -> None:  # type: ignore[no-untyped-def]
        """Let the stalled answers go and wait until the server logged them, so no later test sees them."""
        self.released.set()
        for _index in range(500):  # up to 5 s on a loaded machine
            if len(server.log) >= expected_log_entries:
                return
            time.sleep(0.01)


class TestTimeouts:
    def test_get_times_out_and_is_retried(self, api_server, retry_sleeps):
        stalled = StalledHandler()
        api_server.expect_request("/v1/tasks").respond_with_handler(stalled)
        client = make_client(api_server.url_for("/v1"), retry_sleeps, timeout=0.15, retries=RetryPolicy(total=1, backoff_factor=0.01))
        with pytest.raises(ApiRequestError, match=r"GET /tasks failed after retries: .*ReadTimeout"):
            client.get("/tasks")
        stalled.release(api_server, 2)
        assert stalled.calls == 2

    def test_post_timeout_is_not_resent(self, api_server, retry_sleeps):
        stalled = StalledHandler()
        api_server.expect_request("/v1/subscriptions", method="POST").respond_with_handler(stalled)
        client = make_client(api_server.url_for("/v1"), timeout=0.15, sleeps=retry_sleeps)
        with pytest.raises(ApiRequestError, match="may have been acted on, so it was not sent again"):
            client.post("/subscriptions", {"name": "a"})
        stalled.release(api_server, 1)
        assert stalled.calls == 1
        assert client.request_count == 1


class TestReadRetries:
    def test_get_retried_on_503_honouring_retry_after(self, api_server, retry_sleeps):
        api_server.expect_ordered_request("/v1/tasks").respond_with_data("busy", status=503, headers={"Retry-After": "2"})
        api_server.expect_ordered_request("/v1/tasks").respond_with_json({"tasks": []})
        client = make_client(api_server.url_for("/v1"), sleeps=retry_sleeps)
        assert client.get("/tasks") == {"tasks": []}
        assert retry_sleeps == [2]
        assert client.request_count == 2

    def test_get_retried_on_429_honouring_rate_limit_header(self, api_server, retry_sleeps):
        api_server.expect_ordered_request("/v1/tasks").respond_with_json(
            {"error": {"type": "TOO_MANY_REQUESTS"}}, status=429, headers={"x-rate-limit-retry-after-seconds": "2.5"}
        )
        api_server.expect_ordered_request("/v1/tasks").respond_with_json({"tasks": []})
        assert make_client(api_server.url_for("/v1"), sleeps=retry_sleeps).get("/tasks") == {"tasks": []}
        assert retry_sleeps == [2.5]

    def test_rate_limit_header_wins_over_retry_after_and_is_capped(self, api_server, retry_sleeps):
        api_server.expect_ordered_request("/v1/tasks").respond_with_data(
            "", status=429, headers={"x-rate-limit-retry-after-seconds": "3600", "Retry-After": "1"}
        )
        api_server.expect_ordered_request("/v1/tasks").respond_with_json({"tasks": []})
        make_client(api_server.url_for("/v1"), sleeps=retry_sleeps).get("/tasks")
        assert retry_sleeps == [60.0]

    @pytest.mark.parametrize("status", [500, 502, 504])
    def test_get_retried_on_server_errors_with_backoff(self, api_server, retry_sleeps, status):
        for _index in range(2):
            api_server.expect_ordered_request("/v1/tasks").respond_with_data("oops", status=status)
        api_server.expect_ordered_request("/v1/tasks").respond_with_json({"tasks": []})
        client = make_client(api_server.url_for("/v1"), sleeps=retry_sleeps)
        assert client.get("/tasks") == {"tasks": []}
        assert client.request_count == 3
        assert all(0 <= seconds <= 8 for seconds in retry_sleeps)

    def test_get_gives_up_after_the_retry_budget(self, api_server, retry_sleeps):
        api_server.expect_request("/v1/tasks").respond_with_json({"error": {"type": "SERVICE_UNAVAILABLE", "description": "Try later"}}, status=503)
        client = make_client(api_server.url_for("/v1"), retry_sleeps, retries=RetryPolicy(total=2, backoff_factor=0.01))
        with pytest.raises(ApiRequestError) as caught:
            client.get("/tasks")
        assert caught.value.status == 503
        assert len(api_server.log) == 3
        assert str(caught.value) == "GET /tasks failed: HTTP 503: SERVICE_UNAVAILABLE: Try later"

    def test_get_retried_when_the_connection_drops(self, scripted_server, retry_sleeps):
        server = scripted_server.start([scripted_server.DROP, scripted_server.answer(200, b'{"tasks": []}')])
        client = make_client(server.url, sleeps=retry_sleeps)
        assert client.get("/tasks") == {"tasks": []}
        assert len(server.requests) == 2


class TestWriteRetries:
    def test_post_not_retried_on_500(self, api_server, retry_sleeps):
        api_server.expect_request("/v1/subscriptions", method="POST").respond_with_json({"error": {"type": "INTERNAL"}}, status=500)
        with pytest.raises(ApiRequestError) as caught:
            make_client(api_server.url_for("/v1"), sleeps=retry_sleeps).post("/subscriptions", {"name": "a"})
        assert caught.value.status == 500
        assert logged_methods(api_server) == ["POST"]

    @pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
    def test_write_not_resent_when_the_answer_is_lost(self, scripted_server, retry_sleeps, method):
        server = scripted_server.start([scripted_server.DROP, scripted_server.answer(202, json.dumps(TASK).encode())])
        client = make_client(server.url, sleeps=retry_sleeps)
        call = {"POST": lambda: client.post("/subscriptions", {}), "PUT": lambda: client.put("/subscriptions/1", {}),
                "DELETE": lambda: client.delete("/subscriptions/1")}[method]
        with pytest.raises(ApiRequestError, match=f"^{method} /subscriptions.*may have been acted on") as caught:
            call()
        assert caught.value.method == method
        assert len(server.requests) == 1

    def test_post_retried_on_429_after_the_advertised_wait(self, api_server, retry_sleeps):
        api_server.expect_ordered_request("/v1/subscriptions", method="POST").respond_with_json(
            {"error": {"type": "TOO_MANY_REQUESTS"}}, status=429, headers={"x-rate-limit-retry-after-seconds": "1.5"}
        )
        api_server.expect_ordered_request("/v1/subscriptions", method="POST").respond_with_json(TASK, status=202)
        client = make_client(api_server.url_for("/v1"), sleeps=retry_sleeps)
        assert client.post("/subscriptions", {"name": "a"}) == TASK
        assert retry_sleeps == [1.5]
        assert logged_methods(api_server) == ["POST", "POST"]
        assert client.request_count == 2

    def test_post_to_a_closed_port_is_reported_as_not_connected(self, retry_sleeps):
        import socket

        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        client = make_client(f"http://127.0.0.1:{port}/v1", retry_sleeps, retries=RetryPolicy(total=1, backoff_factor=0.01))
        with pytest.raises(ApiRequestError, match=r"^POST /subscriptions failed after retries: ConnectionError"):
            client.post("/subscriptions", {})


class TestErrorBodies:
    @pytest.mark.parametrize(
        ("body", "error_type", "description"),
        [
            ({"error": {"type": "SUBSCRIPTION_NOT_FOUND", "status": "404 NOT_FOUND", "description": "Subscription 7 not found"}},
             "SUBSCRIPTION_NOT_FOUND", "Subscription 7 not found"),
            ({"type": "SUBSCRIPTION_NOT_FOUND", "status": "404 NOT_FOUND", "description": "Subscription 7 not found"},
             "SUBSCRIPTION_NOT_FOUND", "Subscription 7 not found"),
            ({"error": "SUBSCRIPTION_NOT_FOUND"}, "SUBSCRIPTION_NOT_FOUND", None),
            ("<html><body>Bad gateway</body></html>", None, "Bad gateway"),
        ],
    )
    def test_error_shapes(self, api_server, body, error_type, description):
        answer = api_server.expect_request("/v1/subscriptions/7")
        if isinstance(body, dict):
            answer.respond_with_json(body, status=404)
        else:
            answer.respond_with_data(body, status=404, content_type="text/html")
        with pytest.raises(ApiRequestError) as caught:
            make_client(api_server.url_for("/v1")).get("/subscriptions/7")
        failure = caught.value.to_failure()
        assert (failure["status"], failure["error_type"], failure["description"]) == (404, error_type, description)
        assert (failure["method"], failure["path"]) == ("GET", "/subscriptions/7")
        assert str(caught.value).startswith("GET /subscriptions/7 failed: HTTP 404: ")

    def test_get_or_none_maps_404_to_none(self, api_server):
        api_server.expect_request("/v1/subscriptions/7").respond_with_json({"error": {"type": "SUBSCRIPTION_NOT_FOUND"}}, status=404)
        assert make_client(api_server.url_for("/v1")).get_or_none("/subscriptions/7") is None

    def test_get_or_none_still_raises_other_errors(self, api_server):
        api_server.expect_request("/v1/subscriptions/7").respond_with_json({"error": {"type": "UNAUTHORIZED"}}, status=401)
        with pytest.raises(ApiRequestError, match="HTTP 401: UNAUTHORIZED"):
            make_client(api_server.url_for("/v1")).get_or_none("/subscriptions/7")


class TestMalformedBodies:
    def test_a_read_answered_with_a_small_page_that_is_not_json_is_read_again_then_fails_naming_the_request(self, api_server):
        # A gateway's small error page with status 200 is a transient fault, like a 5xx (the soak meets it);
        # reads are retried a bounded number of times.
        api_server.expect_request("/v1/tasks").respond_with_data("<html>maintenance</html>", content_type="text/html")
        sleeps: list[float] = []
        with pytest.raises(MalformedResponseError) as caught:
            make_client(api_server.url_for("/v1"), sleeps).get("/tasks")
        assert str(caught.value) == "GET /tasks: HTTP 200 answer is not valid JSON (starts with '<html>maintenance</html>')"
        assert (caught.value.method, caught.value.path) == ("GET", "/tasks")
        assert len(api_server.log) == 3 + 1  # make_client's policy: 3 retries
        assert len(sleeps) == 3

    def test_a_read_answered_with_a_large_page_that_is_not_json_is_read_once(self, api_server):
        # Reading it again could mean downloading a large body several times (issue 10, finding 6).
        page = "<html>" + "x" * (SMALL_PAGE_BYTES + 1) + "</html>"
        api_server.expect_request("/v1/tasks").respond_with_data(page, content_type="text/html")
        sleeps: list[float] = []
        with pytest.raises(MalformedResponseError):
            make_client(api_server.url_for("/v1"), sleeps).get("/tasks")
        assert len(api_server.log) == 1
        assert sleeps == []

    @pytest.mark.parametrize("body", ['{"tasks": [{"taskId": "5e3c', '{"tasks": [{"taskId": 1}', '{"tasks": '])
    def test_a_read_whose_json_stops_short_is_read_again(self, api_server, retry_sleeps, body):
        api_server.expect_ordered_request("/v1/tasks").respond_with_data(body, content_type="application/json")
        api_server.expect_ordered_request("/v1/tasks").respond_with_json({"tasks": []})
        assert make_client(api_server.url_for("/v1"), retry_sleeps).get("/tasks") == {"tasks": []}
        assert len(api_server.log) == 2

    def test_a_write_with_a_garbled_answer_is_not_sent_again(self, api_server):
        api_server.expect_request("/v1/subscriptions", method="POST").respond_with_data("<html>oops</html>", status=202)
        with pytest.raises(MalformedResponseError, match=r"^POST /subscriptions: HTTP 202 answer is not valid JSON"):
            make_client(api_server.url_for("/v1"), sleep=lambda seconds: None).post("/subscriptions", {"name": "a"})
        assert logged_methods(api_server) == ["POST"]

    def test_a_read_cut_off_before_its_content_length_is_read_again(self, scripted_server, retry_sleeps):
        cut = scripted_server.answer(200, b'{"tasks": [{"taskId"', content_length=500)
        server = scripted_server.start([cut, scripted_server.answer(200, b'{"tasks": []}')])
        assert make_client(server.url, retry_sleeps).get("/tasks") == {"tasks": []}
        assert len(server.requests) == 2

    def test_a_read_that_stays_cut_off_fails_after_the_bounded_retries(self, scripted_server, retry_sleeps):
        cut = scripted_server.answer(200, b'{"tasks": [{"taskId"', content_length=500)
        server = scripted_server.start([cut] * 4)
        with pytest.raises(MalformedResponseError, match=r"^GET /tasks: the answer was cut off"):
            make_client(server.url, retry_sleeps).get("/tasks")  # 3 retries
        assert len(server.requests) == 4

    def test_a_write_cut_off_is_not_sent_again(self, scripted_server, retry_sleeps):
        cut = scripted_server.answer(202, b'{"taskId": "5e3c', content_length=500)
        server = scripted_server.start([cut, scripted_server.answer(202, json.dumps(TASK).encode())])
        with pytest.raises(MalformedResponseError, match=r"^POST /subscriptions: the answer was cut off"):
            make_client(server.url, retry_sleeps).post("/subscriptions", {})
        assert len(server.requests) == 1

    def test_empty_delete_answer_is_none(self, api_server):
        api_server.expect_request("/v1/subscriptions/7", method="DELETE").respond_with_data("", status=204)
        assert make_client(api_server.url_for("/v1")).delete("/subscriptions/7") is None


class TestUrlPolicy:
    @pytest.mark.parametrize("url", ["http://api.example.com/v1", "http://10.0.0.1/v1", "http://127.example.com/v1"])
    def test_plain_http_to_remote_hosts_is_refused(self, url):
        with pytest.raises(RedisCloudError, match="api_url uses plain http://"):
            RedisCloudClient(url, API_KEY, API_SECRET_KEY)

    @pytest.mark.parametrize("url", ["http://127.0.0.1:8080/v1", "http://127.3.2.1/v1", "http://[::1]:9/v1", "http://localhost/v1",
                                     "https://api.redislabs.com/v1"])
    def test_https_and_loopback_http_are_accepted(self, url):
        assert check_api_url(url) is None

    @pytest.mark.parametrize("url", ["ftp://api.redislabs.com/v1", "api.redislabs.com/v1", "https:///v1"])
    def test_other_urls_are_refused(self, url):
        assert check_api_url(url).startswith("api_url must be an https:// URL")

    @pytest.mark.parametrize("url", ["https://user:hunter2@api.redislabs.com/v1", "https://hunter2@api.redislabs.com/v1",
                                     "http://user:hunter2@127.0.0.1:8080/v1", "https://:hunter2@api.redislabs.com/v1"])
    def test_a_url_with_credentials_is_refused_without_repeating_them(self, url):
        problem = check_api_url(url)
        assert problem.startswith("api_url must not contain credentials")
        assert "hunter2" not in problem

    @pytest.mark.parametrize(("url", "words"), [
        ("https://api.redislabs.com/v1?x=1", "query"), ("https://api.redislabs.com/v1#top", "fragment"),
        ("https://api.redislabs.com:99999/v1", "not a valid URL"), ("https://api.redislabs.com/v1\n", "whitespace or control"),
        ("", "empty"),
    ])
    def test_a_url_with_a_query_fragment_bad_port_or_control_characters_is_refused(self, url, words):
        assert words in check_api_url(url)


class TestPacing:
    def test_spaces_requests_when_few_remain(self, api_server, fake_clock):
        api_server.expect_request("/v1/tasks").respond_with_json({"tasks": []}, headers={"X-Rate-Limit-Remaining": "9"})
        client = make_client(api_server.url_for("/v1"), sleep=fake_clock.sleep, clock=fake_clock)
        client.get("/tasks")
        client.get("/tasks")
        assert fake_clock.sleeps == [pytest.approx(6.0)]  # 60 s window / (9 remaining + 1)

    def test_no_pacing_while_plenty_remain(self, api_server, fake_clock):
        api_server.expect_request("/v1/tasks").respond_with_json({"tasks": []}, headers={"X-Rate-Limit-Remaining": "300"})
        client = make_client(api_server.url_for("/v1"), sleep=fake_clock.sleep, clock=fake_clock)
        for _index in range(3):
            client.get("/tasks")
        assert fake_clock.sleeps == []
