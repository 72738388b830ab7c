# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection: rules that fire by rate (seeded RNG) or for the next N matching requests."""

from __future__ import annotations

import copy
import fnmatch
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

# Faults applied around the whole request, before (or after) the route runs.
REQUEST_FAULTS = ("http_error", "rate_limited", "drop_before", "drop_after", "slow", "truncated", "non_json")
# Faults a route applies to what it creates or changes.
TASK_FAULTS = ("task_not_found", "task_error")
RESOURCE_FAULTS = ("subscription_error", "database_error", "not_active", "backup_failure", "import_failure")
FAULT_KINDS = REQUEST_FAULTS + TASK_FAULTS + RESOURCE_FAULTS

# Parameters each kind accepts, with defaults.
_PARAMETERS: dict[str, dict[str, Any]] = {
    "http_error": {"status": 503},
    "rate_limited": {"retry_after": None},  # None: no retry-after header, like the live API's 429s
    "drop_before": {},
    "drop_after": {},
    "slow": {"delay": 1.0},
    "truncated": {},
    "non_json": {"status": 200},
    "task_not_found": {"seconds": 30.0},
    "task_error": {"error_type": "GENERAL_ERROR", "error_status": 400, "description": "Injected task failure",
                   "additional_info": None},  # None: no response.additionalInfo
    "subscription_error": {},
    "database_error": {},
    "not_active": {},
    # The backup / import this request starts ends "failed" with that reason (operations_routes.py).
    # Default reasons: Redis Software's bdb backup_failure_reason / import_failure_reason values.
    "backup_failure": {"failure_reason": "general-error"},
    "import_failure": {"failure_reason": "file-corrupted", "failure_params": []},
}
_MATCH_KEYS = {"kind", "method", "path", "count", "rate"}


def validate_fault_rules(rules: Any) -> list[dict[str, Any]]:
    """Check rules and fill in defaults; raise ValueError naming the bad rule."""
    if not isinstance(rules, list):
        raise ValueError("faults must be a list of rules")
    checked = []
    for index, rule in enumerate(rules):
        where = f"faults[{index}]"
        if not isinstance(rule, dict) or rule.get("kind") not in FAULT_KINDS:
            raise ValueError(f"{where}: kind must be one of {', '.join(FAULT_KINDS)}")
        kind = rule["kind"]
        unknown = set(rule) - _MATCH_KEYS - set(_PARAMETERS[kind])
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)} for kind {kind}")
        if ("count" in rule) == ("rate" in rule):
            raise ValueError(f"{where}: give exactly one of count (next N matches) or rate (probability)")
        if "count" in rule and (not isinstance(rule["count"], int) or isinstance(rule["count"], bool) or rule["count"] < 1):
            raise ValueError(f"{where}: count must be a positive integer")
        if "rate" in rule and (isinstance(rule["rate"], bool) or not isinstance(rule["rate"], (int, float)) or not 0 < rule["rate"] <= 1):
            raise ValueError(f"{where}: rate must be a number in (0, 1]")
        retry_after = rule.get("retry_after")
        bad_wait = isinstance(retry_after, bool) or not isinstance(retry_after, int) or retry_after < 0
        if kind == "rate_limited" and retry_after is not None and bad_wait:
            raise ValueError(f"{where}: retry_after must be a non-negative integer (seconds) or null")
        if kind in ("backup_failure", "import_failure") and not _valid_failure(rule):
            raise ValueError(f"{where}: failure_reason must be a string, failure_params a list of {{key, value}} strings")
        if kind == "task_error" and not isinstance(rule.get("additional_info", ""), (str, type(None))):
            raise ValueError(f"{where}: additional_info must be a string or null")
        if kind == "http_error" and rule.get("status", 503) not in (500, 502, 503, 504):
            raise ValueError(f"{where}: http_error status must be 500, 502, 503 or 504")
        full = {"method": "*", "path": "/v1/*", **copy.deepcopy(_PARAMETERS[kind]), **rule}
        full["method"] = str(full["method"]).upper()
        checked.append(full)
    return checked


def _valid_failure(rule: dict[str, Any]) -> bool:
    params = rule.get("failure_params", [])
    return (isinstance(rule.get("failure_reason", ""), str) and isinstance(params, list)
            and all(isinstance(param, dict) and set(param) == {"key", "value"}
                    and all(isinstance(value, str) for value in param.values()) for param in params))


@dataclass
class _ActiveRule:
    rule: dict[str, Any]
    remaining: int | None  # None for rate rules

    def matches(self, method: str, path: str) -> bool:
        wanted = self.rule["method"]
        method_ok = wanted == "*" or wanted == method or (wanted == "WRITE" and method in ("POST", "PUT", "DELETE"))
        return method_ok and fnmatch.fnmatchcase(path, self.rule["path"])


class FaultInjector:
    def __init__(self, rules: list[dict[str, Any]], rng: random.Random) -> None:
        self._rng = rng
        self._rules = [_ActiveRule(rule, rule.get("count")) for rule in rules]
        self.injected: Counter[str] = Counter()

    def pick(self, kinds: tuple[str, ...], method: str, path: str) -> dict[str, Any] | None:
        """The first rule of one of `kinds` that fires for this request, consumed and counted."""
        for active in self._rules:
            if active.rule["kind"] not in kinds or not active.matches(method, path):
                continue
            if active.remaining is not None:
                if active.remaining == 0:
                    continue
                active.remaining -= 1
            elif self._rng.random() >= active.rule["rate"]:
                continue
            self.injected[active.rule["kind"]] += 1
            return active.rule
        return None

    def describe(self) -> dict[str, Any]:
        return {
            "injected": dict(self.injected),
            "rules": [{**active.rule, "remaining": active.remaining} for active in self._rules],
        }
