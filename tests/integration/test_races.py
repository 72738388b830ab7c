"""Races against the simulator (issue 10, findings 11 and 12): an update racing a delete, two plays creating one name.

Each play runs as ansible-playbook at -vvvv through the harness, so every run is also
searched for the credentials.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from harness import PlaybookRun, PlaybookRunner, SimulatorProcess
from subscription_helpers import MANAGE, MANAGE_TASK, create_directly, live_subscriptions, plan


def run_in_thread(runner: PlaybookRunner, playbook: str, extra_vars: dict[str, Any], runs: list[PlaybookRun]) -> threading.Thread:
    thread = threading.Thread(target=lambda: runs.append(runner.run(playbook, extra_vars)))
    thread.start()
    return thread


def wait_for_request(sim: SimulatorProcess, method: str, path: str, timeout: float = 60) -> None:
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        if any(entry["method"] == method and entry["path"] == path for entry in sim.requests()):
            return
        time.sleep(0.05)
    raise AssertionError(f"the play never sent {method} {path}")


def without_databases(sim: SimulatorProcess, name: str) -> int:
    """An active subscription whose creation-plan database was deleted, so that the API accepts its delete."""
    subscription_id = create_directly(sim, name)
    [database] = sim.api("GET", f"/subscriptions/{subscription_id}/databases").json()["subscription"][0]["databases"]
    assert sim.api("DELETE", f"/subscriptions/{subscription_id}/databases/{database['databaseId']}").status_code == 200
    ends = time.monotonic() + 60
    while time.monotonic() < ends:
        listed = sim.api("GET", f"/subscriptions/{subscription_id}/databases").status_code
        if listed == 404 and sim.api("GET", f"/subscriptions/{subscription_id}").json()["status"] == "active":
            return subscription_id
        time.sleep(0.1)
    raise AssertionError("the subscription did not lose its database in time")


def creates(sim: SimulatorProcess) -> list[dict[str, Any]]:
    return [entry for entry in sim.requests() if entry["method"] == "POST" and entry["path"] == "/v1/subscriptions"]


def test_an_update_racing_a_delete_says_at_once_that_the_subscription_was_deleted(sim, run_playbook):
    # The rename's task runs for a while; the subscription is deleted meanwhile (the account runs its
    # tasks one at a time, so the delete is processed right after the rename).
    subscription_id = without_databases(sim, "racing")
    sim.configure(speed=20, task_durations={"subscriptionUpdateRequest": 40, "subscriptionDeleteRequest": 3},
                  subscription_deletion_seconds=20)
    runs: list[PlaybookRun] = []
    options = {"subscription_id": subscription_id, "subscription_name": "renamed", "wait_timeout": 1800}
    thread = run_in_thread(PlaybookRunner(sim), MANAGE, options, runs)
    wait_for_request(sim, "PUT", f"/v1/subscriptions/{subscription_id}")
    assert sim.api("DELETE", f"/subscriptions/{subscription_id}").status_code == 200
    started = time.monotonic()
    thread.join(timeout=300)

    [run] = runs
    assert run.rc != 0
    result = run.task(MANAGE_TASK)
    assert f"Subscription {subscription_id}" in result["msg"]
    assert "deleted" in result["msg"] and "re-run" not in result["msg"].lower()
    # It said so at once, not after wait_timeout (1800 s) of "not visible yet".
    assert time.monotonic() - started < 60
    assert result["subscription_id"] == subscription_id


def test_two_plays_creating_one_name_on_one_controller_make_one_subscription(sim):
    runner = PlaybookRunner(sim)
    runs: list[PlaybookRun] = []
    threads = [run_in_thread(runner, MANAGE, plan("twins"), runs) for _index in range(2)]
    for thread in threads:
        thread.join(timeout=600)

    assert [run.rc for run in runs] == [0, 0], [run.stdout[-2000:] for run in runs]
    [subscription] = live_subscriptions(sim, "twins")
    results = [run.task(MANAGE_TASK) for run in runs]
    assert {result["subscription_id"] for result in results} == {subscription["id"]}
    assert sorted(result["changed"] for result in results) == [False, True]
    assert len(creates(sim)) == 1


def test_two_plays_that_no_lock_can_serialise_never_both_report_success_with_two_subscriptions(sim):
    # Two controllers (here: the same simulator reached as 127.0.0.1 and as localhost, so the lock files
    # differ) create one name at the same moment. The API cannot prevent two subscriptions; the module
    # must then fail loudly, naming both ids, rather than each run reporting its own.
    runner = PlaybookRunner(sim)
    other_url = sim.api_url.replace("127.0.0.1", "localhost")
    runs: list[PlaybookRun] = []
    threads = [run_in_thread(runner, MANAGE, plan("twins"), runs),
               run_in_thread(runner, MANAGE, {**plan("twins"), "sim_api_url": other_url}, runs)]
    for thread in threads:
        thread.join(timeout=600)

    made = live_subscriptions(sim, "twins")
    results = [run.task(MANAGE_TASK) for run in runs]
    if len(made) == 1:
        assert {result["subscription_id"] for result in results if result.get("subscription_id")} == {made[0]["id"]}
        return
    ids = sorted(subscription["id"] for subscription in made)
    assert len(ids) == 2
    failed = [result for run, result in zip(runs, results) if run.rc != 0]
    assert failed, "two subscriptions were made and both runs reported success"
    for result in failed:
        assert all(str(subscription_id) in result["msg"] for subscription_id in ids), result["msg"]
        assert "at the same moment" in result["msg"]
