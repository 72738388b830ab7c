"""The engine's declarations that ACL rules, roles and users need, on a made-up resource (widgets), with a scripted
client and a fake clock: items read from the listing (no GET by id), listings without statuses, the settle window of
flapping statuses, dependents that refuse a delete, prerequisites (other resources a write names) and items the API
never lets change (built in). Each default changes nothing: the subscription and database tests cover that.
"""

from __future__ import annotations

import tempfile
import uuid
from typing import Any

import pytest
from scripted_api import NOT_FOUND, ScriptedClient, accepted, make_run, refused_task, stamp, task, tasks, tid

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Field
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Dependents, Prerequisite, ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import CommandTypes, ResourceType, Resources, listed_items
from ansible_collections.rediscloud.api.plugins.module_utils.engine.state import Connection, ResourceState, RunFlags

CREATE, UPDATE, DELETE = "widgetCreateRequest", "widgetUpdateRequest", "widgetDeleteRequest"
BUSY = "WIDGET_IS_BUSY"


def widget_type(**declarations: Any) -> ResourceType:
    return ResourceType(kind="widget", list_path="/widgets", item_path="/widgets/{widget_id}", id_key="widget_id", id_field="id",
                        items_of=lambda body, request: listed_items(body, request, "widgets"),
                        commands=CommandTypes(CREATE, UPDATE, DELETE), leaving=frozenset({"deleting"}),
                        refusals=frozenset({BUSY}), **declarations)


WIDGET = widget_type()
LISTED_WIDGET = widget_type(read_from_listing=True)
UNSTATUSED_WIDGET = widget_type(listing_has_status=False)
GADGET = ResourceType(kind="gadget", list_path="/gadgets", item_path="/gadgets/{gadget_id}", id_key="gadget_id", id_field="id",
                      items_of=lambda body, request: listed_items(body, request, "gadgets"),
                      commands=CommandTypes("gadgetCreateRequest", "gadgetUpdateRequest", "gadgetDeleteRequest"))
# A part a write names may be of either kind (as a database of a Pro or an Essentials subscription).
PART = ResourceType(kind="part", list_path="/shelves/{shelf_id}/parts", item_path="/shelves/{shelf_id}/parts/{part_id}", id_key="part_id",
                    id_field="id", items_of=lambda body, request: listed_items(body, request, "parts"), commands=CommandTypes("a", "b", "c"),
                    parent_key="shelf_id")
OTHER_PART = ResourceType(kind="part", list_path="/racks/{shelf_id}/parts", item_path="/racks/{shelf_id}/parts/{part_id}", id_key="part_id",
                          id_field="id", items_of=lambda body, request: listed_items(body, request, "parts"), commands=CommandTypes("a", "b", "c"),
                          parent_key="shelf_id")


class WidgetModel(ResourceModel):
    type = WIDGET
    fields = (Field("size", "size"),)
    id_option = "widget_id"
    result_key = "widget"
    refusals_in_tasks = True
    dependents = (Dependents(GADGET, lambda gadget, widget: gadget.get("widget") == widget.get("name")),)

    def prerequisites(self, current: dict[str, Any] | None) -> list[Prerequisite]:
        return [Prerequisite("part", (PART, OTHER_PART), item_id=self.params["part"], parent_id=3)] if self.params.get("part") else []

    def unchangeable(self, item: dict[str, Any]) -> str | None:
        return f"Widget {item['name']!r} is built in." if item.get("builtIn") else None

    def create_body(self) -> dict[str, Any]:
        return {"name": self.params["name"], "size": self.params["size"]}

    def update_body(self, differences, current) -> dict[str, Any]:
        return {"size": self.params["size"]}


@pytest.fixture(autouse=True)
def lock_dir(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def widget(widget_id: int, name: str = "w", status: str | None = "active", **fields: Any) -> dict[str, Any]:
    item = {"id": widget_id, "name": name, **fields}
    if status is not None:
        item["status"] = status
    return item


def widgets(*items: dict[str, Any]) -> dict[str, Any]:
    return {"widgets": list(items)}


def part(status: str) -> dict[str, Any]:
    return {"id": 5, "name": "bolt", "status": status}


def state_for(client: ScriptedClient, fake_clock, check_mode: bool = False, **params: Any) -> ResourceState:
    model = WidgetModel({"state": "present", "widget_id": None, "name": "w", "size": 2, **params})
    return ResourceState(model, make_run(client, fake_clock), RunFlags(check_mode=check_mode, diff_mode=True, wait=True),
                         Connection(f"https://api.example.test/{uuid.uuid4()}/v1", "unit-test-account-key-0001"))


def create_script(extra: dict[tuple[str, str], list[Any]]) -> dict[tuple[str, str], list[Any]]:
    """A create of widget 9 that goes through: absent, accepted, completed, active."""
    script = {
        ("GET", "/tasks"): [tasks()],
        # Listed once the create's task (tid 1) was seen completed.
        ("GET", "/widgets"): [lambda api: widgets(widget(9, size=2)) if api.count("GET", f"/tasks/{tid(1)}") else widgets()],
        ("POST", "/widgets"): [accepted(tid(1), CREATE)],
        ("GET", f"/tasks/{tid(1)}"): [task(tid(1), "processing-completed", CREATE, timestamp=stamp(1), resourceId=9)],
        ("GET", "/widgets/9"): [widget(9, size=2)],
    }
    script.update(extra)
    return script


class TestReadFromListing:
    def test_get_reads_the_listing_never_the_item_path(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [widgets(widget(8), widget(9, "x"))]})  # GET /widgets/9 is unscripted: it would fail
        resources = Resources(LISTED_WIDGET, make_run(client, fake_clock))
        assert resources.get(9) == widget(9, "x")
        assert resources.get(10) is None
        assert client.calls == [("GET", "/widgets")] * 2

    def test_a_new_item_not_listed_yet_is_waited_for_until_listed_and_settled(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [widgets(), widgets(widget(9, status="pending")), widgets(widget(9))]})
        item = Resources(LISTED_WIDGET, make_run(client, fake_clock)).wait_settled(9)
        assert item["status"] == "active" and client.count("GET", "/widgets") == 3


class TestListingWithoutStatus:
    def test_a_match_is_read_by_id_before_its_status_counts(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [widgets(widget(9, status=None), widget(8, "x", status=None))],
                                 ("GET", "/widgets/9"): [widget(9, status="pending")]})
        resources = Resources(UNSTATUSED_WIDGET, make_run(client, fake_clock))
        found = resources.find(wanted="w")
        assert found == widget(9, status="pending") and not resources.is_settled(found)
        assert ("GET", "/widgets/8") not in client.calls  # only the matches are read

    def test_a_match_being_deleted_is_not_found_but_found_leaving(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [widgets(widget(9, status=None))], ("GET", "/widgets/9"): [widget(9, status="deleting")]})
        resources = Resources(UNSTATUSED_WIDGET, make_run(client, fake_clock))
        assert resources.find(wanted="w") is None
        assert resources.find_leaving("w") == widget(9, status="deleting")

    def test_the_same_declaration_keeps_the_listing_status_by_default(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [widgets(widget(9, status="pending"))]})
        assert Resources(WIDGET, make_run(client, fake_clock)).find(wanted="w")["status"] == "pending"
        assert client.calls == [("GET", "/widgets")]

    def test_a_join_settles_on_the_status_read_by_id(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [widgets(widget(9, status=None))],
                                 ("GET", "/widgets/9"): [widget(9, status="pending"), widget(9)]})
        joined = Resources(UNSTATUSED_WIDGET, make_run(client, fake_clock)).join([9])
        assert joined == {9: widget(9)} and client.count("GET", "/widgets/9") == 2


class TestSettleWindow:
    FLAPPING = [widget(9, status="pending"), widget(9), widget(9, status="pending"), widget(9), widget(9)]

    def test_settled_only_when_a_read_a_window_later_shows_it_again(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets/9"): list(self.FLAPPING)})
        run = make_run(client, fake_clock)
        item = Resources(WIDGET, run, settle_window=15).wait_settled(9, seen=True)
        assert item["status"] == "active" and client.count("GET", "/widgets/9") == 5
        assert fake_clock.sleeps.count(15) == 2  # the first confirmation saw pending, the second held
        statuses = [entry["status"] for entry in run.timeline.as_list()]
        assert statuses.count("active (confirming)") == 2 and "pending" in statuses[statuses.index("active (confirming)"):]

    def test_without_a_window_the_first_active_read_settles(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets/9"): list(self.FLAPPING)})
        Resources(WIDGET, make_run(client, fake_clock)).wait_settled(9, seen=True)
        assert client.count("GET", "/widgets/9") == 2


class TestDependents:
    def test_a_delete_is_refused_naming_the_holders_and_nothing_is_sent(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [widgets(widget(9))],
                                 ("GET", "/gadgets"): [{"gadgets": [{"id": 7, "name": "g", "widget": "w"}, {"id": 8, "name": "h", "widget": "x"}]}]})
        with pytest.raises(RedisCloudError, match=r"used by 1 gadget\(s\): gadget 7 \('g'\)") as raised:
            state_for(client, fake_clock, state="absent").absent()
        assert raised.value.error_type == "IN_USE" and client.writes == []

    def test_with_no_holder_the_delete_is_sent(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [widgets(widget(9))], ("GET", "/gadgets"): [{"gadgets": []}],
                                 ("GET", "/widgets/9"): [widget(9), widget(9, status="deleting"), NOT_FOUND],
                                 ("DELETE", "/widgets/9"): [accepted(tid(2), DELETE)],
                                 ("GET", f"/tasks/{tid(2)}"): [task(tid(2), "processing-completed", DELETE, resourceId=9)]})
        assert state_for(client, fake_clock, state="absent").absent()["changed"]
        assert client.writes == [("DELETE", "/widgets/9", None)]


class TestPrerequisites:
    def test_a_missing_one_fails_naming_its_option_and_nothing_is_sent(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [widgets()], ("GET", "/shelves/3/parts/5"): [NOT_FOUND],
                                 ("GET", "/racks/3/parts/5"): [NOT_FOUND]})
        with pytest.raises(RedisCloudError, match=r"Invalid options: part: no part 5 of shelf 3 was found\. Nothing was sent\."):
            state_for(client, fake_clock, part=5).present()
        assert client.writes == []

    def test_in_check_mode_a_missing_one_is_a_warning(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [widgets()], ("GET", "/shelves/3/parts/5"): [NOT_FOUND],
                                 ("GET", "/racks/3/parts/5"): [NOT_FOUND]})
        result = state_for(client, fake_clock, check_mode=True, part=5).present()
        assert result["changed"] and client.writes == []
        assert result["warnings"] == ["part: no part 5 of shelf 3 was found: in check mode, an earlier task of the play may be what "
                                      "creates it, so the widget was not checked against it."]

    def test_one_not_settled_is_waited_for_before_the_write(self, fake_clock):
        # Found as the second type (the first answers 404), pending, then active: the POST comes after.
        client = ScriptedClient(create_script({("GET", "/shelves/3/parts/5"): [NOT_FOUND],
                                               ("GET", "/racks/3/parts/5"): [part("pending")] * 3 + [part("active")]}))
        result = state_for(client, fake_clock, part=5).present()
        assert result["changed"] and result["widget_id"] == 9
        assert client.calls.index(("POST", "/widgets")) > max(i for i, call in enumerate(client.calls) if call == ("GET", "/racks/3/parts/5"))
        # The existence check, then before the POST: found pending, waited for (pending, active).
        assert client.count("GET", "/racks/3/parts/5") == 4

    def test_after_a_refusal_it_is_waited_for_again_before_the_write_is_sent_again(self, fake_clock):
        client = ScriptedClient(create_script({
            ("GET", "/shelves/3/parts/5"): [part("active")],
            ("POST", "/widgets"): [accepted(tid(3), CREATE), accepted(tid(1), CREATE)],
            ("GET", f"/tasks/{tid(3)}"): [refused_task(tid(3), BUSY, CREATE)],
        }))
        assert state_for(client, fake_clock, part=5).present()["changed"]
        posts = [i for i, call in enumerate(client.calls) if call == ("POST", "/widgets")]
        assert len(posts) == 2 and ("GET", "/shelves/3/parts/5") in client.calls[posts[0]:posts[1]]


class TestUnchangeable:
    def test_a_change_is_refused_and_nothing_is_sent(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [widgets(widget(9, size=1, builtIn=True))]})
        with pytest.raises(RedisCloudError, match=r"^Widget 'w' is built in\. Nothing was sent\.$"):
            state_for(client, fake_clock).present()
        assert client.writes == []

    def test_a_delete_is_refused_and_nothing_is_sent(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [widgets(widget(9, builtIn=True))]})
        with pytest.raises(RedisCloudError, match="built in"):
            state_for(client, fake_clock, state="absent").absent()
        assert client.writes == []

    def test_an_unchanged_one_is_ok(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [widgets(widget(9, size=2, builtIn=True))]})
        assert state_for(client, fake_clock).present()["changed"] is False
