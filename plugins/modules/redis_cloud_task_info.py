#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_task_info
short_description: Read, list and wait for Redis Cloud tasks
version_added: 1.0.0
description:
  - Every write to the Redis Cloud API runs as an asynchronous task. This module reads one task (O(task_id)),
    several (O(task_ids)), or lists the account's tasks, and can wait for them to finish.
  - Use it to resume a wait that timed out in another module, or to wait for work started elsewhere.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  task_id:
    description:
      - Id of one task (a UUID, as returned in C(taskId) by the API).
      - Mutually exclusive with O(task_ids), O(status) and O(command_type).
    type: str
  task_ids:
    description:
      - Ids of several tasks. RV(tasks) and RV(resource_ids) follow the order given.
      - Mutually exclusive with O(task_id), O(status) and O(command_type).
    type: list
    elements: str
  status:
    description:
      - When listing (neither O(task_id) nor O(task_ids) set), keep only tasks with one of these statuses.
      - Filtering happens in the module, after one C(GET /tasks); the API lists the account's current tasks,
        so finished tasks may be absent from the list.
    type: list
    elements: str
    choices: [initialized, received, processing-in-progress, processing-completed, processing-error]
  command_type:
    description:
      - When listing, keep only tasks with one of these C(commandType) values, for example V(subscriptionCreateRequest).
      - Filtering happens in the module, like O(status).
    type: list
    elements: str
  wait:
    description:
      - Wait until the tasks reach V(processing-completed) or V(processing-error).
      - When listing, waits for the listed tasks that are still running.
    type: bool
    default: false
  fail_on_error:
    description:
      - Fail when a task given by O(task_id) or O(task_ids) is, or ends, in V(processing-error).
        The failure message carries the API's error type and description.
      - With V(false), the failed task is returned like any other.
      - Does not apply to tasks found by listing.
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
    details: With O(task_id), sets C(redis_cloud_task) and C(redis_cloud_resource_id).
seealso:
  - module: rediscloud.api.redis_cloud_subscription
"""

EXAMPLES = r"""
- name: Wait for a task that another run started
  rediscloud.api.redis_cloud_task_info:
    task_id: 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60
    wait: true
    wait_timeout: 900
  register: finished

- name: Show the id of the resource the task created
  ansible.builtin.debug:
    var: finished.resource_id

- name: Read several tasks without failing on failed ones
  rediscloud.api.redis_cloud_task_info:
    task_ids:
      - 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60
      - 0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d
    fail_on_error: false
  register: several

- name: List the account's subscription creations that are still running, and wait for them
  rediscloud.api.redis_cloud_task_info:
    status: [received, processing-in-progress]
    command_type: [subscriptionCreateRequest]
    wait: true

- name: Credentials can come from module_defaults for every module of the collection
  module_defaults:
    group/rediscloud.api.redis_cloud:
      api_key: "{{ vault_redis_cloud_api_key }}"
      api_secret_key: "{{ vault_redis_cloud_api_secret_key }}"
  block:
    - name: List all tasks
      rediscloud.api.redis_cloud_task_info:
      register: all_tasks
"""

RETURN = r"""
task:
  description:
    - The task named by O(task_id), with the API's fields as given (C(taskId), C(commandType), C(status),
      C(description), C(timestamp), C(response), C(links)). Final state when O(wait=true).
  returned: when O(task_id) is set
  type: dict
  sample:
    taskId: 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60
    commandType: subscriptionCreateRequest
    status: processing-completed
    description: Request processing completed
    timestamp: "2026-01-01T10:00:05Z"
    response:
      resourceId: 1234
resource_id:
  description:
    - C(response.resourceId) of the task when it ended in V(processing-completed), else V(null).
  returned: when O(task_id) is set
  type: int
  sample: 1234
tasks:
  description:
    - The tasks, with the API's fields as given. In the order of O(task_ids) when set, else as listed by the API
      after the O(status) and O(command_type) filters.
  returned: always
  type: list
  elements: dict
resource_ids:
  description:
    - For each task of RV(tasks), its C(response.resourceId) when it ended in V(processing-completed), else V(null).
  returned: always
  type: list
  elements: int
  sample: [1234, null]
timeline:
  description:
    - Status transitions seen while waiting; each item has C(elapsed) (seconds since the wait started),
      C(at) (UTC time, ISO 8601), C(what) and C(status).
  returned: when O(wait=true)
  type: list
  elements: dict
  sample:
    - {elapsed: 1.25, at: "2026-01-01T10:00:01+00:00", what: "task 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60", status: processing-in-progress}
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
      description: The API's error code, for example C(SUBSCRIPTION_PI_NOT_FOUND).
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
      description: Last status seen of the task concerned.
      type: str
    resume_hint:
      description: How to resume after a timeout.
      type: str
ansible_facts:
  description: Facts set when O(task_id) is set.
  returned: when O(task_id) is set
  type: dict
  contains:
    redis_cloud_task:
      description: Same as RV(task).
      type: dict
    redis_cloud_resource_id:
      description: Same as RV(resource_id).
      type: int
"""

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError, TaskFailedError
from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.api.parsing import TASK_ID, api_path
from ansible_collections.rediscloud.api.plugins.module_utils.engine.tasks import TASK_PATH, Task, list_tasks, task_failed

TASK_STATUSES = ["initialized", "received", "processing-in-progress", "processing-completed", "processing-error"]

ARGUMENT_SPEC: dict[str, Any] = {
    "task_id": {"type": "str"},
    "task_ids": {"type": "list", "elements": "str"},
    "status": {"type": "list", "elements": "str", "choices": TASK_STATUSES},
    "command_type": {"type": "list", "elements": "str"},
    "fail_on_error": {"type": "bool", "default": True},
}
MUTUALLY_EXCLUSIVE = [
    ("task_id", "task_ids"),
    ("task_id", "status"),
    ("task_id", "command_type"),
    ("task_ids", "status"),
    ("task_ids", "command_type"),
]


def resource_id(task: Task) -> int | None:
    return task.resource_id if task.completed else None


def invalid_task_ids(task_ids: list[str]) -> list[str]:
    return [task_id for task_id in task_ids if not TASK_ID.fullmatch(task_id)]


class TaskInfo:
    def __init__(self, base: RedisCloudModule) -> None:
        self.base = base
        self.params = base.params
        self.run_context = base.new_run()
        self.timeline = self.run_context.timeline

    def run(self) -> dict[str, Any]:
        if self.params["task_id"] is not None:
            task = self.named_tasks([self.params["task_id"]])[0]
            result = self.result([task])
            result.update(task=task.raw, resource_id=resource_id(task))
            result["ansible_facts"] = {"redis_cloud_task": task.raw, "redis_cloud_resource_id": resource_id(task)}
            return result
        if self.params["task_ids"] is not None:
            return self.result(self.named_tasks(self.params["task_ids"]))
        return self.result(self.listed_tasks())

    def named_tasks(self, task_ids: list[str]) -> list[Task]:
        fail_on_error = self.params["fail_on_error"]
        waiter = self.run_context.tasks
        tasks = waiter.read_many(list(dict.fromkeys(task_ids)))
        if self.params["wait"]:
            for task_id, task in tasks.items():
                self.timeline.record(f"task {task_id}", task.status if task else "not found yet")
            # A task just submitted elsewhere may not be readable yet: the waiter tolerates that.
            running = [task_id for task_id, task in tasks.items() if task is None or not task.finished]
            if running:
                finished = waiter.wait_many(running, fail_on_error)
                tasks.update(zip(running, finished))
        found: dict[str, Task] = {}
        for task_id, task in tasks.items():
            if task is None:
                raise RedisCloudError(
                    f"Task {task_id} was not found. Check the task id and that the API key belongs to the account that ran it.",
                    status=404,
                    method="GET",
                    path=api_path(TASK_PATH, task_id=task_id),
                    task_id=task_id,
                )
            if fail_on_error and task.failed:
                raise task_failed(task)
            found[task_id] = task
        return [found[task_id] for task_id in task_ids]

    def listed_tasks(self) -> list[Task]:
        tasks = [task for task in list_tasks(self.base.client) if self.selected(task)]
        if self.params["wait"]:
            running = [task.task_id for task in tasks if not task.finished]
            for task in tasks:
                self.timeline.record(f"task {task.task_id}", task.status)
            if running:
                finished = dict(zip(running, self.run_context.tasks.wait_many(running, fail_on_error=False)))
                tasks = [finished.get(task.task_id, task) for task in tasks]
        return tasks

    def selected(self, task: Task) -> bool:
        statuses, command_types = self.params["status"], self.params["command_type"]
        return (not statuses or task.status in statuses) and (not command_types or task.command_type in command_types)

    def result(self, tasks: list[Task]) -> dict[str, Any]:
        result: dict[str, Any] = {"changed": False, "tasks": [task.raw for task in tasks], "resource_ids": [resource_id(task) for task in tasks]}
        if self.params["wait"]:
            result["timeline"] = self.timeline.as_list()
        return result


@guarded
def main() -> None:
    base = RedisCloudModule(ARGUMENT_SPEC, wait_default=False, mutually_exclusive=MUTUALLY_EXCLUSIVE)
    requested = ([base.params["task_id"]] if base.params["task_id"] is not None else []) + (base.params["task_ids"] or [])
    malformed = invalid_task_ids(requested)
    if malformed:
        base.fail(f"task_id/task_ids must be task UUIDs such as 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60; not valid: {', '.join(malformed)}")
    info = TaskInfo(base)
    try:
        result = info.run()
    except TaskFailedError as exc:
        base.fail_from_error(exc, changed=False, task=exc.task)
    except RedisCloudError as exc:
        base.fail_from_error(exc, changed=False)
    base.exit(**result)


if __name__ == "__main__":
    main()
