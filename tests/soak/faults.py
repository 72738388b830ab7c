"""The soak's fault rules: every kind the simulator knows, at seeded rates.

``fault_rate`` is shared out so that about that fraction of all requests meet a
request-level fault (split evenly over its seven kinds), and about that fraction of
the writes meet a task- or resource-level fault (split over the five kinds that act
on what a write creates). Giving every rule the full rate instead would fault about
half of all requests, since the first rule that fires wins.

Every rule's path covers the database routes too (``/v1/subscriptions/*`` matches
``/v1/subscriptions/7/databases/9``: the simulator's globs let ``*`` cross a ``/``).
"""

from __future__ import annotations

from typing import Any

REQUEST_KINDS = ("http_error", "rate_limited", "drop_before", "drop_after", "slow", "truncated", "non_json")
WRITE_EFFECT_KINDS = ("task_not_found", "task_error", "subscription_error", "database_error", "not_active")
ALL_KINDS = REQUEST_KINDS + WRITE_EFFECT_KINDS

# The task error the soak injects; its description tells an injected failure from any other.
INJECTED_TASK_ERROR = {"error_type": "GENERAL_ERROR", "error_status": 400, "description": "Injected task failure (soak)"}
SLOW_DELAY_SECONDS = 1.0  # below the plays' api_timeout: the answer comes late, not never
DATABASE_CREATE_PATH = "/v1/subscriptions/*/databases"


def soak_rules(fault_rate: float) -> list[dict[str, Any]]:
    per_request_kind = fault_rate / len(REQUEST_KINDS)
    per_write_kind = fault_rate / len(WRITE_EFFECT_KINDS)
    everything = {"method": "*", "path": "/v1/*", "rate": per_request_kind}
    return [
        {"kind": "http_error", "status": 503, **everything},
        {"kind": "rate_limited", **everything},  # no retry header, as the API's 429s: the rest of the window is waited
        {"kind": "drop_before", **everything},
        {"kind": "drop_after", **everything},
        {"kind": "slow", "delay": SLOW_DELAY_SECONDS, **everything},
        {"kind": "truncated", **everything},
        {"kind": "non_json", **everything},
        {"kind": "task_not_found", "seconds": 30, "method": "WRITE", "path": "/v1/*", "rate": per_write_kind},
        {"kind": "task_error", **INJECTED_TASK_ERROR, "method": "WRITE", "path": "/v1/*", "rate": per_write_kind},
        {"kind": "subscription_error", "method": "POST", "path": "/v1/subscriptions", "rate": per_write_kind},
        {"kind": "database_error", "method": "POST", "path": DATABASE_CREATE_PATH, "rate": per_write_kind},
        {"kind": "not_active", "method": "WRITE", "path": "/v1/subscriptions/*", "rate": per_write_kind},
    ]
