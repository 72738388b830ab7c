#!/usr/bin/python
# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: redis_cloud_vpc_peering
short_description: Peer a Redis Cloud Pro subscription with your AWS VPC or GCP network
version_added: 1.1.0
description:
  - Makes a VPC peering between a single-region Redis Cloud Pro subscription and your AWS VPC or GCP VPC network exist
    (O(state=present)) or not exist (O(state=absent)).
  - A peering has no name. It is found by O(peering_id) or, without it, by the network it peers with (AWS
    O(aws_account_id), O(vpc_id) and O(region); or GCP O(gcp_project_id) and O(gcp_network_name)), so a re-run finds
    what an earlier run created. When the API answers that a peering of that VPC exists already, that one is adopted.
  - Redis Cloud sends the peering request; your side must then act. On AWS, accept the peering connection
    RV(aws_peering_id) (M(amazon.aws.ec2_vpc_peering) with C(state=accept)). On GCP, create the peering back from your
    network to RV(gcp_redis_network_name) in project RV(gcp_redis_project_id) (C(gcloud compute networks peerings create);
    the google.cloud collection has no peering module). Until then the peering is V(pending-acceptance) (AWS) or
    V(inactive) (GCP). O(wait_for) says whether the module returns then, or waits until the peering is active.
  - Only the CIDRs (O(vpc_cidrs)) of an active AWS peering change in place, through the API's C(PUT
    /subscriptions/{subscriptionId}/peerings/{peeringId}). No recorded client sends that request; it follows the API's
    published spec only. A change to anything else fails, naming the field; nothing is sent.
  - Every read of the peering list is a task of the account (the API answers it that way), in check mode too.
  - Active-Active subscriptions peer per region (the API's C(/regions/peerings) routes), which this module does not do
    yet; it refuses them before sending anything else than the read of the subscription.
author:
  - rediscloud.api contributors (@rediscloud)
options:
  state:
    description:
      - V(present) creates the peering when none matches, changes its CIDRs when they differ, and does nothing when it matches.
      - V(absent) deletes it; nothing happens when it does not exist.
    type: str
    choices: [present, absent]
    default: present
  subscription_id:
    description: Id of the single-region Pro subscription to peer.
    type: int
    required: true
  peering_id:
    description:
      - Id of the peering (C(vpcPeeringId)). Without it, the peering is found by the network it peers with.
      - With O(state=present), an id that does not exist fails; the module creates only without it.
    type: int
    aliases: [id]
  provider:
    description: The cloud of your network; the subscription must run on the same cloud.
    type: str
    choices: [AWS, GCP]
    default: AWS
  region:
    description:
      - AWS region of your VPC. Required for O(provider=AWS) unless O(peering_id) is set.
      - Read back as C(regionName).
    type: str
  aws_account_id:
    description:
      - Id of the AWS account (12 digits) that owns the VPC. Required for O(provider=AWS) unless O(peering_id) is set.
    type: str
  vpc_id:
    description:
      - Id of your VPC (C(vpc-...)). Required for O(provider=AWS) unless O(peering_id) is set. Read back as C(vpcUid).
    type: str
  vpc_cidrs:
    description:
      - IPv4 CIDRs of your VPC that Redis Cloud routes to through the peering; none may overlap the subscription's
        deployment CIDR or another peering's CIDRs (the API refuses with C(VPC_PEERING_CIDR_OVERLAP)).
      - Required to create an AWS peering. Changes in place once the peering is active. Order does not matter.
      - Not for O(provider=GCP).
    type: list
    elements: str
  gcp_project_id:
    description:
      - Id of the GCP project that owns your network. Required for O(provider=GCP) unless O(peering_id) is set.
      - Sent as C(vpcProjectUid), read back as C(projectUid).
    type: str
  gcp_network_name:
    description:
      - Name of your GCP VPC network. Required for O(provider=GCP) unless O(peering_id) is set.
      - Sent as C(vpcNetworkName), read back as C(networkName).
    type: str
  wait_for:
    description:
      - With O(wait=true), what to wait for.
      - V(initiated) returns as soon as Redis Cloud has sent the peering request (the peering left V(initiating-request)),
        with the ids your side needs to accept it or to peer back; a warning says what is awaited.
      - V(active) waits until your side has acted and the peering is V(active). Start the task with C(async) and
        C(poll=0), accept the peering in another task, then wait with C(async_status) (see the examples); or accept it
        in a later play and run this module then.
      - A peering that is V(failed), V(rejected) or V(expired) fails the module, naming its status.
    type: str
    choices: [initiated, active]
    default: initiated
  wait:
    description:
      - Wait for the peering as O(wait_for) says, and for a deletion until the peering is gone.
      - With V(false), the module returns once the API has accepted the request (a create returns the RV(peering_id)).
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
      - Reports what would be created, changed or deleted and sends no write. The API has no dry run for peerings.
      - The reads still create tasks of the account (the peering list answers a task).
  diff_mode:
    support: full
    details: Shows before and after of the options that differ (the whole create body for a create).
  platform:
    platforms: all
    support: full
    details: Runs wherever Python and C(requests) are available; it only talks to the Redis Cloud API over HTTPS.
  facts:
    support: full
    details: Sets C(redis_cloud_vpc_peering_id), C(redis_cloud_vpc_peering_status), C(redis_cloud_aws_peering_id),
      C(redis_cloud_gcp_redis_project_id) and C(redis_cloud_gcp_redis_network_name).
notes:
  - A timeout fails with the peering's last status; re-running the same task resumes, finding the peering by its network.
  - Ansible's C(async) runs the module in the background, so that a play can accept the peering while it waits.
seealso:
  - module: rediscloud.api.redis_cloud_network_info
  - module: rediscloud.api.redis_cloud_transit_gateway_attachment
  - module: amazon.aws.ec2_vpc_peering
  - name: Redis Cloud API, connectivity
    description: The API operations this module uses.
    link: https://api.redislabs.com/v1/swagger-ui/index.html#/Subscriptions%20-%20Pro%20-%20Connectivity
"""

EXAMPLES = r"""
- name: Ask Redis Cloud to peer with the application VPC
  rediscloud.api.redis_cloud_vpc_peering:
    subscription_id: 123456
    region: eu-west-2
    aws_account_id: "123456789012"
    vpc_id: vpc-0abc1234def567890
    vpc_cidrs: [172.31.0.0/16]
  register: peering

- name: Accept it on the AWS side
  amazon.aws.ec2_vpc_peering:
    region: eu-west-2
    peering_id: "{{ peering.aws_peering_id }}"
    state: accept

- name: Wait until traffic can flow (a re-run finds the same peering)
  rediscloud.api.redis_cloud_vpc_peering:
    subscription_id: 123456
    region: eu-west-2
    aws_account_id: "123456789012"
    vpc_id: vpc-0abc1234def567890
    vpc_cidrs: [172.31.0.0/16]
    wait_for: active

- name: Or in one go - start the module in the background, waiting until the peering is active ...
  rediscloud.api.redis_cloud_vpc_peering:
    subscription_id: 123456
    region: eu-west-2
    aws_account_id: "123456789012"
    vpc_id: vpc-0abc1234def567890
    vpc_cidrs: [172.31.0.0/16]
    wait_for: active
  async: 1800
  poll: 0
  register: peering_job

- name: ... meanwhile read the id of the peering request once it is sent ...
  rediscloud.api.redis_cloud_network_info:
    subscription_id: 123456
    gather: [peerings]
  register: network
  until: network.peerings | selectattr('vpcUid', 'equalto', 'vpc-0abc1234def567890') | selectattr('awsPeeringUid', 'defined') | list | length > 0
  retries: 30
  delay: 10

- name: ... accept it on the AWS side ...
  amazon.aws.ec2_vpc_peering:
    region: eu-west-2
    peering_id: "{{ (network.peerings | selectattr('vpcUid', 'equalto', 'vpc-0abc1234def567890') | first).awsPeeringUid }}"
    state: accept

- name: ... and wait for the module to see it active
  ansible.builtin.async_status:
    jid: "{{ peering_job.ansible_job_id }}"
  register: peered
  until: peered.finished
  retries: 180
  delay: 10

- name: Peer with a GCP network
  rediscloud.api.redis_cloud_vpc_peering:
    subscription_id: 654321
    provider: GCP
    gcp_project_id: my-project
    gcp_network_name: my-network
  register: gcp_peering

- name: Peer back from the GCP side (the google.cloud collection has no peering module)
  ansible.builtin.command:
    argv: [gcloud, compute, networks, peerings, create, redis-cloud, --project=my-project, --network=my-network,
           "--peer-project={{ gcp_peering.gcp_redis_project_id }}", "--peer-network={{ gcp_peering.gcp_redis_network_name }}"]
  changed_when: true

- name: Delete the peering
  rediscloud.api.redis_cloud_vpc_peering:
    subscription_id: 123456
    region: eu-west-2
    aws_account_id: "123456789012"
    vpc_id: vpc-0abc1234def567890
    state: absent
"""

RETURN = r"""
peering:
  description:
    - The peering as the API lists it, with the API's field names (which differ from the request's, for example
      C(vpcUid), C(regionName), C(projectUid)). One CIDR reads back as C(vpcCidr), several as C(vpcCidrs) objects.
    - V(null) after a delete that was waited for, and in check mode for a create.
  returned: always
  type: dict
  sample:
    vpcPeeringId: 101
    awsAccountId: "123456789012"
    vpcUid: vpc-0abc1234def567890
    vpcCidr: 172.31.0.0/16
    awsPeeringUid: pcx-0f3c1d2a8f4b4c3e9
    status: pending-acceptance
    regionName: eu-west-2
peering_id:
  description: Id of the peering (C(vpcPeeringId)); V(null) when it is not known (check mode create).
  returned: always
  type: int
  sample: 101
status:
  description: The peering's status when the module ended, for example V(pending-acceptance), V(inactive) or V(active).
  returned: always
  type: str
  sample: pending-acceptance
aws_peering_id:
  description: The AWS peering connection to accept (C(pcx-...), the API's C(awsPeeringUid)); V(null) for GCP or until sent.
  returned: always
  type: str
  sample: pcx-0f3c1d2a8f4b4c3e9
gcp_redis_project_id:
  description: The Redis Cloud GCP project to peer back to (the API's C(redisProjectUid)); V(null) for AWS.
  returned: always
  type: str
  sample: v3f1c2d4e5a6b7c8-tp
gcp_redis_network_name:
  description: The Redis Cloud GCP network to peer back to (the API's C(redisNetworkName)); V(null) for AWS.
  returned: always
  type: str
  sample: c123456-us-central1-1-rlrcp
task_id:
  description: Id of the last task this run submitted; V(null) when nothing was sent.
  returned: always
  type: str
  sample: 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60
task:
  description: That task, in its final state.
  returned: always
  type: dict
pricing:
  description: Always V(null); the API prices no peering.
  returned: always
  type: list
  elements: dict
timeline:
  description:
    - Statuses seen while the module waited, each with C(elapsed) (seconds since the module started),
      C(at) (UTC time, ISO 8601), C(what) and C(status).
  returned: always
  type: list
  elements: dict
  sample:
    - {elapsed: 1.25, at: "2026-01-01T10:00:01+00:00", what: "task 5e3c1d2a-8f4b-4c3e-9a7d-1b2c3d4e5f60", status: processing-completed}
    - {elapsed: 40.2, at: "2026-01-01T10:00:40+00:00", what: "VPC peering 101", status: pending-acceptance}
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
      description: The API's error code, for example C(VPC_PEERING_CIDR_OVERLAP).
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
      description: Last status seen of the task or peering concerned.
      type: str
    resume_hint:
      description: How to resume after a timeout.
      type: str
ansible_facts:
  description: The ids and status as facts.
  returned: always
  type: dict
  contains:
    redis_cloud_vpc_peering_id:
      description: Same as RV(peering_id).
      type: int
    redis_cloud_vpc_peering_status:
      description: Same as RV(status).
      type: str
    redis_cloud_aws_peering_id:
      description: Same as RV(aws_peering_id).
      type: str
    redis_cloud_gcp_redis_project_id:
      description: Same as RV(gcp_redis_project_id).
      type: str
    redis_cloud_gcp_redis_network_name:
      description: Same as RV(gcp_redis_network_name).
      type: str
"""

from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.module import RedisCloudModule, guarded
from ansible_collections.rediscloud.api.plugins.module_utils.resources.vpc_peering import VpcPeeringModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.vpc_peering_options import VPC_PEERING_OPTIONS, validate_params
from ansible_collections.rediscloud.api.plugins.module_utils.runners import run_resource_module

FACTS = ("status", "aws_peering_id", "gcp_redis_project_id", "gcp_redis_network_name")


def with_facts(result: dict[str, Any]) -> dict[str, Any]:
    facts = {"redis_cloud_vpc_peering_id": result.get("peering_id"), "redis_cloud_vpc_peering_status": result.get("status")}
    facts.update({f"redis_cloud_{key}": result.get(key) for key in FACTS[1:]})
    result["ansible_facts"] = facts
    return result


@guarded
def main() -> None:
    base = RedisCloudModule(VPC_PEERING_OPTIONS, wait_default=True)
    run_resource_module(base, VpcPeeringModel, with_facts, validate_params)


if __name__ == "__main__":
    main()
