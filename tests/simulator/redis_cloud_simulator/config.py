# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator settings: defaults, JSON form and validated partial updates."""

from __future__ import annotations

import copy
from typing import Any

from redis_cloud_simulator.faults import validate_fault_rules

# Durations are sim seconds unless the key says otherwise (rate_limit counts real time).
DEFAULTS: dict[str, Any] = {
    "speed": 200.0,
    "seed": 0,
    "task_received_seconds": 1.0,
    "task_durations": {
        "default": 3.0,
        "subscriptionCreateRequest": 5.0,
        "subscriptionUpdateRequest": 2.0,
        "subscriptionDeleteRequest": 3.0,
        "databaseDeleteRequest": 3.0,
    },
    "subscription_provisioning_seconds": 600.0,
    "subscription_deletion_seconds": 60.0,
    "database_deletion_seconds": 30.0,
    "task_not_found_seconds": 1.0,
    "subscription_not_found_seconds": 2.0,
    "finished_tasks_listed_seconds": 300.0,
    "max_pending_subscriptions": 3,
    "not_active_error": "http",
    "rate_limit": {"requests": 400, "window_seconds": 60.0},
    "request_log_limit": 10000,
    "faults": [],
}

_NUMBER_KEYS = {
    "speed", "task_received_seconds", "subscription_provisioning_seconds", "subscription_deletion_seconds",
    "database_deletion_seconds", "task_not_found_seconds", "subscription_not_found_seconds",
    "finished_tasks_listed_seconds",
}
_INT_KEYS = {"seed", "max_pending_subscriptions", "request_log_limit"}


class ConfigError(ValueError):
    pass


def _check_number(key: str, value: Any, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or (positive and value == 0):
        raise ConfigError(f"{key} must be a {'positive' if positive else 'non-negative'} number, got {value!r}")
    return float(value)


def _check_int(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigError(f"{key} must be a non-negative integer, got {value!r}")
    return value


def merge_config(current: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """Return `current` with `update` applied; nested dicts merge, `faults` is replaced."""
    if not isinstance(update, dict):
        raise ConfigError("the config update must be a JSON object")
    merged = copy.deepcopy(current)
    for key, value in update.items():
        if key not in DEFAULTS:
            raise ConfigError(f"unknown config key {key!r}; known: {', '.join(sorted(DEFAULTS))}")
        if key in _NUMBER_KEYS:
            merged[key] = _check_number(key, value, positive=key == "speed")
        elif key in _INT_KEYS:
            merged[key] = _check_int(key, value)
        elif key == "task_durations":
            if not isinstance(value, dict):
                raise ConfigError("task_durations must be an object of commandType -> seconds")
            for command_type, seconds in value.items():
                merged[key][command_type] = _check_number(f"task_durations.{command_type}", seconds)
        elif key == "rate_limit":
            if not isinstance(value, dict) or set(value) - {"requests", "window_seconds"}:
                raise ConfigError("rate_limit must be an object with requests and/or window_seconds")
            if "requests" in value:
                merged[key]["requests"] = _check_int("rate_limit.requests", value["requests"])
            if "window_seconds" in value:
                merged[key]["window_seconds"] = _check_number("rate_limit.window_seconds", value["window_seconds"], positive=True)
        elif key == "not_active_error":
            if value not in ("http", "task"):
                raise ConfigError("not_active_error must be 'http' or 'task'")
            merged[key] = value
        elif key == "faults":
            try:
                merged[key] = validate_fault_rules(value)
            except ValueError as exc:
                raise ConfigError(str(exc)) from exc
    return merged


def default_config() -> dict[str, Any]:
    return copy.deepcopy(DEFAULTS)
