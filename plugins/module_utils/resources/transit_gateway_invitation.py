# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Invitations to share an AWS transit gateway with a subscription: the model of redis_cloud_transit_gateway_invitation.

An invitation appears when the AWS side shares a gateway (AWS RAM); this collection answers it. Its ``status``
(pending, accepted, rejected) is compared with the ``action`` asked for: one already answered that way is ``ok``,
a pending one gets the answer (PUT .../accept or .../reject, no body; Go client TestAcceptInvitation,
TestRejectInvitation), and one answered the other way cannot change (the API refuses it).
"""

from __future__ import annotations

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference, Field
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Change, Current, ResourceModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.networking import SUBSCRIPTION_PARENT, subscription_problem
from ansible_collections.rediscloud.api.plugins.module_utils.resources.transit_gateway_invitation_options import ACTIONS
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import TRANSIT_GATEWAY_INVITATION

PENDING = "pending"


def _compare_status(action: str, invitation: dict[str, Any]) -> list[Difference]:
    wanted, current = ACTIONS[action][0], invitation.get("status")
    return [] if current == wanted else [Difference("action", current, wanted, in_place=current == PENDING)]


class TransitGatewayInvitationModel(ResourceModel):
    type = TRANSIT_GATEWAY_INVITATION
    fields = (Field("action", "status", comparator=_compare_status),)
    id_option = "tgw_invitation_id"
    identity_options = ()  # known by its id only
    result_key = "invitation"
    replacement = "An answered invitation keeps its answer: to answer again, share the gateway again from the AWS side"
    parent = SUBSCRIPTION_PARENT
    refusals_in_tasks = True

    def label(self) -> str:
        return f"transit gateway invitation of subscription {self.params['subscription_id']}"

    def parent_problem(self, parent: dict[str, Any]) -> str | None:
        return subscription_problem(parent, "transit gateway invitation", "AWS")

    def changes(self, differences: list[Difference], current: Current) -> list[Change]:
        action = self.params["action"]
        return [Change(action, None, ("action",), suffix=f"/{action}", command_type=ACTIONS[action][1])]
