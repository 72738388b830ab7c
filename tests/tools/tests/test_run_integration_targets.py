# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tests/tools/run_integration_targets.py: which API the ansible-test targets run against, and a "live" run.

A live run cannot be made from here. The last test shows the live code path works: it hands the
runner a config file, as a user with real keys would, that names a simulator started with keys of
its own, and checks the targets ran against that server and left nothing behind.
"""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# pylint: disable=wrong-import-position
import run_integration_targets  # noqa: E402
from run_with_simulator import running_simulator  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[3]
RUNNER = REPO_ROOT / "tests" / "tools" / "run_integration_targets.py"
STAGED_CONFIG = Path("tests/integration/integration_config.yml")


def staged_tree(tmp_path: Path) -> Path:
    staged = tmp_path / "ansible_collections" / "rediscloud" / "api"
    (staged / STAGED_CONFIG).parent.mkdir(parents=True)
    return staged


def test_a_config_file_is_staged_as_is_for_a_live_run(tmp_path):
    staged = staged_tree(tmp_path)
    live = tmp_path / "live.yml"
    live.write_text("api_url: https://api.redislabs.com/v1\napi_key: k\napi_secret_key: s\nname_prefix: mine\n", encoding="utf-8")
    with run_integration_targets.config_for_run("auto", staged, live) as where:
        assert (staged / STAGED_CONFIG).read_bytes() == live.read_bytes()
        assert "live run" in where and str(live) in where


def test_without_a_config_file_the_targets_get_a_running_simulator(tmp_path):
    staged = staged_tree(tmp_path)
    with run_integration_targets.config_for_run("auto", staged, tmp_path / "absent.yml") as where:
        config = dict(line.split(": ", 1) for line in (staged / STAGED_CONFIG).read_text(encoding="utf-8").splitlines()
                      if not line.startswith("#"))
        assert where == f"the simulator at {config['api_url']}"
        answer = requests.get(f"{config['api_url']}/", timeout=10,
                              headers={"x-api-key": config["api_key"], "x-api-secret-key": config["api_secret_key"]})
        assert answer.status_code == 200 and "account" in answer.json()
        assert config["name_prefix"] == "ansible-test"
        # The targets that play the customer's cloud side find the simulator's control endpoints there.
        assert requests.get(f"{config['simulator_control_url']}/config", timeout=10).status_code == 200
    # Stopped once the run is over.
    assert_refused(config["api_url"])


def test_api_simulator_ignores_a_config_file(tmp_path, capsys):
    staged = staged_tree(tmp_path)
    live = tmp_path / "live.yml"
    live.write_text("api_url: https://api.redislabs.com/v1\n", encoding="utf-8")
    with run_integration_targets.config_for_run("simulator", staged, live) as where:
        assert where.startswith("the simulator at http://127.0.0.1:")
        assert "https://api.redislabs.com" not in (staged / STAGED_CONFIG).read_text(encoding="utf-8")
    assert f"{live} is ignored" in capsys.readouterr().err


def assert_refused(url: str) -> None:
    try:
        requests.get(url, timeout=5)
    except requests.ConnectionError:
        return
    raise AssertionError(f"{url} still answers")


# The live path is the same for every target (the config file is copied into the staged collection, and the
# targets read it): a free read, a free task and a billable target show it; every target runs through the
# simulator path in `make integration-targets` on both cores.
LIVE_PATH_TARGETS = ("redis_cloud_account_info", "redis_cloud_task_info", "redis_cloud_subscription")


def test_a_live_run_needs_nothing_but_the_config_file(tmp_path):
    api_key, secret_key = f"live-{secrets.token_hex(6)}", f"live-secret-{secrets.token_hex(8)}"
    with running_simulator(access_key=api_key, secret_key=secret_key) as stand_in:
        config = tmp_path / "integration_config.yml"
        config.write_text(f"api_url: {stand_in.api_url}\napi_key: {api_key}\napi_secret_key: {secret_key}\n"
                          "name_prefix: live-path\n", encoding="utf-8")
        stage = tmp_path / "stage" / "ansible_collections" / "rediscloud" / "api"
        python_version = f"{sys.version_info.major}.{sys.version_info.minor}"
        subprocess.run([sys.executable, str(REPO_ROOT / "tests" / "tools" / "install_get_pip_fallback.py"), python_version], check=True)

        run = subprocess.run(
            [sys.executable, str(RUNNER), "--python", python_version, "--stage", str(stage), "--config", str(config), *LIVE_PATH_TARGETS],
            capture_output=True, text=True, timeout=1800, check=False,
        )

        output = run.stdout + run.stderr
        assert run.returncode == 0, output[-6000:]
        assert f"ansible-test integration targets against the API named in {config}" in output
        for target in LIVE_PATH_TARGETS:
            assert f"Running {target} integration test role" in output
        assert api_key not in output and secret_key not in output
        state = requests.get(f"{stand_in.control_url}/_simulator/state", timeout=10).json()
        created = state["subscriptions"]
        # The billable target created one subscription, named with the config's prefix, and deleted it.
        assert len(created) == 1
        assert all(sub["name"].startswith("live-path-") and sub["deleted"] for sub in created)
        paths = {entry["path"] for entry in requests.get(f"{stand_in.control_url}/_simulator/requests", timeout=10).json()["requests"]}
        assert {"/v1/", "/v1/regions", "/v1/payment-methods", "/v1/subscriptions", "/v1/tasks"} <= paths


def test_only_a_live_run_of_all_targets_leaves_out_the_simulator_only_ones():
    assert run_integration_targets.ansible_test_command("3.11", [], 0, live=True)[-2:] == ["--exclude", "rediscloud/simulator/"]
    assert "--exclude" not in run_integration_targets.ansible_test_command("3.11", [], 0, live=False)
    assert run_integration_targets.ansible_test_command("3.11", ["redis_cloud_vpc_peering"], 0, live=True)[-1] == "redis_cloud_vpc_peering"


def test_warnings_a_target_causes_itself_fail_the_run_and_are_named(tmp_path, capsys):
    script = tmp_path / "fake_ansible_test.py"
    script.write_text(
        "print('TASK [x] ***')\n"
        "print('[WARNING]: Using a template for task args is unsafe in some situations (see https://docs.ansible.com).')\n"
        "print('[WARNING]: VPC peering 101 is pending-acceptance')\n", encoding="utf-8")
    returncode, warnings = run_integration_targets.run_and_echo([sys.executable, str(script)], tmp_path, {})
    assert returncode == 0 and len(warnings) == 1 and "template for task args" in warnings[0]
    assert "pending-acceptance" in capsys.readouterr().out  # everything is echoed, other warnings pass
    assert run_integration_targets.forbidden_warnings(["[WARNING]: WorkerProcess for [x] errantly sent data directly to stderr"])
    assert not run_integration_targets.forbidden_warnings(["[WARNING]: remote_backup.storage_type cannot be verified"])
