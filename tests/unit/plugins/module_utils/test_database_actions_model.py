"""resources/database_actions*.py: the backup and import actions' bodies (validated against the vendored spec), paths
for Pro and Essentials, final statuses, failures, checks before any request, and credentials in URIs; and the info
module's per-database status reads (engine/info.py ItemRead)."""

from __future__ import annotations

from typing import Any

import pytest
from scripted_api import ScriptedClient, accepted, db, dbs, make_run, task, tid

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import REDACTED, RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.info import InfoSpec, ResourceInfo, info_argument_spec
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_actions import Backup, Import
from ansible_collections.rediscloud.api.plugins.module_utils.module import option_values
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_actions_options import (
    BACKUP_SECRET_URI_OPTIONS,
    IMPORT_SECRET_URI_OPTIONS,
    backup_problems,
    import_problems,
    masked_uri,
)
from ansible_collections.rediscloud.api.plugins.module_utils.uri_secrets import secret_parts
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import DATABASE
from ansible_collections.rediscloud.api.plugins.modules.redis_cloud_database_info import INFO
from redis_cloud_simulator.spec import validate_body

URI = "s3://AKIAKEY:wJalr/XUtn+FEMI%40K@bucket/dump.rdb"


def params(**options: Any) -> dict[str, Any]:
    return {"plan_type": "pro", "subscription_id": 7, "database_id": 51, "backup_path": None, "region": None,
            "source_type": "aws-s3", "import_from_uri": [URI], "overwrite": True, **options}


class TestBodies:
    def test_a_backup_to_the_configured_destination_sends_no_body(self):
        assert Backup(params()).body() is None

    @pytest.mark.parametrize("plan_type, schema", [("pro", "DatabaseBackupRequest"), ("essentials", "FixedDatabaseBackupRequest")])
    def test_an_adhoc_backup_body_is_the_spec(self, plan_type, schema):
        body = Backup(params(plan_type=plan_type, backup_path="s3://bucket/x")).body()
        assert body == {"adhocBackupPath": "s3://bucket/x"} and validate_body(schema, body) == []

    def test_an_active_active_region_goes_in_the_body_and_the_status_read(self):
        action = Backup(params(region="us-east-1"))
        assert action.body() == {"regionName": "us-east-1"} and validate_body("DatabaseBackupRequest", action.body()) == []
        assert action.status_params() == {"regionName": "us-east-1"}

    @pytest.mark.parametrize("plan_type, schema", [("pro", "DatabaseImportRequest"), ("essentials", "FixedDatabaseImportRequest")])
    def test_an_import_body_is_the_spec(self, plan_type, schema):
        body = Import(params(plan_type=plan_type)).body()
        assert body == {"sourceType": "aws-s3", "importFromUri": [URI]} and validate_body(schema, body) == []

    def test_pro_and_essentials_differ_by_path_and_parent(self):
        pro, essentials = Backup(params()).target(), Backup(params(plan_type="essentials")).target()
        assert pro.type.item_path == "/subscriptions/{subscription_id}/databases/{database_id}"
        assert essentials.type.item_path == "/fixed/subscriptions/{subscription_id}/databases/{database_id}"
        assert (pro.parent.type.kind, essentials.parent.type.kind) == ("subscription", "Essentials subscription")


class TestStatuses:
    @pytest.mark.parametrize("status, final", [({}, False), ({"status": "exporting"}, False), ({"status": "importing"}, False),
                                               ({"status": "initializing"}, False), ({"status": "succeeded"}, True),
                                               ({"status": "success"}, True), ({"status": "failed"}, True)])
    def test_only_success_and_failure_are_final(self, status, final):
        assert Backup(params()).final(status) is final and Import(params()).final(status) is final

    def test_failures_name_their_reason_and_parameters(self):
        assert Backup(params()).failure({"status": "success"}) is None
        assert "failed: general-error" in Backup(params()).failure({"status": "failed", "failureReason": "general-error"})
        message = Import(params()).failure({"status": "failed", "failureReason": "file-corrupted",
                                            "failureReasonParams": [{"key": "bytes", "value": "12"}]})
        assert message == "The import into database 51 failed: file-corrupted (bytes=12)."

    def test_a_bad_uri_refusal_says_so_without_the_uri(self):
        exc = Import(params()).explain(RedisCloudError("refused: DATABASE_IMPORT_S3_BAD_URI", error_type="DATABASE_IMPORT_S3_BAD_URI"))
        assert "does not have the form its source_type takes" in str(exc) and URI not in str(exc)


class TestChecks:
    def test_no_import_without_overwrite(self):
        assert import_problems(params(overwrite=False)) == [
            "an import REPLACES ALL DATA in database 51: set overwrite=true to run it"]

    @pytest.mark.parametrize("options, words", [
        ({"import_from_uri": []}, "import_from_uri must list at least one URI"),
        ({"source_type": "redis", "import_from_uri": ["redis://a:1", "redis://b:2"]}, "takes one source database"),
        ({"source_type": "google-blob-storage"}, "import_from_uri[0] must start with gs://"),
        ({"import_from_uri": [URI, URI]}, "import_from_uri[1] repeats an earlier URI"),
        ({"database_id": 0}, "database_id must be a positive integer id"),
    ])
    def test_bad_imports_are_named_without_their_uri(self, options, words):
        problems = import_problems(params(**options))
        assert any(words in problem for problem in problems), problems
        assert not any("AKIAKEY" in problem or "wJalr" in problem for problem in problems)

    def test_accepted_forms(self):
        assert import_problems(params(source_type="ftp", import_from_uri=["ftps://u:p@host/a.rdb"])) == []
        assert import_problems(params(source_type="http", import_from_uri=["HTTPS://example.com/a.rdb"])) == []
        assert backup_problems(params(backup_path="s3://bucket/x")) == []

    def test_backup_checks(self):
        assert "backup_path must not be empty" in backup_problems(params(backup_path=" "))
        assert any("region applies to Active-Active Pro databases only" in problem
                   for problem in backup_problems(params(plan_type="essentials", region="us-east-1")))


class TestCredentials:
    def test_the_uri_options_are_declared_secret_so_every_part_is_masked(self):
        """RedisCloudModule makes the parts of these options' URIs secrets of the run (module.py, uri_secrets.py)."""
        [uri] = [value for path in IMPORT_SECRET_URI_OPTIONS for value in option_values(params(), path)]
        assert uri == URI and {"wJalr/XUtn+FEMI%40K", "wJalr/XUtn+FEMI@K"} <= set(secret_parts(uri))
        backup = params(backup_path="ftp://u:pw-123@host/x")
        assert [part for path in BACKUP_SECRET_URI_OPTIONS for value in option_values(backup, path) for part in secret_parts(value)]

    def test_the_userinfo_runs_to_the_last_at_sign(self):
        assert masked_uri("abs://:k/ey@with@account/container") == f"abs://{REDACTED}@account/container"
        assert masked_uri(URI) == f"s3://{REDACTED}@bucket/dump.rdb"
        assert masked_uri("https://example.com/a.rdb") == "https://example.com/a.rdb"

    def test_what_the_actions_show(self):
        assert Import(params()).shown_body() == {"sourceType": "aws-s3", "importFromUri": [f"s3://{REDACTED}@bucket/dump.rdb"]}
        assert Backup(params(backup_path="ftp://u:pw-123@host/x")).shown_body() == {"adhocBackupPath": f"ftp://{REDACTED}@host/x"}


class TestInfoItemReads:
    def test_include_is_an_option_only_where_reads_are_declared(self):
        assert info_argument_spec(INFO)["include"]["choices"] == ["backup_status", "import_status"]
        assert "include" not in info_argument_spec(InfoSpec(DATABASE, "database_id", "database_ids", "x"))

    def test_each_status_is_read_only_on_request_and_all_reads_are_sent_before_waiting(self, fake_clock):
        client = ScriptedClient().on("GET", "/subscriptions/7/databases", dbs(7, db(51, "a"), db(52, "b")))
        for database_id, number in ((51, 1), (52, 2)):
            client.on("GET", f"/subscriptions/7/databases/{database_id}/backup", accepted(tid(number), "databaseBackupStatusRequest"))
        client.on("GET", "/tasks", {"tasks": []})
        client.on("GET", f"/tasks/{tid(1)}", task(tid(1), "processing-completed", resource={"status": "success"}))
        disabled = {"type": "DATABASE_BACKUP_DISABLED", "description": "Database backup is disabled"}
        client.on("GET", f"/tasks/{tid(2)}", task(tid(2), "processing-error", error=disabled))
        options = {"database_id": None, "database_ids": None, "name": None, "wait": False, "fail_on_error": True}
        info = ResourceInfo(INFO, {**options, "subscription_id": 7, "include": ["backup_status"]}, make_run(client, fake_clock))

        result = info.read()

        assert [call[1] for call in client.calls[1:3]] == ["/subscriptions/7/databases/51/backup", "/subscriptions/7/databases/52/backup"]
        assert [database.get("backup_status") for database in result["databases"]] == [
            {"status": "success"}, {"error": {"type": "DATABASE_BACKUP_DISABLED", "description": "Database backup is disabled"}}]
        assert all("import_status" not in database for database in result["databases"])
