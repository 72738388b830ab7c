#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_essentials_plan_info
short_description: Find Redis Cloud Essentials plans by provider, region, size, price and features
version_added: 1.1.0
description:
  - Lists the Essentials plans (C(GET /fixed/plans)) that match every filter given, cheapest first, so that a play can
    choose a plan without knowing its id. Without filters, every plan is returned.
  - With O(subscription_id), lists the plans that subscription may move to (C(GET /fixed/plans/subscriptions/{id})),
    the plans of its provider and region, of its kind (multi-zone or not, Redis Flex or not), its own included.
  - Sizes are compared with their unit (a plan's C(size) with its C(sizeMeasurementUnit)), never as bare numbers.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  subscription_id:
    description:
      - Id of an Essentials subscription; only the plans it may move to are listed (the other filters apply to them).
    type: int
  plan_id:
    description: Only the plan with this id.
    type: int
    aliases: [id]
  name:
    description: Only plans with exactly this name, for example V(250MB); compared without regard to case.
    type: str
  provider:
    description: Only plans of this cloud provider. Azure plans read C(Azure) in the answers.
    type: str
    choices: [AWS, GCP, AZURE]
  region:
    description: Only plans in this region, for example V(us-east-1); compared without regard to case.
    type: str
  redis_flex:
    description: V(true) lists only Redis Flex plans, V(false) only the others.
    type: bool
  min_size:
    description:
      - Only plans of at least this size, given with its unit, for example V(250MB) or V(1GB) (units C(MB), C(GB), C(TB);
        C(1GB) is C(1024MB)).
    type: str
  max_size:
    description: Only plans of at most this size, given with its unit as for O(min_size).
    type: str
  max_price:
    description:
      - Only plans whose C(price) is at most this, in the plan's C(priceCurrency) per C(pricePeriod) (USD a month, as the
        API answers). V(0) lists the free plans.
    type: float
  availability:
    description:
      - Only plans of this availability, as the API names it, for example V(No replication), V(Single-zone) or V(Multi-zone);
        compared without regard to case.
    type: str
  support_data_persistence:
    description: Only plans that support data persistence (V(true)), or only those that do not (V(false)).
    type: bool
  support_instant_and_daily_backups:
    description: Only plans that support instant and daily backups (V(true)), or only those that do not (V(false)).
    type: bool
  support_replication:
    description: Only plans that support replication (V(true)), or only those that do not (V(false)).
    type: bool
  support_clustering:
    description: Only plans that support clustering (V(true)), or only those that do not (V(false)).
    type: bool
  support_ssl:
    description: Only plans that support TLS (V(true)), or only those that do not (V(false)).
    type: bool
extends_documentation_fragment:
  - rediscloud.api.redis_cloud
  - rediscloud.api.redis_cloud.wait
  - rediscloud.api.redis_cloud.attributes
  - rediscloud.api.redis_cloud.actiongroups
attributes:
  check_mode:
    support: full
    details: The module only reads, so it runs normally in check mode.
  diff_mode:
    support: N/A
seealso:
  - module: rediscloud.api.redis_cloud_essentials_subscription
  - name: Redis Cloud API, Essentials plans
    description: The API operations this module uses.
    link: https://api.redislabs.com/v1/swagger-ui/index.html#/Subscriptions%20-%20Essentials
"""

EXAMPLES = r"""
- name: Find the free plan of AWS us-east-1
  rediscloud.api.redis_cloud_essentials_plan_info:
    provider: AWS
    region: us-east-1
    max_price: 0
  register: free

- name: Subscribe to it
  rediscloud.api.redis_cloud_essentials_subscription:
    name: playground
    plan_id: "{{ free.plan.id }}"

- name: The cheapest plan of at least 1 GB with replication and TLS in GCP us-central1
  rediscloud.api.redis_cloud_essentials_plan_info:
    provider: GCP
    region: us-central1
    min_size: 1GB
    support_replication: true
    support_ssl: true
  register: production

- name: The plans a subscription may move to
  rediscloud.api.redis_cloud_essentials_plan_info:
    subscription_id: 2446
  register: upgrades
"""

RETURN = r"""
plans:
  description:
    - The matching plans, as the API shows them, cheapest first, then smallest, then by id.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 34858
      name: 250MB
      size: 250
      sizeMeasurementUnit: MB
      provider: AWS
      region: us-east-1
      price: 5
      priceCurrency: USD
      pricePeriod: Month
      maximumDatabases: 1
      availability: No replication
      supportReplication: false
      supportSsl: false
plan_ids:
  description: Ids of RV(plans), in the same order.
  returned: always
  type: list
  elements: int
  sample: [34858]
plan:
  description: The first of RV(plans) (the cheapest, then the smallest); V(null) when none matches.
  returned: always
  type: dict
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
      description: The API's error code.
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
      description: Always V(null) for this module.
      type: str
    last_status:
      description: Always V(null) for this module.
      type: str
    resume_hint:
      description: Always V(null) for this module.
      type: str
"""

from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.resources.essentials_plan import PLAN_INFO_ARGUMENT_SPEC, read_plans, validate_params
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_read_module


@guarded
def main() -> None:
    run_read_module(RedisCloudModule(PLAN_INFO_ARGUMENT_SPEC, with_wait=False), lambda params, run: read_plans(run.client, params),
                    validate_params)


if __name__ == "__main__":
    main()
