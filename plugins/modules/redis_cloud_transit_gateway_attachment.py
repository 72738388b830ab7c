#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_transit_gateway_attachment
short_description: Attach a Redis Cloud Pro subscription to an AWS transit gateway, and route CIDRs through it
version_added: 1.1.0
description:
  - Makes the attachment of a single-region AWS Pro subscription to a transit gateway it sees exist, with the given
    CIDRs (O(state=present)), or not exist (O(state=absent)).
  - The subscription sees a transit gateway once the AWS side has shared it (AWS RAM) and the invitation was accepted
    (M(rediscloud.api.redis_cloud_transit_gateway_invitation)). M(rediscloud.api.redis_cloud_network_info) lists
    the gateways with their O(tgw_id).
  - The attachment then waits for the AWS side to accept it (V(pendingAcceptance)); it becomes V(available) some time
    after. The API takes CIDRs only from then on, so O(cidrs) on a new attachment needs O(wait_for=active).
  - Every read of the gateway list is a task of the account (the API answers it that way), in check mode too.
  - Active-Active subscriptions attach per region, which this module does not do yet; GCP subscriptions have no
    transit gateways. Both are refused before anything else than the read of the subscription is sent.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  state:
    description:
      - V(present) attaches the subscription to the gateway when it is not, and sets the CIDRs when they differ.
      - V(absent) detaches it; nothing happens when it is not attached.
    type: str
    choices: [present, absent]
    default: present
  subscription_id:
    description: Id of the single-region AWS Pro subscription.
    type: int
    required: true
  tgw_id:
    description:
      - Id of the transit gateway in the subscription's gateway list (the API's C(id), a number), not AWS's C(tgw-...) id.
    type: int
    required: true
  cidrs:
    description:
      - IPv4 CIDRs of your networks that Redis Cloud routes through the attachment; V([]) routes none. Order does not matter.
      - Set only once the attachment is V(available); with a new attachment, O(wait_for) must be V(active).
      - Sent as plain strings, as the API's own example and the recorded clients send them (the spec types them as
        C({cidrAddress}) objects); read back as C(cidrs[].cidrAddress).
    type: list
    elements: str
  wait_for:
    description:
      - With O(wait=true), what to wait for.
      - V(initiated) returns once the attachment waits for the AWS side (V(pendingAcceptance)), with a warning.
      - V(active) waits until the AWS side has accepted it and it is V(available), then sets O(cidrs). Start it with
        C(async) and C(poll=0) to accept the attachment meanwhile in the same play, and wait with C(async_status).
      - An attachment that is V(rejected) or V(failed) fails the module, naming its status.
    type: str
    choices: [initiated, active]
    default: initiated
  wait:
    description:
      - Wait as O(wait_for) says, and for a detach until the attachment is gone.
      - With V(false), the module returns once the API has accepted the request, unless O(cidrs) must be applied after the attach.
      - Every write first waits until the subscription is active (the API refuses them before).
    type: bool
    default: true
extends_documentation_fragment:
  - rediscloud.api.redis_cloud
  - rediscloud.api.redis_cloud.wait
  - rediscloud.api.redis_cloud.actiongroups
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.facts
attributes:
  check_mode:
    support: full
    details:
      - Reports what would be attached, changed or detached and sends no write (the API has no dry run for it).
      - The reads still create tasks of the account (the gateway list answers a task).
  diff_mode:
    support: full
    details: Shows before and after of the CIDRs when they differ.
  platform:
    platforms: all
    support: full
    details: Runs wherever Python and C(requests) are available; it only talks to the Redis Cloud API over HTTPS.
  facts:
    support: full
    details: Sets C(redis_cloud_transit_gateway_attachment_uid) and C(redis_cloud_transit_gateway_attachment_status).
seealso:
  - module: rediscloud.api.redis_cloud_transit_gateway_invitation
  - module: rediscloud.api.redis_cloud_network_info
  - name: Redis Cloud API, connectivity
    description: The API operations this module uses.
    link: https://api.redislabs.com/v1/swagger-ui/index.html#/Subscriptions%20-%20Pro%20-%20Connectivity
"""

EXAMPLES = r"""
- name: Attach the subscription to the shared transit gateway
  rediscloud.api.redis_cloud_transit_gateway_attachment:
    subscription_id: 123456
    tgw_id: 31
  register: attachment

- name: Once the AWS side accepted it, route the application's CIDRs through it
  rediscloud.api.redis_cloud_transit_gateway_attachment:
    subscription_id: 123456
    tgw_id: 31
    cidrs: [10.10.20.0/24]
    wait_for: active

- name: Detach it
  rediscloud.api.redis_cloud_transit_gateway_attachment:
    subscription_id: 123456
    tgw_id: 31
    state: absent
"""

RETURN = r"""
transit_gateway:
  description:
    - The transit gateway with its attachment, as the API lists it (C(attachmentUid), C(attachmentStatus), C(cidrs)).
    - V(null) after a detach that was waited for, and in check mode for an attach.
  returned: always
  type: dict
  sample:
    id: 31
    awsTgwUid: tgw-0a1b2c3d4e5f60718
    status: available
    awsAccountId: "620187402834"
    attachmentUid: tgw-attach-0f1e2d3c4b5a69788
    attachmentStatus: available
    cidrs: [{cidrAddress: 10.10.20.0/24, status: active}]
transit_gateway_id:
  description: The O(tgw_id) of the attached gateway; V(null) when it is not known (check mode).
  returned: always
  type: int
  sample: 31
attachment_uid:
  description: AWS's id of the attachment (C(tgw-attach-...)), to accept it on the AWS side; V(null) until known.
  returned: always
  type: str
  sample: tgw-attach-0f1e2d3c4b5a69788
attachment_status:
  description: The attachment's status when the module ended (V(pendingAcceptance), V(pending), V(available), ...).
  returned: always
  type: str
  sample: pendingAcceptance
cidrs:
  description: The CIDRs routed through the attachment, sorted.
  returned: always
  type: list
  elements: str
  sample: [10.10.20.0/24]
task_id:
  description: Id of the last task this run submitted; V(null) when nothing was sent.
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
  description:
    - Statuses seen while the module waited, each with C(elapsed), C(at) (UTC, ISO 8601), C(what) and C(status).
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
      description: The API's error code, for example C(TGW_DOES_NOT_EXIST).
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
      description: Last status seen of the task or attachment concerned.
      type: str
    resume_hint:
      description: How to resume after a timeout.
      type: str
ansible_facts:
  description: The attachment's AWS id and status as facts.
  returned: always
  type: dict
  contains:
    redis_cloud_transit_gateway_attachment_uid:
      description: Same as RV(attachment_uid).
      type: str
    redis_cloud_transit_gateway_attachment_status:
      description: Same as RV(attachment_status).
      type: str
"""

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.resources.transit_gateway_attachment import TransitGatewayAttachmentModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.transit_gateway_attachment_options import (
    TRANSIT_GATEWAY_ATTACHMENT_OPTIONS, validate_params,
)
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_resource_module


def with_facts(result: dict[str, Any]) -> dict[str, Any]:
    result["ansible_facts"] = {"redis_cloud_transit_gateway_attachment_uid": result.get("attachment_uid"),
                               "redis_cloud_transit_gateway_attachment_status": result.get("attachment_status")}
    return result


@guarded
def main() -> None:
    base = RedisCloudModule(TRANSIT_GATEWAY_ATTACHMENT_OPTIONS, wait_default=True)
    run_resource_module(base, TransitGatewayAttachmentModel, with_facts, validate_params)


if __name__ == "__main__":
    main()
