"""Pure decisions over API answers: which subscription, free pending slot, in-flight creates."""

from __future__ import annotations

import pytest

from ansible_collections.rediscloud.api.plugins.module_utils import subscription_reconcile as rec


def sub(sid: int, name: str, status: str = "active") -> dict:
    return {"id": sid, "name": name, "status": status}


def test_find_by_name_is_exact_and_ignores_subscriptions_being_deleted():
    subs = [sub(1, "Orders"), sub(2, "orders", "deleting"), sub(3, "orders", "pending")]
    assert rec.find_by_name(subs, "orders") == sub(3, "orders", "pending")
    assert rec.find_by_name(subs, "missing") is None
    assert rec.find_deleting_by_name(subs, "orders") == sub(2, "orders", "deleting")


def test_two_subscriptions_with_one_name_fail_listing_their_ids():
    with pytest.raises(rec.AmbiguousNameError) as caught:
        rec.find_by_name([sub(7, "dup"), sub(9, "dup", "pending")], "dup")
    assert "ids: 7, 9" in str(caught.value) and "subscription_id" in str(caught.value)


def test_a_pending_slot_is_free_below_three_non_active_subscriptions():
    subs = [sub(1, "a", "pending"), sub(2, "b", "deleting"), sub(3, "c")]
    assert rec.pending_count(subs) == 2
    assert rec.has_free_pending_slot(subs)
    assert rec.has_free_pending_slot(subs + [sub(4, "d", "error")])
    assert not rec.has_free_pending_slot(subs + [sub(5, "e", "encryption_key_pending")])


def test_only_running_create_tasks_count_as_in_flight():
    tasks = [
        {"taskId": "t1", "commandType": "subscriptionCreateRequest", "status": "received"},
        {"taskId": "t2", "commandType": "subscriptionCreateRequest", "status": "processing-completed"},
        {"taskId": "t3", "commandType": "databaseCreateRequest", "status": "processing-in-progress"},
        {"taskId": "t4", "commandType": "subscriptionCreateRequest", "status": "processing-in-progress"},
    ]
    assert rec.in_flight_task_ids(tasks, rec.SUBSCRIPTION_CREATE_COMMAND) == ["t1", "t4"]


def test_answer_shapes_are_unwrapped():
    assert rec.subscriptions_in({"accountId": 1, "subscriptions": [sub(1, "a")]}) == [sub(1, "a")]
    assert rec.subscriptions_in({"accountId": 1}) == []
    assert rec.tasks_in({"tasks": [{"taskId": "x"}]}) == [{"taskId": "x"}]
    assert rec.tasks_in([{"taskId": "y"}]) == [{"taskId": "y"}]
    listed = {"accountId": 1, "subscription": [{"subscriptionId": 5, "databases": [{"databaseId": 11}]}]}
    assert rec.databases_in(listed) == [{"databaseId": 11}]
    assert rec.databases_in({"subscription": {"subscriptionId": 5, "databases": [{"databaseId": 12}]}}) == [{"databaseId": 12}]


def test_task_fields_are_read_from_the_response():
    done = {"taskId": "t", "response": {"resourceId": "77", "resource": {"databases": [{"databaseId": 5}, {"databaseId": 6}], "pricing": [{"type": "Shards"}]}}}
    assert rec.task_resource_id(done) == 77
    assert rec.database_ids_from_task(done) == [5, 6]
    assert rec.pricing_from_task(done) == [{"type": "Shards"}]
    failed = {"taskId": "t", "response": {"error": {"type": "TOO_MANY_PENDING_SUBSCRIPTIONS", "description": "x"}}}
    assert rec.task_error_type(failed) == rec.TOO_MANY_PENDING
    assert rec.task_error_type({"response": {"error": "SUBSCRIPTION_PI_NOT_FOUND"}}) == "SUBSCRIPTION_PI_NOT_FOUND"
    assert rec.task_resource_id({"response": {}}) is None and rec.pricing_from_task({"response": None}) == []
