# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: redis_cloud
short_description: Redis Cloud databases as an inventory source
version_added: 1.1.0
description:
  - Lists the databases of a Redis Cloud account (Pro and Essentials) as hosts, with their facts as host variables
    (prefixed by O(hostvars_prefix)), so that a job can run against every database of an environment.
  - Uses a YAML configuration file whose name ends with C(redis_cloud.yml) or C(redis_cloud.yaml), for example
    C(production.redis_cloud.yml).
  - The credentials come from the same options and environment variables as the modules' (E(REDISCLOUD_ACCESS_KEY),
    E(REDISCLOUD_SECRET_KEY), E(REDISCLOUD_URL), ...), which the collection's AWX credential type injects; an AWX
    inventory source with that credential needs none in its file.
  - B(No password or key is ever a host variable.) Host variables are built from a fixed list of fields, never from the
    API's answers as they are (a Pro database listing carries its password). AWX stores inventory variables in its database.
  - A refresh costs one request per plan type, one per subscription (more for more than 100 databases in one subscription),
    and with O(include_tags) one per database. The client paces itself on the API's rate-limit headers and waits out
    a refusal (429), so a large account stays inside 400 requests a minute (at the price of time).
author:
  - rediscloud.api contributors (@rediscloud)
extends_documentation_fragment:
  - rediscloud.api.redis_cloud
  - rediscloud.api.redis_cloud.inventory
  - constructed
  - inventory_cache
options:
  plugin:
    description: Marks this file as a source of this plugin.
    type: str
    required: true
    choices: [rediscloud.api.redis_cloud]
  plan_types:
    description: Which subscriptions to list, V(pro) (flexible) and V(essentials) (fixed). Each costs one request.
    type: list
    elements: str
    choices: [pro, essentials]
    default: [pro, essentials]
  subscriptions:
    description:
      - List only the databases of these subscriptions, each given by id or by name (every subscription of that name).
      - One that no subscription of O(plan_types) matches fails the refresh (a typo would otherwise give an empty inventory).
      - Empty, the default, lists every subscription.
    type: list
    elements: str
    default: []
  statuses:
    description:
      - List only databases in these statuses. Empty lists every database, whatever its status.
    type: list
    elements: str
    default: [active]
  filters:
    description:
      - List only databases whose host variables match one of these conditions. A condition maps host variable names
        (with their prefix) to a value or a list of accepted values; all of its entries must match. A dotted name reads
        into a dict variable (V(redis_cloud_tags.env)); a list variable matches when one of its items does.
      - A name that is not a host variable fails the refresh.
      - One condition may be given as a dict.
    type: raw
    default: []
  exclude_filters:
    description:
      - Leave out databases whose host variables match one of these conditions (the form of O(filters)), after O(filters).
    type: raw
    default: []
  hostnames:
    description:
      - How hosts are named, as an ordered list of preferences, for example V([name, subscription-name/name]) for short
        names where they are unique. A database takes the first whose value it has (an
        Essentials database has no private endpoint) and that no database before it took (in the order plan type,
        subscription id, database id), so names are unique and stable.
      - When all are taken, the database gets the first with C(_<plan type>_<database id>) appended.
        Every database that did not get its first preference is reported in a warning.
    type: list
    elements: str
    choices: [name, id, subscription-name/name, subscription-id/id, public_endpoint, private_endpoint]
    default: [subscription-name/name, subscription-id/id]
  connect_with:
    description:
      - The endpoint that sets C(ansible_host) and C(ansible_port). A database without it (a private endpoint of an
        Essentials database, an endpoint not assigned yet) gets neither; use O(compose) for another choice.
      - Redis is not a shell. Run tasks against these hosts with the C(local) connection, using C(ansible_host) and C(ansible_port)
        to reach the database.
    type: str
    choices: [public_endpoint, private_endpoint]
    default: public_endpoint
  hostvars_prefix:
    description: The prefix of every host variable this plugin sets (but C(ansible_host) and C(ansible_port)).
    type: str
    default: redis_cloud_
  include_tags:
    description:
      - Read each database's tags into C(<prefix>tags) (a dict). Costs one request per database, so it is off by default.
    type: bool
    default: false
  default_groups:
    description:
      - Put every database in C(redis_cloud), in C(redis_cloud_pro) or C(redis_cloud_essentials), in
        C(redis_cloud_subscription_<id>), and in C(redis_cloud_<cloud provider>) (for example C(redis_cloud_aws)).
      - O(keyed_groups), O(groups) and O(compose) work whether or not these are made.
    type: bool
    default: true
notes:
  - "Host variables (with the default prefix): C(redis_cloud_database_id), C(redis_cloud_database_name),
    C(redis_cloud_subscription_id), C(redis_cloud_subscription_name), C(redis_cloud_plan_type), C(redis_cloud_status),
    C(redis_cloud_endpoint) (public, C(host:port)), C(redis_cloud_private_endpoint), C(redis_cloud_cloud_provider),
    C(redis_cloud_region), C(redis_cloud_protocol), C(redis_cloud_redis_version), C(redis_cloud_memory_gb),
    C(redis_cloud_replication), C(redis_cloud_data_persistence), C(redis_cloud_tls), C(redis_cloud_modules) (names),
    and with O(include_tags) C(redis_cloud_tags). V(null) where the API reports nothing."
  - With O(cache), what was read is cached (host variables only, never a password); O(filters), O(statuses),
    O(hostnames) and the groups apply to the cached data, so changing them needs no new read.
seealso:
  - name: User guide, inventories
    description: Inventory files, an AWX inventory source with the collection's credential type, and jobs over every database.
    link: https://github.com/rediscloud/rediscloud.api/blob/main/docs/guide.md#inventories
"""

EXAMPLES = r"""
# production.redis_cloud.yml: every active database; the credentials come from the environment
# (REDISCLOUD_ACCESS_KEY, REDISCLOUD_SECRET_KEY) or from the AWX credential.
plugin: rediscloud.api.redis_cloud

---
# Only the Pro databases of two subscriptions, named by their subscription, grouped by region and Redis version.
plugin: rediscloud.api.redis_cloud
plan_types: [pro]
subscriptions: [orders-production, "123456"]
hostnames: [subscription-name/name]
keyed_groups:
  - key: redis_cloud_region
    prefix: region
  - key: redis_cloud_redis_version
    prefix: redis
compose:
  redis_url: "'rediss://' ~ ansible_host ~ ':' ~ ansible_port"

---
# Tagged databases on AWS, without the ones tagged for tests; cached for an hour.
plugin: rediscloud.api.redis_cloud
include_tags: true
filters:
  - redis_cloud_cloud_provider: AWS
    redis_cloud_tags.team: [orders, payments]
exclude_filters:
  - redis_cloud_tags.env: test
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/redis_cloud_inventory
cache_timeout: 3600
"""

import hashlib
import json
from typing import Any

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.rediscloud.api.plugins.module_utils.api.client import RedisCloudClient, check_api_url, credential_problem
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.run import Run
from ansible_collections.rediscloud.api.plugins.module_utils.engine.waiter import Deadline, Timeline
from ansible_collections.rediscloud.api.plugins.module_utils.inventory import (
    Listing,
    clash_report,
    connection,
    default_groups,
    filter_problems,
    host_names,
    kept,
    list_databases,
)

# A refresh has no wait_timeout: this bounds it (each request's retries and rate-limit waits included).
REFRESH_SECONDS = 3600


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "rediscloud.api.redis_cloud"

    def verify_file(self, path: str) -> bool:
        return super().verify_file(path) and path.endswith(("redis_cloud.yml", "redis_cloud.yaml"))

    def parse(self, inventory: Any, loader: Any, path: str, cache: bool = True) -> None:
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        listing = Listing(self.get_option("plan_types"), [str(item) for item in self.get_option("subscriptions")],
                          self.get_option("include_tags"))
        cache_key = f"{self.get_cache_key(path)}_{self._listing_digest(listing)}"
        records = None
        if cache and self.get_option("cache"):
            records = self._cache.get(cache_key)  # None: not cached, or expired
        if records is None:
            records = self._read(listing)
            if self.get_option("cache"):
                self._cache[cache_key] = records
        self._populate(records)

    def _listing_digest(self, listing: Listing) -> str:
        """What was read depends on these: a cache entry is per URL and listing (never per key: keys are not hashed anywhere)."""
        what = [self.get_option("api_url"), sorted(listing.plan_types), sorted(listing.subscriptions), listing.include_tags]
        return hashlib.sha256(json.dumps(what).encode()).hexdigest()[:16]

    def _option(self, name: str) -> Any:
        value = self.get_option(name)
        return self.templar.template(value) if isinstance(value, str) else value

    def _read(self, listing: Listing) -> list[dict[str, Any]]:
        api_url, api_key, secret_key = self._option("api_url"), self._option("api_key"), self._option("api_secret_key")
        for option, value, env in (("api_key", api_key, "REDISCLOUD_ACCESS_KEY"), ("api_secret_key", secret_key, "REDISCLOUD_SECRET_KEY")):
            if not value:
                raise AnsibleParserError(f"{option} is required: set it in the inventory file, or set {env} in the environment "
                                         "(an AWX credential of the collection's type does).")
            problem = credential_problem(option, value.strip())
            if problem:
                raise AnsibleParserError(problem)
        problem = check_api_url(api_url)
        if problem:
            raise AnsibleParserError(problem)
        try:
            client = RedisCloudClient(api_url, api_key.strip(), secret_key.strip(), validate_certs=self.get_option("validate_certs"),
                                      ca_path=self.get_option("ca_path"), timeout=self.get_option("api_timeout"),
                                      deadline=Deadline(REFRESH_SECONDS))
            return list_databases(Run(client, client.deadline, Timeline(), 10.0), listing)
        except RedisCloudError as exc:
            raise AnsibleParserError(f"Redis Cloud inventory: {exc.redact((api_key, secret_key))}") from None

    def _conditions(self, option: str) -> list[dict[str, Any]]:
        value = self.get_option(option)
        conditions = [value] if isinstance(value, dict) else value
        if not isinstance(conditions, list) or not all(isinstance(condition, dict) for condition in conditions):
            raise AnsibleParserError(f"{option} must be a list of conditions (dicts of host variable names and values)")
        return conditions

    def _populate(self, records: list[dict[str, Any]]) -> None:
        prefix, strict = self.get_option("hostvars_prefix"), self.get_option("strict")
        variables = [{**{prefix + key: value for key, value in facts.items()}, **connection(facts, self.get_option("connect_with"))}
                     for facts in records]
        filters, excludes = self._conditions("filters"), self._conditions("exclude_filters")
        known = {name for host in variables for name in host} | {prefix + "tags"}
        problems = filter_problems(filters, "filters", known) + filter_problems(excludes, "exclude_filters", known)
        if problems:
            raise AnsibleParserError("; ".join(problems))
        listed = [(facts, host) for facts, host in zip(records, variables)
                  if kept(host, prefix + "status", self.get_option("statuses"), filters, excludes)]
        names, clashes = host_names([facts for facts, _host in listed], self.get_option("hostnames"))
        if clashes:
            self.display.warning(clash_report(clashes))
        for name, (facts, host) in zip(names, listed):
            self.inventory.add_host(name)
            for key, value in host.items():
                self.inventory.set_variable(name, key, value)
            if self.get_option("default_groups"):
                for group in default_groups(facts):
                    self.inventory.add_group(group)
                    self.inventory.add_child(group, name)
            self._set_composite_vars(self.get_option("compose"), host, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), host, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), host, name, strict=strict)
