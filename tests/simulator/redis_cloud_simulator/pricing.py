# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dry-run pricing computed from a creation plan (made-up prices, plausible shape)."""

from __future__ import annotations

import math
from typing import Any

OPS_PER_SHARD = 25_000
GB_PER_SHARD = 25.0
PRICE_PER_SHARD_HOUR = {"ram": 0.124, "ram-and-flash": 0.206}


def database_shards(database: dict[str, Any]) -> int:
    """Shards one database of a plan needs, replicas included."""
    throughput = database.get("throughputMeasurement") or {"by": "operations-per-second", "value": 25_000}
    if throughput["by"] == "number-of-shards":
        shards = max(1, int(throughput["value"]))
    else:
        shards = max(1, math.ceil(throughput["value"] / OPS_PER_SHARD))
    size = database.get("datasetSizeInGb", database.get("memoryLimitInGb", 1))
    shards = max(shards, math.ceil(size / GB_PER_SHARD))
    return shards * (2 if database.get("replication", True) else 1)


def plan_pricing(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """One `Shards` line per database spec of a SubscriptionCreateRequest."""
    storage = plan.get("memoryStorage", "ram")
    lines = []
    for database in plan["databases"]:
        throughput = (database.get("throughputMeasurement") or {}).get("value", 0)
        lines.append({
            "databaseName": database["name"],
            "type": "Shards",
            "typeDetails": "high-throughput" if throughput > OPS_PER_SHARD else "standard",
            "quantity": database_shards(database) * database.get("quantity", 1),
            "quantityMeasurement": "shards",
            "pricePerUnit": PRICE_PER_SHARD_HOUR[storage],
            "priceCurrency": "USD",
            "pricePeriod": "hour",
        })
    return lines
