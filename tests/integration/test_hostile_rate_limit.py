"""Hostile server, rate limiting (issue 10 finding 10, issue 9 "Rate limit"): within wait_timeout a 429 is
waited out, never a failure; no wait outlives wait_timeout; a retry header that is not a number is no crash.

Every test runs a real play at -vvvv and ends with hostile_support.assert_clean. The waits here are
real (the plays wait seconds); the time bounds only catch a wait that ignored wait_timeout.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hostile_support import assert_clean, hostile_credentials, play, run_play, task

from hostile.server import TASK_ID, HostileServer, answer_json, rate_limited
from hostile.server import task as task_body

READ = "Read a task"
CREATE = "Create"

pytestmark = pytest.mark.slow


@pytest.fixture
def server() -> Iterator[HostileServer]:
    hostile = HostileServer(*hostile_credentials()).start()
    yield hostile
    hostile.stop()


def read_task() -> list[dict]:
    return [task(READ, "redis_cloud_task_info", task_id=TASK_ID)]


def test_refusals_with_retry_after_zero_do_not_end_a_create_with_time_left(server, tmp_path):
    server.script("POST", "/v1/subscriptions", *[rate_limited("0")] * 4, answer_json(task_body(status="received"), status=202))
    create = task(CREATE, "redis_cloud_subscription", name="hostile", payment_method="marketplace", wait=False,
                  cloud_providers=[{"regions": [{"region": "us-east-1"}]}], databases=[{"name": "db", "dataset_size_in_gb": 1}])

    outcome = run_play(server, tmp_path, play(server, [create], wait_timeout=600))

    result = outcome.task(CREATE)
    assert not outcome.failed(CREATE), result["msg"]
    assert result["changed"] is True and result["task_id"] == TASK_ID
    assert len(server.requests("POST")) == 5  # a 429 is a refusal: the same create, sent again
    posts = [seen.at for seen in server.requests("POST")]
    # "retry now", four times: 1, 2, 4 and 8 s apart (each wait twice the last, issue 15), not a busy loop
    assert [round(later - earlier) for earlier, later in zip(posts, posts[1:])] == [1, 2, 4, 8]
    assert_clean(outcome, server)


def test_a_retry_after_of_a_billion_seconds_is_cut_to_the_time_left(server, tmp_path):
    server.script("GET", f"/v1/tasks/{TASK_ID}", rate_limited("1e9"), answer_json(task_body(resourceId=7)))

    outcome = run_play(server, tmp_path, play(server, read_task(), wait_timeout=12))

    assert outcome.task(READ)["resource_id"] == 7  # one more try when the time was up, and it was answered
    reads = server.requests("GET")
    assert len(reads) == 2 and 10 <= reads[1].at - reads[0].at < 20
    assert_clean(outcome, server, time_bound=12 + 30)  # it held a GET for 302 s


@pytest.mark.parametrize("value", ["nan", "-5", "soon", "inf", None], ids=["nan", "negative", "garbage", "inf", "no-header"])
def test_a_retry_header_that_is_not_a_wait_is_no_crash_and_the_window_is_waited_out(server, tmp_path, value):
    # No recorded answer of the real API has a retry header: the module waits out the rest of the
    # 60 s window (here capped by wait_timeout), as the official Go client waits up to 60 s.
    server.script("GET", f"/v1/tasks/{TASK_ID}", rate_limited(value, header="x-rate-limit-retry-after-seconds"),
                  answer_json(task_body(resourceId=7)))

    outcome = run_play(server, tmp_path, play(server, read_task(), wait_timeout=8))

    assert outcome.task(READ)["resource_id"] == 7
    reads = server.requests("GET")
    assert len(reads) == 2 and reads[1].at - reads[0].at >= 6
    assert_clean(outcome, server, time_bound=8 + 30)


def test_rate_limiting_that_outlasts_wait_timeout_fails_clearly_when_the_time_is_up(server, tmp_path):
    server.script("GET", f"/v1/tasks/{TASK_ID}", rate_limited(None))

    outcome = run_play(server, tmp_path, play(server, read_task(), wait_timeout=6))

    result = outcome.task(READ)
    assert outcome.failed(READ)
    assert result["msg"].startswith(f"GET /tasks/{TASK_ID} failed: HTTP 429: Too Many Requests. The account's API rate limit")
    assert result["msg"].endswith("(still rate limited when the run's wait_timeout ran out)")
    assert result["failure"]["status"] == 429
    assert len(server.requests()) <= 3
    assert_clean(outcome, server, time_bound=6 + 30)
