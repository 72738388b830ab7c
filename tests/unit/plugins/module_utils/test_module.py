"""RedisCloudModule: merged specs, environment fallbacks and validation before any API call."""

from __future__ import annotations

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.errors import ApiRequestError
from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule

API_KEY = "unit-test-account-key-0001"
API_SECRET_KEY = "unit-test-user-secret-0002"
CREDENTIALS = {"api_key": API_KEY, "api_secret_key": API_SECRET_KEY}


def report_params() -> None:
    """A minimal module on the base: reports the options it resolved."""
    base = RedisCloudModule({"name": {"type": "str"}}, wait_default=False)
    params = base.params
    base.module.exit_json(
        changed=False,
        api_url=params["api_url"],
        key_suffix=params["api_key"][-4:],
        secret_suffix=params["api_secret_key"][-4:],
        wait=params["wait"],
        wait_timeout=params["wait_timeout"],
        poll_interval=params["poll_interval"],
        check_mode=base.module.check_mode,
    )


def echo_credentials() -> None:
    """A careless module that returns its credentials: no_log must mask them."""
    base = RedisCloudModule({}, with_wait=False)
    base.module.exit_json(changed=False, echoed=[base.params["api_key"], base.params["api_secret_key"]])


def fail_with_api_error() -> None:
    base = RedisCloudModule({}, with_wait=False)
    base.fail_from_error(ApiRequestError("GET /tasks failed: HTTP 401: UNAUTHORIZED", status=401, error_type="UNAUTHORIZED",
                                         method="GET", path="/tasks"), changed=False)


class TestDefaults:
    def test_options_and_defaults(self, run_module):
        run = run_module(report_params, {**CREDENTIALS, "_ansible_check_mode": True})
        assert not run.failed
        assert run.result["api_url"] == "https://api.redislabs.com/v1"
        assert (run.result["wait"], run.result["wait_timeout"], run.result["poll_interval"]) == (False, 1800, 10)
        assert run.result["check_mode"] is True  # supports_check_mode is on by default

    def test_credentials_are_no_log(self, run_module):
        run = run_module(echo_credentials, CREDENTIALS)
        assert run.result["echoed"] == ["VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"] * 2


class TestEnvironment:
    @pytest.mark.parametrize(
        ("variables", "expected_suffix"),
        [
            ({"REDIS_API_KEY": "key-from-redis-api-3333"}, "3333"),
            ({"REDIS_CLOUD_API_KEY": "key-from-redis-cloud-2222", "REDIS_API_KEY": "key-from-redis-api-3333"}, "2222"),
            ({"REDISCLOUD_ACCESS_KEY": "key-from-rediscloud-1111", "REDIS_CLOUD_API_KEY": "key-from-redis-cloud-2222"}, "1111"),
        ],
    )
    def test_api_key_first_variable_wins(self, run_module, monkeypatch, variables, expected_suffix):
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        run = run_module(report_params, {"api_secret_key": API_SECRET_KEY})
        assert run.result["key_suffix"] == expected_suffix

    @pytest.mark.parametrize(
        ("names", "winner"),
        [
            (["REDIS_API_SECRET"], "REDIS_API_SECRET"),
            (["REDIS_CLOUD_API_SECRET", "REDIS_API_SECRET"], "REDIS_CLOUD_API_SECRET"),
            (["REDIS_CLOUD_SECRET_KEY", "REDIS_CLOUD_API_SECRET"], "REDIS_CLOUD_SECRET_KEY"),
            (["REDISCLOUD_SECRET_KEY", "REDIS_CLOUD_SECRET_KEY", "REDIS_API_SECRET"], "REDISCLOUD_SECRET_KEY"),
        ],
    )
    def test_secret_key_first_variable_wins(self, run_module, monkeypatch, names, winner):
        suffixes = {"REDISCLOUD_SECRET_KEY": "s001", "REDIS_CLOUD_SECRET_KEY": "s002", "REDIS_CLOUD_API_SECRET": "s003", "REDIS_API_SECRET": "s004"}
        for name in names:
            monkeypatch.setenv(name, f"secret-{suffixes[name]}")
        run = run_module(report_params, {"api_key": API_KEY})
        assert run.result["secret_suffix"] == suffixes[winner]

    def test_api_url_from_environment_and_option_wins(self, run_module, monkeypatch):
        monkeypatch.setenv("REDIS_CLOUD_API_URL", "http://127.0.0.1:9999/v1")
        assert run_module(report_params, CREDENTIALS).result["api_url"] == "http://127.0.0.1:9999/v1"
        monkeypatch.setenv("REDISCLOUD_URL", "http://127.0.0.1:8888/v1")
        assert run_module(report_params, CREDENTIALS).result["api_url"] == "http://127.0.0.1:8888/v1"
        run = run_module(report_params, {**CREDENTIALS, "api_url": "https://example.test/v1"})
        assert run.result["api_url"] == "https://example.test/v1"

    def test_explicit_option_beats_environment(self, run_module, monkeypatch):
        monkeypatch.setenv("REDISCLOUD_ACCESS_KEY", "key-from-env-9999")
        assert run_module(report_params, CREDENTIALS).result["key_suffix"] == "0001"


class TestValidation:
    @pytest.mark.parametrize(
        ("args", "message"),
        [
            ({"api_secret_key": API_SECRET_KEY},
             "api_key is required: set it, or set REDISCLOUD_ACCESS_KEY (or REDIS_CLOUD_API_KEY, REDIS_API_KEY) in the environment"),
            ({"api_key": API_KEY}, "api_secret_key is required: set it, or set REDISCLOUD_SECRET_KEY (or REDIS_CLOUD_SECRET_KEY, "),
            ({**CREDENTIALS, "api_url": "http://api.example.com/v1"}, "api_url uses plain http:// to api.example.com"),
            ({**CREDENTIALS, "poll_interval": 0}, "poll_interval must be greater than 0 seconds (got 0)"),
            ({**CREDENTIALS, "poll_interval": 30, "wait_timeout": 20}, "wait_timeout (20 s) must be at least poll_interval (30 s)"),
            ({**CREDENTIALS, "api_timeout": 0}, "api_timeout must be greater than 0 seconds (got 0)"),
        ],
    )
    def test_fails_with_a_message_naming_the_option(self, run_module, args, message):
        run = run_module(report_params, args)
        assert run.failed
        assert run.result["msg"].startswith(message)


def test_fail_from_error_returns_the_structured_failure(run_module):
    run = run_module(fail_with_api_error, CREDENTIALS)
    assert run.exit_code == 1
    assert run.result["msg"] == "GET /tasks failed: HTTP 401: UNAUTHORIZED"
    assert run.result["failure"]["error_type"] == "UNAUTHORIZED"
    assert run.result["failure"]["status"] == 401
    assert run.result["changed"] is False
