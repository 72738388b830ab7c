"""The private-networking models on answers shaped like the recorded ones (RedisLabs/rediscloud-go-api
subscription_test.go TestSubscription_ListVPCPeering, _gcp; transit_gateway_attachments_test.go), and every request
body they build validated against the vendored spec (redis_cloud_simulator.spec.validate_body, with spec.DEVIATIONS)."""

from __future__ import annotations

from typing import Any

import pytest
from redis_cloud_simulator.spec import DEVIATIONS, validate_body

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import MalformedResponseError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current
from ansible_collections.rediscloud.api.plugins.module_utils.resources.network import attachment_view
from ansible_collections.rediscloud.api.plugins.module_utils.resources.networking import subscription_problem
from ansible_collections.rediscloud.api.plugins.module_utils.resources.transit_gateway_attachment import TransitGatewayAttachmentModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.transit_gateway_attachment_options import (
    build_update_body as tgw_cidrs_body, validate_create as validate_attach, validate_params as validate_attachment,
)
from ansible_collections.rediscloud.api.plugins.module_utils.resources.transit_gateway_invitation import TransitGatewayInvitationModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import TRANSIT_GATEWAY_ATTACHMENT, attachments_of, peerings_of
from ansible_collections.rediscloud.api.plugins.module_utils.resources.vpc_peering import VpcPeeringModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.vpc_peering_options import VPC_PEERING_OPTIONS, validate_params

# As the Go client's fixtures record them (the AWS one's status "done" replaced by a real one).
AWS_PEERING = {"vpcPeeringId": 10, "awsAccountId": "429100000000", "vpcUid": "vpc-deadbeef", "vpcCidr": "10.0.0.0/24",
               "awsPeeringUid": "pcx-0123456789", "status": "pending-acceptance", "regionName": "eu-west-2"}
AWS_PEERING_CIDRS = {**{k: v for k, v in AWS_PEERING.items() if k != "vpcCidr"},
                     "vpcCidrs": [{"vpcCidr": "10.0.0.0/24", "active": "true"}, {"vpcCidr": "10.1.0.0/24", "active": "true"}]}
GCP_PEERING = {"vpcPeeringId": 11, "projectUid": "cloud-api-123456", "networkName": "cloud-api-vpc-peering-test",
               "redisProjectUid": "v00d1c1f22233333f-tp", "redisNetworkName": "c12345-us-east1-2-rlrcp",
               "cloudPeeringId": "redislabs-peering-f123abc4-d56", "status": "inactive"}
GATEWAY = {"id": 36, "awsTgwUid": "tgw-0b92afdae97faaef8", "status": "available", "awsAccountId": "620187402834", "cidrs": []}
ATTACHED = {**GATEWAY, "attachmentUid": "tgw-attach-0a1b2c3d", "attachmentStatus": "available",
            "cidrs": [{"cidrAddress": "10.10.20.0/24", "status": "active"}]}


def aws(**params: Any) -> VpcPeeringModel:
    return VpcPeeringModel({"subscription_id": 7, "provider": "AWS", "region": "eu-west-2", "aws_account_id": "429100000000",
                            "vpc_id": "vpc-deadbeef", "wait_for": "initiated", **params})


def gcp(**params: Any) -> VpcPeeringModel:
    return VpcPeeringModel({"subscription_id": 7, "provider": "GCP", "gcp_project_id": "cloud-api-123456",
                            "gcp_network_name": "cloud-api-vpc-peering-test", "wait_for": "initiated", **params})


def defaults(**params: Any) -> dict[str, Any]:
    values = {option: spec.get("default") for option, spec in VPC_PEERING_OPTIONS.items()}
    values.update(subscription_id=7, **params)
    return values


class TestPeeringIdentity:
    def test_answers_are_found_by_the_request_side_names(self):
        # vpcId -> vpcUid, region -> regionName; vpcProjectUid -> projectUid, vpcNetworkName -> networkName.
        assert aws().identity(AWS_PEERING) == aws().wanted_identity() == ("AWS", "429100000000", "vpc-deadbeef", "eu-west-2")
        assert gcp().identity(GCP_PEERING) == gcp().wanted_identity() == ("GCP", "cloud-api-123456", "cloud-api-vpc-peering-test")

    def test_another_region_or_cloud_is_another_peering(self):
        assert aws(region="eu-west-1").wanted_identity() != aws().identity(AWS_PEERING)
        assert gcp().identity(GCP_PEERING) != aws().identity(AWS_PEERING)

    def test_incomplete_parameters_identify_nothing(self):
        assert aws(region=None).wanted_identity() is None
        assert aws().identity_options == ("aws_account_id", "vpc_id", "region")
        assert gcp().identity_options == ("gcp_project_id", "gcp_network_name")


class TestPeeringCompare:
    @pytest.mark.parametrize("answer", [AWS_PEERING, AWS_PEERING_CIDRS])
    def test_cidrs_read_back_in_either_shape_match_in_any_order(self, answer):
        cidrs = ["10.0.0.0/24"] if "vpcCidr" in answer else ["10.1.0.0/24", "10.0.0.0/24"]
        assert aws(vpc_cidrs=cidrs).differences(Current(answer)) == []

    def test_one_cidr_sent_as_a_list_reads_back_as_vpcCidr_and_a_change_is_in_place(self):
        [difference] = aws(vpc_cidrs=["10.0.0.0/24", "10.2.0.0/24"]).differences(Current(AWS_PEERING))
        assert (difference.field, difference.current, difference.in_place) == ("vpc_cidrs", ["10.0.0.0/24"], True)

    def test_anything_but_the_cidrs_cannot_change_in_place(self):
        differences = aws(peering_id=10, region="us-east-1", vpc_id="vpc-other").differences(Current(AWS_PEERING))
        assert {(d.field, d.current, d.in_place) for d in differences} == {("region", "eu-west-2", False), ("vpc_id", "vpc-deadbeef", False)}
        [provider] = aws(peering_id=11, region=None, aws_account_id=None, vpc_id=None).differences(Current(GCP_PEERING))
        assert (provider.field, provider.current, provider.desired, provider.in_place) == ("provider", "GCP", "AWS", False)
        assert gcp().differences(Current(GCP_PEERING)) == []

    def test_results_carry_what_the_user_needs_to_accept_or_peer_back(self):
        assert aws().result_fields(AWS_PEERING) == {"status": "pending-acceptance", "aws_peering_id": "pcx-0123456789",
                                                    "gcp_redis_project_id": None, "gcp_redis_network_name": None}
        assert gcp().result_fields(GCP_PEERING)["gcp_redis_network_name"] == "c12345-us-east1-2-rlrcp"
        assert "pcx-0123456789" in aws().resting_message(AWS_PEERING)
        assert "v00d1c1f22233333f-tp" in gcp().resting_message(GCP_PEERING)

    def test_wait_for_says_whether_a_wait_ends_at_the_user_s_part(self):
        assert aws().ends_wait() == frozenset({"pending-acceptance", "inactive"})
        assert aws(wait_for="active").ends_wait() == frozenset()

    def test_a_cidr_overlap_is_explained_naming_the_cidrs(self):
        assert "(10.0.0.0/24, 10.9.0.0/16)" in aws(vpc_cidrs=["10.0.0.0/24", "10.9.0.0/16"]).error_hint("VPC_PEERING_CIDR_OVERLAP")
        assert aws().error_hint("GENERAL_ERROR") is None


class TestPeeringBodies:
    def test_aws_create_body_validates_and_sends_no_provider(self):
        body = aws(vpc_cidrs=["10.0.0.0/24"]).create_body()
        assert body == {"region": "eu-west-2", "awsAccountId": "429100000000", "vpcId": "vpc-deadbeef", "vpcCidrs": ["10.0.0.0/24"]}
        assert validate_body("VpcPeeringCreateAwsRequest", body) == []

    def test_gcp_create_body_validates(self):
        body = gcp().create_body()
        assert body == {"provider": "gcp", "vpcProjectUid": "cloud-api-123456", "vpcNetworkName": "cloud-api-vpc-peering-test"}
        assert validate_body("VpcPeeringCreateGcpRequest", body) == []

    def test_update_body_is_the_spec_s_put_of_the_cidrs(self):
        model = aws(vpc_cidrs=["10.0.0.0/24", "10.2.0.0/24"])
        body = model.update_body(model.differences(Current(AWS_PEERING)), Current(AWS_PEERING))
        assert body == {"vpcCidrs": ["10.0.0.0/24", "10.2.0.0/24"]}
        assert validate_body("VpcPeeringUpdateAwsRequest", body) == []


class TestPeeringParams:
    def test_the_identity_of_the_provider_is_required_without_an_id(self):
        [problem] = validate_params(defaults(region="eu-west-2"))
        assert "aws_account_id and vpc_id (or peering_id) are required" in problem
        assert validate_params(defaults(peering_id=10)) == []
        assert "gcp_project_id and gcp_network_name" in validate_params(defaults(provider="GCP"))[0]

    def test_options_of_the_other_cloud_bad_account_ids_and_cidrs_are_named(self):
        problems = validate_params(defaults(provider="GCP", gcp_project_id="p", gcp_network_name="n", vpc_cidrs=["10.0.0.0/24"]))
        assert problems == ["vpc_cidrs does not apply to a peering with provider GCP"]
        problems = validate_params(defaults(peering_id=1, aws_account_id="4291", vpc_cidrs=["10.0.0.1/24", "fd00::/8", "10.0.0.0/8", "10.0.0.0/8"]))
        assert problems == ["aws_account_id must be the 12 digits of an AWS account id, got '4291'",
                            "vpc_cidrs[0] '10.0.0.1/24' is not a network in CIDR notation (such as 10.0.1.0/24)",
                            "vpc_cidrs[1] 'fd00::/8' is not an IPv4 network", "vpc_cidrs lists a CIDR more than once"]

    def test_an_aws_create_needs_cidrs(self):
        assert "vpc_cidrs is required" in aws().validate_create()[0]
        assert gcp().validate_create() == []


class TestSubscriptionChecks:
    @pytest.mark.parametrize(("subscription", "provider", "problem"), [
        ({"id": 1, "deploymentType": "single-region", "cloudDetails": [{"provider": "AWS"}]}, "AWS", None),
        ({"id": 1, "deploymentType": "active-active", "cloudDetails": [{"provider": "AWS"}]}, "AWS", "Subscription 1 is Active-Active"),
        ({"id": 1, "deploymentType": "single-region", "cloudDetails": [{"provider": "GCP"}]}, "AWS", "Subscription 1 runs on GCP"),
        ({"id": 1, "status": "pending", "cloudDetails": []}, "AWS", None),  # not known yet: the API tells later
    ])
    def test_subscriptions_that_cannot_hold_the_resource_are_named(self, subscription, provider, problem):
        found = subscription_problem(subscription, "VPC peering", provider)
        assert (found is None) if problem is None else found.startswith(problem)


class TestTransitGatewayAttachment:
    def model(self, **params: Any) -> TransitGatewayAttachmentModel:
        return TransitGatewayAttachmentModel({"subscription_id": 7, "tgw_id": 36, "wait_for": "initiated", **params})

    def test_only_gateways_with_an_attachment_are_attachments(self):
        assert attachments_of({"tgws": [GATEWAY, ATTACHED]}, "GET x") == [ATTACHED]
        assert self.model().identity(ATTACHED) == self.model().wanted_identity() == 36

    def test_its_status_is_the_attachment_s(self):
        assert TRANSIT_GATEWAY_ATTACHMENT.status_field == "attachmentStatus"
        assert TRANSIT_GATEWAY_ATTACHMENT.resting == frozenset({"pendingAcceptance"}) and "available" in TRANSIT_GATEWAY_ATTACHMENT.settled

    def test_cidrs_read_back_as_objects_compare_with_strings(self):
        assert self.model(cidrs=["10.10.20.0/24"]).differences(Current(ATTACHED)) == []
        [difference] = self.model(cidrs=[]).differences(Current(ATTACHED))
        assert (difference.current, difference.desired, difference.in_place) == (["10.10.20.0/24"], [], True)

    def test_the_cidrs_body_is_plain_strings_as_recorded_clients_send_it_and_the_spec_deviation_allows(self):
        body = tgw_cidrs_body(["10.10.20.0/24", "10.10.30.0/24"])
        assert body == {"cidrs": ["10.10.20.0/24", "10.10.30.0/24"]}
        assert validate_body("TgwUpdateCidrsRequest", body) == []
        assert any(deviation.where == "TgwUpdateCidrsRequest.cidrs[]" for deviation in DEVIATIONS)

    def test_cidrs_on_a_new_attachment_need_wait_for_active(self):
        assert "set wait_for=active" in validate_attach({"cidrs": ["10.0.0.0/24"], "wait_for": "initiated"})[0]
        assert validate_attach({"cidrs": ["10.0.0.0/24"], "wait_for": "active"}) == []
        assert validate_attachment({"tgw_id": 0, "cidrs": ["10.0.0.0/33"]}) == [
            "tgw_id must be the positive id the transit gateway listing gives, got 0",
            "cidrs[0] '10.0.0.0/33' is not a network in CIDR notation (such as 10.0.1.0/24)"]

    def test_the_attach_carries_no_body_and_results_name_the_attachment(self):
        assert self.model().create_body() is None
        assert self.model().result_fields(ATTACHED) == {"attachment_uid": "tgw-attach-0a1b2c3d", "attachment_status": "available",
                                                        "cidrs": ["10.10.20.0/24"]}
        assert attachment_view(ATTACHED) == {"tgw_id": 36, "aws_tgw_id": "tgw-0b92afdae97faaef8", "attachment_uid": "tgw-attach-0a1b2c3d",
                                             "status": "available", "cidrs": ["10.10.20.0/24"]}


class TestTransitGatewayInvitation:
    INVITATION = {"id": 1, "name": "shared", "resourceShareUid": "arn:aws:ram:us-east-1:620187402834:resource-share/x",
                  "awsAccountId": "620187402834", "status": "pending", "sharedDate": "2024-07-16T00:00:00.000+00:00"}

    def model(self, action: str) -> TransitGatewayInvitationModel:
        return TransitGatewayInvitationModel({"subscription_id": 7, "tgw_invitation_id": 1, "action": action})

    @pytest.mark.parametrize(("status", "action", "expected"), [
        ("pending", "accept", [("action", "pending", "accepted", True)]),
        ("pending", "reject", [("action", "pending", "rejected", True)]),
        ("accepted", "accept", []), ("rejected", "reject", []),
        ("rejected", "accept", [("action", "rejected", "accepted", False)]),
    ])
    def test_an_invitation_answered_as_asked_is_ok_and_one_answered_otherwise_cannot_change(self, status, action, expected):
        differences = self.model(action).differences(Current({**self.INVITATION, "status": status}))
        assert [(d.field, d.current, d.desired, d.in_place) for d in differences] == expected

    def test_the_answer_is_a_put_without_body_of_its_own_command(self):
        [change] = self.model("reject").changes([], Current(self.INVITATION))
        assert (change.method, change.suffix, change.body, change.command_type) == ("PUT", "/reject", None, "tgwRejectInvitationRequest")


def test_peerings_listing_without_its_list_is_an_error_never_none():
    assert peerings_of({"peerings": [AWS_PEERING]}, "GET x") == [AWS_PEERING]
    with pytest.raises(MalformedResponseError):
        peerings_of({}, "GET /subscriptions/7/peerings")
