# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /_simulator control endpoints: request log, config, reset, state."""

from __future__ import annotations

import json

import requests

from conftest import API_KEY, API_SECRET_KEY, Api, subscription_plan


def test_request_log_records_writes_with_bodies_and_no_secrets(api: Api) -> None:
    api.post("/subscriptions", subscription_plan(name="logged"))
    api.request("GET", "/subscriptions", params={"limit": "5"})
    logged = api.control("GET", "requests")["requests"]
    assert [(e["method"], e["path"], e["status"]) for e in logged] == [("POST", "/v1/subscriptions", 202), ("GET", "/v1/subscriptions", 200)]
    assert logged[0]["body"]["name"] == "logged" and logged[1]["body"] is None
    assert logged[1]["query"] == {"limit": "5"}
    assert isinstance(logged[0]["time"], float)
    text = json.dumps(logged)
    assert API_KEY not in text and API_SECRET_KEY not in text


def test_config_partial_update_keeps_other_keys(api: Api) -> None:
    before = api.control("GET", "config")
    after = api.configure(task_durations={"subscriptionCreateRequest": 9.0}, rate_limit={"requests": 10})
    assert after["task_durations"]["subscriptionCreateRequest"] == 9.0
    assert after["task_durations"]["default"] == before["task_durations"]["default"]
    assert after["rate_limit"] == {"requests": 10, "window_seconds": before["rate_limit"]["window_seconds"],
                                   "retry_after_headers": []}
    assert api.control("GET", "config") == after


def test_config_changes_apply_to_new_tasks(api: Api) -> None:
    api.configure(task_durations={"subscriptionCreateRequest": 50.0})
    task = api.create_subscription()
    api.wait(20)
    assert api.task(task["taskId"])["status"] == "processing-in-progress"


def test_bad_config_is_refused_with_the_reason(api: Api) -> None:
    for update in ({"speed": 0}, {"no_such_key": 1}, {"max_pending_subscriptions": -1}, {"not_active_error": "maybe"},
                   {"tasks_listing": "all"}, {"tasks_listing_shape": "list"}, {"error_bodies": "pretty"},
                   {"rate_limit": {"retry_after_headers": ["Retry-In"]}}, {"database_not_listed_seconds": -1}):
        answer = requests.put(f"{api.root_url}/_simulator/config", json=update, timeout=10)
        assert answer.status_code == 400, update
        assert answer.json()["error"]


def test_reset_forgets_state_and_keeps_config(api: Api) -> None:
    api.configure(max_pending_subscriptions=7)
    api.create_subscription()
    api.wait(6.5)
    api.control("POST", "reset")
    assert api.get("/subscriptions").json()["subscriptions"] == []
    assert api.control("GET", "state")["tasks"] == []
    assert api.control("GET", "requests")["requests"] == [
        {"method": "GET", "path": "/v1/subscriptions", "query": {}, "status": 200,
         "time": api.control("GET", "requests")["requests"][0]["time"], "body": None, "fault": None}]
    assert api.control("GET", "config")["max_pending_subscriptions"] == 7


def test_reset_with_config_starts_from_defaults_plus_it(api: Api) -> None:
    api.configure(max_pending_subscriptions=7)
    config = api.control("POST", "reset", {"config": {"subscription_provisioning_seconds": 5.0}})["config"]
    assert config["max_pending_subscriptions"] == 3 and config["subscription_provisioning_seconds"] == 5.0


def test_reset_rearms_scripted_faults_and_restarts_ids(api: Api) -> None:
    api.configure(faults=[{"kind": "http_error", "count": 1}])
    first_task = api.create_subscription() if api.get("/tasks").status_code == 503 else None
    assert first_task is not None
    api.control("POST", "reset")
    assert api.get("/tasks").status_code == 503
    assert api.create_subscription()["taskId"] == first_task["taskId"]  # same seed, same ids


def test_state_lists_subscriptions_databases_tasks_and_faults(api: Api) -> None:
    subscription_id = api.create_active_subscription(name="seen")
    state = api.control("GET", "state")
    assert [(s["id"], s["name"], s["status"], s["deleted"]) for s in state["subscriptions"]] == [
        (subscription_id, "seen", "active", False)]
    assert [(d["name"], d["subscription_id"], d["status"]) for d in state["databases"]] == [
        ("orders-cache", subscription_id, "active")]
    assert [t["status"] for t in state["tasks"]] == ["processing-completed"]
    assert state["faults"] == {"injected": {}, "rules": []}
    assert api.control("GET", "faults") == state["faults"]


def test_speed_change_scales_lifecycles_without_moving_time_back(api: Api) -> None:
    task = api.create_subscription()
    api.wait(1)
    before = api.control("GET", "state")["now"]
    api.configure(speed=10.0)
    assert api.control("GET", "state")["now"] == before
    api.wait(0.6)  # 6 sim s at speed 10: the create task (1 s received + 5 s) is done
    assert api.task(task["taskId"])["status"] == "processing-completed"


def test_ending_the_subscription_lags_shows_a_held_subscription_at_once(start_api) -> None:
    # A lag longer than the test holds a new subscription hidden; the test ends it when it chooses.
    api = start_api(subscription_not_found_seconds=1_000_000.0, subscription_not_listed_seconds=1_000_000.0)
    held = api.create_subscription(name="held")
    api.wait(1 + 5)  # the create task completes
    subscription_id = api.task(held["taskId"])["response"]["resourceId"]
    api.wait(100)
    assert api.get(f"/subscriptions/{subscription_id}").status_code == 404
    assert api.get("/subscriptions").json()["subscriptions"] == []

    ended = api.control("POST", "end-subscription-lags")

    assert ended == {"shown": [subscription_id]}
    assert api.get(f"/subscriptions/{subscription_id}").json()["name"] == "held"
    assert [sub["id"] for sub in api.get("/subscriptions").json()["subscriptions"]] == [subscription_id]
    [sub] = api.control("GET", "state")["subscriptions"]
    assert sub["visible_at"] == sub["listed_at"] == api.control("GET", "state")["now"]
    assert api.control("POST", "end-subscription-lags") == {"shown": []}  # nothing left to show


def test_ending_the_subscription_lags_leaves_a_shown_subscription_and_a_running_task_alone(start_api) -> None:
    api = start_api(subscription_not_found_seconds=1_000_000.0, subscription_not_listed_seconds=1_000_000.0)
    shown = api.create_active_subscription(name="shown")
    api.control("POST", "end-subscription-lags")
    before = {sub["id"]: (sub["visible_at"], sub["listed_at"]) for sub in api.control("GET", "state")["subscriptions"]}
    running = api.create_subscription(name="running")
    api.wait(1)

    assert api.control("POST", "end-subscription-lags") == {"shown": []}

    state = api.control("GET", "state")
    assert {sub["id"]: (sub["visible_at"], sub["listed_at"]) for sub in state["subscriptions"]} == before
    assert api.task(running["taskId"])["status"] == "processing-in-progress"
    assert [sub["id"] for sub in api.get("/subscriptions").json()["subscriptions"]] == [shown]
