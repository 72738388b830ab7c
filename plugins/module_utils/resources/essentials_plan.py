# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Essentials plans for redis_cloud_essentials_plan_info: read, strictly parsed, filtered and ordered.

GET /fixed/plans (``provider`` AWS, GCP or AZURE and ``redisFlex`` are the API's filters) answers ``{"plans": [...]}``
(RedisLabs/rediscloud-go-api fixed_plans_test.go); GET /fixed/plans/subscriptions/{id} the plans a subscription may
move to, in the same shape (fixed_plans_subscriptions_test.go). Every other filter is applied here. A plan's size is
a number with a unit (``size`` 30 with ``sizeMeasurementUnit`` MB, 1 with GB): sizes are compared in MB computed from
both, never as bare numbers. Azure plans read ``"provider": "Azure"`` (the filter says AZURE): providers, regions and
availability compare without regard to case.
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.api.parsing import api_path, kind, require_dict
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import listed_items

MB_PER_UNIT = {"MB": 1, "GB": 1024, "TB": 1024 * 1024}
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*$")
SUPPORTS = ("support_data_persistence", "support_instant_and_daily_backups", "support_replication", "support_clustering", "support_ssl")
# option -> the plan's field, for the filters that compare text without regard to case.
TEXT_FILTERS = {"name": "name", "provider": "provider", "region": "region", "availability": "availability"}

PLAN_INFO_ARGUMENT_SPEC: dict[str, Any] = {
    "subscription_id": {"type": "int"},
    "plan_id": {"type": "int", "aliases": ["id"]},
    "name": {"type": "str"},
    "provider": {"type": "str", "choices": ["AWS", "GCP", "AZURE"]},
    "region": {"type": "str"},
    "redis_flex": {"type": "bool"},
    "min_size": {"type": "str"},
    "max_size": {"type": "str"},
    "max_price": {"type": "float"},
    "availability": {"type": "str"},
    **{option: {"type": "bool"} for option in SUPPORTS},
}


def size_in_mb(text: str) -> float | None:
    """``250MB``, ``1 GB`` -> MB; None when it is not a size with a known unit."""
    match = SIZE.fullmatch(text)
    unit = match.group(2).upper() if match else None
    return float(match.group(1)) * MB_PER_UNIT[unit] if match and unit in MB_PER_UNIT else None


def validate_params(params: dict[str, Any]) -> list[str]:
    problems = [f"{option} {params[option]!r} must be a size with its unit, such as 250MB or 1GB (units: {', '.join(MB_PER_UNIT)})"
                for option in ("min_size", "max_size") if params.get(option) is not None and size_in_mb(params[option]) is None]
    for option in ("subscription_id", "plan_id"):
        if params.get(option) is not None and params[option] <= 0:
            problems.append(f"{option} must be a positive integer id, got {params[option]}")
    return problems


def plan_size_mb(plan: dict[str, Any], request: str, strict: bool = True) -> float:
    """The plan's size in MB. Not strict (for ordering only): a size that cannot be read orders last."""
    size, unit = plan.get("size"), plan.get("sizeMeasurementUnit")
    known = isinstance(size, (int, float)) and not isinstance(size, bool) and isinstance(unit, str) and unit.upper() in MB_PER_UNIT
    if known:
        return size * MB_PER_UNIT[unit.upper()]
    if not strict:
        return float("inf")
    raise RedisCloudError(f"{request}: plan {plan.get('id')} has a size of {kind(size)} in {unit[:20] if isinstance(unit, str) else kind(unit)!r}, "
                          f"not a number in a unit this module knows ({', '.join(MB_PER_UNIT)}): its size cannot be compared. "
                          "Leave out min_size and max_size.")


def _matches(plan: dict[str, Any], params: dict[str, Any], request: str) -> bool:
    if params.get("plan_id") not in (None, plan.get("id")):
        return False
    if any(str(plan.get(field)).lower() != params[option].lower() for option, field in TEXT_FILTERS.items() if params.get(option) is not None):
        return False
    if any(plan.get(_camel(option)) is not params[option] for option in (*SUPPORTS, "redis_flex") if params.get(option) is not None):
        return False
    if params.get("max_price") is not None and _number(plan.get("price")) > params["max_price"]:
        return False
    low, high = (size_in_mb(params[option]) if params.get(option) else None for option in ("min_size", "max_size"))
    size = plan_size_mb(plan, request) if low is not None or high is not None else 0.0
    return (low is None or size >= low) and (high is None or size <= high)


def _camel(option: str) -> str:
    head, *rest = option.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _number(value: Any) -> float:
    """A number of an answer, for comparing and ordering (anything else orders last)."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else float("inf")


def read_plans(client: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The plans the options ask for, cheapest first (then smallest, then by id), with their ids and the first one."""
    if params.get("subscription_id") is not None:
        path, query = api_path("/fixed/plans/subscriptions/{subscription_id}", subscription_id=params["subscription_id"]), {}
    else:
        path = "/fixed/plans"
        query = {"provider": params.get("provider"), "redisFlex": None if params.get("redis_flex") is None else str(params["redis_flex"]).lower()}
    request = f"GET {path}"
    plans = [require_dict(item, request, f"plan {index}")
             for index, item in enumerate(listed_items(client.get(path, params={k: v for k, v in query.items() if v is not None} or None), request, "plans"))]
    found = sorted((plan for plan in plans if _matches(plan, params, request)),
                   key=lambda plan: (_number(plan.get("price")), plan_size_mb(plan, request, strict=False), _number(plan.get("id"))))
    return {"changed": False, "plans": found, "plan_ids": [plan.get("id") for plan in found], "plan": found[0] if found else None}
