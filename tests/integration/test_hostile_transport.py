"""Hostile server, transport (issue 10 findings 1, 2, 4, 5, 15): redirects, keys, TLS, URLs with credentials.

Every test runs a real play at -vvvv against tests/hostile's server and ends with
hostile_support.assert_clean: no key in any encoding anywhere, no request to another host,
no traceback, bounded time and memory.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hostile_support import assert_clean, encodings, hostile_credentials, play, run_play, task

from hostile.certs import Certificate, self_signed
from hostile.server import TASK_ID, HostileServer, answer_json, redirect
from hostile.server import task as task_body

READ = "Read a task"


@pytest.fixture
def server() -> Iterator[HostileServer]:
    hostile = HostileServer(*hostile_credentials()).start()
    yield hostile
    hostile.stop()


@pytest.fixture(scope="module")
def certificates(tmp_path_factory) -> tuple[Certificate, Certificate]:
    """The server's self-signed certificate, and an unrelated one."""
    directory = tmp_path_factory.mktemp("hostile-tls")
    return self_signed(directory, "api"), self_signed(directory, "unrelated")


@pytest.fixture
def tls_server(certificates) -> Iterator[HostileServer]:
    hostile = HostileServer(*hostile_credentials(), certificate=certificates[0]).start()
    yield hostile
    hostile.stop()


def read_task(**options):  # type: ignore[no-untyped-def]
    return [task(READ, "redis_cloud_task_info", task_id=TASK_ID, **options)]


# finding 1: redirects -----------------------------------------------------------------------------

@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_to_another_host_is_not_followed_and_the_keys_stay_home(server, status, tmp_path):
    server.script("GET", f"/v1/tasks/{TASK_ID}", redirect(f"{server.decoy.url}/v1/tasks/{TASK_ID}", status))

    outcome = run_play(server, tmp_path, play(server, read_task()))

    result = outcome.task(READ)
    assert outcome.failed(READ)
    assert result["msg"].startswith(f"GET /tasks/{TASK_ID}: the API answered HTTP {status}, a redirect to another host, "
                                    f"127.0.0.2:{server.decoy.port}. Redirects are never followed, so nothing was sent there")
    assert result["failure"]["error_type"] == "REDIRECT"
    assert len(server.requests()) == 1
    assert_clean(outcome, server)


def test_a_create_redirected_with_307_is_not_sent_again_elsewhere(server, tmp_path):
    server.script("POST", "/v1/subscriptions", redirect(f"{server.decoy.url}/v1/subscriptions", 307))
    create = task("Create", "redis_cloud_subscription", name="hostile", payment_method="marketplace", wait=False,
                  cloud_providers=[{"regions": [{"region": "us-east-1"}]}], databases=[{"name": "db", "dataset_size_in_gb": 1}])

    outcome = run_play(server, tmp_path, play(server, [create]))

    assert outcome.failed("Create")
    assert "a redirect to another host" in outcome.task("Create")["msg"]
    assert len(server.requests("POST")) == 1
    assert_clean(outcome, server)


def test_https_redirected_to_plain_http_is_not_followed(tls_server, certificates, tmp_path):
    tls_server.script("GET", f"/v1/tasks/{TASK_ID}", redirect(f"{tls_server.decoy.url}/v1/tasks/{TASK_ID}"))

    outcome = run_play(tls_server, tmp_path, play(tls_server, read_task(), ca_path=str(certificates[0].cert)))

    assert "Redirects are never followed" in outcome.task(READ)["msg"]
    assert_clean(outcome, tls_server)


# finding 2: keys -----------------------------------------------------------------------------------

def test_a_key_with_a_trailing_newline_works_and_is_never_printed(server, tmp_path):
    # `echo "$KEY" | ansible-vault encrypt_string` leaves a newline at the end of the value.
    server.api_secret_key += "\n"
    outcome = run_play(server, tmp_path, play(server, read_task()))

    result = outcome.task(READ)
    assert result.get("failed") is not True, result
    assert result["task"]["taskId"] == TASK_ID
    assert [seen.keys_ok for seen in server.requests()] == [True]
    assert_clean(outcome, server)


@pytest.mark.parametrize("bad_part", [" inner space", "\tTab", "\x7fdel", "ünicode"])
def test_a_key_a_header_cannot_carry_is_refused_naming_the_option_only(server, bad_part, tmp_path):
    server.api_secret_key = server.api_secret_key[:8] + bad_part + server.api_secret_key[8:]

    outcome = run_play(server, tmp_path, play(server, read_task()))

    result = outcome.task(READ)
    assert result["msg"].startswith("api_secret_key contains a character that an HTTP header cannot carry")
    assert server.requests() == []
    assert_clean(outcome, server)


# finding 4: TLS -------------------------------------------------------------------------------------

def test_an_untrusted_certificate_fails_at_once_with_a_hint(tls_server, tmp_path):
    outcome = run_play(tls_server, tmp_path, play(tls_server, read_task()), env={"REQUESTS_CA_BUNDLE": "", "CURL_CA_BUNDLE": ""})

    result = outcome.task(READ)
    assert result["msg"].startswith(f"GET /tasks/{TASK_ID}: the TLS connection to 127.0.0.1 failed: [SSL: CERTIFICATE_VERIFY_FAILED]")
    assert "ca_path" in result["msg"] and "Not retried" in result["msg"]
    assert tls_server.requests() == []  # no request got past the handshake
    assert_clean(outcome, tls_server, time_bound=60)


def test_ca_path_trusts_the_server_s_ca(tls_server, certificates, tmp_path):
    outcome = run_play(tls_server, tmp_path, play(tls_server, read_task(), ca_path=str(certificates[0].cert)),
                       env={"REQUESTS_CA_BUNDLE": str(certificates[1].cert)})

    assert outcome.task(READ)["task"]["taskId"] == TASK_ID
    assert_clean(outcome, tls_server)


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_validate_certs_false_wins_over_a_ca_bundle_in_the_environment(tls_server, certificates, variable, tmp_path):
    # psf/requests#3829: with the variable set, a session's verify=False was silently ignored.
    outcome = run_play(tls_server, tmp_path, play(tls_server, read_task(), validate_certs=False), env={variable: str(certificates[1].cert)})

    assert outcome.task(READ)["task"]["taskId"] == TASK_ID
    assert_clean(outcome, tls_server)


# finding 5: a URL with credentials -----------------------------------------------------------------

def test_an_api_url_with_credentials_is_refused_and_never_printed(server, tmp_path):
    password = "url-password-0xDEADBEEF"
    url = server.api_url.replace("://", f"://someone:{password}@")

    # From the environment: a module option would be written into the module file (finding 15).
    outcome = run_play(server, tmp_path, play(server, read_task(), api_url=None), env={"REDISCLOUD_URL": url})

    result = outcome.task(READ)
    assert result["msg"].startswith("api_url must not contain credentials")
    assert server.requests() == []
    assert_clean(outcome, server, extra_secrets=(password,))


# finding 15: keys given as options land in the module file ------------------------------------------

@pytest.mark.core_smoke
def test_keys_given_as_options_are_in_the_module_file_ansible_writes_and_keys_from_the_environment_are_not(server, tmp_path):
    """Evidence for the advice in README "Authenticate" and docs/guide.md "Authentication"."""
    from_env = run_play(server, tmp_path, play(server, read_task()))
    assert_clean(from_env, server)

    as_options = run_play(server, tmp_path, play(server, read_task(api_key="{{ given_key }}", api_secret_key="{{ given_secret }}")),
                          with_credentials=False, extra_vars={"given_key": server.api_key, "given_secret": server.api_secret_key})

    assert as_options.task(READ)["task"]["taskId"] == TASK_ID
    module_files = {path: content for path, content in as_options.written_files().items() if path.name.startswith("AnsiballZ_")}
    assert module_files, "ANSIBLE_KEEP_REMOTE_FILES kept no module file"
    assert any(form.encode() in content for content in module_files.values() for form in encodings(server.api_secret_key))
    assert server.api_secret_key not in as_options.run.all_output  # no_log still masks the output


@pytest.mark.core_smoke
def test_keys_given_through_the_environment_keyword_are_printed_by_ansible_at_vvv(server, tmp_path):
    """Evidence for the docs' warning: the play keyword `environment:` puts the variables on the module's command line,
    which Ansible prints at -vvv (and logs, and `ps` shows). Keys exported before ansible-playbook run are not."""
    plays = play(server, read_task())
    plays[0]["environment"] = {"REDISCLOUD_ACCESS_KEY": "{{ given_key }}", "REDISCLOUD_SECRET_KEY": "{{ given_secret }}"}

    outcome = run_play(server, tmp_path, plays, with_credentials=False, check_secrets=False,
                       extra_vars={"given_key": server.api_key, "given_secret": server.api_secret_key})

    assert outcome.task(READ)["task"]["taskId"] == TASK_ID
    exec_lines = [line for line in outcome.run.stdout.splitlines() if "EXEC" in line and "AnsiballZ_" in line]
    assert any(f"REDISCLOUD_ACCESS_KEY={server.api_key}" in line for line in exec_lines)


def test_no_request_without_the_answer_the_play_needs(server, tmp_path):
    """The plain case, as a baseline for the checks: a task read with keys from the environment."""
    server.script("GET", f"/v1/tasks/{TASK_ID}", answer_json(task_body(status="processing-completed", resourceId=7)))

    outcome = run_play(server, tmp_path, play(server, read_task()))

    assert outcome.task(READ)["resource_id"] == 7
    assert_clean(outcome, server)
