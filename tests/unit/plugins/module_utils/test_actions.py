"""engine/actions.py: an action's write sent once behind the parent gate, its task waited for, its status read through
tasks until final; and Run.read_tasks, which every read answering a task goes through. A scripted client, a fake clock.

The action is the database backup (resources/database_actions.py), the smallest real one.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from scripted_api import NOT_FOUND, ScriptedClient, accepted, db, lost, make_run, refused_task, sub, task, tid

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError, TaskFailedError, WaitTimeoutError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.actions import ActionState, StatusUnreadable
from ansible_collections.rediscloud.api.plugins.module_utils.engine.state import Connection, RunFlags
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database_actions import Backup

BACKUP, STATUS = "databaseBackupRequest", "databaseBackupStatusRequest"
DB_PATH, SUB_PATH = "/subscriptions/7/databases/51", "/subscriptions/7"
B1, B2, S1, S2, S3 = tid(1), tid(2), tid(11), tid(12), tid(13)


def backup(client: ScriptedClient, fake_clock, check_mode: bool = False, wait: bool = True, wait_timeout: float = 600,
           **options: Any) -> ActionState:
    params = {"plan_type": "pro", "subscription_id": 7, "database_id": 51, "backup_path": None, "region": None, **options}
    return ActionState(Backup(params), make_run(client, fake_clock, wait_timeout=wait_timeout), RunFlags(check_mode, False, wait),
                       Connection(f"https://api.example.test/{uuid.uuid4()}/v1", "unit-test-account-key-0001"))


def status_task(task_id: str, **resource: Any) -> dict[str, Any]:
    return task(task_id, "processing-completed", STATUS, resourceId=51, additionalResourceId=7, resource=resource)


def settled_database(client: ScriptedClient) -> ScriptedClient:
    return client.on("GET", DB_PATH, db(51, "orders")).on("GET", SUB_PATH, sub(7, "shop"))


def test_check_mode_reads_the_database_and_sends_nothing(fake_clock):
    client = settled_database(ScriptedClient())

    result = backup(client, fake_clock, check_mode=True).perform()

    assert client.writes == [] and result["changed"] is True and result["task"] is None
    assert result["request"] == {"method": "POST", "path": DB_PATH + "/backup", "body": None}


def test_a_database_that_does_not_exist_fails_and_nothing_is_sent(fake_clock):
    client = ScriptedClient().on("GET", DB_PATH, NOT_FOUND)

    with pytest.raises(RedisCloudError, match=r"Database 51 was not found in subscription 7 .* nothing was sent"):
        backup(client, fake_clock).perform()
    assert client.writes == []


def test_the_backup_is_sent_once_then_its_status_read_until_final(fake_clock):
    client = settled_database(ScriptedClient())
    client.on("POST", DB_PATH + "/backup", accepted(B1, BACKUP))
    client.on("GET", f"/tasks/{B1}", task(B1, "processing-completed", BACKUP, resourceId=51, additionalResourceId=7))
    # Nothing reported yet, then an unknown running word, then success: only success ends the wait.
    client.on("GET", DB_PATH + "/backup", accepted(S1, STATUS), accepted(S2, STATUS), accepted(S3, STATUS))
    client.on("GET", f"/tasks/{S1}", status_task(S1)).on("GET", f"/tasks/{S2}", status_task(S2, status="exporting"))
    client.on("GET", f"/tasks/{S3}", status_task(S3, status="success", lastBackupTime="2026-01-01T10:00:00Z"))

    result = backup(client, fake_clock, backup_path="s3://bucket/x").perform()

    assert client.writes == [("POST", DB_PATH + "/backup", {"adhocBackupPath": "s3://bucket/x"})]
    assert result["backup_status"] == {"status": "success", "lastBackupTime": "2026-01-01T10:00:00Z"}
    assert result["task_id"] == B1 and result["changed"] is True
    assert client.count("GET", DB_PATH + "/backup") == 3


def test_a_status_read_refused_while_the_subscription_is_busy_is_read_again(fake_clock):
    client = settled_database(ScriptedClient())
    client.on("POST", DB_PATH + "/backup", accepted(B1, BACKUP))
    client.on("GET", f"/tasks/{B1}", task(B1, "processing-completed", BACKUP, resourceId=51))
    client.on("GET", DB_PATH + "/backup", accepted(S1, STATUS), accepted(S2, STATUS))
    client.on("GET", f"/tasks/{S1}", refused_task(S1, "SUBSCRIPTION_NOT_ACTIVE", STATUS))
    client.on("GET", f"/tasks/{S2}", status_task(S2, status="success"))

    state = backup(client, fake_clock)
    result = state.perform()

    assert result["backup_status"] == {"status": "success"}
    assert [entry["status"] for entry in state.run.timeline.as_list() if entry["what"].startswith("backup of")] == ["busy", "success"]


def test_a_refused_write_is_sent_again_once_the_subscription_is_active(fake_clock):
    client = ScriptedClient().on("GET", DB_PATH, db(51, "orders"))
    client.on("GET", SUB_PATH, sub(7, "shop"), sub(7, "shop", "pending"), sub(7, "shop"))
    client.on("POST", DB_PATH + "/backup", accepted(B1, BACKUP), accepted(B2, BACKUP))
    client.on("GET", f"/tasks/{B1}", refused_task(B1, "SUBSCRIPTION_NOT_ACTIVE", BACKUP))
    client.on("GET", f"/tasks/{B2}", task(B2, "processing-completed", BACKUP, resourceId=51))

    result = backup(client, fake_clock, wait=False).perform()

    assert [write[0] for write in client.writes] == ["POST", "POST"] and result["task_id"] == B2
    assert result["backup_status"] is None and client.count("GET", DB_PATH + "/backup") == 0


def test_a_lost_answer_is_never_sent_again(fake_clock):
    client = settled_database(ScriptedClient()).on("POST", DB_PATH + "/backup", lost("POST", DB_PATH + "/backup"))

    with pytest.raises(RedisCloudError, match="may have started. It was not sent again"):
        backup(client, fake_clock).perform()
    assert len(client.writes) == 1


def test_a_failed_backup_fails_with_its_reason_and_keeps_the_status(fake_clock):
    client = settled_database(ScriptedClient())
    client.on("POST", DB_PATH + "/backup", accepted(B1, BACKUP))
    client.on("GET", f"/tasks/{B1}", task(B1, "processing-completed", BACKUP, resourceId=51))
    client.on("GET", DB_PATH + "/backup", accepted(S1, STATUS))
    client.on("GET", f"/tasks/{S1}", status_task(S1, status="failed", failureReason="storage-full", lastBackupTime="t"))
    state = backup(client, fake_clock)

    with pytest.raises(RedisCloudError, match="The backup of database 51 failed: storage-full") as raised:
        state.perform()
    assert raised.value.last_status == "failed" and state.result["backup_status"]["failureReason"] == "storage-full"
    assert state.result["task_id"] == B1


def test_the_api_refusals_come_with_what_to_do(fake_clock):
    client = settled_database(ScriptedClient())
    client.on("POST", DB_PATH + "/backup", accepted(B1, BACKUP))
    refused = {"type": "DATABASE_BACKUP_NOT_CONFIGURED", "status": "400 BAD_REQUEST", "description": "no path"}
    client.on("GET", f"/tasks/{B1}", task(B1, "processing-error", BACKUP, error=refused))

    with pytest.raises(TaskFailedError, match="configure its backup destination .*or pass backup_path") as raised:
        backup(client, fake_clock).perform()
    assert raised.value.error_type == "DATABASE_BACKUP_NOT_CONFIGURED"


def test_a_status_the_api_will_not_read_fails_saying_why(fake_clock):
    client = settled_database(ScriptedClient())
    client.on("POST", DB_PATH + "/backup", accepted(B1, BACKUP))
    client.on("GET", f"/tasks/{B1}", task(B1, "processing-completed", BACKUP, resourceId=51))
    client.on("GET", DB_PATH + "/backup", accepted(S1, STATUS))
    disabled = {"type": "DATABASE_BACKUP_DISABLED", "description": "Database backup is disabled"}
    client.on("GET", f"/tasks/{S1}", task(S1, "processing-error", STATUS, error=disabled))

    with pytest.raises(StatusUnreadable, match="backup_path with wait=false"):
        backup(client, fake_clock).perform()


def test_a_status_that_never_ends_times_out(fake_clock):
    client = settled_database(ScriptedClient())
    client.on("POST", DB_PATH + "/backup", accepted(B1, BACKUP))
    client.on("GET", f"/tasks/{B1}", task(B1, "processing-completed", BACKUP, resourceId=51))
    client.on("GET", DB_PATH + "/backup", lambda api: accepted(tid(100 + api.count("GET", DB_PATH + "/backup")), STATUS))

    def running(api: ScriptedClient) -> dict[str, Any]:
        task_id = api.calls[-1][1].rsplit("/", 1)[1]
        return status_task(task_id, status="exporting")

    for number in range(100, 200):
        client.on("GET", f"/tasks/{tid(number)}", running)

    with pytest.raises(WaitTimeoutError, match=r"waiting for the backup of database 51 .* to end \(last status: exporting\)\. .*include=backup_status"):
        backup(client, fake_clock, wait_timeout=60).perform()


def test_read_tasks_sends_every_read_before_waiting_for_their_tasks_together(fake_clock):
    client = ScriptedClient()
    client.on("GET", "/a", accepted(S1, STATUS)).on("GET", "/b", status_task(S2, status="success"))
    client.on("GET", "/tasks", {"tasks": []}).on("GET", f"/tasks/{S1}", status_task(S1, status="exporting"))
    run = make_run(client, fake_clock)

    first, second = run.read_tasks([("/a", None), ("/b", None)])

    assert client.calls[:2] == [("GET", "/a"), ("GET", "/b")]
    assert (first.task_id, first.resource, second.resource) == (S1, {"status": "exporting"}, {"status": "success"})
    assert run.read_tasks([]) == []


def test_a_read_that_answers_no_task_is_malformed(fake_clock):
    client = ScriptedClient().on("GET", "/a", {"status": "success"})

    with pytest.raises(RedisCloudError, match="the answer is not a task"):
        make_run(client, fake_clock).read_task("/a")
