# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Load many active subscriptions and databases at once, for inventory-sized tests (POST /_simulator/bulk-load).

They are made as provisioning would leave them: active, readable and listed at once, no task behind them.
Essentials subscriptions live in another module's state: it plugs in by setting ESSENTIALS_LOADER
(essentials_operations.connect() does it); the loader raises a control error, having made nothing, for counts it refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiohttp import web

from redis_cloud_simulator.catalog import DEFAULT_REDIS_VERSION
from redis_cloud_simulator.control_helpers import control_body, control_error
from redis_cloud_simulator.middleware import SIMULATOR
from redis_cloud_simulator.simulator import Simulator
from redis_cloud_simulator.state import NEVER, Database, Subscription
from redis_cloud_simulator.subscription_commands import database_port

MAX_SUBSCRIPTIONS = 5000
MAX_DATABASES_PER_SUBSCRIPTION = 100
# (simulator, subscriptions, databases per subscription) -> ids of the Essentials subscriptions made.
EssentialsLoader = Callable[[Simulator, int, int], list[int]]
ESSENTIALS_LOADER: EssentialsLoader | None = None
_THROUGHPUT = {"by": "operations-per-second", "value": 1000}


def _plan(index: int) -> dict[str, Any]:
    # A distinct deployment CIDR per subscription (10.x.y.0/24), as an account's would be.
    cidr = f"10.{(index // 256) % 256}.{index % 256}.0/24"
    return {"name": f"bulk-{index + 1:05d}", "paymentMethodId": 2001,
            "cloudProviders": [{"provider": "AWS", "regions": [{"region": "us-east-1", "networking": {"deploymentCIDR": cidr}}]}],
            "databases": [{"name": "bulk-db", "datasetSizeInGb": 1, "throughputMeasurement": _THROUGHPUT}]}


def load_pro(sim: Simulator, subscriptions: int, databases_per_subscription: int) -> list[int]:
    """Active Pro subscriptions of `databases_per_subscription` active databases each; returns their ids."""
    state, now = sim.state, sim.advance()
    first = len(state.subscriptions)
    made = []
    for index in range(first, first + subscriptions):
        plan = _plan(index)
        sub = Subscription(state.next_subscription_id, plan, plan["name"], 2001, "credit-card", "active", created_at=now,
                           visible_at=now, listed_at=now, active_at=NEVER)
        state.next_subscription_id += 1
        state.subscriptions[sub.subscription_id] = sub
        for number in range(databases_per_subscription):
            spec = {"name": f"db-{number + 1:03d}", "datasetSizeInGb": 1, "throughputMeasurement": dict(_THROUGHPUT),
                    "redisVersion": DEFAULT_REDIS_VERSION}
            database = Database(state.next_database_id, sub.subscription_id, spec, "active", now, sim.lifecycle.new_password(),
                                database_port(state.next_database_id), visible_at=now, listed_at=now, last_modified=now)
            state.next_database_id += 1
            state.databases[database.database_id] = database
            sub.database_ids.append(database.database_id)
        made.append(sub.subscription_id)
    return made


bulk_load_routes = web.RouteTableDef()


def _count(body: dict[str, Any], key: str, default: int, maximum: int) -> int:
    value = body.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        raise control_error(400, f"{key} must be an integer from 0 to {maximum}")
    return value


@bulk_load_routes.post("/_simulator/bulk-load")
async def bulk_load(request: web.Request) -> web.Response:
    """{"subscriptions": 100, "databasesPerSubscription": 10, "essentials": {"subscriptions": N, "databasesPerSubscription": M}}."""
    body = await control_body(request)
    unknown = set(body) - {"subscriptions", "databasesPerSubscription", "essentials"}
    if unknown:
        raise control_error(400, f"unknown keys {sorted(unknown)}")
    subscriptions = _count(body, "subscriptions", 0, MAX_SUBSCRIPTIONS)
    per_subscription = _count(body, "databasesPerSubscription", 0, MAX_DATABASES_PER_SUBSCRIPTION)
    wanted, essentials_counts = body.get("essentials"), None
    if wanted is not None:
        # Checked before anything is loaded: a refused request changes nothing.
        if not isinstance(wanted, dict) or ESSENTIALS_LOADER is None:
            raise control_error(400, "essentials must be an object, and this simulator must have Essentials subscriptions to load")
        essentials_counts = (_count(wanted, "subscriptions", 0, MAX_SUBSCRIPTIONS),
                             _count(wanted, "databasesPerSubscription", 0, MAX_DATABASES_PER_SUBSCRIPTION))
    sim = request.app[SIMULATOR]
    # Essentials first: the loader checks its counts before it makes anything, so a refused request loads nothing.
    essentials = [] if essentials_counts is None or ESSENTIALS_LOADER is None else ESSENTIALS_LOADER(sim, *essentials_counts)
    pro = load_pro(sim, subscriptions, per_subscription)
    return web.json_response({"subscriptionIds": pro, "essentialsSubscriptionIds": essentials})
