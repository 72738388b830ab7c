"""redis_cloud_task_info, run in-process against a loopback HTTP server."""

from __future__ import annotations

import pytest

from ansible_collections.rediscloud.api.plugins.modules.redis_cloud_task_info import main

API_KEY = "unit-test-account-key-0001"
API_SECRET_KEY = "unit-test-user-secret-0002"
TASK_A = "5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60"
TASK_B = "0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"
TASK_C = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"


def task(task_id: str, status: str, command: str = "subscriptionCreateRequest", **response) -> dict:  # type: ignore[no-untyped-def]
    return {"taskId": task_id, "commandType": command, "status": status, "description": "", "timestamp": "2026-01-01T00:00:00Z",
            "response": response, "links": []}


@pytest.fixture
def args(api_server) -> dict:
    # poll_interval below the fast-start step keeps waits short in real time.
    return {"api_url": api_server.url_for("/v1"), "api_key": API_KEY, "api_secret_key": API_SECRET_KEY, "poll_interval": 0.02}


def paths(api_server) -> list[str]:
    return [request.path for request, _response in api_server.log]


class TestOneTask:
    def test_reads_a_finished_task(self, api_server, run_module, args):
        api_server.expect_request(f"/v1/tasks/{TASK_A}").respond_with_json(task(TASK_A, "processing-completed", resourceId=1234))
        run = run_module(main, {**args, "task_id": TASK_A})
        assert not run.failed and run.result["changed"] is False
        assert run.result["task"]["status"] == "processing-completed"
        assert run.result["resource_id"] == 1234
        assert run.result["resource_ids"] == [1234]
        assert run.result["ansible_facts"] == {"redis_cloud_task": run.result["task"], "redis_cloud_resource_id": 1234}
        assert "timeline" not in run.result

    def test_pending_task_has_no_resource_id(self, api_server, run_module, args):
        api_server.expect_request(f"/v1/tasks/{TASK_A}").respond_with_json(task(TASK_A, "processing-in-progress"))
        run = run_module(main, {**args, "task_id": TASK_A})
        assert run.result["resource_id"] is None
        assert paths(api_server) == [f"/v1/tasks/{TASK_A}"]  # no wait by default

    def test_waits_until_the_task_finishes(self, api_server, run_module, args):
        for status in ("received", "processing-in-progress", "processing-in-progress"):
            api_server.expect_ordered_request(f"/v1/tasks/{TASK_A}").respond_with_json(task(TASK_A, status))
        api_server.expect_ordered_request(f"/v1/tasks/{TASK_A}").respond_with_json(task(TASK_A, "processing-completed", resourceId=7))
        run = run_module(main, {**args, "task_id": TASK_A, "wait": True})
        assert run.result["resource_id"] == 7
        assert [entry["status"] for entry in run.result["timeline"]] == ["received", "processing-in-progress", "processing-completed"]
        assert len(api_server.log) == 4

    def test_wait_tolerates_a_task_not_yet_visible(self, api_server, run_module, args):
        api_server.expect_ordered_request(f"/v1/tasks/{TASK_A}").respond_with_json({"error": {"type": "TASK_NOT_FOUND"}}, status=404)
        api_server.expect_ordered_request(f"/v1/tasks/{TASK_A}").respond_with_json({"error": {"type": "TASK_NOT_FOUND"}}, status=404)
        api_server.expect_ordered_request(f"/v1/tasks/{TASK_A}").respond_with_json(task(TASK_A, "processing-completed", resourceId=7))
        run = run_module(main, {**args, "task_id": TASK_A, "wait": True})
        assert not run.failed and run.result["resource_id"] == 7

    def test_failed_task_fails_the_module_with_the_api_error(self, api_server, run_module, args):
        error = {"type": "SUBSCRIPTION_PI_NOT_FOUND", "status": "400 BAD_REQUEST", "description": "Payment info was not found"}
        api_server.expect_request(f"/v1/tasks/{TASK_A}").respond_with_json(task(TASK_A, "processing-error", error=error))
        run = run_module(main, {**args, "task_id": TASK_A})
        assert run.failed
        assert run.result["msg"] == f"Task {TASK_A} (subscriptionCreateRequest) failed: SUBSCRIPTION_PI_NOT_FOUND: Payment info was not found"
        assert run.result["failure"]["error_type"] == "SUBSCRIPTION_PI_NOT_FOUND"
        assert run.result["task"]["status"] == "processing-error"

    def test_failed_task_is_returned_when_fail_on_error_is_false(self, api_server, run_module, args):
        api_server.expect_request(f"/v1/tasks/{TASK_A}").respond_with_json(task(TASK_A, "processing-error", error="SUBSCRIPTION_PI_NOT_FOUND"))
        run = run_module(main, {**args, "task_id": TASK_A, "fail_on_error": False})
        assert not run.failed
        assert run.result["task"]["response"]["error"] == "SUBSCRIPTION_PI_NOT_FOUND"
        assert run.result["resource_id"] is None

    def test_unknown_task_fails_with_404(self, api_server, run_module, args):
        api_server.expect_request(f"/v1/tasks/{TASK_A}").respond_with_json({"error": {"type": "TASK_NOT_FOUND"}}, status=404)
        run = run_module(main, {**args, "task_id": TASK_A})
        assert run.failed
        assert run.result["msg"].startswith(f"Task {TASK_A} was not found.")
        assert run.result["failure"]["status"] == 404

    def test_timeout_says_how_to_resume(self, api_server, run_module, args):
        api_server.expect_request(f"/v1/tasks/{TASK_A}").respond_with_json(task(TASK_A, "processing-in-progress"))
        run = run_module(main, {**args, "task_id": TASK_A, "wait": True, "wait_timeout": 1, "poll_interval": 0.25})
        assert run.failed
        assert run.result["msg"].startswith(f"Timed out after 1 s waiting for task {TASK_A} (last status: processing-in-progress).")
        assert f"rediscloud.api.redis_cloud_task_info task_id={TASK_A} wait=true" in run.result["failure"]["resume_hint"]
        assert run.result["failure"]["last_status"] == "processing-in-progress"

    def test_invalid_poll_interval_is_refused_before_any_request(self, api_server, run_module, args):
        run = run_module(main, {**args, "task_id": TASK_A, "wait": True, "poll_interval": 0})
        assert run.failed
        assert run.result["msg"].startswith("poll_interval must be greater than 0")
        assert api_server.log == []

    def test_runs_normally_in_check_mode(self, api_server, run_module, args):
        api_server.expect_request(f"/v1/tasks/{TASK_A}").respond_with_json(task(TASK_A, "processing-completed", resourceId=1))
        run = run_module(main, {**args, "task_id": TASK_A, "_ansible_check_mode": True})
        assert run.result["resource_id"] == 1 and run.result["changed"] is False


class TestSeveralTasks:
    def test_order_given_and_resource_ids_from_one_list_read(self, api_server, run_module, args):
        listing = {"tasks": [task(TASK_A, "processing-completed", resourceId=1), task(TASK_B, "processing-in-progress")]}
        api_server.expect_request("/v1/tasks").respond_with_json(listing)
        run = run_module(main, {**args, "task_ids": [TASK_B, TASK_A]})
        assert [t["taskId"] for t in run.result["tasks"]] == [TASK_B, TASK_A]
        assert run.result["resource_ids"] == [None, 1]
        assert "task" not in run.result and "ansible_facts" not in run.result
        assert paths(api_server) == ["/v1/tasks"]

    def test_waits_for_all_reading_the_list_and_only_unlisted_tasks_alone(self, api_server, run_module, args):
        api_server.expect_ordered_request("/v1/tasks").respond_with_json({"tasks": [task(TASK_A, "received"), task(TASK_B, "received")]})
        api_server.expect_ordered_request("/v1/tasks").respond_with_json({"tasks": [task(TASK_B, "processing-in-progress")]})
        api_server.expect_ordered_request(f"/v1/tasks/{TASK_A}").respond_with_json(task(TASK_A, "processing-completed", resourceId=1))
        api_server.expect_ordered_request(f"/v1/tasks/{TASK_B}").respond_with_json(task(TASK_B, "processing-completed", resourceId=2))
        run = run_module(main, {**args, "task_ids": [TASK_A, TASK_B], "wait": True})
        assert run.result["resource_ids"] == [1, 2]
        assert paths(api_server) == ["/v1/tasks", "/v1/tasks", f"/v1/tasks/{TASK_A}", f"/v1/tasks/{TASK_B}"]


class TestListing:
    LISTING = {"tasks": [
        task(TASK_A, "processing-in-progress"),
        task(TASK_B, "received", command="databaseCreateRequest"),
        task(TASK_C, "processing-error", error="SUBSCRIPTION_PI_NOT_FOUND"),
    ]}

    def test_lists_all_tasks_without_failing_on_failed_ones(self, api_server, run_module, args):
        api_server.expect_request("/v1/tasks").respond_with_json(self.LISTING)
        run = run_module(main, args)
        assert not run.failed
        assert [t["taskId"] for t in run.result["tasks"]] == [TASK_A, TASK_B, TASK_C]

    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            ({"status": ["received", "processing-in-progress"]}, [TASK_A, TASK_B]),
            ({"command_type": ["subscriptionCreateRequest"]}, [TASK_A, TASK_C]),
            ({"status": ["received"], "command_type": ["subscriptionCreateRequest"]}, []),
        ],
    )
    def test_filters_client_side(self, api_server, run_module, args, filters, expected):
        api_server.expect_request("/v1/tasks").respond_with_json(self.LISTING)
        run = run_module(main, {**args, **filters})
        assert [t["taskId"] for t in run.result["tasks"]] == expected
        assert len(api_server.log) == 1

    def test_wait_for_listed_running_tasks(self, api_server, run_module, args):
        api_server.expect_ordered_request("/v1/tasks").respond_with_json({"tasks": [task(TASK_A, "processing-in-progress")]})
        api_server.expect_ordered_request(f"/v1/tasks/{TASK_A}").respond_with_json(task(TASK_A, "processing-completed", resourceId=9))
        run = run_module(main, {**args, "wait": True})
        assert run.result["tasks"][0]["status"] == "processing-completed"
        assert run.result["resource_ids"] == [9]


class TestValidation:
    @pytest.mark.parametrize("bad", ["123", "not-a-uuid", TASK_A + "0", TASK_A.replace("-", "")])
    def test_task_ids_must_look_like_uuids(self, api_server, run_module, args, bad):
        run = run_module(main, {**args, "task_ids": [TASK_A, bad]})
        assert run.failed
        assert run.result["msg"].startswith("task_id/task_ids must be task UUIDs")
        assert bad in run.result["msg"]
        assert api_server.log == []

    @pytest.mark.parametrize("extra", [{"task_ids": [TASK_B]}, {"status": ["received"]}, {"command_type": ["x"]}])
    def test_task_id_excludes_the_listing_options(self, api_server, run_module, args, extra):
        run = run_module(main, {**args, "task_id": TASK_A, **extra})
        assert run.failed
        assert "mutually exclusive" in run.result["msg"]
        assert api_server.log == []
