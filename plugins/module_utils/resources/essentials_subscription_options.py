# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of an Essentials subscription: the argument spec, its request bodies, and the checks of its plan and payment.

Choices come from the OpenAPI schemas FixedSubscriptionCreateRequest and FixedSubscriptionUpdateRequest.
The payment rules: a free plan takes no payment method id (FIXED_PAYMENT_INFO_NOT_ALLOWED_IN_FREE_FIXED_PLAN);
a paid plan paid by credit card, the API's default, needs one (PAYMENT_INFO_NOT_PROVIDED, also on a
marketplace-billed account: terraform-provider-rediscloud issue #577); marketplace never takes one
(MARKETPLACE_PAYMENT_INFO_COLLISION; Terraform refuses the pair before sending it). What the options alone
show is refused before any request; what needs the plan, once the plan is read, before any write.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.body import pick, to_api
from ansible_collections.rediscloud.api.plugins.module_utils.resources import subscription_options as pro
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription_options import PAYMENT_METHODS

OPTIONS: dict[str, Any] = {
    "name": {"type": "str"},
    "plan_id": {"type": "int"},
    "payment_method": {"type": "str", "choices": PAYMENT_METHODS},
    "payment_method_id": {"type": "int"},
}
CREDIT_CARD = "credit-card"


def essentials_subscription_argument_spec() -> dict[str, Any]:
    """The module's own options (auth and wait options are added by RedisCloudModule)."""
    return {
        "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
        "subscription_id": {"type": "int", "aliases": ["id"]},
        "delete_databases": {"type": "bool", "default": False},
        **OPTIONS,
    }


def build_body(values: dict[str, Any]) -> dict[str, Any]:
    """A create or update body for the given options (option -> value)."""
    return to_api(values, pick(OPTIONS, values))


def validate_params(params: dict[str, Any]) -> list[str]:
    """Problems visible from the parameters alone (name, ids, payment method), whatever the API holds."""
    problems = pro.validate_params(params)
    if params.get("plan_id") is not None and params["plan_id"] <= 0:
        problems.append(f"plan_id must be a positive integer, got {params['plan_id']}")
    if params.get("payment_method") == "marketplace" and params.get("payment_method_id") is not None:
        problems.append("payment_method_id cannot go with payment_method=marketplace: a marketplace subscription is paid through the "
                        "marketplace (the API refuses the pair: MARKETPLACE_PAYMENT_INFO_COLLISION)")
    return problems


def validate_create(params: dict[str, Any]) -> list[str]:
    return [f"{option} is required to create an Essentials subscription" for option in ("name", "plan_id") if not params.get(option)]


def is_free(plan: dict[str, Any]) -> bool:
    return plan.get("price") == 0


def describe(plan: dict[str, Any]) -> str:
    return f"plan {plan.get('id')} ({plan.get('name')}, {plan.get('size')} {plan.get('sizeMeasurementUnit')}, {plan.get('provider')} {plan.get('region')})"


def payment_problems(params: dict[str, Any], plan: dict[str, Any], current: dict[str, Any] | None) -> list[str]:
    """What the plan says of the payment options. An existing subscription keeps its card unless the method changes."""
    if is_free(plan) and params.get("payment_method_id") is not None:
        return [f"payment_method_id: {describe(plan)} is free and takes no payment method "
                "(the API refuses one: FIXED_PAYMENT_INFO_NOT_ALLOWED_IN_FREE_FIXED_PLAN)"]
    current = current or {}
    method = params.get("payment_method") or current.get("paymentMethodType") or CREDIT_CARD
    kept = current.get("paymentMethodId") if method == current.get("paymentMethodType") else None
    if not is_free(plan) and method == CREDIT_CARD and params.get("payment_method_id") is None and kept is None:
        return [f"payment_method_id is required: {describe(plan)} costs {plan.get('price')} {plan.get('priceCurrency')} a "
                f"{str(plan.get('pricePeriod')).lower()}, paid by credit card (the API's default payment_method; it answers "
                "PAYMENT_INFO_NOT_PROVIDED). Set payment_method_id (rediscloud.api.redis_cloud_account_info lists the account's "
                "payment methods), or payment_method=marketplace for an account billed through a marketplace"]
    return []


def free_plan_problems(plan: dict[str, Any], subscriptions: list[dict[str, Any]], own_id: int | None) -> list[str]:
    """An account has one free plan (FIXED_SUBSCRIPTION_ACCOUNT_ALREADY_HAS_A_FREE_PLAN): name the subscription that holds it."""
    if not is_free(plan):
        return []
    holders = [item for item in subscriptions if is_free(item) and item.get("id") != own_id and item.get("status") != "deleting"]
    return [f"plan_id: {describe(plan)} is free, and the account already has a free Essentials subscription, "
            f"{holders[0].get('name')!r} (id {holders[0].get('id')}): an account may have one (the API refuses a second: "
            "FIXED_SUBSCRIPTION_ACCOUNT_ALREADY_HAS_A_FREE_PLAN). Use that one, or choose a paid plan"] if holders else []


def plan_price(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan's price as a price line, shaped like a dry run's (a fixed plan has one price, read from the plan)."""
    return [{"type": "Essentials plan", "typeDetails": plan.get("name"), "planId": plan.get("id"), "quantity": 1,
             "quantityMeasurement": "subscription", "pricePerUnit": plan.get("price"), "priceCurrency": plan.get("priceCurrency"),
             "pricePeriod": plan.get("pricePeriod")}]
