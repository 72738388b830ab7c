#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_database_import
short_description: Load data into a Redis Cloud database from files or another Redis, replacing all its data
version_added: 1.1.0
description:
  - Imports data into a Pro or Essentials database (C(POST .../databases/{id}/import)) from RDB files or from another
    Redis database and, with O(wait=true), waits until the import has succeeded or failed, reading the import status
    (C(GET .../import), answered through a task).
  - B(An import replaces all data in the database.) The module runs only with O(overwrite=true); without it, it fails and
    sends nothing, in check mode too.
  - An import is an action, not a state. The module always reports V(changed), and every run imports again.
  - The request is sent once. While the subscription is busy, the module waits until it is active, and a refusal of the
    API is waited out and sent again, since nothing was done. An answer lost on the way back is never sent again; the
    module fails and says so.
  - While a Pro database imports, its subscription is pending and the API refuses to read the import status; the
    module reads it again until the import has ended. Any status other than V(succeeded) (or V(success)) or V(failed)
    counts as still running.
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
    description: Id of the database to load the data into.
    type: int
    required: true
    aliases: [id]
  source_type:
    description: Where the data comes from.
    type: str
    required: true
    choices: [http, redis, ftp, aws-s3, azure-blob-storage, google-blob-storage]
  import_from_uri:
    description:
      - "The sources, each a URI of the form O(source_type) takes (checked before anything is sent):
        C(http://) or C(https://) (V(http)), C(redis://host:port) (V(redis), one source only), C(ftp://) or C(ftps://) (V(ftp)),
        C(s3://) (V(aws-s3)), C(abs://) (V(azure-blob-storage)), C(gs://) (V(google-blob-storage))."
      - A URI may carry credentials (C(s3://key:secret@bucket/dump.rdb), C(redis://:password@host:port)). Every URI is a
        secret, and never appears in results, messages or logs (RV(request) shows C(********) for its credentials).
    type: list
    elements: str
    required: true
  overwrite:
    description:
      - B(Must be V(true) to import. An import replaces all data in the database.)
      - With V(false) (the default), the module fails without sending anything.
    type: bool
    default: false
  wait:
    description:
      - Wait until the import has succeeded or failed, and return its status in RV(import_status).
      - With V(false), the module waits only for the request's task (seconds, so that a refusal is seen).
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
    details:
      - Refuses to run without O(overwrite=true), as outside check mode.
      - Reads the database (it must exist) and returns the request it would send in RV(request); sends nothing.
  diff_mode:
    support: none
seealso:
  - module: rediscloud.api.redis_cloud_database_backup
  - module: rediscloud.api.redis_cloud_database_info
    description: Reads the latest import status of databases with O(rediscloud.api.redis_cloud_database_info#module:include=import_status).
  - name: Redis Cloud, back up and import data
    description: The URI forms of each source type.
    link: https://redis.io/docs/latest/operate/rc/api/examples/back-up-and-import-data/
"""

EXAMPLES = r"""
- name: Load a dataset into a new database (replaces whatever it holds)
  rediscloud.api.redis_cloud_database_import:
    subscription_id: 123456
    database_id: 51170941
    source_type: aws-s3
    import_from_uri:
      - "s3://{{ vault_aws_access_key }}:{{ vault_aws_secret_key }}@datasets/orders.rdb"
    overwrite: true
  register: loaded

- name: Copy the data of another Redis
  rediscloud.api.redis_cloud_database_import:
    subscription_id: 123456
    database_id: 51170941
    source_type: redis
    import_from_uri: ["redis://:{{ vault_source_password }}@redis-12000.example.com:12000"]
    overwrite: true
"""

RETURN = r"""
import_status:
  description:
    - The import status once final, as the API reports it (C(response.resource) of the status read's task),
      with C(status), C(lastImportTime), and for a failure C(failureReason) and C(failureReasonParams).
    - V(null) with O(wait=false) and in check mode.
  returned: always
  type: dict
  sample: {status: succeeded, lastImportTime: "2026-01-01T10:02:03.000Z"}
task_id:
  description: Id of the import request's task; V(null) in check mode.
  returned: always
  type: str
  sample: 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60
task:
  description: The import request's task, final.
  returned: always
  type: dict
request:
  description: The request the module sends (or would send, in check mode), every URI's credentials shown as C(********).
  returned: always
  type: dict
  sample: {method: POST, path: /subscriptions/123456/databases/51170941/import,
           body: {sourceType: aws-s3, importFromUri: ["s3://********@datasets/orders.rdb"]}}
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
      description: The API's error code, for example C(DATABASE_IMPORT_S3_BAD_URI).
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
      description: Last status seen (of the task, or of the import, for example V(failed)).
      type: str
    resume_hint:
      description: How to resume after a timeout.
      type: str
"""

from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_actions import Import
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_actions_options import (
    IMPORT_SECRET_URI_OPTIONS,
    import_argument_spec,
    import_problems,
)
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_action_module


@guarded
def main() -> None:
    base = RedisCloudModule(import_argument_spec(), wait_default=True, secret_uri_options=IMPORT_SECRET_URI_OPTIONS)
    run_action_module(base, Import, import_problems)


if __name__ == "__main__":
    main()
