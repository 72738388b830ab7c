# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bulk load: inventory-sized accounts made at once; the Essentials hook."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from conftest import Api
from redis_cloud_simulator import bulk_load
from redis_cloud_simulator.simulator import Simulator
from redis_cloud_simulator.spec import validate_body


def _load(api: Api, body: dict[str, Any]) -> requests.Response:
    return requests.post(f"{api.root_url}/_simulator/bulk-load", json=body, timeout=30)


def test_100_subscriptions_of_10_databases_are_active_and_listed_at_once(api: Api) -> None:
    loaded = _load(api, {"subscriptions": 100, "databasesPerSubscription": 10})
    assert loaded.status_code == 200, loaded.text
    ids = loaded.json()["subscriptionIds"]
    assert len(ids) == len(set(ids)) == 100 and loaded.json()["essentialsSubscriptionIds"] == []
    listing = api.get("/subscriptions").json()
    assert validate_body("AccountSubscriptions", listing, direction="response") == []
    assert [(sub["id"], sub["status"], sub["numberOfDatabases"]) for sub in listing["subscriptions"]] == [
        (subscription_id, "active", 10) for subscription_id in ids]
    databases = api.get(f"/subscriptions/{ids[-1]}/databases").json()["subscription"][0]["databases"]
    assert [(db["name"], db["status"]) for db in databases] == [(f"db-{n:03d}", "active") for n in range(1, 11)]
    assert api.control("GET", "state")["tasks"] == []  # no task behind them


def test_every_subscription_of_a_bulk_load_lists_its_databases(api: Api) -> None:
    # What the inventory plugin reads: one listing of subscriptions, then one of databases per subscription.
    # (How fast that is, is the benchmark's to show, never a timed test.)
    ids = _load(api, {"subscriptions": 100, "databasesPerSubscription": 10}).json()["subscriptionIds"]
    assert len(api.get("/subscriptions").json()["subscriptions"]) == 100
    for subscription_id in ids:
        answer = api.get(f"/subscriptions/{subscription_id}/databases")
        assert answer.status_code == 200 and len(answer.json()["subscription"][0]["databases"]) == 10


def test_loads_add_up_and_bad_counts_change_nothing(api: Api) -> None:
    first = _load(api, {"subscriptions": 2, "databasesPerSubscription": 1}).json()["subscriptionIds"]
    second = _load(api, {"subscriptions": 1}).json()["subscriptionIds"]
    assert second[0] > first[-1]
    names = [sub["name"] for sub in api.get("/subscriptions").json()["subscriptions"]]
    assert names == ["bulk-00001", "bulk-00002", "bulk-00003"]
    assert api.get(f"/subscriptions/{second[0]}/databases").status_code == 404  # no databases: the API's 404
    for body in ({"subscriptions": -1}, {"subscriptions": 5001}, {"subscriptions": True}, {"databasesPerSubscription": 101},
                 {"subscriptions": 1, "extra": 1}, {"subscriptions": 1, "essentials": [1]}, {"subscriptions": 1, "essentials": {"subscriptions": -1}}):
        assert _load(api, body).status_code == 400, body
    assert len(api.get("/subscriptions").json()["subscriptions"]) == 3


@pytest.fixture
def essentials_loader() -> Iterator[list[tuple[int, int]]]:
    """Plugs an Essentials loader in, as the Essentials state would; records its calls."""
    calls: list[tuple[int, int]] = []

    def load(sim: Simulator, subscriptions: int, per_subscription: int) -> list[int]:
        calls.append((subscriptions, per_subscription))
        return list(range(1, subscriptions + 1))

    previous, bulk_load.ESSENTIALS_LOADER = bulk_load.ESSENTIALS_LOADER, load
    yield calls
    bulk_load.ESSENTIALS_LOADER = previous


def test_essentials_are_loaded_through_the_hook(api: Api, essentials_loader: list[tuple[int, int]]) -> None:
    loaded = _load(api, {"subscriptions": 1, "essentials": {"subscriptions": 3, "databasesPerSubscription": 2}}).json()
    assert loaded["essentialsSubscriptionIds"] == [1, 2, 3] and len(loaded["subscriptionIds"]) == 1
    assert essentials_loader == [(3, 2)]
