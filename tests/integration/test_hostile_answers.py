"""Hostile server, answers (issue 10 findings 3, 6, 7, 8, 9): huge, trickling and garbled answers, ids that
leave the API, a key echoed back, numbers that are not numbers.

Every test runs a real play at -vvvv and ends with hostile_support.assert_clean (no key in any
encoding anywhere, no request to another host, no traceback, bounded time and memory). All of them
share one ansible-playbook run (marker shared_case: hostile_support.SharedRun), each case against a
server of its own, scripted by the arrange_ function named in its marker.

The cases that need the resource layer's strict parsers and id checks are in
test_hostile_strict_parsers.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hostile_support import SharedRun, assert_clean, play, start_shared_run, task

from hostile.server import (
    SUBSCRIPTION_ID,
    TASK_ID,
    HostileServer,
    answer_json,
    answer_raw,
    echo_key,
    huge,
    subscription,
    trickle,
)
from hostile.server import task as task_body

READ = "Read a task"
LIST = "List subscriptions"
CREATE = "Create"
DELETE = "Delete"
GIB = 1024 * 1024 * 1024


@pytest.fixture(scope="module")
def shared_run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedRun]:
    run = start_shared_run(request, tmp_path_factory.mktemp("hostile-answers"))
    yield run
    run.stop()


def read_task() -> list[dict[str, Any]]:
    return [task(READ, "redis_cloud_task_info", task_id=TASK_ID)]


def create(**options: Any) -> dict[str, Any]:
    plan = {"name": "hostile", "payment_method": "marketplace", "cloud_providers": [{"regions": [{"region": "us-east-1"}]}],
            "databases": [{"name": "db", "dataset_size_in_gb": 1}], "wait": False}
    return task(CREATE, "redis_cloud_subscription", **{**plan, **options})


def unsafe_paths(server: HostileServer) -> list[str]:
    return [seen.path + ("?" + seen.query if seen.query else "") for seen in server.requests()
            if ".." in seen.path or "%2e" in seen.path.lower() or seen.query]


# finding 6: bounded answers ------------------------------------------------------------------------

def arrange_huge_answer(server: HostileServer, declare_length: bool) -> list[dict[str, Any]]:
    server.script("GET", f"/v1/tasks/{TASK_ID}", huge(GIB, declare_length))
    return play(server, read_task())


@pytest.mark.shared_case(arrange=arrange_huge_answer)
@pytest.mark.parametrize("declare_length", [True, False], ids=["with-content-length", "chunked"])
def test_a_huge_answer_is_refused_within_a_few_mebibytes(shared_run, request, declare_length):
    outcome, server = shared_run.case(request.node.name)

    assert outcome.failed(READ)
    assert outcome.task(READ)["msg"] == f"GET /tasks/{TASK_ID}: HTTP 200 answer is larger than 4 MiB, far above any real answer; " \
                                        "it was not read further"
    assert len(server.requests()) == 1  # not downloaded again
    assert_clean(outcome, server)


def arrange_html_answer(server: HostileServer) -> list[dict[str, Any]]:
    server.script("GET", f"/v1/tasks/{TASK_ID}", answer_raw(b"<html><body>" + b"x" * 3_000_000 + b"</body></html>", content_type="text/html"))
    return play(server, read_task())


@pytest.mark.shared_case(arrange=arrange_html_answer)
def test_an_answer_that_is_not_json_is_downloaded_once(shared_run, request):
    outcome, server = shared_run.case(request.node.name)

    assert outcome.task(READ)["msg"].startswith(f"GET /tasks/{TASK_ID}: HTTP 200 answer is not valid JSON (starts with '<html><body>xxx")
    assert len(server.requests()) == 1
    assert_clean(outcome, server)


def arrange_trickling_answer(server: HostileServer) -> list[dict[str, Any]]:
    server.script("GET", f"/v1/tasks/{TASK_ID}", trickle(b'{"taskId": "' + b" " * 5000 + b'"}', interval=0.5))
    return play(server, read_task(), api_timeout=5, wait_timeout=8)


@pytest.mark.shared_case(arrange=arrange_trickling_answer)
def test_a_trickling_answer_cannot_hold_the_module_past_its_wait_timeout(shared_run, request):
    outcome, server = shared_run.case(request.node.name)

    assert outcome.failed(READ)
    assert "no complete answer within" in outcome.task(READ)["msg"]
    # 5000 bytes at 2 per second would take 40 minutes; the run ends a few seconds after its wait_timeout.
    assert_clean(outcome, server, time_bound=8 + 30)


# finding 3: answers no parser expected --------------------------------------------------------------

def arrange_key_as_task_id(server: HostileServer) -> list[dict[str, Any]]:
    server.script("GET", f"/v1/tasks/{TASK_ID}", echo_key(lambda key: task_body(task_id=key, resourceId=key)))
    return play(server, read_task())


@pytest.mark.shared_case(arrange=arrange_key_as_task_id)
def test_a_key_echoed_as_a_task_id_is_masked(shared_run, request):
    outcome, server = shared_run.case(request.node.name)

    assert_clean(outcome, server)


def arrange_key_as_subscription_id(server: HostileServer) -> list[dict[str, Any]]:
    server.script("GET", "/v1/subscriptions", echo_key(lambda key: {"accountId": 1, "subscriptions": [{**subscription(), "id": key}]}))
    return play(server, [create()])


@pytest.mark.shared_case(arrange=arrange_key_as_subscription_id)
def test_a_key_echoed_in_an_id_fails_naming_the_request_and_shows_no_key(shared_run, request):
    outcome, server = shared_run.case(request.node.name)

    assert outcome.failed(CREATE)
    assert "GET /subscriptions" in outcome.task(CREATE)["msg"]
    assert server.requests("POST") == []
    assert_clean(outcome, server)


def arrange_key_in_an_error(server: HostileServer) -> list[dict[str, Any]]:
    server.script("GET", f"/v1/tasks/{TASK_ID}", echo_key(lambda key: {"status": 400, "message": f"bad key {key!r}"}, status=400))
    return play(server, read_task())


@pytest.mark.shared_case(arrange=arrange_key_in_an_error)
def test_a_key_echoed_in_an_error_is_masked(shared_run, request):
    outcome, server = shared_run.case(request.node.name)

    assert outcome.task(READ)["msg"] == f"GET /tasks/{TASK_ID} failed: HTTP 400: bad key '********'"
    assert_clean(outcome, server)


GARBLED_SUBSCRIPTIONS = {
    "subscriptions as strings": {"accountId": 1, "subscriptions": ["hostile", "other"]},
    "null ids": {"accountId": 1, "subscriptions": [{**subscription(), "id": None}]},
    "subscriptions not a list": {"accountId": 1, "subscriptions": {"id": 1}},
}


def arrange_garbled_subscription_list(server: HostileServer, body: Any) -> list[dict[str, Any]]:
    server.script("GET", "/v1/subscriptions", answer_json(body))
    return play(server, [create()])


@pytest.mark.shared_case(arrange=arrange_garbled_subscription_list)
@pytest.mark.parametrize("body", GARBLED_SUBSCRIPTIONS.values(), ids=GARBLED_SUBSCRIPTIONS.keys())
def test_a_garbled_subscription_list_fails_naming_the_request(shared_run, request, body):
    outcome, server = shared_run.case(request.node.name)

    assert outcome.failed(CREATE)
    assert "GET /subscriptions" in outcome.task(CREATE)["msg"]
    assert server.requests("POST") == []
    assert_clean(outcome, server)


def arrange_task_answer(server: HostileServer, body: Any) -> list[dict[str, Any]]:
    server.script("GET", f"/v1/tasks/{TASK_ID}", answer_json(body))
    return play(server, read_task())


@pytest.mark.shared_case(arrange=arrange_task_answer)
@pytest.mark.parametrize("body", [[task_body()], "processing-completed", 7], ids=["list", "string", "number"])
def test_a_task_answer_that_is_not_an_object_fails_naming_the_request(shared_run, request, body):
    outcome, server = shared_run.case(request.node.name)

    assert outcome.failed(READ)
    assert f"GET /tasks/{TASK_ID}" in outcome.task(READ)["msg"]
    assert_clean(outcome, server)


# finding 8: ids from the server never leave the API's paths ----------------------------------------

def arrange_resource_id(server: HostileServer, resource_id: str) -> list[dict[str, Any]]:
    server.script("GET", "/v1/tasks/*", answer_json(task_body(resourceId=resource_id)))
    return play(server, [create(wait=True, wait_timeout=30)])


@pytest.mark.shared_case(arrange=arrange_resource_id)
@pytest.mark.parametrize("resource_id", ["7/../../x", "../subscriptions", "7?evil=1", "7#x", "%2e%2e"])
def test_a_resource_id_that_is_not_an_id_is_never_put_in_a_path(shared_run, request, resource_id):
    outcome, server = shared_run.case(request.node.name)

    assert outcome.failed(CREATE)
    assert unsafe_paths(server) == []
    assert_clean(outcome, server)


def arrange_task_id(server: HostileServer, task_id: str) -> list[dict[str, Any]]:
    server.script("POST", "/v1/subscriptions", answer_json(task_body(task_id=task_id, status="received"), status=202))
    return play(server, [create(wait=True, wait_timeout=30)])


@pytest.mark.shared_case(arrange=arrange_task_id)
@pytest.mark.parametrize("task_id", ["../subscriptions", "abc?evil=1", "../../v1/subscriptions", "x#y"])
def test_a_task_id_that_is_not_a_task_id_is_never_put_in_a_path(shared_run, request, task_id):
    outcome, server = shared_run.case(request.node.name)

    assert outcome.failed(CREATE)
    assert unsafe_paths(server) == []
    assert [seen.path for seen in server.requests("GET") if seen.path.startswith("/v1/tasks/")] == []
    assert_clean(outcome, server)


# finding 9: numbers ---------------------------------------------------------------------------------

NUMBERS = {
    "nan dataset size": (CREATE, [create(databases=[{"name": "db", "dataset_size_in_gb": "nan"}])],
                         "databases[0].dataset_size_in_gb must be a finite number (got nan)"),
    "inf dataset size": (CREATE, [create(databases=[{"name": "db", "dataset_size_in_gb": "inf"}])],
                         "databases[0].dataset_size_in_gb must be a finite number (got inf)"),
    "nan poll_interval": (READ, [task(READ, "redis_cloud_task_info", task_id=TASK_ID, poll_interval="nan")],
                          "poll_interval must be a finite number (got nan)"),
    "tiny poll_interval": (READ, [task(READ, "redis_cloud_task_info", task_id=TASK_ID, wait=True, poll_interval=0.0001)],
                           "poll_interval must be at least 1 second (got 0.0001)"),
}


def arrange_number(server: HostileServer, tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return play(server, tasks)


@pytest.mark.shared_case(arrange=arrange_number)
@pytest.mark.parametrize("name, tasks, message", NUMBERS.values(), ids=NUMBERS.keys())
def test_a_number_that_is_not_finite_or_too_small_is_refused_before_any_request(shared_run, request, name, tasks, message):
    outcome, server = shared_run.case(request.node.name)

    assert outcome.failed(name)
    assert outcome.task(name)["msg"].startswith(message)
    assert server.requests() == []
    assert_clean(outcome, server)


def arrange_listing(server: HostileServer) -> list[dict[str, Any]]:
    server.script("GET", "/v1/subscriptions", answer_json({"accountId": 1, "subscriptions": [subscription(SUBSCRIPTION_ID)]}))
    return play(server, [task(LIST, "redis_cloud_subscription_info")])


@pytest.mark.shared_case(arrange=arrange_listing)
def test_the_subscription_id_in_a_listing_is_used_as_given(shared_run, request):
    """Baseline for the garbled cases: a well-formed listing with the named subscription means no create."""
    outcome, server = shared_run.case(request.node.name)

    assert [item["id"] for item in outcome.task(LIST)["subscriptions"]] == [SUBSCRIPTION_ID]
    assert_clean(outcome, server)
