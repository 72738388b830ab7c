"""The database's field map, password handling and masking, on read-backs shaped like the spec's Database example."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference, diff_for_display
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database import DatabaseModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database import endpoint_port, tags_from_api, tags_key
from ansible_collections.rediscloud.api.plugins.module_utils.masking import mask_secrets

# Shaped like the spec's Database example (the read-back carries the password).
READ_BACK: dict[str, Any] = {
    "databaseId": 51170941, "name": "orders", "protocol": "redis", "status": "active", "redisVersion": "7.4.2",
    "datasetSizeInGb": 2, "replication": False, "dataPersistence": "snapshot-every-1-hour", "dataEvictionPolicy": "noeviction",
    "throughputMeasurement": {"by": "operations-per-second", "value": 2500},
    "publicEndpoint": "redis-17571.c235866.us-east-1-1.ec2.cloud.rlrcp.com:17571",
    "privateEndpoint": "redis-17571.internal.c235866.us-east-1-1.ec2.cloud.rlrcp.com:17571",
    "replica": {"syncSources": [{"endpoint": "redis://user:src-pass@10.0.0.1:6379", "encryption": True}]},
    "clustering": {"numberOfShards": 1, "regexRules": [{"ordinal": 1, "pattern": "(?<tag>.*)"}, {"ordinal": 0, "pattern": ".*\\{(?<tag>.*)\\}.*"}],
                   "hashingPolicy": "standard"},
    "security": {"enableDefaultUser": True, "password": "redis123456redis", "enableTls": False, "sourceIps": ["0.0.0.0/0"]},
    "modules": [{"id": 18536, "name": "RedisJSON", "capabilityName": "JSON", "version": "2.0.6", "parameters": []}],
    "alerts": [{"name": "dataset-size", "value": 80, "defaultValue": 80}],
}


def model(**params: Any) -> DatabaseModel:
    return DatabaseModel({"subscription_id": 1, "update_password": "always", **params})


def fields(differences: list[Difference]) -> list[str]:
    return [difference.field for difference in differences]


class TestCompare:
    def test_what_matches_the_read_back_is_no_change(self):
        same = model(name="orders", dataset_size_in_gb=2.0, replication=False, data_persistence="snapshot-every-1-hour",
                     throughput_measurement={"by": "operations-per-second", "value": 2500}, source_ips=["0.0.0.0/0"],
                     enable_default_user=True, modules=[{"name": "redisjson"}], alerts=[{"name": "dataset-size", "value": 80}],
                     redis_version="7.4", sharding_type="default-regex-rules", port=17571, password="redis123456redis",
                     regex_rules=[".*\\{(?<tag>.*)\\}.*", "(?<tag>.*)"], replica={"sync_sources": [{"endpoint": "redis://user:src-pass@10.0.0.1:6379"}]})
        assert same.differences(Current(copy.deepcopy(READ_BACK))) == []

    def test_in_place_changes_and_refused_ones_are_told_apart(self):
        differences = model(dataset_size_in_gb=5, source_ips=["10.0.0.0/16"], protocol="memcached", port=12000,
                            modules=[{"name": "RediSearch"}], sharding_type="custom-regex-rules").differences(Current(READ_BACK))
        assert {d.field: d.in_place for d in differences} == {
            "dataset_size_in_gb": True, "source_ips": True, "protocol": False, "port": False, "modules": False, "sharding_type": False}
        assert [d.current for d in differences if d.field == "port"] == [17571]

    # Issue 16: a later version read back (Redis Cloud upgrades minors itself, and at end of life) is no reason to act.
    @pytest.mark.parametrize(("desired", "differs"), [("7.4", False), ("7", False), ("7.4.2", False), ("7.2", False), ("6.2", False),
                                                      ("7.4.3", True), ("8.0", True), ("8", True)])
    def test_redis_version_compares_only_the_parts_given(self, desired, differs):
        assert ("redis_version" in fields(model(redis_version=desired).differences(Current(READ_BACK)))) is differs

    def test_fields_the_api_does_not_report_are_not_compared(self):
        assert model(average_item_size_in_bytes=1000, remote_backup={"active": True, "interval": "every-24-hours"},
                     client_tls_certificates=["PEM"]).differences(Current(READ_BACK)) == []


class TestRecordedNormalisations:
    """Issue 16: each rule of docs/dev/normalisation-evidence.md, on read-backs shaped like the recorded ones."""

    REDIS8 = {**READ_BACK, "redisVersion": "8.2", "modules": [{"name": name} for name in ("RediSearch", "RedisJSON", "RedisBloom", "RedisTimeSeries")]}

    def test_redis_8_lists_every_bundled_module_and_only_the_ones_asked_for_must_be_there(self):
        assert model(modules=[{"name": "RedisJSON"}]).differences(Current(self.REDIS8)) == []
        assert model(modules=[{"name": "redisjson"}, {"name": "RediSearch"}]).differences(Current(self.REDIS8)) == []
        [missing] = model(modules=[{"name": "RedisGraph"}]).differences(Current(self.REDIS8))
        assert (missing.field, missing.in_place) == ("modules", False)

    def test_before_redis_8_the_modules_are_compared_exactly(self):
        seven = {**self.REDIS8, "redisVersion": "7.4"}
        assert fields(model(modules=[{"name": "RedisJSON"}]).differences(Current(seven))) == ["modules"]

    @pytest.mark.parametrize(("wanted", "read_back", "differs"), [
        ("14:00", "02:00", False), ("02:00", "02:00", False), ("14:00", "14:00", False), ("15:00", "02:00", True)])
    def test_a_12_hourly_backup_reads_back_the_morning_hour(self, wanted, read_back, differs):
        database = {**READ_BACK, "backup": {"enableRemoteBackup": True, "interval": "every-12-hours", "timeUTC": read_back,
                                            "destination": "s3://bucket/path"}}
        backup = {"active": True, "interval": "every-12-hours", "time_utc": wanted, "storage_type": "aws-s3", "storage_path": "s3://bucket/path"}
        assert bool(model(remote_backup=backup).differences(Current(database))) is differs

    def test_a_24_hourly_backup_compares_the_hour_as_it_is(self):
        database = {**READ_BACK, "backup": {"enableRemoteBackup": True, "interval": "every-24-hours", "timeUTC": "02:00"}}
        assert fields(model(remote_backup={"active": True, "interval": "every-24-hours", "time_utc": "14:00"}).differences(
            Current(database))) == ["remote_backup"]

    def test_replica_sources_are_compared_as_replica_of_endpoints(self):
        recorded = {**READ_BACK, "replicaOf": {"endpoints": ["redis://10.0.0.2:6379", "redis://10.0.0.1:6379"]}}
        del recorded["replica"]
        same = {"sync_sources": [{"endpoint": "redis://10.0.0.1:6379"}, {"endpoint": "redis://10.0.0.2:6379", "encryption": True}]}
        assert model(replica=same).differences(Current(recorded)) == []
        [changed] = model(replica={"sync_sources": [{"endpoint": "redis://10.0.0.3:6379"}]}).differences(Current(recorded))
        assert (changed.field, changed.in_place) == ("replica", True)
        not_a_replica = {**recorded, "replicaOf": None}
        assert fields(model(replica=same).differences(Current(not_a_replica))) == ["replica"]

    def test_client_certificates_compare_only_whether_there_are_any(self):
        with_auth = {**READ_BACK, "security": {**READ_BACK["security"], "tlsClientAuthentication": True}}
        assert model(client_tls_certificates=["PEM-A"]).differences(Current(with_auth)) == []
        assert fields(model(client_tls_certificates=["PEM-A"]).differences(Current({**with_auth, "security": {
            **READ_BACK["security"], "tlsClientAuthentication": False}}))) == ["client_tls_certificates"]

    def test_the_default_regex_rules_read_back_in_any_order_are_no_custom_rules(self):
        assert model(regex_rules=[]).differences(Current(READ_BACK)) == []

    def test_query_performance_factor_case_does_not_count(self):
        assert model(query_performance_factor="standard").differences(Current({**READ_BACK, "queryPerformanceFactor": "Standard"})) == []

    def test_only_custom_rules_or_not_is_told_from_the_hashing_policy(self):
        assert model(sharding_type="redis-oss-hashing").differences(Current(READ_BACK)) == []
        assert fields(model(sharding_type="custom-regex-rules").differences(Current(READ_BACK))) == ["sharding_type"]


class TestPassword:
    def test_always_compares_with_the_read_back_and_masks_both_sides(self):
        [difference] = model(password="a-new-password").differences(Current(READ_BACK))
        assert (difference.field, difference.secret, difference.in_place) == ("password", True, True)
        assert diff_for_display([difference]) == {"before": {"password": "********"}, "after": {"password": "********"}}

    def test_on_create_never_compares(self):
        assert model(password="a-new-password", update_password="on_create").differences(Current(READ_BACK)) == []

    def test_always_sends_it_when_the_api_does_not_report_it(self):
        unreported = copy.deepcopy(READ_BACK)
        del unreported["security"]["password"]
        assert fields(model(password="same").differences(Current(unreported))) == ["password"]

    def test_the_password_goes_into_the_failure_redaction(self):
        assert model(password="p4ss").secrets() == ("p4ss",) and model().secrets() == ()


class TestMasking:
    def test_every_password_of_a_read_back_is_masked_and_the_rest_kept(self):
        masked = mask_secrets({**READ_BACK, "security": {**READ_BACK["security"], "saslPassword": "mc-pass"}})
        assert masked["security"]["password"] == masked["security"]["saslPassword"] == "********"
        assert masked["replica"]["syncSources"][0]["endpoint"] == "redis://user:********@10.0.0.1:6379"
        assert masked["publicEndpoint"] == READ_BACK["publicEndpoint"] and masked["security"]["sourceIps"] == ["0.0.0.0/0"]
        for secret in ("redis123456redis", "mc-pass", "src-pass"):
            assert secret not in repr(masked)
        assert READ_BACK["security"]["password"] == "redis123456redis"  # a copy: the read-back itself is untouched

    def test_empty_and_non_string_values_are_not_secrets(self):
        assert mask_secrets({"password": "", "passwordSet": True, "nested": [{"secretKey": None}]}) == {
            "password": "", "passwordSet": True, "nested": [{"secretKey": None}]}

    def test_a_shown_create_body_masks_the_password(self):
        assert model().mask({"name": "x", "password": "p4ss"}) == {"name": "x", "password": "********"}


class TestTags:
    def test_the_recorded_shapes(self):
        assert tags_from_api({"tags": [{"key": "Team", "value": "Orders"}]}) == {"Team": "Orders"}
        assert tags_from_api({}) == {}  # a database that never had tags
        assert tags_from_api({"tags": "x"}) is None and tags_from_api([]) is None

    def test_case_does_not_count(self):
        assert tags_key({"Team": "Orders"}) == tags_key({"team": "orders"})


@pytest.mark.parametrize(("endpoint", "port"), [("host:17571", 17571), ("host", None), (None, None), ("host:x", None)])
def test_endpoint_port(endpoint, port):
    assert endpoint_port(endpoint) == port
