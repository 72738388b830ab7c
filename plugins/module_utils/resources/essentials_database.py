# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Essentials databases: the model of redis_cloud_essentials_database, Pro's (database.py) with the differences declared.

The fields are Pro's where the API's fields coincide, with the Essentials read-back's own name for the default
user (``security.defaultUserEnabled``; Pro reads ``enableDefaultUser``: Go client service/fixed/databases/model.go),
and ``protocol``, ``modules`` and ``redis_version`` fixed at create (FixedDatabaseUpdateRequest has none of them;
Pro upgrades its version in place). No Essentials endpoint takes dryRun: check mode sends nothing. A new database
reads ``draft``, then ``pending``: statuses the engine does not know are "not settled yet".

The API refuses a password in the request that disables the default user, and any password while it is disabled
(the spec's codes; Terraform drops the password when it disables the user): the password goes first, in a request
of its own, and a password change of a database whose default user stays disabled is refused before anything is sent.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import RedisCloudError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import Difference, Field, dig
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Change, Current, DryRun, Parent
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database import FIELDS as PRO_FIELDS
from ansible_collections.rediscloud.api.plugins.module_utils.resources.database import TAGS, DatabaseModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.essentials_database_options import (
    ESSENTIALS_DATABASE_OPTIONS,
    UPDATE_ONLY,
    build_create_body,
    build_update_body,
    validate_create,
)
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import ESSENTIALS_DATABASE, ESSENTIALS_SUBSCRIPTION

DEFAULT_USER = "security.defaultUserEnabled"
_DIFFERENT = {"enable_default_user": {"api": DEFAULT_USER}, "redis_version": {"in_place": False}}
FIELDS = tuple(replace(field, **_DIFFERENT.get(field.option, {})) for field in PRO_FIELDS if field.option in {"name", *ESSENTIALS_DATABASE_OPTIONS}) + (
    # Read back as backup.destination when a path is set (Terraform reads it there: "not returned by the API directly").
    Field("periodic_backup_path", "backup.destination"),
    Field("enable_database_clustering", "clustering.enabled"),
    Field("number_of_shards", "clustering.numberOfShards"),
)


class EssentialsDatabaseModel(DatabaseModel):
    type = ESSENTIALS_DATABASE
    fields = FIELDS
    parent = Parent(ESSENTIALS_SUBSCRIPTION, "subscription_id")
    dry_run = DryRun()
    applied_after_create = UPDATE_ONLY + (TAGS,)

    def label(self) -> str:
        return f"Essentials database of subscription {self.params['subscription_id']}"

    def validate_create(self) -> list[str]:
        return validate_create(self.params)

    def create_body(self) -> dict[str, Any]:
        return build_create_body(self.params)

    def update_body(self, differences: list[Difference], current: Current) -> dict[str, Any]:
        return build_update_body({d.field: self.params[d.field] for d in differences if d.field != TAGS})

    def changes(self, differences: list[Difference], current: Current) -> list[Change]:
        password = [d for d in differences if d.field == "password"]
        wanted, enabled = self.params.get("enable_default_user"), dig(current.item, DEFAULT_USER) is not False
        if not password or wanted or (wanted is None and enabled):
            return super().changes(differences, current)
        if not enabled:
            raise RedisCloudError(f"The password of {self.label()} cannot change while its default user is disabled (the API refuses it: "
                                  "NOT_ALLOWED_TO_UPDATE_A_DATABASE_PASSWORD_WHEN_DEFAULT_USER_IS_DISABLED). Set enable_default_user=true, "
                                  "or update_password=on_create. Nothing was sent.",
                                  error_type="NOT_ALLOWED_TO_UPDATE_A_DATABASE_PASSWORD_WHEN_DEFAULT_USER_IS_DISABLED")
        # The password first, while the default user is enabled; then the rest, which disables it.
        return super().changes(password, current) + super().changes([d for d in differences if d.field != "password"], current)
