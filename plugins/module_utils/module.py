# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""RedisCloudModule: the base every module builds on (argument specs, validation, client, waiting, results and
failures), and ``guarded``, the last-resort handler every module's main() runs under.

Every answer a module gives leaves through ``exit`` or ``fail`` (or ``fail_from_error``): that one place masks
the secrets any answer of the API may carry, and redacts every secret the run was given.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable
from typing import Any, NoReturn
from urllib.parse import unquote, urlsplit

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.rediscloud.api.plugins.module_utils import options as shared_options
from ansible_collections.rediscloud.api.plugins.module_utils.api.ca_bundle import ca_file
from ansible_collections.rediscloud.api.plugins.module_utils.api.client import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    RedisCloudClient,
    check_api_url,
    credential_problem,
)
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import (
    FAILURE_KEYS,
    RedisCloudError,
    printable,
    redact_data,
    redact_text,
    secret_forms,
)
from ansible_collections.rediscloud.api.plugins.module_utils.options import (
    API_KEY_ENV,
    API_SECRET_KEY_ENV,
    MAX_API_TIMEOUT,
    MAX_WAIT_TIMEOUT,
    auth_argument_spec,
    timing_argument_spec,
    wait_argument_spec,
)
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import Deadline, Timeline
from ansible_collections.rediscloud.api.plugins.module_utils.masking import mask_secrets
from ansible_collections.rediscloud.api.plugins.module_utils.uri_secrets import secret_parts

CREDENTIAL_OPTIONS = ("api_key", "api_secret_key")
# Numbers the API takes are int32 (the spec's format); ids start at 1, every other number at 0.
MAX_API_NUMBER = 2**31 - 1
# A read that is not part of a wait gives up on 429s after two of the API's 60-second windows.
MAX_PLAIN_READ_RATE_LIMITED_SECONDS = 120.0


class RedisCloudModule:
    # The instance of this run, for the last-resort handler (one module per process).
    active: RedisCloudModule | None = None

    def __init__(self, argument_spec: dict[str, Any], wait_default: bool = True, with_wait: bool = True,
                 secret_uri_options: tuple[str, ...] = (), **ansible_module_kwargs: Any) -> None:
        """``secret_uri_options``: paths of options whose values are URIs that may carry credentials, such as
        ``replica.sync_sources[].endpoint`` (``[]``: every element of a list); their credentials are secrets of the run."""
        spec = auth_argument_spec()
        spec.update(wait_argument_spec(wait_default) if with_wait else timing_argument_spec())
        spec.update(argument_spec)
        ansible_module_kwargs.setdefault("supports_check_mode", True)
        # Ansible logs the invocation (syslog, journal) as soon as the options are read: hold that back
        # until the credentials inside URI options are known, so that they are masked there too.
        self.module = AnsibleModule(argument_spec=spec, no_log=True, **ansible_module_kwargs)
        RedisCloudModule.active = self
        self.params: dict[str, Any] = self.module.params
        self.with_wait = with_wait
        self._client: RedisCloudClient | None = None
        self._deadline: Deadline | None = None
        self._secrets = self._take_secrets(secret_uri_options)
        self.module.no_log = False
        self.module._log_invocation()  # pylint: disable=protected-access  # held back above, now with every secret masked
        if not HAS_REQUESTS:
            self.fail(missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        problem = self.option_problem()
        if problem:
            self.fail(problem)
        self._warn_about_tls()

    def _take_secrets(self, secret_uri_options: tuple[str, ...]) -> tuple[str, ...]:
        """Every secret of the run: the values of no_log options, the credentials inside api_url and inside the URI
        options. Ansible masks every form of each (raw, stripped, repr, JSON, URL-encoded, ...) in whatever the module
        returns, invocation included. The keys lose their surrounding whitespace (``echo ... | ansible-vault
        encrypt_string`` leaves a newline)."""
        secrets = [value for value in self.module.no_log_values if isinstance(value, str) and value]
        for option in CREDENTIAL_OPTIONS:
            value = self.params.get(option)
            if isinstance(value, str):
                secrets.append(value)
                self.params[option] = value.strip()
        secrets.extend(_url_userinfo(self.params.get("api_url")))
        for path in secret_uri_options:
            for value in option_values(self.params, path):
                if isinstance(value, str):
                    secrets.extend(secret_parts(value))
        secrets = list(dict.fromkeys(secrets))
        for secret in secrets:
            self.module.no_log_values.update(secret_forms(secret))
        return tuple(sorted(secrets, key=len, reverse=True))

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret of this run (the keys as given, no_log options, credentials inside URIs), for redaction; never for display."""
        return self._secrets

    def _warn_about_tls(self) -> None:
        if self.params["validate_certs"]:
            return
        ignored = " ca_path is ignored while validate_certs is false." if self.params.get("ca_path") else ""
        self.module.warn("validate_certs is false: the API's TLS certificate is not checked, so anyone on the network path "
                         f"can read the API keys. Use it for test endpoints only.{ignored}")

    # every answer leaves through these

    def masked(self, result: dict[str, Any]) -> dict[str, Any]:
        """``result`` as it may be shown: secrets of API answers masked, the run's secrets redacted."""
        return mask_secrets(redact_data(result, self.secrets, pieces=False))

    def exit(self, **result: Any) -> NoReturn:
        """Return ``result`` (the one way a module succeeds)."""
        self.module.exit_json(**self.masked(result))
        raise AssertionError("exit_json returned")  # pragma: no cover - exit_json exits

    def fail(self, msg: str, **result: Any) -> NoReturn:
        """Fail with ``msg`` and ``result``, masked and redacted (pieces of secrets included: a server may cut them)."""
        shown = mask_secrets(redact_data({"msg": msg, **result}, self.secrets))
        self.module.fail_json(**shown)
        raise AssertionError("fail_json returned")  # pragma: no cover - fail_json exits

    def option_problem(self) -> str | None:
        """The first invalid common option, as a message naming it; checked before any API call."""
        params = self.params
        if not params.get("api_key"):
            return _missing_credential("api_key", API_KEY_ENV)
        if not params.get("api_secret_key"):
            return _missing_credential("api_secret_key", API_SECRET_KEY_ENV)
        for option in CREDENTIAL_OPTIONS:
            problem = credential_problem(option, params[option])
            if problem:
                return problem
        url_problem = check_api_url(params["api_url"])
        if url_problem:
            return url_problem
        ca_path = params.get("ca_path")
        if ca_path and not os.path.exists(ca_path):
            return f"ca_path {printable(ca_path, 200)} does not exist: give a PEM file of CA certificates (or a directory of them)"
        if ca_path and params["validate_certs"]:
            try:
                params["ca_path"] = ca_file(ca_path, self.module.tmpdir)
            except RedisCloudError as exc:
                return exc.message
        return (_non_finite_option(params) or _timeout_problem(params) or _wait_problem(params)
                or number_problem(self.module.argument_spec, params))

    @property
    def client(self) -> RedisCloudClient:
        if self._client is None:
            try:
                self._client = RedisCloudClient(
                    api_url=self.params["api_url"],
                    api_key=self.params["api_key"],
                    api_secret_key=self.params["api_secret_key"],
                    validate_certs=self.params["validate_certs"],
                    ca_path=self.params.get("ca_path"),
                    timeout=self.params["api_timeout"],
                    deadline=self.deadline(),
                    secrets=self.secrets,
                    max_rate_limited_seconds=None if self.waits else MAX_PLAIN_READ_RATE_LIMITED_SECONDS,
                )
            except RedisCloudError as exc:
                self.fail_from_error(exc)
        return self._client

    @property
    def waits(self) -> bool:
        """True when this run waits (wait=true): its reads may be rate limited for as long as wait_timeout allows."""
        return self.with_wait and bool(self.params.get("wait"))

    def deadline(self) -> Deadline:
        """The module's one wait budget (wait_timeout), started on first call and shared by every wait of this run.

        The client gets it too: every request's attempts and waits (rate limit, retries) fit in it."""
        if self._deadline is None:
            self._deadline = Deadline(self.params["wait_timeout"])
        return self._deadline

    def new_run(self) -> Run:
        """What the waits of this run share: the client, the one deadline (wait_timeout), a timeline, the poll interval."""
        return Run(self.client, self.deadline(), Timeline(), self.params["poll_interval"])

    def fail_from_error(self, exc: RedisCloudError, **result: Any) -> NoReturn:
        exc.redact(self.secrets)
        self.fail(str(exc), failure=exc.to_failure(), **result)

    def last_request(self) -> str | None:
        """The last request the client sent ("GET /subscriptions/7"), or None before any."""
        return self._client.last_request if self._client is not None else None


def guarded(main: Callable[[], None]) -> Callable[[], None]:
    """Run a module's ``main`` under the last-resort handler.

    Once the module exists (its options, keys included, are known), an exception that
    escapes ``main`` (a bug, or an answer no parser expected) becomes a failure that
    names the exception's type and the last request sent, with every secret redacted in
    every form, instead of Python's own text. Before that, no request was sent and no
    answer read: the exception goes on to Ansible (as ansible-test's import check needs).
    """

    @functools.wraps(main)
    def run() -> None:
        RedisCloudModule.active = None
        try:
            main()
        except SystemExit:
            raise
        except Exception as exc:  # pylint: disable=broad-exception-caught  # the last resort: nothing may escape raw
            base = RedisCloudModule.active
            if base is None:
                raise
            if isinstance(exc, RedisCloudError):
                base.fail_from_error(exc)
            _fail_unexpected(base, exc)

    return run


def _fail_unexpected(base: RedisCloudModule, exc: Exception) -> NoReturn:
    secrets = base.secrets
    last = base.last_request()
    step = f"after {last} (the last request sent)" if last else "before any request was sent"
    detail = redact_text(printable(str(exc), 300), secrets)
    message = (
        f"Unexpected {type(exc).__name__} {step}" + (f": {detail}" if detail else "") + ". The module stopped: this is a bug "
        "in rediscloud.api or an answer from the API it does not understand; please report it with this message. If this "
        "run sent a change, check the account's tasks (rediscloud.api.redis_cloud_task_info)."
    )
    failure = dict.fromkeys(FAILURE_KEYS)
    failure["message"] = message
    if last:
        failure["method"], _separator, failure["path"] = last.partition(" ")
    base.fail(message, failure=failure)


def _url_userinfo(api_url: Any) -> list[str]:
    """The user-info of an api_url such as https://user:pass@host (refused, and masked in what Ansible prints)."""
    if not isinstance(api_url, str) or "@" not in api_url:
        return []
    try:
        userinfo = urlsplit(api_url).netloc.rpartition("@")[0]
    except ValueError:
        return []
    return [text for text in dict.fromkeys((userinfo, unquote(userinfo))) if text]


def option_values(params: dict[str, Any], path: str) -> list[Any]:
    """The values at ``path`` in the options, such as ``replica.sync_sources[].endpoint`` (``[]``: each element of a list)."""
    values: list[Any] = [params]
    for part in path.split("."):
        name, each = (part[:-2], True) if part.endswith("[]") else (part, False)
        found = [value.get(name) for value in values if isinstance(value, dict)]
        if each:
            found = [item for value in found if isinstance(value, list) for item in value]
        values = [value for value in found if value is not None]
    return values


def number_problem(spec: dict[str, Any], params: dict[str, Any], prefix: str = "") -> str | None:
    """The first number option out of the API's range (int32; ids from 1, other numbers from 0), nested options
    included, naming the option and its range: refused before any request, never sent."""
    for name, option in spec.items():
        value = params.get(name) if isinstance(params, dict) else None
        if value is None:
            continue
        shown = f"{prefix}{name}"
        kind, elements = option.get("type"), option.get("elements")
        if kind in ("int", "float"):
            problem = _number_range_problem(shown, value)
        elif kind == "list" and elements in ("int", "float"):
            problem = next((p for p in (_number_range_problem(f"{shown}[{i}]", item) for i, item in enumerate(value)) if p), None)
        elif option.get("options") and kind == "dict":
            problem = number_problem(option["options"], value, f"{shown}.")
        elif option.get("options") and kind == "list":
            problem = next((p for p in (number_problem(option["options"], item, f"{shown}[{i}].") for i, item in enumerate(value)) if p), None)
        else:
            problem = None
        if problem:
            return problem
    return None


def _number_range_problem(name: str, value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    low = 1 if name.rstrip("]").rsplit("[", 1)[0].endswith(("_id", "_ids")) else 0
    if low <= value <= MAX_API_NUMBER:
        return None
    shown = str(value) if isinstance(value, int) and abs(value) < 10**15 else f"{value:.6g}"
    return f"{name} must be between {low} and {MAX_API_NUMBER}, got {shown}"


def _missing_credential(option: str, env_names: tuple[str, ...]) -> str:
    first, others = env_names[0], ", ".join(env_names[1:])
    return f"{option} is required: set it, or set {first} (or {others}) in the environment, or use module_defaults group/rediscloud.api.redis_cloud"


def _non_finite_option(params: dict[str, Any]) -> str | None:
    """``nan`` and ``inf`` pass Ansible's float type: refuse them in every option, nested ones included."""
    for name, value in _walk(params, ""):
        if isinstance(value, float) and not math.isfinite(value):
            return f"{name} must be a finite number (got {value})"
    return None


def _walk(value: Any, name: str) -> Any:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{name}.{key}" if name else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{name}[{index}]")
    else:
        yield name, value


def _timeout_problem(params: dict[str, Any]) -> str | None:
    api_timeout = params["api_timeout"]
    if api_timeout <= 0:
        return f"api_timeout must be greater than 0 seconds (got {api_timeout})"
    if api_timeout > MAX_API_TIMEOUT:
        return f"api_timeout must be at most {MAX_API_TIMEOUT} seconds (got {api_timeout}): it bounds one HTTP request"
    return None


def _wait_problem(params: dict[str, Any]) -> str | None:
    poll_interval, wait_timeout = params["poll_interval"], params["wait_timeout"]
    if poll_interval <= 0:
        return f"poll_interval must be greater than 0 seconds (got {poll_interval:g})"
    if poll_interval < shared_options.MIN_POLL_INTERVAL:
        return (
            f"poll_interval must be at least {shared_options.MIN_POLL_INTERVAL:g} second (got {poll_interval:g}): the first polls of a "
            "wait are 1.25 s apart anyway, and shorter intervals only spend the API's rate limit (400 requests per minute per key)"
        )
    if wait_timeout > MAX_WAIT_TIMEOUT:
        return f"wait_timeout must be at most {MAX_WAIT_TIMEOUT} seconds, one day (got {wait_timeout})"
    if wait_timeout < poll_interval:
        return f"wait_timeout ({wait_timeout} s) must be at least poll_interval ({poll_interval:g} s)"
    return None
