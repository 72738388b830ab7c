"""Shared arrangements and checks for the Redis ACL integration tests (rules, roles, users).

- ``acl_password``: a random password the API accepts, with characters that JSON, repr and URL encoding change;
- ``arrange_databases``: an active subscription with two active databases for roles to name;
- ``acl_runner``: run_playbook, then every write body validated against the spec (with spec.DEVIATIONS, as the
  simulator validates them) and the whole output searched for every ACL user password and every database password
  the account knows, in every encoding (hostile_support.encodings, as the hostile tests search for the keys).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import Any

from database_helpers import create_database_directly, database_secrets, write_body_problems
from harness import PlaybookRun, SimulatorProcess
from hostile_support import encodings
from subscription_helpers import api_writes, create_directly
from waiting import wait_for

ACL_PATHS = ("/v1/acl/redisRules", "/v1/acl/roles", "/v1/acl/users")


def acl_password(label: str) -> str:
    """Upper, lower, digit and special characters (the API's rule), some that every encoding changes, and randomness."""
    return f'Aa1"%/+&\\={label}-{secrets.token_hex(6)}'


def arrange_databases(sim: SimulatorProcess) -> dict[str, int]:
    """An active subscription (its creation-plan database "db") and a second active database, through the API."""
    subscription_id = create_directly(sim, "acl-shop")
    [first] = sim.api("GET", f"/subscriptions/{subscription_id}/databases").json()["subscription"][0]["databases"]
    second = create_database_directly(sim, subscription_id, "second")
    return {"subscription_id": subscription_id, "first_database_id": first["databaseId"], "second_database_id": second}


def acl_writes(sim: SimulatorProcess, since: int = 0) -> list[tuple[str, str]]:
    """(method, path) of every ACL write since a request mark, ids replaced by {id}."""
    found = []
    for entry in api_writes(sim, since):
        base = next((path for path in ACL_PATHS if entry["path"].startswith(path)), None)
        if base is not None:
            found.append((entry["method"], base if entry["path"] == base else f"{base}/{{id}}"))
    return found


def user_passwords(sim: SimulatorProcess) -> set[str]:
    """Every password an ACL user write carried (the request log keeps bodies)."""
    return {entry["body"]["password"] for entry in api_writes(sim)
            if entry["path"].startswith("/v1/acl/users") and isinstance(entry.get("body"), dict) and "password" in entry["body"]}


def leaked(run: PlaybookRun, secrets_searched: Iterable[str]) -> int:
    """How many of the secrets appear, in any encoding, in what the run printed or recorded (never which)."""
    output = run.all_output
    return sum(1 for secret in secrets_searched if any(form in output for form in encodings(secret)))


def check_play(sim: SimulatorProcess, played: PlaybookRun, mark: int = 0, extra_vars: dict[str, Any] | None = None) -> None:
    """Every write body since ``mark`` follows the spec; no ACL user password (given, or sent) and no database password
    appears in any encoding in what the play printed or recorded."""
    assert write_body_problems(sim, mark) == []
    given = [value for key, value in (extra_vars or {}).items() if key.endswith("password") and isinstance(value, str)]
    searched = user_passwords(sim) | set(given) | database_secrets(sim)
    assert searched, "the search needs passwords to look for"
    assert leaked(played, searched) == 0, "a password appears in the play's output, results or diff"


def acl_runner(sim: SimulatorProcess, run_playbook: Callable[..., PlaybookRun]) -> Callable[..., PlaybookRun]:
    """run_playbook, then check_play on what it did."""

    def run(playbook: str, extra_vars: dict[str, Any] | None = None, **options: Any) -> PlaybookRun:
        mark = len(sim.requests())
        played = run_playbook(playbook, extra_vars, **options)
        check_play(sim, played, mark, extra_vars)
        return played

    return run


def live_users(sim: SimulatorProcess, name: str) -> list[dict[str, Any]]:
    """ACL users of that name that are not gone (the state reads "deleted" once they are)."""
    return [user for user in sim.state()["acl"]["users"] if user["name"] == name and user["status"] != "deleted"]


def settled_for_good(sim: SimulatorProcess, kind: str, name: str, listing: str) -> int:
    """Wait until the ACL record of that kind and name is active for good (past any flapping) and listed; its id."""

    def settled() -> int | None:
        state = sim.state()
        record = next((record for record in state["acl"][kind] if record["name"] == name and record["status"] != "deleted"), None)
        last_since, last_status = record["phases"][-1] if record is not None else (None, None)
        return record["id"] if record is not None and last_status == "active" and state["now"] >= last_since else None

    record_id = wait_for(settled, f"{kind} {name} active for good")
    key = "redisRules" if kind == "rules" else kind
    wait_for(lambda: any(item["id"] == record_id for item in sim.api("GET", listing).json()[key]), f"{kind} {name} listed")
    return record_id


def arrange_acl(sim: SimulatorProcess, databases: dict[str, int], password: str) -> dict[str, int]:
    """Through the API: rule cache-read, role readers (Read-Only on the first database) and user app, each settled for good."""
    database = {"subscriptionId": databases["subscription_id"], "databaseId": databases["first_database_id"]}
    writes = (("/acl/redisRules", {"name": "cache-read", "redisRule": "+@read ~cache:*"}, "rules"),
              ("/acl/roles", {"name": "readers", "redisRules": [{"ruleName": "Read-Only", "databases": [database]}]}, "roles"),
              ("/acl/users", {"name": "app", "role": "readers", "password": password}, "users"))
    ids = {}
    for path, body, kind in writes:
        answer = sim.api("POST", path, body)
        assert answer.status_code == 202, answer.text
        ids[kind] = settled_for_good(sim, kind, body["name"], path)
    return ids
