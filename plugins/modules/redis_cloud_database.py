#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_database
short_description: Create, update and delete databases of Redis Cloud Pro subscriptions
version_added: 1.1.0
description:
  - Makes a database of a Redis Cloud Pro subscription exist with the given settings (O(state=present)) or not exist
    (O(state=absent)).
  - The database is found in the subscription O(subscription_id) by O(database_id) or, without it, by its exact O(name),
    so an existing database is adopted by name. Two or more databases with that name make the module fail, listing their ids.
  - Only options you set are compared, and only with what the API reports. Most settings change in place; a change of
    O(protocol), O(port), O(modules) or O(sharding_type) fails, naming the field, the current and the desired value,
    and nothing is sent.
  - O(redis_version) changes in place through the API's upgrade endpoint; O(tags) through the tag endpoints.
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
      - Id of the Pro subscription the database belongs to. Required.
      - Only in check mode may it be unset (null), as it is when an earlier task of the play would create the subscription
        (M(rediscloud.api.redis_cloud_subscription) in check mode returns no id). The module then reports the database it
        would create, sends nothing, and warns that nothing was checked against the API.
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
  dataset_size_in_gb:
    description:
      - Maximum dataset size in GB (at least V(0.1)). Required to create, unless O(memory_limit_in_gb) is set. Changes in place.
    type: float
  memory_limit_in_gb:
    description:
      - Total memory in GB, including replication and overhead (at least V(0.1)). Mutually exclusive with O(dataset_size_in_gb).
    type: float
  throughput_measurement:
    description: Expected throughput. Changes in place.
    type: dict
    suboptions:
      by:
        description: Measurement; use V(operations-per-second) for new databases.
        type: str
        required: true
        choices: [operations-per-second, number-of-shards]
      value:
        description: Throughput in the unit of O(throughput_measurement.by).
        type: int
        required: true
  query_performance_factor:
    description: Extra compute for search and query, for example V(2x). Changes in place.
    type: str
  protocol:
    description: V(memcached) only for legacy applications. The API's default is V(redis). Cannot change after create.
    type: str
    choices: [redis, memcached]
  replication:
    description: Replicate the database. The API's default is V(true). Changes in place.
    type: bool
  data_persistence:
    description: Persistence to disk. The API's default is V(none). Changes in place.
    type: str
    choices: [none, aof-every-1-second, aof-every-write, snapshot-every-1-hour, snapshot-every-6-hours, snapshot-every-12-hours]
  data_eviction_policy:
    description: What is evicted when the database is full. The API's default is V(volatile-lru). Changes in place.
    type: str
    choices: [allkeys-lru, allkeys-lfu, allkeys-random, volatile-lru, volatile-lfu, volatile-random, volatile-ttl, noeviction]
  redis_version:
    description:
      - Redis version, for example V(7.4). Only the parts you give are compared (V(7.4) matches 7.4.2).
      - On an existing database, a different version is applied with the API's upgrade endpoint, which is waited for.
    type: str
  resp_version:
    description: Redis serialization protocol version; must suit the Redis version. Changes in place.
    type: str
    choices: [resp2, resp3]
  modules:
    description: Advanced capabilities (modules) to provision, see C(GET /database-modules). Cannot change after create.
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
  support_oss_cluster_api:
    description: Support the OSS Cluster API. Changes in place.
    type: bool
  port:
    description: TCP port of the database (10000-19999); the API picks one when not set. Cannot change after create.
    type: int
  source_ips:
    description: IP addresses or CIDR networks allowed to connect. Compared as a set. Changes in place.
    type: list
    elements: str
  enable_tls:
    description: Require TLS for every connection. Changes in place.
    type: bool
  client_tls_certificates:
    description:
      - PEM client certificates for mutual TLS. Compared only when the API reports the database's certificates.
    type: list
    elements: str
  enable_default_user:
    description:
      - Allow connections with the C(default) user. The API accepts it only in an update, so on a new database
        it is applied right after the create, in the same run.
    type: bool
  password:
    description:
      - Password of the C(default) user (protocol V(redis) only). The API generates one when it is not set.
      - Never shown in results, diffs or messages; read-back passwords are masked as C(********).
      - See O(update_password).
    type: str
  update_password:
    description:
      - V(always) compares O(password) with the database's and sets it when it differs. If the API does not report
        the password, it is sent, and the task reports changed, on every run.
      - V(on_create) sets O(password) only when the database is created.
    type: str
    choices: [always, on_create]
    default: always
  alerts:
    description: Alerts of the database; compared as a set of name and value. Changes in place.
    type: list
    elements: dict
    suboptions:
      name:
        description: Alert type; which ones apply depends on the plan.
        type: str
        required: true
        choices: [dataset-size, datasets-size, throughput-higher-than, throughput-lower-than, latency, syncsource-error,
                  syncsource-lag, connections-limit]
      value:
        description: Value over which the alert fires.
        type: int
        required: true
  remote_backup:
    description: Periodic backup to your own storage. Only what the API reports is compared. Changes in place.
    type: dict
    suboptions:
      active:
        description: Whether backups run.
        type: bool
        required: true
      interval:
        description: Time between backups; required when O(remote_backup.active=true).
        type: str
        choices: [every-24-hours, every-12-hours, every-6-hours, every-4-hours, every-2-hours, every-1-hours]
      time_utc:
        description: Hour when a backup starts, as V(14:00), only with the 12- and 24-hour intervals.
        type: str
      storage_type:
        description: Storage of the backup files; required when O(remote_backup.active=true).
        type: str
        choices: [aws-s3, google-blob-storage, azure-blob-storage, ftp]
      storage_path:
        description:
          - Path of the backup location; required when O(remote_backup.active=true).
          - Credentials in it (V(ftp://user:password@host/path/), V(abs://:storage_account_access_key@account/container/))
            are never shown, in results, diffs or C(invocation).
        type: str
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
            description: Redis URI of a source, for example V(redis://endpoint1:6379). A password in it is never shown, in results, diffs or C(invocation).
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
  sharding_type:
    description: Hashing policy. Cannot change after create.
    type: str
    choices: [default-regex-rules, custom-regex-rules, redis-oss-hashing]
  regex_rules:
    description:
      - Hashing regex rules, with O(sharding_type=custom-regex-rules). The API accepts them only in an update, so on a new
        database they are applied right after the create, in the same run.
    type: list
    elements: str
  average_item_size_in_bytes:
    description:
      - Estimated average item size, for Auto Tiering (V(ram-and-flash)) subscriptions only. Used by the create only;
        the API does not report it, so it is never compared afterwards.
    type: int
  wait:
    description:
      - Wait until the database is V(active) and its subscription is V(active) again (after a create or an update),
        or the database is gone (after a delete).
      - With V(false), the module still waits for the write's task (seconds), so that a refusal is seen and the
        write sent again, and returns the RV(database_id) of a new database; it does not wait for provisioning.
        A create that sets O(enable_default_user), O(regex_rules) or O(tags) waits in any case, to apply them.
      - Every write first waits until the subscription is active, so a O(wait=false) loop of creates on one
        subscription paces itself.
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
    details:
      - A create sends the same body with C(dryRun=true), waits for that task and returns its RV(pricing); nothing is created.
      - An update sends the changed fields with C(dryRun=true) and returns the RV(pricing) of the change; a Redis version
        upgrade or a tag change is reported without sending anything. A delete sends nothing.
  diff_mode:
    support: full
    details: Shows before and after of the options that differ (the whole create body for a create). Passwords show as C(********).
  platform:
    platforms: all
    support: full
    details: Runs wherever Python and C(requests) are available; it only talks to the Redis Cloud API over HTTPS.
  facts:
    support: full
    details: Sets C(redis_cloud_database_id), C(redis_cloud_database_public_endpoint) and C(redis_cloud_database_private_endpoint).
notes:
  - A timeout fails with the task id and the database's last status; the work goes on at Redis Cloud. Re-running the
    same task resumes, finding the database by name, without creating another.
  - In a O(wait=false) loop over several subscriptions, order the items so that consecutive items are on different
    subscriptions (for example C(a1, b1, c1, a2, b2, c2)). Each write waits for its own subscription to be active, so
    interleaving lets the subscriptions provision in parallel.
seealso:
  - module: rediscloud.api.redis_cloud_database_info
  - module: rediscloud.api.redis_cloud_subscription
  - name: Redis Cloud API, databases
    description: The API operations this module uses.
    link: https://api.redislabs.com/v1/swagger-ui/index.html#/Databases%20-%20Pro
"""

EXAMPLES = r"""
- name: Create a database in a subscription and wait until it is active
  rediscloud.api.redis_cloud_database:
    subscription_id: "{{ redis_cloud_subscription_id }}"
    name: orders-cache
    dataset_size_in_gb: 1
    throughput_measurement:
      by: operations-per-second
      value: 10000
    data_persistence: aof-every-1-second
    source_ips: [10.0.0.0/16]
    password: "{{ vault_orders_cache_password }}"
    tags:
      team: orders
  register: cache

- name: Configure the application with the endpoint
  ansible.builtin.template:
    src: app.conf.j2
    dest: /etc/orders/app.conf
    mode: "0640"
  vars:
    redis_endpoint: "{{ redis_cloud_database_public_endpoint }}"

- name: What would a resize cost? (check mode prices the change with a dry run)
  rediscloud.api.redis_cloud_database:
    subscription_id: 123456
    name: orders-cache
    dataset_size_in_gb: 5
  check_mode: true
  register: quote

- name: Upgrade the Redis version in place
  rediscloud.api.redis_cloud_database:
    subscription_id: 123456
    name: orders-cache
    redis_version: "7.4"

- name: Set the password only when the database is created
  rediscloud.api.redis_cloud_database:
    subscription_id: 123456
    name: sessions
    dataset_size_in_gb: 1
    password: "{{ vault_sessions_password }}"
    update_password: on_create

- name: Start databases on three subscriptions without waiting (interleaved, so they provision in parallel)
  rediscloud.api.redis_cloud_database:
    subscription_id: "{{ item.subscription_id }}"
    name: "{{ item.name }}"
    dataset_size_in_gb: 1
    wait: false
  loop:
    - {subscription_id: 1001, name: a1}
    - {subscription_id: 1002, name: b1}
    - {subscription_id: 1001, name: a2}
    - {subscription_id: 1002, name: b2}

- name: Join them
  rediscloud.api.redis_cloud_database_info:
    subscription_id: "{{ item }}"
    wait: true
  loop: [1001, 1002]

- name: Delete a database
  rediscloud.api.redis_cloud_database:
    subscription_id: 123456
    name: orders-cache
    state: absent
"""

RETURN = r"""
database:
  description:
    - The database as the API shows it after the change (C(GET /subscriptions/{id}/databases/{databaseId})), with the API's
      field names. Every password in it is replaced by C(********).
    - V(null) after a delete that was waited for, and in check mode for a create.
  returned: always
  type: dict
  sample:
    databaseId: 51170941
    name: orders-cache
    protocol: redis
    status: active
    datasetSizeInGb: 1
    publicEndpoint: redis-17571.c235866.us-east-1-1.ec2.cloud.rlrcp.com:17571
    security: {password: "********", sourceIps: [10.0.0.0/16], enableTls: false}
database_id:
  description: Id of the database; V(null) when it is not known (check mode create).
  returned: always
  type: int
  sample: 51170941
public_endpoint:
  description: The database's public endpoint, C(host:port); V(null) when not known yet.
  returned: when O(state=present)
  type: str
  sample: redis-17571.c235866.us-east-1-1.ec2.cloud.rlrcp.com:17571
private_endpoint:
  description: The database's private endpoint, C(host:port); V(null) when not known yet.
  returned: when O(state=present)
  type: str
  sample: redis-17571.internal.c235866.us-east-1-1.ec2.cloud.rlrcp.com:17571
task_id:
  description: Id of the last task this run submitted (or, in check mode, the dry-run task); V(null) when nothing was sent.
  returned: always
  type: str
  sample: 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60
task:
  description: That task, in its final state.
  returned: always
  type: dict
pricing:
  description:
    - The price lines of a dry run (check mode), from the task's C(response.resource.pricing), as the API gives them.
      Lines differ by kind; C(type), C(quantity) and C(priceCurrency) are common, other fields are not on every line.
  returned: when a create or an update runs in check mode
  type: list
  elements: dict
  sample:
    - {type: Shards, typeDetails: micro, quantity: 2, quantityMeasurement: shards, pricePerUnit: 0.027, priceCurrency: USD, pricePeriod: hour}
timeline:
  description:
    - Statuses seen while the module waited, each with C(elapsed) (seconds since the module started),
      C(at) (UTC time, ISO 8601), C(what) and C(status).
  returned: always
  type: list
  elements: dict
  sample:
    - {elapsed: 1.25, at: "2026-01-01T10:00:01+00:00", what: "task 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60", status: processing-completed}
    - {elapsed: 40.2, at: "2026-01-01T10:00:40+00:00", what: "database 51170941", status: active}
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
      description: The API's error code, for example C(DATABASE_SUBSCRIPTION_IN_PENDING_STATUS).
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
  description: The id and endpoints as facts.
  returned: always
  type: dict
  contains:
    redis_cloud_database_id:
      description: Same as RV(database_id).
      type: int
    redis_cloud_database_public_endpoint:
      description: Same as RV(public_endpoint).
      type: str
    redis_cloud_database_private_endpoint:
      description: Same as RV(private_endpoint).
      type: str
    redis_cloud_database_endpoints:
      description:
        - Same as RV(database_endpoints). In a loop over several databases of one subscription, each run replaces it
          with a newer, complete map, so after the loop it holds every database.
      type: dict
database_endpoints:
  description:
    - Every database of the subscription, keyed by name, with what an application needs to connect, read from one listing
      at the end of the run (this database as the run left it). Never a password.
  returned: when O(state=present)
  type: dict
  sample: {"orders": {"database_id": 51170941, "public_endpoint": "redis-17571.c1.us-east-1-1.ec2.cloud.rlrcp.com:17571",
                      "private_endpoint": "redis-17571.internal.c1.us-east-1-1.ec2.cloud.rlrcp.com:17571", "status": "active"}}
  contains:
    database_id:
      description: The database's id.
      type: int
    public_endpoint:
      description: Its public endpoint, C(host:port).
      type: str
    private_endpoint:
      description: Its private endpoint, C(host:port).
      type: str
    status:
      description: Its status when read.
      type: str
"""

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.resources.database import DatabaseModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_options import MUTUALLY_EXCLUSIVE, REQUIRED_ONE_OF, database_argument_spec
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_options import SECRET_URI_OPTIONS
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_options import validate_params
from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_resource_module


def with_facts(result: dict[str, Any]) -> dict[str, Any]:
    result["ansible_facts"] = {
        "redis_cloud_database_id": result.get("database_id"),
        "redis_cloud_database_public_endpoint": result.get("public_endpoint"),
        "redis_cloud_database_private_endpoint": result.get("private_endpoint"),
        "redis_cloud_database_endpoints": result.get("database_endpoints") or {},
    }
    return result


@guarded
def main() -> None:
    base = RedisCloudModule(database_argument_spec(), wait_default=True, secret_uri_options=SECRET_URI_OPTIONS, required_one_of=REQUIRED_ONE_OF,
                            mutually_exclusive=MUTUALLY_EXCLUSIVE)
    run_resource_module(base, DatabaseModel, with_facts, validate_params)


if __name__ == "__main__":
    main()
