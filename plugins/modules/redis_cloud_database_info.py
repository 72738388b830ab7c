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
    description:
      - Id of the Pro subscription whose databases are read. Required.
      - Only in check mode may it be unset (null), as it is when an earlier task of the play would create the subscription;
        the module then returns no databases, and warns.
    type: int
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
  include:
    description:
      - Also read, for each database returned, its latest backup status (V(backup_status), C(GET .../backup)) or import
        status (V(import_status), C(GET .../import)), added to the database as a key of that name.
      - Each costs one API task per database (the API answers these reads with a task), so none is read by default.
        The reads of all databases are sent first, then their tasks are waited for together.
      - A status is what the API reports (C(response.resource) of the task), for example a C(status) of V(success) and a
        C(lastBackupTime); empty when there was none. When the API refuses the read, the key holds an C(error) with the
        API's C(type) and C(description) instead, for example C(DATABASE_BACKUP_DISABLED) for a database without backups
        configured, or C(SUBSCRIPTION_NOT_ACTIVE) while an import runs (it holds the subscription).
    type: list
    elements: str
    choices: [backup_status, import_status]
    default: []
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

- name: Read the latest backup of each database (one API task per database)
  rediscloud.api.redis_cloud_database_info:
    subscription_id: 123456
    include: [backup_status]
  register: found

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
      backup_status: {status: success, lastBackupTime: "2026-01-01T10:02:03.000Z"}
  contains:
    backup_status:
      description: The latest backup status (see O(include)).
      returned: when O(include) lists V(backup_status)
      type: dict
    import_status:
      description: The latest import status (see O(include)).
      returned: when O(include) lists V(import_status)
      type: dict
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
    redis_cloud_database_endpoints:
      description: Same as RV(database_endpoints).
      type: dict
database_endpoints:
  description:
    - The databases read, keyed by name, with what an application needs to connect. Never a password.
  returned: always
  type: dict
  sample: {"orders": {"database_id": 51170941, "public_endpoint": "redis-17571.c1.us-east-1-1.ec2.cloud.rlrcp.com:17571",
                      "private_endpoint": "redis-17571.internal.c1.us-east-1-1.ec2.cloud.rlrcp.com:17571", "status": "active"}}
  contains:
    database_id:
      description: The database's id.
      type: int
    public_endpoint:
      description: Its public endpoint, C(host:port).
      type: str
    private_endpoint:
      description: Its private endpoint, C(host:port).
      type: str
    status:
      description: Its status when read.
      type: str
"""

from ansible_collections.rediscloud.api.plugins.module_utils.engine.info import InfoSpec, ItemRead, info_argument_spec, info_mutually_exclusive
from ansible_collections.rediscloud.api.plugins.module_utils.masking import mask_secrets
from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database import DatabaseModel, database_summary
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import DATABASE
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_info_module

INFO = InfoSpec(DATABASE, id_option="database_id", ids_option="database_ids", module="rediscloud.api.redis_cloud_database_info",
                parent=DatabaseModel.parent, mask=mask_secrets, summary_key="database_endpoints", summary=database_summary,
                item_reads=(ItemRead("backup_status", "/backup"), ItemRead("import_status", "/import")))


@guarded
def main() -> None:
    base = RedisCloudModule(info_argument_spec(INFO), wait_default=False, mutually_exclusive=info_mutually_exclusive(INFO))
    run_info_module(base, INFO)


if __name__ == "__main__":
    main()
