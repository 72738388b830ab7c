"""RedisCloudModule: merged specs, environment fallbacks and validation before any API call."""

from __future__ import annotations

import json
from urllib.parse import quote, quote_plus

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import FAILURE_KEYS, ApiRequestError
from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded

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
            ({**CREDENTIALS, "poll_interval": 0.0001}, "poll_interval must be at least 1 second (got 0.0001): the first polls"),
            ({**CREDENTIALS, "poll_interval": "nan"}, "poll_interval must be a finite number (got nan)"),
            ({**CREDENTIALS, "poll_interval": "inf"}, "poll_interval must be a finite number (got inf)"),
            ({**CREDENTIALS, "poll_interval": 30, "wait_timeout": 20}, "wait_timeout (20 s) must be at least poll_interval (30 s)"),
            ({**CREDENTIALS, "wait_timeout": 86401}, "wait_timeout must be at most 86400 seconds"),
            ({**CREDENTIALS, "api_timeout": 0}, "api_timeout must be greater than 0 seconds (got 0)"),
            ({**CREDENTIALS, "api_timeout": 3601}, "api_timeout must be at most 3600 seconds"),
            ({**CREDENTIALS, "ca_path": "/nonexistent/corporate-ca.pem"}, "ca_path /nonexistent/corporate-ca.pem does not exist"),
            ({**CREDENTIALS, "api_url": "https://user:hunter2@api.redislabs.com/v1"}, "api_url must not contain credentials"),
            ({**CREDENTIALS, "api_key": "two words"}, "api_key contains a character that an HTTP header cannot carry"),
            ({**CREDENTIALS, "api_secret_key": "line\nbreak"}, "api_secret_key contains a character that an HTTP header cannot carry"),
            ({**CREDENTIALS, "api_key": "  \n"}, "api_key is required"),
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


def report_sizes() -> None:
    """A module with a nested float option, as redis_cloud_subscription has (databases[].dataset_size_in_gb)."""
    base = RedisCloudModule({"databases": {"type": "list", "elements": "dict", "options": {"size": {"type": "float"}}}}, with_wait=False)
    base.module.exit_json(changed=False)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN"])
def test_non_finite_numbers_are_refused_in_nested_options_too(run_module, value):
    run = run_module(report_sizes, {**CREDENTIALS, "databases": [{"size": 1.5}, {"size": value}]})
    assert run.failed
    assert run.result["msg"].startswith("databases[1].size must be a finite number (got ")


class TestCredentials:
    def test_a_key_with_a_trailing_newline_is_stripped(self, run_module, monkeypatch):
        monkeypatch.setenv("REDISCLOUD_ACCESS_KEY", "key-with-newline-7777\n")  # as `echo ... | ansible-vault encrypt_string` leaves it
        run = run_module(report_params, {"api_secret_key": f"  {API_SECRET_KEY}\r\n"})
        assert not run.failed
        assert (run.result["key_suffix"], run.result["secret_suffix"]) == ("7777", "0002")

    def test_the_refusal_of_a_bad_key_does_not_show_it(self, run_module):
        bad = "acct-with space-inside"
        run = run_module(report_params, {"api_key": bad, "api_secret_key": API_SECRET_KEY})
        assert run.failed and "with space" not in json.dumps(run.result)

    def test_every_form_of_a_key_is_masked_in_what_the_module_returns(self, run_module):
        secret = 'sec"ret%2F+key\\x'

        def echo_forms() -> None:
            base = RedisCloudModule({}, with_wait=False)
            value = base.params["api_secret_key"]
            base.module.exit_json(changed=False, forms=[repr(value), json.dumps(value), quote(value, safe=""), quote_plus(value), value])

        run = run_module(echo_forms, {"api_key": API_KEY, "api_secret_key": secret})
        printed = json.dumps(run.result)
        for form in (secret, repr(secret)[1:-1], json.dumps(secret)[1:-1], quote(secret, safe=""), quote_plus(secret)):
            assert form not in printed and json.dumps(form)[1:-1] not in printed

    def test_credentials_in_api_url_are_masked_in_the_invocation(self, run_module):
        run = run_module(report_params, {**CREDENTIALS, "api_url": "https://someone:hunter2@api.redislabs.com/v1"})
        assert run.failed
        assert "hunter2" not in json.dumps(run.result)
        assert run.result["invocation"]["module_args"]["api_url"] == "https://********@api.redislabs.com/v1"


@guarded
def crashes_after_a_request() -> None:
    base = RedisCloudModule({"crash_with": {"type": "str"}}, with_wait=False)
    answer = base.client.get("/tasks")
    int(answer["id"])  # an answer no parser expected: the id is the key the server echoed


@guarded
def crashes_before_the_module_exists() -> None:
    raise KeyError("spec")


@guarded
def crashes_before_any_request() -> None:
    RedisCloudModule({}, with_wait=False)
    raise ZeroDivisionError("division by zero")


@guarded
def raises_an_api_error() -> None:
    base = RedisCloudModule({}, with_wait=False)
    raise ApiRequestError(f"GET /tasks failed: HTTP 401: {base.params['api_secret_key']}", status=401, method="GET", path="/tasks")


class TestLastResortHandler:
    def test_an_unexpected_exception_names_its_type_and_the_last_request_and_shows_no_key(self, run_module, api_server):
        api_server.expect_request("/v1/tasks").respond_with_json({"id": f"{API_SECRET_KEY}\n"})
        run = run_module(crashes_after_a_request, {**CREDENTIALS, "api_url": api_server.url_for("/v1")})

        assert run.failed and run.exit_code == 1
        assert run.result["msg"].startswith("Unexpected ValueError after GET /tasks (the last request sent): invalid literal for int()")
        assert "this is a bug in rediscloud.api or an answer from the API it does not understand" in run.result["msg"]
        assert set(run.result["failure"]) == set(FAILURE_KEYS)
        assert (run.result["failure"]["method"], run.result["failure"]["path"]) == ("GET", "/tasks")
        printed = json.dumps(run.result)
        for form in (API_SECRET_KEY, repr(API_SECRET_KEY + "\n")[1:-1]):
            assert form not in printed
        assert "Traceback" not in printed and "exception" not in run.result

    def test_an_exception_before_the_module_exists_goes_on_to_ansible(self):
        # No request was sent, no answer read, no key known yet; ansible-test's import check relies on it.
        with pytest.raises(KeyError):
            crashes_before_the_module_exists()

    def test_an_unexpected_exception_before_any_request_says_so(self, run_module):
        run = run_module(crashes_before_any_request, CREDENTIALS)
        assert run.result["msg"].startswith("Unexpected ZeroDivisionError before any request was sent: division by zero.")

    def test_an_api_error_that_escapes_main_is_reported_as_a_failure_redacted(self, run_module):
        run = run_module(raises_an_api_error, CREDENTIALS)
        assert run.result["msg"] == "GET /tasks failed: HTTP 401: ********"
        assert run.result["failure"]["status"] == 401


def test_fail_from_error_redacts_the_partial_result_too(run_module):
    def fail_with_partial() -> None:
        base = RedisCloudModule({}, with_wait=False)
        echoed = json.dumps({"name": base.params["api_key"]})
        base.fail_from_error(ApiRequestError("GET /x failed"), task={"description": echoed})

    run = run_module(fail_with_partial, CREDENTIALS)
    assert API_KEY not in json.dumps(run.result) and json.dumps(API_KEY)[1:-1] not in json.dumps(run.result)


# issue 15: secrets inside URI options, one masking for every answer, numbers in range, TLS options ---------------

URI_PASSWORD = "Src/Pw@1 x"
URI_OPTIONS = {"source": {"type": "dict", "options": {"uris": {"type": "list", "elements": "str"}}}}


def echo_uri_options() -> None:
    """Returns its URI option and an answer holding other credentials: both come back masked."""
    base = RedisCloudModule(URI_OPTIONS, with_wait=False, secret_uri_options=("source.uris[]",))
    base.exit(changed=False, echoed=base.params["source"]["uris"],
              answer={"password": "from-the-api", "destination": "ftp://bk:p@ss-1a2b@host/x"})


def fail_with_uri_in_message() -> None:
    base = RedisCloudModule(URI_OPTIONS, with_wait=False, secret_uri_options=("source.uris[]",))
    base.fail(f"refused: {base.params['source']['uris'][0]} (server cut: {URI_PASSWORD[:8]}...)")


class TestSecretsInUris:
    def test_uri_credentials_are_no_log_values_and_answers_are_masked(self, run_module):
        run = run_module(echo_uri_options, {**CREDENTIALS, "source": {"uris": [f"redis://default:{URI_PASSWORD}@h:1", "s3://b/p"]}})
        text = json.dumps(run.result)
        assert URI_PASSWORD not in text and quote(URI_PASSWORD) not in text and "p@ss-1a2b" not in text
        assert run.result["echoed"] == ["redis://********@h:1", "s3://b/p"]
        assert run.result["answer"] == {"password": "********", "destination": "ftp://bk:********@host/x"}
        assert URI_PASSWORD not in json.dumps(run.result["invocation"]) and "s3://b/p" in json.dumps(run.result["invocation"])
        assert "no_log" not in json.dumps(run.result.get("warnings", []))

    def test_a_failure_loses_the_uri_credential_and_pieces_of_it(self, run_module):
        run = run_module(fail_with_uri_in_message, {**CREDENTIALS, "source": {"uris": [f"redis://default:{URI_PASSWORD}@h:1"]}})
        assert run.failed and run.result["msg"] == "refused: redis://********@h:1 (server cut: ********...)"


NUMBERS = {"subscription_id": {"type": "int"}, "quantity": {"type": "int"},
           "regions": {"type": "list", "elements": "dict", "options": {"write_operations_per_second": {"type": "int"}}}}


def numbers_module() -> None:
    RedisCloudModule(NUMBERS, with_wait=False).exit(changed=False)


class TestNumbers:
    @pytest.mark.parametrize(("args", "message"), [
        ({"subscription_id": 1e30}, "subscription_id must be between 1 and 2147483647, got 1e+30"),
        ({"quantity": 1e20}, "quantity must be between 0 and 2147483647, got 1e+20"),
        ({"regions": [{"write_operations_per_second": -5}]}, "regions[0].write_operations_per_second must be between 0 and 2147483647, got -5"),
        ({"subscription_id": 0}, "subscription_id must be between 1 and 2147483647, got 0"),
    ])
    def test_a_number_out_of_the_api_range_is_refused_naming_option_and_range(self, run_module, args, message):
        run = run_module(numbers_module, {**CREDENTIALS, **args})
        assert run.failed and run.result["msg"] == message

    def test_numbers_in_range_pass(self, run_module):
        assert not run_module(numbers_module, {**CREDENTIALS, "subscription_id": 2**31 - 1, "quantity": 0}).failed


def tls_module() -> None:
    RedisCloudModule({}, with_wait=False).exit(changed=False)


class TestTlsOptions:
    def test_validate_certs_false_warns_and_says_ca_path_is_ignored(self, run_module, tmp_path):
        ca = tmp_path / "ca.pem"
        ca.write_text("not used", encoding="utf-8")
        run = run_module(tls_module, {**CREDENTIALS, "validate_certs": False, "ca_path": str(ca)})
        assert not run.failed
        [warning] = run.result["warnings"]
        assert "validate_certs is false" in json.dumps(warning) and "ca_path is ignored" in json.dumps(warning)

    def test_a_ca_path_that_is_not_pem_is_refused_before_any_request(self, run_module, tmp_path):
        ca = tmp_path / "ca.der"
        ca.write_bytes(b"\x30\x82\x01\x0a garbage")
        run = run_module(tls_module, {**CREDENTIALS, "ca_path": str(ca)})
        assert run.failed and run.result["msg"].startswith(f"ca_path {ca} holds no PEM certificate")

    def test_an_empty_ca_directory_is_refused_naming_it(self, run_module, tmp_path):
        run = run_module(tls_module, {**CREDENTIALS, "ca_path": str(tmp_path)})
        assert run.failed and run.result["msg"].startswith(f"ca_path {tmp_path} is a directory without any PEM certificate")
