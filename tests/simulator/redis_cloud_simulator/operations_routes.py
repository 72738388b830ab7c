# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The /v1 routes of day-2 operations: database backup and import (Pro and Essentials), maintenance windows.

Backup and import, their status reads included, answer a task (HTTP 200, as the spec documents them); the
status rides in the finished task's response.resource (RedisLabs/rediscloud-go-api service/latest_backups,
service/latest_imports). GET maintenance-windows is synchronous; its PUT answers a task
(RedisLabs/rediscloud-go-api maintenance_test.go).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from redis_cloud_simulator.errors import not_found
from redis_cloud_simulator.middleware import SIMULATOR, json_body, json_response
from redis_cloud_simulator.operations_targets import find_target
from redis_cloud_simulator.operations_validation import check_backup_request, check_import_request, check_maintenance_windows
from redis_cloud_simulator.route_helpers import (int_path_parameter, refusal, submit, task_answer, visible_database,
                                                 visible_subscription)
from redis_cloud_simulator.simulator import Simulator
from redis_cloud_simulator.uri_masking import mask_uri

operations_routes = web.RouteTableDef()
PRO = "/v1/subscriptions/{subscriptionId}/databases/{databaseId}"
FIXED = "/v1/fixed/subscriptions/{subscriptionId}/databases/{databaseId}"
# What a new subscription reads (RedisLabs/rediscloud-go-api maintenance_test.go TestGetMaintenanceAutomatic).
AUTOMATIC = {"mode": "automatic"}


def _database(request: web.Request, kind: str, write: bool) -> tuple[Simulator, dict[str, Any], dict[str, Any] | None]:
    """The payload naming the database, and the refusal a write to it gets (task mode: None). Status reads get
    none: they fail in their task (RedisLabs/rediscloud-go-api TestGetLatestImportTooEarly)."""
    sim = request.app[SIMULATOR]
    if kind == "pro":
        sub, database = visible_database(sim, request)
        ids = {"kind": kind, "subscription_id": sub.subscription_id, "database_id": database.database_id}
        forced = refusal(sim, request, sub, database_write=request.path.endswith("/import")) if write else None
        return sim, ids, forced
    subscription_id = int_path_parameter(request, "subscriptionId")
    database_id = int_path_parameter(request, "databaseId")
    if find_target(kind, sim.state, subscription_id, database_id, sim.now()) is None:
        raise not_found(f"Database {database_id}", "DATABASE_NOT_FOUND")
    return sim, {"kind": kind, "subscription_id": subscription_id, "database_id": database_id}, None


async def _backup(request: web.Request, kind: str) -> web.Response:
    sim, ids, forced = _database(request, kind, write=True)
    checked = check_backup_request(await json_body(request), fixed=kind == "fixed")
    failure = sim.faults.pick(("backup_failure",), request.method, request.path)
    payload = ids | {"adhoc_path": None if checked.adhoc_path is None else mask_uri(checked.adhoc_path),
                     "region": checked.region, "failure_reason": failure["failure_reason"] if failure else None}
    return task_answer(request, sim, submit(request, sim, "databaseBackupRequest", payload, forced), 200)


async def _backup_status(request: web.Request, kind: str) -> web.Response:
    sim, ids, dummy = _database(request, kind, write=False)
    payload = ids | {"region": request.query.get("regionName"), "iso": sim.clock.iso}
    return task_answer(request, sim, submit(request, sim, "databaseBackupStatusRequest", payload), 200)


async def _import(request: web.Request, kind: str) -> web.Response:
    sim, ids, forced = _database(request, kind, write=True)
    source_type, uris = check_import_request(await json_body(request), fixed=kind == "fixed")
    failure = sim.faults.pick(("import_failure",), request.method, request.path)
    payload = ids | {"source_type": source_type, "uris": [mask_uri(uri) for uri in uris],
                     "failure_reason": failure["failure_reason"] if failure else None,
                     "failure_params": failure["failure_params"] if failure else []}
    return task_answer(request, sim, submit(request, sim, "databaseImportRequest", payload, forced), 200)


async def _import_status(request: web.Request, kind: str) -> web.Response:
    sim, ids, dummy = _database(request, kind, write=False)
    return task_answer(request, sim, submit(request, sim, "databaseImportStatusRequest", ids | {"iso": sim.clock.iso}), 200)


@operations_routes.post(PRO + "/backup")
async def backup_pro(request: web.Request) -> web.Response:
    return await _backup(request, "pro")


@operations_routes.get(PRO + "/backup")
async def backup_status_pro(request: web.Request) -> web.Response:
    return await _backup_status(request, "pro")


@operations_routes.post(PRO + "/import")
async def import_pro(request: web.Request) -> web.Response:
    return await _import(request, "pro")


@operations_routes.get(PRO + "/import")
async def import_status_pro(request: web.Request) -> web.Response:
    return await _import_status(request, "pro")


@operations_routes.post(FIXED + "/backup")
async def backup_fixed(request: web.Request) -> web.Response:
    return await _backup(request, "fixed")


@operations_routes.get(FIXED + "/backup")
async def backup_status_fixed(request: web.Request) -> web.Response:
    return await _backup_status(request, "fixed")


@operations_routes.post(FIXED + "/import")
async def import_fixed(request: web.Request) -> web.Response:
    return await _import(request, "fixed")


@operations_routes.get(FIXED + "/import")
async def import_status_fixed(request: web.Request) -> web.Response:
    return await _import_status(request, "fixed")


@operations_routes.get("/v1/subscriptions/{subscriptionId}/maintenance-windows")
async def get_maintenance_windows(request: web.Request) -> web.Response:
    """Manual mode carries timeZone and skipStatus (the Go client's fixture); their values are **not recorded**: no skip is
    under way, so no currentSkipEnd (the spec types it a string: not null)."""
    sim = request.app[SIMULATOR]
    sub = visible_subscription(sim, int_path_parameter(request, "subscriptionId"))
    windows = sim.state.operations.maintenance_windows.get(sub.subscription_id, AUTOMATIC)
    if windows["mode"] == "automatic":
        return json_response(dict(AUTOMATIC))
    return json_response({"mode": "manual", "timeZone": "UTC", "windows": windows["windows"],
                          "skipStatus": {"remainingSkips": 3}})


@operations_routes.put("/v1/subscriptions/{subscriptionId}/maintenance-windows")
async def update_maintenance_windows(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    sub = visible_subscription(sim, int_path_parameter(request, "subscriptionId"))
    windows = check_maintenance_windows(await json_body(request))
    forced = refusal(sim, request, sub)
    payload = {"subscription_id": sub.subscription_id, "windows": windows}
    return task_answer(request, sim, submit(request, sim, "subscriptionMaintenanceWindowsUpdateRequest", payload, forced), 200)
