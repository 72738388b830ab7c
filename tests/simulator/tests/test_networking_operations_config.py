# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Config keys and fault kinds of private networking and day-2 operations: defaults, checks, reset."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from conftest import Api
from redis_cloud_simulator.config import DEFAULTS
from task_reads import completed


def test_defaults_play_the_harsher_readings() -> None:
    assert DEFAULTS["peering_not_listed_seconds"] > 0 and DEFAULTS["tgw_listed_after_accept_seconds"] > 0
    assert DEFAULTS["tgw_cidrs_request"] == "strings"
    assert DEFAULTS["import_running_read"] == "subscription_not_active"
    assert DEFAULTS["peering_acceptance_expiry_seconds"] == 7 * 24 * 3600


@pytest.mark.parametrize("update", [
    {"tgw_cidrs_request": "objects"}, {"peering_list_command_type": "GET_VPC_PEERING"},
    {"import_running_read": "running"}, {"backup_seconds": -1}, {"peering_initiating_seconds": "10"},
    {"faults": [{"kind": "import_failure", "failure_params": [{"key": "a"}], "count": 1}]},
    {"faults": [{"kind": "backup_failure", "failure_reason": 3, "count": 1}]},
    {"faults": [{"kind": "backup_failure", "failure_params": [], "count": 1}]},
])
def test_bad_values_are_refused(api: Api, update: dict[str, Any]) -> None:
    before = api.control("GET", "config")
    assert requests.put(f"{api.root_url}/_simulator/config", json=update, timeout=10).status_code == 400
    assert api.control("GET", "config") == before


def test_reset_forgets_peerings_gateways_and_windows(start_api: Any) -> None:
    api = start_api(peering_not_listed_seconds=0.0)
    subscription_id = api.create_active_subscription()
    completed(api, api.post(f"/subscriptions/{subscription_id}/peerings",
                            {"region": "eu-west-2", "awsAccountId": "123456789012", "vpcId": "vpc-1", "vpcCidr": "172.31.0.0/16"}),
              202, "peeringCreateRequest")
    api.control("POST", f"subscriptions/{subscription_id}/transit-gateway-shares", {})
    completed(api, api.put(f"/subscriptions/{subscription_id}/maintenance-windows",
                           {"mode": "manual", "windows": [{"startHour": 1, "durationInHours": 4, "days": ["Friday"]}]}),
              200, "subscriptionMaintenanceWindowsUpdateRequest")
    state = api.control("GET", "state")
    assert (len(state["peerings"]), len(state["transit_gateway_invitations"])) == (1, 1)
    assert state["maintenance_windows"] == {str(subscription_id): {"mode": "manual", "windows": [
        {"startHour": 1, "durationInHours": 4, "days": ["Friday"]}]}}
    api.control("POST", "reset")
    state = api.control("GET", "state")
    assert (state["peerings"], state["transit_gateway_invitations"], state["transit_gateways"], state["backups"],
            state["imports"], state["maintenance_windows"]) == ([], [], [], [], [], {})
