"""module_utils/inventory.py and the inventory plugin's configuration: host variables from an allow-list (never a
password, whatever the answer carries), listings and what they cost, filters, host names and clashes, connection
variables, default groups; the plugin's environment variables are the modules' (same precedence) and those the AWX
credential type injects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from scripted_api import NOT_FOUND, ScriptedClient, db, dbs, make_run, sub, subs

from ansible_collections.rediscloud.api.plugins.doc_fragments.redis_cloud import ModuleDocFragment
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.inventory import (
    Listing,
    clash_report,
    connection,
    database_facts,
    default_groups,
    filter_problems,
    host_names,
    kept,
    list_databases,
    memory_gb,
)
from ansible_collections.rediscloud.api.plugins.module_utils.options import API_KEY_ENV, API_SECRET_KEY_ENV, API_URL_ENV

REPO = Path(__file__).resolve().parents[4]
SECRET = "Pa55-in-the-listing"
PRO_DATABASE = db(51, "orders", publicEndpoint="redis-1.example.com:12000", privateEndpoint="redis-1.internal.example.com:12000",
                  provider="AWS", region="us-east-1", protocol="redis", redisVersion="7.4", datasetSizeInGb=2, replication=True,
                  dataPersistence="none", security={"password": SECRET, "enableTls": True, "saslPassword": SECRET},
                  modules=[{"name": "RedisJSON", "parameters": []}], backup={"destination": f"s3://k:{SECRET}@b/x"})
ESSENTIALS_DATABASE = db(61, "cache", publicEndpoint="redis-2.example.com:13000", provider="AWS", planMemoryLimit=250,
                         memoryLimitMeasurementUnit="MB", security={"password": SECRET})


def fixed_dbs(subscription_id: int, *items: dict[str, Any]) -> dict[str, Any]:
    """GET /fixed/subscriptions/{id}/databases: ``subscription`` is one object (Go client TestFixedDatabase_List)."""
    return {"accountId": 1, "subscription": {"subscriptionId": subscription_id, "numberOfDatabases": len(items), "databases": list(items)}}


class TestFacts:
    def test_only_listed_fields_become_facts_never_a_secret(self):
        facts = database_facts("pro", sub(7, "shop"), PRO_DATABASE)
        assert SECRET not in repr(facts)
        assert facts == {"database_id": 51, "database_name": "orders", "subscription_id": 7, "subscription_name": "shop", "plan_type": "pro",
                         "status": "active", "endpoint": "redis-1.example.com:12000", "private_endpoint": "redis-1.internal.example.com:12000",
                         "cloud_provider": "AWS", "region": "us-east-1", "protocol": "redis", "redis_version": "7.4", "memory_gb": 2.0,
                         "replication": True, "data_persistence": "none", "tls": True, "modules": ["RedisJSON"]}

    @pytest.mark.parametrize("database, expected", [({"datasetSizeInGb": 0.5}, 0.5), ({"memoryLimitInGb": 3}, 3.0),
                                                    ({"planMemoryLimit": 30, "memoryLimitMeasurementUnit": "MB"}, round(30 / 1024, 6)),
                                                    ({"planMemoryLimit": 1, "memoryLimitMeasurementUnit": "GB"}, 1.0),
                                                    ({"planMemoryLimit": 1, "memoryLimitMeasurementUnit": "TB"}, None), ({}, None)])
    def test_memory_in_gb(self, database, expected):
        assert memory_gb(database) == expected


class TestListing:
    def script(self) -> ScriptedClient:
        client = ScriptedClient()
        client.on("GET", "/subscriptions", subs(sub(8, "b"), sub(7, "shop")))
        client.on("GET", "/subscriptions/7/databases", dbs(7, PRO_DATABASE)).on("GET", "/subscriptions/8/databases", NOT_FOUND)
        client.on("GET", "/fixed/subscriptions", subs(sub(3, "cache-sub")))
        client.on("GET", "/fixed/subscriptions/3/databases", fixed_dbs(3, ESSENTIALS_DATABASE))
        return client

    def test_one_listing_per_plan_type_and_one_per_subscription_in_id_order(self, fake_clock):
        client = self.script()
        records = list_databases(make_run(client, fake_clock), Listing(["pro", "essentials"]))
        assert [(record["plan_type"], record["database_id"]) for record in records] == [("pro", 51), ("essentials", 61)]
        assert client.calls == [("GET", "/subscriptions"), ("GET", "/subscriptions/7/databases"), ("GET", "/subscriptions/8/databases"),
                                ("GET", "/fixed/subscriptions"), ("GET", "/fixed/subscriptions/3/databases")]
        assert all(params in (None, {"offset": 0, "limit": 100}) for params in client.params)

    def test_subscriptions_by_id_or_name_and_tags_on_request(self, fake_clock):
        client = self.script().on("GET", "/subscriptions/7/databases/51/tags", {"tags": [{"key": "team", "value": "orders"}]})
        records = list_databases(make_run(client, fake_clock), Listing(["pro"], ["shop"], include_tags=True))
        assert [record["tags"] for record in records] == [{"team": "orders"}]
        assert ("GET", "/subscriptions/8/databases") not in client.calls

    def test_a_subscription_asked_for_that_does_not_exist_fails(self, fake_clock):
        with pytest.raises(RedisCloudError, match="no pro subscription has the id or name 'nope', '9'"):
            list_databases(make_run(self.script(), fake_clock), Listing(["pro"], ["shop", "nope", "9"]))


VARIABLES = {"redis_cloud_status": "active", "redis_cloud_plan_type": "pro", "redis_cloud_modules": ["RedisJSON", "RediSearch"],
             "redis_cloud_tags": {"env": "prod"}, "redis_cloud_database_id": 51}


class TestFilters:
    @pytest.mark.parametrize("statuses, filters, excludes, expected", [
        (["active"], [], [], True), (["pending"], [], [], False), ([], [], [], True),
        ([], [{"redis_cloud_plan_type": "essentials"}], [], False),
        ([], [{"redis_cloud_plan_type": "essentials"}, {"redis_cloud_tags.env": ["prod", "staging"]}], [], True),
        ([], [{"redis_cloud_plan_type": "pro", "redis_cloud_tags.env": "test"}], [], False),  # all of a condition must hold
        ([], [{"redis_cloud_modules": "RediSearch"}], [], True),  # a list variable matches by one of its items
        ([], [{"redis_cloud_database_id": "51"}], [], True),  # compared as text, as written in YAML
        ([], [], [{"redis_cloud_tags.env": "prod"}], False),
    ])
    def test_kept(self, statuses, filters, excludes, expected):
        assert kept(VARIABLES, "redis_cloud_status", statuses, filters, excludes) is expected

    def test_unknown_names_are_problems(self):
        assert filter_problems([{"redis_cloud_tags.env": "x", "redis_cloud_regoin": "y"}], "filters", VARIABLES) == [
            f"filters: 'redis_cloud_regoin' is not a host variable (known: {', '.join(sorted(VARIABLES))})"]


def facts(database_id: int, name: str, subscription: str, plan_type: str = "pro", endpoint: str | None = None) -> dict[str, Any]:
    return {"database_id": database_id, "database_name": name, "subscription_id": database_id // 10, "subscription_name": subscription,
            "plan_type": plan_type, "endpoint": endpoint, "private_endpoint": None}


class TestHostNames:
    def test_the_first_free_preference_wins_in_listing_order(self):
        records = [facts(11, "db", "a"), facts(21, "db", "b"), facts(31, "db", "b"), facts(41, "db", "b", "essentials")]
        names, clashes = host_names(records, ["name", "subscription-name/name"])
        assert names == ["db", "b/db", "db_pro_31", "db_essentials_41"]
        assert [(clash.wanted, clash.given) for clash in clashes] == [("db", "b/db"), ("db", "db_pro_31"), ("db", "db_essentials_41")]
        assert host_names(records, ["name", "subscription-name/name"]) == (names, clashes)  # deterministic

    def test_a_preference_without_a_value_is_skipped(self):
        names, clashes = host_names([facts(11, "db", "a", endpoint=None)], ["public_endpoint", "subscription-id/id"])
        assert names == ["1/11"] and clashes == []  # no value is no clash: the first preference it has is its own

    def test_the_report_names_each_resolution_and_counts_the_rest(self):
        records = [facts(number, "db", "a") for number in range(10, 18)]
        report = clash_report(host_names(records, ["name"])[1], shown=2)
        assert report.startswith("7 host name(s) clashed") and report.endswith("; and 5 more.")
        assert "pro database 11 of subscription 1 is 'db_pro_11' ('db' was taken)" in report


def test_connection_variables_and_default_groups():
    record = {**facts(11, "db", "a", endpoint="redis-1.example.com:12000"), "cloud_provider": "GCP"}
    assert connection(record, "public_endpoint") == {"ansible_host": "redis-1.example.com", "ansible_port": 12000}
    assert connection(record, "private_endpoint") == {}
    assert default_groups(record) == ["redis_cloud", "redis_cloud_pro", "redis_cloud_subscription_1", "redis_cloud_gcp"]


class TestConfiguration:
    def test_the_plugin_reads_the_modules_variables_and_the_first_one_set_wins_as_for_the_modules(self):
        """Ansible takes the last variable of an env list that is set; the modules take the first: the lists are reversed."""
        options = yaml.safe_load(ModuleDocFragment.INVENTORY)["options"]
        for option, names in (("api_key", API_KEY_ENV), ("api_secret_key", API_SECRET_KEY_ENV), ("api_url", API_URL_ENV)):
            assert [entry["name"] for entry in options[option]["env"]] == list(reversed(names))

    def test_the_awx_credential_type_injects_variables_the_plugin_reads(self):
        credential = yaml.safe_load((REPO / "meta" / "awx" / "redis_cloud_api_credential_type.yml").read_text(encoding="utf-8"))
        read = {entry["name"] for option in yaml.safe_load(ModuleDocFragment.INVENTORY)["options"].values() for entry in option["env"]}
        assert set(credential["injectors"]["env"]) <= read
