#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_subscription
short_description: Create, update and delete Redis Cloud Pro subscriptions
version_added: 1.0.0
description:
  - Makes a Redis Cloud Pro subscription exist with the given settings (O(state=present)) or not exist (O(state=absent)).
  - The subscription is found by O(subscription_id) or, without it, by its exact O(name).
    Two or more subscriptions with that name make the module fail, listing their ids.
  - A new subscription is created from O(cloud_providers) and the creation plan O(databases).
    An existing one is updated in place for what the API can change (O(name), O(payment_method), O(payment_method_id));
    any other difference fails, naming each field, because the subscription would have to be replaced.
  - Only options you set are compared. O(databases) and O(redis_version) shape the create only and are never compared.
  - Runs are safe to repeat. Before creating, the module waits for create tasks of the account still in flight and looks
    the name up again, and waits for a free pending-subscription slot (the API allows three subscriptions that are not
    active). A create whose answer was lost is not sent twice, and a run that timed out resumes on re-run.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  state:
    description:
      - V(present) creates the subscription when none matches, updates it when it differs, and does nothing when it matches.
      - V(absent) deletes it; nothing happens when it does not exist.
    type: str
    choices: [present, absent]
    default: present
  subscription_id:
    description:
      - Id of the subscription to manage. With it, O(name) is the desired name (set it to rename).
      - Without it, the subscription is found by O(name).
      - One of O(subscription_id) and O(name) is required.
      - With O(state=present), an id that does not exist fails; the module creates only by O(name).
    type: int
    aliases: [id]
  name:
    description:
      - Name of the subscription. Used to find it when O(subscription_id) is not set, so that a re-run finds what an
        earlier run created. Required to create.
    type: str
  delete_databases:
    description:
      - With O(state=absent), delete the subscription's databases first, one after the other, waiting for each.
      - With V(false), a subscription that still has databases is not touched and the module fails, naming them
        (the API refuses to delete it).
      - Database deletions are always waited for, even with O(wait=false), since the subscription cannot be deleted before.
    type: bool
    default: false
  deployment_type:
    description:
      - V(single-region) (the API's default) or V(active-active). Create only; cannot change in place.
    type: str
    choices: [single-region, active-active]
  payment_method:
    description:
      - How the subscription is paid. V(credit-card) requires O(payment_method_id). Can change in place.
      - The API's default is V(credit-card).
    type: str
    choices: [credit-card, marketplace]
  payment_method_id:
    description:
      - Id of one of the account's payment methods (C(GET /payment-methods)). Can change in place.
    type: int
  memory_storage:
    description:
      - V(ram), or V(ram-and-flash) (Auto Tiering). Create only; cannot change in place.
    type: str
    choices: [ram, ram-and-flash]
  persistent_storage_encryption_type:
    description:
      - Encryption of data at rest for persistence. Create only; cannot change in place.
    type: str
    choices: [cloud-provider-managed-key, customer-managed-key]
  redis_version:
    description:
      - Redis version of the databases of the creation plan (for example V(7.2)). Deprecated by the API in favour of
        O(databases[].redis_version). Create only; never compared.
    type: str
  cloud_providers:
    description:
      - Cloud provider, regions and networking. Required to create; cannot change in place.
      - A single-region subscription takes one provider with one region.
      - When set on an existing subscription, the suboptions you set are compared with it (regions by name).
    type: list
    elements: dict
    suboptions:
      provider:
        description: Cloud provider. The API's default is V(AWS).
        type: str
        choices: [AWS, GCP]
      cloud_account_id:
        description:
          - Cloud account id (C(GET /cloud-accounts)). The API's default is V(1), the Redis internal account,
            which is the only one allowed with V(GCP).
        type: int
      regions:
        description: The region, or the regions of an active-active subscription.
        type: list
        elements: dict
        required: true
        suboptions:
          region:
            description: Region name as the cloud provider spells it, for example V(us-east-1).
            type: str
            required: true
          multiple_availability_zones:
            description: Deploy across several availability zones of the region. The API's default is V(false).
            type: bool
          preferred_availability_zones:
            description:
              - Zone ids to use; three when O(cloud_providers[].regions[].multiple_availability_zones=true), else one.
            type: list
            elements: str
          networking:
            description: Networking of the region.
            type: dict
            suboptions:
              deployment_cidr:
                description:
                  - IPv4 network of 256 addresses (a C(/24)), for example V(10.0.0.0/24).
                  - Required for every region of an active-active subscription.
                type: str
              vpc_id:
                description: Existing VPC of your cloud account to deploy into; a new one is created when not set.
                type: str
              subnet_ids:
                description: Existing subnets of your cloud account to deploy into.
                type: list
                elements: str
              security_group_id:
                description: Existing security group of your cloud account.
                type: str
  databases:
    description:
      - The creation plan, required to create. It sizes the subscription and creates these databases with it.
      - Shapes the create only; afterwards it is not compared (manage databases with their own module).
    type: list
    elements: dict
    suboptions:
      name:
        description: Database name; at most 40 letters, digits and hyphens, starting with a letter and ending with a letter or digit.
        type: str
        required: true
      protocol:
        description: V(memcached) only for legacy applications.
        type: str
        choices: [redis, memcached]
        default: redis
      dataset_size_in_gb:
        description: Maximum dataset size in GB (at least V(0.1)); memory is twice that with replication.
        type: float
      support_oss_cluster_api:
        description: Support the OSS Cluster API. The API's default is V(false).
        type: bool
      data_persistence:
        description: Persistence to disk. The API's default is V(none).
        type: str
        choices: [none, aof-every-1-second, aof-every-write, snapshot-every-1-hour, snapshot-every-6-hours, snapshot-every-12-hours]
      replication:
        description: Replicate the database. The API's default is V(true).
        type: bool
      throughput_measurement:
        description: Expected throughput.
        type: dict
        suboptions:
          by:
            description: Measurement; use V(operations-per-second) for new databases.
            type: str
            required: true
            choices: [operations-per-second, number-of-shards]
          value:
            description: Throughput in the unit of O(databases[].throughput_measurement.by).
            type: int
            required: true
      local_throughput_measurement:
        description: Expected throughput per region of an active-active database (the API's default is 1000 ops/s each way).
        type: list
        elements: dict
        suboptions:
          region:
            description: One of the subscription's regions.
            type: str
            required: true
          write_operations_per_second:
            description: Write operations per second in that region.
            type: int
          read_operations_per_second:
            description: Read operations per second in that region.
            type: int
      modules:
        description: Advanced capabilities (modules) to provision, see C(GET /database-modules).
        type: list
        elements: dict
        suboptions:
          name:
            description: Capability name, for example V(RedisJSON).
            type: str
            required: true
          parameters:
            description: Capability parameters, passed to the API as given.
            type: dict
      quantity:
        description: Number of databases made from this entry. The API's default is V(1).
        type: int
      average_item_size_in_bytes:
        description: Estimated average item size, for V(ram-and-flash) subscriptions only. The API's default is V(1000).
        type: int
      query_performance_factor:
        description: Extra compute for search and query, for example V(2x).
        type: str
      resp_version:
        description: Redis serialization protocol version; must suit the Redis version.
        type: str
        choices: [resp2, resp3]
      redis_version:
        description: Redis version of this database, for example V(7.4); the API's default version when not set.
        type: str
      sharding_type:
        description: Hashing policy of the database.
        type: str
        choices: [default-regex-rules, custom-regex-rules, redis-oss-hashing]
  maintenance_windows:
    description:
      - When Redis may run maintenance on the subscription (C(GET)/C(PUT /subscriptions/{id}/maintenance-windows)).
      - Read and compared only when set; changes in place (a task), with check mode and diff (the API prices nothing,
        so check mode sends nothing). On a new subscription it is applied right after the create.
      - Windows are compared regardless of their order and of the order of their days; the time zone and skip status
        the API reports are not compared.
      - Checked before any request, at most 7 windows, O(maintenance_windows.windows[].start_hour) 0-23,
        O(maintenance_windows.windows[].duration_in_hours) 4-24 (8-24 with O(memory_storage=ram-and-flash)), each day once per window.
    type: dict
    suboptions:
      mode:
        description: V(automatic) lets Redis choose; V(manual) keeps maintenance to O(maintenance_windows.windows).
        type: str
        required: true
        choices: [automatic, manual]
      windows:
        description: The windows, with O(maintenance_windows.mode=manual) only (at least one, at most 7).
        type: list
        elements: dict
        suboptions:
          start_hour:
            description: Hour the window starts, V(0) to V(23), in the deployment region's local time (the API's C(timeZone)).
            type: int
            required: true
          duration_in_hours:
            description: Length of the window, V(4) to V(24) hours (V(8) to V(24) on a V(ram-and-flash) subscription).
            type: int
            required: true
          days:
            description: Days the window applies to.
            type: list
            elements: str
            required: true
            choices: [Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday]
  wait:
    description:
      - Wait until the task is V(processing-completed) and the subscription settled (V(active) after a create or update,
        gone after a delete).
      - With V(false), return as soon as the API accepted the request, with RV(task_id) (join later with
        M(rediscloud.api.redis_cloud_task_info)). Before a create the module still waits for a free pending slot,
        so a loop of creates paces itself.
      - A pending subscription that must change is waited for in any case, since the API refuses changes until it is active.
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
      - An update or a delete sends nothing and reports what would change.
  diff_mode:
    support: full
    details: Shows before and after of the fields that differ (the whole create body for a create).
  platform:
    platforms: all
    support: full
    details: Runs wherever Python and C(requests) are available; it only talks to the Redis Cloud API over HTTPS.
  facts:
    support: full
    details: Sets C(redis_cloud_subscription_id), C(redis_cloud_database_ids) and C(redis_cloud_task_id).
notes:
  - A timeout fails with the task id and the subscription's last status; the work goes on at Redis Cloud.
    Re-running the same task resumes, finding the pending subscription by name and waiting for it, without creating another.
  - A real subscription takes 10-15 minutes to become active; the default O(wait_timeout) allows 30.
seealso:
  - module: rediscloud.api.redis_cloud_task_info
  - name: Redis Cloud API, subscriptions
    description: The API operations this module uses.
    link: https://api.redislabs.com/v1/swagger-ui/index.html#/Subscriptions%20-%20Pro
"""

EXAMPLES = r"""
- name: Create a subscription with one database, and wait until it is active
  rediscloud.api.redis_cloud_subscription:
    name: orders
    payment_method: credit-card
    payment_method_id: 12345
    memory_storage: ram
    cloud_providers:
      - provider: AWS
        regions:
          - region: us-east-1
            networking:
              deployment_cidr: 10.0.0.0/24
    databases:
      - name: orders-cache
        dataset_size_in_gb: 1
        data_persistence: aof-every-1-second
        throughput_measurement:
          by: operations-per-second
          value: 10000
  register: orders

- name: Show the new subscription and its databases
  ansible.builtin.debug:
    msg: "Subscription {{ orders.subscription_id }} with databases {{ orders.database_ids }}"

- name: Keep maintenance to weekend nights
  rediscloud.api.redis_cloud_subscription:
    subscription_id: "{{ orders.subscription_id }}"
    maintenance_windows:
      mode: manual
      windows:
        - start_hour: 22
          duration_in_hours: 8
          days: [Saturday, Sunday]

- name: What would this cost? (check mode prices the plan with a dry run; nothing is created)
  rediscloud.api.redis_cloud_subscription:
    name: analytics
    payment_method_id: 12345
    cloud_providers:
      - regions:
          - region: eu-west-1
    databases:
      - name: events
        dataset_size_in_gb: 25
        quantity: 2
  check_mode: true
  register: quote

- name: Show the price lines
  ansible.builtin.debug:
    var: quote.pricing

- name: Start several creates without waiting; the module paces itself to the API's three pending subscriptions
  rediscloud.api.redis_cloud_subscription:
    name: "tenant-{{ item }}"
    payment_method_id: 12345
    cloud_providers:
      - regions:
          - region: us-east-1
    databases:
      - name: main
        dataset_size_in_gb: 1
    wait: false
  loop: [a, b, c]
  register: started

- name: Join them later
  rediscloud.api.redis_cloud_task_info:
    task_ids: "{{ started.results | map(attribute='task_id') | list }}"
    wait: true
    wait_timeout: 1800

- name: Rename a subscription (found by id)
  rediscloud.api.redis_cloud_subscription:
    subscription_id: 123456
    name: orders-prod

- name: Delete a subscription and its databases
  rediscloud.api.redis_cloud_subscription:
    name: orders-prod
    state: absent
    delete_databases: true

- name: Set the credentials and endpoint once for every module of the collection
  module_defaults:
    group/rediscloud.api.redis_cloud:
      api_key: "{{ vault_redis_cloud_api_key }}"
      api_secret_key: "{{ vault_redis_cloud_api_secret_key }}"
      wait_timeout: 2400
  block:
    - name: Make sure the subscription exists
      rediscloud.api.redis_cloud_subscription:
        name: orders
        payment_method_id: 12345
        cloud_providers:
          - regions:
              - region: us-east-1
        databases:
          - name: orders-cache
            dataset_size_in_gb: 1
"""

RETURN = r"""
subscription:
  description:
    - The subscription as the API shows it after the change (C(GET /subscriptions/{id})), with the API's field names.
    - V(null) after a delete that was waited for, in check mode for a create, and with O(wait=false) for a create.
  returned: always
  type: dict
  sample:
    id: 123456
    name: orders
    status: active
    deploymentType: single-region
    paymentMethodType: credit-card
    paymentMethodId: 12345
    memoryStorage: ram
    numberOfDatabases: 1
    cloudDetails:
      - provider: AWS
        cloudAccountId: 1
        regions:
          - region: us-east-1
            networking: [{deploymentCIDR: 10.0.0.0/24, subnetId: subnet-0a1b2c3d}]
subscription_id:
  description: Id of the subscription; V(null) when it is not known yet (check mode create, or O(wait=false) create).
  returned: always
  type: int
  sample: 123456
database_ids:
  description:
    - Ids of the subscription's databases, as listed by the API (after a create, once the creation plan's databases are listed,
      since a new subscription reads active before they are). Taken from the create task instead when it names them.
  returned: always
  type: list
  elements: int
  sample: [5000001]
task_id:
  description: Id of the last task this run submitted (or, in check mode, the dry-run task); V(null) when nothing was sent.
  returned: always
  type: str
  sample: 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60
task:
  description: That task, in its final state when waited for (as accepted with O(wait=false)).
  returned: always
  type: dict
pricing:
  description:
    - The price lines of a dry-run create (check mode), from the task's C(response.resource.pricing).
      Each has C(databaseName), C(type), C(typeDetails), C(quantity), C(quantityMeasurement), C(pricePerUnit),
      C(priceCurrency) and C(pricePeriod).
  returned: when a create runs in check mode
  type: list
  elements: dict
  sample:
    - {databaseName: orders-cache, type: Shards, typeDetails: micro, quantity: 2, quantityMeasurement: shards,
       pricePerUnit: 0.027, priceCurrency: USD, pricePeriod: hour}
timeline:
  description:
    - Statuses seen while the module waited, each with C(elapsed) (seconds since the module started),
      C(at) (UTC time, ISO 8601), C(what) and C(status).
  returned: always
  type: list
  elements: dict
  sample:
    - {elapsed: 1.25, at: "2026-01-01T10:00:01+00:00", what: "task 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60", status: processing-completed}
    - {elapsed: 640.2, at: "2026-01-01T10:10:40+00:00", what: "subscription 123456", status: active}
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
      description: The API's error code, for example C(SUBSCRIPTION_PI_NOT_FOUND).
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
      description: Last status seen of the task or subscription concerned.
      type: str
    resume_hint:
      description: How to resume after a timeout.
      type: str
ansible_facts:
  description: The same ids as facts.
  returned: always
  type: dict
  contains:
    redis_cloud_subscription_id:
      description: Same as RV(subscription_id).
      type: int
    redis_cloud_database_ids:
      description: Same as RV(database_ids).
      type: list
      elements: int
    redis_cloud_task_id:
      description: Same as RV(task_id).
      type: str
"""

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_resource_module
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription import SubscriptionModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription_options import (
    REQUIRED_IF,
    REQUIRED_ONE_OF,
    subscription_argument_spec,
)
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription_options import validate_params


def with_facts(result: dict[str, Any]) -> dict[str, Any]:
    result["ansible_facts"] = {
        "redis_cloud_subscription_id": result.get("subscription_id"),
        "redis_cloud_database_ids": result.get("database_ids") or [],
        "redis_cloud_task_id": result.get("task_id"),
    }
    return result


@guarded
def main() -> None:
    base = RedisCloudModule(subscription_argument_spec(), wait_default=True, required_one_of=REQUIRED_ONE_OF, required_if=REQUIRED_IF)
    run_resource_module(base, SubscriptionModel, with_facts, validate_params)


if __name__ == "__main__":
    main()
