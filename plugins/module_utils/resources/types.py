# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resources of the API this collection manages, as data: paths, ids, listings, statuses, commands."""

from __future__ import annotations

from collections.abc import Callable
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
    "databases": [...]}]}``; ``subscription`` is sometimes one object rather than a list. A
    subscription with no databases, and a page past the end, answer 404: a 200 answer reads as
    "no databases" only when it says so twice (``numberOfDatabases: 0`` and an empty list). Any
    other shape is an error, never "no databases" (state=present would create a duplicate).
    """
    answer = require_dict(body, request)
    groups = answer.get("subscription")
    if isinstance(groups, dict):
        groups = [groups]
    if groups is None and isinstance(answer.get("databases"), list) and answer["databases"]:
        groups = [answer]
    if not isinstance(groups, list) or not groups:
        raise malformed(request, "the answer has no list of databases")
    databases: list[Any] = []
    for index, group in enumerate(groups):
        group = require_dict(group, request, f"subscription[{index}]")
        listed = group.get("databases")
        if not isinstance(listed, list):
            raise malformed(request, f"subscription[{index}].databases is {kind(listed)}, expected a list")
        count = group.get("numberOfDatabases")
        if not listed and not (type(count) is int and count == 0):  # pylint: disable=unidiomatic-typecheck  # not False
            raise malformed(request, f"subscription[{index}] lists no databases but does not count 0 (numberOfDatabases is "
                                     f"{count if isinstance(count, int) and not isinstance(count, bool) else kind(count)})")
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
    # Any other status (draft, *-pending, rcp-*, bdb-update-pending ...) is "not settled yet" (normalisation-evidence.md).
    failed=frozenset({"error", "creation-failed"}),
    # The spec's codes for a name already used in the subscription (DATABASE_NAME_ALREADY_IN_USE: seen by issue 16's tester).
    already_exists=frozenset({"DATABASE_NAME_EXISTS", "DATABASE_NAME_DUPLICATE", "DATABASE_NAME_ALREADY_IN_USE"}),
    # RedisInsight's cloud-database.ts reads delete-pending; "deleting" as the subscriptions have it, to be safe.
    leaving=frozenset({"delete-pending", "deleting"}),
    parent_key="subscription_id",
    # "Subscription N: no databases found" (an SDK's live integration tests; the Go client reads 404 as "no more").
    empty_listing_answers_404=True,
    paged=True,
)


def fixed_databases_of(body: Any, request: str) -> list[Any]:
    """The items of GET /fixed/subscriptions/{id}/databases: ``{"accountId", "subscription": {"subscriptionId",
    "numberOfDatabases", "databases": [...]}}``, ``subscription`` one object (Pro: a list), and a page past the end
    a 200 with an empty list (RedisLabs/rediscloud-go-api fixed_database_test.go TestFixedDatabase_List)."""
    return listed_items(require_dict(require_dict(body, request).get("subscription"), request, "subscription"), request, "databases")


# A plan change while the subscription or one of its databases is pending: refused, nothing done (the spec's code).
PLAN_CHANGE_WHILE_PENDING = "UPDATING_A_FIXED_SUBSCRIPTION_PLAN_IS_NOT_ALLOWED_WHILE_THE_SUBSCRIPTION_OR_BDB_IS_PENDING"

ESSENTIALS_SUBSCRIPTION = ResourceType(
    kind="Essentials subscription",
    list_path="/fixed/subscriptions",
    item_path="/fixed/subscriptions/{subscription_id}",
    id_key="subscription_id",
    id_field="id",
    items_of=lambda body, request: listed_items(body, request, "subscriptions"),
    # commandTypes as recorded: RedisLabs/rediscloud-go-api fixed_subscription_test.go.
    commands=CommandTypes("fixedSubscriptionCreateRequest", "fixedSubscriptionUpdateRequest", "fixedSubscriptionDeleteRequest"),
    leaving=frozenset({"deleting"}),
    refusals=frozenset({PLAN_CHANGE_WHILE_PENDING}),
)

ESSENTIALS_DATABASE = ResourceType(
    kind="Essentials database",
    list_path="/fixed/subscriptions/{subscription_id}/databases",
    item_path="/fixed/subscriptions/{subscription_id}/databases/{database_id}",
    id_key="database_id",
    id_field="databaseId",
    items_of=fixed_databases_of,
    commands=CommandTypes("fixedDatabaseCreateRequest", "fixedDatabaseUpdateRequest", "fixedDatabaseDeleteRequest"),
    leaving=frozenset({"delete-pending", "deleting"}),
    parent_key="subscription_id",
    paged=True,
    # The listing carries no security.password (Go client TestFixedDatabase_List; TestFixedDatabase_Get has it).
    listing_is_partial=True,
    # An update of a database that is not active (the spec's code): wait until it is, and send it again.
    refusals=frozenset({"DATABASE_NOT_ACTIVE"}),
)


def _listed_under(key: str) -> Callable[[Any, str], list[Any]]:
    return lambda body, request: listed_items(body, request, key)


# ACL (RedisLabs/rediscloud-go-api redis_rule_test.go, role_test.go, user_test.go): every write is a task, and every
# refusal comes in it. Rules and roles have no GET by id (the Go client's redis_rules service.go: "Get has to use the
# List behaviour"); the users listing has no status (user_test.go TestListUsers), a user read by id has.
ACL_RULE = ResourceType(
    kind="rule",
    list_path="/acl/redisRules",
    item_path="/acl/redisRules/{acl_rule_id}",
    id_key="acl_rule_id",
    id_field="id",
    items_of=_listed_under("redisRules"),
    commands=CommandTypes("aclRedisRuleCreateRequest", "aclRedisRuleUpdateRequest", "aclRedisRuleDeleteRequest"),
    leaving=frozenset({"deleting"}),
    refusals=frozenset({"ACL_REDIS_RULE_NOT_ACTIVE"}),  # a write to a rule that is pending (the spec's code)
    read_from_listing=True,
)

ACL_ROLE = ResourceType(
    kind="role",
    list_path="/acl/roles",
    item_path="/acl/roles/{acl_role_id}",
    id_key="acl_role_id",
    id_field="id",
    items_of=_listed_under("roles"),
    commands=CommandTypes("aclRoleCreateRequest", "aclRoleUpdateRequest", "aclRoleDeleteRequest"),
    leaving=frozenset({"deleting"}),
    # The role is pending (it flaps after a write), or a rule or database it names is not active yet: the spec's codes.
    refusals=frozenset({"ACL_ROLE_IS_IN_PENDING_STATUS_AND_CANNOT_BE_UPDATED", "ACL_ROLE_IS_IN_PENDING_STATUS_AND_CANNOT_BE_DELETED",
                        "ACL_REDIS_RULE_NOT_ACTIVE", "DATABASE_NOT_ACTIVE"}),
    read_from_listing=True,
)

ACL_USER = ResourceType(
    kind="user",
    list_path="/acl/users",
    item_path="/acl/users/{acl_user_id}",
    id_key="acl_user_id",
    id_field="id",
    items_of=_listed_under("users"),
    commands=CommandTypes("aclUserCreateRequest", "aclUserUpdateRequest", "aclUserDeleteRequest"),
    leaving=frozenset({"deleting"}),
    # A write to a user that is pending: the spec has no code for it; the simulator plays ACL_GENERAL_ERROR
    # (evidence missing: Terraform waits for a user to be active before deleting it).
    refusals=frozenset({"ACL_GENERAL_ERROR"}),
    listing_has_status=False,
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
