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
    assert limited.json()["error"]["status"] == "429 TOO_MANY_REQUESTS"
    assert limited.headers["x-rate-limit-retry-after-seconds"] == "40"
    assert limited.headers["Retry-After"] == "40"
    assert limited.headers["X-Rate-Limit-Remaining"] == "0"
    api.wait(40)
    assert api.get("/tasks").status_code == 200


def test_limit_is_per_api_key(start_api) -> None:
    api = start_api(rate_limit={"requests": 1, "window_seconds": 60})
    assert api.get("/tasks").status_code == 200
    assert api.get("/tasks").status_code == 429
    other_key = api.session.get(f"{api.url}/tasks", headers={"x-api-key": "another-key"}, timeout=10)
    assert other_key.status_code == 401  # counted under its own key, then refused by auth


def test_zero_disables_the_limit(start_api) -> None:
    api = start_api(rate_limit={"requests": 0})
    assert all(api.get("/tasks").status_code == 200 for dummy in range(30))


def test_default_limit_is_400_per_minute(api: Api) -> None:
    assert api.get("/tasks").headers["X-Rate-Limit-Remaining"] == "399"


def test_control_endpoints_are_not_rate_limited(start_api) -> None:
    api = start_api(rate_limit={"requests": 1})
    for dummy in range(5):
        api.control("GET", "state")
    assert api.get("/tasks").status_code == 200
