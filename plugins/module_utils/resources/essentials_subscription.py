# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Essentials subscriptions: the model of redis_cloud_essentials_subscription (its fields, declarations and hooks).

An Essentials subscription is a plan (size, provider, region, price) and a way to pay. Name, plan and payment
change in place. Before any write the plan is read: a create's from GET /fixed/plans/{id}; a plan change's from
the plans the subscription may move to (GET /fixed/plans/subscriptions/{id}: its provider, region and kind), any
other plan refused, naming the allowed ones. The plan tells the payment checks whether it is free, the free-plan
check (one per account) reads the account's subscriptions, and check mode gives the plan's price: no Essentials
endpoint takes dryRun, so check mode sends nothing. A plan change while the subscription or one of its databases
is pending is refused (types.py): waited out and sent again. Its databases are its children, as Pro's are.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.parsing import api_path, require_dict
from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference, Field
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Children, Current, Preflight, ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import listed_items
from ansible_collections.rediscloud.api.plugins.module_utils.resources.essentials_database import EssentialsDatabaseModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.essentials_subscription_options import (
    CREDIT_CARD,
    OPTIONS,
    build_body,
    free_plan_problems,
    payment_problems,
    plan_price,
    validate_create,
)
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription import FIELDS as PRO_FIELDS
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import ESSENTIALS_SUBSCRIPTION

# Pro's name and payment fields (what a PUT applies, even when the read-back does not show it), and the plan.
FIELDS = tuple(field for field in PRO_FIELDS if field.option in OPTIONS) + (Field("plan_id", "planId"),)


class EssentialsSubscriptionModel(ResourceModel):
    type = ESSENTIALS_SUBSCRIPTION
    fields = FIELDS
    id_option = "subscription_id"
    result_key = "subscription"
    # The plan-change refusal comes in the update's task: it is waited for even with wait=false.
    refusals_in_tasks = True
    children = Children(EssentialsDatabaseModel, result_key="database_ids", delete_option="delete_databases", in_use_error="SUBSCRIPTION_IN_USE")

    def validate_create(self) -> list[str]:
        return validate_create(self.params)

    def create_body(self) -> dict[str, Any]:
        return build_body(self.params)

    def update_body(self, differences: list[Difference], current: Current) -> dict[str, Any]:
        body = build_body({d.field: d.desired for d in differences})
        if body.get("paymentMethod") == CREDIT_CARD and self.params.get("payment_method_id") is not None:
            body["paymentMethodId"] = self.params["payment_method_id"]  # a card is only valid with its id
        return body

    def preflights(self, current: dict[str, Any] | None) -> list[Preflight]:
        """The plan (checked, and priced), then the account's subscriptions (one free plan each). Run in this order."""
        plan: dict[str, Any] = {}
        own_id = None if current is None else current.get("id")
        wanted = self.params.get("plan_id") or (current or {}).get("planId")
        if current is None or wanted == current.get("planId"):
            path = api_path("/fixed/plans/{plan_id}", plan_id=wanted)

            def check(answer: Any) -> list[str]:
                if answer is None:
                    return [f"plan_id: plan {wanted} was not found (rediscloud.api.redis_cloud_essentials_plan_info lists the plans)"]
                plan.update(require_dict(answer, f"GET {path}"))
                return payment_problems(self.params, plan, current)
        else:
            path = api_path("/fixed/plans/subscriptions/{subscription_id}", subscription_id=own_id)

            def check(answer: Any) -> list[str]:
                allowed = [item for item in listed_items(answer or {"plans": []}, f"GET {path}", "plans") if isinstance(item, dict)]
                plan.update(next((item for item in allowed if item.get("id") == wanted), {}))
                if not plan:
                    names = ", ".join(f"{item.get('id')} ({item.get('name')})" for item in allowed) or "none"
                    return [f"plan_id: subscription {own_id} cannot move to plan {wanted}. A plan change keeps the provider, the region "
                            f"and the kind of plan; the plans it may move to are: {names}"]
                return payment_problems(self.params, plan, current)

        def free_slot(answer: Any) -> list[str]:
            return free_plan_problems(plan, listed_items(answer, "GET /fixed/subscriptions", "subscriptions"), own_id)

        return [Preflight(path, check, what="options", price=lambda _answer: plan_price(plan)),
                Preflight(ESSENTIALS_SUBSCRIPTION.list_path, free_slot, what="options")]
