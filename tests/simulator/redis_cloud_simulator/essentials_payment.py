# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How an Essentials subscription is paid for: the checks of its create and update tasks.

- A free plan takes no payment method id: FIXED_PAYMENT_INFO_NOT_ALLOWED_IN_FREE_FIXED_PLAN (the spec's
  code; the Terraform acceptance test of a free subscription leaves payment_method_id out, commented out).
- One free plan subscription per account: FIXED_SUBSCRIPTION_ACCOUNT_ALREADY_HAS_A_FREE_PLAN (the spec's code).
- A paid plan paid by credit card (the default) needs paymentMethodId, on a marketplace-billed account too:
  PAYMENT_INFO_NOT_PROVIDED (recorded: terraform-provider-rediscloud issue #577, a task error
  "400 BAD_REQUEST - PAYMENT_INFO_NOT_PROVIDED: Payment info is not provided"). An unknown id:
  SUBSCRIPTION_PI_NOT_FOUND, as for Pro.
- paymentMethod "marketplace" with a paymentMethodId: MARKETPLACE_PAYMENT_INFO_COLLISION (the spec's code; the
  Terraform provider refuses the pair before sending it). "marketplace" on an account billed by credit card:
  ACCOUNT_MARKETPLACE_NOT_FOUND (the spec's code; no recorded answer).
"""

from __future__ import annotations

from typing import Any

from redis_cloud_simulator.essentials_catalog import is_free
from redis_cloud_simulator.essentials_state import EssentialsState
from redis_cloud_simulator.lifecycle import TaskError
from redis_cloud_simulator.subscription_commands import check_payment_method


def check_free_plan_slot(essentials: EssentialsState, plan: dict[str, Any], at: float, subscription_id: int | None = None) -> None:
    if is_free(plan) and any(sub.subscription_id != subscription_id for sub in essentials.live_free_subscriptions(at)):
        raise TaskError(400, "FIXED_SUBSCRIPTION_ACCOUNT_ALREADY_HAS_A_FREE_PLAN", "The account already has a free Essentials subscription")


def check_payment(plan: dict[str, Any], method: str, method_id: int | None, billing: str, id_sent: bool) -> None:
    """`id_sent`: the request itself carries paymentMethodId (an update may keep the stored one)."""
    if is_free(plan):
        if id_sent:
            raise TaskError(400, "FIXED_PAYMENT_INFO_NOT_ALLOWED_IN_FREE_FIXED_PLAN", "A free plan takes no payment method")
        return
    if method == "marketplace":
        if billing != "marketplace":
            raise TaskError(400, "ACCOUNT_MARKETPLACE_NOT_FOUND", "The account is not billed through a marketplace")
        if method_id is not None:
            raise TaskError(400, "MARKETPLACE_PAYMENT_INFO_COLLISION", "A marketplace subscription takes no paymentMethodId")
        return
    if method_id is None:
        raise TaskError(400, "PAYMENT_INFO_NOT_PROVIDED", "Payment info is not provided")
    check_payment_method(method_id)
