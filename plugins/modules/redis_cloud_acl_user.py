#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_acl_user
short_description: Create, update and delete ACL users of a Redis Cloud account, and rotate their passwords
version_added: 1.1.0
description:
  - Makes an ACL user (a user that connects to databases, with the rights of its role) exist (O(state=present)) or not
    exist (O(state=absent)).
  - The user is found by O(acl_user_id) or, without it, by its exact O(name). The name cannot change.
  - The role (M(rediscloud.api.redis_cloud_acl_role)) must exist. The module reads it before any write, and fails
    naming O(role) when it does not, without sending anything. A role that is not V(active) yet is waited for.
  - The API never returns a password, so it cannot be compared. O(update_password) says when it is sent; see there.
  - After a write, a user flips between V(active) and V(pending) a few times before it stays V(active), and the API
    refuses writes to it while it is pending. The module counts the user settled only when a read O(settle_window)
    seconds after an V(active) one shows it V(active) again; a write refused meanwhile is waited out and sent again.
  - The password is never shown in results, diffs, facts or messages.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  state:
    description:
      - V(present) creates the user when none matches, updates it when it differs, and does nothing when it matches.
      - V(absent) deletes it; nothing happens when it does not exist.
    type: str
    choices: [present, absent]
    default: present
  acl_user_id:
    description:
      - Id of the user to manage. One of O(acl_user_id) and O(name) is required.
      - With it, a O(name) other than the user's fails (the name cannot change) and nothing is sent.
    type: int
    aliases: [id]
  name:
    description: Name of the user; unique in the account. Required to create. Cannot change.
    type: str
  role:
    description: Name of the role the user holds. Required to create. Changes in place.
    type: str
  password:
    description:
      - Password of the user, 8 to 128 characters. Required to create.
      - The API also asks for an upper-case letter, a lower-case letter, a digit and a special character (its task
        answers C(ACL_USER_PASSWORD_NOT_VALID) otherwise).
      - See O(update_password) for when it is sent to an existing user.
    type: str
  update_password:
    description:
      - V(on_create) sends O(password) only when the user is created. A run with the same (or another) password
        then changes nothing.
      - V(always) sends O(password) to an existing user on every run, and the task reports changed on every run. The
        API never returns a password, so the module cannot tell whether it is already the one given.
      - To rotate a password, run once with the new password and V(always) (a deliberate act); keep V(on_create)
        in the plays that only make sure the user exists.
    type: str
    choices: [always, on_create]
    default: on_create
  settle_window:
    description:
      - Seconds between the two V(active) reads that make the user count as settled after a write (see the description).
      - The default, V(15), is the pause the Terraform provider makes between its two waits for an ACL user to be
        active; it is the only figure other clients recorded for how long the flapping lasts.
      - Every create or update that is waited for costs at least this long. V(0) settles on the first V(active) read.
      - Between V(0) and V(600).
    type: float
    default: 15
  wait:
    description:
      - Wait until the user is settled (see O(settle_window)) after a create or an update, or gone after a delete.
      - With V(false), the module still waits for the write's task (seconds), in which the API says whether it refused
        the write, and for the user to be active before writing to it.
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
      - A role that does not exist is then a warning, not a failure (an earlier task of the play may create it).
  diff_mode:
    support: full
    details: Shows before and after of the fields that differ (the whole create body for a create). The password shows as C(********).
  platform:
    platforms: all
    support: full
    details: Runs wherever Python and C(requests) are available; it only talks to the Redis Cloud API over HTTPS.
  facts:
    support: full
    details: Sets C(redis_cloud_acl_user_id).
notes:
  - The API's user list does not say a user's status; the module reads the user by id before it relies on it.
seealso:
  - module: rediscloud.api.redis_cloud_acl_role
  - module: rediscloud.api.redis_cloud_acl_info
"""

EXAMPLES = r"""
- name: A user for the orders service (its password is set only when it is created)
  rediscloud.api.redis_cloud_acl_user:
    name: orders-api
    role: orders-readers
    password: "{{ lookup('community.hashi_vault.hashi_vault', 'secret/data/redis/orders-api:password') }}"

- name: Rotate its password (run on the rotation schedule, with the new password)
  rediscloud.api.redis_cloud_acl_user:
    name: orders-api
    role: orders-readers
    password: "{{ new_orders_api_password }}"
    update_password: always

- name: Delete it
  rediscloud.api.redis_cloud_acl_user:
    name: orders-api
    state: absent
"""

RETURN = r"""
acl_user:
  description:
    - The user as the API shows it (C(GET /acl/users/{id})), with the API's field names. It never holds a password.
    - V(null) after a delete that was waited for, and in check mode for a create.
  returned: always
  type: dict
  sample: {id: 201, name: orders-api, role: orders-readers, status: active}
acl_user_id:
  description: Id of the user; V(null) when it is not known (check mode create).
  returned: always
  type: int
  sample: 201
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
    - V(active (confirming)) marks an V(active) read that waits for the settle window.
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
      description: The API's error code, for example C(ACL_USER_PASSWORD_NOT_VALID).
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
      description: Last status seen of the task or user concerned.
      type: str
    resume_hint:
      description: How to resume after a timeout.
      type: str
ansible_facts:
  description: The id as a fact.
  returned: always
  type: dict
  contains:
    redis_cloud_acl_user_id:
      description: Same as RV(acl_user_id).
      type: int
"""

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_user import AclUserModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_user_options import REQUIRED_ONE_OF, acl_user_argument_spec, validate_params
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_resource_module


def with_facts(result: dict[str, Any]) -> dict[str, Any]:
    result["ansible_facts"] = {"redis_cloud_acl_user_id": result.get("acl_user_id")}
    return result


@guarded
def main() -> None:
    base = RedisCloudModule(acl_user_argument_spec(), wait_default=True, required_one_of=REQUIRED_ONE_OF)
    run_resource_module(base, AclUserModel, with_facts, validate_params)


if __name__ == "__main__":
    main()
