"""The Essentials database: Pro's fields with the differences declared, its bodies against the vendored spec, the
password / default-user ordering, the pay-as-you-go options, and the strict listing parser.

READ_BACK is shaped like RedisLabs/rediscloud-go-api fixed_database_test.go TestFixedDatabase_Get (a recorded answer).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from scripted_api import NOT_FOUND, ScriptedClient, make_run

from redis_cloud_simulator.spec import load_spec, validate_body

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import ApiRequestError, MalformedResponseError, RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.body import api_name
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import Resources
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database import FIELDS as PRO_FIELDS
from ansible_collections.rediscloud.api.plugins.module_utils.resources.essentials_database import FIELDS, EssentialsDatabaseModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.essentials_database_options import (
    BODY_OPTIONS,
    NAMES,
    build_create_body,
    build_update_body,
    essentials_database_argument_spec,
    validate_params,
)
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import ESSENTIALS_DATABASE, fixed_databases_of

READ_BACK: dict[str, Any] = {
    "databaseId": 51055029, "name": "my-test-fixed-database", "protocol": "stack", "provider": "AWS", "region": "us-west-1",
    "redisVersion": "7.4", "respVersion": "resp2", "status": "active", "planMemoryLimit": 1, "memoryLimitMeasurementUnit": "GB",
    "dataPersistence": "none", "replication": False, "dataEvictionPolicy": "noeviction", "replicaOf": None, "replica": None,
    "clustering": {"enabled": True, "regexRules": [{"ordinal": 0, "pattern": ".*\\{(?<tag>.*)\\}.*"}, {"ordinal": 1, "pattern": "(?<tag>.*)"}],
                   "hashingPolicy": "standard"},
    "security": {"defaultUserEnabled": True, "password": "s1j5CSgTliqM0EHzMU68GbflSVGuCIcF", "sslClientAuthentication": False,
                 "tlsClientAuthentication": False, "enableTls": False, "sourceIps": ["0.0.0.0/0"]},
    "modules": [], "alerts": [], "backup": {"remoteBackupEnabled": False, "status": "idle"},
}
PASSWORD = READ_BACK["security"]["password"]


def params(**options: Any) -> dict[str, Any]:
    """The module's parameters: every option of the argument spec, None unless given."""
    values: dict[str, Any] = {option: spec.get("default") for option, spec in essentials_database_argument_spec().items()}
    values.update({"subscription_id": 111728, "name": "my-test-fixed-database", **options})
    return values


def model(**options: Any) -> EssentialsDatabaseModel:
    return EssentialsDatabaseModel(params(**options))


def read_back(**security: Any) -> Current:
    item = copy.deepcopy(READ_BACK)
    item["security"].update(security)
    return Current(item)


class TestFields:
    def test_pro_fields_are_shared_with_the_differences_declared(self):
        by_option = {field.option: field for field in FIELDS}
        pro = {field.option: field for field in PRO_FIELDS}
        assert by_option["enable_default_user"].api == "security.defaultUserEnabled" and pro["enable_default_user"].api == "security.enableDefaultUser"
        assert {option for option, field in by_option.items() if not field.in_place} == {"protocol", "modules", "redis_version"}
        assert by_option["source_ips"] == pro["source_ips"] and by_option["alerts"] == pro["alerts"]
        assert not {"port", "throughput_measurement", "remote_backup", "sharding_type", "query_performance_factor"} & set(by_option)
        assert {"periodic_backup_path", "enable_database_clustering", "number_of_shards"} <= set(by_option)

    def test_what_matches_the_recorded_read_back_is_no_change(self):
        same = model(protocol="stack", redis_version="7.4", resp_version="resp2", replication=False, data_persistence="none",
                     data_eviction_policy="noeviction", source_ips=["0.0.0.0/0"], enable_default_user=True, enable_tls=False, password=PASSWORD)
        assert same.differences(read_back()) == []

    def test_a_redis_version_or_protocol_change_cannot_be_made_in_place(self):
        # (A version older than the one read back is no change at all: Redis Cloud upgrades databases itself, issue 16.)
        differences = model(redis_version="8.2", protocol="redis", data_eviction_policy="allkeys-lru").differences(read_back())
        assert {d.field: d.in_place for d in differences} == {"redis_version": False, "protocol": False, "data_eviction_policy": True}

    def test_the_default_user_is_compared_with_the_essentials_field(self):
        assert [d.field for d in model(enable_default_user=False).differences(read_back())] == ["enable_default_user"]
        assert model(enable_default_user=False).differences(read_back(defaultUserEnabled=False)) == []


class TestBodies:
    def test_every_body_option_is_a_field_of_the_spec_with_the_essentials_names(self):
        schemas = load_spec()["components"]["schemas"]
        fields = set(schemas["FixedDatabaseCreateRequest"]["properties"]) | set(schemas["FixedDatabaseUpdateRequest"]["properties"])
        assert {api_name(option, NAMES) for option in BODY_OPTIONS} <= fields

    def test_a_full_create_body_validates_and_leaves_out_what_only_an_update_takes(self):
        body = build_create_body(params(
            protocol="redis", modules=[{"name": "RedisJSON", "parameters": None}], redis_version="7.4", resp_version="resp3", replication=True,
            data_persistence="aof-every-1-second", data_eviction_policy="allkeys-lru", periodic_backup_path="s3://bucket/path",
            source_ips=["10.0.0.0/16"], enable_tls=True, client_tls_certificates=["PEM"], enable_default_user=False, password="pw-123456",
            alerts=[{"name": "datasets-size", "value": 80}],
            replica={"sync_sources": [{"endpoint": "redis://a:6379", "encryption": None, "server_cert": None}]},
            tags={"team": "x"}, pay_as_you_go=True, dataset_size_in_gb=1.0, support_oss_cluster_api=True, enable_database_clustering=True,
            number_of_shards=2, regex_rules=["(?<tag>.*)"]))

        assert validate_body("FixedDatabaseCreateRequest", body) == []
        assert body["sourceIps"] == ["10.0.0.0/16"] and body["clientTlsCertificates"] == [{"publicCertificatePEMString": "PEM"}]
        assert not {"enableDefaultUser", "tags", "updatePassword", "payAsYouGo"} & set(body)

    @pytest.mark.parametrize("changes", [
        {"name": "renamed"}, {"enable_default_user": False}, {"password": "pw-2"}, {"source_ips": ["10.0.0.0/8"]},
        {"replication": True, "data_persistence": "snapshot-every-1-hour", "data_eviction_policy": "volatile-lru", "resp_version": "resp3"},
        {"alerts": [{"name": "latency", "value": 5}], "enable_tls": True, "periodic_backup_path": "s3://b/p"},
        {"dataset_size_in_gb": 2.0, "number_of_shards": 2, "enable_database_clustering": True, "regex_rules": ["(?<tag>.*)"]},
    ])
    def test_update_bodies_validate(self, changes):
        body = build_update_body(changes)
        assert body and validate_body("FixedDatabaseUpdateRequest", body) == []


class TestPasswordAndDefaultUser:
    def test_disabling_the_default_user_with_a_new_password_sends_the_password_first(self):
        subject = model(password="new-pw-1", enable_default_user=False, data_eviction_policy="allkeys-lru")
        current = read_back()

        changes = subject.changes(subject.differences(current), current)

        assert [change.body for change in changes] == [{"password": "new-pw-1"}, {"dataEvictionPolicy": "allkeys-lru", "enableDefaultUser": False}]
        assert all(validate_body("FixedDatabaseUpdateRequest", change.body) == [] for change in changes)

    def test_enabling_it_with_a_new_password_is_one_request(self):
        subject = model(password="new-pw-1", enable_default_user=True)
        current = read_back(defaultUserEnabled=False)
        assert [change.body for change in subject.changes(subject.differences(current), current)] == [
            {"password": "new-pw-1", "enableDefaultUser": True}]

    @pytest.mark.parametrize("wanted", [False, None])
    def test_a_new_password_while_the_default_user_stays_disabled_is_refused_before_sending(self, wanted):
        subject = model(password="new-pw-1", enable_default_user=wanted)
        current = read_back(defaultUserEnabled=False)

        with pytest.raises(RedisCloudError, match="cannot change while its default user is disabled") as caught:
            subject.changes(subject.differences(current), current)
        assert caught.value.error_type == "NOT_ALLOWED_TO_UPDATE_A_DATABASE_PASSWORD_WHEN_DEFAULT_USER_IS_DISABLED"
        assert "new-pw-1" not in str(caught.value)

    def test_the_password_is_masked_in_what_is_shown(self):
        assert model().mask(READ_BACK)["security"]["password"] == "********"


class TestOptions:
    def test_pay_as_you_go_options_are_refused_without_pay_as_you_go(self):
        problems = validate_params(params(dataset_size_in_gb=1.0, number_of_shards=2))
        assert len(problems) == 1 and problems[0].startswith("dataset_size_in_gb, number_of_shards: only for pay-as-you-go")
        assert validate_params(params(dataset_size_in_gb=1.0, number_of_shards=2, pay_as_you_go=True)) == []

    @pytest.mark.parametrize(("protocol", "refused"), [(None, True), ("stack", True), ("redis", False)])
    def test_modules_need_protocol_redis(self, protocol, refused):
        problems = validate_params(params(protocol=protocol, modules=[{"name": "RedisJSON", "parameters": None}]))
        assert any(problem.startswith("modules need protocol=redis") for problem in problems) is refused

    def test_pro_checks_apply(self):
        assert validate_params(params(name="-bad-", source_ips=["not-an-ip"])) and validate_params(params()) == []


class TestListing:
    def test_pages_are_read_until_one_is_short_and_a_404_is_an_error_not_an_empty_listing(self, fake_clock):
        path = "/fixed/subscriptions/1/databases"
        full = [{**READ_BACK, "databaseId": number} for number in range(1, 101)]
        client = ScriptedClient({("GET", path): [{"subscription": {"databases": full}}, {"subscription": {"databases": []}}]})
        assert len(Resources(ESSENTIALS_DATABASE, make_run(client, fake_clock), 1).list()) == 100
        assert client.params == [{"offset": 0, "limit": 100}, {"offset": 100, "limit": 100}]
        with pytest.raises(ApiRequestError):
            Resources(ESSENTIALS_DATABASE, make_run(ScriptedClient({("GET", path): [NOT_FOUND]}), fake_clock), 1).list()

    def test_the_recorded_listing_shape_and_its_empty_page_past_the_end(self):
        request = "GET /fixed/subscriptions/1/databases"
        page = {"accountId": 1, "subscription": {"subscriptionId": 1, "numberOfDatabases": 1, "databases": [READ_BACK]}}
        empty = {"accountId": 1, "subscription": {"subscriptionId": 1, "numberOfDatabases": 0, "databases": []}}
        assert fixed_databases_of(page, request) == [READ_BACK] and fixed_databases_of(empty, request) == []
        assert ESSENTIALS_DATABASE.paged and not ESSENTIALS_DATABASE.empty_listing_answers_404 and ESSENTIALS_DATABASE.listing_is_partial

    @pytest.mark.parametrize("answer", [
        {"accountId": 1, "subscription": [{"subscriptionId": 1, "databases": []}]},  # Pro's list shape
        {"accountId": 1, "subscription": {"subscriptionId": 1, "numberOfDatabases": 0}},  # no list
        {"accountId": 1, "databases": []},
        [],
    ])
    def test_other_shapes_are_refused(self, answer):
        with pytest.raises(MalformedResponseError):
            fixed_databases_of(answer, "GET /fixed/subscriptions/1/databases")
