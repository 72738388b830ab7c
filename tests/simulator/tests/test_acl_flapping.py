# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACL users and roles flip between pending and active after a write, and refuse writes while pending."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from acl_helpers import PASSWORD, create_role, done, listed, pro_database, role_body
from conftest import WRITE_TASK_SECONDS, Api
from essentials_helpers import task_error
from redis_cloud_simulator.config import DEFAULTS
from redis_cloud_simulator.essentials_acl_config import ESSENTIALS_ACL_DEFAULTS
from redis_cloud_simulator.timeline import flapping_phases


def _user_statuses(api: Api, user_id: int, seconds: int, step: float = 2.5) -> list[str]:
    statuses = []
    for dummy in range(int(seconds / step)):
        statuses.append(api.get(f"/acl/users/{user_id}").json()["status"])
        api.wait(step)
    return statuses


def test_a_new_user_flaps_then_stays_active(api: Api) -> None:
    subscription_id, database_id = pro_database(api)
    create_role(api, "readers", "Read-Only", subscription_id, database_id)
    answer = api.post("/acl/users", {"name": "app", "role": "readers", "password": PASSWORD})
    api.wait(WRITE_TASK_SECONDS - 0.5)            # the task completes: the user exists from now on
    user_id = api.task(answer.json()["taskId"])["response"]["resourceId"]
    # pending 10 s, then active and pending by turns every 5 s for 20 s, then active (read every 2.5 s).
    assert _user_statuses(api, user_id, 40) == (["pending"] * 4 + ["active"] * 2 + ["pending"] * 2 + ["active"] * 2
                                                + ["pending"] * 2 + ["active"] * 4)


def test_terraforms_wait_sleep_wait_ends_on_a_settled_user(api: Api) -> None:
    """The provider waits for active, sleeps 15 s and waits again (resource_rediscloud_acl_user.go); with the defaults
    the second wait ends when the flapping is over, while a client that stops at the first active read is early."""
    phases = flapping_phases(0.0, 10.0, 20.0, 5.0)
    assert phases == [(0.0, "pending"), (10.0, "active"), (15.0, "pending"), (20.0, "active"), (25.0, "pending"), (30.0, "active")]
    first_active = 10.0
    after_sleep = first_active + 15.0
    assert [status for start, status in phases if start <= after_sleep][-1] == "pending"


def test_no_flapping_when_the_window_is_zero(start_api: Callable[..., Api]) -> None:
    api = start_api(acl_flapping_seconds=0, acl_pending_seconds=4)
    subscription_id, database_id = pro_database(api)
    task = done(api, "POST", "/acl/roles", role_body("readers", "Read-Only", subscription_id, database_id))
    role_id = task["response"]["resourceId"]
    api.wait(5)
    statuses = []
    for dummy in range(4):
        statuses.append(listed(api, "/acl/roles", "roles", role_id)["status"])
        api.wait(5)
    assert statuses == ["active"] * 4


def test_a_pending_role_refuses_updates_and_deletes(api: Api) -> None:
    subscription_id, database_id = pro_database(api)
    role_id = done(api, "POST", "/acl/roles", role_body("readers", "Read-Only", subscription_id, database_id))["response"]["resourceId"]
    assert task_error(done(api, "PUT", f"/acl/roles/{role_id}", {"name": "x"})) == "ACL_ROLE_IS_IN_PENDING_STATUS_AND_CANNOT_BE_UPDATED"
    assert task_error(done(api, "DELETE", f"/acl/roles/{role_id}")) == "ACL_ROLE_IS_IN_PENDING_STATUS_AND_CANNOT_BE_DELETED"


@pytest.mark.parametrize("setting, refused", [("refuse", True), ("accept", False)])
def test_a_pending_user_write(start_api: Callable[..., Api], setting: str, refused: bool) -> None:
    api = start_api(acl_pending_user_writes=setting)
    subscription_id, database_id = pro_database(api)
    create_role(api, "readers", "Read-Only", subscription_id, database_id)
    user_id = done(api, "POST", "/acl/users", {"name": "app", "role": "readers", "password": PASSWORD})["response"]["resourceId"]
    task = done(api, "PUT", f"/acl/users/{user_id}", {"password": "An0ther-Password"})
    if refused:
        assert task_error(task) == "ACL_GENERAL_ERROR"
    else:
        assert task["status"] == "processing-completed"


def test_new_records_are_listed_late(start_api: Callable[..., Api]) -> None:
    api = start_api(acl_not_listed_seconds=30)
    subscription_id, database_id = pro_database(api)
    role_id = done(api, "POST", "/acl/roles", role_body("readers", "Read-Only", subscription_id, database_id))["response"]["resourceId"]
    api.wait(29)
    assert listed(api, "/acl/roles", "roles", role_id) is None
    api.wait(1)
    assert listed(api, "/acl/roles", "roles", role_id) is not None
    user_id = done(api, "POST", "/acl/users", {"name": "app", "role": "readers", "password": PASSWORD})["response"]["resourceId"]
    assert listed(api, "/acl/users", "users", user_id) is None
    assert api.get(f"/acl/users/{user_id}").status_code == 200    # readable by id at once (Terraform reads it so)


def test_config_keys_are_validated(api: Api) -> None:
    for update in ({"acl_flapping_seconds": -1}, {"acl_pending_user_writes": "maybe"}, {"essentials_account_billing": "cash"},
                   {"essentials_database_draft_seconds": "10"}):
        answer = api.session.put(f"{api.root_url}/_simulator/config", json=update, timeout=10)
        assert answer.status_code == 400, update
    assert api.configure(acl_flap_period_seconds=0)["acl_flap_period_seconds"] == 0.0


def test_defaults_are_the_harsher_readings_and_documented() -> None:
    assert (DEFAULTS["acl_users_listing_status"], DEFAULTS["acl_pending_user_writes"]) == ("absent", "refuse")
    assert min(DEFAULTS[key] for key in ("acl_not_listed_seconds", "acl_flapping_seconds", "acl_flap_period_seconds")) > 0
    assert DEFAULTS["essentials_account_billing"] == "credit-card"
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for key in ESSENTIALS_ACL_DEFAULTS:
        assert f"| `{key}` |" in readme, key
