# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of an Essentials database: Pro's (database_options) where the API's fields coincide, the differences declared.

FixedDatabaseCreateRequest and FixedDatabaseUpdateRequest against Pro's schemas: no throughput, query
performance factor, port, remote backup (Essentials has periodicBackupPath), sharding type or average item
size; protocol may be ``stack`` (the default of most plans); ``sourceIps`` where Pro sends ``sourceIp``;
clustering by enableDatabaseClustering and numberOfShards. The sizes, the OSS Cluster API, clustering and regex
rules are "(Pay-as-you-go subscriptions only)" (the spec). No plan field tells a pay-as-you-go plan apart, and
the Terraform provider asks its user (``enable_payg_features``, default false): so do we, with
``pay_as_you_go``, and refuse those options without it before any request.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.body import pick
from ansible_collections.rediscloud.api.plugins.module_utils.resources import database_options as pro
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_options import DATABASE_OPTIONS, PROTOCOLS

SHARED = ("dataset_size_in_gb", "memory_limit_in_gb", "protocol", "replication", "data_persistence", "data_eviction_policy", "redis_version",
          "resp_version", "modules", "support_oss_cluster_api", "source_ips", "enable_tls", "client_tls_certificates", "enable_default_user",
          "password", "update_password", "alerts", "replica", "tags", "regex_rules")
PAY_AS_YOU_GO_ONLY = ("dataset_size_in_gb", "memory_limit_in_gb", "support_oss_cluster_api", "enable_database_clustering", "number_of_shards",
                      "regex_rules")

ESSENTIALS_DATABASE_OPTIONS: dict[str, Any] = {
    **pick(DATABASE_OPTIONS, SHARED),
    "protocol": {"type": "str", "choices": PROTOCOLS + ["stack"]},
    "periodic_backup_path": {"type": "str"},
    "enable_database_clustering": {"type": "bool"},
    "number_of_shards": {"type": "int"},
    "pay_as_you_go": {"type": "bool", "default": False},
}
BODY_OPTIONS = {option: spec for option, spec in ESSENTIALS_DATABASE_OPTIONS.items() if option not in pro.NOT_IN_BODIES + ("pay_as_you_go",)}
# Only PUT takes enableDefaultUser, as for Pro; Essentials takes regexRules in a create.
UPDATE_ONLY = ("enable_default_user",)
NAMES = {"source_ips": "sourceIps"}


def essentials_database_argument_spec() -> dict[str, Any]:
    return pro.database_argument_spec(ESSENTIALS_DATABASE_OPTIONS)


def build_create_body(params: dict[str, Any]) -> dict[str, Any]:
    return pro.build_create_body(params, BODY_OPTIONS, UPDATE_ONLY, NAMES)


def build_update_body(options: dict[str, Any]) -> dict[str, Any]:
    return pro.build_update_body(options, BODY_OPTIONS, NAMES)


def validate_params(params: dict[str, Any]) -> list[str]:
    """Pro's checks, and what only an Essentials database has."""
    problems = pro.validate_params(params)
    pay_as_you_go = [option for option in PAY_AS_YOU_GO_ONLY if params.get(option) is not None]
    if pay_as_you_go and not params.get("pay_as_you_go"):
        problems.append(f"{', '.join(pay_as_you_go)}: only for pay-as-you-go Essentials subscriptions; on a fixed plan the plan sets the "
                        "database's size (choose a plan with rediscloud.api.redis_cloud_essentials_subscription plan_id). Set "
                        "pay_as_you_go=true if the subscription is pay-as-you-go")
    if params.get("modules") and params.get("protocol") != "redis":
        problems.append("modules need protocol=redis (the default protocol of most plans, stack, has every module; the API refuses "
                        "modules with it)")
    if params.get("number_of_shards") is not None and params["number_of_shards"] < 1:
        problems.append(f"number_of_shards must be at least 1, got {params['number_of_shards']}")
    return problems


def validate_create(params: dict[str, Any]) -> list[str]:
    return [] if params.get("name") else ["name is required to create a database"]
