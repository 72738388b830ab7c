"""Database passwords never appear in what a play prints or returns, at -vvvv with --diff.

The API's read-back carries each database's password (``security.password``). The search covers the
passwords a play gives, the one the API generates when none is given (read from the simulator's
state), and every password the API was sent; the harness searches for the API keys as well.
"""

from __future__ import annotations

import secrets

import pytest
from database_helpers import assert_no_database_secret, database_secrets, databases_path, live_databases
from harness import assert_no_secret
from subscription_helpers import create_directly

PLAY = "database_secrets.yml"
REDACTED = "********"
PASSWORD_VARS = ("first_password", "second_password", "third_password", "refused_password", "invalid_password")
# no_log at -vvvv, --diff and check mode are ansible-core's: in the smoke set of the second core.
pytestmark = pytest.mark.core_smoke


def test_no_database_password_appears_in_any_output_result_or_diff(sim, run_playbook):
    subscription_id = create_directly(sim, "secretive")
    given = {name: f"Pw-{name.split('_', maxsplit=1)[0]}-{secrets.token_hex(10)}" for name in PASSWORD_VARS}

    run = run_playbook(PLAY, {"subscription_id": subscription_id, **given}, diff=True, verbosity=4)

    assert run.rc == 0, run.stdout + run.stderr
    # The play got where each password could leak.
    [generated] = live_databases(sim, subscription_id, "generated")
    [changed] = live_databases(sim, subscription_id, "given")
    assert changed["password"] == given["second_password"]
    assert generated["password"] not in given.values() and len(generated["password"]) >= 16
    assert any(entry["method"] == "GET" and entry["path"] == databases_path(subscription_id, generated["id"]) for entry in sim.requests())
    assert run.task("Create a database with a password")["database"]["security"]["password"] == REDACTED
    assert run.task("Create a database with a password")["diff"]["after"]["password"] == REDACTED
    assert run.task("Create a database whose password the API generates")["database"]["security"]["password"] == REDACTED
    assert {db["security"]["password"] for db in run.task("Read every database of the subscription")["databases"]} == {REDACTED}
    assert run.task("Change the password")["diff"] == {"before": {"password": REDACTED}, "after": {"password": REDACTED}}
    assert run.task("Price another password change and a resize in check mode")["pricing"]
    refused = run.task("Set a password the API refuses (the default user is disabled)")
    assert run.status("Set a password the API refuses (the default user is disabled)") == "failed"
    assert refused["failure"]["error_type"] == "NOT_ALLOWED_TO_UPDATE_A_DATABASE_PASSWORD_WHEN_DEFAULT_USER_IS_DISABLED"
    assert run.status("Refuse options before any request") == "failed"
    assert "name" in run.task("Refuse options before any request")["msg"]
    assert "--diff" in run.command and "-vvvv" in run.command

    searched = database_secrets(sim, given.values())
    assert {generated["password"], *given.values()} <= searched
    assert_no_database_secret(run, sim, given.values())
    assert_no_secret(run, sim)
