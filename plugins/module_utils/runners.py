# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The body of every resource module's and info module's main(): build the run, do the work, report (glue between Ansible and the engine)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError, TaskFailedError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.actions import Action, ActionState
from ansible_collections.rediscloud.api.plugins.module_utils.engine.info import InfoSpec, ResourceInfo
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.engine.state import Connection, ResourceState, RunFlags
from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule


def run_resource_module(base: RedisCloudModule, model_class: type[ResourceModel], facts: Callable[[dict[str, Any]], dict[str, Any]],
                        validate: Callable[[dict[str, Any]], list[str]] | None = None) -> None:
    """Run state=present/absent for ``model_class`` and exit (or fail) with the result and its facts.

    ``validate(params)`` gives the problems of the options the argument spec cannot see: any fails the module before
    a request is sent. A failure still returns what was known when it happened (ids, task), so a re-run or a person
    can pick up from there.
    """
    params = base.params
    problems = validate(params) if validate is not None else []
    if problems:
        base.fail("Invalid options: " + "; ".join(problems))
    run = base.new_run()
    flags = RunFlags(check_mode=base.module.check_mode, diff_mode=base.module._diff, wait=params["wait"])
    model = model_class(params)
    state = ResourceState(model, run, flags, Connection(params["api_url"], params["api_key"]))
    try:
        result = state.present() if params.get("state", "present") == "present" else state.absent()
    except RedisCloudError as exc:
        hint = model.error_hint(exc.error_type)
        if hint:
            exc.message = f"{exc.message.rstrip('. ')}. {hint}"
        exc.redact(model.secrets())
        partial = facts(dict(state.result, timeline=run.timeline.as_list()))
        if isinstance(exc, TaskFailedError) and exc.task is not None:
            partial.update(task=exc.task, task_id=exc.task_id)
        base.fail_from_error(exc, **partial)
    for warning in result.pop("warnings", []):
        base.module.warn(warning)
    result["timeline"] = run.timeline.as_list()
    base.exit(**facts(result))


def run_action_module(base: RedisCloudModule, action_class: type[Action], problems: Callable[[dict[str, Any]], list[str]]) -> None:
    """Run an action (a backup, an import) and exit with its task and final status, or fail with what is known.

    ``problems`` are checked first: bad input fails before any request. The action's secrets (its URI options, given
    to RedisCloudModule as ``secret_uri_options``) are the run's: masked in whatever the module returns.
    """
    action = action_class(base.params)
    found = problems(base.params)
    if found:
        base.fail("Invalid options: " + "; ".join(found) + ". Nothing was sent.")
    run = base.new_run()
    flags = RunFlags(check_mode=base.module.check_mode, diff_mode=base.module._diff, wait=base.params["wait"])
    state = ActionState(action, run, flags, Connection(base.params["api_url"], base.params["api_key"]))
    try:
        result = state.perform()
    except RedisCloudError as exc:
        partial = dict(state.result, timeline=run.timeline.as_list())
        if isinstance(exc, TaskFailedError) and exc.task is not None and partial["task"] is None:
            partial.update(task=exc.task, task_id=exc.task_id)
        base.fail_from_error(exc, **partial)
    result["timeline"] = run.timeline.as_list()
    base.exit(**result)


def run_info_module(base: RedisCloudModule, spec: InfoSpec) -> None:
    """Read (or wait for) the resources ``spec`` describes and exit with them, or fail with what is known."""
    run_read_module(base, lambda params, run: ResourceInfo(spec, params, run, check_mode=base.module.check_mode).read())


def run_read_module(base: RedisCloudModule, read: Callable[[dict[str, Any], Run], dict[str, Any]],
                    validate: Callable[[dict[str, Any]], list[str]] | None = None) -> None:
    """Exit with what ``read(params, run)`` returns, or fail with the error (and the timeline, when it waited).
    ``validate(params)``: problems of the options, refused before any request."""
    problems = validate(base.params) if validate is not None else []
    if problems:
        base.fail("Invalid options: " + "; ".join(problems))
    run = base.new_run()
    try:
        result = read(base.params, run)
    except RedisCloudError as exc:
        partial = {"timeline": run.timeline.as_list()} if base.params.get("wait") else {}
        base.fail_from_error(exc, changed=False, **partial)
    for warning in result.pop("warnings", []):
        base.module.warn(warning)
    base.exit(**result)
