"""redis_cloud_database options against the vendored spec: every field covered, enums equal, every body valid."""

from __future__ import annotations

import pytest
from redis_cloud_simulator.spec import load_spec, validate_body

from ansible_collections.rediscloud.api.plugins.module_utils.engine.body import api_name
from ansible_collections.rediscloud.api.plugins.module_utils.resources import database_options as spec
from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database import DatabaseModel

# Fields of the requests that have no option, on purpose.
NOT_OFFERED = {
    "replicaOf",  # deprecated by the spec in favour of replica
    "periodicBackupPath",  # deprecated by the spec in favour of remoteBackup
    "clientSslCertificate",  # deprecated by the spec in favour of clientTlsCertificates
    "useExternalEndpointForOSSClusterApi", "localThroughputMeasurement", "saslUsername", "saslPassword",
}


def properties(schema: str) -> dict:
    return load_spec()["components"]["schemas"][schema]["properties"]


def full_params() -> dict:
    return {
        "name": "orders", "dataset_size_in_gb": 2.5, "throughput_measurement": {"by": "operations-per-second", "value": 25000},
        "query_performance_factor": "2x", "protocol": "redis", "replication": True, "data_persistence": "aof-every-1-second",
        "data_eviction_policy": "allkeys-lru", "redis_version": "7.4", "resp_version": "resp3",
        "modules": [{"name": "RedisJSON", "parameters": None}], "support_oss_cluster_api": False, "port": 12000,
        "source_ips": ["10.0.0.0/16"], "enable_tls": True, "client_tls_certificates": ["-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----"],
        "enable_default_user": False, "password": "s3cret-password", "update_password": "always",
        "alerts": [{"name": "dataset-size", "value": 80}],
        "remote_backup": {"active": True, "interval": "every-12-hours", "time_utc": "14:00", "storage_type": "aws-s3", "storage_path": "s3://b/p"},
        "replica": {"sync_sources": [{"endpoint": "redis://10.0.0.1:6379", "encryption": True, "server_cert": None}]},
        "tags": {"team": "orders"}, "sharding_type": "custom-regex-rules", "regex_rules": [".*\\{(?<tag>.*)\\}.*"],
        "average_item_size_in_bytes": 1000,
    }


def test_every_writable_field_of_the_create_and_update_requests_has_an_option_or_a_reason():
    offered = {api_name(option) for option in spec.BODY_OPTIONS} | {"name", "dryRun"}
    for schema in ("DatabaseCreateRequest", "DatabaseUpdateRequest"):
        writable = {field for field, value in properties(schema).items() if not value.get("readOnly")}
        assert writable - offered - NOT_OFFERED == set(), schema
    both = set(properties("DatabaseCreateRequest")) | set(properties("DatabaseUpdateRequest"))
    assert offered - both == set(), "options without a field in either request"


@pytest.mark.parametrize("option", ["protocol", "data_persistence", "data_eviction_policy", "resp_version", "sharding_type"])
def test_choices_are_the_spec_enums(option):
    enum = properties("DatabaseCreateRequest")[api_name(option)]["enum"]
    assert sorted(spec.DATABASE_OPTIONS[option]["choices"]) == sorted(enum)


def test_alert_names_and_throughput_units_are_the_spec_enums():
    schemas = load_spec()["components"]["schemas"]
    assert sorted(spec.ALERT_NAMES) == sorted(schemas["DatabaseAlertSpec"]["properties"]["name"]["enum"])
    assert sorted(spec.DATABASE_OPTIONS["throughput_measurement"]["options"]["by"]["choices"]) == sorted(
        schemas["DatabaseThroughputSpec"]["properties"]["by"]["enum"])


def test_the_create_body_of_every_option_validates_and_leaves_out_update_only_fields():
    body = spec.build_create_body(full_params())
    assert validate_body("DatabaseCreateRequest", body) == []
    assert validate_body("DatabaseCreateRequest", {**body, "dryRun": True}) == []
    assert "enableDefaultUser" not in body and "regexRules" not in body and "tags" not in body
    assert body["sourceIp"] == ["10.0.0.0/16"]
    assert body["clientTlsCertificates"] == [{"publicCertificatePEMString": full_params()["client_tls_certificates"][0]}]
    assert body["remoteBackup"] == {"active": True, "interval": "every-12-hours", "timeUTC": "14:00", "storageType": "aws-s3",
                                    "storagePath": "s3://b/p"}
    assert body["replica"] == {"syncSources": [{"endpoint": "redis://10.0.0.1:6379", "encryption": True}]}


def test_an_update_body_of_every_in_place_option_validates():
    params = full_params()
    model = DatabaseModel(params)
    in_place = [field.option for field in model.fields if field.in_place and field.option in params and field.option != "redis_version"]
    differences = [Difference(option, None, params[option], in_place=True) for option in in_place + ["password"]]
    body = model.update_body(differences, Current({}))
    assert validate_body("DatabaseUpdateRequest", body) == []
    assert validate_body("DatabaseUpdateRequest", {**body, "dryRun": True}) == []
    assert set(body) >= {"datasetSizeInGb", "enableDefaultUser", "regexRules", "password", "sourceIp"}


def test_immutable_options_never_reach_an_update_body():
    model = DatabaseModel(full_params())
    immutable = {field.option for field in model.fields if not field.in_place}
    assert immutable == {"protocol", "port", "modules", "sharding_type", "average_item_size_in_bytes"}
    for option in immutable:
        assert api_name(option) not in properties("DatabaseUpdateRequest")


def test_upgrade_and_tags_bodies_validate():
    assert validate_body("DatabaseUpgradeRedisVersionRequest", {"targetRedisVersion": "7.4"}) == []
    assert validate_body("DatabaseTagsUpdateRequest", {"tags": [{"key": "team", "value": "orders"}]}) == []
