"""Reproductions of the module faults the soak found (docs/reliability.md, `make soak`), one fault at a time.

Each test injects, with ``count`` rules, the fault a failed soak cycle met, at the request
where it met it, and asserts what the soak expects of the module: the play completes, and
the simulator holds exactly what the play reports.

Finding S1: a read answered ``200`` with a body that is not JSON (a gateway's page) fails the
module at once: the client reads a non-JSON 200 once and never again. In the soak (seed 1, 200
cycles) it ended 100 of the 200 cycles, on every read the modules make: the subscription
listing, a subscription, a database listing, a database, the task listing and a task.

Finding S2: when the answer to a create was lost and a read failed while the module was finding
out whether the create was done, the module failed naming only the read. The subscription had
been created; the play was told neither its id nor that it might exist (soak-0172: an orphan).
"""

from __future__ import annotations

from typing import Any

import pytest
from subscription_helpers import MANAGE, MANAGE_TASK, create_directly, live_subscriptions, plan, request_mark

SUBSCRIPTION_PLAY = "fault_subscription.yml"
SUBSCRIPTION_TASK = "Manage the subscription"
DATABASE_PLAY = "database_manage.yml"
DATABASE_TASK = "Manage the database"


def fault(kind: str, method: str, path: str, count: int = 1, **parameters: Any) -> dict[str, Any]:
    return {"kind": kind, "method": method, "path": path, "count": count, **parameters}


def passed_over(method: str, path: str, count: int) -> dict[str, Any]:
    """A harmless rule that takes the next ``count`` matching requests, so that the rule after it
    fires on a later one (the first rule that fires wins)."""
    return fault("slow", method, path, count=count, delay=0)


def requests_since(sim, mark: int) -> list[dict[str, Any]]:
    return sim.requests()[mark:]


def retried_after(log: list[dict[str, Any]], kind: str) -> bool:
    """The request that met ``kind`` was sent again afterwards and answered."""
    faulted = next(position for position, entry in enumerate(log) if entry["fault"] == kind)
    method, path = log[faulted]["method"], log[faulted]["path"]
    return any(entry["method"] == method and entry["path"] == path and entry["status"] == 200 and entry["fault"] is None
               for entry in log[faulted + 1:])


def live_databases(sim, subscription_id: int, name: str | None = None) -> list[dict[str, Any]]:
    return [db for db in sim.state()["databases"]
            if db["subscription_id"] == subscription_id and not db["deleted"] and (name is None or db["name"] == name)]


# Finding S1 ----------------------------------------------------------------------------------------

# The reads of a subscription's rename where the soak saw them fail (soak-0012, soak-0017, soak-0006).
RENAME_READS = {
    "the subscription": "/v1/subscriptions/*",
    "its databases": "/v1/subscriptions/*/databases",
    "the rename task": "/v1/tasks/*",
}


@pytest.mark.parametrize("path", RENAME_READS.values(), ids=RENAME_READS.keys())
def test_s1_a_rename_survives_one_read_answered_with_a_page_that_is_not_json(sim, run_playbook, path):
    subscription_id = create_directly(sim, "before")
    sim.configure(faults=[fault("non_json", "GET", path)])
    mark = request_mark(sim)

    run = run_playbook(SUBSCRIPTION_PLAY, {"subscription_id": subscription_id, "subscription_name": "after"})

    assert sim.state()["faults"]["injected"] == {"non_json": 1}
    assert run.rc == 0, run.task(SUBSCRIPTION_TASK)["msg"]
    assert run.task(SUBSCRIPTION_TASK)["changed"] is True
    assert [s["name"] for s in live_subscriptions(sim)] == ["after"]
    assert retried_after(requests_since(sim, mark), "non_json")


# The reads of a create where the soak saw them fail (soak-0010: the listing by name; soak-0071: the task listing).
CREATE_READS = {"the subscription listing": "/v1/subscriptions", "the task listing": "/v1/tasks"}


@pytest.mark.parametrize("path", CREATE_READS.values(), ids=CREATE_READS.keys())
def test_s1_a_create_survives_one_read_answered_with_a_page_that_is_not_json(sim, run_playbook, path):
    sim.configure(faults=[fault("non_json", "GET", path)])
    mark = request_mark(sim)

    run = run_playbook(MANAGE, plan("paged"))

    assert sim.state()["faults"]["injected"] == {"non_json": 1}
    assert run.rc == 0, run.task(MANAGE_TASK)["msg"]
    created = live_subscriptions(sim, "paged")
    assert len(created) == 1 and run.task(MANAGE_TASK)["subscription_id"] == created[0]["id"]
    assert retried_after(requests_since(sim, mark), "non_json")


# The reads of redis_cloud_database where the soak saw them fail (soak-0000: the listing by name; soak-0062: the database).
DATABASE_READS = {"the database listing": "/v1/subscriptions/*/databases", "the database": "/v1/subscriptions/*/databases/*"}


@pytest.mark.parametrize("path", DATABASE_READS.values(), ids=DATABASE_READS.keys())
def test_s1_a_database_resize_survives_one_read_answered_with_a_page_that_is_not_json(sim, run_playbook, path):
    subscription_id = create_directly(sim, "host")  # its creation plan has the database "db", 1 GB
    sim.configure(faults=[fault("non_json", "GET", path)])
    mark = request_mark(sim)

    run = run_playbook(DATABASE_PLAY, {"subscription_id": subscription_id, "database_name": "db", "dataset_size_in_gb": 2})

    assert sim.state()["faults"]["injected"] == {"non_json": 1}
    assert run.rc == 0, run.task(DATABASE_TASK)["msg"]
    resized = live_databases(sim, subscription_id, "db")
    assert len(resized) == 1 and resized[0]["spec"]["datasetSizeInGb"] == 2
    assert run.task(DATABASE_TASK)["database_id"] == resized[0]["id"]
    assert retried_after(requests_since(sim, mark), "non_json")


# Finding S2 ----------------------------------------------------------------------------------------

def lost_create_then(read_fault: dict[str, Any]) -> list[dict[str, Any]]:
    """The create acts and its answer is lost; the first task listing after it meets ``read_fault``.
    The two before the create (the module looks twice for creates in flight, proving absence) are
    passed over; assert_read_fault_came_after_the_create checks that the fault met the right one."""
    return [fault("drop_after", "POST", "/v1/subscriptions"), passed_over("GET", "/v1/tasks", 2), read_fault]


def assert_read_fault_came_after_the_create(log: list[dict[str, Any]], kind: str) -> None:
    create = next(position for position, entry in enumerate(log) if entry["method"] == "POST")
    faulted = next(position for position, entry in enumerate(log) if entry["fault"] == kind)
    assert faulted > create, "the read fault must meet the module while it confirms the lost create"


def test_s2_a_lost_create_confirmed_through_a_garbled_read_ends_with_one_subscription_reported(sim, run_playbook):
    # soak-0172: POST /subscriptions dropped after acting, then GET /tasks answered with a page.
    sim.configure(faults=lost_create_then(fault("non_json", "GET", "/v1/tasks")))
    mark = request_mark(sim)

    run = run_playbook(MANAGE, plan("lost"))

    assert_read_fault_came_after_the_create(requests_since(sim, mark), "non_json")
    assert run.rc == 0, run.task(MANAGE_TASK)["msg"]
    created = live_subscriptions(sim, "lost")
    assert len(created) == 1 and run.task(MANAGE_TASK)["subscription_id"] == created[0]["id"]


def test_s2_a_lost_create_that_cannot_be_confirmed_fails_saying_the_create_may_have_been_done(sim, run_playbook):
    # The same, with the task listing failing for good: the module must fail, and its message must
    # name the write whose outcome it could not learn, not only the read that failed.
    sim.configure(faults=lost_create_then(fault("http_error", "GET", "/v1/tasks", count=100, status=503)))
    mark = request_mark(sim)

    run = run_playbook(MANAGE, plan("unknown", wait_timeout=60))

    assert_read_fault_came_after_the_create(requests_since(sim, mark), "http_error")
    assert run.rc != 0
    assert len(live_subscriptions(sim, "unknown")) == 1  # the create was done
    message = run.task(MANAGE_TASK)["msg"]
    assert "POST /subscriptions" in message, message
