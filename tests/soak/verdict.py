"""Compare what the plays believe with the simulator's state, and tell expected failures from the module's own.

A failure is *expected* only when the API itself caused it and no client could have
done better: an injected task error (the API ran the write and it failed), or a
subscription or database that ended in status ``error``. Everything else counts
against the module, in particular:

- a PUT or DELETE refused by a 5xx, dropped, or answered with something that is not
  JSON: the module must confirm the outcome and send it again when provably not done
  (issue 10, finding 13);
- a refusal (``SUBSCRIPTION_NOT_ACTIVE``, ``DATABASE_SUBSCRIPTION_IN_PENDING_STATUS``,
  ``TOO_MANY_PENDING_SUBSCRIPTIONS``), injected or not, in the task or as an HTTP error:
  the module waits it out and sends the write again.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tests.soak.cycles import (
    CREATE,
    CREATE_DATABASE,
    DATABASE_SUFFIX,
    RENAME,
    RENAMED_SUFFIX,
    RESIZE_DATABASE,
    RESIZED_GB,
    CycleRecord,
    database_name,
)
from tests.soak.faults import INJECTED_TASK_ERROR

PLAN_DATABASE = "cache"  # the creation plan's database in playbooks/cycle.yml
RETRY_WINDOW_SECONDS = 15.0  # the client's retries of one read end well within this (backoff capped at 8 s)
WRITES = ("POST", "PUT", "DELETE")
# Request-level faults after which a write's outcome is unknown to the client (it may or may not have acted).
UNKNOWN_OUTCOME_FAULTS = ("http_error", "drop_before", "drop_after", "truncated", "non_json")
GONE = ("deleted", "deleting", "delete-pending")


@dataclass
class Verdict:
    expected_failures: Counter[str] = field(default_factory=Counter)
    module_failures: list[CycleRecord] = field(default_factory=list)
    duplicates: dict[str, list[int]] = field(default_factory=dict)           # cycle name -> subscription ids made for it
    database_duplicates: dict[str, list[int]] = field(default_factory=dict)  # "subscription N, name" -> database ids
    orphans: list[dict[str, Any]] = field(default_factory=list)      # alive, but its play thinks it gone or never made
    database_orphans: list[dict[str, Any]] = field(default_factory=list)
    left_reported: list[dict[str, Any]] = field(default_factory=list)  # alive, and its play reported it (a failed cycle)
    databases_left_reported: list[dict[str, Any]] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)  # what a play believes and the simulator's state disagree
    leaks: list[str] = field(default_factory=list)       # cycles whose output holds a key or a database password
    databases_created: int = 0

    @property
    def targets_met(self) -> bool:
        return not (self.duplicates or self.database_duplicates or self.orphans or self.database_orphans
                    or self.module_failures or self.mismatches or self.leaks)


ID_IN_PATH = re.compile(r"/(\d+|[0-9a-f]{8}-[0-9a-f-]{27})(?=/|$)")
FAILURE_KINDS = (
    ("not valid JSON", "answer not JSON (or cut off)"),
    ("cut off", "answer cut off"),
    ("connection was lost", "connection lost before the answer"),
    ("failed after retries", "still failing after the retries"),
    ("Timed out", "timed out"),
)


def signature(record: CycleRecord) -> str:
    """A failure's shape, ids left out, so that failures with one cause group together."""
    failure = record.failure or {}
    request = f"{failure.get('method')} {ID_IN_PATH.sub('/{id}', failure.get('path') or '')}" if failure.get("method") else ""
    message = record.message or ""
    kind = next((label for marker, label in FAILURE_KINDS if marker in message), ID_IN_PATH.sub("/{id}", message[:100]))
    if failure.get("error_type"):
        kind += f" [{failure['error_type']}]"
    return f"{record.failed_step or 'start'}: {request + ': ' if request else ''}{kind}"


def cycle_of(name: str) -> str:
    """The cycle a subscription or a database was made for, from its name."""
    return name.removesuffix(RENAMED_SUFFIX).removesuffix(DATABASE_SUFFIX)


def judge(records: list[CycleRecord], state: dict[str, Any], secrets: tuple[str, ...] = ()) -> Verdict:
    verdict = Verdict()
    tasks = {task["taskId"]: task for task in state["tasks"]}
    subscriptions = {sub["id"]: sub for sub in state["subscriptions"]}
    databases = {db["id"]: db for db in state["databases"]}
    for record in records:
        if record.completed:
            continue
        cause = expected_cause(record, tasks, subscriptions, databases)
        if cause is None:
            verdict.module_failures.append(record)
        else:
            verdict.expected_failures[cause] += 1
    _judge_subscriptions(verdict, records, state["subscriptions"])
    _judge_databases(verdict, records, state["databases"], subscriptions)
    for record in records:
        verdict.mismatches += beliefs_that_differ(record, subscriptions, databases)
        verdict.leaks += leaks(record, secrets, state["databases"])
    return verdict


def _judge_subscriptions(verdict: Verdict, records: list[CycleRecord], subscriptions: list[dict[str, Any]]) -> None:
    made_for: dict[str, list[int]] = {}
    for sub in subscriptions:
        made_for.setdefault(cycle_of(sub["name"]), []).append(sub["id"])
    verdict.duplicates = {name: ids for name, ids in made_for.items() if len(ids) > 1}
    by_name = {record.name: record for record in records}
    for sub in subscriptions:
        if sub["status"] in GONE:
            continue
        record = by_name.get(cycle_of(sub["name"]))
        reported = record is not None and sub["id"] in record.subscription_ids and not record.believes_deleted
        (verdict.left_reported if reported else verdict.orphans).append(sub)


def _judge_databases(verdict: Verdict, records: list[CycleRecord], databases: list[dict[str, Any]],
                     subscriptions: dict[int, Any]) -> None:
    verdict.databases_created = len(databases)
    made: dict[str, list[int]] = {}
    for db in databases:
        made.setdefault(f"subscription {db['subscription_id']}, {db['name']}", []).append(db["id"])
    verdict.database_duplicates = {key: ids for key, ids in made.items() if len(ids) > 1}
    by_name = {record.name: record for record in records}
    for db in databases:
        if db["status"] in GONE:
            continue
        sub = subscriptions.get(db["subscription_id"]) or {}
        record = by_name.get(cycle_of(sub.get("name") or db["name"]))
        # Reported: the play was told its id, or the id of its subscription (a user finds it there), and
        # does not believe it deleted.
        known = record is not None and (db["id"] in record.known_database_ids or db["subscription_id"] in record.subscription_ids)
        reported = known and not record.believes_database_deleted(db["id"])
        (verdict.databases_left_reported if reported else verdict.database_orphans).append(db)


def expected_cause(record: CycleRecord, tasks: dict[str, Any], subscriptions: dict[int, Any], databases: dict[int, Any]) -> str | None:
    """Why a failed cycle's failure is the API's doing, or None when the module should have absorbed it."""
    failure = record.failure
    if failure is None:
        return None  # no structured failure: the module crashed or the play broke
    task = tasks.get(failure.get("task_id") or "")
    error = ((task or {}).get("response") or {}).get("error") or {}
    if isinstance(error, dict) and error.get("description") == INJECTED_TASK_ERROR["description"]:
        return "task_error (injected task failure)"
    if failure.get("last_status") == "error":
        if any(subscriptions.get(i, {}).get("status") == "error" for i in record.subscription_ids):
            return "subscription_error (subscription went into error)"
        if any(databases.get(i, {}).get("status") == "error" for i in record.known_database_ids):
            return "database_error (database went into error)"
    return None


def beliefs_that_differ(record: CycleRecord, subscriptions: dict[int, Any], databases: dict[int, Any]) -> list[str]:
    """Where what the play was told disagrees with the simulator (deletions are judged as orphans)."""
    found = []
    for sub_id in sorted(record.subscription_ids - set(subscriptions)):
        found.append(f"{record.name}: told of subscription {sub_id}, which was never made")
    for db_id in sorted(record.known_database_ids - set(databases)):
        found.append(f"{record.name}: told of database {db_id}, which was never made")
    for db_id in sorted(record.known_database_ids & set(databases)):
        if databases[db_id]["subscription_id"] not in record.subscription_ids:
            found.append(f"{record.name}: database {db_id} is in subscription {databases[db_id]['subscription_id']}, "
                         f"not in the play's {sorted(record.subscription_ids)}")
    steps = set(record.steps_ok)
    if CREATE in steps:
        plan = {db["id"] for db in databases.values() if db["subscription_id"] in record.subscription_ids and db["name"] == PLAN_DATABASE}
        if plan != record.plan_database_ids:
            found.append(f"{record.name}: the create reported plan databases {sorted(record.plan_database_ids)}, the simulator has {sorted(plan)}")
    if RENAME in steps:
        names = {subscriptions[i]["name"] for i in record.subscription_ids if i in subscriptions}
        if names != {record.name + RENAMED_SUFFIX}:
            found.append(f"{record.name}: renamed, but the subscription is named {sorted(names)}")
    if CREATE_DATABASE in steps:
        made = [databases[i] for i in record.database_ids if i in databases]
        if len(record.database_ids) != 1 or [db["name"] for db in made] != [database_name(record.name)]:
            found.append(f"{record.name}: the database create reported {sorted(record.database_ids)}, "
                         f"named {[db['name'] for db in made]}")
    if RESIZE_DATABASE in steps:
        sizes = [databases[i]["spec"].get("datasetSizeInGb") for i in record.database_ids if i in databases]
        if sizes != [RESIZED_GB]:
            found.append(f"{record.name}: resized to {RESIZED_GB} GB, but the simulator has {sizes}")
    return found


def leaks(record: CycleRecord, secrets: tuple[str, ...], databases: list[dict[str, Any]]) -> list[str]:
    """A key, or a password of a database of the cycle's subscriptions, in what its play printed or recorded."""
    found = [f"{record.name}: an API key" for secret in secrets if secret and secret in record.output]
    found += [f"{record.name}: the password of database {db['id']}" for db in databases
              if db["subscription_id"] in record.subscription_ids and db.get("password") and db["password"] in record.output]
    return found


def _write_key(entry: dict[str, Any]) -> tuple[str, str, Any]:
    """One write as a client means it: a create by the name it carries, an update or delete by its path."""
    body = entry.get("body") if entry["method"] == "POST" else None
    return entry["method"], entry["path"], (body or {}).get("name") if isinstance(body, dict) else None


def _outcome_unknown(entry: dict[str, Any]) -> bool:
    return entry["fault"] in UNKNOWN_OUTCOME_FAULTS or entry["status"] is None or entry["status"] >= 500


@dataclass
class Resends:
    """How often each write was sent again, and why (from the request log)."""

    read_retries: int = 0
    creates_after_unknown: int = 0       # a create re-sent after proving the first made nothing
    changes_unknown: int = 0             # PUT/DELETE answers lost or refused by a 5xx
    changes_resent: int = 0              # ... sent again after proving them not done (finding 13)
    after_refusal: int = 0               # writes sent again after a refusal (the task's error, or an HTTP 4xx)
    after_429: int = 0                   # writes sent again after a 429


def resends(request_log: list[dict[str, Any]]) -> Resends:
    """What the modules sent again. A GET that met a fault or an error answer, followed within
    RETRY_WINDOW_SECONDS by the same GET, counts as one read retry (a poll of the same path may
    rarely be counted too). A write sent again is counted by what its previous attempt met."""
    counts = Resends()
    for position, entry in enumerate(request_log):
        failed = entry["fault"] is not None or entry["status"] is None or entry["status"] >= 429
        if entry["method"] == "GET" and failed and any(
            later["method"] == "GET" and later["path"] == entry["path"]
            for later in _within(request_log, position, RETRY_WINDOW_SECONDS)
        ):
            counts.read_retries += 1
    previous: dict[tuple[str, str, Any], dict[str, Any]] = {}
    for entry in request_log:
        if entry["method"] not in WRITES:
            continue
        key = _write_key(entry)
        if entry["method"] != "POST" and _outcome_unknown(entry):
            counts.changes_unknown += 1
        before = previous.get(key)
        previous[key] = entry
        if before is None:
            continue
        if before["status"] == 429:
            counts.after_429 += 1
        elif _outcome_unknown(before):
            if entry["method"] == "POST":
                counts.creates_after_unknown += 1
            else:
                counts.changes_resent += 1
        else:
            counts.after_refusal += 1
    return counts


def _within(request_log: list[dict[str, Any]], position: int, seconds: float) -> list[dict[str, Any]]:
    """The entries logged after ``position`` and at most ``seconds`` later."""
    until = request_log[position]["time"] + seconds
    later = []
    for entry in request_log[position + 1:]:
        if entry["time"] > until:
            break
        later.append(entry)
    return later


def cycle_requests(record: CycleRecord, request_log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The requests that belong to one cycle: on its subscriptions' paths, or the create that carried its name."""
    prefixes = tuple(f"/v1/subscriptions/{sub_id}" for sub_id in record.subscription_ids)
    mine = []
    for entry in request_log:
        body = entry.get("body")
        named = isinstance(body, dict) and body.get("name") == record.name and entry["path"] == "/v1/subscriptions"
        if named or (prefixes and (entry["path"] in prefixes or entry["path"].startswith(tuple(p + "/" for p in prefixes)))):
            mine.append(entry)
    return mine
