"""A subscription's maintenance windows: an Attachment the engine reads, compares and changes (model.py, state.py),
the subscription's declaration of it, its body against the vendored spec, and its checks before any request.

Answers are shaped like the recorded ones (RedisLabs/rediscloud-go-api maintenance_test.go: {"mode": "automatic"};
manual with timeZone, windows and skipStatus).
"""

from __future__ import annotations

import tempfile
import uuid
from typing import Any

import pytest
from scripted_api import ScriptedClient, accepted, db, dbs, lost, make_run, sub, task, tasks, tid

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import MalformedResponseError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Change, Current
from ansible_collections.rediscloud.api.plugins.module_utils.engine.state import Connection, ResourceState, RunFlags
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription import (
    SubscriptionModel,
    maintenance_windows_from_api,
    maintenance_windows_wanted,
)
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription_options import maintenance_windows_body, validate_params
from redis_cloud_simulator.spec import validate_body

COMMAND = "subscriptionMaintenanceWindowsUpdateRequest"
PATH = "/subscriptions/7/maintenance-windows"
T1, T2 = tid(1), tid(2)
NIGHTS = {"mode": "manual", "windows": [{"start_hour": 22, "duration_in_hours": 8, "days": ["Sunday", "Saturday"]},
                                        {"start_hour": 1, "duration_in_hours": 4, "days": ["Wednesday"]}]}
NIGHTS_BODY = {"mode": "manual", "windows": [{"startHour": 22, "durationInHours": 8, "days": ["Sunday", "Saturday"]},
                                             {"startHour": 1, "durationInHours": 4, "days": ["Wednesday"]}]}


def manual_answer(*windows: dict[str, Any]) -> dict[str, Any]:
    """GET .../maintenance-windows in manual mode, as the Go client's fixture shapes it."""
    return {"mode": "manual", "timeZone": "UTC", "windows": list(windows), "skipStatus": {"remainingSkips": 3}}


@pytest.fixture(autouse=True)
def lock_dir(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def subscription() -> ScriptedClient:
    """Subscription 7, active, with one database (the engine lists them for its result)."""
    return ScriptedClient().on("GET", "/subscriptions/7", sub(7, "shop")).on("GET", "/subscriptions/7/databases", dbs(7, db(51, "cache")))


def state_for(client: ScriptedClient, fake_clock, check_mode: bool = False, windows: dict[str, Any] | None = None) -> ResourceState:
    model = SubscriptionModel({"state": "present", "subscription_id": 7, "name": None, "maintenance_windows": windows or NIGHTS})
    return ResourceState(model, make_run(client, fake_clock), RunFlags(check_mode, True, True),
                         Connection(f"https://api.example.test/{uuid.uuid4()}/v1", "unit-test-account-key-0001"))


class TestShapes:
    def test_the_body_is_the_spec_and_automatic_mode_carries_no_windows(self):
        assert maintenance_windows_body(NIGHTS) == NIGHTS_BODY
        assert validate_body("SubscriptionMaintenanceWindowsSpec", NIGHTS_BODY) == []
        assert maintenance_windows_body({"mode": "automatic", "windows": None}) == {"mode": "automatic"}

    def test_order_of_windows_and_days_does_not_count(self):
        answer = manual_answer({"startHour": 1, "durationInHours": 4, "days": ["Wednesday"]},
                               {"startHour": 22, "durationInHours": 8, "days": ["Saturday", "Sunday"]})
        assert maintenance_windows_from_api(answer) == maintenance_windows_wanted(NIGHTS)
        assert maintenance_windows_from_api({"mode": "automatic"}) == maintenance_windows_wanted({"mode": "automatic", "windows": None})

    @pytest.mark.parametrize("answer", [None, [], {"windows": []}, {"mode": "sometimes"}, {"mode": "manual", "windows": "x"},
                                        {"mode": "manual", "windows": [{"startHour": 1}]}])
    def test_another_shape_is_none(self, answer):
        assert maintenance_windows_from_api(answer) is None

    def test_a_day_the_api_names_otherwise_differs(self):
        answer = manual_answer({"startHour": 22, "durationInHours": 8, "days": ["SATURDAY", "SUNDAY"]},
                               {"startHour": 1, "durationInHours": 4, "days": ["Wednesday"]})
        assert maintenance_windows_from_api(answer) != maintenance_windows_wanted(NIGHTS)


class TestChecks:
    @pytest.mark.parametrize("windows, words", [
        ({"mode": "manual", "windows": None}, "windows must list at least one window with mode manual"),
        ({"mode": "automatic", "windows": NIGHTS["windows"]}, "windows must not be set with mode automatic"),
        ({"mode": "manual", "windows": [{"start_hour": 1, "duration_in_hours": 4, "days": ["Monday"]}] * 8}, "lists 8 windows; at most 7"),
        ({"mode": "manual", "windows": [{"start_hour": -1, "duration_in_hours": 4, "days": ["Monday"]}]}, "start_hour must be between 0 and 23"),
        ({"mode": "manual", "windows": [{"start_hour": 1, "duration_in_hours": 25, "days": ["Monday"]}]}, "between 4 and 24, got 25"),
        ({"mode": "manual", "windows": [{"start_hour": 1, "duration_in_hours": 4, "days": []}]}, "days must list at least one day"),
        ({"mode": "manual", "windows": [{"start_hour": 1, "duration_in_hours": 4, "days": ["Friday", "Friday"]}]}, "lists a day twice"),
    ])
    def test_bad_windows_are_named(self, windows, words):
        problems = validate_params({"subscription_id": 7, "maintenance_windows": windows})
        assert any(words in problem for problem in problems), problems

    def test_ram_and_flash_takes_eight_hours_at_least(self):
        windows = {"mode": "manual", "windows": [{"start_hour": 1, "duration_in_hours": 6, "days": ["Monday"]}]}
        assert validate_params({"subscription_id": 7, "maintenance_windows": windows}) == []
        [problem] = validate_params({"subscription_id": 7, "memory_storage": "ram-and-flash", "maintenance_windows": windows})
        assert "between 8 and 24 on a ram-and-flash subscription, got 6" in problem


class TestEngine:
    def test_a_difference_is_one_put_on_the_attachment_waited_for_as_a_task(self, fake_clock):
        client = subscription()
        client.on("GET", PATH, {"mode": "automatic"}, manual_answer(*NIGHTS_BODY["windows"]))
        client.on("PUT", PATH, accepted(T1, COMMAND)).on("GET", f"/tasks/{T1}", task(T1, "processing-completed", COMMAND, resourceId=7))

        result = state_for(client, fake_clock).present()

        assert client.writes == [("PUT", PATH, NIGHTS_BODY)]
        assert result["changed"] is True and result["task_id"] == T1
        assert result["diff"]["before"] == {"maintenance_windows": {"mode": "automatic", "windows": []}}
        assert result["diff"]["after"] == {"maintenance_windows": maintenance_windows_wanted(NIGHTS)}

    def test_the_same_windows_send_nothing(self, fake_clock):
        client = subscription()
        client.on("GET", PATH, manual_answer(*reversed(NIGHTS_BODY["windows"])))

        result = state_for(client, fake_clock).present()

        assert client.writes == [] and result["changed"] is False

    def test_check_mode_reports_the_diff_and_sends_nothing(self, fake_clock):
        client = subscription().on("GET", PATH, {"mode": "automatic"})

        result = state_for(client, fake_clock, check_mode=True).present()

        assert client.writes == [] and result["changed"] is True and result["task"] is None
        assert "maintenance_windows" in result["diff"]["after"]

    def test_a_lost_answer_is_confirmed_on_the_attachment_not_sent_again(self, fake_clock):
        client = subscription()
        # Before the PUT: automatic. After its answer was lost: the windows show, so the write was done.
        client.on("GET", PATH, lambda api: manual_answer(*NIGHTS_BODY["windows"]) if api.writes else {"mode": "automatic"})
        client.on("PUT", PATH, lost("PUT", PATH)).on("GET", "/tasks", tasks())

        result = state_for(client, fake_clock).present()

        assert client.writes == [("PUT", PATH, NIGHTS_BODY)] and result["changed"] is True

    def test_a_lost_answer_not_shown_on_the_attachment_is_sent_again(self, fake_clock):
        """The confirmation reads the attachment's own endpoint: the subscription itself says nothing of its windows."""
        client = subscription()
        client.on("GET", PATH, lambda api: manual_answer(*NIGHTS_BODY["windows"]) if len(api.writes) > 1 else {"mode": "automatic"})
        client.on("PUT", PATH, lost("PUT", PATH), accepted(T2, COMMAND)).on("GET", "/tasks", tasks())
        client.on("GET", f"/tasks/{T2}", task(T2, "processing-completed", COMMAND, resourceId=7))

        result = state_for(client, fake_clock).present()

        assert client.writes == [("PUT", PATH, NIGHTS_BODY)] * 2 and result["task_id"] == T2

    def test_a_malformed_answer_fails_naming_the_read(self, fake_clock):
        client = subscription().on("GET", PATH, {"mode": "sometimes"})

        with pytest.raises(MalformedResponseError, match=PATH):
            state_for(client, fake_clock).present()


def test_an_attachment_without_wanted_and_body_is_left_to_the_model():
    """The database's tags declare neither: the default hooks neither compare nor change them (no behaviour change)."""
    from ansible_collections.rediscloud.api.plugins.module_utils.resources.database import DatabaseModel

    model = DatabaseModel({"subscription_id": 7, "name": "orders", "tags": {"a": "1"}})
    current = Current({"databaseId": 51, "name": "orders"}, {"tags": {"b": "2"}})
    assert model.attached_differences(current) == []
    assert [change.suffix for change in SubscriptionModel.changes(model, [Difference("tags", {}, {}, True)], current)] == []


def test_own_differences_and_the_attachment_make_two_changes_in_order():
    model = SubscriptionModel({"subscription_id": 7, "name": "renamed", "maintenance_windows": NIGHTS})
    current = Current({"id": 7, "name": "shop"}, {"maintenance_windows": {"mode": "automatic", "windows": []}})
    changes = model.changes(model.differences(current), current)
    assert [(change.what, change.suffix, change.command_type, change.synchronous) for change in changes] == [
        ("update", "", None, False), ("maintenance windows", "/maintenance-windows", COMMAND, False)]
    assert changes[0].body == {"name": "renamed"} and isinstance(changes[1], Change)
