# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Other resources a write names (``model.Prerequisite``): found before anything is sent, settled before each send.

An ACL role names rules and databases; the API refuses the role's write while one of them
does not exist (``ACL_REDIS_RULE_DOES_NOT_EXISTS``, ``DATABASE_NOT_FOUND``) or is not
active yet (``ACL_REDIS_RULE_NOT_ACTIVE``, ``DATABASE_NOT_ACTIVE``). The first is the
user's mistake: it fails before any write, naming the option. The second passes: the
engine waits for it before each send (a refusal then re-sends after waiting again).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Prerequisite
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import Resources
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run


def described(prerequisite: Prerequisite) -> str:
    """The prerequisite in a message: "database 51 of subscription 12", "rule 'cache-read'"."""
    kinds = " or ".join(dict.fromkeys(rtype.kind for rtype in prerequisite.types))
    text = f"{kinds} {prerequisite.name!r}" if prerequisite.item_id is None else f"{kinds} {prerequisite.item_id}"
    parent = prerequisite.types[0].parent_key
    if parent is not None and prerequisite.parent_id is not None:
        text += f" of {parent.removesuffix('_id')} {prerequisite.parent_id}"
    return text


def locate(prerequisite: Prerequisite, run: Run) -> tuple[Resources, dict[str, Any]] | None:
    """Where the prerequisite is (its type's reads, and the item), or None when no type of it has it."""
    for rtype in prerequisite.types:
        resources = Resources(rtype, run, prerequisite.parent_id if rtype.parent_key is not None else None)
        item = resources.find(prerequisite.item_id, prerequisite.name)
        if item is not None:
            return resources, item
    return None


def missing(prerequisites: Sequence[Prerequisite], run: Run) -> list[str]:
    """Problems: the prerequisites that do not exist, each naming its option."""
    return [f"{prerequisite.option}: no {described(prerequisite)} was found" for prerequisite in prerequisites
            if locate(prerequisite, run) is None]


def settle(prerequisites: Sequence[Prerequisite], run: Run) -> None:
    """Wait until every prerequisite is settled; one that is gone fails (nothing is sent)."""
    for prerequisite in prerequisites:
        found = locate(prerequisite, run)
        if found is None:
            raise RedisCloudError(f"Invalid options: {prerequisite.option}: no {described(prerequisite)} was found "
                                  "(it was deleted meanwhile). Nothing was sent.")
        resources, item = found
        item_id = resources.id_of(item)
        if resources.is_settled(item):
            run.timeline.record(resources.label(item_id, item), str(item.get("status")))
        else:
            resources.wait_settled(item_id, seen=True)
