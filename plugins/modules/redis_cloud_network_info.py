#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_network_info
short_description: Read the VPC peerings, transit gateways, invitations and attachments of a Redis Cloud Pro subscription
version_added: 1.1.0
description:
  - Reads the private networking of a single-region Pro subscription, as the API lists it; its VPC peerings, the AWS
    transit gateways it sees, the invitations to share one, and the subscription's attachments to them.
  - Each listing answers a task of the account, so each costs a task and a few requests, in check mode too;
    O(gather) picks which to read.
  - Transit gateways exist on AWS only; for a GCP subscription, RV(transit_gateways), RV(attachments) and
    RV(invitations) are empty and not read.
  - The API answers these reads only for an active subscription. With O(wait=true) a subscription that is not active
    yet is waited for; with O(wait=false) the module fails, naming its status.
  - Active-Active subscriptions keep these per region, which this module does not read yet; it fails, saying so.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  subscription_id:
    description: Id of the single-region Pro subscription.
    type: int
    required: true
  gather:
    description: What to read.
    type: list
    elements: str
    choices: [peerings, transit_gateways, invitations]
    default: [peerings, transit_gateways, invitations]
  wait:
    description: Wait until the subscription is active when it is not (the API refuses these reads before).
    type: bool
    default: true
extends_documentation_fragment:
  - rediscloud.api.redis_cloud
  - rediscloud.api.redis_cloud.wait
  - rediscloud.api.redis_cloud.attributes
  - rediscloud.api.redis_cloud.actiongroups
attributes:
  check_mode:
    support: full
    details: The module only reads, so it runs normally in check mode (its reads are tasks of the account all the same).
  diff_mode:
    support: N/A
seealso:
  - module: rediscloud.api.redis_cloud_vpc_peering
  - module: rediscloud.api.redis_cloud_transit_gateway_invitation
  - module: rediscloud.api.redis_cloud_transit_gateway_attachment
"""

EXAMPLES = r"""
- name: Read the private networking of a subscription
  rediscloud.api.redis_cloud_network_info:
    subscription_id: 123456
  register: network

- name: Show the AWS peering connections still waiting to be accepted
  ansible.builtin.debug:
    msg: "{{ network.peerings | selectattr('status', 'equalto', 'pending-acceptance') | map(attribute='awsPeeringUid') | list }}"
"""

RETURN = r"""
peerings:
  description:
    - The VPC peerings, as the API lists them (C(vpcPeeringId), C(status), AWS C(awsAccountId), C(vpcUid),
      C(regionName), C(vpcCidr) or C(vpcCidrs), C(awsPeeringUid); GCP C(projectUid), C(networkName),
      C(redisProjectUid), C(redisNetworkName), C(cloudPeeringId)).
  returned: always
  type: list
  elements: dict
  sample:
    - {vpcPeeringId: 101, awsAccountId: "123456789012", vpcUid: vpc-0abc1234def567890, vpcCidr: 172.31.0.0/16,
       awsPeeringUid: pcx-0f3c1d2a8f4b4c3e9, status: active, regionName: eu-west-2}
transit_gateways:
  description: The AWS transit gateways the subscription sees, as the API lists them; C(id) is the id the other modules take.
  returned: always
  type: list
  elements: dict
  sample:
    - {id: 31, awsTgwUid: tgw-0a1b2c3d4e5f60718, status: available, awsAccountId: "620187402834", cidrs: []}
attachments:
  description: The subscription's attachments to those gateways.
  returned: always
  type: list
  elements: dict
  contains:
    tgw_id:
      description: The gateway's id in RV(transit_gateways).
      type: int
    aws_tgw_id:
      description: AWS's id of the gateway (C(tgw-...)).
      type: str
    attachment_uid:
      description: AWS's id of the attachment (C(tgw-attach-...)).
      type: str
    status:
      description: The attachment's status (V(pendingAcceptance), V(pending), V(available), V(rejected), V(deleting), ...).
      type: str
    cidrs:
      description: The CIDRs routed through it, sorted.
      type: list
      elements: str
invitations:
  description: The invitations to share a transit gateway, as the API lists them (C(id), C(name), C(resourceShareUid),
    C(awsAccountId), C(status) V(pending), V(accepted) or V(rejected), C(sharedDate)).
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
      description: The API's error code.
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

from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.resources.network import NETWORK_INFO_OPTIONS, read_network
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_read_module


@guarded
def main() -> None:
    run_read_module(RedisCloudModule(NETWORK_INFO_OPTIONS, wait_default=True), read_network)


if __name__ == "__main__":
    main()
