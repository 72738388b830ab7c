# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pro databases: create, update, upgrade, delete, read-back, paging, refusals and faults."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from conftest import TEST_CONFIG, WRITE_TASK_SECONDS, Api
from redis_cloud_simulator.spec import validate_body

PROVISIONING = TEST_CONFIG["database_provisioning_seconds"]
CHANGE = TEST_CONFIG["database_change_seconds"]
DATABASE = {"name": "sessions", "datasetSizeInGb": 2, "replication": True,
            "throughputMeasurement": {"by": "operations-per-second", "value": 10000}}


@pytest.fixture
def subscription_id(api: Api) -> int:
    return api.create_active_subscription()


def _path(subscription_id: int, database_id: int | None = None, tail: str = "") -> str:
    base = f"/subscriptions/{subscription_id}/databases"
    return base if database_id is None else f"{base}/{database_id}{tail}"


def _create(api: Api, subscription_id: int, **overrides: Any) -> dict[str, Any]:
    """POST a database and run the clock until its task ended; returns the task."""
    body = {key: value for key, value in {**DATABASE, **overrides}.items() if value is not None}  # None: leave it out
    answer = api.post(_path(subscription_id), body)
    assert answer.status_code == 202, answer.text
    assert answer.json()["commandType"] == "databaseCreateRequest"
    return api.finished_task(answer)


def _active_database(api: Api, subscription_id: int, **overrides: Any) -> int:
    done = _create(api, subscription_id, **overrides)
    assert done["status"] == "processing-completed", done
    api.wait(PROVISIONING)
    return done["response"]["resourceId"]


def _status(api: Api, subscription_id: int, database_id: int | None = None) -> str:
    path = f"/subscriptions/{subscription_id}" if database_id is None else _path(subscription_id, database_id)
    return api.get(path).json()["status"]


def test_create_provisions_then_active_and_holds_the_subscription_pending(api: Api, subscription_id: int) -> None:
    done = _create(api, subscription_id)
    assert done["status"] == "processing-completed"
    database_id = done["response"]["resourceId"]
    assert done["response"] == {"resourceId": database_id}
    # The create's status phases (config database_status_phases), a third of the provisioning each.
    assert (_status(api, subscription_id, database_id), _status(api, subscription_id)) == ("draft", "pending")
    task_end = 1 + 2  # received, then processing: finished_task waited WRITE_TASK_SECONDS
    since_task_end = WRITE_TASK_SECONDS - task_end
    api.wait(PROVISIONING / 3 - since_task_end + 0.1)
    assert (_status(api, subscription_id, database_id), _status(api, subscription_id)) == ("pending", "pending")
    api.wait(PROVISIONING / 3)
    assert _status(api, subscription_id, database_id) == "dynamic-endpoints-creation-pending"
    api.wait(PROVISIONING / 3 - 0.2)
    assert (_status(api, subscription_id, database_id), _status(api, subscription_id)) == ("dynamic-endpoints-creation-pending", "pending")
    api.wait(0.1)
    assert (_status(api, subscription_id, database_id), _status(api, subscription_id)) == ("active", "active")
    assert database_id in api.database_ids(subscription_id)


def test_read_back_carries_every_field_and_the_password(api: Api, subscription_id: int) -> None:
    database_id = _active_database(api, subscription_id, password="Sup3r-secret", sourceIp=["10.0.0.0/24"],
                                   enableTls=True, dataPersistence="aof-every-1-second", dataEvictionPolicy="allkeys-lru",
                                   respVersion="resp3", redisVersion="7.2", port=12000,
                                   alerts=[{"name": "dataset-size", "value": 80}],
                                   modules=[{"name": "RedisJSON"}], queryPerformanceFactor="2x",
                                   remoteBackup={"active": True, "interval": "every-12-hours", "storagePath": "s3://b"})
    body = api.get(_path(subscription_id, database_id)).json()
    assert validate_body("Database", body, direction="response") == []
    assert {key: body[key] for key in ("databaseId", "name", "protocol", "status", "datasetSizeInGb", "memoryLimitInGb",
                                       "replication", "dataPersistence", "dataEvictionPolicy", "redisVersion",
                                       "redisVersionCompliance", "respVersion", "queryPerformanceFactor")} == {
        "databaseId": database_id, "name": "sessions", "protocol": "redis", "status": "active", "datasetSizeInGb": 2.0,
        "memoryLimitInGb": 4.0, "replication": True, "dataPersistence": "aof-every-1-second",
        "dataEvictionPolicy": "allkeys-lru", "redisVersion": "7.2", "redisVersionCompliance": "7.2.0",
        "respVersion": "resp3", "queryPerformanceFactor": "2x"}
    assert body["throughputMeasurement"] == {"by": "operations-per-second", "value": 10000}
    assert body["publicEndpoint"] == f"redis-12000.c{subscription_id}.us-east-1-mz.ec2.cloud.rlrcp.com:12000"
    assert body["privateEndpoint"] == f"redis-12000.internal.c{subscription_id}.us-east-1-mz.ec2.cloud.rlrcp.com:12000"
    assert body["security"] == {"enableDefaultUser": True, "password": "Sup3r-secret", "sslClientAuthentication": False,
                                "tlsClientAuthentication": False, "enableTls": True, "sourceIps": ["10.0.0.0/24"]}
    assert body["alerts"] == [{"id": f"{database_id}-1", "name": "dataset-size", "value": 80, "defaultValue": 80}]
    assert [(m["name"], m["capabilityName"]) for m in body["modules"]] == [("RedisJSON", "JSON")]
    assert body["clustering"]["hashingPolicy"] == "standard" and len(body["clustering"]["regexRules"]) == 2
    assert body["backup"] == {"enableRemoteBackup": True, "interval": "every-12-hours", "destination": "s3://b"}


def test_generated_password_is_read_back_and_shown_in_state(api: Api, subscription_id: int) -> None:
    database_id = _active_database(api, subscription_id)
    password = api.get(_path(subscription_id, database_id)).json()["security"]["password"]
    assert len(password) == 32 and password.isalnum()
    [state] = [db for db in api.control("GET", "state")["databases"] if db["id"] == database_id]
    assert (state["password"], state["status"], state["port"]) == (password, "active", state["port"])
    assert state["spec"]["name"] == "sessions" and "password" not in state["spec"]


def test_memcached_reads_back_sasl_credentials(api: Api, subscription_id: int) -> None:
    database_id = _active_database(api, subscription_id, protocol="memcached", saslUsername="app", saslPassword="mc-pass-1")
    security = api.get(_path(subscription_id, database_id)).json()["security"]
    assert (security["saslUsername"], security["saslPassword"]) == ("app", "mc-pass-1") and "password" not in security


def test_new_database_is_readable_and_listed_after_the_lags(start_api) -> None:
    api = start_api(database_not_found_seconds=3.0, database_not_listed_seconds=6.0)
    subscription_id = api.create_active_subscription()
    done = _create(api, subscription_id)
    database_id = done["response"]["resourceId"]
    api.wait(2.999 - (WRITE_TASK_SECONDS - 3))  # 2.999 s after the task completed
    assert api.get(_path(subscription_id, database_id)).status_code == 404
    api.wait(0.001)
    assert api.get(_path(subscription_id, database_id)).status_code == 200
    assert database_id not in api.database_ids(subscription_id)
    api.wait(3)
    assert database_id in api.database_ids(subscription_id)


def test_dry_run_create_prices_and_creates_nothing(api: Api, subscription_id: int) -> None:
    done = _create(api, subscription_id, dryRun=True)
    assert done["status"] == "processing-completed" and "resourceId" not in done["response"]
    assert done["response"]["resource"]["pricing"] == [
        {"databaseName": "sessions", "type": "Shards", "typeDetails": "small", "quantity": 2, "quantityMeasurement": "shards",
         "pricePerUnit": 0.156, "priceCurrency": "USD", "pricePeriod": "hour"},
        {"type": "MinimumPrice", "quantity": 1, "quantityMeasurement": "subscription", "pricePerUnit": 0.881,
         "priceCurrency": "USD", "pricePeriod": "hour"}]
    assert len(api.control("GET", "state")["databases"]) == 1  # the creation plan's only
    assert _status(api, subscription_id) == "active"


def test_create_on_a_pending_subscription_fails_its_task(api: Api, subscription_id: int) -> None:
    _create(api, subscription_id, name="first")
    refused = _create(api, subscription_id, name="second")
    assert refused["status"] == "processing-error"
    assert refused["response"]["error"]["type"] == "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS"
    assert [db["name"] for db in api.control("GET", "state")["databases"]] == ["orders-cache", "first"]


def test_create_on_a_pending_subscription_as_http_400_when_configured(start_api) -> None:
    api = start_api(not_active_error="http")
    subscription_id = api.create_active_subscription()
    _create(api, subscription_id, name="first")
    refused = api.post(_path(subscription_id), {**DATABASE, "name": "second"})
    assert refused.status_code == 400
    assert refused.json()["error"]["type"] == "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS"


def test_create_on_a_subscription_being_deleted_is_not_active(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    [database_id] = api.database_ids(subscription_id)
    api.finished_task(api.delete(_path(subscription_id, database_id)))
    api.wait(TEST_CONFIG["database_deletion_seconds"])
    api.finished_task(api.delete(f"/subscriptions/{subscription_id}"))
    refused = _create(api, subscription_id)
    assert refused["response"]["error"]["type"] == "SUBSCRIPTION_NOT_ACTIVE"


def test_paced_creates_succeed_one_after_another(api: Api, subscription_id: int) -> None:
    ids = []
    for name in ("one", "two", "three"):
        done = _create(api, subscription_id, name=name)
        assert done["status"] == "processing-completed", done
        ids.append(done["response"]["resourceId"])
        api.wait(PROVISIONING)
    assert api.database_ids(subscription_id)[1:] == ids


def test_duplicate_name_and_port_fail_the_task(api: Api, subscription_id: int) -> None:
    _active_database(api, subscription_id, port=15000)
    assert _create(api, subscription_id)["response"]["error"]["type"] == "DATABASE_NAME_EXISTS"
    assert _create(api, subscription_id, name="other", port=15000)["response"]["error"]["type"] == "DATABASE_PORT_IS_UNAVAILABLE"
    assert _create(api, subscription_id, name="old", redisVersion="5.0")["response"]["error"]["type"] == (
        "DATABASE_REDIS_VERSION_IS_NOT_SUPPORTED")


@pytest.mark.parametrize(("body", "error_type", "description"), [
    ({"datasetSizeInGb": 1}, "BAD_REQUEST", "body: 'name' is a required property"),
    ({"name": "a", "enableDefaultUser": False}, "UNRECOGNIZED_FIELD", "Unrecognized field 'enableDefaultUser'"),
    ({"name": "a", "regexRules": [".*"]}, "UNRECOGNIZED_FIELD", "Unrecognized field 'regexRules'"),
    ({"name": "a", "subscriptionId": 1}, "UNRECOGNIZED_FIELD", "Unrecognized field 'subscriptionId'"),
    ({"name": "a", "protocol": "http"}, "BAD_REQUEST", "protocol: 'http' is not one of ['redis', 'memcached']"),
    ({"name": "-a"}, "DATABASE_INVALID_NAME",
     "body.name '-a': up to 40 letters, digits and hyphens, starting with a letter and ending with a letter or digit"),
    ({"name": "a", "port": 9000}, "DATABASE_PORT_INVALID_VALUE", "port 9000 must be between 10000 and 19999"),
    ({"name": "a", "modules": [{"name": "RedisGraph"}]}, "DATABASE_INVALID_MODULE",
     "body.modules: 'RedisGraph' is not one of RedisJSON, RediSearch, RedisBloom, RedisTimeSeries"),
    ({"name": "a", "modules": [{"name": "RedisJSON"}, {"name": "RedisJSON"}]}, "DATABASE_MODULE_MUST_BE_DEFINED_ONCE",
     "body.modules: each module may be listed once"),
    ({"name": "a", "protocol": "memcached", "modules": [{"name": "RedisJSON"}]}, "DATABASE_MEMCACHED_CONTAINS_MODULES",
     "body: a memcached database has no modules"),
    ({"name": "a", "protocol": "memcached", "password": "x"}, "DATABASE_MEMCACHED_CONTAINS_REDIS_PASSWORD",
     "a memcached database takes saslPassword, not password"),
    ({"name": "a", "datasetSizeInGb": 1, "memoryLimitInGb": 2}, "DATABASE_SIZE_LIMIT_INVALID_TOO_MANY_MEMORY_SPECIFICATIONS",
     "body: set datasetSizeInGb or memoryLimitInGb, not both"),
])
def test_invalid_create_body_answers_400(api: Api, subscription_id: int, body: dict[str, Any], error_type: str,
                                         description: str) -> None:
    answer = api.post(_path(subscription_id), body)
    assert answer.status_code == 400
    assert answer.json() == {"error": {"type": error_type, "status": 400, "description": description}}
    assert [t["commandType"] for t in api.control("GET", "state")["tasks"]] == ["subscriptionCreateRequest"]


# -- update ----------------------------------------------------------------------------------------

def test_update_changes_in_place_through_active_change_pending(api: Api, subscription_id: int) -> None:
    database_id = _active_database(api, subscription_id)
    changes = {"datasetSizeInGb": 5, "password": "N3w-password", "sourceIp": ["10.1.0.0/16"], "enableDefaultUser": True,
               "regexRules": [".*\\{(?<tag>.*)\\}.*", "(?<tag>.*)"], "alerts": [{"name": "throughput-higher-than", "value": 5000}],
               "name": "sessions-v2", "replication": False}
    done = api.finished_task(api.put(_path(subscription_id, database_id), changes))
    assert done["commandType"] == "databaseUpdateRequest" and done["status"] == "processing-completed"
    assert done["response"] == {"resourceId": database_id, "additionalResourceId": subscription_id}
    # The update's status phases, a third of the change each.
    assert (_status(api, subscription_id, database_id), _status(api, subscription_id)) == ("active-change-draft", "pending")
    api.wait(CHANGE / 3)
    assert _status(api, subscription_id, database_id) == "active-change-pending"
    api.wait(CHANGE / 3)
    assert _status(api, subscription_id, database_id) == "bdb-update-pending"
    api.wait(CHANGE / 3)
    body = api.get(_path(subscription_id, database_id)).json()
    assert (body["status"], _status(api, subscription_id)) == ("active", "active")
    assert (body["name"], body["datasetSizeInGb"], body["memoryLimitInGb"], body["replication"]) == ("sessions-v2", 5.0, 5.0, False)
    assert (body["security"]["password"], body["security"]["sourceIps"]) == ("N3w-password", ["10.1.0.0/16"])
    assert body["alerts"] == [{"id": f"{database_id}-1", "name": "throughput-higher-than", "value": 5000}]
    assert body["clustering"]["hashingPolicy"] == "custom"
    # Read back out of ordinal order, as recorded: ordinal 1 first.
    assert body["clustering"]["regexRules"] == [{"ordinal": 1, "pattern": changes["regexRules"][1]},
                                                {"ordinal": 0, "pattern": changes["regexRules"][0]}]


def test_update_from_memory_limit_to_dataset_size_keeps_one_size(api: Api, subscription_id: int) -> None:
    database_id = _active_database(api, subscription_id, datasetSizeInGb=None, memoryLimitInGb=4)
    api.finished_task(api.put(_path(subscription_id, database_id), {"datasetSizeInGb": 3}))
    api.wait(CHANGE)
    body = api.get(_path(subscription_id, database_id)).json()
    assert (body["datasetSizeInGb"], body["memoryLimitInGb"]) == (3.0, 6.0)


def test_dry_run_update_prices_the_change_and_changes_nothing(api: Api, subscription_id: int) -> None:
    database_id = _active_database(api, subscription_id)
    done = api.finished_task(api.put(_path(subscription_id, database_id), {"dryRun": True, "datasetSizeInGb": 30}))
    assert done["response"]["resource"]["pricing"][0] == {
        "databaseName": "sessions", "type": "Shards", "typeDetails": "large", "quantity": 4, "quantityMeasurement": "shards",
        "pricePerUnit": 0.293, "priceCurrency": "USD", "pricePeriod": "hour"}
    assert api.get(_path(subscription_id, database_id)).json()["datasetSizeInGb"] == 2.0
    assert _status(api, subscription_id, database_id) == "active"


@pytest.mark.parametrize("field", [{"protocol": "memcached"}, {"port": 12345}, {"modules": [{"name": "RedisJSON"}]},
                                   {"shardingType": "redis-oss-hashing"}, {"averageItemSizeInBytes": 100}])
def test_fields_fixed_at_create_are_refused_in_an_update(api: Api, subscription_id: int, field: dict[str, Any]) -> None:
    database_id = _active_database(api, subscription_id)
    answer = api.put(_path(subscription_id, database_id), {"datasetSizeInGb": 3, **field})
    assert answer.status_code == 400
    assert answer.json() == {"error": {"type": "UNRECOGNIZED_FIELD", "status": 400,
                                       "description": f"Unrecognized field '{next(iter(field))}'"}}


def test_password_cannot_change_while_the_default_user_is_disabled(api: Api, subscription_id: int) -> None:
    database_id = _active_database(api, subscription_id)
    api.finished_task(api.put(_path(subscription_id, database_id), {"enableDefaultUser": False}))
    api.wait(CHANGE)
    assert api.get(_path(subscription_id, database_id)).json()["security"]["enableDefaultUser"] is False
    refused = api.finished_task(api.put(_path(subscription_id, database_id), {"password": "x-Y-z-123"}))
    assert refused["response"]["error"]["type"] == "NOT_ALLOWED_TO_UPDATE_A_DATABASE_PASSWORD_WHEN_DEFAULT_USER_IS_DISABLED"


def test_update_of_a_database_being_changed_is_refused(api: Api, subscription_id: int) -> None:
    database_id = _active_database(api, subscription_id)
    api.finished_task(api.put(_path(subscription_id, database_id), {"datasetSizeInGb": 3}))
    refused = api.finished_task(api.put(_path(subscription_id, database_id), {"datasetSizeInGb": 4}))
    assert refused["response"]["error"]["type"] == "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS"


# -- upgrade ---------------------------------------------------------------------------------------

def test_upgrade_redis_version(api: Api, subscription_id: int) -> None:
    database_id = _active_database(api, subscription_id, redisVersion="7.2")
    done = api.finished_task(api.post(_path(subscription_id, database_id, "/upgrade"), {"targetRedisVersion": "7.4"}))
    assert (done["commandType"], done["status"]) == ("databaseUpgradeRequest", "processing-completed")
    body = api.get(_path(subscription_id, database_id)).json()
    assert (body["status"], body["redisVersion"]) == ("active-upgrade-pending", "7.2")
    status = api.get(_path(subscription_id, database_id, "/upgrade")).json()
    assert (status["upgradeStatus"], status["targetRedisVersion"]) == ("in-progress", "7.4")
    assert validate_body("BdbVersionUpgradeStatus", status, direction="response") == []
    api.wait(CHANGE)
    body = api.get(_path(subscription_id, database_id)).json()
    assert (body["status"], body["redisVersion"], body["redisVersionCompliance"]) == ("active", "7.4", "7.4.0")
    assert api.get(_path(subscription_id, database_id, "/upgrade")).json() == {
        "databaseId": database_id, "targetRedisVersion": "7.4", "progress": 100.0, "upgradeStatus": "done"}


@pytest.mark.parametrize("target", ["7.2", "6.2", "9.9"])
def test_upgrade_to_an_older_same_or_unknown_version_fails(api: Api, subscription_id: int, target: str) -> None:
    database_id = _active_database(api, subscription_id, redisVersion="7.2")
    failed = api.finished_task(api.post(_path(subscription_id, database_id, "/upgrade"), {"targetRedisVersion": target}))
    assert failed["response"]["error"]["type"] == "DATABASE_UPGRADE_INVALID_REDIS_VERSION"


def test_upgrade_body_is_checked(api: Api, subscription_id: int) -> None:
    database_id = _active_database(api, subscription_id)
    answer = api.post(_path(subscription_id, database_id, "/upgrade"), {"redisVersion": "8.0"})
    assert answer.status_code == 400 and answer.json()["error"]["type"] == "UNRECOGNIZED_FIELD"


# -- listing -----------------------------------------------------------------------------------------

def test_listing_validates_and_pages(api: Api, subscription_id: int) -> None:
    created = [_active_database(api, subscription_id, name=f"db-{index}") for index in range(3)]
    listing = api.get(_path(subscription_id)).json()
    assert validate_body("AccountSubscriptionDatabases", listing, direction="response") == []
    assert listing["subscription"][0]["numberOfDatabases"] == 4
    page = api.request("GET", _path(subscription_id), params={"offset": 2, "limit": 2}).json()["subscription"][0]
    assert [db["databaseId"] for db in page["databases"]] == created[1:]
    assert api.request("GET", _path(subscription_id), params={"limit": 0}).status_code == 400


def test_unknown_database_answers_404(api: Api, subscription_id: int) -> None:
    for method, body in (("GET", None), ("PUT", {"name": "x"}), ("DELETE", None)):
        answer = api.request(method, _path(subscription_id, 42), body)
        assert answer.status_code == 404 and answer.json()["path"] == f"/v1{_path(subscription_id, 42)}"


# -- faults on the database routes ---------------------------------------------------------------------

def test_drop_after_on_a_database_create_makes_the_database(api: Api, subscription_id: int) -> None:
    api.configure(faults=[{"kind": "drop_after", "method": "POST", "path": "/v1/subscriptions/*/databases", "count": 1}])
    with pytest.raises(requests.ConnectionError):
        api.post(_path(subscription_id), DATABASE)
    api.wait(WRITE_TASK_SECONDS + PROVISIONING)
    assert [db["name"] for db in api.get(_path(subscription_id)).json()["subscription"][0]["databases"]] == [
        "orders-cache", "sessions"]


def test_task_error_on_a_database_update(api: Api, subscription_id: int) -> None:
    database_id = _active_database(api, subscription_id)
    api.configure(faults=[{"kind": "task_error", "method": "PUT", "path": "/v1/subscriptions/*/databases/*",
                           "error_type": "DATABASE_INVALID_SHARDS_COUNT", "error_status": 400, "description": "no", "count": 1}])
    failed = api.finished_task(api.put(_path(subscription_id, database_id), {"datasetSizeInGb": 3}))
    assert failed["response"] == {"resourceId": database_id, "error": {
        "type": "DATABASE_INVALID_SHARDS_COUNT", "status": "400 BAD_REQUEST", "description": "no"}}
    assert api.get(_path(subscription_id, database_id)).json()["datasetSizeInGb"] == 2.0


def test_database_error_fault_ends_the_database_in_error(api: Api, subscription_id: int) -> None:
    api.configure(faults=[{"kind": "database_error", "count": 1}])
    database_id = _active_database(api, subscription_id)
    assert _status(api, subscription_id, database_id) == "error"
    assert _status(api, subscription_id) == "active"


def test_not_active_fault_on_a_database_write(api: Api, subscription_id: int) -> None:
    database_id = _active_database(api, subscription_id)
    api.configure(faults=[{"kind": "not_active", "method": "DELETE", "count": 1}])
    refused = api.finished_task(api.delete(_path(subscription_id, database_id)))
    assert refused["response"]["error"]["type"] == "SUBSCRIPTION_NOT_ACTIVE"
    assert _status(api, subscription_id, database_id) == "active"
