# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pro subscriptions on the shared core: the type, and the hooks of redis_cloud_subscription.

What is the subscription's own: admission control (the API lets an account hold at most
three subscriptions that are not active), the creation plan's databases, and deleting
the databases before the subscription (through the database resource's own delete).
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.compare import Difference
from ansible_collections.rediscloud.api.plugins.module_utils.creates import Creator
from ansible_collections.rediscloud.api.plugins.module_utils.database import DatabaseModel
from ansible_collections.rediscloud.api.plugins.module_utils.errors import RedisCloudError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.resource import VISIBILITY_GRACE_SECONDS, Resources
from ansible_collections.rediscloud.api.plugins.module_utils.resource_types import DATABASE, ENCRYPTION_KEY_PENDING, SUBSCRIPTION
from ansible_collections.rediscloud.api.plugins.module_utils.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.state import ResourceModel, ResourceState
from ansible_collections.rediscloud.api.plugins.module_utils.subscription_compare import FIELDS
from ansible_collections.rediscloud.api.plugins.module_utils.subscription_spec import build_create_body, build_update_body
from ansible_collections.rediscloud.api.plugins.module_utils.subscription_validate import validate_create
from ansible_collections.rediscloud.api.plugins.module_utils.tasks import Task

# The API lets an account hold at most this many non-active subscriptions at once;
# one more create ends in TOO_MANY_PENDING_SUBSCRIPTIONS.
MAX_PENDING_SUBSCRIPTIONS = 3
SLOTS = "pending subscription slots"
ACTIVE, ERROR = "active", "error"


def pending_count(subscriptions: list[dict[str, Any]]) -> int:
    """How many of the account's subscriptions hold a pending slot: any not active, except those in error
    (an errored subscription stays so until deleted; counting it could block creates for good)."""
    return sum(1 for item in subscriptions if item.get("status") not in (ACTIVE, ERROR))


def planned_database_count(params: dict[str, Any]) -> int:
    return sum(int(database.get("quantity") or 1) for database in params.get("databases") or [])


class SubscriptionModel(ResourceModel):
    type = SUBSCRIPTION
    fields = FIELDS
    id_option = "subscription_id"
    result_key = "subscription"

    def validate_create(self) -> list[str]:
        return validate_create(self.params)

    def create_body(self) -> dict[str, Any]:
        return build_create_body(self.params)

    def update_body(self, differences: list[Difference], current: dict[str, Any]) -> dict[str, Any]:
        body = build_update_body({d.field: d.desired for d in differences})
        if "paymentMethod" in body and self.params.get("payment_method_id") is not None:
            # A credit-card payment method is only valid together with its id.
            body["paymentMethodId"] = self.params["payment_method_id"]
        return body

    def resting_message(self, item: dict[str, Any]) -> str:
        return (f"Subscription {item.get('id')} is in status {ENCRYPTION_KEY_PENDING}: it waits for the customer-managed "
                "encryption keys you must supply (Redis Cloud console or API) before it becomes active. Re-run this task "
                "afterwards to wait for it.")

    # admission control

    def before_create(self, creator: Creator, listing: list[dict[str, Any]]) -> bool:
        """Wait for a free pending slot, counting subscriptions this run saw created that are not listed yet.

        A slot frees only when a subscription turns active (minutes), so only the list is
        read while waiting. Returns True when it had to wait (the name is then looked up again).
        """
        resources = creator.resources
        unlisted = creator.unlisted_settling(listing)
        if pending_count(listing) + unlisted < MAX_PENDING_SUBSCRIPTIONS:
            return False
        name = self.name
        reads = [listing]

        def read() -> list[dict[str, Any]]:
            reads.append(resources.list())
            return reads[-1]

        def taken(listed: list[dict[str, Any]]) -> int:
            return pending_count(listed) + creator.unlisted_settling(listed)

        try:
            self.run.wait_until(
                read,
                lambda listed: taken(listed) < MAX_PENDING_SUBSCRIPTIONS or resources.find(name=name, listing=listed) is not None,
                lambda listed: f"{taken(listed)} of {MAX_PENDING_SUBSCRIPTIONS} taken",
                SLOTS,
            )
        except WaitTimeoutError:
            count = taken(reads[-1])
            raise WaitTimeoutError(
                f"Timed out after {self.run.deadline.seconds:g} s waiting for a free pending-subscription slot: "
                f"{count} subscriptions of the account are not active yet (the API allows {MAX_PENDING_SUBSCRIPTIONS}). "
                "Nothing was submitted; re-run when one of them is active.",
                last_status=f"{count} pending",
            ) from None
        return True

    # results

    def after_create(self, state: ResourceState, item: dict[str, Any] | None, task: Task | None) -> dict[str, Any] | None:
        if item is not None:
            state.result["database_ids"] = self._creation_plan_database_ids(state, item, task)
        return item

    def after_settle(self, state: ResourceState, item: dict[str, Any]) -> None:
        if not state.result.get("database_ids"):
            state.result["database_ids"] = [databases_of(self.run, item).id_of(db) for db in databases_of(self.run, item).list()]

    def _creation_plan_database_ids(self, state: ResourceState, item: dict[str, Any], task: Task | None) -> list[int]:
        """The ids of the databases the creation plan made.

        Taken from the task's ``response.resource.databases`` when it has them (no recorded
        answer shows them); else the subscription's databases are listed until the plan's
        count shows: a new subscription reads active before they are listed (Terraform
        notes it), and the listing answers 404 while there are none.
        """
        from_task = [db.get("databaseId") for db in (task.resource.get("databases") if task else None) or [] if isinstance(db, dict)]
        if from_task and all(isinstance(value, int) for value in from_task):
            return from_task
        databases = databases_of(self.run, item)
        if SUBSCRIPTION.resting and item.get("status") in SUBSCRIPTION.resting:
            # Its databases are made once the keys are supplied: nothing to wait for now.
            return [databases.id_of(db) for db in databases.list()]
        planned = planned_database_count(self.params)
        grace = self.run.grace(VISIBILITY_GRACE_SECONDS)
        listed = self.run.wait_until(
            databases.list,
            lambda found: len(found) >= planned or grace.expired(),
            lambda found: f"{len(found)} of {planned} listed",
            f"databases of subscription {item.get('id')}",
        )
        return [databases.id_of(db) for db in listed]

    # state=absent

    def before_delete(self, state: ResourceState, item: dict[str, Any]) -> dict[str, Any]:
        databases = databases_of(self.run, item).list()
        state.result["database_ids"] = [db["databaseId"] for db in databases]
        if databases and not self.params.get("delete_databases"):
            listed = ", ".join(f"{db.get('name')} ({db.get('databaseId')})" for db in databases)
            raise RedisCloudError(
                f"Subscription {item.get('id')} still has {len(databases)} database(s): {listed}. The API refuses to delete "
                "a subscription that has databases; delete them first, or set delete_databases=true. Nothing was sent.",
                error_type="SUBSCRIPTION_IN_USE",
            )
        return {"databases": [db.get("name") for db in databases]}

    def delete_children(self, state: ResourceState, item: dict[str, Any]) -> None:
        """Delete each database through the database resource's own delete, then wait until none is listed
        and the subscription is active again (the API refuses the subscription's delete before)."""
        if not state.result.get("database_ids"):
            return
        subscription_id = state.resources.id_of(item)
        children = ResourceState(DatabaseModel({"subscription_id": subscription_id}, self.run, self.flags), state.connection)
        databases = children.resources
        for database in databases.list():
            children.delete_item(databases.id_of(database), wait=True)
        self.run.wait_until(databases.list, lambda remaining: not remaining, lambda remaining: f"{len(remaining)} database(s) left",
                            f"databases of subscription {subscription_id}")
        state.resources.wait_settled(subscription_id, seen=True)


def databases_of(run: Run, subscription: dict[str, Any]) -> Resources:
    return Resources(DATABASE, run, int(subscription["id"]))
