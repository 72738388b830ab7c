#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_essentials_subscription
short_description: Create, change and delete Redis Cloud Essentials subscriptions (fixed plans, free plans included)
version_added: 1.1.0
description:
  - Makes a Redis Cloud Essentials subscription exist on the given plan (O(state=present)) or not exist (O(state=absent)).
    An Essentials subscription is a fixed plan (size, cloud provider, region and price), free plans included; its
    databases are managed with M(rediscloud.api.redis_cloud_essentials_database).
  - The subscription is found by O(subscription_id) or, without it, by its exact O(name).
    Two or more subscriptions with that name make the module fail, listing their ids.
  - O(name), O(plan_id) and the payment (O(payment_method), O(payment_method_id)) change in place. Only options you set
    are compared.
  - A plan change keeps the provider, the region and the kind of plan (multi-zone or not, Redis Flex or not). Before
    sending one, the module reads the plans the subscription may move to and fails, naming them, when O(plan_id) is not
    among them. The API refuses a plan change while the subscription or one of its databases is pending, so the module
    waits until everything is active, and sends a refused change again.
  - The plan is read before any write, to refuse what the API would refuse, with nothing sent. A free plan takes no
    O(payment_method_id); a paid plan paid by credit card (the API's default) needs one; an account may have one
    subscription on a free plan.
  - Runs are safe to repeat. A create whose answer was lost is not sent twice, and a run that timed out resumes on re-run.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  state:
    description:
      - V(present) creates the subscription when none matches, changes it when it differs, and does nothing when it matches.
      - V(absent) deletes it; nothing happens when it does not exist.
    type: str
    choices: [present, absent]
    default: present
  subscription_id:
    description:
      - Id of the subscription to manage. With it, O(name) is the desired name (set it to rename).
      - Without it, the subscription is found by O(name). One of O(subscription_id) and O(name) is required.
      - With O(state=present), an id that does not exist fails; the module creates only by O(name).
    type: int
    aliases: [id]
  name:
    description:
      - Name of the subscription. Used to find it when O(subscription_id) is not set, so that a re-run finds what an
        earlier run created. Required to create.
    type: str
  plan_id:
    description:
      - Id of the Essentials plan. Required to create. Changes in place, to a plan of the same provider, region and kind.
      - M(rediscloud.api.redis_cloud_essentials_plan_info) finds plans by provider, region, size and price, and lists the
        plans a subscription may move to.
    type: int
  payment_method:
    description:
      - How a paid plan is paid. The API's default is V(credit-card), which needs O(payment_method_id).
      - V(marketplace) bills the account's cloud marketplace; it takes no O(payment_method_id).
      - Changes in place.
    type: str
    choices: [credit-card, marketplace]
  payment_method_id:
    description:
      - Id of one of the account's payment methods (C(GET /payment-methods); M(rediscloud.api.redis_cloud_account_info)
        lists them). Required for a paid plan paid by credit card; refused for a free plan and with
        O(payment_method=marketplace). Changes in place.
    type: int
  delete_databases:
    description:
      - With O(state=absent), delete the subscription's databases first, one after the other, waiting for each.
      - With V(false), a subscription that still has databases is not touched and the module fails, naming them
        (the API refuses to delete it).
    type: bool
    default: false
  wait:
    description:
      - Wait until the subscription is V(active) (after a create or a plan change), or gone (after a delete).
      - With V(false), the module still waits for each write's task (seconds), so that a refusal is seen and the
        write sent again, and returns the RV(subscription_id) of a new subscription; it does not wait for provisioning.
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
      - No Essentials endpoint has a dry run, so check mode sends no write. It reads the plan, checks the options against it,
        and returns the plan's price as RV(pricing), with the diff.
  diff_mode:
    support: full
    details: Shows before and after of the fields that differ (the whole create body for a create).
  platform:
    platforms: all
    support: full
    details: Runs wherever Python and C(requests) are available; it only talks to the Redis Cloud API over HTTPS.
  facts:
    support: full
    details: Sets C(redis_cloud_essentials_subscription_id).
notes:
  - A timeout fails with the task id and the subscription's last status; the work goes on at Redis Cloud.
    Re-running the same task resumes, finding the subscription by name, without creating another.
seealso:
  - module: rediscloud.api.redis_cloud_essentials_plan_info
  - module: rediscloud.api.redis_cloud_essentials_database
  - module: rediscloud.api.redis_cloud_subscription
  - name: Redis Cloud API, Essentials subscriptions
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

- name: Subscribe to it (a free plan takes no payment method)
  rediscloud.api.redis_cloud_essentials_subscription:
    name: playground
    plan_id: "{{ free.plan.id }}"
  register: playground

- name: A paid plan, paid by card; check mode shows its price and sends nothing
  rediscloud.api.redis_cloud_essentials_subscription:
    name: staging-cache
    plan_id: 34858
    payment_method_id: 12345
  check_mode: true
  register: quote

- name: Move to a bigger plan of the same provider and region
  rediscloud.api.redis_cloud_essentials_subscription:
    name: staging-cache
    plan_id: 34944
    payment_method_id: 12345

- name: Delete a subscription with its databases
  rediscloud.api.redis_cloud_essentials_subscription:
    name: playground
    state: absent
    delete_databases: true
"""

RETURN = r"""
subscription:
  description:
    - The subscription as the API shows it after the change (C(GET /fixed/subscriptions/{id})), with the API's field names,
      the plan's among them.
    - V(null) after a delete that was waited for, in check mode for a create, and with O(wait=false) for a create.
  returned: always
  type: dict
  sample:
    id: 2446
    name: playground
    status: active
    paymentMethodType: credit-card
    planId: 34843
    planName: 30MB
    size: 30
    sizeMeasurementUnit: MB
    provider: AWS
    region: us-east-1
    price: 0
    priceCurrency: USD
    pricePeriod: Month
    maximumDatabases: 1
    availability: No replication
    creationDate: "2026-01-01T10:00:00Z"
subscription_id:
  description: Id of the subscription; V(null) in check mode for a create.
  returned: always
  type: int
  sample: 2446
database_ids:
  description: Ids of the subscription's databases.
  returned: always
  type: list
  elements: int
  sample: [51170941]
task_id:
  description: Id of the last task this run submitted; V(null) when nothing was sent.
  returned: always
  type: str
  sample: 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60
task:
  description: That task, in its final state when waited for (as accepted with O(wait=false)).
  returned: always
  type: dict
pricing:
  description:
    - In check mode, the price of the plan (read from the plan, since no Essentials endpoint has a dry run), as one line
      shaped like a dry run's; V(null) otherwise.
  returned: always
  type: list
  elements: dict
  sample:
    - {type: Essentials plan, typeDetails: 250MB, planId: 34858, quantity: 1, quantityMeasurement: subscription,
       pricePerUnit: 5, priceCurrency: USD, pricePeriod: Month}
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
      description: The API's error code, for example C(FIXED_SUBSCRIPTION_ACCOUNT_ALREADY_HAS_A_FREE_PLAN).
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
  description: The id as a fact.
  returned: always
  type: dict
  contains:
    redis_cloud_essentials_subscription_id:
      description: Same as RV(subscription_id).
      type: int
"""

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.resources.essentials_subscription import EssentialsSubscriptionModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.essentials_subscription_options import (
    essentials_subscription_argument_spec,
    validate_params,
)
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription_options import REQUIRED_ONE_OF
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_resource_module


def with_facts(result: dict[str, Any]) -> dict[str, Any]:
    result["ansible_facts"] = {"redis_cloud_essentials_subscription_id": result.get("subscription_id")}
    return result


@guarded
def main() -> None:
    base = RedisCloudModule(essentials_subscription_argument_spec(), wait_default=True, required_one_of=REQUIRED_ONE_OF)
    run_resource_module(base, EssentialsSubscriptionModel, with_facts, validate_params)


if __name__ == "__main__":
    main()
