# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Config keys of private networking (VPC peering, transit gateways); merged into config.DEFAULTS.

Durations are sim seconds. Where the evidence leaves two readings, the default is the harsher one
(README, "Private networking").
"""

from __future__ import annotations

from typing import Any

SEVEN_DAYS = 7 * 24 * 3600.0

NETWORKING_DEFAULTS: dict[str, Any] = {
    "peering_initiating_seconds": 30.0,
    "peering_not_listed_seconds": 10.0,
    "peering_acceptance_expiry_seconds": SEVEN_DAYS,
    "peering_list_command_type": "vpcPeeringGetRequest",
    "tgw_listed_after_accept_seconds": 30.0,
    "tgw_attachment_seconds": 60.0,
    "tgw_cidrs_request": "strings",
}
NETWORKING_NUMBER_KEYS = {
    "peering_initiating_seconds", "peering_not_listed_seconds", "peering_acceptance_expiry_seconds",
    "tgw_listed_after_accept_seconds", "tgw_attachment_seconds",
}
NETWORKING_CHOICE_KEYS = {
    "peering_list_command_type": ("vpcPeeringGetRequest", "peeringListRequest"),
    "tgw_cidrs_request": ("strings", "strings_or_objects"),
}
