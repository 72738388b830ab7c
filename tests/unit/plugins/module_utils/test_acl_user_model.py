"""redis_cloud_acl_user's model and options, on answers shaped like the recorded ones (RedisLabs/rediscloud-go-api
user_test.go: a user by id has a status, the listing has none, neither has a password); bodies validated against the spec."""

from __future__ import annotations

from typing import Any

import pytest
from redis_cloud_simulator.spec import validate_body

from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import diff_for_display
from ansible_collections.rediscloud.api.plugins.module_utils.engine.model import Current
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_user import AclUserModel
from ansible_collections.rediscloud.api.plugins.module_utils.resources.acl_user_options import validate_create, validate_params
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import ACL_ROLE, ACL_USER

USER = {"id": 201, "name": "app", "role": "readers", "status": "active", "links": []}  # TestGetUser
LISTING = {"accountId": 1001, "users": [{"id": 201, "name": "app", "role": "readers", "links": []}]}  # TestListUsers: no status
PASSWORD = "Sw0rdfish.secret"


def model(**params: Any) -> AclUserModel:
    return AclUserModel({"state": "present", "acl_user_id": None, "name": "app", "role": None, "password": None,
                         "update_password": "on_create", "settle_window": 15.0, **params})


def test_the_listing_has_no_status_so_the_type_reads_users_by_id():
    assert ACL_USER.items_of(LISTING, "GET /acl/users") == LISTING["users"]
    assert not ACL_USER.listing_has_status and not ACL_USER.read_from_listing


def test_the_password_is_sent_to_an_existing_user_only_with_update_password_always():
    assert model(role="readers", password=PASSWORD).differences(Current(USER)) == []
    rotation = model(password=PASSWORD, update_password="always")
    [difference] = rotation.differences(Current(USER))
    assert (difference.field, difference.secret, difference.current) == ("password", True, None)
    body = rotation.update_body([difference], Current(USER))
    assert body == {"password": PASSWORD} and validate_body("AclUserUpdateRequest", body) == []
    assert PASSWORD not in str(diff_for_display([difference]))


def test_a_role_changes_in_place_and_the_name_never():
    moved = model(role="writers")
    [difference] = moved.differences(Current(USER))
    assert difference.field == "role" and moved.update_body([difference], Current(USER)) == {"role": "writers"}
    [renamed] = model(acl_user_id=201, name="other").differences(Current(USER))
    assert renamed.field == "name" and not renamed.in_place


def test_the_create_body_follows_the_spec_and_is_masked_when_shown():
    created = model(role="readers", password=PASSWORD)
    body = created.create_body()
    assert body == {"name": "app", "role": "readers", "password": PASSWORD}
    assert validate_body("AclUserCreateRequest", body) == []
    assert created.mask({"before": {}, "after": body})["after"]["password"] == "********"
    assert created.secrets() == (PASSWORD,)


def test_its_role_is_a_prerequisite():
    [prerequisite] = model(role="readers").prerequisites(None)
    assert (prerequisite.option, prerequisite.types, prerequisite.name) == ("role", (ACL_ROLE,), "readers")
    assert model().prerequisites(USER) == []


@pytest.mark.parametrize(("password", "length"), [("Aa1.", 4), ("Aa1." * 33, 132)])
def test_a_password_of_the_wrong_length_is_refused_without_quoting_it(password, length):
    [problem] = validate_params({"name": "app", "role": "r", "password": password, "acl_user_id": None, "settle_window": 15.0})
    assert problem == f"password must be 8 to 128 characters long, got {length}" and password not in problem


def test_a_create_needs_a_name_a_role_and_a_password():
    assert validate_create({"name": "app", "role": None, "password": None}) == [
        "role is required to create a user", "password is required to create a user"]
