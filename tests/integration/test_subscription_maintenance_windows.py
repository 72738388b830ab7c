"""redis_cloud_subscription's maintenance_windows against the simulator: set, re-run ok (order does not count), check
mode with diff sending nothing, changed, back to automatic, invalid windows refused before any request, and windows
applied right after a create. One play (with --diff) holds every case; the tests assert each on the recorded results."""

from __future__ import annotations

from typing import Any

import pytest
from database_helpers import checked_runner, writes
from harness import PlaybookRunner, SimulatorProcess
from subscription_helpers import create_directly, request_mark

PLAY = "subscription_maintenance_windows.yml"
COMMAND = "subscriptionMaintenanceWindowsUpdateRequest"
WEEKEND = {"mode": "manual", "windows": [{"startHour": 22, "durationInHours": 8, "days": ["Saturday", "Sunday"]},
                                         {"startHour": 1, "durationInHours": 4, "days": ["Wednesday"]}]}
EARLY = {"mode": "manual", "windows": [{"startHour": 3, "durationInHours": 6, "days": ["Monday", "Tuesday"]}]}


@pytest.fixture(scope="module")
def played(simulator_process: SimulatorProcess) -> dict[str, Any]:
    """The play's run, its writes and the windows the simulator holds at the end, kept: other tests reset it afterwards."""
    sim = simulator_process
    sim.configure(**sim.default_config)  # type: ignore[attr-defined]
    sim.reset()
    subscription_id = create_directly(sim, "windows")
    mark = request_mark(sim)
    run = checked_runner(sim, PlaybookRunner(sim).run)(PLAY, {"subscription_id": subscription_id}, diff=True)
    assert run.rc == 0, run.stdout[-3000:]  # the invalid cases are ignored (ignore_errors)
    created = run.task("Create a subscription with windows")["subscription_id"]
    windows = {sub_id: sim.api("GET", f"/subscriptions/{sub_id}/maintenance-windows").json() for sub_id in (subscription_id, created)}
    return {"run": run, "writes": writes(sim, mark), "subscription_id": subscription_id, "created": created, "windows": windows}


def window_writes(played: dict[str, Any], subscription_id: int) -> list[Any]:
    path = f"/v1/subscriptions/{subscription_id}/maintenance-windows"
    return [entry["body"] for entry in played["writes"] if entry["path"] == path]


def compared(windows: dict[str, Any]) -> dict[str, Any]:
    """What a diff shows: the option's shape."""
    return {"mode": windows["mode"], "windows": [{"start_hour": w["startHour"], "duration_in_hours": w["durationInHours"],
                                                  "days": w["days"]} for w in windows.get("windows", [])]}


def test_windows_are_set_rerun_ok_changed_and_set_back_to_automatic_with_one_put_each(played):
    run = played["run"]
    assert run.task("Set windows")["changed"] is True
    assert run.task("Set windows")["task"]["commandType"] == COMMAND
    assert run.task("Set the same windows again")["changed"] is False
    assert run.task("Change the windows")["changed"] is True
    assert run.task("Back to automatic")["changed"] is True
    # One PUT per change; the re-run and check mode sent none.
    assert window_writes(played, played["subscription_id"]) == [WEEKEND, EARLY, {"mode": "automatic"}]
    assert played["windows"][played["subscription_id"]] == {"mode": "automatic"}
    assert not [entry for entry in played["writes"] if entry["method"] == "PUT" and entry["path"].endswith(f"/{played['subscription_id']}")]


def test_check_mode_shows_the_diff_and_sends_nothing(played):
    result = played["run"].task("Check mode of a change")
    weekend_sorted = {"mode": "manual", "windows": [compared(WEEKEND)["windows"][1], compared(WEEKEND)["windows"][0]]}
    assert result["changed"] is True and result["task"] is None
    assert result["diff"] == {"before": {"maintenance_windows": weekend_sorted}, "after": {"maintenance_windows": compared(EARLY)}}


def test_invalid_windows_are_refused_naming_each_problem(played):
    run = played["run"]
    assert run.status("Invalid windows") == "failed"
    message = run.task("Invalid windows")["msg"]
    for words in ("maintenance_windows.windows[0].start_hour must be between 0 and 23, got 24",
                  "maintenance_windows.windows[0].duration_in_hours must be between 4 and 24, got 3",
                  "maintenance_windows.windows[0].days lists a day twice"):
        assert words in message
    assert run.status("Manual without windows") == "failed"
    assert "maintenance_windows.windows must list at least one window with mode manual" in run.task("Manual without windows")["msg"]


def test_windows_given_to_a_create_are_applied_right_after_it(played):
    result = played["run"].task("Create a subscription with windows")
    assert result["changed"] is True and result["subscription"]["status"] == "active"
    assert window_writes(played, played["created"]) == [EARLY]
    assert played["windows"][played["created"]]["windows"] == EARLY["windows"]
