# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an Essentials plan allows a database: the checks an Essentials database task makes.

Each refusal is one of the spec's error codes (ProcessorResponse.error enum, FIXED_DATABASE_*), applied where
the spec's field descriptions say the plan decides ("Use GET /fixed/plans/{planId} to see if your plan
supports ...", "(Pay-as-you-go subscriptions only)": the catalogue has no pay-as-you-go plan). Which of them
the live API answers at once and which fail the task is not recorded: they need the subscription's plan, so
they fail the task, as the Pro checks that need the account's state do.
"""

from __future__ import annotations

from typing import Any

from redis_cloud_simulator.catalog import REDIS_VERSIONS, version_key
from redis_cloud_simulator.lifecycle import TaskError

_PAY_AS_YOU_GO_ONLY = (
    ("memoryLimitInGb", "FIXED_DATABASE_MEMORY_LIMIT_IN_GB_AND_DATA_SET_SIZE_SUPPORTED_ONLY_FOR_PAY_AS_YOU_GO"),
    ("datasetSizeInGb", "FIXED_DATABASE_MEMORY_LIMIT_IN_GB_AND_DATA_SET_SIZE_SUPPORTED_ONLY_FOR_PAY_AS_YOU_GO"),
    ("enableDatabaseClustering", "FIXED_DATABASE_ENABLE_DATABASE_CLUSTERING_SUPPORTED_ONLY_FOR_PAY_AS_YOU_GO"),
    ("numberOfShards", "FIXED_DATABASE_NUMBER_OF_SHARDS_SUPPORTED_ONLY_FOR_PAY_AS_YOU_GO"),
    ("supportOSSClusterApi", "FIXED_DATABASE_OSS_CLUSTER_API_IS_NOT_SUPPORTED_IN_REQUESTED_PLAN"),
    ("useExternalEndpointForOSSClusterApi", "FIXED_DATABASE_USE_EXTERNAL_ENDPOINT_FOR_OSS_CLUSTER_API_NOT_SUPPORTED_IN_REQUESTED_PLAN"),
    ("regexRules", "FIXED_DATABASE_REGEX_RULES_NOT_SUPPORTED_IN_REQUESTED_PLAN"),
)


def _refuse(error_type: str, description: str) -> TaskError:
    return TaskError(400, error_type, description)


def check_fields_for_plan(plan: dict[str, Any], fields: dict[str, Any]) -> None:
    """The fields of a create or update request against what `plan` supports."""
    for name, error_type in _PAY_AS_YOU_GO_ONLY:
        if fields.get(name) not in (None, False, []):
            raise _refuse(error_type, f"{name} is supported only for pay-as-you-go plans (plan {plan['id']} is not one)")
    if fields.get("replication") and not plan["supportReplication"]:
        raise _refuse("FIXED_DATABASE_REPLICATION_IS_NOT_SUPPORTED_IN_REQUESTED_PLAN", f"Plan {plan['id']} does not support replication")
    if fields.get("dataPersistence", "none") != "none" and not plan["supportDataPersistence"]:
        raise _refuse("FIXED_DATABASE_DATA_PERSISTENCE_VALUE_NOT_SUPPORTED_FOR_FIXED",
                      f"Plan {plan['id']} does not support data persistence {fields['dataPersistence']!r}")
    if fields.get("enableTls") and not plan["supportSsl"]:
        raise _refuse("FIXED_DATABASE_ENABLE_TLS_NOT_SUPPORTED_IN_REQUESTED_PLAN", f"Plan {plan['id']} does not support TLS")
    if (fields.get("clientTlsCertificates") or fields.get("clientSslCertificate")) and not plan["supportSsl"]:
        raise _refuse("FIXED_DATABASE_CLIENT_SSL_CERTIFICATE_NOT_SUPPORTED_IN_REQUESTED_PLAN",
                      f"Plan {plan['id']} does not support client certificates")
    if len(fields.get("sourceIps") or []) > plan["cidrAllowRules"]:
        raise _refuse("FIXED_DATABASE_SOURCE_IPS_LIST_IS_GREATER_THAN_PLAN_MAX_COUNT_ALLOWED_SOURCE_IPS",
                      f"Plan {plan['id']} allows at most {plan['cidrAllowRules']} source IP rules")
    for alert in fields.get("alerts") or []:
        if alert["name"] not in plan["supportedAlerts"]:
            raise _refuse("FIXED_DATABASE_ALERT_NOT_SUPPORTED", f"Alert {alert['name']!r} is not supported by plan {plan['id']}")


def check_protocol_for_plan(plan: dict[str, Any], request: dict[str, Any], protocol: str) -> None:
    """Create only: the protocol, its modules and Redis version (the spec: 'stack' by default, 'redis' for Redis Flex)."""
    if plan["redisFlex"] and protocol == "stack":
        raise _refuse("FIXED_DATABASE_STACK_PROTOCOL_IS_NOT_SUPPORTED_FOR_REDIS_FLEX", "A Redis Flex plan takes protocol 'redis'")
    if plan["redisFlex"] and protocol == "memcached":
        raise _refuse("FIXED_DATABASE_MEMCACHED_PROTOCOL_IS_NOT_SUPPORTED_FOR_REDIS_FLEX", "A Redis Flex plan takes protocol 'redis'")
    if protocol == "stack" and request.get("modules"):
        raise _refuse("FIXED_DATABASE_STACK_PROTOCOL_CONTAINS_MODULES", "A 'stack' database has every module: modules take protocol 'redis'")
    if protocol == "memcached" and (request.get("replica") or request.get("replicaOf")):
        raise _refuse("FIXED_DATABASE_REPLICA_OF_MEMCACHED_IS_NOT_SUPPORTED", "A memcached database cannot be a replica")
    version = request.get("redisVersion")
    if version is not None and version not in REDIS_VERSIONS:
        raise _refuse("DATABASE_REDIS_VERSION_IS_NOT_SUPPORTED", f"Redis version {version!r} is not supported")


def check_resp_version(version: str, resp_version: str) -> None:
    # "Must be compatible with Redis version" (the spec's respVersion): RESP3 from Redis 7.2 on.
    if resp_version == "resp3" and version_key(version) < (7, 2):
        raise _refuse("FIXED_DATABASE_RESP_VERSION_IS_NOT_SUPPORTED", f"respVersion resp3 needs Redis 7.2 or later (not {version})")
