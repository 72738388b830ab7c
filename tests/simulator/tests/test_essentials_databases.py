# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Essentials databases: lifecycle, read-back shapes, paging, plan rules, default user and password, tags."""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import WRITE_TASK_SECONDS, Api
from essentials_helpers import (FREE_PLAN, MULTI_DATABASE_PLAN, create_fixed_database, create_fixed_subscription, fixed_status,
                                plan_id, task_error)
from redis_cloud_simulator.spec import validate_body


def _databases(subscription_id: int) -> str:
    return f"/fixed/subscriptions/{subscription_id}/databases"


def test_create_goes_draft_pending_active_and_holds_the_subscription(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    answer = api.post(_databases(subscription_id), {"name": "cache-db", "password": "s3cret-Pass"})
    assert answer.status_code == 200 and answer.json()["commandType"] == "fixedDatabaseCreateRequest"
    api.wait(WRITE_TASK_SECONDS)
    task = api.task(answer.json()["taskId"])
    # resourceId and additionalResourceId, as recorded (TestFixedDatabase_Create).
    database_id = task["response"]["resourceId"]
    assert task["response"] == {"resourceId": database_id, "additionalResourceId": subscription_id}
    assert "publicEndpoint" not in api.get(f"{_databases(subscription_id)}/{database_id}").json()  # none while draft
    statuses = []
    for dummy in range(7):
        statuses.append((fixed_status(api, subscription_id, database_id), fixed_status(api, subscription_id)))
        api.wait(10)
    assert statuses == [("draft", "pending")] + [("pending", "pending")] * 5 + [("active", "active")]


def test_read_back_by_id_and_in_the_listing(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    database_id = create_fixed_database(api, subscription_id, password="s3cret-Pass")
    body = api.get(f"{_databases(subscription_id)}/{database_id}").json()
    assert validate_body("FixedDatabase", body, direction="response") == []
    assert body["security"] == {"defaultUserEnabled": True, "password": "s3cret-Pass", "sslClientAuthentication": False,
                                "tlsClientAuthentication": False, "enableTls": False, "sourceIps": ["0.0.0.0/0"]}
    assert "enableDefaultUser" not in body["security"]
    assert {key: body[key] for key in ("protocol", "provider", "region", "planMemoryLimit", "memoryLimitMeasurementUnit",
                                       "respVersion", "dataEvictionPolicy", "replicaOf", "replica")} == {
        "protocol": "stack", "provider": "AWS", "region": "us-east-1", "planMemoryLimit": 250, "memoryLimitMeasurementUnit": "MB",
        "respVersion": "resp3", "dataEvictionPolicy": "volatile-lru", "replicaOf": None, "replica": None}
    assert re.fullmatch(rf"redis-\d+\.c{subscription_id}\.us-east-1-1\.ec2\.cloud\.rlrcp\.com:\d+", body["publicEndpoint"])
    assert "privateEndpoint" not in body
    assert [module["name"] for module in body["modules"]] == ["RedisJSON", "RediSearch", "RedisBloom", "RedisTimeSeries"]
    assert body["clustering"]["enabled"] is False and body["backup"] == {"remoteBackupEnabled": False, "status": "idle"}
    listing = api.get(_databases(subscription_id)).json()
    assert validate_body("AccountFixedSubscriptionDatabases", listing, direction="response") == []
    listed = listing["subscription"]["databases"][0]
    assert "password" not in listed["security"] and listed["databaseId"] == database_id  # the listing has no password
    assert api.get(f"{_databases(subscription_id)}/999").status_code == 404


def test_paging_past_the_end_is_an_empty_page(api: Api) -> None:
    subscription_id = create_fixed_subscription(api, MULTI_DATABASE_PLAN)
    assert api.get(_databases(subscription_id)).json()["subscription"] == {
        "subscriptionId": subscription_id, "numberOfDatabases": 0, "databases": [], "links": []}
    ids = [create_fixed_database(api, subscription_id, name) for name in ("one", "two", "three")]
    pages = []
    for offset in range(0, 4):
        answer = api.get(f"{_databases(subscription_id)}?offset={offset}&limit=2")
        assert answer.status_code == 200
        pages.append([database["databaseId"] for database in answer.json()["subscription"]["databases"]])
    assert pages == [ids[0:2], ids[1:3], ids[2:3], []]
    last = api.get(f"{_databases(subscription_id)}?offset=100&limit=100").json()
    assert (last["subscription"]["numberOfDatabases"], last["links"][0]["href"].endswith("offset=100&limit=100")) == (0, True)
    assert api.get(f"{_databases(subscription_id)}?offset=-1").status_code == 400


def test_the_plan_limits_the_databases(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    create_fixed_database(api, subscription_id, "one")
    task = api.finished_task(api.post(_databases(subscription_id), {"name": "two"}))
    assert task_error(task) == "FIXED_DATABASE_FIXED_SUBSCRIPTION_REACHED_MAX_DATABASES_COUNT"


@pytest.mark.parametrize("body, error", [
    ({"replication": True}, "FIXED_DATABASE_REPLICATION_IS_NOT_SUPPORTED_IN_REQUESTED_PLAN"),
    ({"dataPersistence": "aof-every-1-second"}, "FIXED_DATABASE_DATA_PERSISTENCE_VALUE_NOT_SUPPORTED_FOR_FIXED"),
    ({"datasetSizeInGb": 1}, "FIXED_DATABASE_MEMORY_LIMIT_IN_GB_AND_DATA_SET_SIZE_SUPPORTED_ONLY_FOR_PAY_AS_YOU_GO"),
    ({"enableTls": True}, "FIXED_DATABASE_ENABLE_TLS_NOT_SUPPORTED_IN_REQUESTED_PLAN"),
    ({"sourceIps": ["10.0.0.0/24", "10.0.1.0/24"]}, "FIXED_DATABASE_SOURCE_IPS_LIST_IS_GREATER_THAN_PLAN_MAX_COUNT_ALLOWED_SOURCE_IPS"),
    ({"alerts": [{"name": "latency", "value": 3}]}, "FIXED_DATABASE_ALERT_NOT_SUPPORTED"),
    ({"modules": [{"name": "RedisJSON"}]}, "FIXED_DATABASE_STACK_PROTOCOL_CONTAINS_MODULES"),
    ({"redisVersion": "6.2", "respVersion": "resp3"}, "FIXED_DATABASE_RESP_VERSION_IS_NOT_SUPPORTED"),
    ({"redisVersion": "5.0"}, "DATABASE_REDIS_VERSION_IS_NOT_SUPPORTED"),
])
def test_what_the_free_plan_does_not_allow(api: Api, body: dict[str, Any], error: str) -> None:
    subscription_id = create_fixed_subscription(api, FREE_PLAN)
    assert task_error(api.finished_task(api.post(_databases(subscription_id), {"name": "db"} | body))) == error


def test_protocols(api: Api) -> None:
    subscription_id = create_fixed_subscription(api, MULTI_DATABASE_PLAN)
    redis_db = create_fixed_database(api, subscription_id, "plain", protocol="redis", modules=[{"name": "RedisJSON"}])
    memcached = create_fixed_database(api, subscription_id, "mc", protocol="memcached", respVersion="resp2")
    plain = api.get(f"{_databases(subscription_id)}/{redis_db}").json()
    assert (plain["protocol"], [module["name"] for module in plain["modules"]]) == ("redis", ["RedisJSON"])
    assert api.get(f"{_databases(subscription_id)}/{memcached}").json()["modules"] == []
    flex = create_fixed_subscription(api, plan_id("Redis Flex 1GB"))
    assert task_error(api.finished_task(api.post(_databases(flex), {"name": "db", "protocol": "stack"}))) == \
        "FIXED_DATABASE_STACK_PROTOCOL_IS_NOT_SUPPORTED_FOR_REDIS_FLEX"
    assert api.get(f"{_databases(flex)}/{create_fixed_database(api, flex)}").json()["protocol"] == "redis"


@pytest.mark.parametrize("body, error", [
    ({"name": "db", "dryRun": True}, "UNRECOGNIZED_FIELD"),
    ({"name": "db", "enableDefaultUser": False}, "UNRECOGNIZED_FIELD"),   # update only (the spec; the Go client's comment)
    ({"name": "1db"}, "DATABASE_INVALID_NAME"),
    ({"name": "db", "protocol": "memcached", "modules": [{"name": "RedisJSON"}]}, "DATABASE_MEMCACHED_CONTAINS_MODULES"),
    ({"name": "db", "memoryLimitInGb": 1, "datasetSizeInGb": 1}, "DATABASE_SIZE_LIMIT_INVALID_TOO_MANY_MEMORY_SPECIFICATIONS"),
])
def test_create_bodies_refused_at_once(api: Api, body: dict[str, Any], error: str) -> None:
    subscription_id = create_fixed_subscription(api)
    answer = api.post(_databases(subscription_id), body)
    assert (answer.status_code, answer.json()["error"]["type"]) == (400, error)


@pytest.mark.parametrize("field, value", [("protocol", "redis"), ("modules", []), ("redisVersion", "7.2"), ("dryRun", True)])
def test_create_only_fields_are_refused_in_an_update(api: Api, field: str, value: Any) -> None:
    subscription_id = create_fixed_subscription(api)
    database_id = create_fixed_database(api, subscription_id)
    answer = api.put(f"{_databases(subscription_id)}/{database_id}", {field: value})
    assert (answer.status_code, answer.json()["error"]["type"]) == (400, "UNRECOGNIZED_FIELD")


def test_update_change_pending_then_active(api: Api) -> None:
    subscription_id = create_fixed_subscription(api, plan_id("Single-Zone_1GB"))
    database_id = create_fixed_database(api, subscription_id)
    path = f"{_databases(subscription_id)}/{database_id}"
    answer = api.put(path, {"name": "renamed", "replication": True, "alerts": [{"name": "latency", "value": 5}]})
    assert answer.status_code == 200 and answer.json()["commandType"] == "fixedDatabaseUpdateRequest"
    task = api.finished_task(answer)
    assert task["response"] == {"resourceId": database_id, "additionalResourceId": subscription_id}
    assert (fixed_status(api, subscription_id, database_id), fixed_status(api, subscription_id)) == ("active-change-pending", "pending")
    # Another change while this one is provisioned: the subscription is pending.
    assert task_error(api.finished_task(api.put(path, {"name": "again"}))) == "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS"
    api.wait(30)
    body = api.get(path).json()
    assert (body["status"], body["name"], body["replication"], body["alerts"]) == ("active", "renamed", True, [{"name": "latency", "value": 5}])


def test_default_user_and_password(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    database_id = create_fixed_database(api, subscription_id)
    path = f"{_databases(subscription_id)}/{database_id}"
    generated = api.get(path).json()["security"]["password"]
    assert len(generated) == 32
    both = api.finished_task(api.put(path, {"enableDefaultUser": False, "password": "n3w-Password"}))
    assert task_error(both) == "DISABLING_THE_DEFAULT_USER_AND_UPDATING_A_NEW_PASSWORD_IS_NOT_ALLOWED"
    api.finished_task(api.put(path, {"enableDefaultUser": False}))
    api.wait(30)
    assert api.get(path).json()["security"]["defaultUserEnabled"] is False
    assert task_error(api.finished_task(api.put(path, {"password": "n3w-Password"}))) == \
        "NOT_ALLOWED_TO_UPDATE_A_DATABASE_PASSWORD_WHEN_DEFAULT_USER_IS_DISABLED"
    api.finished_task(api.put(path, {"enableDefaultUser": True, "password": "n3w-Password"}))
    api.wait(30)
    assert api.get(path).json()["security"]["password"] == "n3w-Password"
    assert api.control("GET", "state")["essentials"]["databases"][0]["password"] == "n3w-Password"


def test_delete_pending_then_gone(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    database_id = create_fixed_database(api, subscription_id)
    path = f"{_databases(subscription_id)}/{database_id}"
    answer = api.delete(path)
    assert answer.status_code == 200 and answer.json()["commandType"] == "fixedDatabaseDeleteRequest"
    assert api.finished_task(answer)["response"] == {"resourceId": database_id, "additionalResourceId": subscription_id}
    assert (fixed_status(api, subscription_id, database_id), fixed_status(api, subscription_id)) == ("delete-pending", "pending")
    api.wait(20)
    assert api.get(path).status_code == 404
    assert api.get(_databases(subscription_id)).json()["subscription"]["databases"] == []
    assert fixed_status(api, subscription_id) == "active"


def test_database_error_fault(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    api.configure(faults=[{"kind": "database_error", "path": "/v1/fixed/*", "count": 1}])
    database_id = create_fixed_database(api, subscription_id)
    assert (fixed_status(api, subscription_id, database_id), fixed_status(api, subscription_id)) == ("error", "active")
    refused = api.finished_task(api.put(f"{_databases(subscription_id)}/{database_id}", {"name": "again"}))
    assert task_error(refused) == "DATABASE_NOT_ACTIVE"


def test_tags_are_synchronous(api: Api) -> None:
    subscription_id = create_fixed_subscription(api)
    database_id = create_fixed_database(api, subscription_id)
    path = f"{_databases(subscription_id)}/{database_id}/tags"
    assert set(api.get(path).json()) == {"links"}
    assert api.post(path, {"key": "Env", "value": "Prod"}).status_code == 200
    assert validate_body("CloudTags", api.get(path).json(), direction="response") == []
    overwritten = api.put(path, {"tags": [{"key": "team", "value": "cache"}]}).json()
    assert [(tag["key"], tag["value"]) for tag in overwritten["tags"]] == [("team", "cache")]
    assert api.put(f"{path}/team", {"value": "ops"}).json()["value"] == "ops"
    assert api.delete(f"{path}/team").json() == {}
    assert api.get(path).json()["tags"] == []
    assert api.delete(f"{path}/nope").status_code == 404
    commands = [task["commandType"] for task in api.control("GET", "state")["tasks"]]
    assert commands == ["fixedSubscriptionCreateRequest", "fixedDatabaseCreateRequest"]
    assert api.control("GET", "state")["essentials"]["databases"][0]["tags"] == {}
    assert api.get(f"/fixed/subscriptions/{subscription_id}/databases/999/tags").status_code == 404
