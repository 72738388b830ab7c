#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_subscription_info
short_description: Read Redis Cloud Pro subscriptions, and wait for many of them at once
version_added: 1.0.0
description:
  - Reads one subscription (O(subscription_id)), several (O(subscription_ids)), those with a name (O(name)),
    or lists all the account's Pro subscriptions.
  - With O(wait=true), waits until every subscription read is V(active), or gone with O(wait_for=absent).
    This joins subscriptions started in parallel (for example by M(rediscloud.api.redis_cloud_subscription) with
    O(rediscloud.api.redis_cloud_subscription#module:wait=false) in a loop). However many subscriptions are waited for,
    each poll is one C(GET /subscriptions).
  - Everything is read from C(GET /subscriptions), which lists the same fields as C(GET /subscriptions/{id}).
author:
  - rediscloud.api contributors (@rediscloud)
options:
  subscription_id:
    description:
      - Id of one subscription. RV(subscription) is set to it.
      - Without O(wait=true), or with O(wait_for=active), an id the account does not have fails the module.
      - Mutually exclusive with O(subscription_ids) and O(name).
    type: int
    aliases: [id]
  subscription_ids:
    description:
      - Ids of several subscriptions. RV(subscriptions) follows the order given; duplicates are read once.
      - Without O(wait=true), or with O(wait_for=active), an id the account does not have fails the module.
      - Mutually exclusive with O(subscription_id) and O(name).
    type: list
    elements: int
  name:
    description:
      - Read the subscriptions with exactly this name. Names need not be unique, so several may match;
        none matching is not an error.
      - Mutually exclusive with O(subscription_id) and O(subscription_ids).
    type: str
  wait:
    description:
      - Wait until every subscription read reaches the state O(wait_for) asks for.
      - V(pending), V(deleting) and any status the module does not know keep the wait going; V(error) ends it (see O(fail_on_error)).
      - V(encryption_key_pending) ends a wait for V(active) too, since such a subscription waits for the customer-managed
        keys you must supply; waiting longer would only time out.
      - Waiting for V(active), a subscription that is not listed yet is tolerated for 30 seconds, since a subscription
        whose create task has just completed can take a moment to appear; after that the module fails, naming it.
        One that is listed and then disappears was deleted, and fails the module at once.
      - Without any of O(subscription_id), O(subscription_ids) and O(name), waits for every subscription of the account.
    type: bool
    default: false
  wait_for:
    description:
      - V(active) waits until the subscriptions are active.
      - V(absent) waits until they are no longer listed (deleted). RV(subscriptions) is then empty, unless one
        went into V(error) and O(fail_on_error=false).
      - Only used with O(wait=true).
    type: str
    choices: [active, absent]
    default: active
  fail_on_error:
    description:
      - Fail when a subscription given by O(subscription_id), O(subscription_ids) or O(name) is, or goes, into
        status V(error). The message names every such subscription.
      - With V(false), a subscription in V(error) is returned like any other, and no longer waited for.
      - Does not apply when listing all subscriptions.
    type: bool
    default: true
extends_documentation_fragment:
  - rediscloud.api.redis_cloud
  - rediscloud.api.redis_cloud.wait
  - rediscloud.api.redis_cloud.attributes
  - rediscloud.api.redis_cloud.actiongroups
  - ansible.builtin.action_common_attributes.facts
attributes:
  check_mode:
    support: full
    details: The module only reads, so it runs normally in check mode.
  diff_mode:
    support: N/A
  facts:
    support: full
    details: Sets C(redis_cloud_subscription_ids).
notes:
  - A real subscription takes 10-15 minutes to become active; the default O(wait_timeout) allows 30.
  - A timeout fails with every subscription not settled yet and its last status, and how to resume waiting;
    the subscriptions keep changing on the Redis Cloud side.
seealso:
  - module: rediscloud.api.redis_cloud_subscription
  - module: rediscloud.api.redis_cloud_task_info
"""

EXAMPLES = r"""
- name: List the account's subscriptions
  rediscloud.api.redis_cloud_subscription_info:
  register: account

- name: Show their names and statuses
  ansible.builtin.debug:
    msg: "{{ account.subscriptions | items2dict(key_name='name', value_name='status') }}"

- name: Read one subscription by name
  rediscloud.api.redis_cloud_subscription_info:
    name: orders
  register: orders

# Fan out and join: start several creates without waiting, then wait for all of them at once.
- name: Start the creates (each returns as soon as the API has accepted it)
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

- name: Join the create tasks; their resource ids are the new subscription ids
  rediscloud.api.redis_cloud_task_info:
    task_ids: "{{ started.results | map(attribute='task_id') | list }}"
    wait: true
  register: created

- name: Join the subscriptions until all are active (one GET /subscriptions per poll for all of them)
  rediscloud.api.redis_cloud_subscription_info:
    subscription_ids: "{{ created.resource_ids }}"
    wait: true
    wait_timeout: 1800
  register: ready

- name: The same join, fanned in for deletions started with wait=false
  rediscloud.api.redis_cloud_subscription_info:
    subscription_ids: "{{ ready.subscription_ids }}"
    wait: true
    wait_for: absent

- name: Read subscriptions without failing on one in status error
  rediscloud.api.redis_cloud_subscription_info:
    subscription_ids: [123456, 123457]
    fail_on_error: false
  register: checked

- name: Credentials can come from module_defaults for every module of the collection
  module_defaults:
    group/rediscloud.api.redis_cloud:
      api_key: "{{ vault_redis_cloud_api_key }}"
      api_secret_key: "{{ vault_redis_cloud_api_secret_key }}"
  block:
    - name: Wait for one subscription
      rediscloud.api.redis_cloud_subscription_info:
        subscription_id: 123456
        wait: true
"""

RETURN = r"""
subscriptions:
  description:
    - The subscriptions, with the API's fields as given (C(id), C(name), C(status), C(deploymentType),
      C(paymentMethodType), C(paymentMethodId), C(memoryStorage), C(numberOfDatabases), C(cloudDetails), C(links), ...).
      In their final state when O(wait=true).
    - In the order of O(subscription_ids) when set, else as listed by the API.
    - Subscriptions that are gone (after O(wait_for=absent)) are left out.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 123456
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
subscription:
  description:
    - With O(subscription_id), that subscription; V(null) once gone with O(wait_for=absent).
    - With O(name), the subscription of that name; V(null) when none has it, and when several have it
      (RV(subscriptions) then holds them all).
  returned: when O(subscription_id) or O(name) is set
  type: dict
subscription_ids:
  description: Ids of RV(subscriptions), in the same order.
  returned: always
  type: list
  elements: int
  sample: [123456, 123457]
timeline:
  description:
    - Status transitions seen while waiting; each item has C(elapsed) (seconds since the wait started),
      C(at) (UTC time, ISO 8601), C(what) (C(subscription <id>)) and C(status)
      (a subscription status, V(not visible yet) or V(gone)).
  returned: when O(wait=true)
  type: list
  elements: dict
  sample:
    - {elapsed: 0.0, at: "2026-01-01T10:00:00+00:00", what: "subscription 123456", status: pending}
    - {elapsed: 640.2, at: "2026-01-01T10:10:40+00:00", what: "subscription 123456", status: active}
failure:
  description:
    - On failure, details of the error. Keys are always present and V(null) when unknown.
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
      description: The API's error text, or C(subscription status is error).
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
      description:
        - Last status seen. After a timeout on several subscriptions, each id followed by its last status
          in parentheses, separated by commas, as in the message.
      type: str
    resume_hint:
      description: How to resume after a timeout.
      type: str
ansible_facts:
  description: Facts a later task can use without C(register).
  returned: always
  type: dict
  contains:
    redis_cloud_subscription_ids:
      description: Same as RV(subscription_ids).
      type: list
      elements: int
"""

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import ABSENT, SETTLED, Resources, in_error
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import SUBSCRIPTION
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import Timeline

ACTIVE = "active"
GOALS = {ACTIVE: SETTLED, "absent": ABSENT}

ARGUMENT_SPEC: dict[str, Any] = {
    "subscription_id": {"type": "int", "aliases": ["id"]},
    "subscription_ids": {"type": "list", "elements": "int"},
    "name": {"type": "str"},
    "wait_for": {"type": "str", "choices": list(GOALS), "default": ACTIVE},
    "fail_on_error": {"type": "bool", "default": True},
}
MUTUALLY_EXCLUSIVE = [("subscription_id", "subscription_ids", "name")]


def resume_hint(subscription_ids: list[int], goal: str) -> str:
    ids = ", ".join(str(subscription_id) for subscription_id in subscription_ids)
    return (
        "The subscriptions keep changing on the Redis Cloud side; to resume waiting, run "
        f"rediscloud.api.redis_cloud_subscription_info with subscription_ids=[{ids}] wait=true wait_for={goal}."
    )


class SubscriptionInfo:
    def __init__(self, base: RedisCloudModule) -> None:
        self.base = base
        self.params = base.params
        self.timeline = Timeline()
        self.subscriptions = Resources(SUBSCRIPTION, Run(base.client, base.deadline(), self.timeline, self.params["poll_interval"]))

    @property
    def targeted(self) -> bool:
        """True when the user named subscriptions (by id or name) rather than listing the account."""
        return any(self.params[key] is not None for key in ("subscription_id", "subscription_ids", "name"))

    def run(self) -> dict[str, Any]:
        listing = self.subscriptions.list()
        wanted = self.wanted_ids(listing)
        fail_on_error = self.targeted and self.params["fail_on_error"]
        if self.params["wait"]:
            goal = self.params["wait_for"]
            found = self.subscriptions.join(wanted, GOALS[goal], fail_on_error, listing=listing,
                                            resume_hint=lambda pending: resume_hint(pending, goal))
        else:
            found = self.read_once(wanted, listing, fail_on_error)
        subscriptions = [subscription for subscription in found.values() if subscription is not None]
        ids = [int(subscription["id"]) for subscription in subscriptions]
        result: dict[str, Any] = {
            "changed": False,
            "subscriptions": subscriptions,
            "subscription_ids": ids,
            "ansible_facts": {"redis_cloud_subscription_ids": ids},
        }
        if self.params["subscription_id"] is not None:
            result["subscription"] = found.get(self.params["subscription_id"])
        elif self.params["name"] is not None:
            result["subscription"] = subscriptions[0] if len(subscriptions) == 1 else None
        if self.params["wait"]:
            result["timeline"] = self.timeline.as_list()
        return result

    def wanted_ids(self, listing: list[dict[str, Any]]) -> list[int]:
        if self.params["subscription_id"] is not None:
            return [self.params["subscription_id"]]
        if self.params["subscription_ids"] is not None:
            return list(dict.fromkeys(self.params["subscription_ids"]))
        name = self.params["name"]
        return [int(item["id"]) for item in listing if name is None or item.get("name") == name]

    def read_once(self, wanted: list[int], listing: list[dict[str, Any]], fail_on_error: bool) -> dict[int, dict[str, Any] | None]:
        current = {int(item["id"]): item for item in listing}
        missing = [subscription_id for subscription_id in wanted if subscription_id not in current]
        if missing:
            listed = ", ".join(str(subscription_id) for subscription_id in missing)
            raise RedisCloudError(
                f"Subscription(s) not found: {listed}. Check the ids and that the API key belongs to the account that owns them; "
                "to wait until subscriptions are deleted, set wait=true and wait_for=absent.",
                method="GET",
                path=self.subscriptions.list_path(),
            )
        errored = [current[subscription_id] for subscription_id in wanted if self.subscriptions.is_failed(current[subscription_id])]
        if errored and fail_on_error:
            raise in_error(self.subscriptions, errored)
        return {subscription_id: current[subscription_id] for subscription_id in wanted}


@guarded
def main() -> None:
    base = RedisCloudModule(ARGUMENT_SPEC, wait_default=False, mutually_exclusive=MUTUALLY_EXCLUSIVE)
    info = SubscriptionInfo(base)
    try:
        result = info.run()
    except RedisCloudError as exc:
        partial = {"timeline": info.timeline.as_list()} if base.params["wait"] else {}
        base.fail_from_error(exc, changed=False, **partial)
    base.exit(**result)


if __name__ == "__main__":
    main()
