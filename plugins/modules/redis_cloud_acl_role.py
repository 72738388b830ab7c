#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_acl_role
short_description: Create, update and delete ACL roles of a Redis Cloud account
version_added: 1.1.0
description:
  - Makes an ACL role exist with the given rules on the given databases (O(state=present)) or not exist (O(state=absent)).
    Users (M(rediscloud.api.redis_cloud_acl_user)) hold a role, and connect to its databases with its rules' rights.
  - The role is found by O(acl_role_id) or, without it, by its exact O(name), so an existing role is adopted by name.
  - O(rules) are compared without regard to order (of the rules, of their databases, of the regions); a change sends the whole list.
  - Before any write, the module reads the rules and databases the role names. An unknown rule or database fails, naming
    the option, and nothing is sent. A rule or database that is not V(active) yet (created by an earlier task, say) is
    waited for, since the API refuses the role until then.
  - After a write, a role flips between V(active) and V(pending) a few times before it stays V(active), and the API
    refuses writes to it while it is pending. The module counts the role settled only when a read O(settle_window)
    seconds after an V(active) one shows it V(active) again; a write refused meanwhile is waited out and sent again.
  - A role that a user holds cannot be deleted. The module reads the users first and fails, naming them, without sending anything.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  state:
    description:
      - V(present) creates the role when none matches, updates it when it differs, and does nothing when it matches.
      - V(absent) deletes it; nothing happens when it does not exist.
    type: str
    choices: [present, absent]
    default: present
  acl_role_id:
    description:
      - Id of the role to manage. With it, O(name) is the desired name (set it to rename the role).
      - Without it, the role is found by O(name). One of O(acl_role_id) and O(name) is required.
    type: int
    aliases: [id]
  name:
    description: Name of the role; unique in the account. Required to create.
    type: str
  rules:
    description:
      - The rules the role gives, each on its databases. Required to create; at least one.
      - A database can be given one rule only in a role.
    type: list
    elements: dict
    suboptions:
      rule:
        description: Name of a rule (M(rediscloud.api.redis_cloud_acl_rule), or a built-in one such as V(Read-Only)).
        type: str
        required: true
      databases:
        description: The databases the rule applies to (Pro or Essentials); at least one.
        type: list
        elements: dict
        required: true
        suboptions:
          subscription_id:
            description: Id of the database's subscription.
            type: int
            required: true
          database_id:
            description: Id of the database.
            type: int
            required: true
          regions:
            description: Active-Active databases only, the regions where the rule applies.
            type: list
            elements: str
  settle_window:
    description:
      - Seconds between the two V(active) reads that make the role count as settled after a write (see the description).
      - The default, V(15), is the pause the Terraform provider makes between its two waits for an ACL role to be
        active; it is the only figure other clients recorded for how long the flapping lasts.
      - Every create or update that is waited for costs at least this long. V(0) settles on the first V(active) read, and
        a write that follows at once may then be refused, and waited out, while the role still flaps.
      - Between V(0) and V(600).
    type: float
    default: 15
  wait:
    description:
      - Wait until the role is settled (see O(settle_window)) after a create or an update, or gone after a delete.
      - With V(false), the module still waits for the write's task (seconds), in which the API says whether it refused
        the write, and for the role to be active before writing to it.
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
      - It still reads. A rule or database the role names that does not exist is then a warning, not a failure
        (an earlier task of the play, which check mode did not run, may be what creates it).
  diff_mode:
    support: full
    details: Shows before and after of the name and rules that differ (the whole create body for a create).
  platform:
    platforms: all
    support: full
    details: Runs wherever Python and C(requests) are available; it only talks to the Redis Cloud API over HTTPS.
  facts:
    support: full
    details: Sets C(redis_cloud_acl_role_id).
notes:
  - The API has no read of one role by id; the module reads the account's role list.
seealso:
  - module: rediscloud.api.redis_cloud_acl_rule
  - module: rediscloud.api.redis_cloud_acl_user
  - module: rediscloud.api.redis_cloud_acl_info
"""

EXAMPLES = r"""
- name: A role that reads the orders cache
  rediscloud.api.redis_cloud_acl_role:
    name: orders-readers
    rules:
      - rule: cache-read
        databases:
          - {subscription_id: 123456, database_id: 51170941}

- name: Give it a second database, with the built-in Read-Only rule
  rediscloud.api.redis_cloud_acl_role:
    name: orders-readers
    rules:
      - rule: cache-read
        databases:
          - {subscription_id: 123456, database_id: 51170941}
      - rule: Read-Only
        databases:
          - {subscription_id: 123456, database_id: 51170942}

- name: Delete it (fails, naming them, while users hold it)
  rediscloud.api.redis_cloud_acl_role:
    name: orders-readers
    state: absent
"""

RETURN = r"""
acl_role:
  description:
    - The role as the API lists it (C(GET /acl/roles)), with the API's field names, and the users that hold it.
    - V(null) after a delete that was waited for, and in check mode for a create.
  returned: always
  type: dict
  sample:
    id: 901
    name: orders-readers
    status: active
    redisRules:
      - ruleId: 3901
        ruleName: cache-read
        databases: [{subscriptionId: 123456, databaseId: 51170941, databaseName: orders-cache, regions: []}]
    users: [{id: 201, name: orders-api}]
acl_role_id:
  description: Id of the role; V(null) when it is not known (check mode create).
  returned: always
  type: int
  sample: 901
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
    - Statuses seen while the module waited, each with C(elapsed), C(at), C(what) and C(status).
    - V(active (confirming)) marks an V(active) read that waits for the settle window; the flapping shows as the
      statuses that follow it.
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
        - The API's error code, for example C(ACL_ROLE_NAME_ALREADY_EXISTS).
        - V(IN_USE) when the module refused to delete a role that users hold (C(description) names them).
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
      description: Last status seen of the task or role concerned.
      type: str
    resume_hint:
      description: How to resume after a timeout.
      type: str
ansible_facts:
  description: The id as a fact.
  returned: always
  type: dict
  contains:
    redis_cloud_acl_role_id:
      description: Same as RV(acl_role_id).
      type: int
"""

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_role import AclRoleModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_role_options import REQUIRED_ONE_OF, acl_role_argument_spec, validate_params
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_resource_module


def with_facts(result: dict[str, Any]) -> dict[str, Any]:
    result["ansible_facts"] = {"redis_cloud_acl_role_id": result.get("acl_role_id")}
    return result


@guarded
def main() -> None:
    base = RedisCloudModule(acl_role_argument_spec(), wait_default=True, required_one_of=REQUIRED_ONE_OF)
    run_resource_module(base, AclRoleModel, with_facts, validate_params)


if __name__ == "__main__":
    main()
