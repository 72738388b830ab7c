# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vendored OpenAPI description of the Redis Cloud API, and body validation against its schemas.

    from redis_cloud_simulator.spec import load_spec, validate_body

    problems = validate_body("DatabaseCreateRequest", body)            # [] when valid
    problems = validate_body("Database", answer, direction="response")

The file is the package's `openapi.json`, or the path in the REDIS_CLOUD_OPENAPI environment
variable. In the repository that package file is a symbolic link to `tests/spec/openapi.json` (the one
vendored copy, see tests/spec/README.md); building the package (`pip install tests/simulator`, a wheel)
copies the file itself in, so an installed simulator carries its spec. A missing file raises
SpecNotFoundError: tests that need the spec fail, they never skip, and the command refuses to start.

The vendored file is the published one with its non-ASCII characters (72 typographic quotes)
written as JSON escapes, because ansible-test's no-smart-quotes check reads every text file of
the collection: the same JSON document, and published_bytes() gives back the published bytes
exactly. `python -m redis_cloud_simulator.spec vendor DOWNLOADED.json` makes the vendored file
from a fresh download.

The spec is OpenAPI 3.0.1, whose schema dialect is JSON Schema draft 4 plus a few keywords
(boolean `exclusiveMinimum`, `readOnly`), so bodies are checked with the draft 4 validator.
Where the API and its own spec disagree, DEVIATIONS (below) says what is checked instead and why.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

SPEC_ENVIRONMENT_VARIABLE = "REDIS_CLOUD_OPENAPI"
PACKAGED_SPEC = "openapi.json"
# sha256 of the file as Redis publishes it (published_bytes() of the vendored file).
PUBLISHED_SHA256 = "78163ad06d14628a134b82735aa4fce44aa1d556a4fbba19501a167465eea7e8"
_ESCAPE = re.compile(rb"\\u([0-9a-f]{4})")


class SpecNotFoundError(FileNotFoundError):
    """The vendored spec is not where it should be."""


class SpecUnusableError(ValueError):
    """The spec file is there but cannot serve: not JSON, or without the schemas the simulator checks bodies with."""


# The request schemas the simulator's own routes check bodies against: check_spec() compiles them at start-up.
SERVED_REQUEST_SCHEMAS = (
    "SubscriptionCreateRequest", "SubscriptionUpdateRequest", "SubscriptionUpdateCMKRequest",
    "DatabaseCreateRequest", "DatabaseUpdateRequest", "DatabaseUpgradeRedisVersionRequest",
    "DatabaseTagsUpdateRequest", "DatabaseTagCreateRequest", "DatabaseTagUpdateRequest",
)


@dataclass(frozen=True)
class Deviation:
    where: str       # schema (and property) the deviation applies to
    spec_says: str
    checked: str     # what validate_body checks instead
    evidence: str


DEVIATIONS: tuple[Deviation, ...] = (
    Deviation("SubscriptionDatabaseSpec.protocol", "listed in `required`",
              "optional (the API defaults it to redis)",
              "the property's own description: \"Optional. Database protocol. ... Default: 'redis'\"; "
              "Redis's own subscription-create recipe omits it"),
    Deviation("ProcessorResponse.error", "an enum string (error type code)",
              "that string, or an object {type, status, description} whose type is one of the enum's codes",
              "the API sends the object (redis/docs manage-tasks; RedisLabs/rediscloud-go-api "
              "service/*/ *_test.go fixtures: \"error\": {\"type\": ..., \"status\": ..., \"description\": ...})"),
    Deviation("every `additionalProperties: {type: object}` (links[], modules[].parameters, ...)",
              "a map whose values are objects",
              "a map with values of any type",
              "it is how the spec's generator renders a Java Map<String, Object>; the spec's own examples and every "
              "recorded answer put strings there (links: {\"rel\", \"href\", \"type\"})"),
    Deviation("AclRedisRuleUpdateRequest.name", "listed in `required`",
              "optional (redisRule stays required)",
              "the property's own description (\"Optional. Changes the Redis ACL rule name.\"); resending an unchanged name "
              "is refused with ACL_REDIS_RULE_NAME_ALREADY_EXISTS (terraform-provider-rediscloud issue #547), so the "
              "provider leaves it out unless it changes (resource_rediscloud_acl_rule.go, fix #553/#554) and the live "
              "API accepts the update"),
    Deviation("TgwUpdateCidrsRequest.cidrs[]", "a Cidr object {cidrAddress}",
              "a string (the CIDR) or that object; the transit gateway route refuses objects unless the config "
              "key tgw_cidrs_request is \"strings_or_objects\"",
              "the spec's own example ([\"10.10.10.0/24\", \"10.10.20.0/24\"]); RedisLabs/rediscloud-go-api "
              "service/transit_gateway/attachments (updateCidrs sends []*string) and transit_gateway_attachments_test.go "
              "TestUpdateAttachment, used against the live API by terraform-provider-rediscloud's transit gateway route"),
)

# Request bodies: properties the spec does not define are refused. The spec sets no
# additionalProperties: false, but a property it does not name is either a typo or a field
# the operation does not take (e.g. `port` in a DatabaseUpdateRequest): the API would
# ignore it at best, so a client must not send it.
_ERROR_OBJECT = {
    "type": "object",
    "required": ["type"],
    "properties": {"type": {"type": "string"}, "status": {"type": "string"}, "description": {"type": "string"}},
}


def spec_path() -> Path:
    """Where the spec is read from: $REDIS_CLOUD_OPENAPI, else the package's openapi.json.

    In a checkout (and an editable install) that file is a symbolic link to tests/spec/openapi.json;
    in a built package it is a copy made by the build.
    """
    override = os.environ.get(SPEC_ENVIRONMENT_VARIABLE)
    if override:
        return Path(override)
    return Path(__file__).with_name(PACKAGED_SPEC)


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecNotFoundError(
            f"the Redis Cloud OpenAPI spec is not at {path}: it is vendored as tests/spec/openapi.json, which the "
            f"package's {PACKAGED_SPEC} links to and a build copies in (or set {SPEC_ENVIRONMENT_VARIABLE})") from None
    return json.loads(text)


def load_spec(path: Path | str | None = None) -> dict[str, Any]:
    """The parsed spec (cached; do not modify it). Raises SpecNotFoundError when the file is missing."""
    return _load(Path(path) if path is not None else spec_path())


def check_spec(path: Path | str | None = None) -> Path:
    """Load the spec and compile the request validators the simulator needs; return the file's path.

    The command runs this before it listens, so a simulator that could not check a body refuses to start
    (SpecNotFoundError, SpecUnusableError) instead of answering every write with a 500 later.
    """
    spec_file = Path(path) if path is not None else spec_path()
    try:
        spec = load_spec(spec_file)
    except json.JSONDecodeError as error:
        raise SpecUnusableError(f"the Redis Cloud OpenAPI spec at {spec_file} is not JSON: {error}") from None
    schemas = spec.get("components", {}).get("schemas") if isinstance(spec, dict) else None
    missing = [name for name in SERVED_REQUEST_SCHEMAS if not isinstance(schemas, dict) or name not in schemas]
    if missing:
        raise SpecUnusableError(f"the Redis Cloud OpenAPI spec at {spec_file} lacks the schemas {', '.join(missing)}")
    try:
        for name in SERVED_REQUEST_SCHEMAS:
            _validator(spec_file, name, "request")
    except (KeyError, TypeError, jsonschema.SchemaError) as error:
        raise SpecUnusableError(f"the Redis Cloud OpenAPI spec at {spec_file} cannot be used: {error!r}") from None
    return spec_file


def escape_non_ascii(published: bytes) -> bytes:
    """The vendored form: every non-ASCII character as a JSON \\uXXXX escape (same JSON document)."""
    if b"\\u" in published:
        # The escapes would no longer be told apart from ours: published_bytes() could not undo them.
        raise ValueError("the published file already contains \\u escapes: vendor it by hand (see tests/spec/README.md)")
    text = published.decode("utf-8")
    if any(ord(character) > 0xFFFF for character in text):
        raise ValueError("characters outside the Basic Multilingual Plane: vendor it by hand")
    return "".join(character if ord(character) < 0x80 else f"\\u{ord(character):04x}" for character in text).encode("ascii")


def published_bytes(path: Path | str | None = None) -> bytes:
    """The spec's bytes as Redis publishes them (escape_non_ascii undone)."""
    vendored = Path(path) if path is not None else spec_path()
    if not vendored.is_file():
        _load(vendored)  # raises SpecNotFoundError
    return _ESCAPE.sub(lambda match: chr(int(match.group(1), 16)).encode("utf-8"), vendored.read_bytes())


def schema_names(path: Path | str | None = None) -> list[str]:
    return sorted(load_spec(path)["components"]["schemas"])


def _relaxed_components(spec: dict[str, Any]) -> dict[str, Any]:
    """components with DEVIATIONS applied."""
    components = copy.deepcopy(spec["components"])
    schemas = components["schemas"]
    schemas["SubscriptionDatabaseSpec"]["required"] = [
        name for name in schemas["SubscriptionDatabaseSpec"]["required"] if name != "protocol"]
    schemas["AclRedisRuleUpdateRequest"]["required"] = [
        name for name in schemas["AclRedisRuleUpdateRequest"]["required"] if name != "name"]
    error = schemas["ProcessorResponse"]["properties"]["error"]
    error_object = copy.deepcopy(_ERROR_OBJECT)
    error_object["properties"]["type"]["enum"] = list(error["enum"])
    schemas["ProcessorResponse"]["properties"]["error"] = {"anyOf": [error, error_object]}
    tgw_cidrs = schemas["TgwUpdateCidrsRequest"]["properties"]["cidrs"]
    tgw_cidrs["items"] = {"anyOf": [{"type": "string"}, tgw_cidrs["items"]]}
    _any_map_values(schemas)
    return components


def _any_map_values(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _any_map_values(item)
    elif isinstance(node, dict):
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and extra.get("type") == "object" and "properties" not in extra:
            node["additionalProperties"] = {}
        for value in node.values():
            _any_map_values(value)


def _strict_for_requests(node: Any, schemas: dict[str, Any]) -> None:
    """Request view: no property the schema does not name, none that it marks readOnly."""
    if isinstance(node, list):
        for item in node:
            _strict_for_requests(item, schemas)
        return
    if not isinstance(node, dict):
        return
    properties = node.get("properties")
    # A schema with oneOf/anyOf/allOf is a base whose variants add properties: left open.
    combined = any(keyword in node for keyword in ("oneOf", "anyOf", "allOf"))
    if (isinstance(properties, dict) and node.get("type", "object") == "object"
            and "additionalProperties" not in node and not combined):
        writable = {name: spec for name, spec in properties.items() if not spec.get("readOnly", False)}
        node["properties"] = writable
        node["additionalProperties"] = False
    for value in node.values():
        _strict_for_requests(value, schemas)


@functools.lru_cache(maxsize=8)
def _components(path: Path, direction: str) -> dict[str, Any]:
    components = _relaxed_components(_load(path))
    if direction == "request":
        _strict_for_requests(components["schemas"], components["schemas"])
    return components


@functools.lru_cache(maxsize=256)
def _validator(path: Path, schema_name: str, direction: str) -> jsonschema.Draft4Validator:
    components = _components(path, direction)
    if schema_name not in components["schemas"]:
        raise KeyError(f"no schema {schema_name!r} in {path}")
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": components}
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def _where(error: jsonschema.ValidationError) -> str:
    where = ""
    for part in error.absolute_path:
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
    return where or "body"


def validate_body(schema_name: str, body: Any, direction: str = "request",
                  path: Path | str | None = None) -> list[str]:
    """Problems of `body` against components.schemas[schema_name], [] when it is valid.

    direction "request": a body a client sends (unknown and readOnly properties are problems);
    "response": a body the API answers (unknown properties allowed: answers carry more than the spec names).
    Raises SpecNotFoundError without the file, KeyError for an unknown schema name.
    """
    if direction not in ("request", "response"):
        raise ValueError("direction must be 'request' or 'response'")
    spec_file = Path(path) if path is not None else spec_path()
    validator = _validator(spec_file, schema_name, direction)
    problems = []
    for error in sorted(validator.iter_errors(body), key=lambda e: (list(map(str, e.absolute_path)), e.message)):
        problems.append(f"{_where(error)}: {error.message}")
    return problems


def _vendor(downloaded: str) -> int:
    published = Path(downloaded).read_bytes()
    json.loads(published)
    target = spec_path().resolve()  # the vendored file itself, not the package's link to it
    target.write_bytes(escape_non_ascii(published))
    print(f"wrote {target}\npublished sha256 {hashlib.sha256(published).hexdigest()} ({len(published)} bytes)\n"
          f"vendored  sha256 {hashlib.sha256(target.read_bytes()).hexdigest()}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "vendor":
        sys.exit("usage: python -m redis_cloud_simulator.spec vendor DOWNLOADED_OPENAPI.json")
    sys.exit(_vendor(sys.argv[2]))
