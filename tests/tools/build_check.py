# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check the collection artifact the way a user gets it.

1. ``ansible-galaxy collection build`` into ``--dist-dir``;
2. the tarball holds the collection and none of the tests, simulator or dev files;
3. install it into an empty temporary collections path;
4. ``ansible-doc`` renders every module from the installed copy;
5. a play runs ``rediscloud.api.redis_cloud_task_info`` from the installed copy
   against a local simulator, which must have seen the module's request.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run_with_simulator import running_simulator  # noqa: E402  pylint: disable=wrong-import-position

REPO_ROOT = Path(__file__).resolve().parents[2]
COLLECTION = "rediscloud.api"
VENV_BIN = Path(sys.executable).parent

# Member paths (relative to the collection root) that must never be shipped; top-level
# dot entries are all dev files (.venv*, .build, .ci, .git*, .ansible-lint, caches).
FORBIDDEN_MEMBER = re.compile(
    r"^(\.|tests/|docs/dev/|changelogs/fragments/|Makefile$|.*\.tar\.gz$)"
    r"|(^|/)(__pycache__|[^/]*\.egg-info|redis_cloud_simulator)(/|$)|\.pyc$"
)
REQUIRED_MEMBERS = ("MANIFEST.json", "FILES.json", "meta/runtime.yml", "README.md", "COPYING")

SMOKE_PLAY = """\
- name: Smoke test of the installed collection
  hosts: localhost
  gather_facts: false
  tasks:
    - name: List tasks through the installed module
      rediscloud.api.redis_cloud_task_info:
        api_url: "{{ lookup('ansible.builtin.env', 'SIM_API_URL') }}"
      register: smoke_tasks

    - name: The module answered without failing
      ansible.builtin.assert:
        that:
          - smoke_tasks is succeeded
"""


class BuildCheckError(AssertionError):
    """A property of the artifact does not hold."""


def run(command: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildCheckError(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout


def build(dist_dir: Path) -> Path:
    dist_dir.mkdir(parents=True, exist_ok=True)
    output = run([str(VENV_BIN / "ansible-galaxy"), "collection", "build", "--force", "--output-path", str(dist_dir), str(REPO_ROOT)])
    match = re.search(r"Created collection for \S+ at (\S+\.tar\.gz)", output)
    if not match:
        raise BuildCheckError(f"cannot find the artifact path in ansible-galaxy's output:\n{output}")
    return Path(match.group(1))


def check_members(artifact: Path) -> list[str]:
    """Return the module names the artifact ships, after checking what it holds."""
    with tarfile.open(artifact) as tar:
        members = [name.removeprefix("./") for name in tar.getnames()]
    leaked = sorted(name for name in members if FORBIDDEN_MEMBER.search(name))
    if leaked:
        raise BuildCheckError("the artifact ships development files:\n  " + "\n  ".join(leaked))
    missing = [name for name in REQUIRED_MEMBERS if name not in members]
    if missing:
        raise BuildCheckError(f"the artifact lacks {missing}")
    modules = sorted(Path(name).stem for name in members if re.fullmatch(r"plugins/modules/[a-z0-9_]+\.py", name))
    if not modules:
        raise BuildCheckError("the artifact ships no modules")
    return modules


def isolated_env(collections_path: Path) -> dict[str, str]:
    """An environment that sees only the installed artifact, never the working tree."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ANSIBLE_")}
    env.update(ANSIBLE_COLLECTIONS_PATH=str(collections_path), ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false", ANSIBLE_NOCOLOR="1")
    return env


def install(artifact: Path, collections_path: Path) -> None:
    run([str(VENV_BIN / "ansible-galaxy"), "collection", "install", "--offline", "-p", str(collections_path), str(artifact)],
        env=isolated_env(collections_path))


def check_docs(modules: list[str], collections_path: Path) -> None:
    names = [f"{COLLECTION}.{module}" for module in modules]
    output = run([str(VENV_BIN / "ansible-doc"), "--json", "-t", "module", *names], env=isolated_env(collections_path))
    docs = json.loads(output)
    installed_root = collections_path.resolve()
    for name in names:
        doc = docs.get(name, {}).get("doc")
        if not doc or not doc.get("short_description"):
            raise BuildCheckError(f"ansible-doc rendered no documentation for {name}")
        if installed_root not in Path(doc["filename"]).resolve().parents:
            raise BuildCheckError(f"ansible-doc read {name} from {doc['filename']}, not from the installed copy")
        # The text renderer must cope with the docs too (semantic markup and all).
        run([str(VENV_BIN / "ansible-doc"), "-t", "module", name], env=isolated_env(collections_path))


def simulator_saw_task_requests(control_url: str) -> bool:
    with urllib.request.urlopen(f"{control_url}/_simulator/requests", timeout=10) as answer:  # noqa: S310 - loopback URL we started
        requests_seen = json.load(answer)["requests"]
    return any(entry["method"] == "GET" and "/tasks" in entry["path"] for entry in requests_seen)


def check_smoke_play(collections_path: Path, workdir: Path) -> None:
    playbook = workdir / "smoke.yml"
    playbook.write_text(SMOKE_PLAY, encoding="utf-8")
    with running_simulator() as simulator:
        env = {**isolated_env(collections_path), **simulator.environment()}
        run([str(VENV_BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", "-e", f"ansible_python_interpreter={sys.executable}",
             str(playbook)], env=env, cwd=workdir)
        if not simulator_saw_task_requests(simulator.control_url):
            raise BuildCheckError("the play succeeded but the simulator saw no GET on /tasks")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist-dir", type=Path, default=REPO_ROOT / ".build" / "dist")
    args = parser.parse_args()
    try:
        artifact = build(args.dist_dir.resolve())
        modules = check_members(artifact)
        print(f"built {artifact.name}: {len(modules)} modules, no development files")
        with tempfile.TemporaryDirectory(prefix="rediscloud-build-check-") as temp:
            collections_path = Path(temp) / "collections"
            install(artifact, collections_path)
            check_docs(modules, collections_path)
            print(f"ansible-doc renders {', '.join(modules)} from the installed artifact")
            check_smoke_play(collections_path, Path(temp))
            print("a play ran rediscloud.api.redis_cloud_task_info from the installed artifact against the simulator")
    except BuildCheckError as exc:
        print(f"build-check FAILED: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
