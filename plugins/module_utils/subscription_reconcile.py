# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure decisions over API answers: which subscription is meant, is a pending slot free,
is a create already in flight, is a subscription settled. No I/O here."""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.errors import RedisCloudError

# The API lets an account hold at most this many non-active subscriptions at once;
# one more create ends in TOO_MANY_PENDING_SUBSCRIPTIONS.
MAX_PENDING_SUBSCRIPTIONS = 3
TOO_MANY_PENDING = "TOO_MANY_PENDING_SUBSCRIPTIONS"
SUBSCRIPTION_CREATE_COMMAND = "subscriptionCreateRequest"
PENDING_TASK_STATUSES = frozenset({"initialized", "received", "processing-in-progress"})
ACTIVE = "active"
DELETING = "deleting"
ERROR = "error"


class AmbiguousNameError(RedisCloudError):
    """Several subscriptions carry the requested name."""


def subscriptions_in(body: Any) -> list[dict[str, Any]]:
    """The subscriptions of a GET /subscriptions answer ({"accountId", "subscriptions": [...]})."""
    if isinstance(body, dict):
        return list(body.get("subscriptions") or [])
    return []


def tasks_in(body: Any) -> list[dict[str, Any]]:
    """The tasks of a GET /tasks answer ({"tasks": [...]}, or a bare list)."""
    if isinstance(body, dict):
        return list(body.get("tasks") or [])
    return list(body) if isinstance(body, list) else []


def databases_in(body: Any) -> list[dict[str, Any]]:
    """The databases of a GET /subscriptions/{id}/databases answer.

    The API nests them as {"subscription": [{"subscriptionId", "databases": [...]}]};
    "subscription" is sometimes a single object rather than a list.
    """
    if not isinstance(body, dict):
        return []
    groups = body.get("subscription")
    if isinstance(groups, dict):
        groups = [groups]
    if groups is None and "databases" in body:
        groups = [body]
    databases: list[dict[str, Any]] = []
    for group in groups or []:
        databases.extend(group.get("databases") or [])
    return databases


def find_by_name(subscriptions: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    """The one subscription named exactly name, ignoring ones being deleted; None if there is none.

    Raises AmbiguousNameError, listing the ids, when several match.
    """
    live = [s for s in subscriptions if s.get("name") == name and s.get("status") != DELETING]
    if len(live) > 1:
        ids = ", ".join(str(s.get("id")) for s in live)
        raise AmbiguousNameError(
            f"{len(live)} subscriptions are named {name!r} (ids: {ids}); set subscription_id to choose one."
        )
    return live[0] if live else None


def find_deleting_by_name(subscriptions: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    """A subscription of that name that is already being deleted (state=absent waits for it)."""
    return next((s for s in subscriptions if s.get("name") == name and s.get("status") == DELETING), None)


def pending_count(subscriptions: list[dict[str, Any]]) -> int:
    """How many of the account's subscriptions hold a pending slot: any not active, except those in error
    (an errored subscription stays so until deleted; counting it could block creates for good)."""
    return sum(1 for s in subscriptions if s.get("status") not in (ACTIVE, ERROR))


def has_free_pending_slot(subscriptions: list[dict[str, Any]]) -> bool:
    return pending_count(subscriptions) < MAX_PENDING_SUBSCRIPTIONS


def in_flight_task_ids(tasks: list[dict[str, Any]], command_type: str) -> list[str]:
    """Ids of tasks of that command type still running (a lost or killed write may be one of them)."""
    return [
        t["taskId"]
        for t in tasks
        if t.get("commandType") == command_type and t.get("status") in PENDING_TASK_STATUSES and t.get("taskId")
    ]


def task_error_type(task: dict[str, Any]) -> str | None:
    response = task.get("response")
    error = response.get("error") if isinstance(response, dict) else None
    if isinstance(error, dict):
        return error.get("type")
    return error if isinstance(error, str) else None


def task_resource_id(task: dict[str, Any]) -> int | None:
    response = task.get("response")
    value = response.get("resourceId") if isinstance(response, dict) else None
    return int(value) if value is not None else None


def task_resource(task: dict[str, Any]) -> dict[str, Any]:
    response = task.get("response")
    resource = response.get("resource") if isinstance(response, dict) else None
    return resource if isinstance(resource, dict) else {}


def database_ids_from_task(task: dict[str, Any]) -> list[int]:
    """Ids of the databases a create task made (response.resource.databases[].databaseId)."""
    return [db["databaseId"] for db in task_resource(task).get("databases") or [] if db.get("databaseId") is not None]


def pricing_from_task(task: dict[str, Any]) -> list[dict[str, Any]]:
    return list(task_resource(task).get("pricing") or [])


def is_active(subscription: dict[str, Any] | None) -> bool:
    return subscription is not None and subscription.get("status") == ACTIVE


def is_failed(subscription: dict[str, Any] | None) -> bool:
    return subscription is not None and subscription.get("status") == ERROR
