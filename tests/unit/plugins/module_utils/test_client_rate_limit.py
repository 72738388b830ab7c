"""HTTP 429 is waited out within the caller's deadline, never a failure while time is left; every wait is capped
by the time left; a retry header the client cannot use (nan, negative, garbage) counts as none."""

from __future__ import annotations

from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.api.client import RedisCloudClient
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import ApiRequestError
from ansible_collections.rediscloud.api.plugins.module_utils.api.retries import RetryPolicy
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import Deadline

API_KEY = "unit-test-account-key-0001"
API_SECRET_KEY = "unit-test-user-secret-0002"
TASK = {"taskId": "5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60", "status": "received"}
REFUSED = {"status": 429, "message": "Too Many Requests"}


def make_client(url: str, fake_clock, seconds_left: float | None = None, **kwargs) -> RedisCloudClient:  # type: ignore[no-untyped-def]
    deadline = Deadline(seconds_left, clock=fake_clock) if seconds_left is not None else None
    return RedisCloudClient(url, API_KEY, API_SECRET_KEY, sleep=fake_clock.sleep, clock=fake_clock, deadline=deadline, **kwargs)


def refuse(api_server, times: int, method: str = "GET", path: str = "/v1/tasks", **headers: str) -> None:  # type: ignore[no-untyped-def]
    for _index in range(times):
        api_server.expect_ordered_request(path, method=method).respond_with_json(REFUSED, status=429, headers=headers)


class TestStorms:
    def test_ten_refusals_with_retry_after_zero_do_not_end_a_create_that_has_time(self, api_server, fake_clock):
        refuse(api_server, 10, method="POST", path="/v1/subscriptions", **{"Retry-After": "0"})
        api_server.expect_ordered_request("/v1/subscriptions", method="POST").respond_with_json(TASK, status=202)
        client = make_client(api_server.url_for("/v1"), fake_clock, seconds_left=600)

        assert client.post("/subscriptions", {"name": "a"}) == TASK
        # "Retry now" ten times: each wait twice the last, up to the 60 s window; not a busy loop (issue 15)
        assert fake_clock.sleeps == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]
        assert client.request_count == 11

    def test_retry_after_zero_gives_a_few_requests_a_minute_never_one_a_second(self, api_server, fake_clock):
        api_server.expect_request("/v1/tasks").respond_with_json(REFUSED, status=429, headers={"Retry-After": "0"})
        client = make_client(api_server.url_for("/v1"), fake_clock, seconds_left=72)

        with pytest.raises(ApiRequestError):
            client.get("/tasks")

        assert client.request_count <= 8  # was 71 requests in 72 s
        assert fake_clock.sleeps[:6] == [1, 2, 4, 8, 16, 32]

    def test_a_read_outside_a_wait_gives_up_after_two_windows_whatever_the_deadline(self, api_server, fake_clock):
        api_server.expect_request("/v1/tasks").respond_with_json(REFUSED, status=429)
        client = make_client(api_server.url_for("/v1"), fake_clock, seconds_left=1800, max_rate_limited_seconds=120)

        with pytest.raises(ApiRequestError) as caught:
            client.get("/tasks")

        assert str(caught.value).endswith("(still rate limited after 120 s; a read that is not part of a wait gives up after 120 s)")
        assert sum(fake_clock.sleeps) == 120 and client.request_count <= 4  # an info read once waited out a 20-minute storm

    def test_a_storm_longer_than_the_deadline_fails_naming_the_rate_limit(self, api_server, fake_clock):
        api_server.expect_request("/v1/tasks").respond_with_json(REFUSED, status=429, headers={"Retry-After": "7"})
        client = make_client(api_server.url_for("/v1"), fake_clock, seconds_left=20)

        with pytest.raises(ApiRequestError) as caught:
            client.get("/tasks")

        assert caught.value.status == 429
        assert str(caught.value).startswith("GET /tasks failed: HTTP 429: Too Many Requests. The account's API rate limit")
        assert str(caught.value).endswith("(still rate limited when the run's wait_timeout ran out)")
        assert fake_clock.sleeps == [7, 7, 6]  # the last wait is what was left
        assert client.request_count == 4  # one more try once the time is up


class TestHowLong:
    def test_a_huge_retry_after_is_capped_by_the_window_and_by_the_time_left(self, api_server, fake_clock):
        refuse(api_server, 2, **{"Retry-After": "1e9"})
        api_server.expect_ordered_request("/v1/tasks").respond_with_json({"tasks": []})
        client = make_client(api_server.url_for("/v1"), fake_clock, seconds_left=100)

        assert client.get("/tasks") == {"tasks": []}
        assert fake_clock.sleeps == [60, 40]

    def test_without_a_retry_header_the_rest_of_the_minute_is_waited_out(self, api_server, fake_clock):
        api_server.expect_ordered_request("/v1/tasks").respond_with_json({"tasks": []})
        refuse(api_server, 2)
        api_server.expect_ordered_request("/v1/tasks").respond_with_json({"tasks": []})
        client = make_client(api_server.url_for("/v1"), fake_clock, seconds_left=600)

        client.get("/tasks")  # the window starts with the first request
        fake_clock.sleep(15)
        assert client.get("/tasks") == {"tasks": []}
        assert fake_clock.sleeps == [15, 45, 60]  # the rest of this window, then a whole one

    @pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-1", "-inf", "soon", "", "1e999", "Wed, 99 Foo 2026 00:00:00 GMT"])
    def test_a_retry_header_that_is_not_a_usable_number_counts_as_none(self, api_server, fake_clock, value):
        refuse(api_server, 1, **{"Retry-After": value, "x-rate-limit-retry-after-seconds": value})
        api_server.expect_ordered_request("/v1/tasks").respond_with_json({"tasks": []})
        client = make_client(api_server.url_for("/v1"), fake_clock, seconds_left=600)

        assert client.get("/tasks") == {"tasks": []}
        assert fake_clock.sleeps == [60]

    def test_an_http_date_retry_after_is_understood(self, api_server, fake_clock):
        when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
        refuse(api_server, 1, **{"Retry-After": when})
        api_server.expect_ordered_request("/v1/tasks").respond_with_json({"tasks": []})
        client = make_client(api_server.url_for("/v1"), fake_clock, seconds_left=600)

        client.get("/tasks")
        assert fake_clock.sleeps == [pytest.approx(30, abs=2)]

    def test_the_api_s_own_header_wins_over_retry_after(self, api_server, fake_clock):
        refuse(api_server, 1, **{"x-rate-limit-retry-after-seconds": "3", "Retry-After": "50"})
        api_server.expect_ordered_request("/v1/tasks").respond_with_json({"tasks": []})
        client = make_client(api_server.url_for("/v1"), fake_clock)
        client.get("/tasks")
        assert fake_clock.sleeps == [3]


class TestOtherWaitsFitTheDeadline:
    def test_server_error_retries_stop_when_the_time_is_up(self, api_server, fake_clock):
        api_server.expect_request("/v1/tasks").respond_with_json({"error": "SERVICE_UNAVAILABLE"}, status=503, headers={"Retry-After": "30"})
        client = make_client(api_server.url_for("/v1"), fake_clock, seconds_left=40, retries=RetryPolicy(total=5))

        with pytest.raises(ApiRequestError) as caught:
            client.get("/tasks")

        assert fake_clock.sleeps == [30, 10]
        assert str(caught.value) == "GET /tasks failed: HTTP 503: SERVICE_UNAVAILABLE (not retried: the run's wait_timeout is used up)"

    def test_pacing_never_sleeps_past_the_deadline(self, api_server, fake_clock):
        api_server.expect_request("/v1/tasks").respond_with_json({"tasks": []}, headers={"X-Rate-Limit-Remaining": "0"})
        client = make_client(api_server.url_for("/v1"), fake_clock, seconds_left=4)
        client.get("/tasks")
        client.get("/tasks")
        assert fake_clock.sleeps == [4]  # 15 s of spacing asked, 4 s left

    def test_after_the_deadline_a_request_still_gets_one_attempt(self, api_server, fake_clock):
        api_server.expect_request("/v1/tasks").respond_with_json({"tasks": []})
        client = make_client(api_server.url_for("/v1"), fake_clock, seconds_left=0)
        assert client.get("/tasks") == {"tasks": []}


def test_without_a_deadline_a_storm_is_waited_out_ten_times_then_reported(api_server, fake_clock):
    api_server.expect_request("/v1/tasks").respond_with_json(REFUSED, status=429, headers={"Retry-After": "2"})
    client = make_client(api_server.url_for("/v1"), fake_clock)

    with pytest.raises(ApiRequestError, match=r"\(still rate limited after 10 waits\)$"):
        client.get("/tasks")
    assert fake_clock.sleeps == [2, 2, 4, 8, 16, 32, 60, 60, 60, 60]  # each wait at least twice the last (issue 15)
