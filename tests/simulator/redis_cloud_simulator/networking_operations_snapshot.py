# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET /_simulator/state, the parts of private networking and day-2 operations, statuses as they are at `now`.

URIs and paths were stored masked: the state shows no credential.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from redis_cloud_simulator.state import AccountState


def _time(value: float) -> float | None:
    return None if math.isinf(value) else value


def networking_operations_snapshot(state: AccountState, now: float, config: dict[str, Any]) -> dict[str, Any]:
    networking, operations = state.networking, state.operations
    return {
        "peerings": [{"id": peering.peering_id, "subscription_id": peering.subscription_id, "provider": peering.provider,
                      "status": "deleted" if peering.deleted else peering.status_at(now), "deleted": peering.deleted,
                      "cidrs": peering.cidrs, "listed_at": peering.listed_at, "initiated_at": peering.initiated_at}
                     for peering in networking.peerings.values()],
        "transit_gateway_invitations": [dataclasses.asdict(invitation) for invitation in networking.invitations.values()],
        "transit_gateways": [{"id": tgw.tgw_id, "subscription_id": tgw.subscription_id, "aws_tgw_uid": tgw.aws_tgw_uid,
                              "listed_at": tgw.listed_at, "attachment_uid": tgw.attachment_uid,
                              "attachment_status": tgw.attachment_status_at(now, config["tgw_attachment_seconds"]),
                              "cidrs": tgw.cidrs, "decided_at": _time(tgw.decided_at)}
                             for tgw in networking.transit_gateways.values()],
        "backups": [{"kind": kind, "database_id": database_id, **dataclasses.asdict(record)}
                    for (kind, database_id), record in operations.backups.items()],
        "imports": [{"kind": kind, "database_id": database_id, **dataclasses.asdict(record)}
                    for (kind, database_id), record in operations.imports.items()],
        "maintenance_windows": {str(sub_id): windows for sub_id, windows in operations.maintenance_windows.items()},
    }
