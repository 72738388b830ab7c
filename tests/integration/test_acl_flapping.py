"""ACL roles and users flap between active and pending after a write, and the API refuses writes meanwhile.

- A role created with a settle window is returned only once it is active for good; without one, while it still flaps.
  The flapping is slowed down so that each turn lasts 2 s: the test compares when each module decided that its role
  was settled (from its timeline) with the role's statuses over time (the simulator's state).
- A role that names a database still being created waits for it rather than being refused.
- A change or delete of a rule, role or user that the API refuses as pending is waited out and sent again.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from acl_helpers import acl_password, acl_runner, acl_writes, arrange_acl, arrange_databases
from database_helpers import CREATE_STATUSES, submit_directly, wait_task

SPEED = 200.0
# Sim seconds: pending 1 s, then active and pending by turns of 2 s for 8 s, then active for good (real seconds).
FLAPPING = {"acl_pending_seconds": 200, "acl_flap_period_seconds": 400, "acl_flapping_seconds": 1600}
WINDOW = 2.0  # one turn: two active reads this far apart cannot both fall in the flapping's active turns


def statuses(result: dict[str, Any], kind: str = "role ") -> list[dict[str, Any]]:
    return [entry for entry in result["timeline"] if entry["what"].startswith(kind)]


def decided_at(result: dict[str, Any], window: float) -> float:
    """Wall time (Unix s) of the read on which the module took its role for settled."""
    entries = statuses(result)
    if window:
        confirming = [entry for entry in entries if entry["status"] == "active (confirming)"]
        assert confirming, f"no active read was confirmed a settle window later: {entries}"
        return datetime.fromisoformat(confirming[-1]["at"]).timestamp() + window
    return datetime.fromisoformat(next(entry for entry in entries if entry["status"] == "active")["at"]).timestamp()


def test_a_role_is_settled_only_once_it_stops_flapping_with_a_settle_window(sim, run_playbook):
    databases = arrange_databases(sim)
    sim.configure(database_provisioning_seconds=1400, **FLAPPING)  # 7 s: still pending when the play starts
    pending_database = wait_task(sim, submit_directly(sim, "POST", f"/subscriptions/{databases['subscription_id']}/databases",
                                                      {"name": "late", "datasetSizeInGb": 1}))["response"]["resourceId"]

    run = acl_runner(sim, run_playbook)("acl_flapping.yml", {**databases, "pending_database_id": pending_database, "settle_window": WINDOW})

    assert run.rc == 0, run.stdout + run.stderr
    state, state_wall = sim.state(), time.time()

    def sim_time(wall: float) -> float:
        return state["now"] - (state_wall - wall) * SPEED

    roles = {role["name"]: role for role in state["acl"]["roles"]}
    for name, window in (("steady", WINDOW), ("hasty", 0.0)):
        phases = roles[name]["phases"]
        assert [status for _since, status in phases] == ["pending", "active", "pending", "active", "pending", "active"], phases
        settled_for_good = phases[-1][0]
        decided = sim_time(decided_at(run.task(f"Create a role {'with' if window else 'without'} a settle window"), window))
        if window:
            assert decided >= settled_for_good, f"{name} was taken for settled {settled_for_good - decided:g} sim s before it stopped flapping"
        else:
            # The control: the first active read is taken, while the role still flaps.
            assert phases[1][0] <= decided < settled_for_good, (decided, phases)
    steady = [entry["status"] for entry in statuses(run.task("Create a role with a settle window"))]
    first_confirmation = steady.index("active (confirming)")
    assert "pending" in steady[first_confirmation:], steady  # it saw the flapping after an active read, and kept waiting
    # The database the first role names was waited for: no refusal, and its statuses on the way are in the timeline.
    assert [task for task in sim.state()["tasks"] if task["status"] == "processing-error"] == []
    waited = [entry["status"] for entry in run.task("Create a role that names a database still being created")["timeline"]
              if entry["what"].startswith(f"database {pending_database}")]
    assert waited[0] in CREATE_STATUSES and waited[-1] == "active", waited


def test_writes_refused_while_pending_are_waited_out_and_sent_again(sim, run_playbook):
    databases = arrange_databases(sim)
    first, new = acl_password("first"), acl_password("new")
    arrange_acl(sim, databases, first)
    refusals = {("PUT", "/v1/acl/redisRules/*"): "ACL_REDIS_RULE_NOT_ACTIVE",
                ("PUT", "/v1/acl/roles/*"): "ACL_ROLE_IS_IN_PENDING_STATUS_AND_CANNOT_BE_UPDATED",
                ("PUT", "/v1/acl/users/*"): "ACL_GENERAL_ERROR",
                ("DELETE", "/v1/acl/users/*"): "ACL_GENERAL_ERROR",
                ("DELETE", "/v1/acl/roles/*"): "ACL_ROLE_IS_IN_PENDING_STATUS_AND_CANNOT_BE_DELETED",
                ("DELETE", "/v1/acl/redisRules/*"): "ACL_REDIS_RULE_NOT_ACTIVE"}
    sim.configure(faults=[{"kind": "task_error", "method": method, "path": path, "count": 1, "error_type": error}
                          for (method, path), error in refusals.items()])
    mark = len(sim.requests())

    run = acl_runner(sim, run_playbook)("acl_refused_writes.yml", {**databases, "new_password": new})

    assert run.rc == 0, run.stdout + run.stderr
    assert sim.state()["faults"]["injected"] == {"task_error": len(refusals)}
    # Each write twice: refused, then sent again; in the play's order.
    sent = acl_writes(sim, mark)
    assert sent == [write for write in sent[::2] for _twice in range(2)] and len(sent) == 2 * len(refusals)
    assert [method for method, _path in sent[::2]] == ["PUT"] * 3 + ["DELETE"] * 3
    errors = [task["response"]["error"]["type"] for task in sim.state()["tasks"] if task["status"] == "processing-error"]
    assert sorted(errors) == sorted(refusals.values())
    assert {record["status"] for kind in ("rules", "roles", "users") for record in sim.state()["acl"][kind] if not record.get("is_default")} == {"deleted"}
