"""ACL users created twice: by two plays at once, and by a run that starts while the first one's user is not listed yet.

The API refuses a second user of one name (ACL_USER_NAME_ALREADY_EXISTS), so a client that created twice would fail;
the module must find the first one instead (the controller lock, and its proof of absence over the listing lag).
"""

from __future__ import annotations

from acl_helpers import acl_password, acl_runner, arrange_databases, check_play, live_users, settled_for_good
from harness import PlaybookRun, PlaybookRunner
from test_races import run_in_thread

PLAY = "acl_user.yml"
TASK = "Manage the user"


def user_creates(sim) -> int:
    return sum(1 for entry in sim.requests() if entry["method"] == "POST" and entry["path"] == "/v1/acl/users")


def arrange_role(sim) -> None:
    databases = arrange_databases(sim)
    body = {"name": "readers", "redisRules": [{"ruleName": "Read-Only", "databases": [
        {"subscriptionId": databases["subscription_id"], "databaseId": databases["first_database_id"]}]}]}
    assert sim.api("POST", "/acl/roles", body).status_code == 202
    settled_for_good(sim, "roles", "readers", "/acl/roles")


def test_two_plays_creating_one_user_name_at_once_make_one_user(sim):
    arrange_role(sim)
    runner = PlaybookRunner(sim)
    runs: list[PlaybookRun] = []
    variables = {"user_name": "twin", "role_name": "readers", "user_password": acl_password("twin")}
    threads = [run_in_thread(runner, PLAY, variables, runs) for _index in range(2)]
    for thread in threads:
        thread.join(timeout=600)

    assert [played.rc for played in runs] == [0, 0], [played.stdout for played in runs]
    assert len(live_users(sim, "twin")) == 1
    assert user_creates(sim) == 1
    assert sorted(played.task(TASK)["changed"] for played in runs) == [False, True]
    assert len({played.task(TASK)["acl_user_id"] for played in runs}) == 1
    for played in runs:
        check_play(sim, played, extra_vars=variables)


def test_a_run_that_starts_while_the_new_user_is_not_listed_finds_it(sim, run_playbook):
    arrange_role(sim)
    sim.configure(acl_not_listed_seconds=600)  # 3 s: longer than ansible-playbook takes to start the next task
    variables = {"user_name": "lagging", "role_name": "readers", "user_password": acl_password("lag"), "first_wait": False,
                 "create_twice": True}

    played = acl_runner(sim, run_playbook)(PLAY, variables)

    assert played.rc == 0, played.stdout + played.stderr
    first, second = played.task(TASK), played.task("Manage the user again")
    assert first["changed"] and not second["changed"] and second["acl_user_id"] == first["acl_user_id"]
    assert user_creates(sim) == 1 and len(live_users(sim, "lagging")) == 1
