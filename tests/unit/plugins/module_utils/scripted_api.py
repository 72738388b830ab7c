"""A scripted stand-in for RedisCloudClient, and builders of API answers, for the unit tests of the shared core.

Answers are scripted per (method, path). Each request takes the next answer of its
list; the last one repeats. An answer may be:
- a value (deep-copied, so code under test cannot change the script);
- NOT_FOUND: HTTP 404 (``get_or_none`` returns None, every other call raises);
- an exception instance, raised;
- a callable taking the client (``lambda api: ...``): the answer is what it returns
  (it may itself be NOT_FOUND or an exception), so an answer can depend on the fake
  clock or on the requests seen so far.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import ApiRequestError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import Deadline, Timeline

NOT_FOUND = object()
# GET /regions, as a create's preflight reads it (issue 16: the regions asked for are checked before any write).
REGIONS = ("GET", "/regions")
REGIONS_ANSWER = {"regions": [{"id": 1, "name": "us-east-1", "provider": "AWS"}, {"id": 2, "name": "eu-west-1", "provider": "AWS"},
                              {"id": 3, "name": "us-central1", "provider": "GCP"}]}

SUBSCRIPTION_CREATE = "subscriptionCreateRequest"
SUBSCRIPTION_UPDATE = "subscriptionUpdateRequest"
SUBSCRIPTION_DELETE = "subscriptionDeleteRequest"
DATABASE_CREATE = "databaseCreateRequest"
DATABASE_UPDATE = "databaseUpdateRequest"
DATABASE_DELETE = "databaseDeleteRequest"


def tid(number: int) -> str:
    """A task id: a UUID, as the API sends (distinct per number)."""
    return f"{number:08x}-0000-4000-8000-{number:012x}"


class ScriptedClient:
    def __init__(self, script: dict[tuple[str, str], list[Any]] | None = None, clock: Callable[[], float] | None = None) -> None:
        self.script: dict[tuple[str, str], list[Any]] = {key: list(answers) for key, answers in (script or {}).items()}
        self.script.setdefault(REGIONS, [REGIONS_ANSWER])
        self.clock = clock
        self.calls: list[tuple[str, str]] = []
        self.params: list[Any] = []
        self.writes: list[tuple[str, str, Any]] = []
        self.last_answer_bytes = 0  # the real client's size of its last answer; scripted answers are not read from bytes

    def on(self, method: str, path: str, *answers: Any) -> ScriptedClient:
        self.script[(method, path)] = list(answers)
        return self

    def _answer(self, method: str, path: str) -> Any:
        self.calls.append((method, path))
        key = (method, path)
        if key not in self.script:
            raise AssertionError(f"unscripted request: {method} {path}")
        answers = self.script[key]
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if callable(answer):
            answer = answer(self)
        if isinstance(answer, BaseException):
            raise answer
        return answer if answer is NOT_FOUND else copy.deepcopy(answer)

    def _raising_404(self, method: str, path: str, answer: Any) -> Any:
        if answer is NOT_FOUND:
            raise ApiRequestError(f"{method} {path} failed: HTTP 404: Not Found", status=404, method=method, path=path)
        return answer

    def get(self, path: str, params: Any = None) -> Any:
        self.params.append(params)
        return self._raising_404("GET", path, self._answer("GET", path))

    def get_or_none(self, path: str, params: Any = None) -> Any:
        self.params.append(params)
        answer = self._answer("GET", path)
        return None if answer is NOT_FOUND else answer

    def post(self, path: str, body: Any) -> Any:
        self.writes.append(("POST", path, copy.deepcopy(body)))
        return self._raising_404("POST", path, self._answer("POST", path))

    def put(self, path: str, body: Any) -> Any:
        self.writes.append(("PUT", path, copy.deepcopy(body)))
        return self._raising_404("PUT", path, self._answer("PUT", path))

    def delete(self, path: str) -> Any:
        self.writes.append(("DELETE", path, None))
        return self._raising_404("DELETE", path, self._answer("DELETE", path))

    def count(self, method: str, path: str) -> int:
        return self.calls.count((method, path))

    def now(self) -> float:
        assert self.clock is not None, "this client has no clock"
        return self.clock()


def make_run(client: Any, clock: Any, wait_timeout: float = 600, poll_interval: float = 10, seed: int = 7) -> Run:
    """A Run on the fake clock: every wait sleeps on it."""
    return Run(client, Deadline(wait_timeout, clock), Timeline(clock), poll_interval, sleep=clock.sleep, clock=clock,
               rng=random.Random(seed))


def stamp(seconds_ago: float, now: datetime | None = None) -> str:
    """A task timestamp as the API writes it (ISO 8601, UTC, 'Z'), ``seconds_ago`` before ``now``."""
    moment = (now or datetime.now(timezone.utc)) - timedelta(seconds=seconds_ago)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def task(task_id: str, status: str, command: str = SUBSCRIPTION_CREATE, timestamp: str | None = None, **response: Any) -> dict[str, Any]:
    """A task body (TaskStateUpdate); ``response`` holds resourceId, resource, error ..."""
    body: dict[str, Any] = {"taskId": task_id, "commandType": command, "status": status, "response": response}
    if timestamp is not None:
        body["timestamp"] = timestamp
    return body


def accepted(task_id: str, command: str = SUBSCRIPTION_CREATE) -> dict[str, Any]:
    """The answer to a write: its task, just received."""
    return task(task_id, "received", command)


def refused_task(task_id: str, error_type: str, command: str = SUBSCRIPTION_CREATE) -> dict[str, Any]:
    return task(task_id, "processing-error", command, error={"type": error_type, "status": "400 BAD_REQUEST", "description": "busy"})


def tasks(*bodies: dict[str, Any]) -> dict[str, Any]:
    return {"tasks": list(bodies)}


def sub(subscription_id: int, name: str, status: str = "active", **fields: Any) -> dict[str, Any]:
    return {"id": subscription_id, "name": name, "status": status, **fields}


def subs(*items: dict[str, Any]) -> dict[str, Any]:
    """A GET /subscriptions answer."""
    return {"accountId": 1, "subscriptions": list(items)}


def db(database_id: int, name: str, status: str = "active", **fields: Any) -> dict[str, Any]:
    return {"databaseId": database_id, "name": name, "status": status, **fields}


def dbs(subscription_id: int, *items: dict[str, Any]) -> dict[str, Any]:
    """A GET /subscriptions/{id}/databases answer, nested as the API nests it."""
    return {"accountId": 1, "subscription": [{"subscriptionId": subscription_id, "numberOfDatabases": len(items), "databases": list(items)}]}


def lost(method: str = "POST", path: str = "/subscriptions") -> ApiRequestError:
    """The connection was lost after sending: the API may have acted."""
    return ApiRequestError(f"{method} {path}: the connection was lost", method=method, path=path)


def server_error(method: str = "POST", path: str = "/subscriptions", status: int = 502) -> ApiRequestError:
    return ApiRequestError(f"{method} {path} failed: HTTP {status}", status=status, method=method, path=path)


def refusal(error_type: str, method: str = "POST", path: str = "/subscriptions", status: int = 403) -> ApiRequestError:
    """A write refused over HTTP because the resource (or its parent) is busy."""
    return ApiRequestError(f"{method} {path} failed: HTTP {status}: {error_type}", status=status, error_type=error_type,
                           method=method, path=path)
