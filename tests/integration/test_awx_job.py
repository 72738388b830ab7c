"""A Redis Cloud job as AWX / Automation Platform runs it.

AWX launches plays through ansible-runner and hands a custom credential to the job
only as the environment variables its injectors render. These tests do the same:
the credential type file in meta/awx is read and its ``env`` injectors rendered
with the simulator's keys, and that rendered environment is the job's only source
of credentials and API URL.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ansible_runner
import pytest
import yaml
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ansible_collections.rediscloud.api.plugins.module_utils.options import (
    API_KEY_ENV,
    API_SECRET_KEY_ENV,
    API_URL_ENV,
    DEFAULT_API_URL,
)
from harness import COLLECTIONS_PATH, PLAYBOOK_DIR, REPO_ROOT, SimulatorProcess

CREDENTIAL_TYPE_FILE = REPO_ROOT / "meta" / "awx" / "redis_cloud_api_credential_type.yml"
JOB_PLAYBOOK = PLAYBOOK_DIR / "awx_subscription.yml"
REGISTER_PLAYBOOK = REPO_ROOT / "playbooks" / "awx_register_credential_type.yml"
CREATE_TASK = "Create the subscription and wait until it is active"
REPORT_TASK = "Report the subscription the next job template can use"
# A simplified form of AWX's checks of a custom credential type (awx.main.fields):
# identifiers, field types, and environment variables a credential may not set.
AWX_IDENTIFIER = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
AWX_FIELD_TYPES = {"string", "boolean"}
AWX_BLOCKED_ENV_PREFIXES = ("ANSIBLE_", "AWX_", "JOB_", "INVENTORY_", "PROJECT_")


def load_credential_type() -> dict[str, Any]:
    return yaml.safe_load(CREDENTIAL_TYPE_FILE.read_text(encoding="utf-8"))


def render_injected_environment(credential_type: dict[str, Any], credential_inputs: dict[str, str]) -> dict[str, str]:
    """Render the ``env`` injectors as AWX does: a sandboxed Jinja2 environment whose
    namespace holds only the inputs the credential actually has (empty ones are left out)."""
    sandbox = ImmutableSandboxedEnvironment()
    namespace = {field_id: value for field_id, value in credential_inputs.items() if value}
    return {name: sandbox.from_string(template).render(**namespace) for name, template in credential_type["injectors"]["env"].items()}


@dataclass
class RunnerJob:
    """What one ansible-runner job left behind."""

    rc: int
    status: str
    events: list[dict[str, Any]]
    stdout: str
    private_data_dir: Path

    def task_events(self, event_name: str, task: str) -> list[dict[str, Any]]:
        """``event_data`` of the events of one kind (runner_on_ok, runner_on_skipped, ...) for a task."""
        return [event["event_data"] for event in self.events
                if event["event"] == event_name and event["event_data"].get("task") == task]

    def ok_result(self, task: str) -> dict[str, Any]:
        events = self.task_events("runner_on_ok", task)
        assert len(events) == 1, f"expected one ok result for {task!r}, got {len(events)}\n{self.stdout}"
        return events[0]["res"]


def run_job(sim: SimulatorProcess, private_data_dir: Path, subscription_name: str, check: bool) -> RunnerJob:
    credential_env = render_injected_environment(
        load_credential_type(),
        {"api_key": sim.api_key, "api_secret_key": sim.api_secret_key, "api_url": sim.api_url},
    )
    runner = ansible_runner.run(
        private_data_dir=str(private_data_dir),
        playbook=str(JOB_PLAYBOOK),
        inventory="localhost ansible_connection=local",
        envvars={
            **credential_env,
            # ansible-runner finds ansible-playbook on PATH: the one next to this interpreter.
            "PATH": os.pathsep.join((str(Path(sys.executable).parent), os.environ.get("PATH", ""))),
            "ANSIBLE_COLLECTIONS_PATH": str(COLLECTIONS_PATH),
            "ANSIBLE_HOME": str(REPO_ROOT / ".build" / "ansible-home"),
            "ANSIBLE_LOCALHOST_WARNING": "0",
            "ANSIBLE_NOCOLOR": "1",
        },
        extravars={"ansible_python_interpreter": sys.executable, "subscription_name": subscription_name},
        cmdline="--check" if check else None,
        # As AWX does (AWX_RUNNER_OMIT_ENV_FILES): keep the env/ input files off disk.
        suppress_env_files=True,
        quiet=True,
        timeout=600,
    )
    return RunnerJob(
        rc=runner.rc, status=runner.status, events=list(runner.events),
        stdout=runner.stdout.read(), private_data_dir=private_data_dir,
    )


def assert_no_credential_in_job(job: RunnerJob, sim: SimulatorProcess) -> None:
    """Neither key may show in the job's events, its stdout, or any file it wrote."""
    events_text = json.dumps(job.events)
    for secret in (sim.api_key, sim.api_secret_key):
        assert secret not in events_text, "a credential leaked into a job event"
        assert secret not in job.stdout, "a credential leaked into the job's stdout"
    for path in sorted(job.private_data_dir.rglob("*")):
        if not path.is_file():
            continue
        content = path.read_bytes()
        if path.name == "command" and path.parent.parent.name == "artifacts":
            content = _command_record_without_environment(content)
        for secret in (sim.api_key, sim.api_secret_key):
            assert secret.encode() not in content, f"a credential leaked into {path.relative_to(job.private_data_dir)}"


def _command_record_without_environment(content: bytes) -> bytes:
    """ansible-runner always records the environment it launched ansible-playbook with
    in artifacts/<ident>/command (mode 0600); that copy of the injected input is the
    runner's, not the job's output. Everything else in that record must be clean."""
    record = json.loads(content)
    assert set(record) == {"command", "cwd", "env"}, f"unexpected command record keys: {sorted(record)}"
    return json.dumps({"command": record["command"], "cwd": record["cwd"]}).encode()


def v1_writes(sim: SimulatorProcess) -> list[dict[str, Any]]:
    return [entry for entry in sim.requests()
            if entry["path"].startswith("/v1") and entry["method"] in ("POST", "PUT", "PATCH", "DELETE")]


@pytest.fixture
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh runner directory; the test's own environment carries no Redis Cloud settings,
    so the injected variables are the job's only credential source."""
    for name in [*API_KEY_ENV, *API_SECRET_KEY_ENV, *API_URL_ENV]:
        monkeypatch.delenv(name, raising=False)
    directory = tmp_path / "runner"
    directory.mkdir()
    return directory


# -- the credential type file -------------------------------------------------------

def test_credential_type_has_the_shape_awx_accepts():
    credential_type = load_credential_type()

    assert credential_type["kind"] == "cloud"
    assert credential_type["name"] and credential_type["description"]
    assert set(credential_type) == {"name", "description", "kind", "inputs", "injectors"}
    fields = {field["id"]: field for field in credential_type["inputs"]["fields"]}
    assert len(fields) == len(credential_type["inputs"]["fields"]), "field ids must be unique"
    assert all(AWX_IDENTIFIER.match(field_id) for field_id in fields)
    assert all(field["type"] in AWX_FIELD_TYPES and field["label"] for field in fields.values())
    assert set(credential_type["inputs"]["required"]) == {"api_key", "api_secret_key"}
    assert fields["api_key"].get("secret") is True and fields["api_secret_key"].get("secret") is True
    assert "api_url" in fields and "api_url" not in credential_type["inputs"]["required"]


def test_injectors_set_the_first_environment_variable_each_module_option_reads():
    credential_type = load_credential_type()
    injected = credential_type["injectors"]["env"]
    field_ids = {field["id"] for field in credential_type["inputs"]["fields"]}

    assert set(credential_type["injectors"]) == {"env"}
    assert set(injected) == {API_KEY_ENV[0], API_SECRET_KEY_ENV[0], API_URL_ENV[0]}
    assert not [name for name in injected if name.startswith(AWX_BLOCKED_ENV_PREFIXES)]
    sandbox = ImmutableSandboxedEnvironment()
    for name, template in injected.items():
        assert meta.find_undeclared_variables(sandbox.parse(template)) <= field_ids, f"{name} uses an unknown input"


def test_a_credential_without_api_url_injects_the_public_endpoint_not_an_empty_url():
    rendered = render_injected_environment(load_credential_type(), {"api_key": "k", "api_secret_key": "s", "api_url": ""})

    assert rendered == {API_KEY_ENV[0]: "k", API_SECRET_KEY_ENV[0]: "s", API_URL_ENV[0]: DEFAULT_API_URL}


# -- jobs through ansible-runner ------------------------------------------------------

@pytest.mark.core_smoke
def test_job_creates_the_subscription_with_only_the_injected_credential(sim, private_data_dir):
    # The play names no credentials and no api_url, so reaching the simulator at all
    # means the modules read the injected REDISCLOUD_* variables.
    assert not re.search(r"api_url|api_key|api_secret_key", JOB_PLAYBOOK.read_text(encoding="utf-8"))

    job = run_job(sim, private_data_dir, "awx-job", check=False)

    assert job.rc == 0 and job.status == "successful", job.stdout
    created = [subscription for subscription in sim.state()["subscriptions"] if subscription["name"] == "awx-job"]
    assert len(created) == 1
    result = job.ok_result(CREATE_TASK)
    assert result["changed"] is True
    assert result["ansible_facts"]["redis_cloud_subscription_id"] == created[0]["id"]
    assert result["subscription"]["status"] == "active"
    assert f"subscription {created[0]['id']} is active" in job.ok_result(REPORT_TASK)["msg"]
    creates = [entry for entry in v1_writes(sim) if entry["path"] == "/v1/subscriptions"]
    assert len(creates) == 1 and not creates[0]["body"].get("dryRun")
    assert_no_credential_in_job(job, sim)


def test_check_mode_job_prices_the_plan_and_creates_nothing(sim, private_data_dir):
    job = run_job(sim, private_data_dir, "awx-priced", check=True)

    assert job.rc == 0 and job.status == "successful", job.stdout
    result = job.ok_result(CREATE_TASK)
    assert result["changed"] is True
    assert result["pricing"], "check mode should return the dry run's pricing"
    for line in result["pricing"]:
        assert {"type", "quantity", "pricePerUnit", "priceCurrency"} <= set(line)
    assert job.task_events("runner_on_skipped", REPORT_TASK), "the report task should be skipped in check mode"
    writes = v1_writes(sim)
    assert [(entry["method"], entry["path"]) for entry in writes] == [("POST", "/v1/subscriptions")]
    assert writes[0]["body"]["dryRun"] is True
    assert sim.state()["subscriptions"] == []
    assert_no_credential_in_job(job, sim)


# -- the registration playbook ----------------------------------------------------------

# awx.awx cannot be installed here (no Galaxy). This stand-in has awx.awx.credential_type's
# documented options (name, description, kind, inputs, injectors, state) and records what
# it was given, so the test sees exactly what the playbook would send to the controller.
RECORDING_CREDENTIAL_TYPE_MODULE = textwrap.dedent("""\
    #!/usr/bin/python
    import json
    import os

    from ansible.module_utils.basic import AnsibleModule

    module = AnsibleModule(argument_spec=dict(
        name=dict(type="str", required=True),
        description=dict(type="str"),
        kind=dict(type="str", choices=["ssh", "vault", "net", "scm", "cloud", "insights"]),
        inputs=dict(type="dict"),
        injectors=dict(type="dict"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    ))
    with open(os.environ["AWX_MODULE_RECORD"], "w", encoding="utf-8") as record:
        json.dump(module.params, record)
    module.exit_json(changed=True)
""")


def install_recording_awx_collection(root: Path) -> Path:
    collection = root / "ansible_collections" / "awx" / "awx"
    (collection / "plugins" / "modules").mkdir(parents=True)
    (collection / "galaxy.yml").write_text("namespace: awx\nname: awx\nversion: 0.0.0-test\n", encoding="utf-8")
    (collection / "plugins" / "modules" / "credential_type.py").write_text(RECORDING_CREDENTIAL_TYPE_MODULE, encoding="utf-8")
    return root


def test_registration_playbook_sends_the_file_unrendered_to_awx_credential_type(tmp_path):
    collections = install_recording_awx_collection(tmp_path / "collections")
    record = tmp_path / "credential_type_params.json"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("REDISCLOUD_", "REDIS_"))}
    env.update(
        ANSIBLE_COLLECTIONS_PATH=os.pathsep.join((str(collections), str(COLLECTIONS_PATH))),
        ANSIBLE_HOME=str(REPO_ROOT / ".build" / "ansible-home"),
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
        AWX_MODULE_RECORD=str(record),
    )

    completed = subprocess.run(
        [str(Path(sys.executable).parent / "ansible-playbook"), str(REGISTER_PLAYBOOK),
         "-e", json.dumps({"ansible_python_interpreter": sys.executable})],
        capture_output=True, text=True, env=env, check=False, timeout=300,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    sent = json.loads(record.read_text(encoding="utf-8"))
    definition = load_credential_type()
    # The injector templates must reach the controller as written, for it to render per job.
    assert sent["injectors"] == definition["injectors"]
    assert sent["inputs"] == definition["inputs"]
    assert (sent["name"], sent["description"], sent["kind"], sent["state"]) == (
        definition["name"], definition["description"], definition["kind"], "present")
