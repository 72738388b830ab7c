"""redis_cloud_transit_gateway_invitation, redis_cloud_transit_gateway_attachment and redis_cloud_network_info against
the simulator: a shared gateway's invitation accepted (another rejected), the attachment created, accepted on the AWS
side, its CIDRs set and changed, check mode sending no write, detached.

One play (one ansible-playbook start-up) holds every step; each is asserted here. Every play goes through
``checked_runner``: every write body validates against the vendored spec (the CIDRs as strings: spec.DEVIATIONS).
"""

from __future__ import annotations

from networking_helpers import logged_between, writes_in

GATEWAYS = "/v1/subscriptions/{}/transitGateways"


def test_invitation_accepted_then_attachment_created_accepted_routed_and_detached(sim, play, subscription_id):
    run = play("transit_gateway.yml", {"subscription_id": subscription_id})

    assert run.rc == 0, run.stdout + run.stderr
    share = run.task("Share a transit gateway from the AWS side")["json"]
    base = GATEWAYS.format(subscription_id)

    # The invitations: check mode sends nothing; accept, again ok; the accepted one cannot be rejected; reject another.
    assert writes_in(logged_between(run, "Count the requests before the first check-mode steps", "Count the requests after the first check-mode steps")) == []
    checked = run.task("Accept the invitation, in check mode")
    assert checked["changed"] is True and checked["diff"] == {"before": {"action": "pending"}, "after": {"action": "accepted"}}
    accepted = run.task("Accept the invitation")
    assert accepted["changed"] is True and accepted["invitation"]["status"] == "accepted"
    assert accepted["invitation_id"] == share["invitationId"] and accepted["task"]["commandType"] == "tgwAcceptInvitationRequest"
    assert run.task("Accept it again")["changed"] is False
    assert run.status("Reject the accepted invitation") == "failed"
    refused = run.task("Reject the accepted invitation")
    assert "action: current 'accepted', desired 'rejected'" in refused["msg"] and "nothing was sent" in refused["msg"]
    rejected = run.task("Reject the other invitation")
    assert rejected["changed"] is True and rejected["invitation"]["status"] == "rejected"
    assert rejected["task"]["commandType"] == "tgwRejectInvitationRequest"
    assert run.task("Reject it again")["changed"] is False

    network = run.task("Read the network until the accepted gateway is listed")
    [gateway] = [tgw for tgw in network["transit_gateways"] if tgw["awsTgwUid"] == share["awsTgwUid"]]
    assert network["attachments"] == [] and network["peerings"] == []
    assert {i["name"]: i["status"] for i in network["invitations"]} == {"shared-tgw": "accepted", "unwanted-tgw": "rejected"}
    tgw_id = gateway["id"]

    unknown = run.task("Attach to a gateway the subscription does not see")
    assert unknown["failure"]["error_type"] == "TGW_DOES_NOT_EXIST" and "not AWS's tgw-... id" in unknown["msg"]

    # The attachment: check mode sends nothing; attach rests in pendingAcceptance; CIDRs wait for acceptance.
    assert writes_in(logged_between(run, "Count the requests before the second check-mode steps", "Count the requests after the second check-mode steps")) == []
    assert run.task("Attach, in check mode")["changed"] is True
    attached = run.task("Attach")
    assert attached["changed"] is True and attached["transit_gateway_id"] == tgw_id
    assert attached["attachment_status"] == "pendingAcceptance" and attached["attachment_uid"].startswith("tgw-attach-")
    assert attached["ansible_facts"] == {"redis_cloud_transit_gateway_attachment_uid": attached["attachment_uid"],
                                         "redis_cloud_transit_gateway_attachment_status": "pendingAcceptance"}
    assert attached["task"]["commandType"] == "tgwAttachmentCreateRequest"
    assert run.task("Attach again")["changed"] is False
    assert run.status("Set CIDRs before the AWS side accepted the attachment") == "failed"
    assert "pendingAcceptance" in run.task("Set CIDRs before the AWS side accepted the attachment")["msg"]

    cidrs_set = run.task("Wait until it is available and set the CIDRs")
    assert cidrs_set["changed"] is True and cidrs_set["attachment_status"] == "available" and cidrs_set["cidrs"] == ["10.10.20.0/24"]
    assert cidrs_set["task"]["commandType"] == "tgwUpdateCidrsRequest"
    assert run.task("Run that again")["changed"] is False

    assert writes_in(logged_between(run, "Count the requests before the third check-mode step", "Count the requests after the third check-mode step")) == []
    expected_diff = {"before": {"cidrs": ["10.10.20.0/24"]}, "after": {"cidrs": ["10.10.30.0/24", "10.10.20.0/24"]}}
    assert run.task("Change the CIDRs, in check mode")["diff"] == expected_diff
    changed = run.task("Change the CIDRs")
    assert changed["changed"] is True and changed["cidrs"] == ["10.10.20.0/24", "10.10.30.0/24"]

    attached_network = run.task("Read the network with the attachment")
    assert attached_network["attachments"] == [{"tgw_id": tgw_id, "aws_tgw_id": share["awsTgwUid"], "attachment_uid": attached["attachment_uid"],
                                                "status": "available", "cidrs": ["10.10.20.0/24", "10.10.30.0/24"]}]
    assert attached_network["peerings"] == []  # not gathered

    detached = run.task("Detach")
    assert detached["changed"] is True and detached["transit_gateway"] is None
    assert run.task("Detach again")["changed"] is False
    [state] = [tgw for tgw in sim.state()["transit_gateways"] if tgw["id"] == tgw_id]
    assert state["attachment_status"] is None

    # The writes, in order, and the CIDRs sent as strings (what the recorded clients send).
    writes = [entry for entry in sim.requests() if entry["method"] in ("POST", "PUT", "DELETE") and entry["path"].startswith(base)]
    attachment = f"{base}/{tgw_id}/attachment"
    assert [(w["method"], w["path"]) for w in writes] == [
        ("PUT", f"{base}/invitations/{share['invitationId']}/accept"),
        ("PUT", f"{base}/invitations/{run.task('Share another one')['json']['invitationId']}/reject"),
        ("POST", f"{base}/999/attachment"),
        ("POST", attachment), ("PUT", attachment), ("PUT", attachment), ("DELETE", attachment)]
    assert [w["body"] for w in writes if w["method"] == "PUT" and w["path"] == attachment] == [
        {"cidrs": ["10.10.20.0/24"]}, {"cidrs": ["10.10.30.0/24", "10.10.20.0/24"]}]
