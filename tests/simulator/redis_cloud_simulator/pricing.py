# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dry-run pricing and subscriptionPricing, shaped like redis/docs' dry-run example (made-up prices).

redis/docs content/operate/rc/api/examples/dryrun-cost-estimates.md: one `Shards` line per database
(databaseName, typeDetails, pricePerUnit, ...), then lines for the infrastructure WITHOUT databaseName or
pricePerUnit: `EBS Volume` (GB) and an instance type (instances) on a customer's cloud account, or a
`MinimumPrice` line on Redis's own cloud account (cloudAccountId 1, the default).
RedisLabs/rediscloud-go-api subscription_test.go TestSubscription_List: the read-back's subscriptionPricing
mixes a Shards line with `EBS Volume` and instance lines that have no price.
"""

from __future__ import annotations

import math
from typing import Any

OPS_PER_SHARD = 25_000
GB_PER_SHARD = 25.0
SHARD_PRICES = {"micro": 0.027, "small": 0.156, "high-throughput": 0.124, "large": 0.293}
FLASH_FACTOR = 1.66
MINIMUM_PRICE_PER_HOUR = 0.881
REDIS_CLOUD_ACCOUNT_ID = 1


def _size(database: dict[str, Any]) -> float:
    return float(database.get("datasetSizeInGb", database.get("memoryLimitInGb", 1)))


def _throughput(database: dict[str, Any]) -> dict[str, Any]:
    return database.get("throughputMeasurement") or {"by": "operations-per-second", "value": 25_000}


def database_shards(database: dict[str, Any]) -> int:
    """Shards one database needs, replicas included."""
    throughput = _throughput(database)
    if throughput["by"] == "number-of-shards":
        shards = max(1, int(throughput["value"]))
    else:
        shards = max(1, math.ceil(throughput["value"] / OPS_PER_SHARD))
    shards = max(shards, math.ceil(_size(database) / GB_PER_SHARD))
    return shards * (2 if database.get("replication", True) else 1)


def _shard_type(database: dict[str, Any]) -> str:
    throughput = _throughput(database)
    if throughput["by"] == "operations-per-second" and throughput["value"] > OPS_PER_SHARD:
        return "high-throughput"
    if _size(database) < 1:
        return "micro"
    return "large" if _size(database) >= GB_PER_SHARD else "small"


def shards_line(database: dict[str, Any], storage: str, name: str | None) -> dict[str, Any]:
    shard_type = _shard_type(database)
    price = SHARD_PRICES[shard_type] * (FLASH_FACTOR if storage == "ram-and-flash" else 1)
    line: dict[str, Any] = {"databaseName": name} if name is not None else {}
    return line | {
        "type": "Shards", "typeDetails": shard_type,
        "quantity": database_shards(database) * database.get("quantity", 1), "quantityMeasurement": "shards",
        "pricePerUnit": round(price, 3), "priceCurrency": "USD", "pricePeriod": "hour",
    }


def infrastructure_lines(plan: dict[str, Any], databases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """EBS Volume + instances on a customer's cloud account; MinimumPrice on Redis's own."""
    account = plan["cloudProviders"][0].get("cloudAccountId", REDIS_CLOUD_ACCOUNT_ID)
    if account == REDIS_CLOUD_ACCOUNT_ID:
        return [{"type": "MinimumPrice", "quantity": 1, "quantityMeasurement": "subscription",
                 "pricePerUnit": MINIMUM_PRICE_PER_HOUR, "priceCurrency": "USD", "pricePeriod": "hour"}]
    total_gb = sum(_size(db) * (2 if db.get("replication", True) else 1) * db.get("quantity", 1) for db in databases)
    total_shards = sum(database_shards(db) * db.get("quantity", 1) for db in databases)
    return [{"type": "EBS Volume", "quantity": math.ceil(total_gb * 6) + 65, "quantityMeasurement": "GB"},
            {"type": "r5.xlarge", "quantity": 1 + max(2, math.ceil(total_shards / 4)), "quantityMeasurement": "instances"}]


def plan_pricing(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Dry run of a SubscriptionCreateRequest."""
    storage = plan.get("memoryStorage", "ram")
    lines = [shards_line(db, storage, db["name"]) for db in plan["databases"]]
    return lines + infrastructure_lines(plan, plan["databases"])


def database_pricing(plan: dict[str, Any], database: dict[str, Any], others: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dry run of a database create or update: its Shards line, then the subscription's infrastructure."""
    storage = plan.get("memoryStorage", "ram")
    return [shards_line(database, storage, database["name"])] + infrastructure_lines(plan, [database, *others])


def subscription_pricing(plan: dict[str, Any], databases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The read-back's subscriptionPricing: Shards by type (no databaseName), then the infrastructure."""
    storage = plan.get("memoryStorage", "ram")
    by_type: dict[str, dict[str, Any]] = {}
    for database in databases or plan["databases"]:
        line = shards_line(database, storage, None)
        if line["typeDetails"] in by_type:
            by_type[line["typeDetails"]]["quantity"] += line["quantity"]
        else:
            by_type[line["typeDetails"]] = line
    return list(by_type.values()) + infrastructure_lines(plan, databases or plan["databases"])
