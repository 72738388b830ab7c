# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Behaviours other clients recorded against the live API, played by default (README, "Behaviours and evidence")."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from conftest import TEST_CONFIG, Api, subscription_plan
from redis_cloud_simulator.config import DEFAULTS
from redis_cloud_simulator.spec import validate_body

CREATE_TASK_SECONDS = 1 + 5  # received, then processing


def _created_subscription(api: Api, **overrides: Any) -> int:
    """Submit a create and run the clock to the instant its task completes; returns the subscription id."""
    answer = api.create_subscription(**overrides)
    api.wait(CREATE_TASK_SECONDS)
    done = api.task(answer["taskId"])
    assert done["status"] == "processing-completed", done
    return done["response"]["resourceId"]


def _listed_ids(api: Api) -> list[int]:
    return [sub["id"] for sub in api.get("/subscriptions").json()["subscriptions"]]


def test_defaults_play_the_harsher_readings() -> None:
    assert (DEFAULTS["tasks_listing"], DEFAULTS["tasks_listing_shape"], DEFAULTS["not_active_error"],
            DEFAULTS["error_bodies"]) == ("running", "array", "task", "real")
    assert DEFAULTS["rate_limit"] == {"requests": 400, "window_seconds": 60.0, "retry_after_headers": []}
    assert DEFAULTS["tasks_listing_window_seconds"] == 10 * 24 * 3600
    lags = ("subscription_not_found_seconds", "subscription_not_listed_seconds", "database_not_found_seconds",
            "database_not_listed_seconds", "creation_plan_listed_after_active_seconds")
    assert [DEFAULTS[key] for key in lags] == [5.0, 20.0, 5.0, 20.0, 60.0]


def test_default_lags_after_a_create_completes(start_api) -> None:
    lags = {key: DEFAULTS[key] for key in ("subscription_not_found_seconds", "subscription_not_listed_seconds",
                                           "creation_plan_listed_after_active_seconds")}
    api = start_api(**lags)
    subscription_id = _created_subscription(api)
    api.wait(4.9)
    assert api.get(f"/subscriptions/{subscription_id}").status_code == 404
    api.wait(0.1)
    assert api.get(f"/subscriptions/{subscription_id}").json()["status"] == "pending"
    api.wait(14.9)
    assert _listed_ids(api) == []  # readable by id, not yet listed
    api.wait(0.1)
    assert _listed_ids(api) == [subscription_id]


def test_subscription_neither_readable_nor_listed_then_readable_only(start_api) -> None:
    api = start_api(subscription_not_found_seconds=10.0, subscription_not_listed_seconds=4.0)
    subscription_id = _created_subscription(api)
    assert (api.get(f"/subscriptions/{subscription_id}").status_code, _listed_ids(api)) == (404, [])
    api.wait(4)
    # Listed but not yet readable by id: the two lags are independent.
    assert (api.get(f"/subscriptions/{subscription_id}").status_code, _listed_ids(api)) == (404, [subscription_id])
    api.wait(6)
    assert api.get(f"/subscriptions/{subscription_id}").status_code == 200


def test_creation_plan_databases_show_some_time_after_the_subscription_is_active(start_api) -> None:
    api = start_api(creation_plan_listed_after_active_seconds=30.0)
    subscription_id = _created_subscription(api)
    api.wait(TEST_CONFIG["subscription_provisioning_seconds"])
    active = api.get(f"/subscriptions/{subscription_id}").json()
    assert (active["status"], active["numberOfDatabases"]) == ("active", 0)
    missing = api.get(f"/subscriptions/{subscription_id}/databases")
    assert missing.status_code == 404
    assert missing.json() == {"message": f"Subscription {subscription_id}: no databases found"}
    database_id = api.control("GET", "state")["databases"][0]["id"]
    assert api.get(f"/subscriptions/{subscription_id}/databases/{database_id}").status_code == 404
    api.wait(29.9)
    assert api.database_ids(subscription_id) == []
    api.wait(0.1)
    assert api.database_ids(subscription_id) == [database_id]
    assert api.get(f"/subscriptions/{subscription_id}").json()["numberOfDatabases"] == 1
    assert api.get(f"/subscriptions/{subscription_id}/databases/{database_id}").json()["status"] == "active"


def test_pending_subscription_reads_back_empty_cloud_details(api: Api) -> None:
    subscription_id = _created_subscription(api)
    pending = api.get(f"/subscriptions/{subscription_id}").json()
    assert (pending["status"], pending["cloudDetails"], pending["numberOfDatabases"]) == ("pending", [], 0)
    listed = api.get("/subscriptions").json()["subscriptions"][0]
    assert listed["cloudDetails"] == []
    api.wait(TEST_CONFIG["subscription_provisioning_seconds"])
    assert api.get(f"/subscriptions/{subscription_id}").json()["cloudDetails"][0]["regions"][0]["region"] == "us-east-1"


def test_multi_az_region_reads_back_no_deployment_cidr(api: Api) -> None:
    region = {"region": "us-east-1", "multipleAvailabilityZones": True,
              "preferredAvailabilityZones": ["use1-az1", "use1-az2", "use1-az4"],
              "networking": {"deploymentCIDR": "10.0.0.0/24"}}
    subscription_id = api.create_active_subscription(cloudProviders=[{"provider": "AWS", "regions": [region]}])
    read_back = api.get(f"/subscriptions/{subscription_id}").json()["cloudDetails"][0]["regions"][0]
    assert read_back["multipleAvailabilityZones"] is True
    assert len(read_back["networking"]) == 3
    assert all(set(entry) == {"subnetId"} for entry in read_back["networking"])


def test_subscription_pricing_read_back_mixes_priced_and_unpriced_lines(api: Api) -> None:
    provider = {"provider": "AWS", "cloudAccountId": 2, "regions": [{"region": "eu-west-1"}]}
    subscription_id = api.create_active_subscription(cloudProviders=[provider])
    pricing = api.get(f"/subscriptions/{subscription_id}").json()["subscriptionPricing"]
    assert [line["type"] for line in pricing] == ["Shards", "EBS Volume", "r5.xlarge"]
    assert all("databaseName" not in line for line in pricing)
    assert ["pricePerUnit" in line for line in pricing] == [True, False, False]


def test_databases_listing_pages_and_answers_404_past_the_end(api: Api) -> None:
    subscription_id = api.create_active_subscription(databases=[{"name": "db", "quantity": 3}])
    page = api.request("GET", f"/subscriptions/{subscription_id}/databases", params={"offset": 1, "limit": 1}).json()
    assert page["subscription"][0]["numberOfDatabases"] == 3
    assert [db["name"] for db in page["subscription"][0]["databases"]] == ["db-2"]
    past_the_end = api.request("GET", f"/subscriptions/{subscription_id}/databases", params={"offset": 3, "limit": 100})
    assert past_the_end.status_code == 404
    assert past_the_end.json() == {"message": f"Subscription {subscription_id}: no databases found"}


def test_subscription_whose_databases_are_gone_lists_none_with_404(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    [database_id] = api.database_ids(subscription_id)
    api.finished_task(api.delete(f"/subscriptions/{subscription_id}/databases/{database_id}"))
    api.wait(TEST_CONFIG["database_deletion_seconds"])
    answer = api.get(f"/subscriptions/{subscription_id}/databases")
    assert (answer.status_code, answer.json()) == (404, {"message": f"Subscription {subscription_id}: no databases found"})


# -- GET /tasks --------------------------------------------------------------------------------

def test_running_listing_drops_a_task_the_moment_it_finishes(api: Api) -> None:
    created = api.create_subscription()
    api.wait(CREATE_TASK_SECONDS - 0.1)
    assert [task["status"] for task in api.get("/tasks").json()] == ["processing-in-progress"]
    api.wait(0.1)
    assert api.get("/tasks").json() == []


def test_recent_listing_keeps_ten_days_newest_update_first(start_api) -> None:
    api = start_api(tasks_listing="recent", tasks_listing_window_seconds=100.0)
    first = api.create_subscription(name="first")
    api.wait(CREATE_TASK_SECONDS + 1)
    second = api.create_subscription(name="second")
    listed = api.get("/tasks").json()
    assert [(task["taskId"], task["status"]) for task in listed] == [
        (second["taskId"], "received"), (first["taskId"], "processing-completed")]
    api.wait(93.1)  # the first was submitted 100.1 s ago: out of the window
    assert [task["taskId"] for task in api.get("/tasks").json()] == [second["taskId"]]


@pytest.mark.parametrize(("shape", "with_tasks", "without"), [
    ("array", list, []),
    ("object", lambda tasks: {"tasks": tasks}, {"tasks": []}),
    ("object_or_empty", lambda tasks: {"tasks": tasks}, {}),
])
def test_tasks_listing_shapes(start_api, shape: str, with_tasks: Any, without: Any) -> None:
    api = start_api(tasks_listing_shape=shape)
    assert api.get("/tasks").json() == without
    created = api.create_subscription()
    assert api.get("/tasks").json() == with_tasks([api.task(created["taskId"])])


def test_hundreds_of_old_finished_creates_can_be_preloaded(start_api) -> None:
    api = start_api(tasks_listing="recent")
    answer = requests.post(f"{api.root_url}/_simulator/old-tasks",
                           json={"count": 300, "commandType": "subscriptionCreateRequest"}, timeout=10)
    assert answer.json() == {"tasks": 300}
    listed = api.get("/tasks").json()
    assert len(listed) == 300
    assert {(task["commandType"], task["status"]) for task in listed} == {("subscriptionCreateRequest", "processing-completed")}
    resource_ids = [task["response"]["resourceId"] for task in listed]
    assert len(set(resource_ids)) == 300
    assert api.get(f"/subscriptions/{resource_ids[0]}").status_code == 404  # long deleted
    api.configure(tasks_listing="running")
    assert api.get("/tasks").json() == []


@pytest.mark.parametrize("body", [{"count": 0}, {"count": "many"}, {"count": 3, "commandType": "coffeeRequest"},
                                  {"count": 3, "max_age_seconds": 10}])
def test_bad_old_tasks_requests_are_refused(api: Api, body: dict[str, Any]) -> None:
    answer = requests.post(f"{api.root_url}/_simulator/old-tasks", json=body, timeout=10)
    assert answer.status_code == 400 and answer.json()["error"]


# -- customer-managed keys ------------------------------------------------------------------------

def test_customer_managed_key_subscription_stops_in_encryption_key_pending(api: Api) -> None:
    subscription_id = _created_subscription(api, persistentStorageEncryptionType="customer-managed-key")
    api.wait(TEST_CONFIG["subscription_provisioning_seconds"])
    waiting = api.get(f"/subscriptions/{subscription_id}").json()
    assert waiting["status"] == "encryption_key_pending"
    assert waiting["persistentStorageEncryptionType"] == "customer-managed-key"
    assert waiting["customerManagedKeyAccessDetails"]["redisIamRole"].startswith("arn:aws:iam::")
    assert api.database_ids(subscription_id) == []
    api.wait(1000)
    assert api.get(f"/subscriptions/{subscription_id}").json()["status"] == "encryption_key_pending"
    # An ordinary change is refused; supplying the keys resumes provisioning.
    refused = api.finished_task(api.put(f"/subscriptions/{subscription_id}", {"name": "x"}))
    assert refused["response"]["error"]["type"] == "SUBSCRIPTION_NOT_ACTIVE"
    keys = {"customerManagedKeys": [{"resourceName": "projects/p/locations/l/keyRings/r/cryptoKeys/k"}],
            "deletionGracePeriod": "immediate"}
    assert api.finished_task(api.put(f"/subscriptions/{subscription_id}", keys))["status"] == "processing-completed"
    assert api.get(f"/subscriptions/{subscription_id}").json()["status"] == "pending"
    api.wait(TEST_CONFIG["subscription_provisioning_seconds"])
    assert api.get(f"/subscriptions/{subscription_id}").json()["status"] == "active"
    assert len(api.database_ids(subscription_id)) == 1


def test_keys_for_a_subscription_that_is_not_waiting_fail_the_task(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    failed = api.finished_task(api.put(f"/subscriptions/{subscription_id}", {"customerManagedKeys": [{"resourceName": "k"}]}))
    assert failed["response"]["error"]["type"] == "CUSTOMER_MANAGED_PERSISTENT_STORAGE_ENCRYPTION_KEY_NOT_PENDING"


def test_subscription_waiting_for_keys_can_be_deleted(start_api) -> None:
    api = start_api(not_active_error="http")
    subscription_id = _created_subscription(api, persistentStorageEncryptionType="customer-managed-key")
    api.wait(TEST_CONFIG["subscription_provisioning_seconds"])
    assert api.finished_task(api.delete(f"/subscriptions/{subscription_id}"))["status"] == "processing-completed"
    assert api.get(f"/subscriptions/{subscription_id}").json()["status"] == "deleting"


def test_encryption_key_pending_counts_towards_the_pending_limit(start_api) -> None:
    api = start_api(max_pending_subscriptions=1)
    _created_subscription(api, persistentStorageEncryptionType="customer-managed-key")
    api.wait(TEST_CONFIG["subscription_provisioning_seconds"])
    answer = api.create_subscription()
    api.wait(CREATE_TASK_SECONDS)
    assert api.task(answer["taskId"])["response"]["error"]["type"] == "TOO_MANY_PENDING_SUBSCRIPTIONS"


# -- headers and error bodies ----------------------------------------------------------------------

def test_every_answer_carries_the_remaining_requests(api: Api) -> None:
    answers = [api.get("/subscriptions/1"), api.post("/subscriptions", {"bad": 1}), api.get("/tasks"),
               api.session.get(f"{api.url}/tasks", headers={"x-api-secret-key": "wrong"}, timeout=10)]
    assert [answer.status_code for answer in answers] == [404, 400, 200, 401]
    assert [answer.headers["X-Rate-Limit-Remaining"] for answer in answers] == ["399", "398", "397", "396"]


def test_the_test_plan_is_a_valid_create_request() -> None:
    assert validate_body("SubscriptionCreateRequest", subscription_plan()) == []
