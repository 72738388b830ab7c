# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""state=present / state=absent of redis_cloud_subscription, as steps over the API.

Nothing here talks to Ansible: the module hands in its parameters and flags and
gets back the result dict, or a RedisCloudError to fail with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.errors import ApiRequestError, RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.subscription_create import SubscriptionCreator
from ansible_collections.rediscloud.api.plugins.module_utils.subscription_diff import (
    Difference,
    compare,
    diff_for_display,
    replacement_message,
)
from ansible_collections.rediscloud.api.plugins.module_utils.subscription_reconcile import (
    ACTIVE,
    DELETING,
    ERROR,
    task_resource_id,
)
from ansible_collections.rediscloud.api.plugins.module_utils.subscription_spec import build_create_body, build_update_body
from ansible_collections.rediscloud.api.plugins.module_utils.subscription_validate import validate_create
from ansible_collections.rediscloud.api.plugins.module_utils.subscriptions import SubscriptionApi, outcome_unknown
from ansible_collections.rediscloud.api.plugins.module_utils.waiter import wait_until


NOT_ACTIVE = "SUBSCRIPTION_NOT_ACTIVE"
# How often a change refused with SUBSCRIPTION_NOT_ACTIVE is sent again once the subscription is active.
MAX_NOT_ACTIVE_REFUSALS = 3


@dataclass(frozen=True)
class RunFlags:
    check_mode: bool
    diff_mode: bool
    wait: bool


class SubscriptionState:
    """Brings one subscription to the state the parameters describe."""

    def __init__(self, api: SubscriptionApi, params: dict[str, Any], flags: RunFlags) -> None:
        self.api = api
        self.params = params
        self.flags = flags
        # Filled in as the run goes, so that a failure still reports what is known.
        self.result: dict[str, Any] = {
            "changed": False,
            "subscription": None,
            "subscription_id": None,
            "database_ids": [],
            "task_id": None,
            "task": None,
            "pricing": None,
        }

    # state=present

    def present(self) -> dict[str, Any]:
        subscription_id, name = self.params.get("subscription_id"), self.params.get("name")
        subscription = self.api.find(subscription_id, name)
        if subscription is None and subscription_id is not None:
            raise RedisCloudError(
                f"Subscription {subscription_id} was not found. To create a subscription, omit subscription_id and set name."
            )
        if subscription is None:
            problems = validate_create(self.params)
            if problems:
                raise RedisCloudError("Cannot create the subscription: " + "; ".join(problems) + ".")
            return self._create()
        return self._reconcile(subscription)

    def _create(self) -> dict[str, Any]:
        body = build_create_body(self.params)
        creator = SubscriptionCreator(self.api)
        if self.flags.check_mode:
            task, pricing = creator.dry_run(body)
            self._set_task(task)
            return self._finish(changed=True, pricing=pricing, diff={"before": {}, "after": body})
        existing = creator.find_or_admit(self.params["name"])
        if existing is not None:
            # A create from an earlier (lost or killed) run finished meanwhile.
            return self._reconcile(existing)
        try:
            outcome = creator.create(body, self.params["name"], self.flags.wait)
        except RedisCloudError:
            progress = creator.progress
            self.result.update(task_id=progress.task_id, task=progress.task, subscription_id=progress.subscription_id,
                               database_ids=progress.database_ids)
            raise
        self.result.update(task_id=outcome.task_id, task=outcome.task, subscription_id=outcome.subscription_id,
                           subscription=outcome.subscription, database_ids=outcome.database_ids)
        if outcome.subscription_id is not None and not outcome.database_ids:
            self.result["database_ids"] = self._database_ids(outcome.subscription_id)
        return self._finish(changed=True, diff={"before": {}, "after": body})

    def _reconcile(self, subscription: dict[str, Any]) -> dict[str, Any]:
        """An existing subscription: wait for it if pending, then update what can change in place."""
        subscription_id = int(subscription["id"])
        self.result.update(subscription_id=subscription_id, subscription=subscription)
        if self.flags.wait and not self.flags.check_mode and subscription.get("status") != ACTIVE:
            subscription = self.api.wait_active(subscription_id)
            self.result["subscription"] = subscription
        differences = compare(self.params, subscription)
        refused = [d for d in differences if not d.in_place]
        if refused:
            raise RedisCloudError(replacement_message(subscription_id, refused))
        self.result["database_ids"] = self._database_ids(subscription_id)
        if not differences:
            return self._finish(changed=False)
        diff = diff_for_display(differences)
        if self.flags.check_mode:
            return self._finish(changed=True, diff=diff)
        if subscription.get("status") != ACTIVE:
            # The API refuses changes (SUBSCRIPTION_NOT_ACTIVE) until then.
            self.api.wait_active(subscription_id)
        self._update(subscription_id, differences)
        return self._finish(changed=True, diff=diff)

    def _update(self, subscription_id: int, differences: list[Difference]) -> None:
        body = build_update_body({d.field: d.desired for d in differences})
        if "paymentMethod" in body and self.params.get("payment_method_id") is not None:
            # A credit-card payment method is only valid together with its id.
            body["paymentMethodId"] = self.params["payment_method_id"]
        path = f"/subscriptions/{subscription_id}"
        try:
            accepted = self._when_active(subscription_id, lambda: self.api.client.put(path, body))
        except RedisCloudError as exc:
            if not outcome_unknown(exc):
                raise
            # Ask the API whether the update happened rather than sending it again.
            accepted = None
            self._confirm_lost_update(subscription_id, exc)
        if accepted is not None:
            self._set_task(accepted)
            if self.flags.wait:
                self._set_task(self.api.wait_task(accepted["taskId"]))
        if self.flags.wait:
            self.result["subscription"] = self.api.wait_active(subscription_id, self.result["task_id"])
        else:
            self.result["subscription"] = self.api.get(subscription_id) or self.result["subscription"]

    def _confirm_lost_update(self, subscription_id: int, lost: RedisCloudError) -> None:
        """After a PUT whose answer was lost: carry on if the change shows, else re-raise (never re-sent blindly)."""
        seen: dict[str, Any] = {}

        def change_shows() -> bool:
            seen["current"] = self.api.get(subscription_id)
            return seen["current"] is not None and not compare(self.params, seen["current"])

        if not self.api.confirm_lost_write("subscriptionUpdateRequest", change_shows):
            raise lost
        self.result["subscription"] = seen["current"]

    # state=absent

    def absent(self) -> dict[str, Any]:
        subscription_id, name = self.params.get("subscription_id"), self.params.get("name")
        subscription = self.api.find(subscription_id, name)
        if subscription is None and subscription_id is None:
            subscription = self.api.find_deleting(name)
        if subscription is None:
            return self._finish(changed=False)
        subscription_id = int(subscription["id"])
        self.result.update(subscription_id=subscription_id, subscription=subscription)
        if subscription.get("status") == DELETING:
            # Already on its way out (an earlier run, or wait=false): nothing to send.
            if self.flags.wait and not self.flags.check_mode:
                self.api.wait_gone(subscription_id)
                self.result["subscription"] = None
            return self._finish(changed=False)
        databases = self.api.databases(subscription_id)
        self.result["database_ids"] = [db["databaseId"] for db in databases]
        if databases and not self.params.get("delete_databases"):
            listed = ", ".join(f"{db.get('name')} ({db.get('databaseId')})" for db in databases)
            raise RedisCloudError(
                f"Subscription {subscription_id} still has {len(databases)} database(s): {listed}. The API refuses to delete "
                "a subscription that has databases; delete them first, or set delete_databases=true. Nothing was sent.",
                error_type="SUBSCRIPTION_IN_USE",
            )
        diff = {"before": {"subscription_id": subscription_id, "name": subscription.get("name"),
                           "databases": [db.get("name") for db in databases]}, "after": {}}
        if self.flags.check_mode:
            return self._finish(changed=True, diff=diff)
        if databases:
            self._delete_databases(subscription_id, databases)
        if subscription.get("status") not in (ACTIVE, ERROR):
            self.api.wait_active(subscription_id)
        accepted = self._send_delete(subscription_id)
        if accepted is not None:
            self._set_task(accepted)
        if self.flags.wait:
            if accepted is not None:
                self._set_task(self.api.wait_task(accepted["taskId"]))
            self.api.wait_gone(subscription_id, self.result["task_id"])
            self.result["subscription"] = None
        return self._finish(changed=True, diff=diff)

    def _send_delete(self, subscription_id: int) -> dict[str, Any] | None:
        """DELETE the subscription; None when the answer was lost but the API shows the deletion under way."""
        try:
            return self._when_active(subscription_id, lambda: self.api.client.delete(f"/subscriptions/{subscription_id}"))
        except RedisCloudError as exc:
            if not outcome_unknown(exc):
                raise

            def deletion_shows() -> bool:
                current = self.api.get(subscription_id)
                return current is None or current.get("status") == DELETING

            if not self.api.confirm_lost_write("subscriptionDeleteRequest", deletion_shows):
                raise
            return None

    def _delete_databases(self, subscription_id: int, databases: list[dict[str, Any]]) -> None:
        """Delete each database, waiting for each task, then until the subscription lists none and is active again."""
        for database in databases:
            self.api.wait_active(subscription_id)
            database_id = database["databaseId"]
            try:
                accepted = self.api.client.delete(f"/subscriptions/{subscription_id}/databases/{database_id}")
            except RedisCloudError as exc:
                if not outcome_unknown(exc):
                    raise
                if not self.api.confirm_lost_write("databaseDeleteRequest", lambda: self._database_leaving(subscription_id, database_id)):
                    raise
                continue
            self.api.wait_task(accepted["taskId"])
        wait_until(
            lambda: self.api.databases(subscription_id),
            lambda remaining: not remaining,
            lambda remaining: f"{len(remaining)} database(s) left",
            self.api.poll_interval,
            self.api.deadline,
            sleep=self.api.sleep,
            timeline=self.api.timeline,
            what=f"databases of subscription {subscription_id}",
        )
        self.api.wait_active(subscription_id)

    def _database_leaving(self, subscription_id: int, database_id: int) -> bool:
        """True when the database is gone or being deleted (so a lost DELETE did reach the API)."""
        for database in self.api.databases(subscription_id):
            if database.get("databaseId") == database_id:
                return database.get("status") == DELETING
        return True

    # helpers

    def _when_active(self, subscription_id: int, send: Callable[[], Any]) -> Any:
        """Send a change; if the API refuses it as SUBSCRIPTION_NOT_ACTIVE (a change made elsewhere meanwhile),
        wait until the subscription is active and send it again: a refusal changed nothing."""
        refusals = 0
        while True:
            try:
                return send()
            except ApiRequestError as exc:
                refusals += 1
                if exc.error_type != NOT_ACTIVE or refusals >= MAX_NOT_ACTIVE_REFUSALS:
                    raise
                self.api.timeline.record(f"subscription {subscription_id}", "change refused: not active")
                self.api.wait_active(subscription_id)

    def _database_ids(self, subscription_id: int) -> list[int]:
        return [db["databaseId"] for db in self.api.databases(subscription_id) if db.get("databaseId") is not None]

    def _set_task(self, task: dict[str, Any]) -> None:
        self.result.update(task_id=task.get("taskId"), task=task)
        if self.result["subscription_id"] is None and task.get("commandType") == "subscriptionCreateRequest":
            self.result["subscription_id"] = task_resource_id(task)

    def _finish(self, changed: bool, diff: dict[str, Any] | None = None, pricing: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        self.result["changed"] = changed
        if pricing is not None:
            self.result["pricing"] = pricing
        if diff is not None and self.flags.diff_mode:
            self.result["diff"] = diff
        return self.result
