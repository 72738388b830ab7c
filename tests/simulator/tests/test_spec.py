# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""redis_cloud_simulator.spec: the vendored file, its loader and validate_body with the documented deviations."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from redis_cloud_simulator import spec
from redis_cloud_simulator.spec import (DEVIATIONS, SpecNotFoundError, escape_non_ascii, load_spec, published_bytes,
                                        spec_path, validate_body)

VENDORED = Path(__file__).resolve().parents[2] / "spec" / "openapi.json"


def test_the_spec_is_vendored_in_the_repository_unchanged() -> None:
    assert spec_path().resolve() == VENDORED  # the package's link to the vendored file
    published = published_bytes()
    assert hashlib.sha256(published).hexdigest() == spec.PUBLISHED_SHA256
    assert json.loads(published) == load_spec()
    readme = (VENDORED.parent / "README.md").read_text(encoding="utf-8")
    assert spec.PUBLISHED_SHA256 in readme and "2026-11-29" in readme
    assert hashlib.sha256(VENDORED.read_bytes()).hexdigest() in readme


def test_the_vendored_file_is_ascii_and_the_escaping_round_trips() -> None:
    vendored = VENDORED.read_bytes()
    vendored.decode("ascii")  # no typographic quotes left for ansible-test's no-smart-quotes
    assert escape_non_ascii(published_bytes()) == vendored
    assert escape_non_ascii("a \u2018b\u2019 c".encode()) == b"a \\u2018b\\u2019 c"
    with pytest.raises(ValueError, match="escapes"):
        escape_non_ascii(b'{"a": "\\u00e9"}')


def test_the_vendored_spec_is_the_published_description() -> None:
    document = load_spec()
    assert (document["openapi"], document["info"]["title"], document["info"]["version"]) == (
        "3.0.1", "Redis Cloud API", "Version 1")
    assert document["servers"] == [{"url": "https://api.redislabs.com/v1"}]
    assert (len(document["paths"]), len(document["components"]["schemas"])) == (75, 119)


def test_a_missing_spec_raises_instead_of_skipping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nowhere.json"
    monkeypatch.setenv(spec.SPEC_ENVIRONMENT_VARIABLE, str(missing))
    assert spec_path() == missing
    with pytest.raises(SpecNotFoundError, match="tests/spec/openapi.json"):
        load_spec()
    with pytest.raises(SpecNotFoundError):
        validate_body("DatabaseCreateRequest", {"name": "a"})


def test_the_environment_variable_points_at_another_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "openapi.json"
    copy.write_bytes(VENDORED.read_bytes().replace(b'"Version 1"', b'"Version 2"'))
    monkeypatch.setenv(spec.SPEC_ENVIRONMENT_VARIABLE, str(copy))
    assert load_spec()["info"]["version"] == "Version 2"


def test_valid_request_bodies_have_no_problems() -> None:
    assert validate_body("DatabaseCreateRequest", {
        "name": "cache", "datasetSizeInGb": 1, "replication": True, "password": "s3cret-Pass",
        "throughputMeasurement": {"by": "operations-per-second", "value": 1000},
        "modules": [{"name": "RedisBloom", "parameters": {"ERROR_RATE": 0.01}}],
        "alerts": [{"name": "dataset-size", "value": 80}], "sourceIp": ["10.0.0.0/24"],
    }) == []
    assert validate_body("DatabaseUpdateRequest", {"enableDefaultUser": False, "regexRules": [".*"]}) == []


def test_problems_name_the_field_and_the_rule() -> None:
    problems = validate_body("DatabaseCreateRequest", {
        "protocol": "http", "datasetSizeInGb": 0.01, "throughputMeasurement": {"by": "operations-per-second"},
    })
    assert problems == [
        "body: 'name' is a required property",
        "datasetSizeInGb: 0.01 is less than the minimum of 0.1",
        "protocol: 'http' is not one of ['redis', 'memcached']",
        "throughputMeasurement: 'value' is a required property",
    ]


def test_requests_may_not_carry_unknown_or_read_only_properties() -> None:
    # port, protocol and modules are not DatabaseUpdateRequest fields: they cannot change in place.
    assert validate_body("DatabaseUpdateRequest", {"port": 10001, "datasetSizeInGb": 2}) == [
        "body: Additional properties are not allowed ('port' was unexpected)"]
    # subscriptionId and commandType are readOnly in DatabaseCreateRequest.
    assert validate_body("DatabaseCreateRequest", {"name": "a", "subscriptionId": 5}) == [
        "body: Additional properties are not allowed ('subscriptionId' was unexpected)"]
    assert validate_body("SubscriptionCreateRequest", {
        "cloudProviders": [{"regions": [{"region": "us-east-1", "networking": {"deploymentCidr": "10.0.0.0/24"}}]}],
        "databases": [{"name": "a"}],
    }) == ["cloudProviders[0].regions[0].networking: Additional properties are not allowed ('deploymentCidr' was unexpected)"]


def test_answers_may_carry_fields_the_spec_does_not_name() -> None:
    assert validate_body("Database", {"databaseId": 7, "name": "a", "security": {"password": "x"}},
                         direction="response") == []
    assert validate_body("Database", {"databaseId": "7"}, direction="response") == ["databaseId: '7' is not of type 'integer'"]


def test_deviation_protocol_is_optional_in_a_creation_plan() -> None:
    plan = {"cloudProviders": [{"regions": [{"region": "us-east-1"}]}], "databases": [{"name": "a"}]}
    assert validate_body("SubscriptionCreateRequest", plan) == []
    assert "protocol" in load_spec()["components"]["schemas"]["SubscriptionDatabaseSpec"]["required"]
    assert any(deviation.where == "SubscriptionDatabaseSpec.protocol" for deviation in DEVIATIONS)


def test_deviation_task_error_as_object_or_string() -> None:
    task = {"taskId": "0c1f6d2c-7a8f-4f3e-9a55-2a3b4c5d6e7f", "status": "processing-error",
            "response": {"error": {"type": "SUBSCRIPTION_NOT_ACTIVE", "status": "403 FORBIDDEN", "description": "x"}},
            "links": [{"rel": "task", "type": "GET", "href": "https://api.redislabs.com/v1/tasks/x"}]}
    assert validate_body("TaskStateUpdate", task, direction="response") == []
    task["response"]["error"] = "SUBSCRIPTION_NOT_ACTIVE"
    assert validate_body("TaskStateUpdate", task, direction="response") == []
    task["response"]["error"] = {"type": "NO_SUCH_CODE"}
    assert len(validate_body("TaskStateUpdate", task, direction="response")) == 1
    task["response"] = {}
    task["taskId"] = "not-a-uuid"
    assert validate_body("TaskStateUpdate", task, direction="response") == ["taskId: 'not-a-uuid' is not a 'uuid'"]


def test_unknown_schema_and_direction_are_errors() -> None:
    with pytest.raises(KeyError, match="NoSuchSchema"):
        validate_body("NoSuchSchema", {})
    with pytest.raises(ValueError):
        validate_body("Database", {}, direction="sideways")
