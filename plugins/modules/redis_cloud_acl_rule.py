#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_acl_rule
short_description: Create, update and delete Redis ACL rules of a Redis Cloud account
version_added: 1.1.0
description:
  - Makes a Redis ACL rule (a set of Redis permissions, for example C(+@read ~cache:*)) exist with the given text
    (O(state=present)) or not exist (O(state=absent)). Roles (M(rediscloud.api.redis_cloud_acl_role)) give rules on databases.
  - The rule is found by O(acl_rule_id) or, without it, by its exact O(name), so an existing rule is adopted by name.
  - The built-in rules (C(Full-Access), C(Read-Write), C(Read-Only), with C(isDefault) in the API's answer) can be neither
    changed nor deleted; the module fails before sending anything.
  - A rule that a role uses cannot be deleted. The module reads the roles first and fails, naming them, without sending anything.
  - After a write the rule is V(pending) for a moment, and the API refuses other writes to it meanwhile; the module waits
    for it to be V(active) before and after each write.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  state:
    description:
      - V(present) creates the rule when none matches, updates its text (or name) when it differs, and does nothing when it matches.
      - V(absent) deletes it; nothing happens when it does not exist.
    type: str
    choices: [present, absent]
    default: present
  acl_rule_id:
    description:
      - Id of the rule to manage. With it, O(name) is the desired name (set it to rename the rule).
      - Without it, the rule is found by O(name). One of O(acl_rule_id) and O(name) is required.
    type: int
    aliases: [id]
  name:
    description:
      - Name of the rule; unique in the account. Required to create.
      - The name is sent in an update only when it changes (the API refuses an update that repeats the rule's own name).
    type: str
  rule:
    description:
      - The Redis ACL text of the rule, for example V(+@read ~cache:*). Words start with C(+) or C(-) (commands,
        C(+@)/C(-@) categories), C(~) (keys), C(%R~)/C(%W~)/C(%RW~) (key permissions) or C(&) (channels).
      - Compared word by word, so spacing does not count. The API answers a text it refuses with C(ACL_REDIS_RULE_PATTERN_NOT_VALID).
      - Required to create. Changes in place.
    type: str
  wait:
    description:
      - Wait until the rule is V(active) after a create or an update, or gone after a delete.
      - With V(false), the module still waits for the write's task (seconds), in which the API says whether it refused the
        write, and for the rule to be active before writing to it.
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
      - The ACL endpoints take no dry run, so check mode sends no write at all and reports what would change.
      - It still reads, so a built-in rule or a rule in use is refused in check mode too.
  diff_mode:
    support: full
    details: Shows before and after of the name and text that differ (the whole create body for a create).
  platform:
    platforms: all
    support: full
    details: Runs wherever Python and C(requests) are available; it only talks to the Redis Cloud API over HTTPS.
  facts:
    support: full
    details: Sets C(redis_cloud_acl_rule_id).
notes:
  - The API has no read of one rule by id; the module reads the account's rule list.
seealso:
  - module: rediscloud.api.redis_cloud_acl_role
  - module: rediscloud.api.redis_cloud_acl_user
  - module: rediscloud.api.redis_cloud_acl_info
  - name: Redis Cloud ACL syntax
    description: How to write the text of a rule.
    link: https://redis.io/docs/latest/operate/rc/security/access-control/data-access-control/configure-acls/
"""

EXAMPLES = r"""
- name: A rule that reads the cache keys only
  rediscloud.api.redis_cloud_acl_rule:
    name: cache-read
    rule: "+@read ~cache:*"

- name: Let it write too
  rediscloud.api.redis_cloud_acl_rule:
    name: cache-read
    rule: "+@read +@write ~cache:*"

- name: Rename it (by id)
  rediscloud.api.redis_cloud_acl_rule:
    acl_rule_id: "{{ redis_cloud_acl_rule_id }}"
    name: cache-read-write

- name: Delete it (fails, naming them, while roles use it)
  rediscloud.api.redis_cloud_acl_rule:
    name: cache-read-write
    state: absent
"""

RETURN = r"""
acl_rule:
  description:
    - The rule as the API lists it (C(GET /acl/redisRules)), with the API's field names; the text is C(acl).
    - V(null) after a delete that was waited for, and in check mode for a create.
  returned: always
  type: dict
  sample: {id: 3901, name: cache-read, acl: "+@read ~cache:*", isDefault: false, status: active}
acl_rule_id:
  description: Id of the rule; V(null) when it is not known (check mode create).
  returned: always
  type: int
  sample: 3901
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
  description: Statuses seen while the module waited, each with C(elapsed), C(at), C(what) and C(status).
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
      description:
        - The API's error code, for example C(ACL_REDIS_RULE_PATTERN_NOT_VALID).
        - V(IN_USE) when the module refused to delete a rule that roles use (C(description) names them).
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
      description: Last status seen of the task or rule concerned.
      type: str
    resume_hint:
      description: How to resume after a timeout.
      type: str
ansible_facts:
  description: The id as a fact.
  returned: always
  type: dict
  contains:
    redis_cloud_acl_rule_id:
      description: Same as RV(acl_rule_id).
      type: int
"""

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_rule import AclRuleModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_rule_options import REQUIRED_ONE_OF, acl_rule_argument_spec, validate_params
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_resource_module


def with_facts(result: dict[str, Any]) -> dict[str, Any]:
    result["ansible_facts"] = {"redis_cloud_acl_rule_id": result.get("acl_rule_id")}
    return result


@guarded
def main() -> None:
    base = RedisCloudModule(acl_rule_argument_spec(), wait_default=True, required_one_of=REQUIRED_ONE_OF)
    run_resource_module(base, AclRuleModel, with_facts, validate_params)


if __name__ == "__main__":
    main()
