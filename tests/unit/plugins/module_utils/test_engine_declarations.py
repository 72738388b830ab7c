"""Engine capabilities declared by a resource, each with a default that changes nothing for the others.

- ``ResourceType.listing_is_partial``: an item found in the listing is read by id before it is used;
- ``Preflight.price``: check mode without a dry run reports the price lines a preflight read gives; a preflight
  read that answers 404 hands ``None`` to its check;
- a ``Field`` declared not in place makes the differences of its comparator not in place;
- ``to_api(..., names=...)``: a resource's own API field names.
"""

from __future__ import annotations

import tempfile
import uuid
from typing import Any

import pytest
from scripted_api import NOT_FOUND, ScriptedClient, accepted, make_run, tid

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.body import to_api
from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference, Field, compare
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current, Preflight, ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import CommandTypes, Resources, ResourceType, listed_items
from ansible_collections.rediscloud.api.plugins.module_utils.engine.state import Connection, ResourceState, RunFlags


def widget_type(listing_is_partial: bool = False) -> ResourceType:
    return ResourceType(kind="widget", list_path="/widgets", item_path="/widgets/{widget_id}", id_key="widget_id", id_field="id",
                        items_of=lambda body, request: listed_items(body, request, "widgets"),
                        commands=CommandTypes("widgetCreate", "widgetUpdate", "widgetDelete"), listing_is_partial=listing_is_partial)


LISTED = {"id": 7, "name": "w", "status": "active"}
READ = {**LISTED, "secret": "only-in-the-read-by-id"}


@pytest.fixture(autouse=True)
def lock_dir(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


class TestListingIsPartial:
    @pytest.mark.parametrize(("partial", "found", "reads_by_id"), [(True, READ, 1), (False, LISTED, 0)])
    def test_an_item_found_by_name_is_read_by_id_only_when_the_listing_is_partial(self, fake_clock, partial, found, reads_by_id):
        client = ScriptedClient({("GET", "/widgets"): [{"widgets": [LISTED]}], ("GET", "/widgets/7"): [READ]})

        assert Resources(widget_type(partial), make_run(client, fake_clock)).find(wanted="w") == found
        assert client.count("GET", "/widgets/7") == reads_by_id

    def test_a_listed_item_that_answers_404_by_id_is_still_found(self, fake_clock):
        # Listed proves it exists (a create must not be sent again); the listed item is all there is to show.
        client = ScriptedClient({("GET", "/widgets"): [{"widgets": [LISTED]}], ("GET", "/widgets/7"): [NOT_FOUND]})
        assert Resources(widget_type(True), make_run(client, fake_clock)).find(wanted="w") == LISTED


class PricedWidget(ResourceModel):
    """A resource without a dry run whose price is read from a catalogue, as an Essentials plan's is."""

    type = widget_type()
    fields = (Field("name", "name"), Field("size", "size"))

    def create_body(self) -> dict[str, Any]:
        return {"name": self.params["name"], "size": self.params["size"]}

    def update_body(self, differences: list[Difference], current: Current) -> dict[str, Any]:
        return {d.field: d.desired for d in differences}

    def preflights(self, current: dict[str, Any] | None) -> list[Preflight]:
        def check(answer: Any) -> list[str]:
            return ["size: no such size"] if answer is None else []

        return [Preflight(f"/sizes/{self.params['size']}", check, price=lambda answer: [{"type": "size", "price": answer["price"]}])]


def state(client: ScriptedClient, fake_clock, check_mode: bool, wait: bool = True, **params: Any) -> ResourceState:
    return ResourceState(PricedWidget({"name": "w", "size": 2, **params}), make_run(client, fake_clock),
                         RunFlags(check_mode=check_mode, diff_mode=True, wait=wait), Connection(f"https://api.test/{uuid.uuid4()}/v1", "key-0001"))


class TestPriceFromARead:
    def test_check_mode_create_reports_the_read_price_and_sends_nothing(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [{"widgets": []}], ("GET", "/sizes/2"): [{"price": 5}]})

        result = state(client, fake_clock, check_mode=True).present()

        assert (result["changed"], result["pricing"], client.writes) == (True, [{"type": "size", "price": 5}], [])
        assert result["diff"] == {"before": {}, "after": {"name": "w", "size": 2}}

    def test_check_mode_change_reports_the_read_price_and_sends_nothing(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [{"widgets": [{**LISTED, "size": 1}]}], ("GET", "/sizes/2"): [{"price": 9}]})

        result = state(client, fake_clock, check_mode=True).present()

        assert (result["changed"], result["pricing"], client.writes) == (True, [{"type": "size", "price": 9}], [])

    def test_a_preflight_read_answering_404_gives_its_check_none(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [{"widgets": []}], ("GET", "/sizes/2"): [NOT_FOUND]})

        with pytest.raises(RedisCloudError, match="size: no such size. Nothing was sent."):
            state(client, fake_clock, check_mode=False).present()
        assert client.writes == []

    def test_outside_check_mode_the_write_is_sent_and_no_pricing_is_reported(self, fake_clock):
        client = ScriptedClient({("GET", "/widgets"): [{"widgets": []}], ("GET", "/sizes/2"): [{"price": 5}], ("GET", "/tasks"): [[]],
                                 ("POST", "/widgets"): [accepted(tid(1), "widgetCreate")]})

        result = state(client, fake_clock, check_mode=False, wait=False).present()

        assert client.writes == [("POST", "/widgets", {"name": "w", "size": 2})]
        assert (result["changed"], result["pricing"]) == (True, None)


class TestComparatorOfAFieldNotInPlace:
    def test_its_differences_are_not_in_place(self):
        def always(desired: Any, resource: dict[str, Any]) -> list[Difference]:
            return [Difference("version", resource.get("version"), desired, in_place=True)]

        resource = {"version": "7.2"}
        assert [d.in_place for d in compare({"version": "7.4"}, resource, (Field("version", "version", comparator=always),))] == [True]
        assert [d.in_place for d in compare({"version": "7.4"}, resource, (Field("version", "version", in_place=False, comparator=always),))] == [False]


class TestApiNames:
    def test_a_resource_names_its_own_fields_at_every_level(self):
        options = {"source_ips": {"type": "list"}, "nested": {"type": "dict", "options": {"source_ips": {"type": "list"}}}}
        value = {"source_ips": ["10.0.0.0/8"], "nested": {"source_ips": ["10.1.0.0/16"]}}

        assert to_api(value, options) == {"sourceIp": ["10.0.0.0/8"], "nested": {"sourceIp": ["10.1.0.0/16"]}}
        assert to_api(value, options, names={"source_ips": "sourceIps"}) == {"sourceIps": ["10.0.0.0/8"], "nested": {"sourceIps": ["10.1.0.0/16"]}}
