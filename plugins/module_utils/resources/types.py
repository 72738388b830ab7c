# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resources of the API this collection manages, as data: paths, ids, listings, statuses, commands."""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.parsing import kind, malformed, require_dict
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import CommandTypes, ResourceType

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
    # RedisInsight's cloud-database.ts reads delete-pending; "deleting" as the subscriptions have it, to be safe.
    leaving=frozenset({"delete-pending", "deleting"}),
    parent_key="subscription_id",
    # "Subscription N: no databases found" (an SDK's live integration tests; the Go client reads 404 as "no more").
    empty_listing_answers_404=True,
    paged=True,
)

# Essentials (fixed) subscriptions and databases: the same answers under /fixed (Go client fixed_subscription_test.go,
# fixed_database_test.go), except that an empty database listing is a 200 with an empty list, and `subscription` one object.
ESSENTIALS_SUBSCRIPTION = ResourceType(
    kind="Essentials subscription",
    list_path="/fixed/subscriptions",
    item_path="/fixed/subscriptions/{subscription_id}",
    id_key="subscription_id",
    id_field="id",
    items_of=subscriptions_of,
    commands=CommandTypes("fixedSubscriptionCreateRequest", "fixedSubscriptionUpdateRequest", "fixedSubscriptionDeleteRequest"),
    leaving=frozenset({"deleting"}),
)

ESSENTIALS_DATABASE = ResourceType(
    kind="Essentials database",
    list_path="/fixed/subscriptions/{subscription_id}/databases",
    item_path="/fixed/subscriptions/{subscription_id}/databases/{database_id}",
    id_key="database_id",
    id_field="databaseId",
    items_of=databases_of,
    commands=CommandTypes("fixedDatabaseCreateRequest", "fixedDatabaseUpdateRequest", "fixedDatabaseDeleteRequest"),
    leaving=frozenset({"delete-pending", "deleting"}),
    parent_key="subscription_id",
    paged=True,
)
