# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tasks and subscriptions move through their states as the (fake) clock runs."""

from __future__ import annotations

import re
import uuid

from conftest import Api


def test_create_task_moves_received_in_progress_completed(api: Api) -> None:
    task = api.create_subscription()
    assert uuid.UUID(task["taskId"]).version == 4
    assert (task["commandType"], task["status"]) == ("subscriptionCreateRequest", "received")
    api.wait(1.5)
    assert api.task(task["taskId"])["status"] == "processing-in-progress"
    api.wait(5)
    done = api.task(task["taskId"])
    assert done["status"] == "processing-completed"
    # Only the id: no recorded answer carries response.resource.databases.
    assert done["response"] == {"resourceId": 100001}
    assert done["description"] == ("Request processing completed successfully and its resources are now being "
                                   "provisioned / de-provisioned.")


def test_subscription_goes_pending_then_active_with_read_back_shape(api: Api) -> None:
    task = api.create_subscription(name="shape")
    api.wait(6.5)
    subscription_id = api.task(task["taskId"])["response"]["resourceId"]
    pending = api.get(f"/subscriptions/{subscription_id}").json()
    assert pending["status"] == "pending"
    api.wait(100)
    active = api.get(f"/subscriptions/{subscription_id}").json()
    assert active["status"] == "active"
    assert (active["id"], active["name"], active["paymentMethodId"], active["paymentMethodType"]) == (
        subscription_id, "shape", 2001, "credit-card")
    assert active["numberOfDatabases"] == 1 and active["memoryStorage"] == "ram"
    region = active["cloudDetails"][0]["regions"][0]
    assert region["region"] == "us-east-1"
    assert isinstance(region["networking"], list) and region["networking"][0]["deploymentCIDR"] == "10.0.0.0/24"
    listed = api.get("/subscriptions").json()
    assert listed["accountId"] == 1001 and [sub["id"] for sub in listed["subscriptions"]] == [subscription_id]
    database = api.get(f"/subscriptions/{subscription_id}/databases").json()["subscription"][0]["databases"][0]
    assert (database["name"], database["status"]) == ("orders-cache", "active")


def test_database_quantity_creates_numbered_databases(api: Api) -> None:
    subscription_id = api.create_active_subscription(databases=[{"name": "cache", "protocol": "redis", "quantity": 3}])
    listed = api.get(f"/subscriptions/{subscription_id}/databases").json()["subscription"][0]["databases"]
    assert [db["name"] for db in listed] == ["cache-1", "cache-2", "cache-3"]


def test_tasks_of_the_account_run_one_at_a_time(api: Api) -> None:
    first = api.create_subscription(name="first")
    second = api.create_subscription(name="second")
    api.wait(5)  # first started at 1 s and runs until 6 s
    assert api.task(first["taskId"])["status"] == "processing-in-progress"
    assert api.task(second["taskId"])["status"] == "received"
    api.wait(1.5)
    assert api.task(first["taskId"])["status"] == "processing-completed"
    assert api.task(second["taskId"])["status"] == "processing-in-progress"
    api.wait(5)
    assert api.task(second["taskId"])["status"] == "processing-completed"


def test_tasks_list_shows_running_tasks(api: Api) -> None:
    task = api.create_subscription()
    listed = api.get("/tasks").json()
    assert [(t["taskId"], t["status"]) for t in listed] == [(task["taskId"], "received")]


def test_duplicate_subscription_names_are_allowed(api: Api) -> None:
    first = api.create_subscription(name="same")
    second = api.create_subscription(name="same")
    api.wait(12)
    ids = {api.task(t["taskId"])["response"]["resourceId"] for t in (first, second)}
    assert len(ids) == 2
    assert [sub["name"] for sub in api.get("/subscriptions").json()["subscriptions"]] == ["same", "same"]


def test_fourth_pending_subscription_fails_with_too_many_pending(api: Api) -> None:
    tasks = [api.create_subscription(name=f"sub-{index}") for index in range(4)]
    api.wait(4 * 6)
    statuses = [api.task(t["taskId"])["status"] for t in tasks]
    assert statuses == ["processing-completed"] * 3 + ["processing-error"]
    error = api.task(tasks[3]["taskId"])["response"]["error"]
    assert error["type"] == "TOO_MANY_PENDING_SUBSCRIPTIONS" and error["status"].startswith("400")


def test_pending_limit_is_configurable(start_api) -> None:
    api = start_api(max_pending_subscriptions=1)
    tasks = [api.create_subscription() for dummy in range(2)]
    api.wait(12)
    assert [api.task(t["taskId"])["status"] for t in tasks] == ["processing-completed", "processing-error"]


def test_task_durations_per_command_type(start_api) -> None:
    api = start_api(task_durations={"subscriptionCreateRequest": 50.0})
    task = api.create_subscription()
    api.wait(40)
    assert api.task(task["taskId"])["status"] == "processing-in-progress"
    api.wait(11)
    assert api.task(task["taskId"])["status"] == "processing-completed"


def test_task_is_not_found_just_after_submission(start_api) -> None:
    api = start_api(task_not_found_seconds=2.0)
    task = api.create_subscription()
    assert api.get(f"/tasks/{task['taskId']}").status_code == 404
    assert api.get("/tasks").json() == []
    api.wait(2)
    assert api.get(f"/tasks/{task['taskId']}").status_code == 200


def test_subscription_is_not_found_just_after_its_create_task_completes(start_api) -> None:
    api = start_api(subscription_not_found_seconds=3.0)
    task = api.create_subscription()
    api.wait(6.5)
    subscription_id = api.task(task["taskId"])["response"]["resourceId"]
    missing = api.get(f"/subscriptions/{subscription_id}")
    assert missing.status_code == 404
    assert set(missing.json()) == {"timestamp", "status", "error", "path"}
    api.wait(3.5)
    assert api.get(f"/subscriptions/{subscription_id}").status_code == 200


def test_update_changes_only_the_allowed_fields(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    task = api.put(f"/subscriptions/{subscription_id}", {"name": "renamed", "paymentMethodId": 2002})
    assert task.status_code == 200 and task.json()["commandType"] == "subscriptionUpdateRequest"
    api.wait(3.5)
    assert api.task(task.json()["taskId"])["status"] == "processing-completed"
    sub = api.get(f"/subscriptions/{subscription_id}").json()
    assert (sub["name"], sub["paymentMethodId"]) == ("renamed", 2002)
    refused = api.put(f"/subscriptions/{subscription_id}", {"memoryStorage": "ram-and-flash"})
    assert refused.status_code == 400
    assert refused.json() == {"error": {"type": "UNRECOGNIZED_FIELD", "status": 400,
                                        "description": "Unrecognized field 'memoryStorage'"}}


def test_update_with_unknown_payment_method_fails_the_task(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    task = api.put(f"/subscriptions/{subscription_id}", {"paymentMethodId": 999}).json()
    api.wait(3.5)
    failed = api.task(task["taskId"])
    assert failed["status"] == "processing-error"
    assert failed["response"]["error"]["type"] == "SUBSCRIPTION_PI_NOT_FOUND"


def test_change_to_pending_subscription_fails_its_task_with_not_active(api: Api) -> None:
    task = api.create_subscription()
    api.wait(6.5)
    subscription_id = api.task(task["taskId"])["response"]["resourceId"]
    update = api.put(f"/subscriptions/{subscription_id}", {"name": "x"})
    assert update.status_code == 200 and update.json()["status"] == "received"
    delete = api.delete(f"/subscriptions/{subscription_id}")
    api.wait(2 * 3)
    for answer in (update, delete):
        failed = api.task(answer.json()["taskId"])
        assert failed["status"] == "processing-error"
        assert failed["response"] == {"resourceId": subscription_id, "error": {
            "type": "SUBSCRIPTION_NOT_ACTIVE", "status": "403 FORBIDDEN",
            "description": "Cannot preform any actions for subscription that is not in an active state"}}
    assert api.get(f"/subscriptions/{subscription_id}").json()["name"] == "orders"


def test_not_active_as_http_403_when_configured(start_api) -> None:
    api = start_api(not_active_error="http")
    task = api.create_subscription()
    api.wait(6.5)
    subscription_id = api.task(task["taskId"])["response"]["resourceId"]
    for answer in (api.put(f"/subscriptions/{subscription_id}", {"name": "x"}),
                   api.delete(f"/subscriptions/{subscription_id}")):
        assert answer.status_code == 403
        assert answer.json() == {"error": {"type": "SUBSCRIPTION_NOT_ACTIVE", "status": 403, "description":
                                           "Cannot preform any actions for subscription that is not in an active state"}}
    assert [t["commandType"] for t in api.control("GET", "state")["tasks"]] == ["subscriptionCreateRequest"]


def test_delete_with_databases_fails_with_subscription_in_use(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    task = api.delete(f"/subscriptions/{subscription_id}").json()
    api.wait(3.5)
    failed = api.task(task["taskId"])
    assert failed["status"] == "processing-error"
    assert failed["response"]["error"]["type"] == "SUBSCRIPTION_IN_USE"
    assert api.get(f"/subscriptions/{subscription_id}").json()["status"] == "active"


def test_delete_database_then_subscription_goes_deleting_then_404(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    [database_id] = api.database_ids(subscription_id)
    task = api.delete(f"/subscriptions/{subscription_id}/databases/{database_id}").json()
    assert task["commandType"] == "databaseDeleteRequest"
    api.wait(3.5)
    done = api.task(task["taskId"])
    assert done["status"] == "processing-completed"
    assert (done["response"]["resourceId"], done["response"]["additionalResourceId"]) == (database_id, subscription_id)
    # delete-pending, and the subscription pending while the database goes.
    assert api.get(f"/subscriptions/{subscription_id}/databases/{database_id}").json()["status"] == "delete-pending"
    assert api.get(f"/subscriptions/{subscription_id}").json()["status"] == "pending"
    api.wait(9)
    assert api.get(f"/subscriptions/{subscription_id}/databases/{database_id}").json()["status"] == "delete-pending"
    api.wait(1)
    assert api.get(f"/subscriptions/{subscription_id}/databases/{database_id}").status_code == 404
    assert api.get(f"/subscriptions/{subscription_id}").json()["status"] == "active"
    delete = api.delete(f"/subscriptions/{subscription_id}").json()
    api.wait(3.5)
    assert api.task(delete["taskId"])["status"] == "processing-completed"
    assert api.get(f"/subscriptions/{subscription_id}").json()["status"] == "deleting"
    api.wait(10)
    gone = api.get(f"/subscriptions/{subscription_id}")
    assert gone.status_code == 404 and gone.json()["path"] == f"/v1/subscriptions/{subscription_id}"
    state = api.control("GET", "state")
    assert [(s["id"], s["deleted"]) for s in state["subscriptions"]] == [(subscription_id, True)]


def test_unknown_ids_answer_404_in_spring_boots_shape(api: Api) -> None:
    for path in ("/subscriptions/424242", "/tasks/00000000-0000-4000-8000-000000000000", "/no-such-route"):
        answer = api.get(path)
        assert answer.status_code == 404
        body = answer.json()
        assert (body["status"], body["error"], body["path"]) == (404, "Not Found", f"/v1{path}")
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", body["timestamp"])
    assert api.get("/subscriptions/abc").status_code == 400


def test_old_error_shape_when_configured(start_api) -> None:
    api = start_api(error_bodies="api")
    assert api.get("/subscriptions/424242").json() == {"error": {
        "type": "SUBSCRIPTION_NOT_FOUND", "status": "404 NOT_FOUND", "description": "Subscription 424242 was not found"}}
    unauthorized = api.session.get(f"{api.url}/tasks", headers={"x-api-secret-key": "wrong"}, timeout=10)
    assert unauthorized.json()["error"]["status"] == "401 UNAUTHORIZED"


def test_payment_methods_are_listed(api: Api) -> None:
    methods = api.get("/payment-methods").json()
    assert methods["accountId"] == 1001 and [m["id"] for m in methods["paymentMethods"]] == [2001, 2002]


def test_missing_or_wrong_credentials_answer_401_with_nginxs_html_page(api: Api) -> None:
    for headers in ({}, {"x-api-key": "test-account-key", "x-api-secret-key": "wrong"}):
        answer = api.session.request("GET", f"{api.url}/subscriptions", headers={"x-api-key": None, "x-api-secret-key": None, **headers}, timeout=10)
        assert answer.status_code == 401
        assert answer.headers["Content-Type"].startswith("text/html")
        assert "<title>401 Authorization Required</title>" in answer.text and "<center>nginx</center>" in answer.text
        assert answer.headers["X-Rate-Limit-Remaining"].isdigit()


def test_database_delete_on_pending_subscription_fails_the_task(api: Api) -> None:
    subscription_id = api.create_active_subscription(databases=[{"name": "a"}, {"name": "b"}])
    first, second = api.database_ids(subscription_id)
    api.delete(f"/subscriptions/{subscription_id}/databases/{first}")
    api.wait(3.5)  # the first delete is being provisioned: the subscription is pending
    failed = api.finished_task(api.delete(f"/subscriptions/{subscription_id}/databases/{second}"))
    assert failed["status"] == "processing-error"
    assert failed["response"]["error"] == {
        "type": "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS", "status": "400 BAD_REQUEST",
        "description": f"Subscription {subscription_id} is pending: try again when it is active"}


def test_database_delete_on_pending_subscription_as_http_400_when_configured(start_api) -> None:
    api = start_api(not_active_error="http")
    subscription_id = api.create_active_subscription(databases=[{"name": "a"}, {"name": "b"}])
    first, second = api.database_ids(subscription_id)
    api.finished_task(api.delete(f"/subscriptions/{subscription_id}/databases/{first}"))
    refused = api.delete(f"/subscriptions/{subscription_id}/databases/{second}")
    assert refused.status_code == 400
    assert refused.json()["error"]["type"] == "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS"
