# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pro databases: the model of redis_cloud_database (its fields, declarations and hooks).

A database change makes its subscription pending, and the API refuses a change to a
database of a pending subscription: the subscription is the database's parent (writes
wait for it to be active, and are done when it is active again), and refusals come in
the write's task. What the create body cannot carry (``enableDefaultUser``,
``regexRules``, tags) is applied right after the create; a Redis version change goes
through the upgrade endpoint, tags through the tag endpoints (synchronous).

The fields: where each option sits in the read-back (the spec's Database example),
what can change in place, and how both sides are normalised before they are compared.
Options the API does not report are not compared, so a re-run stays idempotent. The
password is compared only with O(update_password=always), and is always shown masked.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference, Field, compare, dig, unreported
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import VISIBILITY_GRACE_SECONDS
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Attachment, Change, Current, DryRun, Parent, ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.masking import mask_secrets
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_options import (
    UPDATE_ONLY, build_create_body, build_update_body, validate_create,
)
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import DATABASE, SUBSCRIPTION

UPGRADE_COMMAND = "databaseUpgradeRequest"


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _sorted_strings(value: Any) -> Any:
    return sorted(str(item) for item in value) if isinstance(value, list) else value


def _throughput(value: Any) -> Any:
    return (value.get("by"), value.get("value")) if isinstance(value, dict) else value


def _alerts(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    return sorted((str(item.get("name")), item.get("value")) for item in value if isinstance(item, dict))


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _version(text: Any) -> tuple[int, ...] | None:
    parts = str(text).split(".")
    return tuple(int(part) for part in parts) if all(part.isdigit() for part in parts) else None


def _module_names(value: Any) -> list[str]:
    return sorted(str(item.get("name")).lower() for item in value if isinstance(item, dict)) if isinstance(value, list) else []


def _compare_modules(desired: list[dict[str, Any]], database: dict[str, Any]) -> list[Difference]:
    """Below Redis 8 the modules read back as created. From Redis 8 on (also after an upgrade to 8), the API lists
    every bundled capability whatever the create asked for (Terraform PR #685, #693): only the ones asked for must be
    there. A Redis version the module cannot read is taken as before 8 (the exact comparison)."""
    current = database.get("modules")
    if not isinstance(current, list):
        return []
    wanted, have = _module_names(desired), _module_names(current)
    version = _version(database.get("redisVersion"))
    bundled = version is not None and version[0] >= 8
    if (bundled and set(wanted) <= set(have)) or (not bundled and wanted == have):
        return []
    shown = [item.get("name") for item in current if isinstance(item, dict)]
    return [Difference("modules", shown, [item.get("name") for item in desired], in_place=False)]


def _tls_client_authentication(value: Any) -> Any:
    """Certificates given (a list) as the read-back's ``security.tlsClientAuthentication``: whether there are any.
    The certificates themselves are never read back (normalisation-evidence.md)."""
    return bool(value) if isinstance(value, list) else value


def _sync_endpoints(value: Any) -> Any:
    """The endpoints a replica syncs from, as a set: as given (``sync_sources``), or read back as
    ``replicaOf.endpoints`` (recorded) or ``replica.syncSources`` (the spec's example)."""
    if not isinstance(value, dict):
        return value
    sources = value.get("sync_sources", value.get("syncSources"))
    if isinstance(sources, list):
        return sorted(str(source.get("endpoint")) for source in sources if isinstance(source, dict))
    endpoints = value.get("endpoints")
    return sorted(str(endpoint) for endpoint in endpoints) if isinstance(endpoints, list) else None


def _compare_replica(desired: dict[str, Any], database: dict[str, Any]) -> list[Difference]:
    """``replicaOf: null`` reads back a database that is not a replica; neither shape reported: not compared."""
    read_back = database.get("replicaOf") if "replicaOf" in database else database.get("replica")
    if read_back is None and "replicaOf" not in database:
        return []
    current = _sync_endpoints(read_back) if read_back is not None else []
    if current is None or current == _sync_endpoints(desired):
        return []
    return [Difference("replica", {"sync_sources": [{"endpoint": endpoint} for endpoint in current]}, desired, in_place=True)]


# The rules a database without custom rules reads back (Terraform FlattenRegexRules).
DEFAULT_REGEX_RULES = [".*\\{(?<tag>.*)\\}.*", "(?<tag>.*)"]


def _regex_patterns(value: Any) -> Any:
    """Patterns in ordinal order (``clustering.regexRules`` reads back ``[{ordinal, pattern}]`` in no set order);
    the two default rules are the same as none."""
    if not isinstance(value, list):
        return value
    if all(isinstance(item, dict) for item in value):
        value = [item.get("pattern") for item in sorted(value, key=lambda item: item.get("ordinal") or 0)]
    patterns = [str(item) for item in value]
    return [] if patterns == DEFAULT_REGEX_RULES else patterns


def _custom_hashing(value: Any) -> Any:
    """Only "custom rules or not" can be told from ``clustering.hashingPolicy`` (``standard`` / ``custom``; what
    ``redis-oss-hashing`` reads back is not recorded)."""
    return value in ("custom-regex-rules", "custom") if isinstance(value, str) else value


def _compare_redis_version(desired: str, database: dict[str, Any]) -> list[Difference]:
    """``7.4`` matches a database on 7.4.x: only the parts the user gave are compared. A later version read back
    (Redis Cloud upgrades minors itself, and at end of life) is no reason to act: an upgrade cannot go back."""
    current = database.get("redisVersion")
    if unreported(current):
        return []
    parts = str(desired).split(".")
    if str(current).split(".")[:len(parts)] == parts:
        return []
    have, want = _version(current), _version(desired)
    if have is not None and want is not None and have[:len(want)] > want:
        return []
    return [Difference("redis_version", current, desired, in_place=True)]


def endpoint_port(endpoint: Any) -> int | None:
    if not isinstance(endpoint, str) or ":" not in endpoint:
        return None
    try:
        return urlsplit(f"//{endpoint}").port
    except ValueError:
        return None


def _compare_port(desired: int, database: dict[str, Any]) -> list[Difference]:
    current = endpoint_port(database.get("publicEndpoint")) or endpoint_port(database.get("privateEndpoint"))
    if current is None or current == desired:
        return []
    return [Difference("port", current, desired, in_place=False)]


def _backup_hour(time_utc: Any, interval: Any) -> Any:
    """With ``every-12-hours`` an afternoon hour reads back as the morning one (``14:00`` -> ``02:00``, Terraform's
    skipDiffIfIntervalIs12And12HourTimeDiff): compare the hour modulo 12 then."""
    if interval != "every-12-hours" or not isinstance(time_utc, str) or ":" not in time_utc:
        return time_utc
    hour, _separator, minutes = time_utc.partition(":")
    return f"{int(hour) % 12:02d}:{minutes}" if hour.isdigit() else time_utc


def _compare_remote_backup(desired: dict[str, Any], database: dict[str, Any]) -> list[Difference]:
    """Only what both sides state is compared: the read-back's ``backup`` names its fields its own way
    (``enableRemoteBackup``, Essentials ``remoteBackupEnabled``; ``destination``), and never reports ``storageType``."""
    current = database.get("backup")
    if not isinstance(current, dict) or not current:
        return []
    active = next((current[key] for key in ("enableRemoteBackup", "remoteBackupEnabled", "active") if key in current), None)
    read_back = {
        "active": active,
        "interval": current.get("interval"),
        "time_utc": current.get("timeUTC"),
        "storage_path": current.get("destination", current.get("storagePath")),
    }
    wanted = {key: value for key, value in desired.items() if value is not None and read_back.get(key) is not None}
    have = {key: read_back[key] for key in wanted}
    interval = desired.get("interval") or read_back["interval"]
    if "time_utc" in wanted:
        wanted["time_utc"], have["time_utc"] = _backup_hour(wanted["time_utc"], interval), _backup_hour(have["time_utc"], interval)
    return [] if wanted == have else [Difference("remote_backup", have, wanted, in_place=True)]


# In option order. Immutable after create: protocol, port, modules, sharding_type, average_item_size_in_bytes.
# docs/dev/normalisation-evidence.md gives the evidence for each rule.
FIELDS = (
    Field("name", "name"),
    Field("dataset_size_in_gb", "datasetSizeInGb", normalize=_number),
    Field("memory_limit_in_gb", "memoryLimitInGb", normalize=_number),
    Field("throughput_measurement", "throughputMeasurement", normalize=_throughput),
    Field("query_performance_factor", "queryPerformanceFactor", normalize=_lower),
    Field("protocol", "protocol", in_place=False),
    Field("replication", "replication"),
    Field("data_persistence", "dataPersistence"),
    Field("data_eviction_policy", "dataEvictionPolicy"),
    Field("redis_version", "redisVersion", comparator=_compare_redis_version),
    Field("resp_version", "respVersion"),
    Field("modules", "modules", in_place=False, comparator=_compare_modules),
    Field("support_oss_cluster_api", "supportOSSClusterApi"),
    Field("port", "publicEndpoint", in_place=False, comparator=_compare_port),
    Field("source_ips", "security.sourceIps", normalize=_sorted_strings),
    Field("enable_tls", "security.enableTls"),
    Field("client_tls_certificates", "security.tlsClientAuthentication", normalize=_tls_client_authentication),
    Field("enable_default_user", "security.enableDefaultUser"),
    Field("alerts", "alerts", normalize=_alerts),
    Field("remote_backup", "backup", comparator=_compare_remote_backup),
    Field("replica", "replicaOf", comparator=_compare_replica),
    Field("sharding_type", "clustering.hashingPolicy", in_place=False, normalize=_custom_hashing),
    Field("regex_rules", "clustering.regexRules", normalize=_regex_patterns),
    # Never read back: not compared (a warning says so, see UNVERIFIABLE).
    Field("average_item_size_in_bytes", "averageItemSizeInBytes", in_place=False),
)
# Options the API never reads back: set on an existing database, they cannot be verified (the result warns).
UNVERIFIABLE = {
    "client_tls_certificates": "the API reports only whether client certificates are set (security.tlsClientAuthentication), "
                               "not which: a change of certificates is not detected",
    "average_item_size_in_bytes": "the API does not report it",
    "remote_backup.storage_type": "the API does not report it (only the destination path)",
    "replica.sync_sources[].encryption": "the API reports only the sync sources' endpoints",
    "replica.sync_sources[].server_cert": "the API reports only the sync sources' endpoints",
}
PASSWORD = Field("password", "security.password", secret=True, unreported_differs=True)
TAGS = "tags"


def tags_from_api(body: Any) -> dict[str, str] | None:
    """``{"tags": [{"key", "value"}]}`` (the spec's CloudTags) as a dict; None when the answer has another shape.

    A database that never had tags may answer without the list (Go client fixtures).
    """
    if not isinstance(body, dict):
        return None
    tags = body.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, dict) and isinstance(tag.get("key"), str) for tag in tags):
        return None
    return {tag["key"]: str(tag.get("value")) for tag in tags}


def tags_key(tags: dict[str, Any]) -> dict[str, str]:
    """Tags as compared: the API may store keys and values lower-cased, so case does not count."""
    return {str(key).lower(): str(value).lower() for key, value in tags.items()}


def public_endpoint(database: dict[str, Any] | None) -> Any:
    return dig(database or {}, "publicEndpoint")


def private_endpoint(database: dict[str, Any] | None) -> Any:
    return dig(database or {}, "privateEndpoint")


def database_summary(item: dict[str, Any]) -> dict[str, Any]:
    """A database in the ``database_endpoints`` result and fact: what an application needs to connect."""
    return {"database_id": item.get("databaseId"), "public_endpoint": public_endpoint(item), "private_endpoint": private_endpoint(item),
            "status": item.get("status")}


def tags_of_answer(body: Any) -> dict[str, str] | None:
    """The tags of GET .../tags (a 404, None here, means none)."""
    return {} if body is None else tags_from_api(body)


class DatabaseModel(ResourceModel):
    type = DATABASE
    fields = FIELDS
    id_option = "database_id"
    result_key = "database"
    # A new subscription reads active before its creation plan's databases are listed (Terraform sleeps 30 s, then
    # waits again): a database is not taken as absent from a subscription that lists none before this grace.
    parent = Parent(SUBSCRIPTION, "subscription_id", children_listed_late_seconds=VISIBILITY_GRACE_SECONDS)
    refusals_in_tasks = True
    dry_run = DryRun(create=True, update=True)
    applied_after_create = UPDATE_ONLY + (TAGS,)
    attachments = (Attachment(TAGS, "/tags", tags_of_answer),)
    unverifiable = UNVERIFIABLE
    result_defaults = {"public_endpoint": None, "private_endpoint": None, "database_endpoints": {}}
    summary_key = "database_endpoints"

    def label(self) -> str:
        return f"database of subscription {self.params['subscription_id']}"

    def secrets(self) -> tuple[str, ...]:
        return (self.params["password"],) if self.params.get("password") else ()

    def validate_create(self) -> list[str]:
        return validate_create(self.params)

    def create_body(self) -> dict[str, Any]:
        return build_create_body(self.params)

    def differences(self, current: Current) -> list[Difference]:
        differences = compare(self.params, current.item, self.fields)
        if self.params.get("password") is not None and self.params.get("update_password") == "always":
            differences.extend(compare(self.params, current.item, (PASSWORD,)))
        if TAGS in current.attached:
            tags = current.attached[TAGS]
            wanted = {key: str(value) for key, value in self.params[TAGS].items()}
            if tags_key(tags) != tags_key(wanted):
                differences.append(Difference(TAGS, tags, wanted, in_place=True))
        return differences

    def update_body(self, differences: list[Difference], current: Current) -> dict[str, Any]:
        return build_update_body({d.field: self.params[d.field] for d in differences if d.field not in ("redis_version", TAGS)})

    def changes(self, differences: list[Difference], current: Current) -> list[Change]:
        """The update (PUT), then a Redis version upgrade (its own endpoint), then the tags (synchronous)."""
        changes = super().changes(differences, current)
        for difference in differences:
            if difference.field == "redis_version":
                changes.append(Change("Redis version upgrade", {"targetRedisVersion": difference.desired}, ("redis_version",),
                                      method="POST", suffix="/upgrade", command_type=UPGRADE_COMMAND))
            elif difference.field == TAGS:
                body = {"tags": [{"key": key, "value": value} for key, value in sorted(difference.desired.items())]}
                changes.append(Change("tags", body, (TAGS,), suffix="/tags", synchronous=True))
        return changes

    def result_fields(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"public_endpoint": public_endpoint(item), "private_endpoint": private_endpoint(item)}

    def summary(self, item: dict[str, Any]) -> dict[str, Any]:
        return database_summary(item)

    def mask(self, value: Any) -> Any:
        return mask_secrets(value)
