"""The ansible-test integration targets clean up after themselves when a step fails.

A target's cleanup must run whatever happened, or a live run that fails leaves billed
resources behind. Each case makes one step of a billable target fail (an injected task
error) after its subscription exists, and checks that the subscription is deleted anyway.
"""

from __future__ import annotations

import pytest

from harness import REPO_ROOT

TARGETS_DIR = REPO_ROOT / "tests" / "integration" / "targets"


@pytest.mark.long_running
@pytest.mark.parametrize(
    ("target", "failing_step", "fault"),
    [
        # The rename of the subscription (PUT) ends in a task error.
        ("redis_cloud_subscription", "Rename it",
         {"kind": "task_error", "method": "PUT", "path": "/v1/subscriptions/*", "count": 1}),
        # The target's own deletion fails (its database's delete task ends in an error); the cleanup deletes again.
        ("redis_cloud_subscription_info", "Start deleting it with its database, without waiting",
         {"kind": "task_error", "method": "DELETE", "path": "/v1/subscriptions/*", "count": 1}),
        # The dry run of the database (the first database write) ends in a task error.
        ("redis_cloud_database", "Price the database (check mode is the API's dry run)",
         {"kind": "task_error", "method": "POST", "path": "/v1/subscriptions/*/databases", "count": 1}),
        # The database started without waiting ends in status error: the join fails.
        ("redis_cloud_database_info", "Wait until the database is active",
         {"kind": "database_error", "method": "POST", "path": "/v1/subscriptions/*/databases", "count": 1}),
        # The rename of the Essentials subscription ends in a task error.
        ("redis_cloud_essentials_subscription", "Rename it",
         {"kind": "task_error", "method": "PUT", "path": "/v1/fixed/subscriptions/*", "count": 1}),
        # The create of the Essentials database ends in a task error; its subscription exists.
        ("redis_cloud_essentials_database", "Create it and wait until it and its subscription are active",
         {"kind": "task_error", "method": "POST", "path": "/v1/fixed/subscriptions/*/databases", "count": 1}),
        # The role's create ends in a task error, after its rule exists.
        ("redis_cloud_acl_role", "Create the role",
         {"kind": "task_error", "method": "POST", "path": "/v1/acl/roles", "count": 1}),
        # The rotation of the user's password ends in a task error, after the role and the user exist.
        ("redis_cloud_acl_user", "Rotate the password",
         {"kind": "task_error", "method": "PUT", "path": "/v1/acl/users/*", "count": 1}),
        # Giving the database a backup destination (PUT) ends in a task error.
        ("redis_cloud_database_backup", "Give the database a backup destination",
         {"kind": "task_error", "method": "PUT", "path": "/v1/subscriptions/*/databases/*", "count": 1}),
        # The import ends failed.
        ("redis_cloud_database_import", "Import, and wait until the import is done",
         {"kind": "import_failure", "method": "POST", "path": "/v1/subscriptions/*/databases/*/import", "count": 1}),
    ],
)
def test_a_failed_step_still_deletes_what_the_target_created(sim, run_playbook, target, failing_step, fault):
    sim.configure(faults=[fault])

    run = run_playbook("integration_target.yml", {"integration_target": target},
                       env={"ANSIBLE_ROLES_PATH": str(TARGETS_DIR)})

    assert run.rc != 0, run.stdout
    assert run.status(f"{target} : {failing_step}") == "failed"
    assert sim.state()["faults"]["injected"] == {fault["kind"]: 1}
    state = sim.state()
    # Pro subscriptions say "deleted": true; Essentials ones, "status": "deleted".
    subscriptions = state["subscriptions"] + state["essentials"]["subscriptions"]
    assert len(subscriptions) == 1, subscriptions
    assert subscriptions[0]["name"].startswith("cleanup-test-")
    assert subscriptions[0].get("deleted") is True or subscriptions[0].get("status") == "deleted", "the cleanup should have deleted the subscription"
    acl = sim.state()["acl"]
    left = [record["name"] for kind in ("rules", "roles", "users") for record in acl[kind]
            if not record.get("is_default") and record["status"] != "deleted"]
    assert left == [], "the cleanup should have deleted the ACL rules, roles and users too"
