# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The in-memory records of private networking: VPC peerings, transit gateways and their invitations.

Statuses that move with time are derived from timestamps (status_at(t)), never stored, so a task
that completes at sim time t reads them as they were at t, however late it is replayed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

NEVER = math.inf  # as state.NEVER (not imported: state.py holds these records)


@dataclass
class Peering:
    peering_id: int
    subscription_id: int
    provider: str                   # "AWS" or "GCP"
    created_at: float
    listed_at: float                # GET .../peerings leaves it out before this
    initiated_at: float             # "initiating-request" ends then
    expires_at: float               # AWS: an unaccepted request expires then
    cidrs: list[str]                # AWS: the peered VPC's CIDRs
    aws_account_id: str = ""
    vpc_id: str = ""
    region: str = ""
    aws_peering_uid: str = ""
    gcp_project_uid: str = ""
    gcp_network_name: str = ""
    redis_project_uid: str = ""
    redis_network_name: str = ""
    cloud_peering_id: str = ""
    outcome: str | None = None      # what the cloud side decided: "active", "rejected" or "failed"
    outcome_at: float = NEVER
    deleted: bool = False

    def status_at(self, at: float) -> str:
        if self.outcome is not None and at >= self.outcome_at:
            return self.outcome
        if at < self.initiated_at:
            return "initiating-request"
        if self.provider == "GCP":
            # GCP rests here until the other half of the peering is created on Google's side.
            return "inactive"
        return "expired" if at >= self.expires_at else "pending-acceptance"


@dataclass
class Invitation:
    invitation_id: int
    subscription_id: int
    name: str
    resource_share_uid: str
    aws_account_id: str
    aws_tgw_uid: str
    shared_at: float
    status: str = "pending"         # "accepted" / "rejected" once answered


@dataclass
class TransitGateway:
    tgw_id: int
    subscription_id: int
    aws_tgw_uid: str
    aws_account_id: str
    listed_at: float                # GET .../transitGateways leaves it out before this
    attachment_uid: str | None = None
    attached_at: float = NEVER
    aws_decision: str | None = None  # the AWS side's answer to the attachment: "accepted" or "rejected"
    decided_at: float = NEVER
    detached_at: float = NEVER      # a deleted attachment reads "deleting" until detached_at + the attachment time
    cidrs: list[str] = field(default_factory=list)

    def attachment_status_at(self, at: float, attachment_seconds: float) -> str | None:
        """None when there is no attachment (the listing then carries no attachment fields)."""
        if self.attachment_uid is None or at < self.attached_at:
            return None
        if at >= self.detached_at:
            return None if at >= self.detached_at + attachment_seconds else "deleting"
        if self.aws_decision is None or at < self.decided_at:
            return "pendingAcceptance"
        if self.aws_decision == "rejected":
            return "rejected"
        return "available" if at >= self.decided_at + attachment_seconds else "pending"


@dataclass
class NetworkingState:
    peerings: dict[int, Peering] = field(default_factory=dict)
    invitations: dict[int, Invitation] = field(default_factory=dict)
    transit_gateways: dict[int, TransitGateway] = field(default_factory=dict)
    next_peering_id: int = 101
    next_invitation_id: int = 1
    next_tgw_id: int = 31
