"""redis_cloud_vpc_peering against the simulator: AWS and GCP lifecycles, a peering accepted between two tasks of one
play (async), a rejected peering, check mode sending no write, refused changes and subscriptions.

Each test runs one play of many tasks (one ansible-playbook start-up) and asserts each task's result. Every play goes
through ``checked_runner``: every write body it sent validates against the vendored spec (with spec.DEVIATIONS), and
the harness searches its output for the API keys.
"""

from __future__ import annotations

from networking_helpers import create_active_active_subscription, create_gcp_subscription, logged_between, paths_in, writes_in

PEERINGS = "/v1/subscriptions/{}/peerings"


def peerings_of(sim, subscription_id):
    return [p for p in sim.state()["peerings"] if p["subscription_id"] == subscription_id and not p["deleted"]]


def test_aws_peering_lifecycle_create_rerun_check_mode_accept_cidrs_refusals_delete(sim, play, subscription_id):
    run = play("vpc_peering_lifecycle.yml", {"subscription_id": subscription_id})

    assert run.rc == 0, run.stdout + run.stderr
    path = PEERINGS.format(subscription_id)
    created = run.task("Create the peering")
    assert created["changed"] is True
    assert created["status"] == "pending-acceptance"
    assert created["aws_peering_id"].startswith("pcx-") and created["aws_peering_id"] == created["peering"]["awsPeeringUid"]
    assert created["peering"]["vpcUid"] == "vpc-0abc" and created["peering"]["regionName"] == "eu-west-2"
    assert created["task"]["commandType"] == "peeringCreateRequest"
    assert created["ansible_facts"]["redis_cloud_vpc_peering_id"] == created["peering_id"]
    assert created["ansible_facts"]["redis_cloud_aws_peering_id"] == created["aws_peering_id"]
    assert created["ansible_facts"]["redis_cloud_vpc_peering_status"] == "pending-acceptance"
    assert any("accept the peering connection " + created["aws_peering_id"] in warning for warning in created["warnings"])

    again = run.task("Run the same task again")
    assert again["changed"] is False and again["peering_id"] == created["peering_id"] and again["task_id"] is None

    # Check mode: a create, a CIDR change and a delete are reported, and no write is sent.
    assert writes_in(logged_between(run, "Count the requests before the check-mode steps", "Count the requests after the check-mode steps")) == []
    create_checked = run.task("Create a peering of another VPC, in check mode")
    assert create_checked["changed"] is True and create_checked["peering_id"] is None
    assert create_checked["diff"]["after"] == {"region": "eu-west-2", "awsAccountId": "123456789012", "vpcId": "vpc-0def",
                                               "vpcCidrs": ["172.16.0.0/16"]}
    change_checked = run.task("Change the CIDRs of the peering that waits for acceptance, in check mode")
    assert change_checked["changed"] is True
    assert change_checked["diff"] == {"before": {"vpc_cidrs": ["172.31.0.0/16"]}, "after": {"vpc_cidrs": ["172.31.0.0/16", "10.8.0.0/16"]}}
    assert run.task("Delete the peering, in check mode")["changed"] is True

    active = run.task("Wait until it is active")
    assert active["changed"] is False and active["status"] == "active" and active["peering_id"] == created["peering_id"]

    cidrs_changed = run.task("Route one more CIDR of the VPC")
    assert cidrs_changed["changed"] is True
    assert cidrs_changed["task"]["commandType"] == "peeringUpdateRequest"
    assert sorted(c["vpcCidr"] for c in cidrs_changed["peering"]["vpcCidrs"]) == ["10.8.0.0/16", "172.31.0.0/16"]
    assert run.task("Run that again, the CIDRs in another order")["changed"] is False

    assert run.status("Ask for another region of the same peering, by id") == "failed"
    region = run.task("Ask for another region of the same peering, by id")
    assert "region: current 'eu-west-2', desired 'eu-west-1'" in region["msg"] and "nothing was sent" in region["msg"]

    assert run.status("Peer another VPC with a CIDR that overlaps the first peering's") == "failed"
    overlap = run.task("Peer another VPC with a CIDR that overlaps the first peering's")
    assert overlap["failure"]["error_type"] == "VPC_PEERING_CIDR_OVERLAP"
    assert "The CIDRs asked for (10.8.128.0/24) overlap" in overlap["msg"]

    deleted = run.task("Delete the peering")
    assert deleted["changed"] is True and deleted["peering"] is None and deleted["task"]["commandType"] == "peeringDeleteRequest"
    assert run.task("Delete it again")["changed"] is False
    assert peerings_of(sim, subscription_id) == []

    # What was written, in order: the create, the CIDR update (the spec's PUT), the overlapping create the API
    # refused in its task, the delete; nothing else.
    writes = writes_in(sim.requests())
    item = f"{path}/{created['peering_id']}"
    assert [w for w in writes if w[1].startswith(path)] == [("POST", path), ("PUT", item), ("POST", path), ("DELETE", item)]


def test_peering_accepted_between_two_tasks_of_one_play_and_a_rejected_one_fails_naming_its_status(sim, play, subscription_id):
    run = play("vpc_peering_accept_in_play.yml", {"subscription_id": subscription_id})

    assert run.rc == 0, run.stdout + run.stderr
    peered = run.task("Wait for the module to see it active")
    assert peered["finished"] == 1 and peered["changed"] is True
    assert peered["status"] == "active" and peered["peering"]["status"] == "active"
    # It waited through pending-acceptance (the user's part) to active.
    statuses = [entry["status"] for entry in peered["timeline"] if entry["what"] == f"VPC peering {peered['peering_id']}"]
    assert "pending-acceptance" in statuses and statuses[-1] == "active"

    assert run.status("Wait for it to be active") == "failed"
    rejected = run.task("Wait for it to be active")
    assert "went into status rejected" in rejected["msg"]
    assert rejected["failure"]["last_status"] == "rejected"


def test_gcp_peering_lifecycle_and_what_is_refused_before_sending(sim, play):
    subscription_id = create_gcp_subscription(sim)
    active_active_id = create_active_active_subscription(sim)

    run = play("vpc_peering_gcp.yml", {"subscription_id": subscription_id, "active_active_subscription_id": active_active_id})

    assert run.rc == 0, run.stdout + run.stderr
    created = run.task("Create the peering")
    assert created["changed"] is True and created["status"] == "inactive" and created["aws_peering_id"] is None
    assert created["gcp_redis_project_id"] == created["peering"]["redisProjectUid"] and created["gcp_redis_project_id"]
    assert created["gcp_redis_network_name"] == created["peering"]["redisNetworkName"] and created["gcp_redis_network_name"]
    assert created["peering"]["projectUid"] == "my-project" and created["peering"]["networkName"] == "my-network"
    [post] = [entry for entry in sim.requests() if entry["method"] == "POST" and entry["path"] == PEERINGS.format(subscription_id)]
    assert post["body"] == {"provider": "gcp", "vpcProjectUid": "my-project", "vpcNetworkName": "my-network"}
    assert run.task("Run the same task again")["changed"] is False
    active = run.task("Wait until it is active")
    assert active["changed"] is False and active["status"] == "active"
    assert run.task("Delete it")["changed"] is True
    assert peerings_of(sim, subscription_id) == []

    refused = logged_between(run, "Count the requests before the refused ones", "Count the requests after the refused ones")
    assert "vpc_cidrs does not apply to a peering with provider GCP" in run.task("Give CIDRs to a GCP peering")["msg"]
    aws_on_gcp = run.task("Peer an AWS VPC with the GCP subscription")
    assert f"Subscription {subscription_id} runs on GCP" in aws_on_gcp["msg"]
    active_active = run.task("Peer a GCP network with an Active-Active subscription")
    assert f"Subscription {active_active_id} is Active-Active" in active_active["msg"]
    # Only the subscriptions were read: nothing reached the peering routes.
    assert paths_in(refused) == [f"/v1/subscriptions/{subscription_id}", f"/v1/subscriptions/{active_active_id}"]
