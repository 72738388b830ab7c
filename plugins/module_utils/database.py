# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pro databases on the shared core: the hooks of redis_cloud_database.

A database change makes its subscription pending, and the API refuses a change to a
database of a pending subscription: every write first waits for the subscription to
be active, its task is always waited for (so that a refusal is seen and the write
sent again), and a waited change ends when the database and its subscription are
active again. What the create body cannot carry (``enableDefaultUser``,
``regexRules``, tags) is applied right after the create, in the same run; a Redis
version change goes through the upgrade endpoint, tags through the tag endpoints.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.compare import Difference, compare
from ansible_collections.rediscloud.api.plugins.module_utils.database_compare import (
    FIELDS,
    PASSWORD,
    TAGS,
    private_endpoint,
    public_endpoint,
    tags_from_api,
    tags_key,
)
from ansible_collections.rediscloud.api.plugins.module_utils.database_spec import UPDATE_ONLY, build_create_body, build_update_body
from ansible_collections.rediscloud.api.plugins.module_utils.database_validate import validate_create
from ansible_collections.rediscloud.api.plugins.module_utils.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.masking import mask_secrets
from ansible_collections.rediscloud.api.plugins.module_utils.parsing import malformed
from ansible_collections.rediscloud.api.plugins.module_utils.resource import Resources
from ansible_collections.rediscloud.api.plugins.module_utils.resource_types import DATABASE, SUBSCRIPTION
from ansible_collections.rediscloud.api.plugins.module_utils.state import ResourceModel, ResourceState
from ansible_collections.rediscloud.api.plugins.module_utils.tasks import Task
from ansible_collections.rediscloud.api.plugins.module_utils.writes import Write

UPGRADE_COMMAND = "databaseUpgradeRequest"
# Changed through their own endpoints, not the PUT body.
SPECIAL = ("redis_version", TAGS)


class DatabaseModel(ResourceModel):
    type = DATABASE
    fields = FIELDS
    id_option = "database_id"
    result_key = "database"
    always_wait_task = True

    def parent_id(self) -> int | None:
        return int(self.params["subscription_id"])

    @property
    def label(self) -> str:
        return f"database of subscription {self.params['subscription_id']}"

    def secrets(self) -> tuple[str, ...]:
        return (self.params["password"],) if self.params.get("password") else ()

    # the subscription

    def parent_ready(self) -> None:
        """Wait until the subscription is active: the API refuses database changes before."""
        subscriptions = Resources(SUBSCRIPTION, self.run)
        subscription_id = int(self.params["subscription_id"])
        current = subscriptions.get(subscription_id)
        if current is None:
            raise_missing_subscription(subscription_id)
        if not subscriptions.is_settled(current):
            subscriptions.wait_settled(subscription_id, seen=True)
        else:
            self.run.timeline.record(subscriptions.label(subscription_id), str(current.get("status")))

    def before_create(self, creator: Any, listing: list[dict[str, Any]]) -> bool:
        subscriptions = Resources(SUBSCRIPTION, self.run)
        current = subscriptions.get(int(self.params["subscription_id"]))
        if current is not None and subscriptions.is_settled(current):
            return False
        self.parent_ready()
        return True  # it waited: another run may have created the name meanwhile

    def after_write(self, state: ResourceState, item_id: int) -> None:
        """A database change makes its subscription pending: the change is done when it is active again."""
        self.parent_ready()

    # bodies and comparison

    def validate_create(self) -> list[str]:
        return validate_create(self.params)

    def create_body(self) -> dict[str, Any]:
        return build_create_body(self.params)

    def update_body(self, differences: list[Difference], current: dict[str, Any]) -> dict[str, Any]:
        return build_update_body({d.field: self.params[d.field] for d in differences if d.field not in SPECIAL})

    def differences(self, current: dict[str, Any]) -> list[Difference]:
        differences = compare(self.params, current, self.fields)
        if self.params.get("password") is not None and self.params.get("update_password") == "always":
            differences.extend(compare(self.params, current, (PASSWORD,)))
        if self.params.get("tags") is not None:
            tags = self.read_tags(self.resources().id_of(current))
            wanted = {key: str(value) for key, value in self.params["tags"].items()}
            if tags_key(tags) != tags_key(wanted):
                differences.append(Difference(TAGS, tags, wanted, in_place=True))
        return differences

    def redact(self, item: dict[str, Any] | None) -> dict[str, Any] | None:
        return mask_secrets(item)

    def shown_body(self, body: dict[str, Any]) -> dict[str, Any]:
        return mask_secrets(body)

    # check mode

    def dry_run_update(self, item_id: int, body: dict[str, Any]) -> Task | None:
        """Check mode: the API's dryRun on PUT prices the change and changes nothing."""
        resources = self.resources()
        write = Write("PUT", resources.item_path(item_id), {**body, "dryRun": True}, self.type.commands.update,
                      f"dry run of an update of {resources.label(item_id)}")
        return self.writer.send(write, wait_task=True).task

    # after the create, and after each settle

    def settle_after_create(self) -> bool:
        return any(self.params.get(option) is not None for option in UPDATE_ONLY + (TAGS,))

    def after_create(self, state: ResourceState, item: dict[str, Any] | None, task: Task | None) -> dict[str, Any] | None:
        """Wait for the subscription, then apply what the create body cannot carry."""
        self.parent_ready()
        if item is None:
            return item
        item_id = state.resources.id_of(item)
        follow_up = [d for d in self.differences(item) if d.field in UPDATE_ONLY or d.field == TAGS]
        body = build_update_body({d.field: self.params[d.field] for d in follow_up if d.field in UPDATE_ONLY})
        if body:
            state.update(item_id, body, [d for d in follow_up if d.field in UPDATE_ONLY], what="follow-up update")
        self.apply_special(state, item_id, follow_up)
        return state.resources.get(item_id) or item

    def apply_special(self, state: ResourceState, item_id: int, differences: list[Difference]) -> None:
        for difference in differences:
            if difference.field == "redis_version":
                state.update(item_id, {"targetRedisVersion": difference.desired}, [difference], path_suffix="/upgrade",
                             method="POST", command_type=UPGRADE_COMMAND, what="Redis version upgrade")
            elif difference.field == TAGS:
                self.write_tags(item_id, difference.desired)

    def after_settle(self, state: ResourceState, item: dict[str, Any]) -> None:
        current = state.result.get(self.result_key) or item
        state.result["public_endpoint"] = public_endpoint(current)
        state.result["private_endpoint"] = private_endpoint(current)

    # tags: synchronous, their own endpoints

    def read_tags(self, item_id: int) -> dict[str, str]:
        path = self.resources().item_path(item_id, "/tags")
        body = self.run.client.get_or_none(path)
        if body is None:
            return {}
        tags = tags_from_api(body)
        if tags is None:
            raise malformed(f"GET {path}", "the answer has no list of tags")
        return tags

    def write_tags(self, item_id: int, tags: dict[str, str]) -> None:
        """Overwrite the database's tags (PUT .../tags answers at once; no task)."""
        path = self.resources().item_path(item_id, "/tags")
        self.run.client.put(path, {"tags": [{"key": key, "value": value} for key, value in sorted(tags.items())]})
        self.run.timeline.record(f"tags of {self.resources().label(item_id)}", "set")


def raise_missing_subscription(subscription_id: int) -> None:
    raise RedisCloudError(
        f"Subscription {subscription_id} was not found (GET /subscriptions/{subscription_id} answers 404). "
        "Check subscription_id, and that the API key belongs to the account that owns it.",
        status=404,
        method="GET",
        path=f"/subscriptions/{subscription_id}",
    )
