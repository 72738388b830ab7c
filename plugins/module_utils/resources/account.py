# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account and its lookups (payment methods, regions, modules, persistence): requests and strict parsers.

Each answer wraps its items in one key (``{"regions": [...]}``). An answer without
that key is a fault to report, never an empty account: a playbook that picks a
payment method or a region from an empty list would fail later, further from the cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import MalformedResponseError


@dataclass(frozen=True)
class Lookup:
    path: str           # relative to api_url
    answer_key: str     # the key of the answer that holds the items
    holds_list: bool    # a list of objects, or (the account) one object


# Return key of redis_cloud_account_info -> request and answer shape (OpenAPI schemas RootAccount,
# PaymentMethods, Regions, ModulesData, DataPersistenceOptions).
LOOKUPS: dict[str, Lookup] = {
    "account": Lookup("/", "account", holds_list=False),
    "payment_methods": Lookup("/payment-methods", "paymentMethods", holds_list=True),
    "regions": Lookup("/regions", "regions", holds_list=True),
    "database_modules": Lookup("/database-modules", "modules", holds_list=True),
    "data_persistence": Lookup("/data-persistence", "dataPersistence", holds_list=True),
}
PROVIDERS = ("AWS", "GCP")  # the spec's values for GET /regions?provider=


def parse_lookup(lookup: Lookup, body: Any) -> Any:
    """The items of an answer to ``lookup``, as the API gave them; MalformedResponseError when the shape is wrong."""
    holder = body.get(lookup.answer_key) if isinstance(body, dict) else None
    if lookup.holds_list:
        if not isinstance(holder, list) or not all(isinstance(item, dict) for item in holder):
            raise _malformed(lookup, body, f"{lookup.answer_key!r} list of objects")
    elif not isinstance(holder, dict):
        raise _malformed(lookup, body, f"{lookup.answer_key!r} object")
    return holder


def keep_provider(regions: list[dict[str, Any]], provider: str | None) -> list[dict[str, Any]]:
    """Regions of ``provider`` only (case aside), whether or not the API applied the ``provider`` filter itself."""
    if provider is None:
        return regions
    return [region for region in regions if str(region.get("provider", "")).upper() == provider.upper()]


def _malformed(lookup: Lookup, body: Any, expected: str) -> MalformedResponseError:
    return MalformedResponseError(
        f"GET {lookup.path}: the answer has no {expected} (found {_describe(body)}). This is not an account "
        "without any, but an answer the collection does not understand: check that api_url points at the Redis Cloud API",
        method="GET",
        path=lookup.path,
    )


def _describe(body: Any) -> str:
    if isinstance(body, dict):
        keys = sorted(map(str, body))
        return "an empty object" if not keys else "an object with keys " + ", ".join(keys[:10]) + (", ..." if len(keys) > 10 else "")
    return {list: "a list", str: "a string", type(None): "no body"}.get(type(body), type(body).__name__)
