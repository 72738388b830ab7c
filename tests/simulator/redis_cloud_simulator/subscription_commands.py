# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a subscription task does when it is processed."""

from __future__ import annotations

from typing import Any

from redis_cloud_simulator.lifecycle import Lifecycle, TaskError
from redis_cloud_simulator.pricing import plan_pricing
from redis_cloud_simulator.state import NEVER, PAYMENT_METHODS, Database, Subscription


def check_payment_method(payment_id: int | None) -> None:
    if payment_id is None:
        raise TaskError(400, "PAYMENT_INFO_NOT_PROVIDED", "paymentMethodId is required when paymentMethod is credit-card")
    if payment_id not in {method["id"] for method in PAYMENT_METHODS}:
        raise TaskError(400, "SUBSCRIPTION_PI_NOT_FOUND", f"Payment method {payment_id} was not found")


def database_port(database_id: int) -> int:
    return 10000 + database_id % 9999


def create_subscription(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    plan = payload["plan"]
    payment_type = plan.get("paymentMethod", "credit-card")
    payment_id = plan.get("paymentMethodId")
    if payment_type == "credit-card":
        check_payment_method(payment_id)
    if plan.get("dryRun", False):
        return {"resource": {"pricing": plan_pricing(plan)}}
    settings, state = life.settings, life.state
    if state.non_active_count() >= settings["max_pending_subscriptions"]:
        raise TaskError(400, "TOO_MANY_PENDING_SUBSCRIPTIONS",
                        f"An account can have at most {settings['max_pending_subscriptions']} pending subscriptions")
    sub = Subscription(
        subscription_id=state.next_subscription_id, plan=plan, name=plan.get("name", ""),
        payment_method_id=payment_id, payment_method_type=payment_type, status="pending", created_at=at,
        visible_at=at + settings["subscription_not_found_seconds"],
        listed_at=at + settings["subscription_not_listed_seconds"],
        active_at=at + settings["subscription_provisioning_seconds"], ends_in_error=payload.get("ends_in_error", False),
        customer_managed_key=plan.get("persistentStorageEncryptionType") == "customer-managed-key",
    )
    state.next_subscription_id += 1
    state.subscriptions[sub.subscription_id] = sub
    for spec in plan["databases"]:
        quantity = spec.get("quantity", 1)
        for index in range(quantity):
            name = spec["name"] if quantity == 1 else f"{spec['name']}-{index + 1}"
            database_spec = {key: value for key, value in spec.items() if key != "quantity"} | {"name": name}
            if "redisVersion" in plan and "redisVersion" not in database_spec:
                database_spec["redisVersion"] = plan["redisVersion"]
            database = Database(state.next_database_id, sub.subscription_id, database_spec, "pending", at,
                                password=life.new_password(), port=database_port(state.next_database_id),
                                visible_at=NEVER, listed_at=NEVER, last_modified=at)
            state.next_database_id += 1
            state.databases[database.database_id] = database
            sub.database_ids.append(database.database_id)
    # Only the id: no recorded answer carries response.resource.databases (redis/docs manage-tasks.md,
    # RedisLabs/rediscloud-go-api subscription_test.go TestSubscription_Create).
    return {"resourceId": sub.subscription_id}


def update_subscription(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    changes = payload["changes"]
    if "customerManagedKeys" in changes:
        return _supply_customer_managed_keys(life, payload["subscription_id"], at)
    sub = life.active_subscription(payload["subscription_id"])
    payment_type = changes.get("paymentMethod", sub.payment_method_type)
    payment_id = changes.get("paymentMethodId", sub.payment_method_id)
    if payment_type == "credit-card":
        check_payment_method(payment_id)
    sub.name = changes.get("name", sub.name)
    sub.payment_method_type, sub.payment_method_id = payment_type, payment_id
    return {"resourceId": sub.subscription_id}


def _supply_customer_managed_keys(life: Lifecycle, subscription_id: int, at: float) -> dict[str, Any]:
    """PUT /subscriptions/{id} with a SubscriptionUpdateCMKRequest: provisioning resumes."""
    sub = life.state.subscriptions.get(subscription_id)
    if sub is None or sub.deleted:
        raise TaskError(404, "SUBSCRIPTION_NOT_FOUND", f"Subscription {subscription_id} was not found")
    if sub.status != "encryption_key_pending":
        raise TaskError(400, "CUSTOMER_MANAGED_PERSISTENT_STORAGE_ENCRYPTION_KEY_NOT_PENDING",
                        f"Subscription {subscription_id} is not waiting for encryption keys")
    sub.keys_supplied = True
    sub.status, sub.active_at = "pending", at + life.settings["subscription_provisioning_seconds"]
    return {"resourceId": sub.subscription_id}


def delete_subscription(life: Lifecycle, payload: dict[str, Any], at: float) -> dict[str, Any]:
    sub = life.state.subscriptions.get(payload["subscription_id"])
    if sub is not None and not sub.deleted and sub.status == "encryption_key_pending":
        # A subscription waiting for its keys can be deleted, creation plan and all (Terraform's
        # resource_rediscloud_pro_subscription.go deletes it in that state without deleting databases).
        for database in life.state.live_databases(sub):
            database.deleted = True
    else:
        sub = life.active_subscription(payload["subscription_id"])
    if life.state.live_databases(sub):
        raise TaskError(409, "SUBSCRIPTION_IN_USE",
                        f"Subscription {sub.subscription_id} still has databases: delete them first")
    sub.status = "deleting"
    sub.gone_at = at + life.settings["subscription_deletion_seconds"]
    return {"resourceId": sub.subscription_id}
