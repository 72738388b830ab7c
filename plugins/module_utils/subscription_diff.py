# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compare the options a user set with a subscription read back from the API.

Only options the user set are compared; the creation plan (databases) and
redis_version shape the create only and are never compared. A field that cannot
change in place and that the API does not report (None when read back) cannot be
compared and is left alone, so a re-run stays idempotent whatever the API echoes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.subscription_spec import UPDATABLE_OPTIONS

# Top-level options compared with the read-back field that holds them.
_TOP_LEVEL_FIELDS = {
    "name": "name",
    "payment_method_id": "paymentMethodId",
    "payment_method": "paymentMethodType",
    "memory_storage": "memoryStorage",
    "persistent_storage_encryption_type": "persistentStorageEncryptionType",
    "deployment_type": "deploymentType",
}


@dataclass(frozen=True)
class Difference:
    """One option whose desired value differs from what the API holds."""

    field: str
    current: Any
    desired: Any

    @property
    def in_place(self) -> bool:
        """True when PUT /subscriptions/{id} can apply it."""
        return self.field in UPDATABLE_OPTIONS


def compare(params: dict[str, Any], subscription: dict[str, Any]) -> list[Difference]:
    """Differences between the user's options and the subscription, in option order."""
    differences: list[Difference] = []
    for option, api_field in _TOP_LEVEL_FIELDS.items():
        desired = params.get(option)
        current = subscription.get(api_field)
        # A field that can change in place is applied even when the API does not show it
        # (paymentMethodId is absent for a marketplace subscription).
        comparable = current is not None or option in UPDATABLE_OPTIONS
        if desired is not None and comparable and desired != current:
            differences.append(Difference(option, current, desired))
    desired_providers = params.get("cloud_providers")
    if desired_providers is not None:
        current_providers = cloud_providers_from_api(subscription.get("cloudDetails"))
        if current_providers is not None:
            differences.extend(_compare_providers(desired_providers, current_providers))
    return differences


def cloud_providers_from_api(cloud_details: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    """The subscription's cloudDetails in the module's cloud_providers shape (None if not reported).

    Read back, each region's networking is a list of entries (one per subnet);
    in the module (as in the create body) it is one object.
    """
    if cloud_details is None:
        return None
    return [
        {
            "provider": detail.get("provider"),
            "cloud_account_id": detail.get("cloudAccountId"),
            "regions": [_region_from_api(region) for region in detail.get("regions") or []],
        }
        for detail in cloud_details
    ]


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
        return [Difference("cloud_providers", [_provider_label(p) for p in current], [_provider_label(p) for p in desired])]
    differences: list[Difference] = []
    for index, (want, have) in enumerate(zip(desired, current)):
        where = f"cloud_providers[{index}]"
        if want.get("provider") and have.get("provider") and want["provider"].upper() != str(have["provider"]).upper():
            differences.append(Difference(f"{where}.provider", have["provider"], want["provider"]))
        _add_if_differs(differences, f"{where}.cloud_account_id", have.get("cloud_account_id"), want.get("cloud_account_id"))
        differences.extend(_compare_regions(where, want.get("regions") or [], have.get("regions") or []))
    return differences


def _compare_regions(where: str, desired: list[dict[str, Any]], current: list[dict[str, Any]]) -> list[Difference]:
    current_by_name = {region["region"]: region for region in current}
    desired_names = [region["region"] for region in desired]
    if sorted(desired_names) != sorted(current_by_name):
        return [Difference(f"{where}.regions", sorted(current_by_name), desired_names)]
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
    if desired is not None and current is not None and desired != current:
        differences.append(Difference(field, current, desired))


def _sorted(values: list[str] | None) -> list[str] | None:
    return None if values is None else sorted(values)


def _provider_label(provider: dict[str, Any]) -> str:
    regions = ",".join(region.get("region") or "?" for region in provider.get("regions") or [])
    return f"{provider.get('provider') or 'AWS'}:{regions}"


def replacement_message(subscription_id: int, differences: list[Difference]) -> str:
    """Why the change is refused: each field that cannot change in place, with both values."""
    fields = "; ".join(f"{d.field}: current {d.current!r}, desired {d.desired!r}" for d in differences)
    return (f"Subscription {subscription_id} cannot change in place ({fields}). "
            "The subscription must be replaced (deleted and created again) to apply this; nothing was sent.")


def diff_for_display(differences: list[Difference]) -> dict[str, dict[str, Any]]:
    """Ansible's diff (before/after) of the fields that differ."""
    return {
        "before": {d.field: d.current for d in differences},
        "after": {d.field: d.desired for d in differences},
    }
