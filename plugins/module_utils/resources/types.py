# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resources of the API this collection manages, as data: paths, ids, listings, statuses, commands."""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.parsing import kind, malformed, require_dict
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import CommandTypes, ResourceType, listed_items

ENCRYPTION_KEY_PENDING = "encryption_key_pending"


def subscriptions_of(body: Any, request: str) -> list[Any]:
    """The items of GET /subscriptions (``{"accountId", "subscriptions": [...]}``).

    An answer without the list is an error, never "no subscriptions": that would make
    state=present create a duplicate and state=absent report success.
    """
    answer = require_dict(body, request)
    if "subscriptions" not in answer:
        raise malformed(request, "the answer has no list of subscriptions")
    listed = answer["subscriptions"]
    if not isinstance(listed, list):
        raise malformed(request, f"'subscriptions' is {kind(listed)}, expected a list")
    return listed


def databases_of(body: Any, request: str) -> list[Any]:
    """The items of GET /subscriptions/{id}/databases.

    The API nests them: ``{"accountId", "subscription": [{"subscriptionId", "numberOfDatabases",
    "databases": [...]}]}``; ``subscription`` is sometimes one object rather than a list. An
    answer without that structure is an error (a subscription with no databases answers 404).
    """
    answer = require_dict(body, request)
    groups = answer.get("subscription")
    if isinstance(groups, dict):
        groups = [groups]
    if groups is None and isinstance(answer.get("databases"), list):
        groups = [answer]
    if not isinstance(groups, list):
        raise malformed(request, "the answer has no list of databases")
    databases: list[Any] = []
    for index, group in enumerate(groups):
        group = require_dict(group, request, f"subscription[{index}]")
        listed = group.get("databases", [] if group.get("numberOfDatabases") == 0 else None)
        if not isinstance(listed, list):
            raise malformed(request, f"subscription[{index}].databases is {kind(listed)}, expected a list")
        databases.extend(listed)
    return databases


SUBSCRIPTION = ResourceType(
    kind="subscription",
    list_path="/subscriptions",
    item_path="/subscriptions/{subscription_id}",
    id_key="subscription_id",
    id_field="id",
    items_of=subscriptions_of,
    commands=CommandTypes("subscriptionCreateRequest", "subscriptionUpdateRequest", "subscriptionDeleteRequest"),
    leaving=frozenset({"deleting"}),
    # A subscription with customer-managed keys stops there until the keys are supplied
    # (Terraform's WaitForSubscriptionToBeEncryptionKeyPending; the Go client's constant).
    resting=frozenset({ENCRYPTION_KEY_PENDING}),
)

DATABASE = ResourceType(
    kind="database",
    list_path="/subscriptions/{subscription_id}/databases",
    item_path="/subscriptions/{subscription_id}/databases/{database_id}",
    id_key="database_id",
    id_field="databaseId",
    items_of=databases_of,
    commands=CommandTypes("databaseCreateRequest", "databaseUpdateRequest", "databaseDeleteRequest"),
    # RedisInsight's cloud-database.ts reads delete-pending; "deleting" as the subscriptions have it, to be safe.
    leaving=frozenset({"delete-pending", "deleting"}),
    parent_key="subscription_id",
    # "Subscription N: no databases found" (an SDK's live integration tests; the Go client reads 404 as "no more").
    empty_listing_answers_404=True,
    paged=True,
)


ATTACHMENT_STATUS = "attachmentStatus"


# Private networking: every read answers a task, and its data rides in the finished task's response.resource
# (RedisLabs/rediscloud-go-api service/subscriptions ListVPCPeering, service/transit_gateway/attachments).
# None has a GET by id: an item is read from the listing.

def peerings_of(body: Any, request: str) -> list[Any]:
    """``{"peerings": [...]}`` of the task of GET /subscriptions/{id}/peerings."""
    return listed_items(body, request, "peerings")


def gateways_of(body: Any, request: str) -> list[Any]:
    """``{"tgws": [...]}`` of the task of GET /subscriptions/{id}/transitGateways (Go client TestGetAttachments)."""
    return listed_items(body, request, "tgws")


def attachments_of(body: Any, request: str) -> list[Any]:
    """The transit gateways that carry an attachment (``attachmentStatus``): the others have none.

    RedisLabs/rediscloud-go-api TestGetAttachments, captured from the API: no attachment fields before an attachment.
    """
    return [tgw for tgw in gateways_of(body, request) if not isinstance(tgw, dict) or tgw.get(ATTACHMENT_STATUS) is not None]


def invitations_of(body: Any, request: str) -> list[Any]:
    """``{"resources": [...]}`` of the task of GET .../transitGateways/invitations (Go client TestListInvitations)."""
    return listed_items(body, request, "resources")


VPC_PEERING = ResourceType(
    kind="VPC peering",
    list_path="/subscriptions/{subscription_id}/peerings",
    item_path="/subscriptions/{subscription_id}/peerings/{peering_id}",
    id_key="peering_id",
    id_field="vpcPeeringId",
    items_of=peerings_of,
    commands=CommandTypes("peeringCreateRequest", "peeringUpdateRequest", "peeringDeleteRequest"),
    # The Go client's statuses (service/subscriptions/model.go); rejected and expired are AWS's own peering states.
    failed=frozenset({"failed", "rejected", "expired"}),
    # An AWS request waits for the AWS side to accept it, a GCP peering for the peering back from Google's side.
    resting=frozenset({"pending-acceptance", "inactive"}),
    # Not recorded for peerings (a deleted one leaves the listing, Go client TestSubscription_DeleteVPCPeering); if the
    # API shows it, it is on its way out.
    leaving=frozenset({"deleting"}),
    parent_key="subscription_id",
    listed_through_task=True,
    read_from_listing=True,
    already_exists=frozenset({"VPC_PEERING_ALREADY_EXIST"}),
)

TRANSIT_GATEWAY = ResourceType(
    kind="transit gateway",
    list_path="/subscriptions/{subscription_id}/transitGateways",
    item_path="/subscriptions/{subscription_id}/transitGateways/{tgw_id}",
    id_key="tgw_id",
    id_field="id",
    items_of=gateways_of,
    # Shared by AWS (RAM) and accepted as an invitation: this collection never creates or deletes one.
    commands=CommandTypes("", "", ""),
    settled=frozenset({"available"}),
    parent_key="subscription_id",
    listed_through_task=True,
    read_from_listing=True,
)

TRANSIT_GATEWAY_ATTACHMENT = ResourceType(
    kind="transit gateway attachment",
    list_path="/subscriptions/{subscription_id}/transitGateways",
    # The attachment's own path: POST attaches, PUT sets its CIDRs, DELETE detaches. {tgw_id} is the listing's id.
    item_path="/subscriptions/{subscription_id}/transitGateways/{tgw_id}/attachment",
    id_key="tgw_id",
    id_field="id",
    items_of=attachments_of,
    commands=CommandTypes("tgwAttachmentCreateRequest", "tgwUpdateCidrsRequest", "tgwAttachmentDeleteRequest"),
    status_field=ATTACHMENT_STATUS,
    # terraform-provider-rediscloud provider/utils/wait.go: target available; pending initiating-request, pending,
    # pendingAcceptance, modifying, deleting; terminal failed, rejected, deleted.
    settled=frozenset({"available"}),
    failed=frozenset({"failed", "rejected"}),
    resting=frozenset({"pendingAcceptance"}),
    leaving=frozenset({"deleting", "deleted"}),
    parent_key="subscription_id",
    listed_through_task=True,
    read_from_listing=True,
    created_at_item=True,
)

TRANSIT_GATEWAY_INVITATION = ResourceType(
    kind="transit gateway invitation",
    list_path="/subscriptions/{subscription_id}/transitGateways/invitations",
    item_path="/subscriptions/{subscription_id}/transitGateways/invitations/{tgw_invitation_id}",
    id_key="tgw_invitation_id",
    id_field="id",
    items_of=invitations_of,
    # Invitations come from AWS RAM shares: this collection only accepts or rejects them (each its own command).
    commands=CommandTypes("", "tgwAcceptInvitationRequest", ""),
    # An answered invitation is as settled as a pending one: each status is where it stays until someone acts.
    settled=frozenset({"pending", "accepted", "rejected"}),
    parent_key="subscription_id",
    listed_through_task=True,
    read_from_listing=True,
)
