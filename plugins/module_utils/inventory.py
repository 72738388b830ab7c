# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the inventory plugin rediscloud.api.redis_cloud knows, apart from Ansible: which databases to list (reads on
the engine's Resources), the facts of each as host variables, host names, filters.

Host variables come from an allow-list of fields (``database_facts``): a password or key the API's answers carry
(the Pro listing carries ``security.password``) can never become one. AWX stores inventory variables in its database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import dig
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import Resources, ResourceType
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database import endpoint_port, tags_of_answer
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import (
    DATABASE,
    ESSENTIALS_DATABASE,
    ESSENTIALS_SUBSCRIPTION,
    SUBSCRIPTION,
)

PLAN_TYPES: dict[str, tuple[ResourceType, ResourceType]] = {
    "pro": (SUBSCRIPTION, DATABASE),
    "essentials": (ESSENTIALS_SUBSCRIPTION, ESSENTIALS_DATABASE),
}
HOSTNAMES = ("name", "id", "subscription-name/name", "subscription-id/id", "public_endpoint", "private_endpoint")
ENDPOINTS = {"public_endpoint": "endpoint", "private_endpoint": "private_endpoint"}
# The facts every host gets (without the prefix), in this order; "tags" only when asked for.
FACTS = ("database_id", "database_name", "subscription_id", "subscription_name", "plan_type", "status", "endpoint",
         "private_endpoint", "cloud_provider", "region", "protocol", "redis_version", "memory_gb", "replication",
         "data_persistence", "tls", "modules")
_UNIT_GB = {"MB": 1 / 1024, "GB": 1.0}


@dataclass(frozen=True)
class Listing:
    """What to list: plan types, subscriptions (ids or names; empty: all), and whether to read each database's tags."""

    plan_types: Sequence[str]
    subscriptions: Sequence[str] = ()
    include_tags: bool = False


def memory_gb(database: dict[str, Any]) -> float | None:
    """The database's memory: Pro's dataset size (or memory limit); an Essentials plan's size, in GB."""
    for key in ("datasetSizeInGb", "memoryLimitInGb"):
        if isinstance(database.get(key), (int, float)) and not isinstance(database.get(key), bool):
            return float(database[key])
    size, unit = database.get("planMemoryLimit"), database.get("memoryLimitMeasurementUnit")
    if isinstance(size, (int, float)) and unit in _UNIT_GB:
        return round(float(size) * _UNIT_GB[unit], 6)
    return None


def database_facts(plan_type: str, subscription: dict[str, Any], database: dict[str, Any]) -> dict[str, Any]:
    """The host variables of one database (without their prefix): listed fields only, never a secret."""
    modules = database.get("modules") if isinstance(database.get("modules"), list) else []
    return {
        "database_id": database.get("databaseId"),
        "database_name": database.get("name"),
        "subscription_id": subscription.get("id"),
        "subscription_name": subscription.get("name"),
        "plan_type": plan_type,
        "status": database.get("status"),
        "endpoint": database.get("publicEndpoint") or None,
        "private_endpoint": database.get("privateEndpoint") or None,
        "cloud_provider": database.get("provider"),
        "region": database.get("region"),
        "protocol": database.get("protocol"),
        "redis_version": database.get("redisVersion"),
        "memory_gb": memory_gb(database),
        "replication": database.get("replication"),
        "data_persistence": database.get("dataPersistence"),
        "tls": dig(database, "security.enableTls"),
        "modules": [str(module.get("name")) for module in modules if isinstance(module, dict)],
    }


def _wanted(subscriptions: list[dict[str, Any]], wanted: Sequence[str]) -> list[dict[str, Any]]:
    if not wanted:
        return subscriptions
    return [sub for sub in subscriptions if str(sub.get("id")) in wanted or sub.get("name") in wanted]


def list_databases(run: Run, listing: Listing) -> list[dict[str, Any]]:
    """The facts of every database of the subscriptions asked for: one listing per plan type, then one listing (paged)
    per subscription, and with tags one read per database. Subscriptions asked for that no plan type has fail."""
    records: list[dict[str, Any]] = []
    found: set[str] = set()
    for plan_type in listing.plan_types:
        subscription_type, database_type = PLAN_TYPES[plan_type]
        subscriptions = _wanted(Resources(subscription_type, run).list(), listing.subscriptions)
        found.update(str(sub.get(key)) for sub in subscriptions for key in ("id", "name"))
        for subscription in sorted(subscriptions, key=lambda sub: int(sub["id"])):
            databases = Resources(database_type, run, int(subscription["id"]))
            for database in sorted(databases.list(), key=databases.id_of):
                facts = database_facts(plan_type, subscription, database)
                if listing.include_tags:
                    path = databases.item_path(databases.id_of(database), "/tags")
                    facts["tags"] = tags_of_answer(run.client.get_or_none(path)) or {}
                records.append(facts)
    missing = [wanted for wanted in listing.subscriptions if wanted not in found]
    if missing:
        raise RedisCloudError(f"subscriptions: no {' or '.join(listing.plan_types)} subscription has the id or name "
                              f"{', '.join(repr(item) for item in missing)}.")
    return records


# filters -------------------------------------------------------------------------------------------

def _value(variables: dict[str, Any], key: str) -> Any:
    """A host variable by name; ``redis_cloud_tags.env`` reads into a dict variable."""
    return dig(variables, key) if "." in key else variables.get(key)


def _matches(variables: dict[str, Any], condition: dict[str, Any]) -> bool:
    for key, accepted in condition.items():
        value = _value(variables, key)
        choices = accepted if isinstance(accepted, list) else [accepted]
        values = value if isinstance(value, list) else [value]
        if not any(str(item) == str(choice) for item in values for choice in choices):
            return False
    return True


def filter_problems(conditions: Iterable[dict[str, Any]], option: str, known: Iterable[str]) -> list[str]:
    """Condition keys that name no host variable (a typo would silently match nothing)."""
    names = set(known)
    return [f"{option}: {key!r} is not a host variable (known: {', '.join(sorted(names))})"
            for condition in conditions for key in condition if key.split(".", 1)[0] not in names]


def kept(variables: dict[str, Any], status_key: str, statuses: Sequence[str], filters: Sequence[dict[str, Any]],
         excludes: Sequence[dict[str, Any]]) -> bool:
    """Whether a database is listed, given its host variables: its status is one of ``statuses`` (empty: any), it
    matches one of ``filters`` (each a set of conditions that must all hold; none: every database) and none of ``excludes``."""
    if statuses and variables.get(status_key) not in statuses:
        return False
    if filters and not any(_matches(variables, condition) for condition in filters):
        return False
    return not any(_matches(variables, condition) for condition in excludes)


# host names ----------------------------------------------------------------------------------------

def _candidate(facts: dict[str, Any], preference: str) -> str | None:
    parts = {"name": facts.get("database_name"), "id": facts.get("database_id"), "subscription-name": facts.get("subscription_name"),
             "subscription-id": facts.get("subscription_id"), "public_endpoint": facts.get("endpoint"),
             "private_endpoint": facts.get("private_endpoint")}
    values = [parts.get(part) for part in preference.split("/")]
    return None if any(value in (None, "") for value in values) else "/".join(str(value) for value in values)


@dataclass(frozen=True)
class Clash:
    wanted: str  # the first preference's name, taken by another database
    given: str
    facts: dict[str, Any]


def host_names(records: Sequence[dict[str, Any]], preferences: Sequence[str]) -> tuple[list[str], list[Clash]]:
    """A unique name per database, in the order given (the listing's: plan type, subscription id, database id): the
    first preference whose value no earlier database took; when every one is taken, the first with
    ``_<plan type>_<database id>`` appended. Each database that did not get its first choice is a Clash."""
    names: list[str] = []
    taken: set[str] = set()
    clashes: list[Clash] = []
    for facts in records:
        candidates = [name for name in (_candidate(facts, preference) for preference in preferences) if name is not None]
        first = candidates[0] if candidates else str(facts.get("database_id"))
        name = next((candidate for candidate in candidates if candidate not in taken), None)
        if name is None:
            name = f"{first}_{facts.get('plan_type')}_{facts.get('database_id')}"
        if name != first:
            clashes.append(Clash(first, name, facts))
        taken.add(name)
        names.append(name)
    return names, clashes


def clash_report(clashes: Sequence[Clash], shown: int = 5) -> str:
    described = [f"{clash.facts.get('plan_type')} database {clash.facts.get('database_id')} of subscription "
                 f"{clash.facts.get('subscription_id')} is {clash.given!r} ({clash.wanted!r} was taken)" for clash in clashes[:shown]]
    more = f"; and {len(clashes) - shown} more" if len(clashes) > shown else ""
    return f"{len(clashes)} host name(s) clashed and were resolved by the next of 'hostnames': " + "; ".join(described) + more + "."


def connection(facts: dict[str, Any], connect_with: str) -> dict[str, Any]:
    """ansible_host and ansible_port from the endpoint ``connect_with`` names (host:port); none without one."""
    endpoint = facts.get(ENDPOINTS[connect_with])
    port = endpoint_port(endpoint)
    if not isinstance(endpoint, str) or port is None:
        return {}
    return {"ansible_host": endpoint.rsplit(":", 1)[0], "ansible_port": port}


def default_groups(facts: dict[str, Any]) -> list[str]:
    """Every database is in ``redis_cloud``, and in a group per plan type, subscription and cloud provider."""
    groups = ["redis_cloud", f"redis_cloud_{facts['plan_type']}", f"redis_cloud_subscription_{facts['subscription_id']}"]
    provider = facts.get("cloud_provider")
    if isinstance(provider, str) and provider:
        groups.append("redis_cloud_" + re.sub(r"[^A-Za-z0-9_]", "_", provider.lower()))
    return groups
