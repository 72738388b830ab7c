#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_account_info
short_description: Read the Redis Cloud account, its payment methods, regions, database modules and persistence options
version_added: 1.1.0
description:
  - Reads what a playbook needs before it creates anything, and changes nothing.
  - The account itself (C(GET /)), its payment methods (C(GET /payment-methods)), the regions where Pro subscriptions
    can run (C(GET /regions)), the database modules (advanced capabilities) it offers (C(GET /database-modules)),
    and the data persistence options (C(GET /data-persistence)). O(gather) picks which; each is one request.
  - Each return value holds the API's items as the API gives them, with the API's field names.
  - An answer without its list (for example C(GET /regions) without C(regions)) fails the module, naming the request.
    An empty list is returned as empty.
  - A safe first call on a new account or new keys. The C(playbooks/live_check.yml) play of this collection starts
    with it.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  gather:
    description:
      - What to read. Each value is one request, and sets the return value of the same name.
    type: list
    elements: str
    choices: [account, payment_methods, regions, database_modules, data_persistence]
    default: [account, payment_methods, regions, database_modules, data_persistence]
  provider:
    description:
      - Keep only the regions of this cloud provider in RV(regions).
      - Sent to the API as its C(provider) filter; the module also drops any region of another provider from the answer.
      - Only used when O(gather) includes V(regions).
    type: str
    choices: [AWS, GCP]
extends_documentation_fragment:
  - rediscloud.api.redis_cloud
  - rediscloud.api.redis_cloud.attributes
  - rediscloud.api.redis_cloud.actiongroups
attributes:
  check_mode:
    support: full
    details: The module only reads, so it runs normally in check mode.
  diff_mode:
    support: N/A
seealso:
  - module: rediscloud.api.redis_cloud_subscription
  - name: Redis Cloud REST API, Account
    description: The account operations of the API.
    link: https://api.redislabs.com/v1/swagger-ui/index.html#/Account
"""

EXAMPLES = r"""
- name: Read everything (five requests)
  rediscloud.api.redis_cloud_account_info:
  register: lookups

- name: Show which account the keys belong to
  ansible.builtin.debug:
    msg: "Account {{ lookups.account.id }} ({{ lookups.account.name }}), key {{ lookups.account.key.name | default('?') }}"

- name: Read only the payment methods
  rediscloud.api.redis_cloud_account_info:
    gather: [payment_methods]
  register: billing

# The API gives the card's last four digits as a number (creditCardEndsWith: 42 for a card
# ending in 0042), so compare them formatted on four digits.
- name: Pick the payment method of the card that ends in 4242
  ansible.builtin.set_fact:
    card_payment_method_id: "{{ item.id }}"
  loop: "{{ billing.payment_methods }}"
  loop_control:
    label: "{{ item.type | default('card') }} {{ item.id }}"
  when: "'%04d' | format(item.creditCardEndsWith | default(-1) | int) == '4242'"

- name: Fail early when no such card is on the account
  ansible.builtin.assert:
    that: card_payment_method_id is defined
    fail_msg: "No payment method of this account is a card ending in 4242"

- name: Create a subscription paid with that card
  rediscloud.api.redis_cloud_subscription:
    name: shop-cache
    payment_method: credit-card
    payment_method_id: "{{ card_payment_method_id }}"
    cloud_providers: [{provider: AWS, regions: [{region: us-east-1}]}]
    databases: [{name: cache, dataset_size_in_gb: 1}]

- name: Regions of one provider
  rediscloud.api.redis_cloud_account_info:
    gather: [regions]
    provider: GCP
  register: gcp

- name: Refuse a region the account cannot use, before creating anything
  ansible.builtin.assert:
    that: "'europe-west1' in (gcp.regions | map(attribute='name'))"

- name: Check that a module and a persistence option exist before asking for them
  rediscloud.api.redis_cloud_account_info:
    gather: [database_modules, data_persistence]
  register: offered

- name: Assert
  ansible.builtin.assert:
    that:
      - "'RedisJSON' in (offered.database_modules | map(attribute='name'))"
      - "'aof-every-1-second' in (offered.data_persistence | map(attribute='name'))"
"""

RETURN = r"""
account:
  description:
    - The C(account) object of C(GET /), as the API gives it. Besides C(id) and C(name), the API documents
      C(createdTimestamp), C(updatedTimestamp), C(marketplaceStatus) and C(key), the API key the request used
      (its C(name), C(owner), C(allowedSourceIps), and C(httpSourceIp), the address the API saw the request come from).
      Neither key's value is in it.
  returned: when O(gather) includes V(account)
  type: dict
  sample:
    id: 1001
    name: Example account
    createdTimestamp: "2018-12-23T15:15:31Z"
    updatedTimestamp: "2022-10-12T10:54:10Z"
    marketplaceStatus: active
    key:
      name: ansible-key
      accountId: 1001
      accountName: Example account
      allowedSourceIps: [0.0.0.0/0]
      createdTimestamp: "2022-05-11T12:05:47Z"
      owner: {name: Example User, email: user@example.com}
      httpSourceIp: 203.0.113.7
payment_methods:
  description:
    - The items of C(paymentMethods) of C(GET /payment-methods). Use an item's C(id) as
      O(rediscloud.api.redis_cloud_subscription#module:payment_method_id).
    - C(creditCardEndsWith) is the card's last four digits as a number, so a card ending in C(0042) reads V(42).
    - An account billed through a cloud marketplace may have none.
  returned: when O(gather) includes V(payment_methods)
  type: list
  elements: dict
  sample:
    - id: 2001
      type: Visa
      creditCardEndsWith: 4242
      nameOnCard: Example User
      expirationMonth: 12
      expirationYear: 2031
      links: []
regions:
  description:
    - The items of C(regions) of C(GET /regions), the regions where a Pro subscription can run. Each has C(name)
      and C(provider), and in some answers C(id). Only those of O(provider) when it is set.
  returned: when O(gather) includes V(regions)
  type: list
  elements: dict
  sample:
    - {name: us-east-1, provider: AWS}
    - {name: europe-west1, provider: GCP}
database_modules:
  description:
    - The items of C(modules) of C(GET /database-modules), each with C(name) (the value databases ask for),
      C(capabilityName), C(description) and C(parameters) (a list).
  returned: when O(gather) includes V(database_modules)
  type: list
  elements: dict
  sample:
    - name: RedisJSON
      capabilityName: JSON
      description: Native JSON data type for Redis
      parameters: []
data_persistence:
  description:
    - The items of C(dataPersistence) of C(GET /data-persistence), each with C(name) (the value databases ask for)
      and C(description).
  returned: when O(gather) includes V(data_persistence)
  type: list
  elements: dict
  sample:
    - name: aof-every-1-second
      description: Append only file (AOF) - fsync every 1 second
rate_limit_remaining:
  description:
    - Requests this API key may still send in the current rate-limit window (the API allows 400 a minute per key),
      from the C(X-Rate-Limit-Remaining) header of the module's last answer. Every pipeline using the key shares them.
    - V(null) when the API sent no such header.
  returned: always
  type: int
  sample: 395
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
      description: HTTP status of the answer that failed, for example V(401) for keys the API refused.
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
      description: Path of the request that failed, for example C(/regions).
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

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.resources.account import LOOKUPS, PROVIDERS, keep_provider, parse_lookup
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded

ARGUMENT_SPEC: dict[str, Any] = {
    "gather": {"type": "list", "elements": "str", "choices": list(LOOKUPS), "default": list(LOOKUPS)},
    "provider": {"type": "str", "choices": list(PROVIDERS)},
}


def gather(base: RedisCloudModule) -> dict[str, Any]:
    """One request per lookup asked for, in the order of LOOKUPS; the result holds each one's items."""
    wanted, provider = set(base.params["gather"]), base.params["provider"]
    result: dict[str, Any] = {"changed": False}
    for name, lookup in LOOKUPS.items():
        if name not in wanted:
            continue
        params = {"provider": provider} if name == "regions" and provider else None
        items = parse_lookup(lookup, base.client.get(lookup.path, params=params))
        result[name] = keep_provider(items, provider) if name == "regions" else items
    result["rate_limit_remaining"] = base.client.pacer.last_remaining
    return result


@guarded
def main() -> None:
    base = RedisCloudModule(ARGUMENT_SPEC, with_wait=False)
    try:
        result = gather(base)
    except RedisCloudError as exc:
        base.fail_from_error(exc, changed=False)
    base.exit(**result)


if __name__ == "__main__":
    main()
