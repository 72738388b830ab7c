# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator settings: defaults, JSON form and validated partial updates.

The defaults play the real API as other clients recorded it; where the evidence leaves two
readings, the default is the harsher one for a client (see README, "Config keys").
"""

from __future__ import annotations

import copy
from typing import Any

from redis_cloud_simulator.essentials_acl_config import (ESSENTIALS_ACL_CHOICE_KEYS, ESSENTIALS_ACL_DEFAULTS,
                                                         ESSENTIALS_ACL_NUMBER_KEYS)
from redis_cloud_simulator.faults import validate_fault_rules
from redis_cloud_simulator.networking_config import NETWORKING_CHOICE_KEYS, NETWORKING_DEFAULTS, NETWORKING_NUMBER_KEYS
from redis_cloud_simulator.operations_config import OPERATIONS_CHOICE_KEYS, OPERATIONS_DEFAULTS, OPERATIONS_NUMBER_KEYS
from redis_cloud_simulator.read_back_settings import READ_BACK_CHOICES, READ_BACK_DEFAULTS, merge_status_phases

TEN_DAYS = 10 * 24 * 3600.0
RETRY_AFTER_HEADERS = ("x-rate-limit-retry-after-seconds", "Retry-After")

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
        "databaseCreateRequest": 4.0,
        "databaseUpdateRequest": 3.0,
        "databaseUpgradeRequest": 3.0,
        "databaseDeleteRequest": 3.0,
    },
    "subscription_provisioning_seconds": 600.0,
    "subscription_deletion_seconds": 60.0,
    "database_provisioning_seconds": 120.0,
    "database_change_seconds": 60.0,
    "database_deletion_seconds": 30.0,
    "task_not_found_seconds": 1.0,
    "subscription_not_found_seconds": 5.0,
    "subscription_not_listed_seconds": 20.0,
    "database_not_found_seconds": 5.0,
    "database_not_listed_seconds": 20.0,
    "creation_plan_listed_after_active_seconds": 60.0,
    "tasks_listing": "running",
    "tasks_listing_shape": "array",
    "tasks_listing_window_seconds": TEN_DAYS,
    "max_pending_subscriptions": 3,
    "not_active_error": "task",
    "error_bodies": "real",
    "rate_limit": {"requests": 400, "window_seconds": 60.0, "retry_after_headers": []},
    "request_log_limit": 10000,
    "faults": [],
    **ESSENTIALS_ACL_DEFAULTS,
    **NETWORKING_DEFAULTS,
    **OPERATIONS_DEFAULTS,
}
DEFAULTS.update(READ_BACK_DEFAULTS)

_NUMBER_KEYS = {
    "speed", "task_received_seconds", "subscription_provisioning_seconds", "subscription_deletion_seconds",
    "database_provisioning_seconds", "database_change_seconds", "database_deletion_seconds",
    "task_not_found_seconds", "subscription_not_found_seconds", "subscription_not_listed_seconds",
    "database_not_found_seconds", "database_not_listed_seconds", "creation_plan_listed_after_active_seconds",
    "tasks_listing_window_seconds",
} | ESSENTIALS_ACL_NUMBER_KEYS | NETWORKING_NUMBER_KEYS | OPERATIONS_NUMBER_KEYS
_INT_KEYS = {"seed", "max_pending_subscriptions", "request_log_limit"}
_CHOICE_KEYS = {
    "tasks_listing": ("running", "recent"),
    "tasks_listing_shape": ("array", "object", "object_or_empty"),
    "not_active_error": ("task", "http"),
    "error_bodies": ("real", "api"),
    **ESSENTIALS_ACL_CHOICE_KEYS,
    **NETWORKING_CHOICE_KEYS,
    **OPERATIONS_CHOICE_KEYS,
}
_CHOICE_KEYS.update(READ_BACK_CHOICES)


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


def _merge_rate_limit(current: dict[str, Any], value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) - {"requests", "window_seconds", "retry_after_headers"}:
        raise ConfigError("rate_limit must be an object with requests, window_seconds and/or retry_after_headers")
    merged = dict(current)
    if "requests" in value:
        merged["requests"] = _check_int("rate_limit.requests", value["requests"])
    if "window_seconds" in value:
        merged["window_seconds"] = _check_number("rate_limit.window_seconds", value["window_seconds"], positive=True)
    if "retry_after_headers" in value:
        headers = value["retry_after_headers"]
        if not isinstance(headers, list) or any(header not in RETRY_AFTER_HEADERS for header in headers):
            raise ConfigError(f"rate_limit.retry_after_headers must be a list of {', '.join(RETRY_AFTER_HEADERS)}")
        merged["retry_after_headers"] = list(headers)
    return merged


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
        elif key in _CHOICE_KEYS:
            if value not in _CHOICE_KEYS[key]:
                raise ConfigError(f"{key} must be one of {', '.join(_CHOICE_KEYS[key])}, got {value!r}")
            merged[key] = value
        elif key == "task_durations":
            if not isinstance(value, dict):
                raise ConfigError("task_durations must be an object of commandType -> seconds")
            for command_type, seconds in value.items():
                merged[key][command_type] = _check_number(f"task_durations.{command_type}", seconds)
        elif key == "rate_limit":
            merged[key] = _merge_rate_limit(merged[key], value)
        elif key == "database_status_phases":
            try:
                merged[key] = merge_status_phases(merged[key], value)
            except ValueError as exc:
                raise ConfigError(str(exc)) from exc
        elif key == "faults":
            try:
                merged[key] = validate_fault_rules(value)
            except ValueError as exc:
                raise ConfigError(str(exc)) from exc
    return merged


def default_config() -> dict[str, Any]:
    return copy.deepcopy(DEFAULTS)
