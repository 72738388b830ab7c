# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Transit gateways: invitation, acceptance, attachment, CIDRs, detachment; refusals; the AWS-side control endpoints."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import requests

from conftest import Api
from redis_cloud_simulator.spec import DEVIATIONS
from task_reads import completed, http_error, task_error

LISTED_AFTER_ACCEPT = 10.0
ATTACHMENT = 20.0


@pytest.fixture
def api(start_api: Callable[..., Api]) -> Api:
    return start_api(tgw_listed_after_accept_seconds=LISTED_AFTER_ACCEPT, tgw_attachment_seconds=ATTACHMENT)


def _base(subscription_id: int) -> str:
    return f"/subscriptions/{subscription_id}/transitGateways"


def _share(api: Api, subscription_id: int, **body: Any) -> dict[str, Any]:
    return api.control("POST", f"subscriptions/{subscription_id}/transit-gateway-shares", body)


def _invitations(api: Api, subscription_id: int) -> list[dict[str, Any]]:
    response = completed(api, api.get(_base(subscription_id) + "/invitations"), 200, "tgwInvitationsGetRequest")
    assert response["resourceId"] == subscription_id
    return response["resource"]["resources"]


def _gateways(api: Api, subscription_id: int) -> list[dict[str, Any]]:
    response = completed(api, api.get(_base(subscription_id)), 200, "tgwGetRequest")
    assert response["resourceId"] == subscription_id
    return response["resource"]["tgws"]


def _aws_answers_attachment(api: Api, tgw_id: int, decision: str) -> requests.Response:
    return requests.post(f"{api.root_url}/_simulator/transit-gateways/{tgw_id}/attachment/{decision}", timeout=10)


def _accepted_gateway(api: Api, subscription_id: int) -> int:
    shared = _share(api, subscription_id)
    path = _base(subscription_id) + f"/invitations/{shared['invitationId']}/accept"
    completed(api, api.put(path, None), 202, "tgwAcceptInvitationRequest")
    api.wait(LISTED_AFTER_ACCEPT)
    return _gateways(api, subscription_id)[0]["id"]


def _attached_gateway(api: Api, subscription_id: int) -> int:
    tgw_id = _accepted_gateway(api, subscription_id)
    completed(api, api.post(_base(subscription_id) + f"/{tgw_id}/attachment", None), 202, "tgwAttachmentCreateRequest")
    _aws_answers_attachment(api, tgw_id, "accept")
    api.wait(ATTACHMENT)
    return tgw_id


def test_share_accept_attach_route_detach(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    assert _invitations(api, subscription_id) == []
    shared = _share(api, subscription_id, awsAccountId="620187402834", name="prod-share")
    [invitation] = _invitations(api, subscription_id)
    assert invitation == {"id": shared["invitationId"], "name": "prod-share", "resourceShareUid": shared["resourceShareUid"],
                          "awsAccountId": "620187402834", "status": "pending", "sharedDate": invitation["sharedDate"]}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", invitation["sharedDate"])
    assert shared["resourceShareUid"].startswith("arn:aws:ram:us-east-1:620187402834:resource-share/")
    accept = api.put(_base(subscription_id) + f"/invitations/{shared['invitationId']}/accept", None)
    assert completed(api, accept, 202, "tgwAcceptInvitationRequest") == {"resourceId": shared["invitationId"]}
    assert _invitations(api, subscription_id)[0]["status"] == "accepted"
    assert _gateways(api, subscription_id) == []  # shown some time after the acceptance
    api.wait(LISTED_AFTER_ACCEPT)
    [gateway] = _gateways(api, subscription_id)
    tgw_id = gateway["id"]
    assert gateway == {"id": tgw_id, "awsTgwUid": shared["awsTgwUid"], "status": "available", "awsAccountId": "620187402834",
                       "cidrs": []}
    assert re.fullmatch(r"tgw-[0-9a-f]{17}", gateway["awsTgwUid"])
    unattached = gateway
    attach = api.post(_base(subscription_id) + f"/{tgw_id}/attachment", None)
    assert completed(api, attach, 202, "tgwAttachmentCreateRequest") == {"resourceId": tgw_id}
    [gateway] = _gateways(api, subscription_id)
    assert gateway["attachmentStatus"] == "pendingAcceptance" and gateway["status"] == "available"
    assert re.fullmatch(r"tgw-attach-[0-9a-f]{17}", gateway["attachmentUid"])
    cidrs = {"cidrs": ["10.10.20.0/24", "10.10.21.0/24"]}
    refused = task_error(api, api.put(_base(subscription_id) + f"/{tgw_id}/attachment", cidrs), 202, "tgwUpdateCidrsRequest")
    assert refused["type"] == "TGW_ATTACHMENT_IS_NOT_ACTIVE"
    assert _aws_answers_attachment(api, tgw_id, "accept").json() == {"tgwId": tgw_id, "attachmentStatus": "pending"}
    assert _gateways(api, subscription_id)[0]["attachmentStatus"] == "pending"
    api.wait(ATTACHMENT)
    assert _gateways(api, subscription_id)[0]["attachmentStatus"] == "available"
    routed = api.put(_base(subscription_id) + f"/{tgw_id}/attachment", cidrs)
    assert completed(api, routed, 202, "tgwUpdateCidrsRequest") == {"resourceId": tgw_id}
    assert _gateways(api, subscription_id)[0]["cidrs"] == [{"cidrAddress": "10.10.20.0/24", "status": "active"},
                                                           {"cidrAddress": "10.10.21.0/24", "status": "active"}]
    detach = api.delete(_base(subscription_id) + f"/{tgw_id}/attachment")
    assert completed(api, detach, 202, "tgwAttachmentDeleteRequest") == {"resourceId": tgw_id}
    assert _gateways(api, subscription_id)[0]["attachmentStatus"] == "deleting"
    api.wait(ATTACHMENT)
    assert _gateways(api, subscription_id) == [unattached]  # back to no attachment: no attachment fields, no CIDRs
    again = api.delete(_base(subscription_id) + f"/{tgw_id}/attachment")
    assert task_error(api, again, 202, "tgwAttachmentDeleteRequest")["type"] == "TGW_ATTACHMENT_DOES_NOT_EXIST"


def test_cidr_changes_are_checked(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    tgw_id = _attached_gateway(api, subscription_id)
    path = _base(subscription_id) + f"/{tgw_id}/attachment"
    http_error(api.put(path, {"cidrs": ["10.1.0.0/24", "10.1.0.0/24"]}), 400, "TGW_ATTACHMENT_CIDRS_REQUEST_CONTAINS_DUPLICATES")
    http_error(api.put(path, {"cidrs": [{"cidrAddress": "10.1.0.0/24"}]}), 400, "BAD_REQUEST")  # the spec's objects
    http_error(api.put(path, {"cidrs": ["10.1.0.0/24"], "cidr": "x"}), 400, "UNRECOGNIZED_FIELD")
    http_error(api.put(path, {"cidrs": ["not-a-cidr"]}), 400, "BAD_REQUEST")
    completed(api, api.put(path, {"cidrs": ["10.1.0.0/24"]}), 202, "tgwUpdateCidrsRequest")
    same = api.put(path, {"cidrs": ["10.1.0.0/24"]})
    assert task_error(api, same, 202, "tgwUpdateCidrsRequest")["type"] == "TGW_ATTACHMENT_CIDRS_ARE_THE_SAME_AS_EXISTING_ONES"
    cleared = api.put(path, {"cidrs": []})  # how Terraform's route resource deletes
    completed(api, cleared, 202, "tgwUpdateCidrsRequest")
    assert _gateways(api, subscription_id)[0]["cidrs"] == []


def test_cidr_objects_are_accepted_when_configured(start_api: Callable[..., Api]) -> None:
    api = start_api(tgw_listed_after_accept_seconds=LISTED_AFTER_ACCEPT, tgw_attachment_seconds=ATTACHMENT,
                    tgw_cidrs_request="strings_or_objects")
    subscription_id = api.create_active_subscription()
    tgw_id = _attached_gateway(api, subscription_id)
    body = {"cidrs": [{"cidrAddress": "10.2.0.0/24"}, "10.3.0.0/24"]}
    completed(api, api.put(_base(subscription_id) + f"/{tgw_id}/attachment", body), 202, "tgwUpdateCidrsRequest")
    assert [cidr["cidrAddress"] for cidr in _gateways(api, subscription_id)[0]["cidrs"]] == ["10.2.0.0/24", "10.3.0.0/24"]


def test_the_string_items_are_a_listed_deviation() -> None:
    assert [deviation.where for deviation in DEVIATIONS if deviation.where.startswith("TgwUpdateCidrsRequest")] == [
        "TgwUpdateCidrsRequest.cidrs[]"]


def test_rejected_invitation_and_rejected_attachment(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    shared = _share(api, subscription_id)
    invitations = _base(subscription_id) + f"/invitations/{shared['invitationId']}"
    assert completed(api, api.put(invitations + "/reject", None), 202, "tgwRejectInvitationRequest") == {
        "resourceId": shared["invitationId"]}
    assert _invitations(api, subscription_id)[0]["status"] == "rejected"
    assert task_error(api, api.put(invitations + "/accept", None), 202, "tgwAcceptInvitationRequest")["type"] == (
        "TGW_RESOURCE_SHARE_DOES_NOT_EXIST")
    unknown = api.put(_base(subscription_id) + "/invitations/77/accept", None)
    assert task_error(api, unknown, 202, "tgwAcceptInvitationRequest")["type"] == "TGW_RESOURCE_SHARE_DOES_NOT_EXIST"
    tgw_id = _accepted_gateway(api, subscription_id)
    completed(api, api.post(_base(subscription_id) + f"/{tgw_id}/attachment", None), 202, "tgwAttachmentCreateRequest")
    twice = api.post(_base(subscription_id) + f"/{tgw_id}/attachment", None)
    assert task_error(api, twice, 202, "tgwAttachmentCreateRequest")["status"] == "409 CONFLICT"
    assert _aws_answers_attachment(api, tgw_id, "reject").json()["attachmentStatus"] == "rejected"
    assert _aws_answers_attachment(api, tgw_id, "accept").status_code == 409  # answered already
    assert _gateways(api, subscription_id)[0]["attachmentStatus"] == "rejected"


def test_unknown_gateway_and_bodies_where_none_is_taken(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    missing = api.post(_base(subscription_id) + "/36/attachment", None)
    assert task_error(api, missing, 202, "tgwAttachmentCreateRequest")["type"] == "TGW_DOES_NOT_EXIST"
    http_error(api.post(_base(subscription_id) + "/36/attachment", {"cidrs": ["10.0.0.0/24"]}), 400, "UNRECOGNIZED_FIELD")
    assert _aws_answers_attachment(api, 36, "accept").status_code == 404
    assert requests.post(f"{api.root_url}/_simulator/subscriptions/{subscription_id}/transit-gateway-shares",
                         json={"awsAccountId": "12"}, timeout=10).status_code == 400


def test_active_active_and_gcp_subscriptions_are_refused(api: Api) -> None:
    active_active = api.create_active_subscription(deploymentType="active-active")
    error = task_error(api, api.get(_base(active_active)), 200, "tgwGetRequest")
    assert error["type"] == "TGW_GETTING_SINGLE_REGION_TGWS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION"
    error = task_error(api, api.get(_base(active_active) + "/invitations"), 200, "tgwInvitationsGetRequest")
    assert error["type"] == "TGW_GETTING_SINGLE_REGION_TGW_INVITATIONS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION"
    gcp = api.create_active_subscription(cloudProviders=[{"provider": "GCP", "regions": [{"region": "europe-west1"}]}])
    assert task_error(api, api.get(_base(gcp)), 200, "tgwGetRequest")["type"] == "TGW_CLOUD_PROVIDER_IS_NOT_SUPPORTED"


def test_a_pending_subscription_refuses_transit_gateway_tasks(api: Api) -> None:
    task = api.create_subscription()
    api.wait(6.5)
    subscription_id = api.task(task["taskId"])["response"]["resourceId"]
    assert task_error(api, api.get(_base(subscription_id)), 200, "tgwGetRequest")["type"] == "SUBSCRIPTION_NOT_ACTIVE"
