# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pro subscriptions on the shared core: the type, and the hooks of redis_cloud_subscription.

What is the subscription's own: admission control (the API lets an account hold at most
three subscriptions that are not active), the creation plan's databases, and deleting
the databases before the subscription (through the database resource's own delete).

The fields: the fields of a subscription: where each option sits in the read-back, what can change in place,
and the nested comparison of ``cloud_providers``.

Only options the user set are compared; the creation plan (``databases``) and
``redis_version`` shape the create only and are never compared. A pending
subscription reads back ``cloudDetails: []`` (its settled fields are not known yet),
and a multi-AZ region may read back no ``deploymentCIDR``: what the API does not
report is not compared.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference, Field, unreported
from ansible_collections.rediscloud.api.plugins.module_utils.engine.creates import Creator
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import VISIBILITY_GRACE_SECONDS, Resources
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.engine.state import ResourceModel, ResourceState
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import Task
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database import DatabaseModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription_options import build_create_body, build_update_body, validate_create
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import DATABASE, ENCRYPTION_KEY_PENDING, SUBSCRIPTION


def _compare_cloud_providers(desired: list[dict[str, Any]], subscription: dict[str, Any]) -> list[Difference]:
    current = cloud_providers_from_api(subscription.get("cloudDetails"))
    return [] if current is None else _compare_providers(desired, current)


# In option order. PUT /subscriptions/{id} (SubscriptionUpdateRequest) changes name and payment only.
FIELDS = (
    # What PUT can change is applied even when the API does not show it (paymentMethodId is absent
    # for a marketplace subscription).
    Field("name", "name", unreported_differs=True),
    Field("payment_method_id", "paymentMethodId", unreported_differs=True),
    Field("payment_method", "paymentMethodType", unreported_differs=True),
    Field("memory_storage", "memoryStorage", in_place=False),
    Field("persistent_storage_encryption_type", "persistentStorageEncryptionType", in_place=False),
    Field("deployment_type", "deploymentType", in_place=False),
    Field("cloud_providers", "cloudDetails", in_place=False, comparator=_compare_cloud_providers),
)


def cloud_providers_from_api(cloud_details: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    """The subscription's cloudDetails in the module's cloud_providers shape (None if not reported).

    Read back, each region's networking is a list of entries (one per subnet);
    in the module (as in the create body) it is one object.
    """
    if unreported(cloud_details) or not _well_formed(cloud_details):
        return None
    return [
        {
            "provider": detail.get("provider"),
            "cloud_account_id": detail.get("cloudAccountId"),
            "regions": [_region_from_api(region) for region in detail.get("regions") or []],
        }
        for detail in cloud_details
    ]


def _well_formed(cloud_details: Any) -> bool:
    """True when cloudDetails has the shape compared below; any other shape is not compared (it says nothing)."""
    if not isinstance(cloud_details, list):
        return False
    for detail in cloud_details:
        regions = detail.get("regions") if isinstance(detail, dict) else None
        if not isinstance(regions, list):
            return False
        for region in regions:
            if not isinstance(region, dict) or not isinstance(region.get("region"), str):
                return False
            networking = region.get("networking")
            entries = [networking] if isinstance(networking, dict) else networking or []
            if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
                return False
    return True


def _region_from_api(region: dict[str, Any]) -> dict[str, Any]:
    entries = region.get("networking") or []
    if isinstance(entries, dict):
        entries = [entries]
    subnet_ids: list[str] = []
    for entry in entries:
        if entry.get("subnetId"):
            subnet_ids.append(entry["subnetId"])
        subnet_ids.extend(entry.get("subnetIds") or [])
    return {
        "region": region.get("region"),
        "multiple_availability_zones": region.get("multipleAvailabilityZones"),
        "preferred_availability_zones": region.get("preferredAvailabilityZones"),
        "networking": {
            "deployment_cidr": _first(entries, "deploymentCIDR"),
            "vpc_id": _first(entries, "vpcId"),
            "subnet_ids": subnet_ids or None,
            "security_group_id": _first(entries, "securityGroupId"),
        },
    }


def _first(entries: list[dict[str, Any]], key: str) -> Any:
    return next((entry[key] for entry in entries if entry.get(key) is not None), None)


def _compare_providers(desired: list[dict[str, Any]], current: list[dict[str, Any]]) -> list[Difference]:
    if len(desired) != len(current):
        return [Difference("cloud_providers", [_provider_label(p) for p in current], [_provider_label(p) for p in desired], in_place=False)]
    differences: list[Difference] = []
    for index, (want, have) in enumerate(zip(desired, current)):
        where = f"cloud_providers[{index}]"
        if want.get("provider") and have.get("provider") and want["provider"].upper() != str(have["provider"]).upper():
            differences.append(Difference(f"{where}.provider", have["provider"], want["provider"], in_place=False))
        _add_if_differs(differences, f"{where}.cloud_account_id", have.get("cloud_account_id"), want.get("cloud_account_id"))
        differences.extend(_compare_regions(where, want.get("regions") or [], have.get("regions") or []))
    return differences


def _compare_regions(where: str, desired: list[dict[str, Any]], current: list[dict[str, Any]]) -> list[Difference]:
    current_by_name = {region["region"]: region for region in current}
    desired_names = [region["region"] for region in desired]
    if sorted(desired_names) != sorted(current_by_name):
        return [Difference(f"{where}.regions", sorted(current_by_name), desired_names, in_place=False)]
    differences: list[Difference] = []
    for index, want in enumerate(desired):
        have = current_by_name[want["region"]]
        here = f"{where}.regions[{index}]"
        _add_if_differs(differences, f"{here}.multiple_availability_zones",
                        have.get("multiple_availability_zones"), want.get("multiple_availability_zones"))
        _add_if_differs(differences, f"{here}.preferred_availability_zones",
                        _sorted(have.get("preferred_availability_zones")), _sorted(want.get("preferred_availability_zones")))
        want_net = want.get("networking") or {}
        have_net = have["networking"]
        for option in ("deployment_cidr", "vpc_id", "security_group_id"):
            _add_if_differs(differences, f"{here}.networking.{option}", have_net.get(option), want_net.get(option))
        _add_if_differs(differences, f"{here}.networking.subnet_ids",
                        _sorted(have_net.get("subnet_ids")), _sorted(want_net.get("subnet_ids")))
    return differences


def _add_if_differs(differences: list[Difference], field: str, current: Any, desired: Any) -> None:
    if desired is not None and not unreported(current) and desired != current:
        differences.append(Difference(field, current, desired, in_place=False))


def _sorted(values: list[str] | None) -> list[str] | None:
    return None if values is None else sorted(values)


def _provider_label(provider: dict[str, Any]) -> str:
    regions = ",".join(region.get("region") or "?" for region in provider.get("regions") or [])
    return f"{provider.get('provider') or 'AWS'}:{regions}"

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