# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every fault kind, scripted (next N matches) or by seeded rate, and its counter."""

from __future__ import annotations

import time
from typing import Any

import pytest
import requests

from conftest import Api, subscription_plan


def injected(api: Api) -> dict[str, int]:
    return api.control("GET", "state")["faults"]["injected"]


def test_scripted_http_errors_hit_only_matching_requests(api: Api) -> None:
    api.configure(faults=[{"kind": "http_error", "status": 503, "method": "GET", "path": "/v1/tasks/*", "count": 2}])
    task = api.create_subscription()
    assert api.get("/tasks").status_code == 200  # the list does not match /v1/tasks/*
    statuses = [api.get(f"/tasks/{task['taskId']}").status_code for dummy in range(3)]
    assert statuses == [503, 503, 200]
    assert injected(api) == {"http_error": 2}


@pytest.mark.parametrize(("status", "phrase"), [(500, "Internal Server Error"), (502, "Bad Gateway"), (503, "Service Unavailable")])
def test_http_error_statuses_use_spring_boots_shape(api: Api, status: int, phrase: str) -> None:
    api.configure(faults=[{"kind": "http_error", "status": status, "count": 1}])
    answer = api.get("/subscriptions")
    assert answer.status_code == status
    body = answer.json()
    assert (body["status"], body["error"], body["path"]) == (status, phrase, "/v1/subscriptions")


def test_injected_429_has_no_retry_after_unless_the_rule_gives_one(api: Api) -> None:
    api.configure(faults=[{"kind": "rate_limited", "count": 1}, {"kind": "rate_limited", "retry_after": 7, "count": 1}])
    bare = api.get("/subscriptions")
    assert bare.status_code == 429
    assert "x-rate-limit-retry-after-seconds" not in bare.headers and "Retry-After" not in bare.headers
    assert bare.json() == {"error": {"type": "TOO_MANY_REQUESTS", "status": 429, "description": "Injected rate limit answer"}}
    answer = api.get("/subscriptions")
    assert answer.status_code == 429
    assert (answer.headers["x-rate-limit-retry-after-seconds"], answer.headers["Retry-After"]) == ("7", "7")


def test_drop_before_acting_creates_nothing(api: Api) -> None:
    api.configure(faults=[{"kind": "drop_before", "method": "POST", "path": "/v1/subscriptions", "count": 1}])
    with pytest.raises(requests.ConnectionError):
        api.post("/subscriptions", subscription_plan())
    assert api.control("GET", "state")["tasks"] == []
    logged = api.control("GET", "requests")["requests"][-1]
    assert (logged["method"], logged["status"], logged["fault"]) == ("POST", None, "drop_before")


def test_drop_after_acting_creates_the_task_but_sends_no_answer(api: Api) -> None:
    api.configure(faults=[{"kind": "drop_after", "method": "WRITE", "count": 1}])
    with pytest.raises(requests.ConnectionError):
        api.post("/subscriptions", subscription_plan(name="lost-answer"))
    tasks = api.control("GET", "state")["tasks"]
    assert [task["commandType"] for task in tasks] == ["subscriptionCreateRequest"]
    api.wait(6.5)
    assert [sub["name"] for sub in api.get("/subscriptions").json()["subscriptions"]] == ["lost-answer"]
    assert injected(api) == {"drop_after": 1}


def test_slow_answer_waits_the_given_delay(api: Api) -> None:
    api.configure(faults=[{"kind": "slow", "delay": 0.3, "count": 1}])
    started = time.monotonic()
    assert api.get("/payment-methods").status_code == 200
    assert time.monotonic() - started >= 0.3


def test_truncated_body_is_cut_json(api: Api) -> None:
    api.configure(faults=[{"kind": "truncated", "method": "POST", "count": 1}])
    answer = api.post("/subscriptions", subscription_plan())
    assert answer.status_code == 202
    with pytest.raises(requests.JSONDecodeError):
        answer.json()
    assert answer.text.startswith('{"taskId"')
    assert len(api.control("GET", "state")["tasks"]) == 1  # the server acted


def test_non_json_body(api: Api) -> None:
    api.configure(faults=[{"kind": "non_json", "status": 502, "count": 1}])
    answer = api.get("/subscriptions")
    assert answer.status_code == 502 and answer.headers["Content-Type"].startswith("text/html")
    with pytest.raises(requests.JSONDecodeError):
        answer.json()


def test_task_stays_not_found_for_a_while(api: Api) -> None:
    api.configure(faults=[{"kind": "task_not_found", "seconds": 30, "count": 1}])
    task = api.create_subscription()
    api.wait(29)
    assert api.get(f"/tasks/{task['taskId']}").status_code == 404
    api.wait(2)
    assert api.task(task["taskId"])["status"] == "processing-completed"


def test_task_ends_in_the_chosen_error(api: Api) -> None:
    api.configure(faults=[{"kind": "task_error", "error_type": "PLANNER_FAILURE", "error_status": 500,
                           "description": "planner broke", "count": 1}])
    task = api.create_subscription()
    api.wait(6.5)
    failed = api.task(task["taskId"])
    assert failed["status"] == "processing-error"
    assert failed["response"]["error"] == {"type": "PLANNER_FAILURE", "status": "500 INTERNAL_SERVER_ERROR",
                                           "description": "planner broke"}
    assert api.get("/subscriptions").json()["subscriptions"] == []


def test_subscription_ends_in_error_status(api: Api) -> None:
    api.configure(faults=[{"kind": "subscription_error", "count": 1}])
    task = api.create_subscription()
    api.wait(6.5)
    assert api.task(task["taskId"])["status"] == "processing-completed"
    subscription_id = api.task(task["taskId"])["response"]["resourceId"]
    api.wait(100)
    assert api.get(f"/subscriptions/{subscription_id}").json()["status"] == "error"


def test_not_active_fails_the_task_of_a_change_of_an_active_subscription(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    api.configure(faults=[{"kind": "not_active", "method": "PUT", "count": 1}])
    refused = api.finished_task(api.put(f"/subscriptions/{subscription_id}", {"name": "x"}))
    assert refused["status"] == "processing-error" and refused["response"]["error"]["type"] == "SUBSCRIPTION_NOT_ACTIVE"
    assert api.finished_task(api.put(f"/subscriptions/{subscription_id}", {"name": "x"}))["status"] == "processing-completed"


def test_not_active_as_http_403_when_configured(start_api) -> None:
    api = start_api(not_active_error="http")
    subscription_id = api.create_active_subscription()
    api.configure(faults=[{"kind": "not_active", "method": "PUT", "count": 1}])
    refused = api.put(f"/subscriptions/{subscription_id}", {"name": "x"})
    assert refused.status_code == 403 and refused.json()["error"]["type"] == "SUBSCRIPTION_NOT_ACTIVE"
    assert api.put(f"/subscriptions/{subscription_id}", {"name": "x"}).status_code == 200


def _statuses_with_rate(api: Api, seed: int) -> list[int]:
    api.configure(seed=seed, faults=[{"kind": "http_error", "status": 500, "rate": 0.5}])
    return [api.get("/payment-methods").status_code for dummy in range(30)]


def test_rate_faults_repeat_with_the_same_seed(start_api) -> None:
    first, second = start_api(), start_api()
    sequence = _statuses_with_rate(first, seed=7)
    assert set(sequence) == {200, 500}
    assert _statuses_with_rate(second, seed=7) == sequence
    assert injected(first) == {"http_error": sequence.count(500)}


@pytest.mark.parametrize("rule", [
    {"kind": "explode", "count": 1},
    {"kind": "http_error", "status": 404, "count": 1},
    {"kind": "slow", "delay": 1},
    {"kind": "slow", "delay": 1, "count": 1, "rate": 0.5},
    {"kind": "http_error", "count": 1, "colour": "red"},
    {"kind": "rate_limited", "count": 1, "retry_after": "soon"},
])
def test_bad_fault_rules_are_refused(api: Api, rule: dict[str, Any]) -> None:
    answer = requests.put(f"{api.root_url}/_simulator/config", json={"faults": [rule]}, timeout=10)
    assert answer.status_code == 400 and "faults[0]" in answer.json()["error"]
