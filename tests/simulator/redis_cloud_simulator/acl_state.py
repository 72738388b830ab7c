# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account's ACL records: Redis rules, roles and users.

Statuses are timelines (timeline.py): `pending` after every write, then `active` (users and roles flap
between the two for a while first), `deleting` -> gone after a delete. A user's password is never kept:
only its SHA-256 and how many times it was set, so that a test can tell a rotation happened.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from redis_cloud_simulator.timeline import Timeline

# The built-in rules every account has: ids, names and texts as RedisLabs/rediscloud-go-api redis_rule_test.go
# TestListRedisRules recorded them (the double space in Full-Access included); the spec's AccountACLRedisRules
# example shows the same three.
DEFAULT_RULES = ((76, "Full-Access", "+@all  ~*"), (77, "Read-Write", "+@all -@dangerous ~*"), (78, "Read-Only", "+@read ~*"))


def password_digest(password: str) -> str:
    return hashlib.sha256(password.encode()).hexdigest()


@dataclass
class AclRule:
    rule_id: int
    name: str
    acl: str
    is_default: bool
    timeline: Timeline
    listed_at: float = 0.0          # GET /acl/redisRules leaves it out before this


@dataclass
class AclRole:
    role_id: int
    name: str
    # [{"rule_id": int, "databases": [{"subscriptionId", "databaseId", "regions"}]}], as the request named them
    rules: list[dict[str, Any]]
    timeline: Timeline
    listed_at: float = 0.0


@dataclass
class AclUser:
    user_id: int
    name: str
    role_id: int
    password_sha256: str
    timeline: Timeline
    listed_at: float = 0.0
    password_version: int = 1       # 1 at create, +1 at each password change


def _default_rules() -> dict[int, AclRule]:
    return {rule_id: AclRule(rule_id, name, acl, True, Timeline([(0.0, "active")])) for rule_id, name, acl in DEFAULT_RULES}


@dataclass
class AclState:
    rules: dict[int, AclRule] = field(default_factory=_default_rules)
    roles: dict[int, AclRole] = field(default_factory=dict)
    users: dict[int, AclUser] = field(default_factory=dict)
    next_rule_id: int = 3901
    next_role_id: int = 901
    next_user_id: int = 201

    def live_rules(self, at: float) -> list[AclRule]:
        return [rule for rule in self.rules.values() if not rule.timeline.gone(at)]

    def live_roles(self, at: float) -> list[AclRole]:
        return [role for role in self.roles.values() if not role.timeline.gone(at)]

    def live_users(self, at: float) -> list[AclUser]:
        return [user for user in self.users.values() if not user.timeline.gone(at)]

    def rule_named(self, name: str, at: float) -> AclRule | None:
        return next((rule for rule in self.live_rules(at) if rule.name == name), None)

    def role_named(self, name: str, at: float) -> AclRole | None:
        return next((role for role in self.live_roles(at) if role.name == name), None)
