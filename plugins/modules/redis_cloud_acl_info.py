#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_acl_info
short_description: Read the Redis ACL rules, roles and users of a Redis Cloud account, and who uses what
version_added: 1.1.0
description:
  - Reads the account's Redis ACL rules, roles and users (O(gather) says which), all of them or those named O(name).
  - Each rule comes with the roles that use it (C(used_by)), and each role with the users that hold it (C(held_by)),
    so that a play can check before it deletes. The API refuses to delete a rule that a role uses, or a role that a
    user holds; M(rediscloud.api.redis_cloud_acl_rule) and M(rediscloud.api.redis_cloud_acl_role) refuse it first,
    naming them, from the same reads.
  - The API never returns a user's password.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  gather:
    description:
      - Which to read. Rules need the roles read as well (for C(used_by)), roles the users (for C(held_by)).
    type: list
    elements: str
    choices: [rules, roles, users]
    default: [rules, roles, users]
  name:
    description:
      - Return only the rules, roles and users with exactly this name (names are unique within each kind).
      - Users named so are read one by one, which gives their C(status); the API's user list does not have it.
    type: str
  wait:
    description:
      - Wait until every rule, role and user read is V(active), reading each list once per round. A user's status is
        read one by one (the API's user list does not have it).
      - One V(active) read is enough here. After a write, roles and users flip between V(active) and V(pending) for a
        while; M(rediscloud.api.redis_cloud_acl_role) and M(rediscloud.api.redis_cloud_acl_user) wait that out
        (their O(rediscloud.api.redis_cloud_acl_role#module:settle_window)).
    type: bool
    default: false
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
    details: Sets C(redis_cloud_acl_rule_ids), C(redis_cloud_acl_role_ids) and C(redis_cloud_acl_user_ids), for what it read.
seealso:
  - module: rediscloud.api.redis_cloud_acl_rule
  - module: rediscloud.api.redis_cloud_acl_role
  - module: rediscloud.api.redis_cloud_acl_user
"""

EXAMPLES = r"""
- name: Read every rule, role and user
  rediscloud.api.redis_cloud_acl_info:
  register: acl

- name: Which roles use the rule cache-read?
  rediscloud.api.redis_cloud_acl_info:
    gather: [rules]
    name: cache-read
  register: rule

- name: Delete the rule only when no role uses it
  rediscloud.api.redis_cloud_acl_rule:
    name: cache-read
    state: absent
  when: rule.acl_rules | map(attribute='used_by') | flatten | length == 0
"""

RETURN = r"""
acl_rules:
  description:
    - The rules, as the API lists them (C(GET /acl/redisRules)); the rule's text is C(acl).
    - C(used_by) lists the roles that use each rule, as C(id) and C(name).
  returned: when O(gather) has V(rules)
  type: list
  elements: dict
  sample:
    - {id: 3901, name: cache-read, acl: "+@read ~cache:*", isDefault: false, status: active, used_by: [{id: 901, name: orders-readers}]}
acl_rule_ids:
  description: Ids of RV(acl_rules), in the same order.
  returned: when O(gather) has V(rules)
  type: list
  elements: int
acl_roles:
  description:
    - The roles, as the API lists them (C(GET /acl/roles)).
    - C(held_by) lists the users that hold each role, as C(id) and C(name).
  returned: when O(gather) has V(roles)
  type: list
  elements: dict
  sample:
    - id: 901
      name: orders-readers
      status: active
      redisRules: [{ruleId: 3901, ruleName: cache-read, databases: [{subscriptionId: 123456, databaseId: 51170941, databaseName: orders-cache}]}]
      users: [{id: 201, name: orders-api}]
      held_by: [{id: 201, name: orders-api}]
acl_role_ids:
  description: Ids of RV(acl_roles), in the same order.
  returned: when O(gather) has V(roles)
  type: list
  elements: int
acl_users:
  description:
    - The users, as the API lists them (C(GET /acl/users)), without C(status); with O(name), as read one by one
      (C(GET /acl/users/{id})), with it. Never a password.
  returned: when O(gather) has V(users)
  type: list
  elements: dict
  sample:
    - {id: 201, name: orders-api, role: orders-readers, status: active}
acl_user_ids:
  description: Ids of RV(acl_users), in the same order.
  returned: when O(gather) has V(users)
  type: list
  elements: int
timeline:
  description: Statuses seen while waiting, each with C(elapsed), C(at), C(what) and C(status).
  returned: when O(wait=true)
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
      description: The API's error code.
      type: str
    description:
      description: The API's error text.
      type: str
    method:
      description: HTTP method of the request that failed.
      type: str
    path:
      description: Path of the request that failed, for example C(/acl/roles).
      type: str
    task_id:
      description: Always V(null) for this module.
      type: str
    last_status:
      description: Last status seen while waiting.
      type: str
    resume_hint:
      description: How to resume after a timeout.
      type: str
ansible_facts:
  description: The ids read, as facts (only for the kinds in O(gather)).
  returned: always
  type: dict
  contains:
    redis_cloud_acl_rule_ids:
      description: Same as RV(acl_rule_ids).
      type: list
      elements: int
    redis_cloud_acl_role_ids:
      description: Same as RV(acl_role_ids).
      type: list
      elements: int
    redis_cloud_acl_user_ids:
      description: Same as RV(acl_user_ids).
      type: list
      elements: int
"""

from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_info import acl_info_argument_spec, read_acl
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_read_module


@guarded
def main() -> None:
    run_read_module(RedisCloudModule(acl_info_argument_spec(), wait_default=False), read_acl)


if __name__ == "__main__":
    main()
