"""Hostile server, answers whose handling belongs to the resource layer's strict parsers (issue 10
findings 3, 7 and 8, the integrator's part): garbled listings, a null task, ids that are not ids.

Written with the transport's hostile tests, run the same way (a real play at -vvvv, then
hostile_support.assert_clean). They pass once the strict per-shape parsers and the id checks
(task ids are UUIDs, resource ids integers) are merged; on the transport branch alone they fail.
All of them share one ansible-playbook run (marker shared_case: hostile_support.SharedRun), each
case against a server of its own, scripted by the arrange_ function named in its marker.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hostile_support import SharedRun, assert_clean, play, start_shared_run, task

from hostile.server import TASK_ID, HostileServer, answer_json
from hostile.server import task as task_body

READ = "Read a task"
CREATE = "Create"
DELETE = "Delete"


@pytest.fixture(scope="module")
def shared_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedRun]:
    run = start_shared_run(request, tmp_path_factory.mktemp("hostile-strict-parsers"))
    yield run
    run.stop()


def create(**options: Any) -> dict[str, Any]:
    plan = {"name": "hostile", "payment_method": "marketplace", "cloud_providers": [{"regions": [{"region": "us-east-1"}]}],
            "databases": [{"name": "db", "dataset_size_in_gb": 1}], "wait": False}
    return task(CREATE, "redis_cloud_subscription", **{**plan, **options})


# finding 7: a garbled listing is not an empty account ------------------------------------------------

def arrange_garbled_listing(server: HostileServer, body: Any, state: str) -> list[dict[str, Any]]:
    server.script("GET", "/v1/subscriptions", answer_json(body))
    step = create() if state == "present" else task(DELETE, "redis_cloud_subscription", name="hostile", state="absent")
    return play(server, [step])


@pytest.mark.shared_case(arrange=arrange_garbled_listing)
@pytest.mark.parametrize("body", [[], {}, None, {"accountId": 1}], ids=["empty-list", "empty-object", "null", "no-list"])
@pytest.mark.parametrize("state", ["present", "absent"])
def test_a_garbled_listing_never_reads_as_an_empty_account(shared_run, request, body, state):
    outcome, server = shared_run.case(request.node.name)

    name = CREATE if state == "present" else DELETE
    assert outcome.failed(name), outcome.task(name)
    assert "GET /subscriptions" in outcome.task(name)["msg"]
    assert server.requests("POST") == [] and server.requests("DELETE") == []
    assert_clean(outcome, server)


# finding 3: a task answer of null is not "task not found" --------------------------------------------

def arrange_null_task(server: HostileServer) -> list[dict[str, Any]]:
    server.script("GET", f"/v1/tasks/{TASK_ID}", answer_json(None))
    return play(server, [task(READ, "redis_cloud_task_info", task_id=TASK_ID)])


@pytest.mark.shared_case(arrange=arrange_null_task)
def test_a_null_task_answer_fails_naming_the_request(shared_run, request):
    outcome, server = shared_run.case(request.node.name)

    assert outcome.failed(READ)
    assert f"GET /tasks/{TASK_ID}" in outcome.task(READ)["msg"]
    assert_clean(outcome, server)


# finding 8: ids are checked before they go into a path ----------------------------------------------

def arrange_task_id(server: HostileServer, task_id: str) -> list[dict[str, Any]]:
    server.script("POST", "/v1/subscriptions", answer_json(task_body(task_id=task_id, status="received"), status=202))
    return play(server, [create(wait=True, wait_timeout=30)])


@pytest.mark.shared_case(arrange=arrange_task_id)
@pytest.mark.parametrize("task_id", ["a/b", "not-a-uuid", "5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60/x"])
def test_a_task_id_that_is_not_a_uuid_is_not_polled(shared_run, request, task_id):
    outcome, server = shared_run.case(request.node.name)

    assert outcome.failed(CREATE)
    assert "POST /subscriptions" in outcome.task(CREATE)["msg"]
    assert [seen.path for seen in server.requests("GET") if seen.path.startswith("/v1/tasks/")] == []
    assert_clean(outcome, server)


def arrange_resource_id(server: HostileServer, resource_id: Any) -> list[dict[str, Any]]:
    server.script("GET", "/v1/tasks/*", answer_json(task_body(resourceId=resource_id)))
    return play(server, [create(wait=True, wait_timeout=30)])


@pytest.mark.shared_case(arrange=arrange_resource_id)
@pytest.mark.parametrize("resource_id", ["7/databases", "seven", "7.5", True])
def test_a_resource_id_that_is_not_an_integer_is_not_read(shared_run, request, resource_id):
    outcome, server = shared_run.case(request.node.name)

    assert outcome.failed(CREATE)
    assert [seen.path for seen in server.requests("GET") if seen.path.startswith("/v1/subscriptions/")] == []
    assert_clean(outcome, server)
