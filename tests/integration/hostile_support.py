"""Running a play against the hostile server, and the checks every hostile test makes (issue 10).

Each run is a real ``ansible-playbook`` at ``-vvvv`` (harness.PlaybookRunner), with its own
scratch directory for everything Ansible writes (local and remote temp, kept module files,
log, ANSIBLE_HOME), and the module run under a wrapper interpreter that records the module
process's peak memory. ``assert_clean`` then checks what must hold whatever the server did:
- neither key, nor any other secret the test names, in any form (raw, repr, JSON, URL, base64,
  HTML-escaped, whitespace-collapsed, and its first 10 and last 6 characters), appears in the
  output, the recorded results and diffs, or any file the run wrote (ANSIBLE_HOME, temp dirs, log);
- no request reached any host but api_url's (the server logs each Host; the decoy counts connections);
- no traceback;
- the run ended in bounded time, and each module process stayed under a memory bound.

A test marked ``shared_case(arrange=...)`` does not run a play of its own: the module's ``shared_run`` fixture
plays every such case in one ansible-playbook run (SharedRun), each against a server of its own, and the
test asserts on its case as it would on a run of its own.
"""

from __future__ import annotations

import base64
import functools
import html
import inspect
import json
import re
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
import yaml
from harness import PlaybookRun, PlaybookRunner

from hostile.server import HostileServer

TRACEBACK_MARKERS = ("Traceback (most recent call last)", "MODULE FAILURE", 'File "/')
# A module process of this collection peaks at about 35 MiB; an unbounded 1 GiB answer took 3-4 GiB.
MAX_MODULE_RSS_MIB = 128
# Generous: a run that needs longer is hanging.
DEFAULT_TIME_BOUND = 120.0

RSS_WRAPPER = """#!{python}
# Runs the module with the real interpreter, then records the module process's peak memory.
import json, resource, subprocess, sys
completed = subprocess.run([{python!r}, *sys.argv[1:]], check=False)
with open({log!r}, "a", encoding="utf-8") as log:
    log.write(json.dumps({{"module": sys.argv[1:2], "max_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}}) + "\\n")
sys.exit(completed.returncode)
"""


def hostile_credentials() -> tuple[str, str]:
    """Random keys; the secret one holds characters that JSON, repr and URL encoding all change."""
    return f"acct-{secrets.token_hex(8)}", f'sk-{secrets.token_hex(10)}"%2F+&\\=~'


def encodings(secret: str) -> set[str]:
    """The forms in which a leaked secret would show, written out independently of the collection's redaction
    (issue 15: also base64, HTML-escaped, whitespace-collapsed, and the pieces a cut leaves: its first 10 and last 6 characters)."""
    forms = set()
    for value in (secret, secret.strip(), " ".join(secret.split())):
        url = quote(value, safe="")
        forms |= {value, repr(value)[1:-1], json.dumps(value)[1:-1], url, quote(value), quote_plus(value),
                  re.sub(r"%[0-9A-F]{2}", lambda escape: escape.group(0).lower(), url),
                  json.dumps(json.dumps(value)[1:-1])[1:-1],  # JSON inside JSON, as a result holds a message holding a body
                  repr(json.dumps(value)[1:-1])[1:-1],  # JSON inside a Python literal, as in a module file
                  base64.b64encode(value.encode()).decode(), html.escape(value), html.escape(value, quote=False),
                  value[:10], value[-6:]}
    return {form for form in forms if form}


@dataclass
class HostileRun:
    run: PlaybookRun
    scratch: Path
    elapsed: float
    module_rss_kib: list[int] = field(default_factory=list)

    def task(self, name: str) -> dict[str, Any]:
        return self.run.task(name)

    def failed(self, name: str) -> bool:
        return self.run.status(name) == "failed"

    def written_files(self) -> dict[Path, bytes]:
        return {path: path.read_bytes() for path in self.scratch.rglob("*") if path.is_file()}


def play(server: HostileServer, tasks: list[dict[str, Any]], **defaults: Any) -> list[dict[str, Any]]:
    """A play on localhost whose module_defaults point the collection at the server (a default given as None is left out)."""
    options = {"api_url": server.api_url, "api_timeout": 10, "wait_timeout": 60, "poll_interval": 1, **defaults}
    options = {key: value for key, value in options.items() if value is not None}
    return [{"name": "Against a hostile API", "hosts": "localhost", "gather_facts": False,
             "module_defaults": {"group/rediscloud.api.redis_cloud": options}, "tasks": tasks}]


def task(title: str, module: str, register: str = "outcome", **options: Any) -> dict[str, Any]:
    return {"name": title, f"rediscloud.api.{module}": options, "register": register, "ignore_errors": True}


def run_play(server: HostileServer, workdir: Path, plays: list[dict[str, Any]], env: dict[str, str] | None = None,
             with_credentials: bool = True, extra_vars: dict[str, Any] | None = None, check_secrets: bool = True,
             diff: bool = True) -> HostileRun:
    """Run the plays at -vvvv, with --diff unless told (diffs are searched for secrets too)."""
    scratch = Path(tempfile.mkdtemp(prefix="run-", dir=workdir))
    playbook = scratch / "play" / "hostile.yml"
    playbook.parent.mkdir()
    playbook.write_text(yaml.safe_dump(plays, sort_keys=False), encoding="utf-8")
    rss_log = scratch / "rss.jsonl"
    wrapper = scratch / "python-rss"
    wrapper.write_text(RSS_WRAPPER.format(python=sys.executable, log=str(rss_log)), encoding="utf-8")
    wrapper.chmod(0o755)
    written = scratch / "written"
    environment = {
        "ANSIBLE_HOME": str(written / "home"),
        "ANSIBLE_LOCAL_TEMP": str(written / "local-tmp"),
        "ANSIBLE_REMOTE_TMP": str(written / "remote-tmp"),
        "ANSIBLE_KEEP_REMOTE_FILES": "1",
        "ANSIBLE_LOG_PATH": str(written / "ansible.log"),
        **(env or {}),
    }
    started = time.monotonic()
    run = PlaybookRunner(server, python=sys.executable).run(  # type: ignore[arg-type]  # the server has the simulator's attributes
        str(playbook), {"ansible_python_interpreter": str(wrapper), **(extra_vars or {})}, env=environment,
        with_credentials=with_credentials, timeout=600, check_secrets=check_secrets, diff=diff)
    elapsed = time.monotonic() - started
    rss = [json.loads(line)["max_rss_kib"] for line in rss_log.read_text(encoding="utf-8").splitlines()] if rss_log.exists() else []
    return HostileRun(run=run, scratch=written, elapsed=elapsed, module_rss_kib=rss)


# Cases sharing one run ----------------------------------------------------------------------------------------------

# Scripts a case's server and returns the case's plays (from play()), given the server and the test's parameters.
Arrangement = Callable[..., list[dict[str, Any]]]


@dataclass
class CaseRun:
    """One case of a SharedRun, seen as a HostileRun of its own: its task names, its own time, the run's output."""

    shared: HostileRun
    case_id: str

    @property
    def run(self) -> PlaybookRun:
        return self.shared.run

    @property
    def scratch(self) -> Path:
        return self.shared.scratch

    @property
    def module_rss_kib(self) -> list[int]:
        return self.shared.module_rss_kib

    @property
    def elapsed(self) -> float:
        """From the start of the case's first task to its last result (the recorder times each task)."""
        records = [record for record in self.run.results if record["task"].endswith(case_suffix(self.case_id))]
        assert records, f"no task of case {self.case_id!r} ran"
        return max(record["ended"] for record in records) - min(record["started"] for record in records)

    def __repr__(self) -> str:
        return f"CaseRun({self.case_id!r})"

    def task(self, name: str) -> dict[str, Any]:
        return self.run.task(name + case_suffix(self.case_id))

    def failed(self, name: str) -> bool:
        return self.run.status(name + case_suffix(self.case_id)) == "failed"

    def written_files(self) -> dict[Path, bytes]:
        return self.shared.written_files()


def case_suffix(case_id: str) -> str:
    return f" [{case_id}]"


class SharedRun:
    """Cases played in one ansible-playbook run instead of one run each (each run spends seconds starting up).

    Each case has a hostile server of its own (all with the same keys) and its own plays, whose
    module_defaults point at its server; its play and task names get " [case id]" appended. ``case(case_id)``
    gives what a test asserts on, as it would after a run of its own: the case's results and time, its server,
    and the whole run's output, files and module memory (assert_clean searches all of them)."""

    def __init__(self, workdir: Path, arrangements: dict[str, Callable[[HostileServer], list[dict[str, Any]]]]) -> None:
        self.workdir = workdir
        self.arrangements = arrangements
        self.servers: dict[str, HostileServer] = {}
        self.outcome: HostileRun | None = None

    def start(self) -> SharedRun:
        keys = hostile_credentials()
        plays: list[dict[str, Any]] = []
        for case_id, arrange in self.arrangements.items():
            server = self.servers[case_id] = HostileServer(*keys).start()
            suffix = case_suffix(case_id)
            plays += [{**one_play, "name": one_play["name"] + suffix,
                       "tasks": [{**one_task, "name": one_task["name"] + suffix} for one_task in one_play["tasks"]]}
                      for one_play in arrange(server)]
        if plays:
            self.outcome = run_play(next(iter(self.servers.values())), self.workdir, plays)
        return self

    def case(self, case_id: str) -> tuple[CaseRun, HostileServer]:
        assert self.outcome is not None, "the shared run did not run"
        return CaseRun(self.outcome, case_id), self.servers[case_id]

    def stop(self) -> None:
        for server in self.servers.values():
            server.stop()


def start_shared_run(request: pytest.FixtureRequest, workdir: Path) -> SharedRun:
    """A SharedRun of the selected tests of the requesting module marked ``shared_case(arrange=...)``; each case is
    ``arrange(server, **the test's parameters that arrange takes)``, and its id is the test's name."""
    arrangements: dict[str, Callable[[HostileServer], list[dict[str, Any]]]] = {}
    for item in request.session.items:
        mark = item.get_closest_marker("shared_case")
        if mark is None or getattr(item, "module", None) is not request.module:
            continue
        arrange: Arrangement = mark.kwargs["arrange"]
        wanted = inspect.signature(arrange).parameters
        callspec = getattr(item, "callspec", None)
        params = {name: value for name, value in (callspec.params.items() if callspec else ()) if name in wanted}
        arrangements[item.name] = functools.partial(arrange, **params)
    return SharedRun(workdir, arrangements).start()


def assert_clean(outcome: HostileRun | CaseRun, server: HostileServer, time_bound: float = DEFAULT_TIME_BOUND,
                 extra_secrets: tuple[str, ...] = ()) -> None:
    """What must hold after any run against a hostile server (see the module docstring); ``extra_secrets`` are searched
    for like the keys (a test that gives secrets as module options runs with ANSIBLE_KEEP_REMOTE_FILES=0: a kept module
    file holds its options by Ansible's design)."""
    forms = set().union(*(encodings(secret) for secret in (server.api_key, server.api_secret_key, *extra_secrets)))
    printed = outcome.run.all_output
    for form in forms:
        assert form not in printed, f"a key leaked into the output or results, as {form!r}"
    for path, content in outcome.written_files().items():
        text = content.decode("utf-8", errors="replace")
        for form in forms:
            assert form not in text, f"a key leaked into {path}, as {form!r}"
    assert server.hosts() <= {server.host}, f"requests reached other hosts: {server.hosts()}"
    assert server.decoy.connections == 0 and server.decoy.received == b"", "a request reached the decoy host"
    for marker in TRACEBACK_MARKERS:
        assert marker not in printed, f"{marker!r} in the output:\n{printed[-3000:]}"
    assert outcome.elapsed < time_bound, f"the run took {outcome.elapsed:.0f} s (bound {time_bound:.0f} s)"
    assert outcome.module_rss_kib, "the module's memory was not recorded (did the module run?)"
    assert max(outcome.module_rss_kib) < MAX_MODULE_RSS_MIB * 1024, f"a module process peaked at {max(outcome.module_rss_kib) // 1024} MiB"
