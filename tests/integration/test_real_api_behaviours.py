"""Ordinary plays against the real API's recorded behaviours (issue 9).

The simulator plays, by default, what other clients recorded against the live Redis Cloud API
(tests/simulator/README.md, "Behaviours and evidence"). Where the evidence leaves two readings
(what GET /tasks lists and in which shape, how long a new subscription stays unlisted, the channel
of a refusal, the shape of error bodies), each test runs under both: a user meets one of them, and
we do not know which.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import requests
from background import in_background
from database_helpers import live_databases
from harness import PlaybookRunner, SimulatorProcess, new_credentials
from subscription_helpers import MANAGE, MANAGE_TASK, api_writes, create_directly, live_subscriptions, plan, request_mark
from waiting import wait_for

SUBSCRIPTION = "real_api_subscription.yml"
RERUN = "real_api_rerun.yml"
FAN_OUT = "subscription_info_fan_out.yml"
TASK_INFO = "task_info.yml"
SUBSCRIPTIONS_PATH = "/v1/subscriptions"
CREATE = "subscriptionCreateRequest"
TOO_MANY_PENDING = "TOO_MANY_PENDING_SUBSCRIPTIONS"
NOT_ACTIVE = "SUBSCRIPTION_NOT_ACTIVE"
# The live API's text for a refusal of a change to a subscription that is not active, typo included
# (RedisLabs/rediscloud-go-api latest_imports_test.go).
NOT_ACTIVE_TEXT = "Cannot preform any actions for subscription that is not in an active state"

TASKS_LISTINGS = ["running", "recent"]
TASKS_LISTING_SHAPES = ["array", "object", "object_or_empty"]
ERROR_BODIES = ["real", "api"]
# A subscription that stays pending for the whole test (a real one takes 10-15 minutes).
PROVISIONING_FOREVER = {"subscription_provisioning_seconds": 1_000_000}
# The old reading of the listing lags: readable, listed and with its creation plan as soon as the task completes.
NO_LAG = {"subscription_not_found_seconds": 0, "subscription_not_listed_seconds": 0, "creation_plan_listed_after_active_seconds": 0}


# helpers -----------------------------------------------------------------------------------------

def subscription_named(sim: SimulatorProcess, name: str) -> dict[str, Any] | None:
    return next(iter(live_subscriptions(sim, name)), None)


def subscription_by_id(sim: SimulatorProcess, subscription_id: int) -> dict[str, Any]:
    return next(s for s in sim.state()["subscriptions"] if s["id"] == subscription_id)


def creates(sim: SimulatorProcess, since: int = 0) -> list[dict[str, Any]]:
    return [entry for entry in api_writes(sim, since) if (entry["method"], entry["path"]) == ("POST", SUBSCRIPTIONS_PATH)]


def logged(sim: SimulatorProcess, method: str, path: str, since: int = 0) -> list[dict[str, Any]]:
    return [entry for entry in sim.requests()[since:] if entry["method"] == method and entry["path"] == path]


def tasks_failed_with(sim: SimulatorProcess, error_type: str) -> list[dict[str, Any]]:
    return [task for task in sim.state()["tasks"]
            if task["status"] == "processing-error" and (task["response"].get("error") or {}).get("type") == error_type]


def timeline_statuses(result: dict[str, Any], what: str) -> list[Any]:
    return [entry["status"] for entry in result["timeline"] if entry["what"] == what]


def sim_time_of(sim: SimulatorProcess) -> Callable[[float], float]:
    """Maps the Unix time of a logged request to simulated seconds (speed must not change afterwards)."""
    state, wall = sim.state(), time.time()
    return lambda unix_time: state["now"] - (wall - unix_time) * state["speed"]


def api_plan(name: str, with_protocol: bool = True) -> dict[str, Any]:
    """A create body (SubscriptionCreateRequest) as another tool sends it, for arranging a test."""
    database: dict[str, Any] = {"name": "db", "datasetSizeInGb": 1}
    if with_protocol:
        database["protocol"] = "redis"
    return {"name": name, "paymentMethod": "marketplace", "cloudProviders": [{"regions": [{"region": "us-east-1"}]}],
            "databases": [database]}


def marketplace_plan(name: str, **overrides: Any) -> dict[str, Any]:
    """Extra vars matching api_plan(): what a play that manages that subscription by name says."""
    return plan(name, payment_method="marketplace", payment_method_id=None,
                cloud_providers=[{"regions": [{"region": "us-east-1"}]}],
                databases=[{"name": "db", "dataset_size_in_gb": 1}], **overrides)


def create_active(sim: SimulatorProcess, body: dict[str, Any]) -> int:
    """Create through the API itself (arranging a test): the subscription active and its creation plan listed."""
    answer = sim.api("POST", "/subscriptions", body)
    assert answer.status_code == 202, answer.text
    task_id = answer.json()["taskId"]

    def settled() -> int | None:
        task = next(t for t in sim.state()["tasks"] if t["taskId"] == task_id)
        if task["status"] != "processing-completed":
            return None
        subscription_id = task["response"]["resourceId"]
        listing = sim.api("GET", f"/subscriptions/{subscription_id}/databases")
        if subscription_by_id(sim, subscription_id)["status"] != "active" or listing.status_code != 200:
            return None
        return subscription_id

    return wait_for(settled, f"subscription {body['name']!r} active with its databases listed")


def settled_without_databases(sim: SimulatorProcess, name: str) -> int:
    """An active subscription whose only database was deleted: its databases listing answers 404."""
    subscription_id = create_directly(sim, name)
    [database_id] = subscription_by_id(sim, subscription_id)["database_ids"]
    answer = sim.api("DELETE", f"/subscriptions/{subscription_id}/databases/{database_id}")
    assert answer.status_code in (200, 202), answer.text
    wait_for(lambda: not live_databases(sim, subscription_id) and subscription_by_id(sim, subscription_id)["status"] == "active",
             "the database deleted and the subscription active again")
    return subscription_id


def no_html(text: str) -> bool:
    return re.search(r"</?[a-zA-Z][^>]*>", text) is None


# create with wait: the creation plan's database ids -----------------------------------------------

@pytest.mark.parametrize("lags", [{}, NO_LAG, {"creation_plan_listed_after_active_seconds": 1000}],
                         ids=["real-lags", "no-lag", "plan-listed-5s-after-active"])
def test_create_with_wait_returns_the_ids_of_the_creation_plan_databases(sim, run_playbook, lags):
    # The create task answers only response.resourceId (redis/docs manage-tasks.md, Go client fixtures), and the
    # subscription reads active before its creation-plan databases are listed (Terraform's pro subscription
    # resource): the ids come from the listing, once it shows the plan.
    sim.configure(**lags)
    databases = [{"name": "cache", "dataset_size_in_gb": 1}, {"name": "store", "dataset_size_in_gb": 1, "quantity": 2}]

    run = run_playbook(MANAGE, plan("orders", databases=databases))

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    created = subscription_named(sim, "orders")
    assert created is not None
    assert set(result["task"]["response"]) <= {"resourceId", "additionalResourceId"}  # no response.resource.databases
    assert result["subscription_id"] == created["id"] and result["subscription"]["status"] == "active"
    assert len(created["database_ids"]) == 3
    assert sorted(result["database_ids"]) == sorted(created["database_ids"])
    assert result["ansible_facts"]["redis_cloud_database_ids"] == result["database_ids"]


# wait=false, then the same task again ------------------------------------------------------------

RERUN_SPEED = 100  # sim seconds per real second in the re-run tests
# The create task ends 60 ms (real) after it was accepted, long before ansible-playbook starts the next module run;
# the subscription stays pending throughout.
RERUN_TIMINGS = {"speed": RERUN_SPEED, "task_received_seconds": 1, "task_durations": {CREATE: 5}, **PROVISIONING_FOREVER}
# After its create task completed, the new subscription stays neither readable nor listed until the test ends the
# lag (POST /_simulator/end-subscription-lags): the lag is held for as long as the test needs, whatever the load.
HELD_LAG = {"subscription_not_found_seconds": 1_000_000, "subscription_not_listed_seconds": 1_000_000}
# The module looks at the account again 5 s after a first look that found nothing. The test ends the lag once the
# re-run's first look is over, i.e. once no request has come for this long since the re-run's first one: that falls
# inside the module's 5 s pause, so the first look sees the lag and the second one does not.
FIRST_LOOK_OVER_AFTER_QUIET_SECONDS = 1.5


def first_request_after(sim: SimulatorProcess, unix_time: float) -> float:
    return next(entry["time"] for entry in sim.requests() if entry["path"].startswith("/v1/") and entry["time"] > unix_time)


def end_the_lag_after_the_first_look(sim: SimulatorProcess, play_ended: Callable[[], bool]) -> None:
    """While the play runs: once the re-run's first look (the first request after the create) is over, end the lag."""

    def first_look_over() -> bool:
        log = [entry for entry in sim.requests() if entry["path"].startswith("/v1/")]
        post = next((index for index, entry in enumerate(log) if (entry["method"], entry["path"]) == ("POST", SUBSCRIPTIONS_PATH)), None)
        if post is None or post == len(log) - 1:
            return play_ended()
        return time.time() - log[-1]["time"] >= FIRST_LOOK_OVER_AFTER_QUIET_SECONDS or play_ended()

    wait_for(first_look_over, "the re-run's first look", timeout=120)
    sim.end_subscription_lags()


@pytest.mark.parametrize("rerun_delay", [0, 1, 3])
@pytest.mark.parametrize("tasks_listing", TASKS_LISTINGS)
def test_rerun_of_a_wait_false_create_in_the_listing_lag_finds_it_and_creates_nothing(sim, run_playbook, tasks_listing, rerun_delay):
    # Issue 9: the create task has completed (GET /tasks no longer shows it under "running") while the new
    # subscription is neither readable nor listed yet (terraform-provider-rediscloud issue #150: 404 after the
    # task completed). No recorded answer says how long that lasts.
    sim.configure(tasks_listing=tasks_listing, **RERUN_TIMINGS, **HELD_LAG)
    to_sim_time = sim_time_of(sim)

    with in_background(run_playbook, RERUN, {**plan("tenant"), "rerun_delay": rerun_delay}) as playing:
        end_the_lag_after_the_first_look(sim, playing.done)
        run = playing.result()

    assert run.rc == 0, run.stdout + run.stderr
    first, again = run.task("Create without waiting"), run.task("Run the same task again")
    assert first["changed"] is True and first["task_id"]
    # The arrangement: the re-run's first look at the account came after the create task had completed and
    # before the subscription was readable or listed: the window where a second create used to be sent.
    create_task = min((t for t in sim.state()["tasks"] if t["commandType"] == CREATE), key=lambda t: t["submitted_at"])
    subscription = next(s for s in sim.state()["subscriptions"] if s["id"] == create_task["response"]["resourceId"])
    rerun_first_look = to_sim_time(first_request_after(sim, creates(sim)[0]["time"]))
    assert create_task["finished_at"] < rerun_first_look < min(subscription["listed_at"], subscription["visible_at"]), (
        create_task["finished_at"], rerun_first_look, subscription)
    # What the user sees: one subscription, and a re-run that changed nothing.
    assert len(creates(sim)) == 1, f"the re-run sent a second create: {again['timeline']}"
    assert [s["id"] for s in live_subscriptions(sim)] == [subscription["id"]]
    assert again["subscription_id"] == subscription["id"] and again["subscription"]["status"] == "pending"
    assert again["changed"] is False, f"the re-run reports a change it did not make: {again['timeline']}"


# a pending subscription: check mode and a re-run ------------------------------------------------

CLOUD_PROVIDERS = {
    "single-region": [{"provider": "AWS", "regions": [{"region": "us-east-1", "networking": {"deployment_cidr": "10.0.0.0/24"}}]}],
    "multi-az": [{"provider": "AWS", "regions": [{
        "region": "us-east-1", "multiple_availability_zones": True,
        "preferred_availability_zones": ["use1-az1", "use1-az2", "use1-az4"],
        "networking": {"deployment_cidr": "10.0.1.0/24"},
    }]}],
}


def pending_created_by_the_module(sim: SimulatorProcess, run_playbook: Callable[..., Any], variables: dict[str, Any]) -> dict[str, Any]:
    """A subscription the module created with wait=false, listed and still pending (it reads "cloudDetails": [])."""
    sim.configure(**PROVISIONING_FOREVER)
    started = run_playbook(SUBSCRIPTION, {**variables, "wait": False})
    assert started.rc == 0, started.stdout + started.stderr
    subscription_id = wait_for(lambda: started.task("Manage the subscription")["subscription_id"]
                               or (subscription_named(sim, variables["subscription_name"]) or {}).get("id"), "the create accepted")
    wait_for(lambda: sim.api("GET", "/subscriptions").json().get("subscriptions"), "the subscription listed")
    read_back = sim.api("GET", f"/subscriptions/{subscription_id}").json()
    assert read_back["status"] == "pending" and read_back["cloudDetails"] == []
    return read_back


@pytest.mark.parametrize("region", CLOUD_PROVIDERS.keys())
def test_check_mode_on_a_pending_subscription_reports_no_change_and_no_replacement(sim, run_playbook, region):
    variables = plan("pending-check", cloud_providers=CLOUD_PROVIDERS[region])
    pending = pending_created_by_the_module(sim, run_playbook, variables)
    mark = request_mark(sim)

    run = run_playbook(SUBSCRIPTION, variables, check=True, diff=True)

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task("Manage the subscription")
    assert "must be replaced" not in run.stdout
    assert result["changed"] is False
    assert result["subscription_id"] == pending["id"]
    assert api_writes(sim, mark) == []


@pytest.mark.parametrize("tasks_listing", TASKS_LISTINGS)
def test_rerun_of_a_wait_false_create_while_pending_is_ok_and_unchanged(sim, run_playbook, tasks_listing):
    sim.configure(tasks_listing=tasks_listing)
    variables = plan("pending-rerun", cloud_providers=CLOUD_PROVIDERS["single-region"])
    pending = pending_created_by_the_module(sim, run_playbook, variables)
    mark = request_mark(sim)

    run = run_playbook(SUBSCRIPTION, {**variables, "wait": False})

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task("Manage the subscription")
    assert result["changed"] is False
    assert result["subscription_id"] == pending["id"] and result["subscription"]["status"] == "pending"
    assert api_writes(sim, mark) == []
    assert len(live_subscriptions(sim, "pending-rerun")) == 1


# deletes once the databases are gone -------------------------------------------------------------

@pytest.mark.parametrize("error_bodies", ERROR_BODIES)
def test_delete_of_a_subscription_whose_databases_are_gone_sends_the_delete(sim, run_playbook, error_bodies):
    # GET .../databases answers 404 "Subscription N: no databases found" when there are none
    # (danitseitlin/redis-cloud-api-sdk tests/integration/cleanup.ts, live).
    sim.configure(error_bodies=error_bodies)
    subscription_id = settled_without_databases(sim, "emptied")
    listing = sim.api("GET", f"/subscriptions/{subscription_id}/databases")
    assert listing.status_code == 404
    if error_bodies == "real":
        assert listing.json() == {"message": f"Subscription {subscription_id}: no databases found"}
    mark = request_mark(sim)

    run = run_playbook(MANAGE, {"subscription_name": "emptied", "subscription_state": "absent"})

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    assert result["changed"] is True and result["database_ids"] == []
    assert [(entry["method"], entry["path"]) for entry in api_writes(sim, mark)] == [("DELETE", f"/v1/subscriptions/{subscription_id}")]
    assert live_subscriptions(sim, "emptied") == []


@pytest.mark.parametrize("databases_left", [0, 1, 2])
def test_delete_databases_true_works_when_the_last_database_is_gone(sim, run_playbook, databases_left):
    if databases_left == 0:
        subscription_id = settled_without_databases(sim, "doomed")
    else:
        body = api_plan("doomed")
        body["databases"][0]["quantity"] = databases_left
        subscription_id = create_active(sim, body)
    mark = request_mark(sim)

    run = run_playbook(MANAGE, {"subscription_name": "doomed", "subscription_state": "absent", "delete_databases": True})

    assert run.rc == 0, run.stdout + run.stderr
    deletes = [entry["path"] for entry in api_writes(sim, mark)]
    assert len(deletes) == databases_left + 1
    assert deletes[-1] == f"/v1/subscriptions/{subscription_id}"
    assert all(path.startswith(f"/v1/subscriptions/{subscription_id}/databases/") for path in deletes[:-1])
    assert live_subscriptions(sim, "doomed") == []
    assert live_databases(sim, subscription_id) == []


# fan-out of five, then joined waits --------------------------------------------------------------

@pytest.mark.long_running
@pytest.mark.parametrize("tasks_listing, shape", [("running", "array"), ("recent", "object")], ids=["running-array", "recent-object"])
def test_fan_out_of_five_paces_itself_to_three_pending_and_the_joins_end_with_five_active(sim, run_playbook, tasks_listing, shape):
    # Provisioning (40 s real) outlasts three creates, so the fourth and fifth wait for a free slot; a new
    # subscription stays unlisted 3 s after its task completed (the safer reading of a lag no one measured).
    sim.configure(tasks_listing=tasks_listing, tasks_listing_shape=shape, subscription_provisioning_seconds=8000,
                  subscription_not_listed_seconds=600)
    names = [f"fan-{index}" for index in range(5)]

    run = run_playbook(FAN_OUT, {"subscription_names": names})

    assert run.rc == 0, run.stdout + run.stderr
    assert tasks_failed_with(sim, TOO_MANY_PENDING) == []
    assert len(creates(sim)) == 5
    ids_by_name = {s["name"]: s["id"] for s in live_subscriptions(sim)}
    assert sorted(ids_by_name) == names
    created = run.task("Join the create tasks")["resource_ids"]
    assert created == [ids_by_name[name] for name in names]
    ready = run.task("Join the subscriptions")
    assert ready["subscription_ids"] == created
    assert [s["status"] for s in ready["subscriptions"]] == ["active"] * 5
    # The arrangement: the account really was full when a create came, and that create waited for a slot.
    started = run.task("Start the creates")["results"]
    slots = [status for item in started for status in timeline_statuses(item, "pending subscription slots")]
    assert "3 of 3 taken" in slots, slots


# GET /tasks: the three shapes, both readings, and hundreds of old tasks ---------------------------

def submit(sim: SimulatorProcess, body: dict[str, Any]) -> str:
    answer = sim.api("POST", "/subscriptions", body)
    assert answer.status_code == 202, answer.text
    return answer.json()["taskId"]


def task_status(sim: SimulatorProcess, task_id: str) -> str | None:
    return next((t["status"] for t in sim.state()["tasks"] if t["taskId"] == task_id), None)


@pytest.mark.parametrize("tasks_listing", TASKS_LISTINGS)
@pytest.mark.parametrize("shape", TASKS_LISTING_SHAPES)
def test_task_info_lists_tasks_in_every_answer_shape(sim, run_playbook, shape, tasks_listing):
    # {"tasks": [...]}, a bare array and {} were all seen from GET /tasks (redis-cloud-rs fixes #56 and #85).
    sim.configure(tasks_listing=tasks_listing, tasks_listing_shape=shape)
    finished = submit(sim, {**api_plan("priced"), "dryRun": True})
    wait_for(lambda: task_status(sim, finished) == "processing-completed", "the dry run finished")
    sim.configure(task_durations={CREATE: 1_000_000})
    running = submit(sim, api_plan("provisioning"))
    wait_for(lambda: task_status(sim, running) == "processing-in-progress", "the create in progress")

    listed = run_playbook(TASK_INFO, {})
    creates_listed = run_playbook(TASK_INFO, {"command_type": CREATE, "status": "processing-in-progress"})

    assert listed.rc == 0 and creates_listed.rc == 0, listed.stdout + listed.stderr + creates_listed.stdout
    expected = [running] if tasks_listing == "running" else [running, finished]  # newest status update first
    assert [task["taskId"] for task in listed.task("Query tasks")["tasks"]] == expected
    assert [task["taskId"] for task in creates_listed.task("Query tasks")["tasks"]] == [running]


@pytest.mark.parametrize("tasks_listing", TASKS_LISTINGS)
@pytest.mark.parametrize("shape", TASKS_LISTING_SHAPES)
def test_task_info_lists_an_account_without_tasks_in_every_answer_shape(sim, run_playbook, shape, tasks_listing):
    sim.configure(tasks_listing=tasks_listing, tasks_listing_shape=shape)
    raw = sim.api("GET", "/tasks").json()
    assert raw == ({} if shape == "object_or_empty" else [] if shape == "array" else {"tasks": []})

    run = run_playbook(TASK_INFO, {})

    assert run.rc == 0, run.stdout + run.stderr
    assert run.task("Query tasks")["tasks"] == []


OLD_CREATES = 300


@pytest.fixture
def wall_clock_sim() -> Any:
    """A simulator of its own whose clock runs at real speed from its start.

    Task timestamps are the simulator's clock, which runs `speed` times faster than the wall: a session
    simulator that ran for minutes at speed 200 stamps new tasks hours into the future, and its "old"
    tasks would not look old to a client that compares timestamps with its own clock, as the module does.
    """
    simulator = SimulatorProcess(*new_credentials(), speed=1).start()
    simulator.configure(task_received_seconds=0.2, task_durations={CREATE: 1}, subscription_provisioning_seconds=3,
                        subscription_not_found_seconds=1, subscription_not_listed_seconds=2,
                        creation_plan_listed_after_active_seconds=1)
    try:
        yield simulator
    finally:
        assert simulator.stop() == 0


@pytest.mark.parametrize("shape", ["array", "object"])
def test_lost_create_answer_is_recovered_without_reading_hundreds_of_old_creates(wall_clock_sim, shape):
    # redis/docs manage-tasks.md: GET /tasks lists "all the tasks submitted during the past 10 days": hundreds
    # of old creates of subscriptions deleted since. Reading each by id would take minutes and the rate limit.
    sim = wall_clock_sim
    sim.configure(tasks_listing="recent", tasks_listing_shape=shape,
                  faults=[{"kind": "drop_after", "method": "POST", "path": SUBSCRIPTIONS_PATH, "count": 1}])
    answer = requests.post(f"{sim.base_url}/_simulator/old-tasks", timeout=10,
                           json={"count": OLD_CREATES, "commandType": CREATE, "max_age_seconds": 7 * 86400})
    assert answer.status_code in (200, 201, 204), answer.text
    old_ids = {t["response"]["resourceId"] for t in sim.state()["tasks"]}
    assert len(old_ids) == OLD_CREATES
    listed = sim.api("GET", "/tasks").json()
    assert len(listed if shape == "array" else listed["tasks"]) == OLD_CREATES  # what the module reads before a create

    run = PlaybookRunner(sim).run(MANAGE, marketplace_plan("survivor"))

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    [created] = live_subscriptions(sim, "survivor")
    assert len(creates(sim)) == 1
    assert result["subscription_id"] == created["id"] and result["subscription"]["status"] == "active"
    reads_by_id = [entry["path"] for entry in sim.requests() if entry["method"] == "GET"
                   and re.fullmatch(r"/v1/subscriptions/\d+", entry["path"])]
    assert not [path for path in reads_by_id if int(path.rsplit("/", 1)[1]) in old_ids], "an old create was read by id"
    assert len(reads_by_id) <= 30, reads_by_id


# refusals in the task ----------------------------------------------------------------------------

@pytest.mark.parametrize("channel", ["task", "http"])
def test_rename_refused_as_not_active_is_waited_out_and_sent_again(sim, run_playbook, channel):
    # SUBSCRIPTION_NOT_ACTIVE arrives as the task's processing-error (Go client latest_imports_test.go, captured
    # from the API) or as an HTTP 403 (the spec): either way nothing was done.
    subscription_id = create_directly(sim, "before")
    path = f"{SUBSCRIPTIONS_PATH}/{subscription_id}"
    sim.configure(not_active_error=channel, faults=[{"kind": "not_active", "method": "PUT", "path": path, "count": 1}])
    mark = request_mark(sim)

    run = run_playbook(MANAGE, {"subscription_id": subscription_id, "subscription_name": "after"})

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    assert result["changed"] is True and result["subscription"]["name"] == "after"
    puts = [entry for entry in api_writes(sim, mark) if entry["path"] == path]
    assert [entry["method"] for entry in puts] == ["PUT", "PUT"]
    assert puts[0]["status"] == (200 if channel == "task" else 403)
    assert f"refused: {NOT_ACTIVE}" in timeline_statuses(result, f"PUT /subscriptions/{subscription_id}")
    refused = tasks_failed_with(sim, NOT_ACTIVE)
    if channel == "task":
        [task] = refused
        assert task["response"]["error"] == {"type": NOT_ACTIVE, "status": "403 FORBIDDEN", "description": NOT_ACTIVE_TEXT}
        assert result["task_id"] != task["taskId"]
    else:
        assert refused == []
    assert [s["name"] for s in live_subscriptions(sim)] == ["after"]


# customer-managed keys ---------------------------------------------------------------------------

@pytest.mark.core_smoke
def test_create_with_customer_managed_key_stops_at_encryption_key_pending_with_a_warning_and_ids(sim, run_playbook):
    # Terraform's WaitForSubscriptionToBeEncryptionKeyPending; the Go client's encryption_key_pending constant.
    variables = {**plan("keyed"), "persistent_storage_encryption_type": "customer-managed-key"}

    run = run_playbook(SUBSCRIPTION, variables)

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task("Manage the subscription")
    [created] = live_subscriptions(sim, "keyed")
    assert created["status"] == "encryption_key_pending"
    assert result["changed"] is True
    assert result["subscription_id"] == created["id"] and result["task_id"]
    assert result["subscription"]["status"] == "encryption_key_pending"
    assert result["subscription"]["customerManagedKeyAccessDetails"]
    assert any("encryption_key_pending" in warning for warning in result.get("warnings", [])), result.get("warnings")
    assert "[WARNING]" in run.stdout + run.stderr
    assert result["database_ids"] == []  # the creation plan is listed only once the keys are supplied
    assert [db["listed_at"] for db in live_databases(sim, created["id"])] == [None]

    again = run_playbook(SUBSCRIPTION, variables)

    assert again.rc == 0, again.stdout + again.stderr
    rerun = again.task("Manage the subscription")
    assert rerun["changed"] is False and rerun["subscription_id"] == created["id"]
    assert any("encryption_key_pending" in warning for warning in rerun.get("warnings", []))
    assert len(creates(sim)) == 1
    # Nothing is left to wait for until the keys are supplied: the creation plan is not listed in that state, so
    # polling for it (up to a minute of wait_timeout) only delays the answer.
    plan_waits = [entry for entry in result["timeline"] if entry["what"] == f"databases of subscription {created['id']}"]
    assert plan_waits == [], result["timeline"]


def test_a_change_to_a_subscription_waiting_for_its_keys_fails_at_once_naming_the_status(sim, run_playbook):
    # While it waits for its keys, the API refuses every change but the keys themselves (Terraform's pro subscription
    # resource); the refusal cannot clear by waiting, so sending it again only fills the account's task list.
    keyed = {**plan("keyed"), "persistent_storage_encryption_type": "customer-managed-key", "wait": False}
    assert run_playbook(SUBSCRIPTION, keyed).rc == 0
    subscription = wait_for(lambda: next((s for s in live_subscriptions(sim, "keyed") if s["status"] == "encryption_key_pending"), None),
                            "the subscription waiting for its keys")
    mark = request_mark(sim)

    run = run_playbook(MANAGE, {"subscription_id": subscription["id"], "subscription_name": "renamed", "wait_timeout": 60})

    assert run.rc != 0
    result = run.task(MANAGE_TASK)
    assert "encryption_key_pending" in result["msg"], result["msg"]
    assert api_writes(sim, mark) == [], [(entry["method"], entry["path"]) for entry in api_writes(sim, mark)]
    assert [s["name"] for s in live_subscriptions(sim)] == ["keyed"]


def test_a_subscription_waiting_for_its_keys_can_be_deleted(sim, run_playbook):
    # Terraform's pro subscription resource deletes it in that state, creation plan and all.
    keyed = {**plan("keyed"), "persistent_storage_encryption_type": "customer-managed-key", "wait": False}
    assert run_playbook(SUBSCRIPTION, keyed).rc == 0
    subscription = wait_for(lambda: next((s for s in live_subscriptions(sim, "keyed") if s["status"] == "encryption_key_pending"), None),
                            "the subscription waiting for its keys")
    mark = request_mark(sim)

    run = run_playbook(MANAGE, {"subscription_name": "keyed", "subscription_state": "absent", "delete_databases": True})

    assert run.rc == 0, run.stdout + run.stderr
    assert run.task(MANAGE_TASK)["changed"] is True
    assert [(entry["method"], entry["path"]) for entry in api_writes(sim, mark)] == [("DELETE", f"/v1/subscriptions/{subscription['id']}")]
    assert live_subscriptions(sim) == []


# error bodies ------------------------------------------------------------------------------------

@pytest.mark.parametrize("error_bodies", ERROR_BODIES)
def test_wrong_keys_fail_naming_the_key_options_not_with_an_html_page(sim, run_playbook, error_bodies):
    # The live API answered a 401 with nginx's HTML page (redis/RedisInsight issue #6021).
    sim.configure(error_bodies=error_bodies)
    wrong_secret = "wrong-" + uuid.uuid4().hex

    run = run_playbook("task_info_credentials.yml",
                       {"given_api_key": sim.api_key, "given_api_secret_key": wrong_secret, "task_id": str(uuid.uuid4())},
                       with_credentials=False)

    assert run.rc != 0
    result = run.task("Query tasks")
    assert result["failure"]["status"] == 401
    assert "api_key" in result["msg"] and "api_secret_key" in result["msg"]
    assert no_html(result["msg"]), result["msg"]
    assert result["failure"]["description"] is None or no_html(result["failure"]["description"]), result["failure"]
    assert wrong_secret not in run.all_output


MISSING = {
    # play, extra vars, task name, the id the message must name
    "database-of-a-missing-subscription": ("database_manage.yml", {"subscription_id": 424242, "database_name": "cache",
                                                                   "dataset_size_in_gb": 1}, "Manage the database", "424242"),
    "subscription-by-id": (MANAGE, {"subscription_id": 424242, "subscription_name": "renamed"}, MANAGE_TASK, "424242"),
    "task-by-id": (TASK_INFO, {"task_id": "0f5b2b7e-8d6a-4a8e-9c1e-3d2f1a0b9c8d"}, "Query tasks", "0f5b2b7e-8d6a-4a8e-9c1e-3d2f1a0b9c8d"),
}


@pytest.mark.parametrize("error_bodies", ERROR_BODIES)
@pytest.mark.parametrize("play, variables, task, missing", MISSING.values(), ids=MISSING.keys())
def test_a_missing_resource_fails_naming_it_whatever_the_shape_of_the_404(sim, run_playbook, error_bodies, play, variables, task, missing):
    # A missing subscription answers Spring Boot's default body {timestamp, status, error, path}
    # (RedisLabs/rediscloud-go-api privatelink_test.go, psc_test.go), not {"error": {...}}.
    sim.configure(error_bodies=error_bodies)
    raw = sim.api("GET", "/subscriptions/424242")
    assert raw.status_code == 404
    assert set(raw.json()) == ({"timestamp", "status", "error", "path"} if error_bodies == "real" else {"error"})

    run = run_playbook(play, variables)

    assert run.rc != 0
    result = run.task(task)
    assert missing in result["msg"] and "not found" in result["msg"].lower(), result["msg"]
    assert result["failure"]["status"] == 404
    assert "timestamp" not in result["msg"] and "{" not in result["msg"], result["msg"]
    assert api_writes(sim) == []


# the rate limit ----------------------------------------------------------------------------------

@pytest.mark.long_running
@pytest.mark.parametrize("window_seconds", [10, 30])
def test_a_429_without_a_retry_header_is_waited_out_within_wait_timeout(sim, run_playbook, window_seconds):
    # The Go client reads only X-Rate-Limit-Remaining; no recorded 429 carries a retry-after header
    # (RedisLabs/rediscloud-go-api internal/http_client.go). Another pipeline on the same key used the window up.
    task_id = submit(sim, {**api_plan("priced"), "dryRun": True})
    wait_for(lambda: task_status(sim, task_id) == "processing-completed", "the dry run finished")
    sim.configure(rate_limit={"requests": 5, "window_seconds": window_seconds, "retry_after_headers": []})
    answers: list[int] = []
    while 429 not in answers:
        assert len(answers) <= 5, answers
        answers.append(sim.api("GET", "/payment-methods").status_code)
    mark = request_mark(sim)

    run = run_playbook("fault_task_read.yml", {"task_id": task_id, "wait_timeout": 90, "api_timeout": 10})

    assert run.rc == 0, run.stdout + run.stderr
    assert run.task("Read the task")["task"]["taskId"] == task_id
    reads = logged(sim, "GET", f"/v1/tasks/{task_id}", mark)
    assert reads[0]["status"] == 429 and reads[-1]["status"] == 200, [entry["status"] for entry in reads]


# dry-run pricing, creation plans without protocol, multi-AZ read-backs ---------------------------

@pytest.mark.parametrize("cloud_account_id", [None, 40000], ids=["redis-account", "own-cloud-account"])
def test_check_mode_returns_the_price_lines_as_the_api_sends_them(sim, run_playbook, cloud_account_id):
    # redis/docs dryrun-cost-estimates.md: lines such as "EBS Volume", an instance type or MinimumPrice come
    # without databaseName, some without pricePerUnit.
    provider: dict[str, Any] = {"provider": "AWS", "regions": [{"region": "us-east-1", "networking": {"deployment_cidr": "10.0.0.0/24"}}]}
    if cloud_account_id is not None:
        provider["cloud_account_id"] = cloud_account_id

    run = run_playbook(MANAGE, plan("quote", cloud_providers=[provider]), check=True)

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    pricing = result["pricing"]
    assert pricing == result["task"]["response"]["resource"]["pricing"]
    assert pricing[0]["databaseName"] == "cache"
    infrastructure = [line for line in pricing if "databaseName" not in line]
    assert infrastructure, pricing
    if cloud_account_id is None:
        assert [line["type"] for line in infrastructure] == ["MinimumPrice"]
    else:
        assert "EBS Volume" in [line["type"] for line in infrastructure]
        assert any("pricePerUnit" not in line for line in infrastructure)
    assert live_subscriptions(sim) == []


def test_a_creation_plan_without_protocol_is_accepted_and_managed(sim, run_playbook):
    # The spec's description: "Optional ... Default: 'redis'"; danitseitlin/redis-cloud-api-sdk created
    # subscriptions against the live API with {name, memoryLimitInGb} only.
    subscription_id = create_active(sim, api_plan("no-protocol", with_protocol=False))
    mark = request_mark(sim)

    again = run_playbook(MANAGE, marketplace_plan("no-protocol"))
    fresh = run_playbook(MANAGE, marketplace_plan("fresh"))

    assert again.rc == 0 and fresh.rc == 0, again.stdout + again.stderr + fresh.stdout + fresh.stderr
    assert again.task(MANAGE_TASK)["changed"] is False and again.task(MANAGE_TASK)["subscription_id"] == subscription_id
    assert fresh.task(MANAGE_TASK)["changed"] is True and fresh.task(MANAGE_TASK)["subscription"]["status"] == "active"
    [post] = creates(sim, mark)
    assert post["status"] == 202


@pytest.mark.parametrize("with_cidr", [True, False], ids=["deployment-cidr-set", "no-deployment-cidr"])
def test_a_multi_az_region_that_reads_back_no_deployment_cidr_is_not_replaced_on_rerun(sim, run_playbook, with_cidr):
    # Terraform blanks networking_deployment_cidr of multi-AZ regions (commit 8a2a10ab, provider/pro/flatten.go).
    cloud_providers = [{"provider": "AWS", "regions": [{
        "region": "us-east-1", "multiple_availability_zones": True,
        "preferred_availability_zones": ["use1-az1", "use1-az2", "use1-az4"],
        **({"networking": {"deployment_cidr": "10.0.1.0/24"}} if with_cidr else {}),
    }]}]
    variables = plan("zones", cloud_providers=cloud_providers)
    created = run_playbook(MANAGE, variables)
    assert created.rc == 0, created.stdout + created.stderr
    networking = created.task(MANAGE_TASK)["subscription"]["cloudDetails"][0]["regions"][0]["networking"]
    assert networking and all("deploymentCIDR" not in entry for entry in networking)
    mark = request_mark(sim)

    again = run_playbook(MANAGE, variables)

    assert again.rc == 0, again.stdout + again.stderr
    assert "must be replaced" not in again.stdout
    assert again.task(MANAGE_TASK)["changed"] is False
    assert api_writes(sim, mark) == []
