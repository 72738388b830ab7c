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


def _module_names(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    return sorted(str(item.get("name")).lower() for item in value if isinstance(item, dict))


def _certificates(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    pems = [item.get("publicCertificatePEMString") if isinstance(item, dict) else item for item in value]
    return sorted(str(pem).strip() for pem in pems)


def _sync_endpoints(value: Any) -> Any:
    """The endpoints a replica syncs from (as given, or ``replica.syncSources`` read back)."""
    sources = value.get("sync_sources", value.get("syncSources")) if isinstance(value, dict) else None
    if not isinstance(sources, list):
        return None
    return sorted(str(source.get("endpoint")) for source in sources if isinstance(source, dict))


def _regex_patterns(value: Any) -> Any:
    """Patterns in order (``clustering.regexRules`` reads back ``[{ordinal, pattern}]``)."""
    if not isinstance(value, list):
        return value
    if all(isinstance(item, dict) for item in value):
        return [str(item.get("pattern")) for item in sorted(value, key=lambda item: item.get("ordinal") or 0)]
    return [str(item) for item in value]


def _hashing_policy(value: Any) -> Any:
    return {"default-regex-rules": "standard", "custom-regex-rules": "custom"}.get(value, value)


def _compare_redis_version(desired: str, database: dict[str, Any]) -> list[Difference]:
    """``7.4`` matches a database on 7.4.x: only the parts the user gave are compared."""
    current = database.get("redisVersion")
    if unreported(current):
        return []
    parts = str(desired).split(".")
    if str(current).split(".")[:len(parts)] == parts:
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


def _compare_remote_backup(desired: dict[str, Any], database: dict[str, Any]) -> list[Difference]:
    """Only what both sides state is compared (the read-back's ``backup`` names its fields its own way)."""
    current = database.get("backup")
    if not isinstance(current, dict) or not current:
        return []
    read_back = {
        "active": current.get("enableRemoteBackup", current.get("active")),
        "interval": current.get("interval"),
        "time_utc": current.get("timeUTC"),
        "storage_type": current.get("storageType"),
        "storage_path": current.get("destination", current.get("storagePath")),
    }
    wanted = {key: value for key, value in desired.items() if value is not None and read_back.get(key) is not None}
    have = {key: read_back[key] for key in wanted}
    return [] if wanted == have else [Difference("remote_backup", have, wanted, in_place=True)]


# In option order. Immutable after create: protocol, port, modules, sharding_type, average_item_size_in_bytes
# (the last is not in any read-back, so it is never compared).
FIELDS = (
    Field("name", "name"),
    Field("dataset_size_in_gb", "datasetSizeInGb", normalize=_number),
    Field("memory_limit_in_gb", "memoryLimitInGb", normalize=_number),
    Field("throughput_measurement", "throughputMeasurement", normalize=_throughput),
    Field("query_performance_factor", "queryPerformanceFactor"),
    Field("protocol", "protocol", in_place=False),
    Field("replication", "replication"),
    Field("data_persistence", "dataPersistence"),
    Field("data_eviction_policy", "dataEvictionPolicy"),
    Field("redis_version", "redisVersion", comparator=_compare_redis_version),
    Field("resp_version", "respVersion"),
    Field("modules", "modules", in_place=False, normalize=_module_names),
    Field("support_oss_cluster_api", "supportOSSClusterApi"),
    Field("port", "publicEndpoint", in_place=False, comparator=_compare_port),
    Field("source_ips", "security.sourceIps", normalize=_sorted_strings),
    Field("enable_tls", "security.enableTls"),
    Field("client_tls_certificates", "security.clientTlsCertificates", normalize=_certificates),
    Field("enable_default_user", "security.enableDefaultUser"),
    Field("alerts", "alerts", normalize=_alerts),
    Field("remote_backup", "backup", comparator=_compare_remote_backup),
    Field("replica", "replica", normalize=_sync_endpoints),
    # Read back as clustering.hashingPolicy (the spec's Database example: "standard").
    Field("sharding_type", "clustering.hashingPolicy", in_place=False, normalize=_hashing_policy),
    Field("regex_rules", "clustering.regexRules", normalize=_regex_patterns),
    Field("average_item_size_in_bytes", "averageItemSizeInBytes", in_place=False),
)
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


def tags_of_answer(body: Any) -> dict[str, str] | None:
    """The tags of GET .../tags (a 404, None here, means none)."""
    return {} if body is None else tags_from_api(body)


class DatabaseModel(ResourceModel):
    type = DATABASE
    fields = FIELDS
    id_option = "database_id"
    result_key = "database"
    parent = Parent(SUBSCRIPTION, "subscription_id")
    refusals_in_tasks = True
    dry_run = DryRun(create=True, update=True)
    applied_after_create = UPDATE_ONLY + (TAGS,)
    attachments = (Attachment(TAGS, "/tags", tags_of_answer),)
    result_defaults = {"public_endpoint": None, "private_endpoint": None}

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

    def mask(self, value: Any) -> Any:
        return mask_secrets(value)
