# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the private-networking resources share: their parent, the subscription (checked before anything is sent),
the wait_for option, and CIDR checks.

The single-region routes refuse an Active-Active subscription (its peerings and transit gateways live under
/regions, which this collection does not manage yet), and transit gateways exist on AWS only: both are told
before any request to them, from the subscription's own read-back.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import WAIT_FOR_ACTIVE, WAIT_FOR_INITIATED, Parent
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import SUBSCRIPTION

# Writes wait until the subscription is active (the API refuses them before); a write does not make it pending.
SUBSCRIPTION_PARENT = Parent(SUBSCRIPTION, "subscription_id", settles_after_writes=False, checked=True)
WAIT_FOR_OPTION: dict[str, Any] = {"type": "str", "choices": [WAIT_FOR_INITIATED, WAIT_FOR_ACTIVE], "default": WAIT_FOR_INITIATED}
ACTIVE_ACTIVE = "active-active"


def subscription_provider(subscription: dict[str, Any]) -> str | None:
    """The cloud provider the subscription runs on (None while a pending one reads ``cloudDetails: []``)."""
    details = subscription.get("cloudDetails")
    first = details[0] if isinstance(details, list) and details and isinstance(details[0], dict) else {}
    provider = first.get("provider")
    return provider.upper() if isinstance(provider, str) else None


def subscription_problem(subscription: dict[str, Any], what: str, provider: str | None = None) -> str | None:
    """Why the subscription cannot hold ``what``: it is Active-Active, or runs on another cloud than ``provider``."""
    subscription_id = subscription.get("id")
    if subscription.get("deploymentType") == ACTIVE_ACTIVE:
        return (f"Subscription {subscription_id} is Active-Active: its {what}s are managed per region (the API's /regions "
                "routes), which this collection does not support yet.")
    runs_on = subscription_provider(subscription)
    if provider is not None and runs_on is not None and runs_on != provider:
        return f"Subscription {subscription_id} runs on {runs_on}: a {what} needs a subscription on {provider}."
    return None


def cidr_problems(option: str, values: list[str] | None) -> list[str]:
    """Each value an IPv4 network in CIDR notation (no host bits), none twice: the API's own checks, told first."""
    if values is None:
        return []
    problems = []
    for index, value in enumerate(values):
        try:
            network = ipaddress.ip_network(value, strict=True)
        except ValueError:
            problems.append(f"{option}[{index}] {value!r} is not a network in CIDR notation (such as 10.0.1.0/24)")
            continue
        if network.version != 4:
            problems.append(f"{option}[{index}] {value!r} is not an IPv4 network")
    if len(set(values)) != len(values):
        problems.append(f"{option} lists a CIDR more than once")
    return problems


def cidr_key(values: Any) -> Any:
    """CIDRs as compared: a sorted list of strings, from strings or the objects the API reads back
    (``{"vpcCidr", "active"}`` of a peering, ``{"cidrAddress", "status"}`` of an attachment)."""
    if not isinstance(values, list):
        return values
    cidrs = []
    for value in values:
        if isinstance(value, dict):
            value = value.get("vpcCidr", value.get("cidrAddress"))
        cidrs.append(str(value))
    return sorted(cidrs)
