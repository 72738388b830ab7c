# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Maintenance windows: the synchronous read, the update through a task, and every refusal."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import Api
from redis_cloud_simulator.spec import validate_body
from task_reads import completed, http_error, task_error

WINDOW = {"startHour": 12, "durationInHours": 8, "days": ["Monday", "Wednesday"]}


def _path(subscription_id: int) -> str:
    return f"/subscriptions/{subscription_id}/maintenance-windows"


def test_automatic_then_manual_then_automatic_again(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    first = api.get(_path(subscription_id))
    assert (first.status_code, first.json()) == (200, {"mode": "automatic"})
    manual = {"mode": "manual", "windows": [WINDOW, {"startHour": 0, "durationInHours": 24, "days": ["Sunday"]}]}
    assert completed(api, api.put(_path(subscription_id), manual), 200, "subscriptionMaintenanceWindowsUpdateRequest") == {
        "resourceId": subscription_id}
    read = api.get(_path(subscription_id)).json()
    assert read == {"mode": "manual", "timeZone": "UTC", "windows": manual["windows"],
                    "skipStatus": {"remainingSkips": 3}}
    assert validate_body("SubscriptionMaintenanceWindows", read, direction="response") == []
    completed(api, api.put(_path(subscription_id), {"mode": "automatic"}), 200, "subscriptionMaintenanceWindowsUpdateRequest")
    assert api.get(_path(subscription_id)).json() == {"mode": "automatic"}


def test_the_change_shows_only_when_its_task_completed(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    answer = api.put(_path(subscription_id), {"mode": "manual", "windows": [WINDOW]})
    assert answer.status_code == 200 and answer.json()["status"] == "received"
    assert api.get(_path(subscription_id)).json() == {"mode": "automatic"}
    api.wait(3.5)
    assert api.get(_path(subscription_id)).json()["mode"] == "manual"


@pytest.mark.parametrize(("body", "error_type"), [
    ({"mode": "sometimes"}, "MAINTENANCE_WINDOW_INVALID_MAINTENANCE_WINDOW_MODE_PROVIDED"),
    ({"mode": "manual"}, "MAINTENANCE_WINDOW_MANUAL_MODE_WITH_NO_MAINTENANCE_WINDOWS"),
    ({"mode": "manual", "windows": []}, "MAINTENANCE_WINDOW_MANUAL_MODE_WITH_NO_MAINTENANCE_WINDOWS"),
    ({"mode": "automatic", "windows": [WINDOW]}, "MAINTENANCE_WINDOW_AUTOMATIC_MODE_WITH_MAINTENANCE_WINDOWS"),
    ({"mode": "automatic", "windows": []}, "MAINTENANCE_WINDOW_AUTOMATIC_MODE_WITH_MAINTENANCE_WINDOWS"),
    ({"mode": "manual", "windows": [WINDOW] * 8}, "MAINTENANCE_WINDOW_GREATER_THAN_MAXIMUM_ALLOWABLE_MAINTENANCE_WINDOWS_PROVIDED"),
    ({"mode": "manual", "windows": [dict(WINDOW, startHour=24)]}, "MAINTENANCE_WINDOW_INVALID_START_HOUR"),
    ({"mode": "manual", "windows": [dict(WINDOW, startHour=-1)]}, "MAINTENANCE_WINDOW_INVALID_START_HOUR"),
    ({"mode": "manual", "windows": [dict(WINDOW, durationInHours=3)]}, "MAINTENANCE_WINDOW_INVALID_DURATION_IN_HOURS"),
    ({"mode": "manual", "windows": [dict(WINDOW, durationInHours=25)]}, "MAINTENANCE_WINDOW_INVALID_DURATION_IN_HOURS"),
    ({"mode": "manual", "windows": [dict(WINDOW, days=[])]}, "MAINTENANCE_WINDOW_INVALID_DAYS"),
    ({"mode": "manual", "windows": [dict(WINDOW, days=["monday"])]}, "MAINTENANCE_WINDOW_INVALID_DAYS"),
    ({"mode": "manual", "windows": [dict(WINDOW, days=["Monday", "Monday"])]}, "MAINTENANCE_WINDOW_DUPLICATE_DAYS"),
    ({"mode": "manual", "windows": [{"startHour": 1, "days": ["Monday"]}]}, "BAD_REQUEST"),
    ({"mode": "manual", "windows": [dict(WINDOW, timeZone="UTC")]}, "UNRECOGNIZED_FIELD"),
])
def test_invalid_windows_are_refused_at_once(api: Api, body: dict[str, Any], error_type: str) -> None:
    subscription_id = api.create_active_subscription()
    http_error(api.put(_path(subscription_id), body), 400, error_type)


def test_ram_and_flash_windows_last_at_least_8_hours(api: Api) -> None:
    subscription_id = api.create_active_subscription(memoryStorage="ram-and-flash")
    short = {"mode": "manual", "windows": [dict(WINDOW, durationInHours=4)]}
    error = task_error(api, api.put(_path(subscription_id), short), 200, "subscriptionMaintenanceWindowsUpdateRequest")
    assert error["type"] == "MAINTENANCE_WINDOW_INVALID_DURATION_FOR_ROF_SUBSCRIPTION"
    completed(api, api.put(_path(subscription_id), {"mode": "manual", "windows": [WINDOW]}), 200,
              "subscriptionMaintenanceWindowsUpdateRequest")


def test_a_pending_subscription_refuses_the_change_but_reads(api: Api) -> None:
    task = api.create_subscription()
    api.wait(6.5)
    subscription_id = api.task(task["taskId"])["response"]["resourceId"]
    assert api.get(_path(subscription_id)).json() == {"mode": "automatic"}
    error = task_error(api, api.put(_path(subscription_id), {"mode": "manual", "windows": [WINDOW]}), 200,
                       "subscriptionMaintenanceWindowsUpdateRequest")
    assert error["type"] == "SUBSCRIPTION_NOT_ACTIVE"
    assert api.get(_path(424242)).status_code == 404
