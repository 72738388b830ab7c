"""Bad input is refused before any API call, with a message that names the option.

One play holds every case (one ansible-playbook run keeps the suite fast); each task
is one bad input. The simulator's request log must stay empty: nothing was sent.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml

TASK_INFO = "rediscloud.api.redis_cloud_task_info"
SUBSCRIPTION = "rediscloud.api.redis_cloud_subscription"
A_TASK = str(uuid.UUID(int=1))
REGIONS = [{"region": "us-east-1"}]
PROVIDERS = [{"provider": "AWS", "regions": REGIONS}]
DATABASES = [{"name": "db", "protocol": "redis", "dataset_size_in_gb": 1}]
# Argument specs and failure output are ansible-core's: the whole file is in the smoke set of the second core.
# One xdist worker runs every case (scheduling.SHARED_RUN_FILES), so the shared play runs once.
pytestmark = pytest.mark.core_smoke


def plan(**overrides: Any) -> dict[str, Any]:
    """A valid create request for redis_cloud_subscription, with some options replaced."""
    options: dict[str, Any] = {"name": "bad-input", "payment_method": "marketplace", "cloud_providers": PROVIDERS, "databases": DATABASES}
    options.update(overrides)
    return options


def region(**overrides: Any) -> list[dict[str, Any]]:
    return [{"provider": "AWS", "regions": [{"region": "us-east-1", **overrides}]}]


def database(**overrides: Any) -> list[dict[str, Any]]:
    return [{"name": "db", "protocol": "redis", "dataset_size_in_gb": 1, **overrides}]


# (case id, module, options, words the message must contain)
CASES: list[tuple[str, str, dict[str, Any], list[str]]] = [
    ("zero poll_interval", TASK_INFO, {"task_id": A_TASK, "poll_interval": 0}, ["poll_interval"]),
    ("negative poll_interval", TASK_INFO, {"task_id": A_TASK, "poll_interval": -5}, ["poll_interval"]),
    ("wait_timeout below poll_interval", TASK_INFO, {"task_id": A_TASK, "wait": True, "wait_timeout": 5, "poll_interval": 10},
     ["wait_timeout", "poll_interval"]),
    ("negative wait_timeout", SUBSCRIPTION, plan(wait_timeout=-1), ["wait_timeout"]),
    ("non-UUID task_id", TASK_INFO, {"task_id": "not-a-task"}, ["task_id"]),
    ("non-UUID in task_ids", TASK_INFO, {"task_ids": [A_TASK, "12345"]}, ["task_ids"]),
    ("both task_id and task_ids", TASK_INFO, {"task_id": A_TASK, "task_ids": [A_TASK]}, ["task_id", "task_ids"]),
    ("http to a non-loopback host", TASK_INFO, {"task_id": A_TASK, "api_url": "http://api.redislabs.example/v1"}, ["api_url", "http"]),
    ("api_url not a URL", TASK_INFO, {"task_id": A_TASK, "api_url": "api.redislabs.com/v1"}, ["api_url"]),
    ("zero api_timeout", TASK_INFO, {"task_id": A_TASK, "api_timeout": 0}, ["api_timeout"]),
    ("missing api_key", TASK_INFO, {"task_id": A_TASK, "api_key": ""}, ["api_key", "REDISCLOUD_ACCESS_KEY"]),
    ("missing api_secret_key", TASK_INFO, {"task_id": A_TASK, "api_secret_key": ""}, ["api_secret_key", "REDISCLOUD_SECRET_KEY"]),
    ("unknown state", SUBSCRIPTION, plan(state="gone"), ["state"]),
    ("credit-card without payment_method_id", SUBSCRIPTION, plan(payment_method="credit-card"), ["payment_method_id", "credit-card"]),
    ("malformed deployment_cidr", SUBSCRIPTION, plan(cloud_providers=region(networking={"deployment_cidr": "10.0.0.0/33"})), ["deployment_cidr"]),
    ("deployment_cidr not an address", SUBSCRIPTION, plan(cloud_providers=region(networking={"deployment_cidr": "ten-dot-zero"})), ["deployment_cidr"]),
    ("empty region", SUBSCRIPTION, plan(cloud_providers=[{"provider": "AWS", "regions": [{"region": ""}]}]), ["region"]),
    ("no regions", SUBSCRIPTION, plan(cloud_providers=[{"provider": "AWS", "regions": []}]), ["regions"]),
    ("unknown provider", SUBSCRIPTION, plan(cloud_providers=[{"provider": "AZURE", "regions": REGIONS}]), ["provider"]),
    ("unknown memory_storage", SUBSCRIPTION, plan(memory_storage="disk"), ["memory_storage"]),
    ("neither name nor subscription_id", SUBSCRIPTION, {"state": "absent"}, ["name", "subscription_id"]),
    ("empty name", SUBSCRIPTION, plan(name=""), ["name"]),
    ("negative subscription_id", SUBSCRIPTION, {"subscription_id": -3, "state": "absent"}, ["subscription_id"]),
    ("empty creation plan", SUBSCRIPTION, plan(databases=[]), ["databases"]),
    ("unknown database protocol", SUBSCRIPTION, plan(databases=database(protocol="http")), ["protocol"]),
    ("zero dataset size", SUBSCRIPTION, plan(databases=database(dataset_size_in_gb=0)), ["dataset_size_in_gb"]),
    ("zero quantity", SUBSCRIPTION, plan(databases=database(quantity=0)), ["quantity"]),
    ("unknown throughput unit", SUBSCRIPTION, plan(databases=database(throughput_measurement={"by": "requests", "value": 10})), ["by"]),
]


def bad_input_play(api_url: str) -> list[dict[str, Any]]:
    tasks = [
        {"name": case_id, module: options, "register": "outcome", "ignore_errors": True}
        for case_id, module, options, _words in CASES
    ]
    return [{
        "name": "Every bad input, one task each",
        "hosts": "localhost",
        "gather_facts": False,
        "module_defaults": {"group/rediscloud.api.redis_cloud": {"api_url": api_url}},
        "tasks": tasks,
    }]


@pytest.fixture(scope="module")
def bad_input_run(simulator_process, tmp_path_factory):
    from harness import PlaybookRunner

    simulator_process.reset()
    playbook = Path(tmp_path_factory.mktemp("bad-input")) / "bad_input.yml"
    playbook.write_text(yaml.safe_dump(bad_input_play(simulator_process.api_url), sort_keys=False), encoding="utf-8")
    run = PlaybookRunner(simulator_process).run(str(playbook))
    return run, simulator_process.requests()


def test_there_are_at_least_twenty_cases_across_both_modules():
    assert len(CASES) >= 20
    assert {case[1] for case in CASES} == {TASK_INFO, SUBSCRIPTION}


@pytest.mark.parametrize("case_id, module, options, words", CASES, ids=[case[0] for case in CASES])
def test_bad_input_is_refused_naming_the_option(bad_input_run, case_id, module, options, words):
    run = bad_input_run[0]
    result = run.task(case_id)

    assert run.status(case_id) == "failed", f"{case_id}: {result}"
    for word in words:
        assert word in result["msg"], f"{case_id}: {word!r} not in {result['msg']!r}"
    assert "Traceback" not in result["msg"]


def test_no_bad_input_reached_the_api(bad_input_run):
    logged = bad_input_run[1]

    assert [entry for entry in logged if entry["path"].startswith("/v1")] == []
