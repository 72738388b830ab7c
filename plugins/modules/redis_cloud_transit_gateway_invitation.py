#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_transit_gateway_invitation
short_description: Accept or reject the invitation to share an AWS transit gateway with a Redis Cloud Pro subscription
version_added: 1.1.0
description:
  - When your AWS account shares a transit gateway with the Redis Cloud account (an AWS RAM resource share), the
    subscription gets an invitation. This module accepts or rejects it (O(action)).
  - An invitation already answered as asked is left alone (V(ok)). One answered the other way cannot change; the
    module fails, naming its status, and sends nothing.
  - Once accepted, the gateway shows in the subscription's gateway list (after a while) with the id that
    M(rediscloud.api.redis_cloud_transit_gateway_attachment) takes.
  - Every read of the invitation list is a task of the account (the API answers it that way), in check mode too.
  - Active-Active subscriptions answer invitations per region, which this module does not do yet; GCP subscriptions
    have no transit gateways. Both are refused before anything else than the read of the subscription is sent.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  subscription_id:
    description: Id of the single-region AWS Pro subscription the gateway is shared with.
    type: int
    required: true
  tgw_invitation_id:
    description: Id of the invitation (C(id) in RV(rediscloud.api.redis_cloud_network_info#module:invitations)).
    type: int
    required: true
    aliases: [id]
  action:
    description: V(accept) the share, or V(reject) it.
    type: str
    required: true
    choices: [accept, reject]
  wait:
    description:
      - Wait for the answer's task to complete and read the invitation again.
      - With V(false), the module returns once the API has accepted the request.
    type: bool
    default: true
extends_documentation_fragment:
  - rediscloud.api.redis_cloud
  - rediscloud.api.redis_cloud.wait
  - rediscloud.api.redis_cloud.actiongroups
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: Reports whether the invitation would be answered and sends no write; the read of the invitations is still a task.
  diff_mode:
    support: full
    details: Shows the invitation's status before and after.
  platform:
    platforms: all
    support: full
    details: Runs wherever Python and C(requests) are available; it only talks to the Redis Cloud API over HTTPS.
seealso:
  - module: rediscloud.api.redis_cloud_network_info
  - module: rediscloud.api.redis_cloud_transit_gateway_attachment
  - name: Redis Cloud API, connectivity
    description: The API operations this module uses.
    link: https://api.redislabs.com/v1/swagger-ui/index.html#/Subscriptions%20-%20Pro%20-%20Connectivity
"""

EXAMPLES = r"""
- name: Read the pending invitations
  rediscloud.api.redis_cloud_network_info:
    subscription_id: 123456
    gather: [invitations]
  register: network

- name: Accept the share of our transit gateway
  rediscloud.api.redis_cloud_transit_gateway_invitation:
    subscription_id: 123456
    tgw_invitation_id: "{{ (network.invitations | selectattr('name', 'equalto', 'shared-tgw') | first).id }}"
    action: accept
"""

RETURN = r"""
invitation:
  description: The invitation as the API lists it, after the answer.
  returned: always
  type: dict
  sample:
    id: 1
    name: shared-tgw
    resourceShareUid: arn:aws:ram:us-east-1:620187402834:resource-share/1a2b3c4d-5e6f-7a8b-9c0d1e2f3a4b
    awsAccountId: "620187402834"
    status: accepted
    sharedDate: "2026-01-01T10:00:00.000+00:00"
invitation_id:
  description: Id of the invitation.
  returned: always
  type: int
  sample: 1
task_id:
  description: Id of the answer's task; V(null) when nothing was sent.
  returned: always
  type: str
task:
  description: That task, in its final state.
  returned: always
  type: dict
pricing:
  description: Always V(null).
  returned: always
  type: list
  elements: dict
timeline:
  description: Statuses seen while the module waited, each with C(elapsed), C(at) (UTC, ISO 8601), C(what) and C(status).
  returned: always
  type: list
  elements: dict
failure:
  description: On failure, details of the error. Keys are always present and V(null) when unknown.
  returned: failed
  type: dict
  contains:
    message:
      description: The failure message.
      type: str
    status:
      description: HTTP status of the answer that failed.
      type: int
    error_type:
      description: The API's error code, for example C(TGW_RESOURCE_SHARE_DOES_NOT_EXIST).
      type: str
    description:
      description: The API's error text.
      type: str
    method:
      description: HTTP method of the request that failed.
      type: str
    path:
      description: Path of the request that failed.
      type: str
    task_id:
      description: Id of the task concerned.
      type: str
    last_status:
      description: Last status seen.
      type: str
    resume_hint:
      description: How to resume after a timeout.
      type: str
"""

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.resources.transit_gateway_invitation import TransitGatewayInvitationModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.transit_gateway_invitation_options import TRANSIT_GATEWAY_INVITATION_OPTIONS
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_resource_module


def no_facts(result: dict[str, Any]) -> dict[str, Any]:
    return result


@guarded
def main() -> None:
    base = RedisCloudModule(TRANSIT_GATEWAY_INVITATION_OPTIONS, wait_default=True)
    run_resource_module(base, TransitGatewayInvitationModel, no_facts)


if __name__ == "__main__":
    main()
