# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Config keys of the Essentials and ACL simulation (merged into config.DEFAULTS and validated there).

Durations are sim seconds. Where the evidence leaves two readings the default is the harsher one
(README, "Essentials" and "ACL").
"""

from __future__ import annotations

from typing import Any

ESSENTIALS_ACL_DEFAULTS: dict[str, Any] = {
    # How the account is billed: a marketplace account must still give a card for a paid plan paid by
    # credit card (terraform-provider-rediscloud issue #577).
    "essentials_account_billing": "credit-card",
    "essentials_subscription_provisioning_seconds": 60.0,
    "essentials_subscription_change_seconds": 30.0,
    "essentials_subscription_deletion_seconds": 30.0,
    "essentials_database_draft_seconds": 10.0,
    "essentials_database_provisioning_seconds": 60.0,
    "essentials_database_change_seconds": 30.0,
    "essentials_database_deletion_seconds": 20.0,
    "acl_pending_seconds": 10.0,
    "acl_flapping_seconds": 20.0,
    "acl_flap_period_seconds": 5.0,
    "acl_not_listed_seconds": 5.0,
    "acl_deletion_seconds": 10.0,
    "acl_users_listing_status": "absent",
    "acl_pending_user_writes": "refuse",
}
ESSENTIALS_ACL_NUMBER_KEYS = {key for key, value in ESSENTIALS_ACL_DEFAULTS.items() if isinstance(value, float)}
ESSENTIALS_ACL_CHOICE_KEYS: dict[str, tuple[str, ...]] = {
    "essentials_account_billing": ("credit-card", "marketplace"),
    "acl_users_listing_status": ("absent", "present"),
    "acl_pending_user_writes": ("refuse", "accept"),
}
