# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers of the networking and operations tests: reads and writes that answer a task, their errors."""

from __future__ import annotations

from typing import Any

import requests

from conftest import WRITE_TASK_SECONDS, Api
from redis_cloud_simulator.spec import validate_body


def finished(api: Api, answer: requests.Response, status: int, command_type: str) -> dict[str, Any]:
    """The task an answer carries, checked (HTTP status, commandType, TaskStateUpdate), after letting it run."""
    assert answer.status_code == status, answer.text
    body = answer.json()
    assert body["commandType"] == command_type and body["status"] == "received", body
    assert validate_body("TaskStateUpdate", body, direction="response") == []
    done = api.finished_task(answer, WRITE_TASK_SECONDS)
    assert done["taskId"] == body["taskId"] and done["commandType"] == command_type
    assert validate_body("TaskStateUpdate", done, direction="response") == []
    return done


def completed(api: Api, answer: requests.Response, status: int, command_type: str) -> dict[str, Any]:
    """The finished task's response, which must be a success."""
    done = finished(api, answer, status, command_type)
    assert done["status"] == "processing-completed", done
    return done["response"]


def task_error(api: Api, answer: requests.Response, status: int, command_type: str) -> dict[str, Any]:
    """The finished task's error, which must be one."""
    done = finished(api, answer, status, command_type)
    assert done["status"] == "processing-error", done
    return done["response"]["error"]


def http_error(answer: requests.Response, status: int, error_type: str) -> str:
    """An immediate refusal in the 4xx shape; returns its description."""
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert (error["type"], error["status"]) == (error_type, status), error
    return error["description"]
