# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""RedisCloudModule: the base every module builds on (argument specs, validation, client, waiting, failures)."""

from __future__ import annotations

from typing import Any, NoReturn

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.rediscloud.api.plugins.module_utils.client import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    RedisCloudClient,
    check_api_url,
)
from ansible_collections.rediscloud.api.plugins.module_utils.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.options import (
    API_KEY_ENV,
    API_SECRET_KEY_ENV,
    auth_argument_spec,
    wait_argument_spec,
)
from ansible_collections.rediscloud.api.plugins.module_utils.tasks import TaskWaiter
from ansible_collections.rediscloud.api.plugins.module_utils.waiter import Deadline, Timeline


class RedisCloudModule:
    def __init__(self, argument_spec: dict[str, Any], wait_default: bool = True, with_wait: bool = True, **ansible_module_kwargs: Any) -> None:
        spec = auth_argument_spec()
        if with_wait:
            spec.update(wait_argument_spec(wait_default))
        spec.update(argument_spec)
        ansible_module_kwargs.setdefault("supports_check_mode", True)
        self.module = AnsibleModule(argument_spec=spec, **ansible_module_kwargs)
        self.params: dict[str, Any] = self.module.params
        self.with_wait = with_wait
        self._client: RedisCloudClient | None = None
        self._deadline: Deadline | None = None
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        problem = self.option_problem()
        if problem:
            self.module.fail_json(msg=problem)

    def option_problem(self) -> str | None:
        """The first invalid common option, as a message naming it; checked before any API call."""
        params = self.params
        if not params.get("api_key"):
            return _missing_credential("api_key", API_KEY_ENV)
        if not params.get("api_secret_key"):
            return _missing_credential("api_secret_key", API_SECRET_KEY_ENV)
        url_problem = check_api_url(params["api_url"])
        if url_problem:
            return url_problem
        if params["api_timeout"] <= 0:
            return f"api_timeout must be greater than 0 seconds (got {params['api_timeout']})"
        if self.with_wait:
            if params["poll_interval"] <= 0:
                return f"poll_interval must be greater than 0 seconds (got {params['poll_interval']:g})"
            if params["wait_timeout"] < params["poll_interval"]:
                return f"wait_timeout ({params['wait_timeout']} s) must be at least poll_interval ({params['poll_interval']:g} s)"
        return None

    @property
    def client(self) -> RedisCloudClient:
        if self._client is None:
            try:
                self._client = RedisCloudClient(
                    api_url=self.params["api_url"],
                    api_key=self.params["api_key"],
                    api_secret_key=self.params["api_secret_key"],
                    validate_certs=self.params["validate_certs"],
                    timeout=self.params["api_timeout"],
                )
            except RedisCloudError as exc:
                self.fail_from_error(exc)
        return self._client

    def deadline(self) -> Deadline:
        """The module's one wait budget (wait_timeout), started on first call and shared by every wait of this run."""
        if self._deadline is None:
            self._deadline = Deadline(self.params["wait_timeout"])
        return self._deadline

    def task_waiter(self, deadline: Deadline | None = None, timeline: Timeline | None = None) -> TaskWaiter:
        return TaskWaiter(
            self.client,
            poll_interval=self.params["poll_interval"],
            wait_timeout=self.params["wait_timeout"],
            deadline=deadline or self.deadline(),
            timeline=timeline,
        )

    def fail_from_error(self, exc: RedisCloudError, **result: Any) -> NoReturn:
        self.module.fail_json(msg=str(exc), failure=exc.to_failure(), **result)
        raise AssertionError("fail_json returned")  # pragma: no cover - fail_json exits


def _missing_credential(option: str, env_names: tuple[str, ...]) -> str:
    first, others = env_names[0], ", ".join(env_names[1:])
    return f"{option} is required: set it, or set {first} (or {others}) in the environment, or use module_defaults group/rediscloud.api.redis_cloud"
