# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator's root object: config, clock, account state, limiter, faults, request log."""

from __future__ import annotations

import hmac
import random
import time
from collections.abc import Callable
from typing import Any

from redis_cloud_simulator import (database_commands, operations_commands, peering_commands, subscription_commands,
                                   transit_gateway_commands)
from redis_cloud_simulator.acl_commands import ACL_HANDLERS
from redis_cloud_simulator.clock import SimClock
from redis_cloud_simulator.config import default_config, merge_config
from redis_cloud_simulator.essentials_acl_snapshot import essentials_acl_snapshot
from redis_cloud_simulator.essentials_commands import ESSENTIALS_HANDLERS
from redis_cloud_simulator.faults import FaultInjector
from redis_cloud_simulator.lifecycle import Handler, Lifecycle
from redis_cloud_simulator.networking_operations_snapshot import networking_operations_snapshot
from redis_cloud_simulator.oldtasks import preload_finished_tasks
from redis_cloud_simulator.ratelimit import RateLimiter
from redis_cloud_simulator.requestlog import RequestLog
from redis_cloud_simulator.snapshot import snapshot
from redis_cloud_simulator.state import AccountState

DEFAULT_API_KEY = "demo-account-key"
DEFAULT_API_SECRET_KEY = "demo-user-secret"
HANDLERS: dict[str, Handler] = {
    "subscriptionCreateRequest": subscription_commands.create_subscription,
    "subscriptionUpdateRequest": subscription_commands.update_subscription,
    "subscriptionDeleteRequest": subscription_commands.delete_subscription,
    "databaseCreateRequest": database_commands.create_database,
    "databaseUpdateRequest": database_commands.update_database,
    "databaseUpgradeRequest": database_commands.upgrade_database,
    "databaseDeleteRequest": database_commands.delete_database,
    **ESSENTIALS_HANDLERS,
    **ACL_HANDLERS,
    **peering_commands.HANDLERS,
    **transit_gateway_commands.HANDLERS,
    **operations_commands.HANDLERS,
}


class Simulator:
    def __init__(self, api_key: str = DEFAULT_API_KEY, api_secret_key: str = DEFAULT_API_SECRET_KEY,
                 config: dict[str, Any] | None = None, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._api_key = api_key
        self._api_secret_key = api_secret_key
        self.config = merge_config(default_config(), config or {})
        self.clock = SimClock(self.config["speed"], monotonic)
        self.rate_limiter = RateLimiter(monotonic)
        self.requests = RequestLog(self.config["request_log_limit"])
        self._start_fresh()

    def _start_fresh(self) -> None:
        seed = self.config["seed"]
        self.state = AccountState()
        # Separate generators: a fault rate change must not shift the ids a run hands out.
        self.lifecycle = Lifecycle(self.state, lambda: self.config, random.Random(f"ids-{seed}"),
                                   random.Random(f"secrets-{seed}"), HANDLERS)
        self.faults = FaultInjector(self.config["faults"], random.Random(f"faults-{seed}"))

    def reset(self, config: dict[str, Any] | None = None) -> None:
        """Forget all state, re-arm the fault rules; `config` (partial) replaces the current one on top of the defaults."""
        if config is not None:
            self.config = merge_config(default_config(), config)
            self.clock.set_speed(self.config["speed"])
            self.requests.resize(self.config["request_log_limit"])
        self.rate_limiter.reset()
        self.requests.clear()
        self._start_fresh()

    def update_config(self, update: dict[str, Any]) -> None:
        self.config = merge_config(self.config, update)
        if "speed" in update:
            self.clock.set_speed(self.config["speed"])
        if "request_log_limit" in update:
            self.requests.resize(self.config["request_log_limit"])
        if "faults" in update or "seed" in update:
            injected = self.faults.injected
            self.faults = FaultInjector(self.config["faults"], random.Random(f"faults-{self.config['seed']}"))
            self.faults.injected = injected  # counters are a run's history, not part of the rules

    def credentials_match(self, api_key: str | None, api_secret_key: str | None) -> bool:
        # compare_digest: no timing hint about how much of a key was right.
        return (api_key is not None and api_secret_key is not None
                and hmac.compare_digest(api_key.encode(), self._api_key.encode())
                and hmac.compare_digest(api_secret_key.encode(), self._api_secret_key.encode()))

    def now(self) -> float:
        return self.clock.now()

    def advance(self) -> float:
        now = self.clock.now()
        self.lifecycle.advance(now)
        return now

    def snapshot(self) -> dict[str, Any]:
        """The test's view of everything (database passwords included: it is not the API)."""
        now = self.advance()
        return {"now": now, "speed": self.clock.speed, **snapshot(self.state), **essentials_acl_snapshot(self.state, now),
                **networking_operations_snapshot(self.state, now, self.config), "faults": self.faults.describe()}

    def end_subscription_lags(self) -> list[int]:
        """Every live subscription still unreadable or unlisted reads and lists from now on; returns their ids.

        With lags longer than a test, a test holds a new subscription hidden until the moment it chooses."""
        now = self.advance()
        shown = []
        for sub in self.state.subscriptions.values():
            if not sub.deleted and (sub.visible_at > now or sub.listed_at > now):
                sub.visible_at, sub.listed_at = min(sub.visible_at, now), min(sub.listed_at, now)
                shown.append(sub.subscription_id)
        return shown

    def preload_finished_tasks(self, count: int, command_type: str, max_age_seconds: float) -> None:
        preload_finished_tasks(self.lifecycle, self.advance(), count, command_type, max_age_seconds)
