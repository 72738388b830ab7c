#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_database_backup
short_description: Back up a Redis Cloud database now, and wait until the backup is done
version_added: 1.1.0
description:
  - Runs an ad-hoc backup of a Pro or Essentials database (C(POST .../databases/{id}/backup)) and, with O(wait=true),
    waits until it has succeeded or failed, reading the backup status (C(GET .../backup), answered through a task).
  - The backup goes to O(backup_path) when set, else to the database's configured backup destination
    (O(rediscloud.api.redis_cloud_database#module:remote_backup) of a Pro database, the periodic backup path of an
    Essentials one).
  - A backup is an action, not a state. The module always reports V(changed), and every run makes a new backup.
  - The request is sent once. While the subscription is busy (pending after a change), the module waits until it is
    active, and a refusal of the API is waited out and sent again, since nothing was done. An answer lost on the way back
    is never sent again (a second backup is not harmless); the module fails and says so.
  - Any backup status other than V(success) or V(failed), or none, counts as still running.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  plan_type:
    description:
      - Whether the database is in a Pro subscription (V(pro)) or an Essentials one (V(essentials)); the API's paths
        differ (C(/fixed/...) for Essentials).
      - Not guessed from the ids, so that the module never acts on another database with the same ids.
    type: str
    choices: [pro, essentials]
    default: pro
  subscription_id:
    description: Id of the subscription of the database.
    type: int
    required: true
  database_id:
    description: Id of the database to back up.
    type: int
    required: true
    aliases: [id]
  backup_path:
    description:
      - Where to write this backup (the API's C(adhocBackupPath)), for example V(s3://bucket/path),
        V(gs://bucket/path), V(abs://:key@account/container) or V(ftp://user:password@host/path).
      - Without it, the database's configured backup destination is used; a database without one fails with
        C(DATABASE_BACKUP_NOT_CONFIGURED) and a message saying to configure one or to pass O(backup_path).
      - Credentials in it (C(ftp://user:password@host/...), C(abs://:key@account/...)) are never shown in results, messages or logs.
    type: str
    aliases: [adhoc_backup_path]
  region:
    description:
      - For an Active-Active Pro database only, the region to back up (the API's C(regionName)).
    type: str
  wait:
    description:
      - Wait until the backup has succeeded or failed, and return its status in RV(backup_status).
      - With V(false), the module waits only for the request's task (seconds, so that a refusal is seen), and does not
        read the backup status.
      - The API reports the status only for a database with a configured backup destination. For an ad-hoc backup of
        a database without one, use V(false).
    type: bool
    default: true
extends_documentation_fragment:
  - rediscloud.api.redis_cloud
  - rediscloud.api.redis_cloud.wait
  - rediscloud.api.redis_cloud.attributes
  - rediscloud.api.redis_cloud.actiongroups
attributes:
  check_mode:
    support: full
    details: Reads the database (it must exist) and returns the request it would send in RV(request); sends nothing.
  diff_mode:
    support: none
notes:
  - Back up before a change. See the user guide (C(docs/guide.md), "Backups before changes").
seealso:
  - module: rediscloud.api.redis_cloud_database_import
  - module: rediscloud.api.redis_cloud_database_info
    description: Reads the latest backup status of databases with O(rediscloud.api.redis_cloud_database_info#module:include=backup_status).
  - name: Redis Cloud, back up and import data
    description: What the API's backup and import operations do.
    link: https://redis.io/docs/latest/operate/rc/api/examples/back-up-and-import-data/
"""

EXAMPLES = r"""
- name: Back up the database before changing it
  rediscloud.api.redis_cloud_database_backup:
    subscription_id: 123456
    database_id: 51170941
  register: backup

- name: Show when
  ansible.builtin.debug:
    msg: "backed up at {{ backup.backup_status.lastBackupTime }}"

- name: Back up an Essentials database to a bucket of its own, without waiting
  rediscloud.api.redis_cloud_database_backup:
    plan_type: essentials
    subscription_id: 2245
    database_id: 51055029
    backup_path: "s3://my-backups/before-upgrade"
    wait: false
"""

RETURN = r"""
backup_status:
  description:
    - The backup status once final, as the API reports it (C(response.resource) of the status read's task),
      with C(status) (V(success) or V(failed)), C(lastBackupTime), and C(failureReason) for a failure.
    - V(null) with O(wait=false) and in check mode.
  returned: always
  type: dict
  sample: {status: success, lastBackupTime: "2026-01-01T10:02:03.000Z"}
task_id:
  description: Id of the backup request's task; V(null) in check mode.
  returned: always
  type: str
  sample: 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60
task:
  description: The backup request's task, final.
  returned: always
  type: dict
request:
  description: The request the module sends (or would send, in check mode); a path in the body shows C(********) for its credentials.
  returned: always
  type: dict
  sample: {method: POST, path: /subscriptions/123456/databases/51170941/backup, body: null}
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
      description: The failure message, with what to do about it.
      type: str
    status:
      description: HTTP status of the answer that failed.
      type: int
    error_type:
      description: The API's error code, for example C(DATABASE_BACKUP_NOT_CONFIGURED).
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
      description: Last status seen (of the task, or of the backup, for example V(failed)).
      type: str
    resume_hint:
      description: How to resume after a timeout.
      type: str
"""

from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_actions import Backup
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_actions_options import (
    BACKUP_SECRET_URI_OPTIONS,
    backup_argument_spec,
    backup_problems,
)
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_action_module


@guarded
def main() -> None:
    base = RedisCloudModule(backup_argument_spec(), wait_default=True, secret_uri_options=BACKUP_SECRET_URI_OPTIONS)
    run_action_module(base, Backup, backup_problems)


if __name__ == "__main__":
    main()
