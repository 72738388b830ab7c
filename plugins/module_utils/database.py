# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pro databases on the shared core: the hooks of redis_cloud_database.

A database change makes its subscription pending, and the API refuses a change to a
database of a pending subscription: every write first waits for the subscription to
be active, and its task is always waited for, so that a refusal is seen and the
write sent again.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.resource import Resources
from ansible_collections.rediscloud.api.plugins.module_utils.resource_types import DATABASE, SUBSCRIPTION
from ansible_collections.rediscloud.api.plugins.module_utils.state import ResourceModel


class DatabaseModel(ResourceModel):
    type = DATABASE
    id_option = "database_id"
    result_key = "database"
    always_wait_task = True

    def parent_id(self) -> int | None:
        return int(self.params["subscription_id"])

    def subscription(self) -> Resources:
        return Resources(SUBSCRIPTION, self.run)

    def parent_ready(self) -> None:
        subscriptions = self.subscription()
        subscription_id = int(self.params["subscription_id"])
        current = subscriptions.get(subscription_id)
        if not subscriptions.is_settled(current):
            subscriptions.wait_settled(subscription_id, seen=current is not None)

    def after_write(self, state: Any, item_id: int) -> None:
        """A database change makes its subscription pending: the change is done when it is active again."""
        self.parent_ready()
