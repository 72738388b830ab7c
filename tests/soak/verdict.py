"""Compare what the plays believe with the simulator's state, and tell expected failures from the module's own.

A failure is *expected* when the API itself said no and the module could not know
better: an injected task error, a subscription that went into error, an injected
SUBSCRIPTION_NOT_ACTIVE, or a PUT/DELETE refused before acting (5xx, dropped before
sending an answer, non-JSON) that the module reports instead of re-sending (the
architecture's rule: a write with an unproven outcome is never re-sent). Every
other failure is one the module should have absorbed, and counts against it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tests.soak.cycles import CycleRecord
from tests.soak.faults import INJECTED_TASK_ERROR

RENAMED_SUFFIX = "-renamed"
REFUSED_BEFORE_ACTING = ("http_error", "drop_before", "non_json")
UPDATE_OR_DELETE = ("PUT", "DELETE")
RETRY_WINDOW_SECONDS = 15.0  # the client's retries of one read end well within this (backoff capped at 8 s)


@dataclass
class Verdict:
    expected_failures: Counter[str] = field(default_factory=Counter)
    module_failures: list[CycleRecord] = field(default_factory=list)
    duplicates: dict[str, list[int]] = field(default_factory=dict)   # cycle name -> ids created for it
    orphans: list[dict[str, Any]] = field(default_factory=list)      # alive, but its play thinks it gone or never made
    left_reported: list[dict[str, Any]] = field(default_factory=list)  # alive, and its play reported it (a failed cycle)


ID_IN_PATH = re.compile(r"/(\d+|[0-9a-f]{8}-[0-9a-f-]{27})(?=/|$)")
FAILURE_KINDS = (
    ("not valid JSON", "answer not JSON (or cut off)"),
    ("cut off", "answer cut off"),
    ("connection was lost", "connection lost before the answer"),
    ("failed after retries", "still failing after the retries"),
)


def signature(record: CycleRecord) -> str:
    """A failure's shape, ids left out, so that failures with one cause group together."""
    failure = record.failure or {}
    request = f"{failure.get('method')} {ID_IN_PATH.sub('/{id}', failure.get('path') or '')}" if failure.get("method") else ""
    message = record.message or ""
    kind = next((label for marker, label in FAILURE_KINDS if marker in message), message[:100])
    if failure.get("method"):
        kind += ", read not retried" if failure["method"] == "GET" else ", write not reconciled"
    return f"{record.failed_step or 'start'}: {request + ': ' if request else ''}{kind}"


def cycle_of(subscription_name: str) -> str:
    return subscription_name.removesuffix(RENAMED_SUFFIX)


def judge(records: list[CycleRecord], state: dict[str, Any], request_log: list[dict[str, Any]]) -> Verdict:
    verdict = Verdict()
    tasks = {task["taskId"]: task for task in state["tasks"]}
    subscriptions = {sub["id"]: sub for sub in state["subscriptions"]}
    for record in records:
        if record.completed:
            continue
        cause = expected_cause(record, tasks, subscriptions, request_log)
        if cause is None:
            verdict.module_failures.append(record)
        else:
            verdict.expected_failures[cause] += 1
    made_for: dict[str, list[int]] = {}
    for sub in state["subscriptions"]:
        made_for.setdefault(cycle_of(sub["name"]), []).append(sub["id"])
    verdict.duplicates = {name: ids for name, ids in made_for.items() if len(ids) > 1}
    by_name = {record.name: record for record in records}
    for sub in state["subscriptions"]:
        if sub["status"] in ("deleted", "deleting"):
            continue
        record = by_name.get(cycle_of(sub["name"]))
        reported = record is not None and sub["id"] in record.subscription_ids and not record.believes_deleted
        (verdict.left_reported if reported else verdict.orphans).append(sub)
    return verdict


def expected_cause(record: CycleRecord, tasks: dict[str, Any], subscriptions: dict[int, Any],
                   request_log: list[dict[str, Any]]) -> str | None:
    """Why a failed cycle's failure is the API's doing, or None when the module should have absorbed it."""
    failure = record.failure
    if failure is None:
        return None  # no structured failure: the module crashed or the play broke
    task = tasks.get(failure.get("task_id") or "")
    error = ((task or {}).get("response") or {}).get("error") or {}
    if isinstance(error, dict) and error.get("description") == INJECTED_TASK_ERROR["description"]:
        return "task_error (injected task failure)"
    if failure.get("last_status") == "error" and any(subscriptions.get(i, {}).get("status") == "error" for i in record.subscription_ids):
        return "subscription_error (subscription went into error)"
    method, path = failure.get("method"), failure.get("path")
    if failure.get("error_type") == "SUBSCRIPTION_NOT_ACTIVE" and _logged(request_log, method, path, statuses=(403,)):
        return "not_active (SUBSCRIPTION_NOT_ACTIVE on an active subscription)"
    if method in UPDATE_OR_DELETE and _logged(request_log, method, path, faults=REFUSED_BEFORE_ACTING):
        return f"{method} refused before acting, reported and not re-sent"
    return None


def _logged(request_log: list[dict[str, Any]], method: str | None, path: str | None,
            statuses: tuple[int, ...] = (), faults: tuple[str, ...] = ()) -> bool:
    if not method or not path:
        return False
    return any(
        entry["method"] == method and entry["path"] == "/v1" + path
        and (entry["status"] in statuses or entry["fault"] in faults)
        for entry in request_log
    )


def retries(request_log: list[dict[str, Any]]) -> tuple[int, int]:
    """(reads re-sent after a fault, creates re-sent after proving the first one made nothing).

    A GET that met a fault or an error answer, followed within RETRY_WINDOW_SECONDS by
    the same GET, counts as one retry (a poll of the same path may rarely be counted
    too). A create name posted twice counts as one re-send (the log keeps write bodies).
    """
    read_retries = 0
    for position, entry in enumerate(request_log):
        failed = entry["fault"] is not None or entry["status"] is None or entry["status"] >= 429
        if entry["method"] == "GET" and failed and any(
            later["method"] == "GET" and later["path"] == entry["path"]
            for later in _within(request_log, position, RETRY_WINDOW_SECONDS)
        ):
            read_retries += 1
    posted = Counter(
        (entry.get("body") or {}).get("name") for entry in request_log
        if entry["method"] == "POST" and entry["path"] == "/v1/subscriptions"
    )
    return read_retries, sum(count - 1 for count in posted.values())


def _within(request_log: list[dict[str, Any]], position: int, seconds: float) -> list[dict[str, Any]]:
    """The entries logged after ``position`` and at most ``seconds`` later."""
    until = request_log[position]["time"] + seconds
    later = []
    for entry in request_log[position + 1:]:
        if entry["time"] > until:
            break
        later.append(entry)
    return later
