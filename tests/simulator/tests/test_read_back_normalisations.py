# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the API does to what it was given, as the simulator plays it (docs/dev/normalisation-evidence.md):
Redis 8 modules, the 12-hour backup time, replicaOf, client certificates, server-added values, status phases,
a task error's additionalInfo and the subscription's networking read-back."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import TEST_CONFIG, WRITE_TASK_SECONDS, Api
from redis_cloud_simulator.catalog import BUNDLED_MODULES_ORDER

PROVISIONING = TEST_CONFIG["database_provisioning_seconds"]
CHANGE = TEST_CONFIG["database_change_seconds"]
BASE = {"name": "cache", "datasetSizeInGb": 1, "throughputMeasurement": {"by": "operations-per-second", "value": 1000}}
PEM = "-----BEGIN CERTIFICATE-----\nMIIBclientcertificate\n-----END CERTIFICATE-----"


def _path(subscription_id: int, database_id: int | None = None, tail: str = "") -> str:
    base = f"/subscriptions/{subscription_id}/databases"
    return base if database_id is None else f"{base}/{database_id}{tail}"


def _database(api: Api, subscription_id: int, **fields: Any) -> int:
    """Create a database and run the clock until it is active; returns its id."""
    done = api.finished_task(api.post(_path(subscription_id), {**BASE, **fields}))
    assert done["status"] == "processing-completed", done
    api.wait(PROVISIONING)
    return done["response"]["resourceId"]


def _read(api: Api, subscription_id: int, database_id: int) -> dict[str, Any]:
    answer = api.get(_path(subscription_id, database_id))
    assert answer.status_code == 200, answer.text
    return answer.json()


def _update(api: Api, subscription_id: int, database_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    done = api.finished_task(api.put(_path(subscription_id, database_id), changes))
    assert done["status"] == "processing-completed", done
    api.wait(CHANGE)
    return _read(api, subscription_id, database_id)


# -- Redis 8 modules -------------------------------------------------------------------------------

@pytest.mark.parametrize("asked", [[], [{"name": "RedisJSON"}]])
def test_redis_8_database_lists_every_bundled_module(api: Api, asked: list[dict[str, str]]) -> None:
    subscription_id = api.create_active_subscription()
    database_id = _database(api, subscription_id, redisVersion="8.2", modules=asked)
    modules = _read(api, subscription_id, database_id)["modules"]
    assert [module["name"] for module in modules] == list(BUNDLED_MODULES_ORDER)
    assert {module["version"] for module in modules} == {"8.2.0"}


def test_redis_8_modules_as_created_is_the_other_reading(start_api) -> None:
    api = start_api(redis8_modules="as_created")
    subscription_id = api.create_active_subscription()
    database_id = _database(api, subscription_id, redisVersion="8.2", modules=[{"name": "RedisJSON"}])
    assert [module["name"] for module in _read(api, subscription_id, database_id)["modules"]] == ["RedisJSON"]


def test_upgrade_from_7_to_8_makes_every_bundled_module_listed(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    database_id = _database(api, subscription_id, redisVersion="7.4", modules=[{"name": "RedisJSON"}])
    assert [module["name"] for module in _read(api, subscription_id, database_id)["modules"]] == ["RedisJSON"]
    api.finished_task(api.post(_path(subscription_id, database_id, "/upgrade"), {"targetRedisVersion": "8.2"}))
    upgrading = _read(api, subscription_id, database_id)
    assert (upgrading["status"], [m["name"] for m in upgrading["modules"]]) == ("active-upgrade-pending", ["RedisJSON"])
    api.wait(CHANGE)
    upgraded = _read(api, subscription_id, database_id)
    assert (upgraded["status"], upgraded["redisVersion"]) == ("active", "8.2")
    assert [module["name"] for module in upgraded["modules"]] == list(BUNDLED_MODULES_ORDER)


# -- remote backup ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("interval", "time_utc", "read_back"), [
    ("every-12-hours", "14:00", "02:00"),
    ("every-12-hours", "23:30", "11:30"),
    ("every-12-hours", "09:00", "09:00"),
    ("every-24-hours", "14:00", "14:00"),
])
def test_twelve_hourly_backup_at_an_afternoon_hour_reads_back_the_morning_hour(
        api: Api, interval: str, time_utc: str, read_back: str) -> None:
    subscription_id = api.create_active_subscription()
    backup = {"active": True, "interval": interval, "timeUTC": time_utc, "storageType": "aws-s3", "storagePath": "s3://b/p"}
    database_id = _database(api, subscription_id, remoteBackup=backup)
    # storageType is not read back (Terraform's FlattenBackupPlan keeps it from its own state).
    assert _read(api, subscription_id, database_id)["backup"] == {
        "enableRemoteBackup": True, "interval": interval, "timeUTC": read_back, "destination": "s3://b/p"}


def test_backup_time_as_set_is_the_other_reading(start_api) -> None:
    api = start_api(backup_12_hour_time="as_set")
    subscription_id = api.create_active_subscription()
    backup = {"active": True, "interval": "every-12-hours", "timeUTC": "14:00", "storageType": "aws-s3", "storagePath": "s3://b"}
    database_id = _database(api, subscription_id, remoteBackup=backup)
    assert _read(api, subscription_id, database_id)["backup"]["timeUTC"] == "14:00"


# -- replica and certificates ----------------------------------------------------------------------

def test_replica_sources_read_back_as_replica_of_endpoints(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    plain_id = _database(api, subscription_id, name="plain")
    sources = [{"endpoint": "redis://source-1.example.com:12000", "encryption": True, "serverCert": PEM},
               {"endpoint": "redis://source-2.example.com:12001"}]
    replica_id = _database(api, subscription_id, name="copy", replica={"syncSources": sources})
    plain, replica = _read(api, subscription_id, plain_id), _read(api, subscription_id, replica_id)
    assert plain["replicaOf"] is None and "replica" not in plain
    assert replica["replicaOf"] == {"endpoints": ["redis://source-1.example.com:12000", "redis://source-2.example.com:12001"]}
    # Neither the sources' encryption nor their certificates come back.
    assert "replica" not in replica and PEM not in json.dumps(replica)
    stopped = _update(api, subscription_id, replica_id, {"replica": {"syncSources": []}})
    assert stopped["replicaOf"] is None


def test_older_replica_of_list_reads_back_the_same_way(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    database_id = _database(api, subscription_id, replicaOf=["redis://source.example.com:12000"])
    assert _read(api, subscription_id, database_id)["replicaOf"] == {"endpoints": ["redis://source.example.com:12000"]}
    moved = _update(api, subscription_id, database_id, {"replica": {"syncSources": [{"endpoint": "redis://other:1"}]}})
    assert moved["replicaOf"] == {"endpoints": ["redis://other:1"]}


def test_replica_as_the_spec_example_is_the_other_reading(start_api) -> None:
    api = start_api(replica_read_back="spec_example")
    subscription_id = api.create_active_subscription()
    sources = [{"endpoint": "redis://source.example.com:12000", "encryption": True}]
    database_id = _database(api, subscription_id, replica={"syncSources": sources})
    body = _read(api, subscription_id, database_id)
    assert body["replica"] == {"syncSources": sources} and "replicaOf" not in body


def test_client_certificates_read_back_only_as_booleans(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    database_id = _database(api, subscription_id, enableTls=True, clientTlsCertificates=[{"publicCertificatePEMString": PEM}])
    body = _read(api, subscription_id, database_id)
    assert (body["security"]["enableTls"], body["security"]["tlsClientAuthentication"]) == (True, True)
    assert "clientTlsCertificates" not in body["security"] and PEM not in json.dumps(body)


# -- values the server adds ------------------------------------------------------------------------

def test_created_without_alerts_reads_back_the_default_alert_but_not_after_alerts_are_cleared(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    database_id = _database(api, subscription_id)
    assert _read(api, subscription_id, database_id)["alerts"] == [
        {"id": f"{database_id}-1", "name": "dataset-size", "value": 80, "defaultValue": 80}]
    assert _update(api, subscription_id, database_id, {"alerts": []})["alerts"] == []
    none_asked = _database(api, subscription_id, name="quiet", alerts=[])
    assert _read(api, subscription_id, none_asked)["alerts"] == []


def test_no_default_alert_is_the_other_reading(start_api) -> None:
    api = start_api(default_alerts="none")
    subscription_id = api.create_active_subscription()
    assert _read(api, subscription_id, _database(api, subscription_id))["alerts"] == []


@pytest.mark.parametrize(("version", "resp"), [("6.2", "resp2"), ("7.2", "resp2"), ("7.4", "resp3"), ("8.2", "resp3")])
def test_defaults_read_back_resp_version_by_redis_version_and_standard_query_factor(api: Api, version: str, resp: str) -> None:
    subscription_id = api.create_active_subscription()
    body = _read(api, subscription_id, _database(api, subscription_id, redisVersion=version))
    assert (body["redisVersion"], body["redisVersionCompliance"], body["respVersion"]) == (version, f"{version}.0", resp)
    assert body["queryPerformanceFactor"] == "Standard"


# -- status phases ---------------------------------------------------------------------------------

def test_support_oss_cluster_api_change_goes_through_proxy_policy_statuses(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    database_id = _database(api, subscription_id)
    api.finished_task(api.put(_path(subscription_id, database_id), {"supportOSSClusterApi": True}))
    seen = [_read(api, subscription_id, database_id)["status"]]
    api.wait(CHANGE / 2)
    seen.append(_read(api, subscription_id, database_id)["status"])
    api.wait(CHANGE / 2)
    seen.append(_read(api, subscription_id, database_id)["status"])
    assert seen == ["proxy-policy-change-draft", "proxy-policy-change-pending", "active"]


def test_status_phases_are_configurable(start_api) -> None:
    api = start_api(database_status_phases={"create": ["pending"]})
    subscription_id = api.create_active_subscription()
    done = api.finished_task(api.post(_path(subscription_id), BASE))
    database_id = done["response"]["resourceId"]
    seen = set()
    for dummy in range(9):
        seen.add(_read(api, subscription_id, database_id)["status"])
        api.wait(PROVISIONING / 10)
    assert seen == {"pending"}
    # Only the kinds given are replaced.
    assert api.control("GET", "config")["database_status_phases"]["update"] == [
        "active-change-draft", "active-change-pending", "bdb-update-pending"]


@pytest.mark.parametrize(("phases", "reason"), [
    ({"resize": ["pending"]}, "unknown change kind 'resize'"),
    ({"create": []}, "non-empty list"),
    ({"update": ["active"]}, "other than active"),
])
def test_bad_status_phases_are_refused(api: Api, phases: dict[str, Any], reason: str) -> None:
    answer = api.session.put(f"{api.root_url}/_simulator/config", json={"database_status_phases": phases}, timeout=10)
    assert answer.status_code == 400 and reason in answer.json()["error"]


# -- a task error's additionalInfo -----------------------------------------------------------------

def test_task_error_fault_can_carry_additional_info(api: Api) -> None:
    api.configure(faults=[{"kind": "task_error", "method": "POST", "path": "/v1/subscriptions", "count": 1,
                           "error_type": "GENERAL_ERROR", "error_status": 500,
                           "description": "General error occurred. Please contact Redis Labs support with your task ID",
                           "additional_info": "rcp-cannot-provision-without-plan"}])
    failed = api.finished_task(api.post("/subscriptions", {
        "name": "gcp", "paymentMethodId": 2001,
        "cloudProviders": [{"provider": "GCP", "regions": [{"region": "us-central1"}]}],
        "databases": [{"name": "db", "datasetSizeInGb": 1}]}), 1 + 5 + 0.5)
    assert failed["status"] == "processing-error"
    # Beside the error, not inside it (terraform-provider-rediscloud issue #83).
    assert failed["response"]["error"] == {"type": "GENERAL_ERROR", "status": "500 INTERNAL_SERVER_ERROR",
                                           "description": "General error occurred. Please contact Redis Labs support with your task ID"}
    assert failed["response"]["additionalInfo"] == "rcp-cannot-provision-without-plan"


def test_task_error_without_additional_info_has_none(api: Api) -> None:
    api.configure(faults=[{"kind": "task_error", "method": "POST", "count": 1}])
    failed = api.finished_task(api.post("/subscriptions", {
        "name": "x", "paymentMethodId": 2001, "cloudProviders": [{"provider": "AWS", "regions": [{"region": "us-east-1"}]}],
        "databases": [{"name": "db", "datasetSizeInGb": 1}]}), 1 + 5 + 0.5)
    assert failed["status"] == "processing-error" and "additionalInfo" not in failed["response"]


def test_additional_info_must_be_a_string(api: Api) -> None:
    answer = api.session.put(f"{api.root_url}/_simulator/config",
                             json={"faults": [{"kind": "task_error", "count": 1, "additional_info": 7}]}, timeout=10)
    assert answer.status_code == 400 and "additional_info" in answer.json()["error"]


# -- the subscription's networking read-back -------------------------------------------------------

def test_region_without_zones_reads_back_the_zones_the_api_chose_and_no_vpc_unless_named(api: Api) -> None:
    regions = [{"region": "eu-west-1", "networking": {"deploymentCIDR": "10.0.0.0/24"}},
               {"region": "us-east-1", "preferredAvailabilityZones": ["use1-az4"],
                "networking": {"deploymentCIDR": "10.0.1.0/24", "vpcId": "vpc-0abc", "securityGroupId": "sg-0abc"}}]
    subscription_id = api.create_active_subscription(cloudProviders=[{"provider": "AWS", "cloudAccountId": 2, "regions": regions}])
    chosen, given = api.get(f"/subscriptions/{subscription_id}").json()["cloudDetails"][0]["regions"]
    assert chosen["preferredAvailabilityZones"] == ["eu-west-1a"]
    assert [set(entry) for entry in chosen["networking"]] == [{"deploymentCIDR", "subnetId"}]
    assert given["preferredAvailabilityZones"] == ["use1-az4"]
    assert [(entry["vpcId"], entry["securityGroupId"]) for entry in given["networking"]] == [("vpc-0abc", "sg-0abc")]


def test_redis_8_2_is_a_version_a_database_can_be_created_with(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    done = api.finished_task(api.post(_path(subscription_id), {**BASE, "redisVersion": "8.2"}), WRITE_TASK_SECONDS)
    assert done["status"] == "processing-completed", done
