"""redis_cloud_database against the simulator: create, re-run, in-place changes, refused changes, check and diff modes, delete.

Every play goes through ``checked_runner``: the write bodies it sent must validate against the
vendored spec, and no database password may appear in its output (the harness adds the API keys).
"""

from __future__ import annotations

import pytest
from database_helpers import (
    FACTS_TASK,
    MANAGE,
    MANAGE_TASK,
    create_database_directly,
    database_vars,
    databases_path,
    live_databases,
    schemas_used,
    subscription_status,
    timeline_statuses,
    write_lines,
    writes,
)
from subscription_helpers import request_mark

THROUGHPUT = {"by": "operations-per-second", "value": 1000}


def only_database(sim, subscription_id, name):
    [database] = live_databases(sim, subscription_id, name)
    return database


# create and re-run ------------------------------------------------------------------------------

def test_create_waits_until_active_and_returns_ids_endpoints_and_facts(sim, play, subscription_id):
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "cache", dataset_size_in_gb=1, throughput_measurement=THROUGHPUT))

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    created = only_database(sim, subscription_id, "cache")
    assert result["changed"] is True
    assert result["database_id"] == created["id"]
    assert result["database"]["databaseId"] == created["id"] and result["database"]["status"] == "active"
    assert result["task"]["commandType"] == "databaseCreateRequest" and result["task"]["status"] == "processing-completed"
    assert result["task"]["response"]["resourceId"] == created["id"]
    endpoint = result["database"]["publicEndpoint"]
    assert endpoint and endpoint.endswith(f":{created['port']}")
    assert result["public_endpoint"] == endpoint and result["private_endpoint"] == result["database"]["privateEndpoint"]
    assert result["ansible_facts"] == {
        "redis_cloud_database_id": created["id"],
        "redis_cloud_database_public_endpoint": endpoint,
        "redis_cloud_database_private_endpoint": result["private_endpoint"],
        # Issue 16: every database of the subscription, keyed by name (the creation plan's "db" and this one).
        "redis_cloud_database_endpoints": result["database_endpoints"],
    }
    assert result["database_endpoints"]["cache"] == {"database_id": created["id"], "public_endpoint": endpoint,
                                                     "private_endpoint": result["private_endpoint"], "status": "active"}
    assert set(result["database_endpoints"]) == {database["name"] for database in live_databases(sim, subscription_id)}
    assert run.task(FACTS_TASK)["msg"] == {"database_id": created["id"], "public_endpoint": endpoint,
                                           "private_endpoint": result["private_endpoint"]}
    assert (created["status"], subscription_status(sim, subscription_id)) == ("active", "active")
    [post] = writes(sim, mark)
    assert (post["method"], post["path"]) == ("POST", databases_path(subscription_id))
    assert post["body"] == {"name": "cache", "datasetSizeInGb": 1.0, "throughputMeasurement": THROUGHPUT}


def test_create_timeline_shows_the_database_active_and_then_its_subscription_active_again(sim, play, subscription_id):
    # The change is done when the database AND its subscription are active again (a database change
    # makes the subscription pending): the timeline shows the module saw both.
    run = play(MANAGE, database_vars(subscription_id, "cache", dataset_size_in_gb=1))

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    timeline = [(entry["what"], entry["status"]) for entry in result["timeline"]]
    database_active = timeline.index((f"database {result['database_id']}", "active"))
    assert (f"subscription {subscription_id}", "active") in timeline[database_active + 1:], timeline


def test_rerun_of_a_create_with_every_kind_of_option_changes_nothing_and_sends_nothing(sim, play, subscription_id):
    options = database_vars(
        subscription_id, "full", dataset_size_in_gb=1, throughput_measurement=THROUGHPUT, replication=False,
        data_persistence="aof-every-1-second", data_eviction_policy="allkeys-lru", redis_version="7.2", resp_version="resp3",
        modules=[{"name": "RedisJSON"}], support_oss_cluster_api=False, port=12000, source_ips=["10.0.0.0/16", "192.168.1.0/24"],
        enable_tls=False, enable_default_user=True, database_password="Full-Database-pw-1",
        alerts=[{"name": "dataset-size", "value": 80}, {"name": "throughput-higher-than", "value": 900}],
        tags={"team": "orders", "env": "prod"},
    )
    created = play(MANAGE, options)
    assert created.rc == 0, created.stdout + created.stderr
    assert created.task(MANAGE_TASK)["changed"] is True
    mark = request_mark(sim)

    again = play(MANAGE, options)

    assert again.rc == 0, again.stdout + again.stderr
    result = again.task(MANAGE_TASK)
    assert result["changed"] is False
    assert writes(sim, mark) == []
    assert result["database_id"] == created.task(MANAGE_TASK)["database_id"]
    assert len(live_databases(sim, subscription_id, "full")) == 1


def test_a_new_database_gets_enable_default_user_by_a_follow_up_update_in_the_same_run(sim, play, subscription_id):
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "no-default", dataset_size_in_gb=1, enable_default_user=False))

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    database = only_database(sim, subscription_id, "no-default")
    assert write_lines(sim, mark) == [("POST", databases_path(subscription_id)), ("PUT", databases_path(subscription_id, database["id"]))]
    post, put = writes(sim, mark)
    assert "enableDefaultUser" not in post["body"]
    assert put["body"] == {"enableDefaultUser": False}
    assert result["changed"] is True
    assert result["database"]["security"]["enableDefaultUser"] is False and result["database"]["status"] == "active"
    assert database["spec"]["enableDefaultUser"] is False
    assert subscription_status(sim, subscription_id) == "active"


# in-place changes -------------------------------------------------------------------------------

def test_resize_sends_only_the_changed_field_and_waits_until_both_are_active(sim, play, subscription_id):
    database_id = create_database_directly(sim, subscription_id, "sized", datasetSizeInGb=1, replication=False)
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "sized", dataset_size_in_gb=2, replication=False))

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    assert result["changed"] is True
    assert write_lines(sim, mark) == [("PUT", databases_path(subscription_id, database_id))]
    assert writes(sim, mark)[0]["body"] == {"datasetSizeInGb": 2.0}
    assert result["database"]["datasetSizeInGb"] == 2 and result["database"]["status"] == "active"
    assert result["task"]["commandType"] == "databaseUpdateRequest" and result["task"]["status"] == "processing-completed"
    assert subscription_status(sim, subscription_id) == "active"


def test_rename_by_id_sends_only_the_name(sim, play, subscription_id):
    database_id = create_database_directly(sim, subscription_id, "old-name")
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "new-name", database_id=database_id))

    assert run.rc == 0, run.stdout + run.stderr
    assert run.task(MANAGE_TASK)["database"]["name"] == "new-name"
    assert [entry["body"] for entry in writes(sim, mark)] == [{"name": "new-name"}]
    assert only_database(sim, subscription_id, "new-name")["id"] == database_id


def test_password_with_update_password_always_is_set_once_then_idempotent(sim, play, subscription_id):
    database_id = create_database_directly(sim, subscription_id, "guarded")
    mark = request_mark(sim)
    options = database_vars(subscription_id, "guarded", database_password="Changed-pw-2024", update_password="always")

    first = play(MANAGE, options)
    second = play(MANAGE, options)

    assert first.rc == 0 and second.rc == 0, first.stdout + second.stdout
    assert first.task(MANAGE_TASK)["changed"] is True
    assert second.task(MANAGE_TASK)["changed"] is False
    assert write_lines(sim, mark) == [("PUT", databases_path(subscription_id, database_id))]
    assert writes(sim, mark)[0]["body"] == {"password": "Changed-pw-2024"}
    assert only_database(sim, subscription_id, "guarded")["password"] == "Changed-pw-2024"
    assert first.task(MANAGE_TASK)["database"]["security"]["password"] == "********"


def test_password_with_update_password_on_create_is_sent_in_the_create_and_never_again(sim, play, subscription_id):
    mark = request_mark(sim)
    created = play(MANAGE, database_vars(subscription_id, "once", dataset_size_in_gb=1, database_password="First-pw-2024",
                                         update_password="on_create"))
    changed_in_vault = play(MANAGE, database_vars(subscription_id, "once", dataset_size_in_gb=1, database_password="Second-pw-2024",
                                                  update_password="on_create"))

    assert created.rc == 0 and changed_in_vault.rc == 0, created.stdout + changed_in_vault.stdout
    assert created.task(MANAGE_TASK)["changed"] is True
    assert changed_in_vault.task(MANAGE_TASK)["changed"] is False
    [post] = writes(sim, mark)
    assert post["method"] == "POST" and post["body"]["password"] == "First-pw-2024"
    assert only_database(sim, subscription_id, "once")["password"] == "First-pw-2024"


def test_redis_version_is_upgraded_in_place_and_waited_for(sim, play, subscription_id):
    database_id = create_database_directly(sim, subscription_id, "old-redis", redisVersion="7.2")
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "old-redis", redis_version="7.4"))
    again = play(MANAGE, database_vars(subscription_id, "old-redis", redis_version="7.4"))

    assert run.rc == 0 and again.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    assert result["changed"] is True and again.task(MANAGE_TASK)["changed"] is False
    assert write_lines(sim, mark) == [("POST", databases_path(subscription_id, database_id, "/upgrade"))]
    assert writes(sim, mark)[0]["body"] == {"targetRedisVersion": "7.4"}
    assert result["task"]["commandType"] == "databaseUpgradeRequest" and result["task"]["status"] == "processing-completed"
    assert result["database"]["redisVersion"] == "7.4" and result["database"]["status"] == "active"
    assert subscription_status(sim, subscription_id) == "active"


def test_tags_are_set_through_the_tag_endpoint_compared_without_case_and_replaced(sim, play, subscription_id):
    database_id = create_database_directly(sim, subscription_id, "tagged")
    mark = request_mark(sim)

    tagged = play(MANAGE, database_vars(subscription_id, "tagged", tags={"Team": "Orders", "env": "prod"}))
    same_in_other_case = play(MANAGE, database_vars(subscription_id, "tagged", tags={"team": "ORDERS", "Env": "Prod"}))
    after_tagging = request_mark(sim)
    replaced = play(MANAGE, database_vars(subscription_id, "tagged", tags={"env": "dev"}))

    assert tagged.rc == 0 and same_in_other_case.rc == 0 and replaced.rc == 0, tagged.stdout + replaced.stdout
    assert tagged.task(MANAGE_TASK)["changed"] is True
    assert same_in_other_case.task(MANAGE_TASK)["changed"] is False
    assert replaced.task(MANAGE_TASK)["changed"] is True
    tags_path = databases_path(subscription_id, database_id, "/tags")
    assert write_lines(sim, mark) == [("PUT", tags_path), ("PUT", tags_path)]
    assert {(tag["key"], tag["value"]) for tag in writes(sim, mark)[0]["body"]["tags"]} == {("Team", "Orders"), ("env", "prod")}
    assert writes(sim, after_tagging)[0]["body"] == {"tags": [{"key": "env", "value": "dev"}]}
    stored = only_database(sim, subscription_id, "tagged")["tags"]
    assert {key: tag["value"] for key, tag in stored.items()} == {"env": "dev"}


# refused changes --------------------------------------------------------------------------------

IMMUTABLE = {
    "port": ({"port": 12000}, {"port": 12001}, "port: current 12000, desired 12001"),
    "protocol": ({}, {"protocol": "memcached"}, "protocol: current 'redis', desired 'memcached'"),
    "modules": ({"modules": [{"name": "RedisJSON"}]}, {"modules": [{"name": "RediSearch"}]}, "modules: current "),
    # Issue 16: the read-back's clustering.hashingPolicy tells only custom rules or not (docs/dev/normalisation-evidence.md).
    "sharding_type": ({"shardingType": "custom-regex-rules"}, {"sharding_type": "default-regex-rules"}, "sharding_type: current "),
}


@pytest.mark.parametrize("arranged, desired, named", IMMUTABLE.values(), ids=IMMUTABLE.keys())
def test_a_change_that_cannot_be_made_in_place_fails_naming_field_and_values_and_sends_nothing(
        sim, play, subscription_id, arranged, desired, named):
    create_database_directly(sim, subscription_id, "fixed", **arranged)
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "fixed", **desired))

    assert run.rc != 0, run.stdout
    message = run.task(MANAGE_TASK)["msg"]
    assert named in message and "cannot change in place" in message, message
    if "modules" in desired:
        assert "RediSearch" in message and "json" in message.lower(), message
    assert writes(sim, mark) == []


# check mode and diff ----------------------------------------------------------------------------

def test_check_mode_create_prices_it_with_a_dry_run_and_creates_nothing(sim, play, subscription_id):
    mark = request_mark(sim)

    # The update-only option and the tags would be applied after a create: in check mode nothing follows the dry run.
    run = play(MANAGE, database_vars(subscription_id, "quote", dataset_size_in_gb=5, database_password="Quoted-pw-2024",
                                     enable_default_user=False, tags={"team": "quotes"}),
               check=True, diff=True)

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    assert result["changed"] is True
    assert result["pricing"] and {"type", "quantity", "priceCurrency"} <= set(result["pricing"][0])
    assert result["task"]["response"]["resource"]["pricing"] == result["pricing"]
    assert result["database_id"] is None and result["database"] is None
    [post] = writes(sim, mark)
    assert (post["method"], post["path"]) == ("POST", databases_path(subscription_id))
    assert post["body"]["dryRun"] is True and post["body"]["datasetSizeInGb"] == 5
    assert "enableDefaultUser" not in post["body"] and "tags" not in post["body"]
    assert result["diff"]["after"]["password"] == "********"
    assert live_databases(sim, subscription_id, "quote") == []


def test_check_mode_update_prices_the_change_with_a_dry_run_and_changes_nothing(sim, play, subscription_id):
    database_id = create_database_directly(sim, subscription_id, "grow", datasetSizeInGb=1)
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "grow", dataset_size_in_gb=10), check=True)

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    assert result["changed"] is True
    assert result["pricing"] and result["task"]["response"]["resource"]["pricing"] == result["pricing"]
    assert write_lines(sim, mark) == [("PUT", databases_path(subscription_id, database_id))]
    assert writes(sim, mark)[0]["body"] == {"datasetSizeInGb": 10.0, "dryRun": True}
    assert only_database(sim, subscription_id, "grow")["spec"]["datasetSizeInGb"] == 1
    assert result["database"]["datasetSizeInGb"] == 1


def test_check_mode_upgrade_and_tags_report_the_change_and_send_nothing(sim, play, subscription_id):
    create_database_directly(sim, subscription_id, "planned", redisVersion="7.2")
    mark = request_mark(sim)

    run = play(MANAGE, database_vars(subscription_id, "planned", redis_version="7.4", tags={"team": "orders"}), check=True, diff=True)

    assert run.rc == 0, run.stdout + run.stderr
    result = run.task(MANAGE_TASK)
    assert result["changed"] is True
    assert result["diff"]["after"] == {"redis_version": "7.4", "tags": {"team": "orders"}}
    assert writes(sim, mark) == []


def test_diff_shows_option_level_changes_with_passwords_masked(sim, play, subscription_id):
    create_database_directly(sim, subscription_id, "shown", datasetSizeInGb=1, password="Before-pw-2024")

    run = play(MANAGE, database_vars(subscription_id, "shown", dataset_size_in_gb=2, database_password="After-pw-2024"), diff=True)

    assert run.rc == 0, run.stdout + run.stderr
    diff = run.task(MANAGE_TASK)["diff"]
    assert diff == {"before": {"dataset_size_in_gb": 1, "password": "********"},
                    "after": {"dataset_size_in_gb": 2.0, "password": "********"}}
    assert "+++ after" in run.stdout and '"dataset_size_in_gb": 2.0' in run.stdout


# delete -----------------------------------------------------------------------------------------

def test_delete_then_absent_again_and_check_mode_sends_nothing(sim, play, subscription_id):
    database_id = create_database_directly(sim, subscription_id, "doomed")
    mark = request_mark(sim)

    checked = play(MANAGE, database_vars(subscription_id, "doomed", database_state="absent"), check=True, diff=True)
    assert writes(sim, mark) == []
    deleted = play(MANAGE, database_vars(subscription_id, "doomed", database_state="absent"))
    again = play(MANAGE, database_vars(subscription_id, "doomed", database_state="absent"))

    assert checked.rc == 0 and deleted.rc == 0 and again.rc == 0, deleted.stdout + deleted.stderr
    assert checked.task(MANAGE_TASK)["changed"] is True
    assert checked.task(MANAGE_TASK)["diff"]["before"]["database_id"] == database_id
    result = deleted.task(MANAGE_TASK)
    assert result["changed"] is True and result["database"] is None and result["database_id"] == database_id
    assert result["task"]["commandType"] == "databaseDeleteRequest" and result["task"]["status"] == "processing-completed"
    assert "gone" in timeline_statuses(result, f"database {database_id}")
    assert again.task(MANAGE_TASK)["changed"] is False
    assert write_lines(sim, mark) == [("DELETE", databases_path(subscription_id, database_id))]
    assert live_databases(sim, subscription_id, "doomed") == []
    assert subscription_status(sim, subscription_id) == "active"


# what every run shows ---------------------------------------------------------------------------

def test_every_write_of_a_full_lifecycle_uses_the_spec_schema_of_its_operation(sim, play, subscription_id):
    mark = request_mark(sim)
    steps = [
        ({"dataset_size_in_gb": 1, "tags": {"team": "a"}, "enable_default_user": False}, False),
        ({"dataset_size_in_gb": 3}, True),
        ({"dataset_size_in_gb": 2, "data_persistence": "aof-every-1-second"}, False),
        ({"redis_version": "8.0"}, False),
        ({"database_state": "absent"}, False),
    ]
    for options, check in steps:
        run = play(MANAGE, database_vars(subscription_id, "spec-life", **options), check=check)
        assert run.rc == 0, run.stdout + run.stderr

    # checked_runner validated each body; here: each kind of write was made, through its own schema.
    assert schemas_used(sim, mark) == ["DatabaseCreateRequest", "DatabaseUpdateRequest", "DatabaseTagsUpdateRequest",
                                       "DatabaseUpdateRequest", "DatabaseUpdateRequest", "DatabaseUpgradeRedisVersionRequest", "None"]


@pytest.mark.core_smoke
def test_a_run_warns_about_nothing(sim, play, subscription_id):
    # update_password is a choice, not a secret: Ansible warns "Module did not set no_log for update_password"
    # unless its argument spec says no_log=False.
    run = play(MANAGE, database_vars(subscription_id, "quiet", dataset_size_in_gb=1, update_password="on_create"), check=True)

    assert run.rc == 0, run.stdout + run.stderr
    assert run.task(MANAGE_TASK).get("warnings", []) == []
    assert "[WARNING]" not in run.stderr + run.stdout
