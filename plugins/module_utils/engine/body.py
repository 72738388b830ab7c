# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module options -> the API's camelCase request bodies, driven by the argument spec, for every resource.

Unset (None) values are left out, so the API applies its own defaults. A dict option
without declared suboptions (module parameters) passes through untouched. The few
options whose field is not the mechanical camelCase of their name are listed once, in
``API_NAMES``; an option whose value takes another shape in the API has a converter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# Option name -> the API's field, where it is not the mechanical conversion (every resource's).
API_NAMES = {
    "deployment_cidr": "deploymentCIDR",
    "support_oss_cluster_api": "supportOSSClusterApi",
    "time_utc": "timeUTC",
    "source_ips": "sourceIp",  # requests say sourceIp; read-backs say security.sourceIps
    "gcp_project_id": "vpcProjectUid",  # a GCP VPC peering's request; it reads back as projectUid
    "gcp_network_name": "vpcNetworkName",  # reads back as networkName
}

Converter = Callable[[Any], Any]


def api_name(option: str, names: Mapping[str, str] | None = None) -> str:
    """snake_case option name -> the API's camelCase field name (``names``: a resource's own, before API_NAMES)."""
    if names and option in names:
        return names[option]
    if option in API_NAMES:
        return API_NAMES[option]
    head, *rest = option.split("_")
    return head + "".join(part.capitalize() for part in rest)


def to_api(value: Any, options: Mapping[str, Any], convert: Mapping[str, Converter] | None = None,
           names: Mapping[str, str] | None = None) -> Any:
    """The API's shape of ``value`` (the module's parameters, or part of them), for the options in ``options``.

    ``convert`` maps an option to a function giving its value in the API's shape (at any level);
    ``names`` maps an option to its field where one resource's API names it otherwise (at any level).
    """
    convert = convert or {}
    if isinstance(value, list):
        return [to_api(item, options, convert, names) for item in value]
    body: dict[str, Any] = {}
    for option, option_spec in options.items():
        item = value.get(option)
        if item is None:
            continue
        if option in convert:
            body[api_name(option, names)] = convert[option](item)
        elif option_spec.get("options"):
            body[api_name(option, names)] = to_api(item, option_spec["options"], convert, names)
        else:
            body[api_name(option, names)] = item
    return body


def pick(options: Mapping[str, Any], names: Any) -> dict[str, Any]:
    """The argument spec of just these options (in the spec's order)."""
    wanted = set(names)
    return {option: spec for option, spec in options.items() if option in wanted}
