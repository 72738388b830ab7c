# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Requests per API key in a sliding real-time window; 429 with the wait the client must honour."""

from __future__ import annotations

from conftest import Api


def test_every_response_carries_remaining_requests(start_api) -> None:
    api = start_api(rate_limit={"requests": 5, "window_seconds": 60})
    remaining = [api.get("/payment-methods").headers["X-Rate-Limit-Remaining"] for dummy in range(3)]
    assert remaining == ["4", "3", "2"]
    assert api.get("/tasks/unknown").headers["X-Rate-Limit-Remaining"] == "1"


def test_over_the_limit_answers_429_until_the_window_moves(start_api) -> None:
    api = start_api(rate_limit={"requests": 3, "window_seconds": 60})
    for dummy in range(3):
        assert api.get("/tasks").status_code == 200
    api.wait(20)
    limited = api.get("/tasks")
    assert limited.status_code == 429
    assert limited.json() == {"error": {"type": "TOO_MANY_REQUESTS", "status": 429,
                                        "description": "Rate limit of 3 requests per 60 s exceeded"}}
    # No recorded answer shows a retry-after header on the live API: none by default.
    assert "x-rate-limit-retry-after-seconds" not in limited.headers and "Retry-After" not in limited.headers
    assert limited.headers["X-Rate-Limit-Remaining"] == "0"
    api.wait(40)
    assert api.get("/tasks").status_code == 200


def test_retry_after_headers_when_configured(start_api) -> None:
    api = start_api(rate_limit={"requests": 1, "window_seconds": 60,
                                "retry_after_headers": ["x-rate-limit-retry-after-seconds", "Retry-After"]})
    assert api.get("/tasks").status_code == 200
    api.wait(15)
    limited = api.get("/tasks")
    assert limited.status_code == 429
    assert (limited.headers["x-rate-limit-retry-after-seconds"], limited.headers["Retry-After"]) == ("45", "45")
    api.configure(rate_limit={"retry_after_headers": ["Retry-After"]})
    only_standard = api.get("/tasks")
    assert only_standard.headers["Retry-After"] == "45" and "x-rate-limit-retry-after-seconds" not in only_standard.headers


def test_limit_is_per_api_key(start_api) -> None:
    api = start_api(rate_limit={"requests": 1, "window_seconds": 60})
    assert api.get("/tasks").status_code == 200
    assert api.get("/tasks").status_code == 429
    other_key = api.session.get(f"{api.url}/tasks", headers={"x-api-key": "another-key"}, timeout=10)
    assert other_key.status_code == 401  # counted under its own key, then refused by auth


def test_zero_disables_the_limit_and_sends_no_remaining_header(start_api) -> None:
    # "No limit": nothing to count down, so no X-Rate-Limit-Remaining (a 0 would slow clients to a crawl).
    api = start_api(rate_limit={"requests": 0})
    answers = [api.get("/tasks") for dummy in range(30)]
    assert all(answer.status_code == 200 for answer in answers)
    assert all("X-Rate-Limit-Remaining" not in answer.headers for answer in answers)


def test_default_limit_is_400_per_minute(api: Api) -> None:
    assert api.get("/tasks").headers["X-Rate-Limit-Remaining"] == "399"


def test_control_endpoints_are_not_rate_limited(start_api) -> None:
    api = start_api(rate_limit={"requests": 1})
    for dummy in range(5):
        api.control("GET", "state")
    assert api.get("/tasks").status_code == 200
