"""The inventory plugin rediscloud.api.redis_cloud through ansible-inventory --list and --graph, against a simulator of
its own (the tests read it live, so no other test may reset it): Pro and Essentials databases as hosts, statuses,
filters, host names and their clashes, keyed groups, groups, compose, the cache, what a refresh costs, and no
password (nor key) anywhere in what it prints or caches."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from database_helpers import create_database_directly
from harness import SimulatorProcess, new_credentials
from operations_helpers import create_essentials_database, database_passwords, inventory_source, run_inventory, secret_forms
from subscription_helpers import create_directly
from waiting import wait_for

ORDERS_PASSWORD = "Orders-Inventory-Pa55"


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A Pro subscription 'shop' (databases db, orders tagged team=orders, broken in status error), two bulk-loaded Pro
    subscriptions and one Essentials of db-001, db-002 each, and an Essentials subscription 'cache-sub' with 'cache'."""
    api_key, secret_key = new_credentials()
    sim = SimulatorProcess(api_key, secret_key).start()
    try:
        shop = create_directly(sim, "shop")
        orders = create_database_directly(sim, shop, "orders", password=ORDERS_PASSWORD)
        tagged = sim.api("PUT", f"/subscriptions/{shop}/databases/{orders}/tags", {"tags": [{"key": "team", "value": "orders"}]})
        assert tagged.status_code == 200, tagged.text
        sim.configure(faults=[{"kind": "database_error", "method": "POST", "path": f"/v1/subscriptions/{shop}/databases", "count": 1}])
        broken = create_database_directly(sim, shop, "broken", wait=False)
        wait_for(lambda: next(db for db in sim.state()["databases"] if db["id"] == broken)["status"] == "error", "broken database")
        wait_for(lambda: sim.api("GET", f"/subscriptions/{shop}").json()["status"] == "active", "subscription shop active")
        loaded = requests.post(f"{sim.base_url}/_simulator/bulk-load", timeout=30, json={
            "subscriptions": 2, "databasesPerSubscription": 2, "essentials": {"subscriptions": 1, "databasesPerSubscription": 2}}).json()
        cache_sub, cache_db = create_essentials_database(sim, "cache", password="Cache-Inventory-Pa55")
        yield {"sim": sim, "dir": tmp_path_factory.mktemp("inventory"), "shop": shop, "orders": orders, "broken": broken,
               "bulk": loaded["subscriptionIds"], "bulk_essentials": loaded["essentialsSubscriptionIds"],
               "cache_sub": cache_sub, "cache_db": cache_db, "passwords": database_passwords(sim) + [ORDERS_PASSWORD]}
    finally:
        sim.stop()


def inventory(account: dict[str, Any], name: str, *args: str, **options: Any) -> tuple[dict[str, Any], str]:
    """ansible-inventory --list on a source with these options: (the inventory, stderr). No password in any output."""
    completed = run_inventory(account["sim"], inventory_source(account["dir"], name, **options), "--list", *args)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert_no_password(account, completed.stdout + completed.stderr)
    return json.loads(completed.stdout), completed.stderr


def assert_no_password(account: dict[str, Any], text: str) -> None:
    leaked = [index for index, secret in enumerate(account["passwords"]) for form in secret_forms(secret) if form in text]
    assert not leaked, f"database password(s) {sorted(set(leaked))} appear in the inventory"


def hostvars(listed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Host variables, with 2.19's untrusted-string markers unwrapped."""
    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return value["__ansible_unsafe"] if set(value) == {"__ansible_unsafe"} else {key: plain(item) for key, item in value.items()}
        return [plain(item) for item in value] if isinstance(value, list) else value
    return plain(listed["_meta"]["hostvars"])


def members(listed: dict[str, Any], group: str) -> set[str]:
    return set(listed.get(group, {}).get("hosts", []))


def test_every_active_database_is_a_host_named_by_its_subscription_with_default_groups(account):
    listed, stderr = inventory(account, "default")
    hosts = hostvars(listed)
    bulk, bulk_essentials = [f"bulk-{index:05d}" for index in (2, 3)], "essentials-00001"
    expected = {"shop/db", "shop/orders", "cache-sub/cache"} | {f"{sub}/db-00{n}" for sub in [*bulk, bulk_essentials] for n in (1, 2)}
    assert set(hosts) == expected and "broken" not in json.dumps(hosts)  # status error: not listed by default
    orders = hosts["shop/orders"]
    assert orders["redis_cloud_database_id"] == account["orders"] and orders["redis_cloud_subscription_id"] == account["shop"]
    assert (orders["redis_cloud_plan_type"], orders["redis_cloud_status"], orders["redis_cloud_cloud_provider"]) == ("pro", "active", "AWS")
    host, port = orders["redis_cloud_endpoint"].rsplit(":", 1)
    assert (orders["ansible_host"], orders["ansible_port"]) == (host, int(port))
    assert orders["redis_cloud_private_endpoint"].endswith(f":{port}") and orders["redis_cloud_memory_gb"] == 1.0
    cache = hosts["cache-sub/cache"]
    assert cache["redis_cloud_plan_type"] == "essentials" and cache["redis_cloud_private_endpoint"] is None
    assert cache["redis_cloud_memory_gb"] == round(250 / 1024, 6)  # a 250 MB plan
    assert members(listed, "redis_cloud_essentials") == {name for name in expected if name.startswith(("essentials", "cache"))}
    assert members(listed, f"redis_cloud_subscription_{account['shop']}") == {"shop/db", "shop/orders"}
    assert members(listed, "redis_cloud_aws") == expected
    assert "clashed" not in stderr  # subscription-name/name is unique here


def test_graph_shows_the_groups_and_hosts(account):
    source = inventory_source(account["dir"], "graph")
    completed = run_inventory(account["sim"], source, "--graph")
    assert completed.returncode == 0, completed.stderr
    for line in ("@redis_cloud_pro:", "@redis_cloud_essentials:", "|--shop/orders", "|--cache-sub/cache"):
        assert line in completed.stdout
    assert_no_password(account, completed.stdout + completed.stderr)


def test_a_refresh_costs_one_listing_per_plan_type_and_one_per_subscription(account):
    sim = account["sim"]
    before = len(sim.requests())
    inventory(account, "cost")
    made = api_requests_since(sim, before)
    subscriptions = [account["shop"], *account["bulk"]]
    essentials = [*account["bulk_essentials"], account["cache_sub"]]
    assert sorted(made) == sorted([("GET", "/v1/subscriptions"), ("GET", "/v1/fixed/subscriptions")]
                                  + [("GET", f"/v1/subscriptions/{sub}/databases") for sub in subscriptions]
                                  + [("GET", f"/v1/fixed/subscriptions/{sub}/databases") for sub in essentials])


def api_requests_since(sim: SimulatorProcess, mark: int) -> list[tuple[str, str]]:
    return [(entry["method"], entry["path"]) for entry in sim.requests()[mark:] if entry["path"].startswith("/v1/")]


def test_statuses_filters_and_exclude_filters(account):
    every, _err = inventory(account, "every", statuses=[])
    assert "shop/broken" in every["_meta"]["hostvars"]
    broken, _err = inventory(account, "broken", statuses=["error"])
    assert set(broken["_meta"]["hostvars"]) == {"shop/broken"}
    tagged, _err = inventory(account, "tagged", include_tags=True, filters={"redis_cloud_tags.team": ["orders", "payments"]})
    assert set(tagged["_meta"]["hostvars"]) == {"shop/orders"}
    assert hostvars(tagged)["shop/orders"]["redis_cloud_tags"] == {"team": "orders"}
    some, _err = inventory(account, "some", filters=[{"redis_cloud_plan_type": "essentials"}, {"redis_cloud_database_name": "orders"}],
                           exclude_filters=[{"redis_cloud_database_name": "db-002"}])
    assert set(some["_meta"]["hostvars"]) == {"shop/orders", "essentials-00001/db-001", "cache-sub/cache"}


def test_a_filter_on_a_variable_that_does_not_exist_fails_the_refresh(account):
    completed = run_inventory(account["sim"], inventory_source(account["dir"], "typo", filters={"redis_cloud_regoin": "us-east-1"}),
                              "--list")
    assert "filters: 'redis_cloud_regoin' is not a host variable" in completed.stderr


def test_subscriptions_by_name_or_id_and_an_unknown_one_fails(account):
    chosen, _err = inventory(account, "chosen", subscriptions=["shop", str(account["cache_sub"])])
    assert set(chosen["_meta"]["hostvars"]) == {"shop/db", "shop/orders", "cache-sub/cache"}
    completed = run_inventory(account["sim"], inventory_source(account["dir"], "unknown", subscriptions=["nope"]), "--list")
    assert "no pro or essentials subscription has the id or name 'nope'" in completed.stderr


def test_clashing_host_names_are_resolved_in_order_and_reported(account):
    listed, stderr = inventory(account, "short", hostnames=["name"], plan_types=["pro"])
    hosts = hostvars(listed)
    first, second = account["bulk"]
    by_name = {name: facts["redis_cloud_subscription_id"] for name, facts in hosts.items()}
    assert by_name["db-001"] == first and by_name["db-002"] == first  # the lower subscription id keeps the name
    assert {name for name, sub in by_name.items() if sub == second} == {
        f"db-00{n}_pro_{hosts_id}" for n, hosts_id in ((1, ids(hosts, second, "db-001")), (2, ids(hosts, second, "db-002")))}
    assert re.search(r"2 host name\(s\) clashed .* is 'db-001_pro_\d+' \('db-001' was taken\)", stderr.replace("\n", " "))
    endpoints, _err = inventory(account, "endpoints", hostnames=["public_endpoint"], plan_types=["essentials"])
    assert all(re.fullmatch(r"redis-\d+\..+:\d+", name) for name in endpoints["_meta"]["hostvars"])


def ids(hosts: dict[str, dict[str, Any]], subscription_id: int, name: str) -> int:
    return next(facts["redis_cloud_database_id"] for facts in hosts.values()
                if facts["redis_cloud_subscription_id"] == subscription_id and facts["redis_cloud_database_name"] == name)


def test_keyed_groups_groups_and_compose(account):
    listed, _err = inventory(
        account, "constructed", default_groups=False,
        keyed_groups=[{"key": "redis_cloud_subscription_name", "prefix": "sub"}, {"key": "redis_cloud_plan_type", "separator": ""}],
        groups={"small": "redis_cloud_memory_gb < 1"},
        compose={"redis_url": "'redis://' ~ ansible_host ~ ':' ~ ansible_port", "team": "redis_cloud_tags.team | default('none')"},
        include_tags=True)
    assert members(listed, "sub_shop") == {"shop/db", "shop/orders"}
    assert members(listed, "essentials") == {"essentials-00001/db-001", "essentials-00001/db-002", "cache-sub/cache"}
    assert members(listed, "small") == members(listed, "essentials")  # 250 MB plans
    assert "redis_cloud_pro" not in listed
    orders = hostvars(listed)["shop/orders"]
    assert orders["redis_url"] == f"redis://{orders['ansible_host']}:{orders['ansible_port']}" and orders["team"] == "orders"


def test_connect_with_the_private_endpoint(account):
    listed, _err = inventory(account, "private", connect_with="private_endpoint")
    hosts = hostvars(listed)
    assert hosts["shop/orders"]["ansible_host"] == hosts["shop/orders"]["redis_cloud_private_endpoint"].rsplit(":", 1)[0]
    assert "ansible_host" not in hosts["cache-sub/cache"]  # Essentials databases have no private endpoint


def test_the_cache_serves_a_refresh_without_requests_until_flushed(account):
    sim, cache_dir = account["sim"], account["dir"] / "cache"
    options = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(cache_dir), "cache_timeout": 3600}
    first, _err = inventory(account, "cached", **options)
    mark = len(sim.requests())
    again, _err = inventory(account, "cached", **options)
    assert api_requests_since(sim, mark) == [] and again["_meta"] == first["_meta"]
    # Filters apply to what is cached: still no request.
    filtered, _err = inventory(account, "cached", **options, filters={"redis_cloud_plan_type": "pro"})
    assert api_requests_since(sim, mark) == [] and set(filtered["_meta"]["hostvars"]) < set(first["_meta"]["hostvars"])
    flushed, _err = inventory(account, "cached", "--flush-cache", **options)
    assert ("GET", "/v1/subscriptions") in api_requests_since(sim, mark) and flushed["_meta"] == first["_meta"]
    cached_files = list(cache_dir.iterdir())
    assert cached_files
    assert_no_password(account, "".join(path.read_text(encoding="utf-8") for path in cached_files))


def test_no_password_nor_key_in_any_host_variable(account):
    """Every variable of every host, every database included: no password (the Pro listing carries them) nor key."""
    listed, _err = inventory(account, "everything", statuses=[], include_tags=True)
    text = json.dumps(listed)
    assert_no_password(account, text)
    sim = account["sim"]
    assert sim.api_key not in text and sim.api_secret_key not in text
    assert not [name for facts in hostvars(listed).values() for name in facts if "password" in name or "secret" in name]
    # The listing does carry them: the allow-list is what keeps them out.
    listing = sim.api("GET", f"/subscriptions/{account['shop']}/databases").json()
    assert ORDERS_PASSWORD in json.dumps(listing)
