# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC peering: lifecycles (AWS and GCP), read-through-task listing, answer shapes, refusals, control endpoints."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import requests

from conftest import Api
from task_reads import completed, http_error, task_error

INITIATING = 10.0
AWS_PEERING = {"region": "eu-west-2", "awsAccountId": "123456789012", "vpcId": "vpc-0abc", "vpcCidr": "172.31.0.0/16"}
GCP_PEERING = {"provider": "gcp", "vpcProjectUid": "my-project", "vpcNetworkName": "my-network"}
GCP_PLAN = {"cloudProviders": [{"provider": "GCP", "regions": [{"region": "europe-west1",
                                                                "networking": {"deploymentCIDR": "192.168.0.0/24"}}]}]}


@pytest.fixture
def api(start_api: Callable[..., Api]) -> Api:
    return start_api(peering_initiating_seconds=INITIATING, peering_not_listed_seconds=0.0)


def _path(subscription_id: int, tail: str = "") -> str:
    return f"/subscriptions/{subscription_id}/peerings{tail}"


def _create(api: Api, subscription_id: int, body: dict[str, Any]) -> int:
    return completed(api, api.post(_path(subscription_id), body), 202, "peeringCreateRequest")["resourceId"]


def _list(api: Api, subscription_id: int) -> list[dict[str, Any]]:
    response = completed(api, api.get(_path(subscription_id)), 202, "vpcPeeringGetRequest")
    assert response["resourceId"] == subscription_id
    return response["resource"]["peerings"]


def _decide(api: Api, peering_id: int, decision: str) -> requests.Response:
    return requests.post(f"{api.root_url}/_simulator/peerings/{peering_id}/{decision}", timeout=10)


def test_aws_peering_initiates_then_waits_for_the_aws_side_then_is_active_then_deleted(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    peering_id = _create(api, subscription_id, AWS_PEERING)
    initiating = {"vpcPeeringId": peering_id, "awsAccountId": "123456789012", "vpcUid": "vpc-0abc",
                  "vpcCidr": "172.31.0.0/16", "status": "initiating-request", "regionName": "eu-west-2"}
    assert _list(api, subscription_id) == [initiating]
    api.wait(INITIATING)
    [pending] = _list(api, subscription_id)
    assert re.fullmatch(r"pcx-[0-9a-f]{17}", pending.pop("awsPeeringUid"))
    assert pending == initiating | {"status": "pending-acceptance"}
    accepted = _decide(api, peering_id, "accept")
    assert (accepted.status_code, accepted.json()) == (200, {"peeringId": peering_id, "status": "active"})
    assert _list(api, subscription_id)[0]["status"] == "active"
    assert completed(api, api.delete(_path(subscription_id, f"/{peering_id}")), 202, "peeringDeleteRequest") == {}
    assert _list(api, subscription_id) == []


def test_gcp_peering_rests_inactive_until_its_other_half_is_created(api: Api) -> None:
    subscription_id = api.create_active_subscription(**GCP_PLAN)
    peering_id = _create(api, subscription_id, GCP_PEERING)
    api.wait(INITIATING)
    [peering] = _list(api, subscription_id)
    assert set(peering) == {"vpcPeeringId", "projectUid", "networkName", "redisProjectUid", "redisNetworkName",
                            "cloudPeeringId", "status"}
    assert (peering["projectUid"], peering["networkName"], peering["status"]) == ("my-project", "my-network", "inactive")
    assert peering["redisNetworkName"] == f"c{subscription_id}-europe-west1-1-rlrcp"
    assert peering["cloudPeeringId"].startswith("redislabs-peering-")
    assert _decide(api, peering_id, "reject").status_code == 409  # only AWS rejects a request
    api.wait(3600)
    assert _list(api, subscription_id)[0]["status"] == "inactive"  # it does not move on its own
    assert _decide(api, peering_id, "accept").status_code == 200
    assert _list(api, subscription_id)[0]["status"] == "active"


def test_one_cidr_reads_back_as_vpc_cidr_several_as_objects(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    single = dict(AWS_PEERING, vpcCidrs=["172.31.0.0/16"])
    del single["vpcCidr"]
    _create(api, subscription_id, single)
    several = dict(AWS_PEERING, vpcId="vpc-0def", vpcCidrs=["172.20.0.0/24", "172.20.1.0/24"])
    del several["vpcCidr"]
    _create(api, subscription_id, several)
    first, second = _list(api, subscription_id)
    assert first["vpcCidr"] == "172.31.0.0/16" and "vpcCidrs" not in first
    assert "vpcCidr" not in second
    assert second["vpcCidrs"] == [{"vpcCidr": "172.20.0.0/24", "active": "true"}, {"vpcCidr": "172.20.1.0/24", "active": "true"}]


def test_no_peering_is_an_empty_list_and_every_read_is_a_new_task(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    first, second = api.get(_path(subscription_id)), api.get(_path(subscription_id))
    assert first.json()["taskId"] != second.json()["taskId"]
    assert int(second.headers["X-Rate-Limit-Remaining"]) == int(first.headers["X-Rate-Limit-Remaining"]) - 1
    api.wait(3 * 2 + 1)  # two read tasks, one after the other
    for answer in (first, second):
        done = api.task(answer.json()["taskId"])
        assert done["response"] == {"resourceId": subscription_id, "resource": {"peerings": []}}


def test_list_command_type_can_be_the_other_recorded_one(start_api: Callable[..., Api]) -> None:
    api = start_api(peering_list_command_type="peeringListRequest")
    subscription_id = api.create_active_subscription()
    assert completed(api, api.get(_path(subscription_id)), 202, "peeringListRequest")["resource"] == {"peerings": []}


def test_a_new_peering_is_listed_late(start_api: Callable[..., Api]) -> None:
    api = start_api(peering_not_listed_seconds=20.0)
    subscription_id = api.create_active_subscription()
    peering_id = _create(api, subscription_id, AWS_PEERING)
    assert _list(api, subscription_id) == []
    api.wait(20)
    assert [peering["vpcPeeringId"] for peering in _list(api, subscription_id)] == [peering_id]


def test_aws_side_can_reject_a_request_or_let_it_expire_and_a_peering_can_fail(start_api: Callable[..., Api]) -> None:
    api = start_api(peering_initiating_seconds=INITIATING, peering_not_listed_seconds=0.0, peering_acceptance_expiry_seconds=100.0)
    subscription_id = api.create_active_subscription()
    rejected = _create(api, subscription_id, AWS_PEERING)
    expiring = _create(api, subscription_id, dict(AWS_PEERING, vpcId="vpc-1", vpcCidr="172.16.0.0/24"))
    failing = _create(api, subscription_id, dict(AWS_PEERING, vpcId="vpc-2", vpcCidr="172.17.0.0/24"))
    assert _decide(api, rejected, "accept").status_code == 409  # still initiating: nothing to accept yet
    api.wait(INITIATING)
    assert _decide(api, rejected, "reject").json()["status"] == "rejected"
    assert _decide(api, failing, "fail").json()["status"] == "failed"
    api.wait(100)
    statuses = {peering["vpcPeeringId"]: peering["status"] for peering in _list(api, subscription_id)}
    assert statuses == {rejected: "rejected", expiring: "expired", failing: "failed"}
    assert _decide(api, expiring, "accept").status_code == 409
    assert requests.post(f"{api.root_url}/_simulator/peerings/999/accept", timeout=10).status_code == 404


def test_only_an_active_aws_peerings_cidrs_change(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    peering_id = _create(api, subscription_id, AWS_PEERING)
    path = _path(subscription_id, f"/{peering_id}")
    change = {"vpcCidrs": ["172.31.0.0/16", "172.30.0.0/16"]}
    assert task_error(api, api.put(path, change), 202, "peeringUpdateRequest")["type"] == "VPC_PEERING_NOT_ACTIVE"
    api.wait(INITIATING)
    _decide(api, peering_id, "accept")
    assert completed(api, api.put(path, change), 202, "peeringUpdateRequest") == {"resourceId": peering_id}
    assert [cidr["vpcCidr"] for cidr in _list(api, subscription_id)[0]["vpcCidrs"]] == change["vpcCidrs"]
    missing = api.put(_path(subscription_id, "/999"), change)
    assert task_error(api, missing, 202, "peeringUpdateRequest")["type"] == "VPC_PEERING_NOT_FOUND"


def test_a_gcp_peering_has_no_cidrs_to_change(api: Api) -> None:
    subscription_id = api.create_active_subscription(**GCP_PLAN)
    peering_id = _create(api, subscription_id, GCP_PEERING)
    error = task_error(api, api.put(_path(subscription_id, f"/{peering_id}"), {"vpcCidr": "10.9.0.0/16"}), 202, "peeringUpdateRequest")
    assert error["type"] == "VPC_PEERING_BELONGS_TO_DIFFERENT_CLOUD_PROVIDER"


@pytest.mark.parametrize(("body", "error_type"), [
    (dict(AWS_PEERING, vpcCidrs=["172.31.0.0/16"]), "VPC_PEERING_TOO_MANY_CIDR_SPECIFICATIONS"),
    ({key: value for key, value in AWS_PEERING.items() if key != "vpcCidr"}, "VPC_PEERING_CIDR_IS_MISSING"),
    (dict(AWS_PEERING, vpcCidr="172.31.0.0/33"), "VPC_PEERING_INVALID_CIDR"),
    (dict(AWS_PEERING, vpcCidr="172.31.0.1/16"), "VPC_PEERING_INVALID_CIDR"),
    (dict(AWS_PEERING, provider="Azure"), "VPC_PEERING_IS_NOT_KNOWN_CLOUD_PROVIDER"),
    # redis-cloud-rs names the region awsRegion: the spec and the recorded clients say region.
    ({"awsRegion": "eu-west-2", **{key: value for key, value in AWS_PEERING.items() if key != "region"}}, "UNRECOGNIZED_FIELD"),
    (dict(GCP_PEERING, vpcCidr="10.1.0.0/16"), "UNRECOGNIZED_FIELD"),
])
def test_malformed_creates_are_refused_at_once(api: Api, body: dict[str, Any], error_type: str) -> None:
    subscription_id = api.create_active_subscription()
    http_error(api.post(_path(subscription_id), body), 400, error_type)


def test_same_vpc_and_overlapping_cidrs_fail_the_task(api: Api) -> None:
    subscription_id = api.create_active_subscription()  # deployment CIDR 10.0.0.0/24
    _create(api, subscription_id, AWS_PEERING)
    again = api.post(_path(subscription_id), dict(AWS_PEERING, vpcCidr="172.18.0.0/16"))
    assert task_error(api, again, 202, "peeringCreateRequest") == {
        "type": "VPC_PEERING_ALREADY_EXIST", "status": "409 CONFLICT", "description": "VPC peering 101 already peers that VPC"}
    with_deployment = api.post(_path(subscription_id), dict(AWS_PEERING, vpcId="vpc-1", vpcCidr="10.0.0.0/16"))
    assert task_error(api, with_deployment, 202, "peeringCreateRequest")["type"] == "VPC_PEERING_CIDR_OVERLAP"
    with_other = api.post(_path(subscription_id), dict(AWS_PEERING, vpcId="vpc-2", vpcCidr="172.31.128.0/24"))
    error = task_error(api, with_other, 202, "peeringCreateRequest")
    assert (error["type"], error["description"]) == ("VPC_PEERING_CIDR_OVERLAP", "172.31.128.0/24 overlaps VPC peering 101")


def test_a_peering_of_the_other_cloud_fails_the_task(api: Api) -> None:
    subscription_id = api.create_active_subscription()
    error = task_error(api, api.post(_path(subscription_id), GCP_PEERING), 202, "peeringCreateRequest")
    assert error["type"] == "VPC_PEERING_BELONGS_TO_DIFFERENT_CLOUD_PROVIDER"


def test_a_pending_subscription_refuses_peering_writes_and_reads(start_api: Callable[..., Api]) -> None:
    api = start_api(peering_not_listed_seconds=0.0)
    task = api.create_subscription()
    api.wait(6.5)
    subscription_id = api.task(task["taskId"])["response"]["resourceId"]
    assert api.get(f"/subscriptions/{subscription_id}").json()["status"] == "pending"
    error = task_error(api, api.post(_path(subscription_id), AWS_PEERING), 202, "peeringCreateRequest")
    assert (error["type"], error["status"]) == ("SUBSCRIPTION_NOT_ACTIVE", "403 FORBIDDEN")
    assert task_error(api, api.get(_path(subscription_id)), 202, "vpcPeeringGetRequest")["type"] == "SUBSCRIPTION_NOT_ACTIVE"
    api.configure(not_active_error="http")
    http_error(api.post(_path(subscription_id), AWS_PEERING), 403, "SUBSCRIPTION_NOT_ACTIVE")


def test_active_active_paths_are_told_apart(api: Api) -> None:
    single = api.create_active_subscription()
    active_active = api.create_active_subscription(deploymentType="active-active")
    error = task_error(api, api.get(_path(active_active)), 202, "vpcPeeringGetRequest")
    assert error["type"] == "GETTING_SINGLE_REGION_VPC_PEERINGS_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION"
    error = task_error(api, api.post(_path(active_active), AWS_PEERING), 202, "peeringCreateRequest")
    assert error["type"] == "CREATING_A_SINGLE_REGION_VPC_PEERING_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION"
    error = task_error(api, api.delete(_path(active_active, "/5")), 202, "peeringDeleteRequest")
    assert error["type"] == "DELETING_SINGLE_REGION_VPC_PEERING_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION"
    regions = f"/subscriptions/{single}/regions/peerings"
    error = task_error(api, api.get(regions + "/"), 200, "vpcPeeringGetRequest")
    assert error["type"] == "GETTING_ACTIVE_ACTIVE_SUBSCRIPTION_VPC_PEERINGS_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"
    aa_body = {"sourceRegion": "us-east-1", "destinationRegion": "eu-west-2", "awsAccountId": "123456789012",
               "vpcId": "vpc-0abc", "vpcCidr": "172.31.0.0/16"}
    error = task_error(api, api.post(regions, aa_body), 200, "peeringCreateRequest")
    assert error["type"] == "CREATING_AN_ACTIVE_ACTIVE_VPC_PEERING_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"
    not_played = api.get(f"/subscriptions/{active_active}/regions/peerings")
    assert not_played.status_code == 501


def test_a_missing_subscription_is_a_404(api: Api) -> None:
    assert api.get(_path(424242)).status_code == 404
    assert api.post(_path(424242), AWS_PEERING).status_code == 404
