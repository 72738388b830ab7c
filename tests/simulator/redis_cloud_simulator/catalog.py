# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a Pro database can be: Redis versions and modules (advanced capabilities) the simulator offers."""

from __future__ import annotations

# 8.2: terraform-provider-rediscloud's acceptance tests create and upgrade to it (pro_database_redis_8.tf).
REDIS_VERSIONS = ("6.2", "7.2", "7.4", "8.0", "8.2")
DEFAULT_REDIS_VERSION = "7.4"
# name -> (capabilityName, version, description), as GET /database-modules and the spec's Database example.
MODULES = {
    "RedisJSON": ("JSON", "2.8.4", "Native JSON Data Type for Redis, allowing for atomic reads and writes of sub-elements"),
    "RediSearch": ("Search and query", "2.10.5", "High performance search index on Redis data"),
    "RedisBloom": ("Probabilistic", "2.8.2", "Bloom filters and other probabilistic data structures"),
    "RedisTimeSeries": ("Time series", "1.12.2", "Time series data structure for Redis"),
}
MODULE_IDS = {name: 18536 + index for index, name in enumerate(MODULES)}
# The capabilities a Redis 8 database lists, in this order (no recorded answer shows the order: it is not the
# alphabetical one, so a client must not rely on any).
BUNDLED_MODULES_ORDER = ("RedisTimeSeries", "RediSearch", "RedisBloom", "RedisJSON")
# shardingType (request) -> clustering.hashingPolicy (read-back).
HASHING_POLICIES = {"default-regex-rules": "standard", "custom-regex-rules": "custom", "redis-oss-hashing": "redis-oss-hashing"}
# The standard hashing policy's rules, as the spec's Database example reads them back.
DEFAULT_REGEX_RULES = (".*\\{(?<tag>.*)\\}.*", "(?<tag>.*)")


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
