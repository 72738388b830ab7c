"""Hostile server, answers whose handling belongs to the resource layer's strict parsers (issue 10
findings 3, 7 and 8, the integrator's part): garbled listings, a null task, ids that are not ids.

Written with the transport's hostile tests, run the same way (a real play at -vvvv, then
hostile_support.assert_clean). They pass once the strict per-shape parsers and the id checks
(task ids are UUIDs, resource ids integers) are merged; on the transport branch alone they fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hostile_support import assert_clean, hostile_credentials, play, run_play, task

from hostile.server import TASK_ID, HostileServer, answer_json
from hostile.server import task as task_body

READ = "Read a task"
CREATE = "Create"
DELETE = "Delete"


@pytest.fixture
def server() -> Iterator[HostileServer]:
    hostile = HostileServer(*hostile_credentials()).start()
    yield hostile
    hostile.stop()


def create(**options: Any) -> dict[str, Any]:
    plan = {"name": "hostile", "payment_method": "marketplace", "cloud_providers": [{"regions": [{"region": "us-east-1"}]}],
            "databases": [{"name": "db", "dataset_size_in_gb": 1}], "wait": False}
    return task(CREATE, "redis_cloud_subscription", **{**plan, **options})


# finding 7: a garbled listing is not an empty account ------------------------------------------------

@pytest.mark.parametrize("body", [[], {}, None, {"accountId": 1}], ids=["empty-list", "empty-object", "null", "no-list"])
@pytest.mark.parametrize("state", ["present", "absent"])
def test_a_garbled_listing_never_reads_as_an_empty_account(server, tmp_path, body, state):
    server.script("GET", "/v1/subscriptions", answer_json(body))
    step = create() if state == "present" else task(DELETE, "redis_cloud_subscription", name="hostile", state="absent")

    outcome = run_play(server, tmp_path, play(server, [step]))

    name = CREATE if state == "present" else DELETE
    assert outcome.failed(name), outcome.task(name)
    assert "GET /subscriptions" in outcome.task(name)["msg"]
    assert server.requests("POST") == [] and server.requests("DELETE") == []
    assert_clean(outcome, server)


# finding 3: a task answer of null is not "task not found" --------------------------------------------

def test_a_null_task_answer_fails_naming_the_request(server, tmp_path):
    server.script("GET", f"/v1/tasks/{TASK_ID}", answer_json(None))

    outcome = run_play(server, tmp_path, play(server, [task(READ, "redis_cloud_task_info", task_id=TASK_ID)]))

    assert outcome.failed(READ)
    assert f"GET /tasks/{TASK_ID}" in outcome.task(READ)["msg"]
    assert_clean(outcome, server)


# finding 8: ids are checked before they go into a path ----------------------------------------------

@pytest.mark.parametrize("task_id", ["a/b", "not-a-uuid", "5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60/x"])
def test_a_task_id_that_is_not_a_uuid_is_not_polled(server, tmp_path, task_id):
    server.script("POST", "/v1/subscriptions", answer_json(task_body(task_id=task_id, status="received"), status=202))

    outcome = run_play(server, tmp_path, play(server, [create(wait=True, wait_timeout=30)]))

    assert outcome.failed(CREATE)
    assert "POST /subscriptions" in outcome.task(CREATE)["msg"]
    assert [seen.path for seen in server.requests("GET") if seen.path.startswith("/v1/tasks/")] == []
    assert_clean(outcome, server)


@pytest.mark.parametrize("resource_id", ["7/databases", "seven", "7.5", True])
def test_a_resource_id_that_is_not_an_integer_is_not_read(server, tmp_path, resource_id):
    server.script("GET", "/v1/tasks/*", answer_json(task_body(resourceId=resource_id)))

    outcome = run_play(server, tmp_path, play(server, [create(wait=True, wait_timeout=30)]))

    assert outcome.failed(CREATE)
    assert [seen.path for seen in server.requests("GET") if seen.path.startswith("/v1/subscriptions/")] == []
    assert_clean(outcome, server)
