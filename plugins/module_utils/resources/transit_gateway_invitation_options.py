# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options of a transit gateway invitation: which one, and the answer to give (its status once answered, its task)."""

from __future__ import annotations

from typing import Any

# action -> (the invitation's status once answered, the commandType of the answer's task; Go client TestAcceptInvitation)
ACTIONS = {"accept": ("accepted", "tgwAcceptInvitationRequest"), "reject": ("rejected", "tgwRejectInvitationRequest")}

TRANSIT_GATEWAY_INVITATION_OPTIONS: dict[str, Any] = {
    "subscription_id": {"type": "int", "required": True},
    "tgw_invitation_id": {"type": "int", "required": True, "aliases": ["id"]},
    "action": {"type": "str", "required": True, "choices": list(ACTIONS)},
}
