"""ansible-playbook killed (SIGKILL) while a create waits, then run again: one subscription, active, right facts.

The killed run is started the way PlaybookRunner.run starts a play, but with Popen in
its own session, so that os.killpg takes the controller and the module process down
together, as a crashed CI runner or a cancelled AWX job would.
"""

from __future__ import annotations

from typing import Any

import pytest
from harness import SimulatorProcess
from play_killer import kill_when, start_play
from subscription_helpers import live_subscriptions

PLAY = "fault_resumable_create.yml"
CREATE_TASK = "Create the subscription and wait until it is active"
FACT_TASK = "Show the subscription id fact a later task can use"
CREATE_COMMAND = "subscriptionCreateRequest"


def create_tasks(sim: SimulatorProcess) -> list[dict[str, Any]]:
    return [t for t in sim.state()["tasks"] if t["commandType"] == CREATE_COMMAND]


def create_posts(sim: SimulatorProcess) -> list[dict[str, Any]]:
    return [e for e in sim.requests() if e["method"] == "POST" and e["path"] == "/v1/subscriptions"]


def create_task_running(sim: SimulatorProcess) -> bool:
    return bool(create_posts(sim)) and any(t["status"] in ("received", "processing-in-progress") for t in create_tasks(sim))


def subscription_pending(sim: SimulatorProcess) -> bool:
    return any(s["status"] == "pending" for s in live_subscriptions(sim))


KILL_POINTS = {
    # The create task takes 40 sim-s (8 s real at speed 5): the play is killed while waiting for the task.
    "while_the_create_task_runs": ({"speed": 5, "task_durations": {CREATE_COMMAND: 40}}, create_task_running),
    # Provisioning takes 600 sim-s (2 min at speed 5): the play is killed while the subscription is pending.
    "while_the_subscription_is_pending": ({"speed": 5}, subscription_pending),
}


@pytest.mark.core_smoke
@pytest.mark.parametrize("slow_config, moment", KILL_POINTS.values(), ids=KILL_POINTS.keys())
def test_play_killed_mid_wait_and_run_again_ends_with_one_active_subscription(sim, run_playbook, tmp_path, slow_config, moment):
    sim.configure(**slow_config)
    name = "survivor"
    killed = start_play(sim, tmp_path, PLAY, {"subscription_name": name})
    kill_when(killed, lambda: moment(sim))
    assert len(create_tasks(sim)) == 1  # the killed run got as far as submitting the create, once
    sim.configure(speed=400)  # what is left of the task and the provisioning now takes about a second

    rerun = run_playbook(PLAY, {"subscription_name": name})

    assert rerun.rc == 0, rerun.stdout + rerun.stderr
    [subscription] = live_subscriptions(sim, name)
    assert subscription["status"] == "active"
    assert len(create_posts(sim)) == 1 and len(create_tasks(sim)) == 1
    result = rerun.task(CREATE_TASK)
    assert result["subscription_id"] == subscription["id"]
    assert result["subscription"]["status"] == "active"
    assert result["ansible_facts"]["redis_cloud_subscription_id"] == subscription["id"]
    assert rerun.task(FACT_TASK)["redis_cloud_subscription_id"] == subscription["id"]
    [create_task] = create_tasks(sim)
    assert create_task["response"]["resourceId"] == subscription["id"]  # the killed run's create, adopted
