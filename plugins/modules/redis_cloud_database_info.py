#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_database_info
short_description: Read Redis Cloud Pro databases, and wait for many at once
version_added: 1.1.0
description:
  - Reads one database of a Pro subscription (O(database_id) or O(name)), several (O(database_ids)), or all of them.
  - With O(wait=true), waits until every database read is V(active) (or gone, with O(wait_for=absent)), reading the
    subscription's database list once per round however many databases it waits for. This is the join of the
    fan-out pattern; see M(rediscloud.api.redis_cloud_database).
  - Every password in the answers (C(security.password), the SASL password, passwords in replica URIs) is replaced by
    C(********).
author:
  - rediscloud.api contributors (@rediscloud)
options:
  subscription_id:
    description: Id of the Pro subscription whose databases are read.
    type: int
    required: true
  database_id:
    description:
      - Id of one database. Mutually exclusive with O(database_ids) and O(name).
      - Without O(wait=true), or with O(wait_for=active), an id the subscription does not have fails the module.
    type: int
    aliases: [id]
  database_ids:
    description:
      - Ids of several databases; RV(databases) follows their order. Mutually exclusive with O(database_id) and O(name).
      - Without O(wait=true), or with O(wait_for=active), an id the subscription does not have fails the module.
    type: list
    elements: int
  name:
    description:
      - Read the databases with exactly this name. Mutually exclusive with O(database_id) and O(database_ids).
    type: str
  wait:
    description:
      - Wait until every database read reaches the state O(wait_for) asks for.
      - Given only O(subscription_id), that is every database the subscription lists at the start.
      - V(pending), V(active-change-pending), V(delete-pending) and any status the module does not know keep the wait going;
        V(error) ends it (see O(fail_on_error)).
    type: bool
    default: false
  wait_for:
    description:
      - V(active) waits for the databases to be V(active). A database that is not listed yet is tolerated for a minute
        (a new database can take a moment to be listed); one that disappears fails at once.
      - V(absent) waits until they are gone.
    type: str
    choices: [active, absent]
    default: active
  fail_on_error:
    description:
      - Fail when a database named by O(database_id), O(database_ids) or O(name) is in status V(error).
      - With V(false), such databases are returned like any other.
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
    details: Sets C(redis_cloud_database_ids).
seealso:
  - module: rediscloud.api.redis_cloud_database
  - module: rediscloud.api.redis_cloud_subscription_info
"""

EXAMPLES = r"""
- name: Read every database of a subscription
  rediscloud.api.redis_cloud_database_info:
    subscription_id: 123456
  register: found

- name: Show their endpoints
  ansible.builtin.debug:
    msg: "{{ found.databases | map(attribute='publicEndpoint') | list }}"

- name: Read one database by name
  rediscloud.api.redis_cloud_database_info:
    subscription_id: 123456
    name: orders-cache
  register: cache

- name: Join databases started with wait=false, one list read per round
  rediscloud.api.redis_cloud_database_info:
    subscription_id: 123456
    database_ids: "{{ started.results | map(attribute='database_id') | list }}"
    wait: true
    wait_timeout: 1800

- name: Wait until databases are deleted
  rediscloud.api.redis_cloud_database_info:
    subscription_id: 123456
    database_ids: [51170941, 51170942]
    wait: true
    wait_for: absent
"""

RETURN = r"""
databases:
  description:
    - The databases read, with the API's field names and every password replaced by C(********).
    - In the order of O(database_ids) when given; databases that are gone (after O(wait_for=absent)) are left out.
  returned: always
  type: list
  elements: dict
  sample:
    - databaseId: 51170941
      name: orders-cache
      status: active
      publicEndpoint: redis-17571.c235866.us-east-1-1.ec2.cloud.rlrcp.com:17571
      security: {password: "********", sourceIps: [0.0.0.0/0]}
database_ids:
  description: Ids of RV(databases), in the same order.
  returned: always
  type: list
  elements: int
  sample: [51170941]
database:
  description:
    - With O(database_id), that database (V(null) once gone with O(wait_for=absent)); with O(name), the one database of
      that name (V(null) when there is not exactly one).
  returned: when O(database_id) or O(name) is set
  type: dict
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
      description: Path of the request that failed.
      type: str
    task_id:
      description: Always V(null) for this module.
      type: str
    last_status:
      description: Last status seen.
      type: str
    resume_hint:
      description: How to resume after a timeout.
      type: str
ansible_facts:
  description: Facts a later task can use without C(register).
  returned: always
  type: dict
  contains:
    redis_cloud_database_ids:
      description: Same as RV(database_ids).
      type: list
      elements: int
"""

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.masking import mask_secrets
from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import ABSENT, SETTLED, Resources, in_error
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import DATABASE, SUBSCRIPTION
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import Timeline

ACTIVE = "active"
GOALS = {ACTIVE: SETTLED, "absent": ABSENT}

ARGUMENT_SPEC: dict[str, Any] = {
    "subscription_id": {"type": "int", "required": True},
    "database_id": {"type": "int", "aliases": ["id"]},
    "database_ids": {"type": "list", "elements": "int"},
    "name": {"type": "str"},
    "wait_for": {"type": "str", "choices": list(GOALS), "default": ACTIVE},
    "fail_on_error": {"type": "bool", "default": True},
}
MUTUALLY_EXCLUSIVE = [("database_id", "database_ids", "name")]


class DatabaseInfo:
    def __init__(self, base: RedisCloudModule) -> None:
        self.base = base
        self.params = base.params
        self.timeline = Timeline()
        self.run_context = Run(base.client, base.deadline(), self.timeline, self.params["poll_interval"])
        self.databases = Resources(DATABASE, self.run_context, self.params["subscription_id"])

    @property
    def targeted(self) -> bool:
        return any(self.params[key] is not None for key in ("database_id", "database_ids", "name"))

    def run(self) -> dict[str, Any]:
        listing = self.databases.list()
        if not listing:
            self.check_subscription()
        wanted = self.wanted_ids(listing)
        fail_on_error = self.targeted and self.params["fail_on_error"]
        if self.params["wait"]:
            goal = self.params["wait_for"]
            found = self.databases.join(wanted, GOALS[goal], fail_on_error, listing=listing,
                                        resume_hint=lambda pending: self.resume_hint(pending, goal))
        else:
            found = self.read_once(wanted, listing, fail_on_error)
        databases = [mask_secrets(item) for item in found.values() if item is not None]
        ids = [self.databases.id_of(item) for item in databases]
        result: dict[str, Any] = {"changed": False, "databases": databases, "database_ids": ids,
                                  "ansible_facts": {"redis_cloud_database_ids": ids}}
        if self.params["database_id"] is not None:
            result["database"] = mask_secrets(found.get(self.params["database_id"]))
        elif self.params["name"] is not None:
            result["database"] = databases[0] if len(databases) == 1 else None
        if self.params["wait"]:
            result["timeline"] = self.timeline.as_list()
        return result

    def check_subscription(self) -> None:
        """An empty listing also answers a wrong subscription id (the API's 404 means both): tell them apart."""
        subscription_id = self.params["subscription_id"]
        if Resources(SUBSCRIPTION, self.run_context).get(subscription_id) is None:
            raise RedisCloudError(
                f"Subscription {subscription_id} was not found. Check subscription_id and that the API key belongs "
                "to the account that owns it.",
                status=404,
                method="GET",
                path=f"/subscriptions/{subscription_id}",
            )

    def wanted_ids(self, listing: list[dict[str, Any]]) -> list[int]:
        if self.params["database_id"] is not None:
            return [self.params["database_id"]]
        if self.params["database_ids"] is not None:
            return list(dict.fromkeys(self.params["database_ids"]))
        name = self.params["name"]
        return [self.databases.id_of(item) for item in listing if name is None or item.get("name") == name]

    def read_once(self, wanted: list[int], listing: list[dict[str, Any]], fail_on_error: bool) -> dict[int, dict[str, Any] | None]:
        current = {self.databases.id_of(item): item for item in listing}
        missing = [database_id for database_id in wanted if database_id not in current]
        if missing:
            listed = ", ".join(str(database_id) for database_id in missing)
            raise RedisCloudError(
                f"Database(s) not found in subscription {self.params['subscription_id']}: {listed}. Check the ids; to wait "
                "until databases are deleted, set wait=true and wait_for=absent.",
                method="GET",
                path=self.databases.list_path(),
            )
        errored = [current[database_id] for database_id in wanted if self.databases.is_failed(current[database_id])]
        if errored and fail_on_error:
            raise in_error(self.databases, errored)
        return {database_id: current[database_id] for database_id in wanted}

    def resume_hint(self, pending: list[int], goal: str) -> str:
        ids = ", ".join(str(database_id) for database_id in pending)
        return ("The databases keep changing on the Redis Cloud side; to resume waiting, run rediscloud.api.redis_cloud_database_info "
                f"with subscription_id={self.params['subscription_id']} database_ids=[{ids}] wait=true wait_for={goal}.")


@guarded
def main() -> None:
    base = RedisCloudModule(ARGUMENT_SPEC, wait_default=False, mutually_exclusive=MUTUALLY_EXCLUSIVE)
    info = DatabaseInfo(base)
    try:
        result = info.run()
    except RedisCloudError as exc:
        partial = {"timeline": info.timeline.as_list()} if base.params["wait"] else {}
        base.fail_from_error(exc, changed=False, **partial)
    base.exit(**result)


if __name__ == "__main__":
    main()
