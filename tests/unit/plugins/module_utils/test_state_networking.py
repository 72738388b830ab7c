"""What the engine gained for private networking, each declared generically with a default that changes nothing:
reads from the listing (no GET by id), reads refused in their task while the parent is busy, which statuses end a
wait (per run), the status field, a create refused as a duplicate (adopted), a create at the item's own path,
a checked parent (refused before anything else is sent), and a resource found by identity only."""

from __future__ import annotations

import tempfile
import uuid
from typing import Any

import pytest
from scripted_api import NOT_FOUND, ScriptedClient, accepted, make_run, refused_task, sub, task, tasks, tid

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import ApiRequestError, RedisCloudError, TaskFailedError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import CommandTypes, Resources, ResourceType, listed_items
from ansible_collections.rediscloud.api.plugins.module_utils.engine.state import Connection, ResourceState, RunFlags
from ansible_collections.rediscloud.api.plugins.module_utils.resources.transit_gateway_attachment import TransitGatewayAttachmentModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.vpc_peering import VpcPeeringModel

LIST = ("GET", "/subscriptions/7/widgets")
WIDGET = ResourceType(kind="widget", list_path="/subscriptions/{subscription_id}/widgets",
                      item_path="/subscriptions/{subscription_id}/widgets/{widget_id}", id_key="widget_id", id_field="id",
                      items_of=lambda body, request: listed_items(body, request, "widgets"),
                      commands=CommandTypes("widgetCreate", "widgetUpdate", "widgetDelete"), resting=frozenset({"waiting"}),
                      parent_key="subscription_id", listed_through_task=True, read_from_listing=True)
PEERINGS = ("GET", "/subscriptions/7/peerings")
PEERING = {"vpcPeeringId": 101, "awsAccountId": "123456789012", "vpcUid": "vpc-0abc", "vpcCidr": "172.31.0.0/16",
           "awsPeeringUid": "pcx-0f3", "status": "pending-acceptance", "regionName": "eu-west-2"}
ACTIVE_SUBSCRIPTION = sub(7, "shop", deploymentType="single-region", cloudDetails=[{"provider": "AWS"}])


@pytest.fixture(autouse=True)
def lock_dir(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def listing(number: int, key: str, *items: dict[str, Any], command: str = "vpcPeeringGetRequest") -> dict[str, Any]:
    """A listing read's answer: its task, already finished, with the items in response.resource."""
    return task(tid(number), "processing-completed", command, resource={key: list(items)})


def widgets(number: int, *items: dict[str, Any]) -> dict[str, Any]:
    return listing(number, "widgets", *items, command="widgetList")


def peering_state(client: ScriptedClient, fake_clock, check_mode: bool = False, **params: Any) -> ResourceState:
    model = VpcPeeringModel({"state": "present", "subscription_id": 7, "provider": "AWS", "region": "eu-west-2",
                             "aws_account_id": "123456789012", "vpc_id": "vpc-0abc", "vpc_cidrs": ["172.31.0.0/16"],
                             "wait_for": "initiated", **params})
    return ResourceState(model, make_run(client, fake_clock), RunFlags(check_mode=check_mode, diff_mode=True, wait=True),
                         Connection(f"https://api.example.test/{uuid.uuid4()}/v1", "unit-test-account-key-0001"))


class TestReads:
    def test_an_item_without_a_get_by_id_is_read_from_the_listing(self, fake_clock):
        client = ScriptedClient({LIST: [widgets(1, {"id": 4, "status": "active"}, {"id": 5, "status": "active"})]})
        resources = Resources(WIDGET, make_run(client, fake_clock), 7)

        assert resources.get(5) == {"id": 5, "status": "active"}
        assert resources.get(6) is None
        assert client.calls == [LIST, LIST]  # never GET .../widgets/5

    def test_a_listing_that_answers_404_is_an_error_never_an_empty_list(self, fake_clock):
        # No recorded answer shows what an empty listing of these answers: a 404 is not read as "none".
        client = ScriptedClient({LIST: [NOT_FOUND]})
        with pytest.raises(ApiRequestError, match="404"):
            Resources(WIDGET, make_run(client, fake_clock), 7).list()

    def test_a_read_refused_in_its_task_waits_then_reads_again(self, fake_clock):
        waited: list[int] = []
        client = ScriptedClient({LIST: [refused_task(tid(1), "SUBSCRIPTION_NOT_ACTIVE", "widgetList"), widgets(2, {"id": 5, "status": "active"})]})
        resources = Resources(WIDGET, make_run(client, fake_clock), 7, refused_read=lambda: waited.append(1))

        assert resources.list() == [{"id": 5, "status": "active"}]
        assert waited == [1] and client.count(*LIST) == 2

    def test_without_a_way_to_wait_a_refused_read_fails_with_its_task(self, fake_clock):
        client = ScriptedClient({LIST: [refused_task(tid(1), "SUBSCRIPTION_NOT_ACTIVE", "widgetList")]})
        with pytest.raises(TaskFailedError, match="SUBSCRIPTION_NOT_ACTIVE"):
            Resources(WIDGET, make_run(client, fake_clock), 7).list()

    def test_a_wait_ends_at_a_resting_status_unless_this_run_says_otherwise(self, fake_clock):
        answers = [widgets(1, {"id": 5, "status": "waiting"}), widgets(2, {"id": 5, "status": "waiting"}), widgets(3, {"id": 5, "status": "active"})]
        default = Resources(WIDGET, make_run(ScriptedClient({LIST: list(answers)}), fake_clock), 7)
        assert default.wait_settled(5)["status"] == "waiting"

        client = ScriptedClient({LIST: list(answers)})
        through = Resources(WIDGET, make_run(client, fake_clock), 7, wait_ends=frozenset())
        assert through.wait_settled(5)["status"] == "active" and client.count(*LIST) == 3

    def test_the_status_may_live_in_another_field(self, fake_clock):
        rtype = ResourceType(**{**WIDGET.__dict__, "status_field": "attachmentStatus", "settled": frozenset({"available"})})
        resources = Resources(rtype, make_run(ScriptedClient(), fake_clock), 7)
        item = {"id": 5, "status": "available", "attachmentStatus": "pendingAcceptance"}
        assert not resources.is_settled(item) and resources.status(item) == "pendingAcceptance"


class TestPeeringCreate:
    def test_a_create_the_api_refuses_as_a_duplicate_adopts_the_existing_peering(self, fake_clock):
        # The listing lags: the peering another run made is not listed before the create, and is after.
        def peerings(api: ScriptedClient) -> dict[str, Any]:
            return listing(len(api.calls), "peerings", *([PEERING] if api.writes else []))

        client = ScriptedClient({
            ("GET", "/subscriptions/7"): [ACTIVE_SUBSCRIPTION],
            PEERINGS: [peerings],
            ("GET", "/tasks"): [tasks()],
            ("POST", "/subscriptions/7/peerings"): [accepted(tid(90), "peeringCreateRequest")],
            ("GET", f"/tasks/{tid(90)}"): [refused_task(tid(90), "VPC_PEERING_ALREADY_EXIST", "peeringCreateRequest")],
        })

        result = peering_state(client, fake_clock).present()

        assert len(client.writes) == 1  # never a second create
        assert result["changed"] is False and result["peering_id"] == 101
        assert result["status"] == "pending-acceptance" and result["aws_peering_id"] == "pcx-0f3"

    def test_a_duplicate_refusal_with_nothing_of_that_identity_listed_fails_clearly(self, fake_clock):
        other_region = {**PEERING, "regionName": "us-east-1"}
        client = ScriptedClient({
            ("GET", "/subscriptions/7"): [ACTIVE_SUBSCRIPTION],
            PEERINGS: [lambda api: listing(len(api.calls), "peerings", other_region)],
            ("GET", "/tasks"): [tasks()],
            ("POST", "/subscriptions/7/peerings"): [accepted(tid(90), "peeringCreateRequest")],
            ("GET", f"/tasks/{tid(90)}"): [refused_task(tid(90), "VPC_PEERING_ALREADY_EXIST", "peeringCreateRequest")],
        })

        with pytest.raises(RedisCloudError, match=r"no VPC peering of subscription 7 \('AWS', '123456789012', 'vpc-0abc', 'eu-west-2'\) is listed") as failure:
            peering_state(client, fake_clock).present()
        assert failure.value.error_type == "VPC_PEERING_ALREADY_EXIST" and len(client.writes) == 1

    def test_a_parent_that_cannot_hold_it_is_refused_before_anything_else_is_sent(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions/7"): [sub(7, "aa", deploymentType="active-active")]})

        with pytest.raises(RedisCloudError, match="Subscription 7 is Active-Active"):
            peering_state(client, fake_clock).present()
        with pytest.raises(RedisCloudError, match="Active-Active"):
            peering_state(client, fake_clock, state="absent").absent()
        assert client.calls == [("GET", "/subscriptions/7")] * 2

    def test_a_listing_refused_while_the_subscription_is_pending_is_read_again_once_it_is_active(self, fake_clock):
        client = ScriptedClient({
            ("GET", "/subscriptions/7"): [ACTIVE_SUBSCRIPTION, {**ACTIVE_SUBSCRIPTION, "status": "pending"}, ACTIVE_SUBSCRIPTION],
            PEERINGS: [refused_task(tid(1), "SUBSCRIPTION_NOT_ACTIVE", "vpcPeeringGetRequest"), listing(2, "peerings", PEERING)],
        })

        state = peering_state(client, fake_clock)
        result = state.present()

        assert result["changed"] is False and result["peering_id"] == 101 and client.writes == []
        seen = [(entry["what"], entry["status"]) for entry in state.run.timeline.as_list()]
        refused = seen.index(("GET /subscriptions/7/peerings", "refused: SUBSCRIPTION_NOT_ACTIVE"))
        assert seen[refused + 1] == ("subscription 7", "active")  # waited for the pending subscription, then read again
        assert client.count(*PEERINGS) == 2 and client.count("GET", "/subscriptions/7") == 3


class TestAttachmentCreate:
    def test_found_by_identity_only_and_created_at_its_own_path_without_a_body(self, fake_clock):
        gateway = {"id": 36, "awsTgwUid": "tgw-0b9", "status": "available", "cidrs": []}
        attached = {**gateway, "attachmentUid": "tgw-attach-1", "attachmentStatus": "pendingAcceptance"}
        client = ScriptedClient({
            ("GET", "/subscriptions/7"): [ACTIVE_SUBSCRIPTION],
            ("GET", "/subscriptions/7/transitGateways"): [
                lambda api: listing(len(api.calls), "tgws", attached if api.writes else gateway, command="tgwGetRequest")],
            ("GET", "/tasks"): [tasks()],
            ("POST", "/subscriptions/7/transitGateways/36/attachment"): [accepted(tid(90), "tgwAttachmentCreateRequest")],
            ("GET", f"/tasks/{tid(90)}"): [task(tid(90), "processing-completed", "tgwAttachmentCreateRequest", resourceId=36)],
        })
        model = TransitGatewayAttachmentModel({"state": "present", "subscription_id": 7, "tgw_id": 36, "cidrs": None, "wait_for": "initiated"})
        state = ResourceState(model, make_run(client, fake_clock), RunFlags(check_mode=False, diff_mode=True, wait=True),
                              Connection(f"https://api.example.test/{uuid.uuid4()}/v1", "unit-test-account-key-0001"))

        result = state.present()

        assert client.writes == [("POST", "/subscriptions/7/transitGateways/36/attachment", None)]
        assert result["changed"] is True and result["transit_gateway_id"] == 36
        assert result["attachment_status"] == "pendingAcceptance" and result["attachment_uid"] == "tgw-attach-1"
        assert any("waits for your AWS account to accept it" in warning for warning in result["warnings"])
