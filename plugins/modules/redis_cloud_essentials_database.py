#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_essentials_database
short_description: Create, update and delete databases of Redis Cloud Essentials subscriptions
version_added: 1.1.0
description:
  - Makes a database of a Redis Cloud Essentials subscription exist with the given settings (O(state=present)) or not
    exist (O(state=absent)). The subscription's plan sets the database's size and what it supports
    (M(rediscloud.api.redis_cloud_essentials_plan_info) shows it); the plan's own limits are the API's to enforce.
  - The database is found in the subscription O(subscription_id) by O(database_id) or, without it, by its exact O(name),
    so an existing database is adopted by name. Two or more databases with that name make the module fail, listing their ids.
  - The options are those of M(rediscloud.api.redis_cloud_database) that Essentials databases have, compared the same
    way, plus O(periodic_backup_path). Only options you set are compared, and only with what the API reports. Most
    settings change in place; a change of O(protocol), O(modules) or O(redis_version) fails, naming the field, the current
    and the desired value, and nothing is sent.
  - O(dataset_size_in_gb), O(memory_limit_in_gb), O(support_oss_cluster_api), O(enable_database_clustering),
    O(number_of_shards) and O(regex_rules) apply to pay-as-you-go subscriptions only; without O(pay_as_you_go=true) they
    are refused before any request.
  - A database change makes its subscription pending, and the API refuses changes to the databases of a pending
    subscription. Every write therefore first waits until the subscription is active, a refused write is waited out
    and sent again, and a change is done when the database and its subscription are active again.
  - Runs are safe to repeat. A create whose answer was lost is not sent twice, and a run that timed out resumes on re-run.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  state:
    description:
      - V(present) creates the database when none matches, updates it when it differs, and does nothing when it matches.
      - V(absent) deletes it; nothing happens when it does not exist.
    type: str
    choices: [present, absent]
    default: present
  subscription_id:
    description:
      - Id of the Essentials subscription the database belongs to. Required.
      - Only in check mode may it be unset (null), as it is when an earlier task of the play would create the subscription
        (M(rediscloud.api.redis_cloud_essentials_subscription) in check mode returns no id). The module then reports the
        database it would create, sends nothing, and warns that nothing was checked against the API.
    type: int
  database_id:
    description:
      - Id of the database to manage. With it, O(name) is the desired name (set it to rename).
      - Without it, the database is found by O(name). One of O(database_id) and O(name) is required.
      - With O(state=present), an id that does not exist fails; the module creates only by O(name).
    type: int
    aliases: [id]
  name:
    description:
      - Name of the database; at most 40 letters, digits and hyphens, starting with a letter and ending with a letter or digit.
      - Used to find the database when O(database_id) is not set, so that a re-run finds what an earlier run created.
        Required to create.
    type: str
  protocol:
    description:
      - V(stack) (the API's default on most plans) has every advanced capability; V(redis) (the default on Redis Flex plans)
        takes O(modules); V(memcached) only for legacy applications. Cannot change after create.
    type: str
    choices: [redis, memcached, stack]
  modules:
    description:
      - Advanced capabilities (modules) to provision, with O(protocol=redis) only, see C(GET /database-modules).
        Cannot change after create.
    type: list
    elements: dict
    suboptions:
      name:
        description: Capability name, for example V(RedisJSON). Compared without regard to case.
        type: str
        required: true
      parameters:
        description: Capability parameters, passed to the API as given.
        type: dict
  redis_version:
    description:
      - Redis version, for example V(7.4). Only the parts you give are compared (V(7.4) matches 7.4.2). Cannot change
        after create.
    type: str
  resp_version:
    description: Redis serialization protocol version; must suit the Redis version. Changes in place.
    type: str
    choices: [resp2, resp3]
  replication:
    description: Replicate the database, where the plan supports it. Changes in place.
    type: bool
  data_persistence:
    description: Persistence to disk, where the plan supports it. The API's default is V(none). Changes in place.
    type: str
    choices: [none, aof-every-1-second, aof-every-write, snapshot-every-1-hour, snapshot-every-6-hours, snapshot-every-12-hours]
  data_eviction_policy:
    description: What is evicted when the database is full. The API's default is V(volatile-lru). Changes in place.
    type: str
    choices: [allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, volatile-lfu, volatile-random, volatile-ttl, noeviction]
  periodic_backup_path:
    description:
      - Path of a storage location the database is backed up to every 24 hours, where the plan supports backups.
        Compared only when the API reports the backup's destination. Changes in place.
    type: str
  source_ips:
    description:
      - IP addresses or CIDR networks allowed to connect (at most as many as the plan's C(cidrAllowRules)).
        Compared as a set. Changes in place.
    type: list
    elements: str
  enable_tls:
    description: Require TLS for every connection, where the plan supports it. Changes in place.
    type: bool
  client_tls_certificates:
    description:
      - PEM client certificates for mutual TLS, where the plan supports it. Compared only when the API reports the
        database's certificates.
    type: list
    elements: str
  enable_default_user:
    description:
      - Allow connections with the C(default) user. The API accepts it only in an update, so on a new database it is
        applied right after the create, in the same run.
    type: bool
  password:
    description:
      - Password of the C(default) user. The API generates one when it is not set.
      - Never shown in results, diffs or messages; read-back passwords are masked as C(********).
      - The API refuses a new password while the default user is disabled, and in the request that disables it, so the module
        sends the password first, then disables the user; a password change of a database whose default user stays
        disabled fails before anything is sent. See O(update_password).
    type: str
  update_password:
    description:
      - V(always) compares O(password) with the database's and sets it when it differs.
      - V(on_create) sets O(password) only when the database is created.
    type: str
    choices: [always, on_create]
    default: always
  alerts:
    description: Alerts of the database (the plan lists those it supports); compared as a set of name and value. Changes in place.
    type: list
    elements: dict
    suboptions:
      name:
        description: Alert type.
        type: str
        required: true
        choices: [dataset-size, datasets-size, throughput-higher-than, throughput-lower-than, latency, syncsource-error,
                  syncsource-lag, connections-limit]
      value:
        description: Value over which the alert fires.
        type: int
        required: true
  replica:
    description: Make the database a replica of other databases. Compared by the sources' endpoints. Changes in place.
    type: dict
    suboptions:
      sync_sources:
        description: The source databases.
        type: list
        elements: dict
        required: true
        suboptions:
          endpoint:
            description: Redis URI of a source, for example V(redis://endpoint1:6379). A password in it is never shown.
            type: str
            required: true
          encryption:
            description: Use TLS to reach the source.
            type: bool
          server_cert:
            description: TLS certificate chain of the source.
            type: str
  tags:
    description:
      - Tags of the database, as key and value. The database's tags are made exactly these (others are removed).
      - Tags change at once through the API's tag endpoints (no task).
    type: dict
  pay_as_you_go:
    description:
      - Set to V(true) when the subscription is a pay-as-you-go one, to allow the options that only such subscriptions have
        (the API's plans do not say which ones are). The API refuses those options on a fixed plan.
    type: bool
    default: false
  dataset_size_in_gb:
    description:
      - Pay-as-you-go subscriptions only (see O(pay_as_you_go)). Maximum dataset size in GB (at least V(0.1)). Changes in place.
    type: float
  memory_limit_in_gb:
    description:
      - Pay-as-you-go subscriptions only. Total memory in GB (at least V(0.1)). Mutually exclusive with O(dataset_size_in_gb).
    type: float
  support_oss_cluster_api:
    description: Pay-as-you-go subscriptions only. Support the OSS Cluster API. Changes in place.
    type: bool
  enable_database_clustering:
    description: Pay-as-you-go subscriptions only. Distribute the database over several shards. Changes in place.
    type: bool
  number_of_shards:
    description: Pay-as-you-go subscriptions only. Number of master shards (at least V(1)). Changes in place.
    type: int
  regex_rules:
    description: Pay-as-you-go subscriptions only. Hashing regex rules of a clustered database. Changes in place.
    type: list
    elements: str
  wait:
    description:
      - Wait until the database is V(active) and its subscription is V(active) again (after a create or an update),
        or the database is gone (after a delete). A new database reads V(draft), then V(pending), before V(active).
      - With V(false), the module still waits for the write's task (seconds), so that a refusal is seen and the
        write sent again, and returns the RV(database_id) of a new database; it does not wait for provisioning.
        A create that sets O(enable_default_user) or O(tags) waits in any case, to apply them.
    type: bool
    default: true
extends_documentation_fragment:
  - rediscloud.api.redis_cloud
  - rediscloud.api.redis_cloud.wait
  - rediscloud.api.redis_cloud.actiongroups
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.facts
attributes:
  check_mode:
    support: full
    details: No Essentials endpoint has a dry run, so check mode sends no write; it reports the diff.
  diff_mode:
    support: full
    details: Shows before and after of the options that differ (the whole create body for a create). Passwords show as C(********).
  platform:
    platforms: all
    support: full
    details: Runs wherever Python and C(requests) are available; it only talks to the Redis Cloud API over HTTPS.
  facts:
    support: full
    details: Sets C(redis_cloud_essentials_database_id), C(redis_cloud_essentials_database_public_endpoint),
      C(redis_cloud_essentials_database_private_endpoint) and C(redis_cloud_essentials_database) (its password masked).
notes:
  - A timeout fails with the task id and the database's last status; the work goes on at Redis Cloud. Re-running the
    same task resumes, finding the database by name, without creating another.
seealso:
  - module: rediscloud.api.redis_cloud_essentials_subscription
  - module: rediscloud.api.redis_cloud_essentials_plan_info
  - module: rediscloud.api.redis_cloud_database
  - name: Redis Cloud API, Essentials databases
    description: The API operations this module uses.
    link: https://api.redislabs.com/v1/swagger-ui/index.html#/Databases%20-%20Essentials
"""

EXAMPLES = r"""
- name: A free database in a free subscription
  rediscloud.api.redis_cloud_essentials_database:
    subscription_id: "{{ redis_cloud_essentials_subscription_id }}"
    name: playground
    password: "{{ vault_playground_password }}"
    tags:
      team: web
  register: playground

- name: Configure the application with the endpoint
  ansible.builtin.template:
    src: app.conf.j2
    dest: /etc/web/app.conf
    mode: "0640"
  vars:
    redis_endpoint: "{{ redis_cloud_essentials_database_public_endpoint }}"

- name: A Redis database with JSON, allowed from one network only, without the default user
  rediscloud.api.redis_cloud_essentials_database:
    subscription_id: 2446
    name: documents
    protocol: redis
    modules:
      - name: RedisJSON
    source_ips: [10.0.0.0/16]
    enable_default_user: false

- name: Delete a database
  rediscloud.api.redis_cloud_essentials_database:
    subscription_id: 2446
    name: playground
    state: absent
"""

RETURN = r"""
database:
  description:
    - The database as the API shows it after the change (C(GET /fixed/subscriptions/{id}/databases/{databaseId})), with the
      API's field names. Every password in it is replaced by C(********).
    - V(null) after a delete that was waited for, and in check mode for a create.
  returned: always
  type: dict
  sample:
    databaseId: 51170941
    name: playground
    protocol: stack
    status: active
    planMemoryLimit: 30
    memoryLimitMeasurementUnit: MB
    publicEndpoint: redis-17571.c2446.us-east-1-1.ec2.cloud.rlrcp.com:17571
    security: {defaultUserEnabled: true, password: "********", sourceIps: [0.0.0.0/0], enableTls: false}
database_id:
  description: Id of the database; V(null) when it is not known (check mode create).
  returned: always
  type: int
  sample: 51170941
public_endpoint:
  description: The database's public endpoint, C(host:port); V(null) when not known yet.
  returned: always
  type: str
  sample: redis-17571.c2446.us-east-1-1.ec2.cloud.rlrcp.com:17571
private_endpoint:
  description: The database's private endpoint, C(host:port); V(null) when it has none (Essentials databases usually have none).
  returned: always
  type: str
task_id:
  description: Id of the last task this run submitted; V(null) when nothing was sent.
  returned: always
  type: str
  sample: 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60
task:
  description: That task, in its final state.
  returned: always
  type: dict
timeline:
  description:
    - Statuses seen while the module waited, each with C(elapsed) (seconds since the module started),
      C(at) (UTC time, ISO 8601), C(what) and C(status).
  returned: always
  type: list
  elements: dict
failure:
  description: On failure, details of the error. Keys are always present and V(null) when unknown.
  returned: failed
  type: dict
  contains:
    message:
      description: The failure message.
      type: str
    status:
      description: HTTP status of the answer that failed.
      type: int
    error_type:
      description: The API's error code, for example C(FIXED_DATABASE_REPLICATION_IS_NOT_SUPPORTED_IN_REQUESTED_PLAN).
      type: str
    description:
      description: The API's error text.
      type: str
    method:
      description: HTTP method of the request that failed.
      type: str
    path:
      description: Path of the request that failed.
      type: str
    task_id:
      description: Id of the task concerned.
      type: str
    last_status:
      description: Last status seen of the task or database concerned.
      type: str
    resume_hint:
      description: How to resume after a timeout.
      type: str
ansible_facts:
  description: The id, the endpoints and the database as facts.
  returned: always
  type: dict
  contains:
    redis_cloud_essentials_database_id:
      description: Same as RV(database_id).
      type: int
    redis_cloud_essentials_database_public_endpoint:
      description: Same as RV(public_endpoint).
      type: str
    redis_cloud_essentials_database_private_endpoint:
      description: Same as RV(private_endpoint).
      type: str
    redis_cloud_essentials_database:
      description: Same as RV(database), its passwords masked.
      type: dict
"""

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_options import MUTUALLY_EXCLUSIVE, REQUIRED_ONE_OF
from ansible_collections.rediscloud.api.plugins.module_utils.resources.essentials_database import EssentialsDatabaseModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.essentials_database_options import (
    essentials_database_argument_spec,
    validate_params,
)
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_resource_module


def with_facts(result: dict[str, Any]) -> dict[str, Any]:
    result["ansible_facts"] = {
        "redis_cloud_essentials_database_id": result.get("database_id"),
        "redis_cloud_essentials_database_public_endpoint": result.get("public_endpoint"),
        "redis_cloud_essentials_database_private_endpoint": result.get("private_endpoint"),
        "redis_cloud_essentials_database": result.get("database"),
    }
    return result


@guarded
def main() -> None:
    base = RedisCloudModule(essentials_database_argument_spec(), wait_default=True, required_one_of=REQUIRED_ONE_OF,
                            mutually_exclusive=MUTUALLY_EXCLUSIVE)
    run_resource_module(base, EssentialsDatabaseModel, with_facts, validate_params)


if __name__ == "__main__":
    main()
