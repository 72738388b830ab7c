# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pro subscriptions: the model of redis_cloud_subscription (its fields, declarations and hooks).

What is the subscription's own: admission control (the API lets an account hold at most
three subscriptions that are not active), the creation plan's databases (its children,
waited for after the create and deleted first on request), and the nested comparison of
``cloud_providers``.

Only options the user set are compared; the creation plan (``databases``) and
``redis_version`` shape the create only and are never compared. A pending
subscription reads back ``cloudDetails: []`` (its settled fields are not known yet),
and a multi-AZ region may read back no ``deploymentCIDR``: what the API does not
report is not compared.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference, Field, unreported
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Admission, Children, Current, DryRun, ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database import DatabaseModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription_options import build_create_body, build_update_body, validate_create
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import ENCRYPTION_KEY_PENDING, SUBSCRIPTION


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
    dry_run = DryRun(create=True)
    children = Children(DatabaseModel, result_key="database_ids", delete_option="delete_databases", in_use_error="SUBSCRIPTION_IN_USE",
                        task_key="databases")

    def validate_create(self) -> list[str]:
        return validate_create(self.params)

    def create_body(self) -> dict[str, Any]:
        return build_create_body(self.params)

    def update_body(self, differences: list[Difference], current: Current) -> dict[str, Any]:
        body = build_update_body({d.field: d.desired for d in differences})
        if "paymentMethod" in body and self.params.get("payment_method_id") is not None:
            # A credit-card payment method is only valid together with its id.
            body["paymentMethodId"] = self.params["payment_method_id"]
        return body

    def resting_message(self, item: dict[str, Any]) -> str:
        return (f"Subscription {item.get('id')} is in status {ENCRYPTION_KEY_PENDING}: it waits for the customer-managed "
                "encryption keys you must supply (Redis Cloud console or API) before it becomes active. Re-run this task "
                "afterwards to wait for it.")

    def admission(self, listing: list[dict[str, Any]], unlisted_pending: int) -> Admission | None:
        """A free pending slot, counting subscriptions this run saw created that are not listed yet. A slot frees
        only when a subscription turns active (minutes), so the engine reads only the list while waiting."""
        taken = pending_count(listing) + unlisted_pending
        return Admission(
            admitted=taken < MAX_PENDING_SUBSCRIPTIONS,
            subject=SLOTS,
            status=f"{taken} of {MAX_PENDING_SUBSCRIPTIONS} taken",
            timeout_message=f"waiting for a free pending-subscription slot: {taken} subscriptions of the account are not "
                            f"active yet (the API allows {MAX_PENDING_SUBSCRIPTIONS}). Nothing was submitted; re-run when one of them "
                            "is active.",
            last_status=f"{taken} pending",
        )

    def planned_children(self) -> int:
        return planned_database_count(self.params)
