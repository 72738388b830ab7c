# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A new user's first run, as README.md and docs/guide.md tell it (issue 16).

A fresh venv with ansible-core and requests; the collection built with ``ansible-galaxy
collection build`` and installed from its tarball; the simulator installed with ``pip install
tests/simulator`` and started with the guide's command line; then a play written from the
README's "A first play" (read from README.md) and the guide's database example: price in check mode, create, use the
facts, add a database. Nothing of the checkout is on the play's path but the tarball.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import yaml
from ansible.release import __version__ as ANSIBLE_CORE_VERSION

REPO_ROOT = Path(__file__).resolve().parents[3]
API_KEY, API_SECRET_KEY = "new-user-key", "new-user-secret"

# Appended to the README's first play: the guide's database example, then the facts as JSON for the asserts.
FURTHER_TASKS = """
- name: A database in it
  rediscloud.api.redis_cloud_database:
    subscription_id: "{{ redis_cloud_subscription_id }}"
    name: orders
    dataset_size_in_gb: 2
    data_persistence: aof-every-1-second
    source_ips: [10.0.0.0/16]
    tags: {team: orders}

- name: The ids and the endpoint are facts now
  ansible.builtin.debug:
    msg: "{{ {'subscription': redis_cloud_subscription_id, 'plan': redis_cloud_database_ids, 'orders': redis_cloud_database_public_endpoint,
              'priced': priced.pricing | length} | to_json }}"
"""


def readme_first_play() -> dict:
    """The play under README.md's "A first play", as a user copies it."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## A first play\n", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    [play] = yaml.safe_load(block)
    assert play["hosts"] == "localhost" and any("check_mode" in task for task in play["tasks"]), play
    return play


def run(command: list[str], **options) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(command, capture_output=True, text=True, check=False, **options)
    assert completed.returncode == 0, (command, completed.stdout[-3000:], completed.stderr[-3000:])
    return completed


def clean_environment(**extra: str) -> dict[str, str]:
    """Nothing that points back into the checkout or the developer's shell."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("ANSIBLE_", "REDISCLOUD_", "REDIS_")) and key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(extra)
    return env


def test_a_play_from_the_guide_runs_against_the_simulator_installed_as_the_guide_says(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], timeout=120)
    bin_dir = venv / "bin"
    # The same ansible-core as the dev venv (from pip's cache), requests, and the simulator as the guide installs it.
    run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         f"ansible-core=={ANSIBLE_CORE_VERSION}", "requests", str(REPO_ROOT / "tests" / "simulator")],
        timeout=600, env=clean_environment())
    dist, collections = tmp_path / "dist", tmp_path / "collections"
    run([str(bin_dir / "ansible-galaxy"), "collection", "build", "--output-path", str(dist), str(REPO_ROOT)], timeout=120,
        env=clean_environment(), cwd=tmp_path)
    [tarball] = dist.glob("rediscloud-api-*.tar.gz")
    run([str(bin_dir / "ansible-galaxy"), "collection", "install", "-p", str(collections), str(tarball)], timeout=120,
        env=clean_environment(), cwd=tmp_path)

    simulator = subprocess.Popen([str(bin_dir / "redis-cloud-simulator"), "--host", "127.0.0.1", "--port", "0", "--api-key", API_KEY,
                                  "--api-secret-key", API_SECRET_KEY, "--speed", "200"],
                                 cwd=tmp_path, env=clean_environment(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert simulator.stdout is not None
        api_url = simulator.stdout.readline().strip().removeprefix("listening on ")
        assert api_url.startswith("http://127.0.0.1:") and api_url.endswith("/v1"), api_url
        playbook = tmp_path / "my_redis_play.yml"
        play = readme_first_play()
        play["tasks"] += yaml.safe_load(FURTHER_TASKS)
        playbook.write_text(yaml.safe_dump([play], sort_keys=False), encoding="utf-8")

        played = run([str(bin_dir / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(playbook),
                      "-e", f"ansible_python_interpreter={bin_dir / 'python'}"], timeout=600, cwd=tmp_path,
                     env=clean_environment(REDISCLOUD_URL=api_url, REDISCLOUD_ACCESS_KEY=API_KEY, REDISCLOUD_SECRET_KEY=API_SECRET_KEY,
                                           ANSIBLE_COLLECTIONS_PATH=str(collections), ANSIBLE_LOCALHOST_WARNING="false",
                                           ANSIBLE_HOME=str(tmp_path / "ansible-home"), ANSIBLE_NOCOLOR="1"))

        with urllib.request.urlopen(f"{api_url.removesuffix('/v1')}/_simulator/state", timeout=10) as answer:  # loopback only
            state = json.loads(answer.read())
    finally:
        simulator.terminate()
        simulator.communicate(timeout=15)

    [subscription] = [sub for sub in state["subscriptions"] if not sub["deleted"]]
    assert (subscription["name"], subscription["status"]) == ("shop-cache", "active")
    databases = {db["name"]: db for db in state["databases"] if not db["deleted"]}
    assert set(databases) == {"cache", "orders"} and databases["orders"]["status"] == "active"
    readme_debug, further_debug = (part.split("\n", 1)[0] for part in played.stdout.split('"msg": ')[1:])
    facts = json.loads(json.loads(further_debug))  # the last debug task prints a JSON string
    assert json.loads(readme_debug) == f"subscription {subscription['id']}, databases [{databases['cache']['id']}]"
    assert facts["subscription"] == subscription["id"] and facts["plan"] == [databases["cache"]["id"]]
    assert facts["orders"].endswith(f":{databases['orders']['port']}") and facts["priced"] > 0
    assert "[WARNING]" not in played.stdout + played.stderr
