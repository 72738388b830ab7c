# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of the database actions (backup, import): argument specs, checks made before any request, credentials in URIs.

Choices come from the OpenAPI schemas DatabaseBackupRequest / FixedDatabaseBackupRequest and DatabaseImportRequest /
FixedDatabaseImportRequest; the URI forms per source type from redis/docs `back-up-and-import-data.md`. No message
ever repeats a URI: source URIs and backup paths may carry credentials (``s3://key:secret@bucket``, ``redis://:password@host``).
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import REDACTED
from ansible_collections.rediscloud.api.plugins.module_utils.uri_secrets import credentials

PLAN_TYPES = ["pro", "essentials"]
SOURCE_TYPES = ["http", "redis", "ftp", "aws-s3", "azure-blob-storage", "google-blob-storage"]
# The URI a source type takes (redis/docs back-up-and-import-data.md).
SOURCE_SCHEMES = {"http": ("http://", "https://"), "redis": ("redis://", "rediss://"), "ftp": ("ftp://", "ftps://"), "aws-s3": ("s3://",),
                  "azure-blob-storage": ("abs://",), "google-blob-storage": ("gs://",)}

# Options whose URIs may carry credentials: every part of them is a secret of the run (RedisCloudModule).
BACKUP_SECRET_URI_OPTIONS = ("backup_path",)
IMPORT_SECRET_URI_OPTIONS = ("import_from_uri[]",)

TARGET_OPTIONS: dict[str, Any] = {
    "plan_type": {"type": "str", "choices": PLAN_TYPES, "default": "pro"},
    "subscription_id": {"type": "int", "required": True},
    "database_id": {"type": "int", "required": True, "aliases": ["id"]},
}


def backup_argument_spec() -> dict[str, Any]:
    return {**TARGET_OPTIONS,
            # Not no_log: its credentials are the run's secrets (BACKUP_SECRET_URI_OPTIONS), the location is not.
            "backup_path": {"type": "str", "no_log": False, "aliases": ["adhoc_backup_path"]},
            "region": {"type": "str"}}


def import_argument_spec() -> dict[str, Any]:
    return {**TARGET_OPTIONS,
            "source_type": {"type": "str", "required": True, "choices": SOURCE_TYPES},
            # no_log keeps every URI out of every output: credentials ride in the user-info (IMPORT_SECRET_URI_OPTIONS)
            # and in the query of a pre-signed http(s) URL.
            "import_from_uri": {"type": "list", "elements": "str", "required": True, "no_log": True},
            "overwrite": {"type": "bool", "default": False}}


def _target_problems(params: dict[str, Any]) -> list[str]:
    return [f"{option} must be a positive integer id, got {params[option]}"
            for option in ("subscription_id", "database_id") if not 0 < params[option] < 2**31]


def backup_problems(params: dict[str, Any]) -> list[str]:
    problems = _target_problems(params)
    path = params.get("backup_path")
    if path is not None and not path.strip():
        problems.append("backup_path must not be empty")
    region = params.get("region")
    if region is not None and params["plan_type"] == "essentials":
        problems.append("region applies to Active-Active Pro databases only; an Essentials database has one region")
    elif region is not None and not region.strip():
        problems.append("region must not be empty")
    return problems


def import_problems(params: dict[str, Any]) -> list[str]:
    """Checked before any request; the URIs are named by their index only."""
    if not params["overwrite"]:
        return [f"an import REPLACES ALL DATA in database {params['database_id']}: set overwrite=true to run it"]
    problems = _target_problems(params)
    uris, source_type = params["import_from_uri"], params["source_type"]
    if not uris:
        problems.append("import_from_uri must list at least one URI")
    if source_type == "redis" and len(uris) > 1:
        problems.append("import_from_uri: a redis source_type takes one source database")
    schemes = SOURCE_SCHEMES[source_type]
    for index, uri in enumerate(uris):
        if not uri.strip().lower().startswith(schemes):
            problems.append(f"import_from_uri[{index}] must start with {' or '.join(schemes)} for source_type {source_type}")
        elif uri in uris[:index]:
            problems.append(f"import_from_uri[{index}] repeats an earlier URI")
    return problems


def masked_uri(uri: str) -> str:
    """The URI with the whole user-info of each URI in it replaced by ******** (user names too: a key id is half a credential)."""
    for credential in reversed(list(credentials(uri))):
        uri = uri[:credential.start] + REDACTED + uri[credential.end:]
    return uri
