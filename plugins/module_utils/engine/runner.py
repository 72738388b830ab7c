# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The body of every resource module's main(): build the run, bring the resource to its state, report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError, TaskFailedError
from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.engine.state import Connection, ResourceModel, ResourceState, RunFlags
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import Timeline


def run_resource_module(base: RedisCloudModule, model_class: type[ResourceModel], facts: Callable[[dict[str, Any]], dict[str, Any]],
                        initial_result: dict[str, Any] | None = None) -> None:
    """Run state=present/absent for ``model_class`` and exit (or fail) with the result and its facts.

    A failure still returns what was known when it happened (ids, task), so a re-run or
    a person can pick up from there.
    """
    params = base.params
    timeline = Timeline()
    run = Run(base.client, base.deadline(), timeline, params["poll_interval"])
    flags = RunFlags(check_mode=base.module.check_mode, diff_mode=base.module._diff, wait=params["wait"])
    model = model_class(params, run, flags)
    state = ResourceState(model, Connection(params["api_url"], params["api_key"]))
    state.result.update(initial_result or {})
    try:
        result = state.present() if params["state"] == "present" else state.absent()
    except RedisCloudError as exc:
        exc.redact(model.secrets())
        partial = facts(dict(state.result, timeline=timeline.as_list()))
        if isinstance(exc, TaskFailedError) and exc.task is not None:
            partial.update(task=exc.task, task_id=exc.task_id)
        base.fail_from_error(exc, **partial)
    for warning in result.pop("warnings", []):
        base.module.warn(warning)
    result["timeline"] = timeline.as_list()
    base.exit(**facts(result))
