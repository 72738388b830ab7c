"""compare.py (Field, Difference, compare, diff, replacement message) and subscription_compare.py (the subscription's fields).

The subscription cases are ported from test_subscription_diff.py: compare() now takes the
resource's fields (subscription_compare.FIELDS), a Difference names whether it can change
in place, and the replacement message takes the resource's label instead of its id.
"""

from __future__ import annotations

from ansible_collections.rediscloud.api.plugins.module_utils.engine.compare import (
    Difference,
    Field,
    compare,
    diff_for_display,
    dig,
    replacement_message,
    unreported,
)
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import REDACTED
from ansible_collections.rediscloud.api.plugins.module_utils.resources.subscription import FIELDS, cloud_providers_from_api

READ_BACK = {
    "id": 1206,
    "name": "orders",
    "status": "active",
    "deploymentType": "single-region",
    "paymentMethodId": 2,
    "paymentMethodType": "credit-card",
    "memoryStorage": "ram",
    "cloudDetails": [{
        "provider": "AWS",
        "cloudAccountId": 1,
        "regions": [{
            "region": "us-east-1",
            "networking": [{"deploymentCIDR": "10.0.0.0/24", "subnetId": "subnet-b"}, {"subnetId": "subnet-a"}],
            "preferredAvailabilityZones": ["use1-az1"],
            "multipleAvailabilityZones": False,
        }],
    }],
}


def desired(**options) -> dict:
    base = {key: None for key in ("name", "payment_method_id", "payment_method", "memory_storage",
                                  "persistent_storage_encryption_type", "deployment_type", "cloud_providers")}
    base.update(options)
    return base


def region(**options) -> dict:
    base = {"region": "us-east-1", "multiple_availability_zones": None, "preferred_availability_zones": None, "networking": None}
    base.update(options)
    return base


class TestSubscriptionFields:
    def test_networking_list_read_back_becomes_one_object(self):
        [provider] = cloud_providers_from_api(READ_BACK["cloudDetails"])
        assert provider["regions"][0]["networking"] == {
            "deployment_cidr": "10.0.0.0/24", "vpc_id": None, "subnet_ids": ["subnet-b", "subnet-a"], "security_group_id": None,
        }

    def test_matching_options_and_unset_options_give_no_difference(self):
        params = desired(name="orders", payment_method_id=2, memory_storage="ram", cloud_providers=[{
            "provider": "AWS", "cloud_account_id": None,
            "regions": [region(networking={"deployment_cidr": "10.0.0.0/24", "vpc_id": None,
                                           "subnet_ids": ["subnet-a", "subnet-b"], "security_group_id": None})],
        }])
        assert compare(params, READ_BACK, FIELDS) == []

    def test_in_place_and_replacement_differences_are_told_apart(self):
        differences = compare(desired(name="renamed", memory_storage="ram-and-flash"), READ_BACK, FIELDS)
        assert differences == [Difference("name", "orders", "renamed", in_place=True),
                               Difference("memory_storage", "ram", "ram-and-flash", in_place=False)]

    def test_nested_differences_name_the_option_path(self):
        params = desired(cloud_providers=[{
            "provider": "GCP", "cloud_account_id": None,
            "regions": [region(
                multiple_availability_zones=True,
                networking={"deployment_cidr": "10.1.0.0/24", "vpc_id": None, "subnet_ids": None, "security_group_id": None},
            )],
        }])
        assert compare(params, READ_BACK, FIELDS) == [
            Difference("cloud_providers[0].provider", "AWS", "GCP", in_place=False),
            Difference("cloud_providers[0].regions[0].multiple_availability_zones", False, True, in_place=False),
            Difference("cloud_providers[0].regions[0].networking.deployment_cidr", "10.0.0.0/24", "10.1.0.0/24", in_place=False),
        ]

    def test_a_different_region_is_one_difference_listing_both_sets(self):
        params = desired(cloud_providers=[{"provider": None, "cloud_account_id": None, "regions": [region(region="eu-west-1")]}])
        assert compare(params, READ_BACK, FIELDS) == [Difference("cloud_providers[0].regions", ["us-east-1"], ["eu-west-1"], in_place=False)]

    def test_a_different_number_of_providers_is_one_difference(self):
        params = desired(cloud_providers=[{"provider": "AWS", "regions": [region()]}, {"provider": "GCP", "regions": [region()]}])
        assert compare(params, READ_BACK, FIELDS) == [
            Difference("cloud_providers", ["AWS:us-east-1"], ["AWS:us-east-1", "GCP:us-east-1"], in_place=False)]

    def test_fields_the_api_does_not_report_are_not_compared(self):
        sparse = {"id": 1, "name": "orders", "status": "active"}
        params = desired(persistent_storage_encryption_type="customer-managed-key", deployment_type="single-region",
                         cloud_providers=[{"provider": "AWS", "cloud_account_id": 1, "regions": [region()]}])
        assert compare(params, sparse, FIELDS) == []

    def test_a_pending_subscription_reads_back_empty_cloud_details_that_say_nothing(self):
        # Issue 9: a pending subscription reads back "cloudDetails": [] (Go client fixture TestSubscription_List).
        pending = {"id": 1, "name": "orders", "status": "pending", "cloudDetails": [], "memoryStorage": ""}
        params = desired(memory_storage="ram", cloud_providers=[{"provider": "AWS", "regions": [region(region="eu-west-1")]}])
        assert compare(params, pending, FIELDS) == []

    def test_a_multi_az_region_without_deployment_cidr_is_not_a_difference(self):
        # Issue 9: multi-AZ regions may read back no deploymentCIDR (Terraform's flatten.go blanks it).
        read_back = {"id": 1, "cloudDetails": [{"provider": "AWS", "regions": [
            {"region": "us-east-1", "multipleAvailabilityZones": True, "networking": [{"subnetId": "a"}, {"subnetId": "b"}]}]}]}
        params = desired(cloud_providers=[{"provider": "AWS", "regions": [region(
            multiple_availability_zones=True, networking={"deployment_cidr": "10.0.0.0/24"})]}])
        assert compare(params, read_back, FIELDS) == []

    def test_an_odd_cloud_details_shape_is_not_compared(self):
        for odd in ("x", [1], [{"regions": "x"}], [{"regions": [{"region": 5}]}], [{"regions": [{"region": "a", "networking": "x"}]}]):
            assert cloud_providers_from_api(odd) is None
            assert compare(desired(cloud_providers=[{"provider": "AWS", "regions": [region()]}]), {"cloudDetails": odd}, FIELDS) == []

    def test_an_in_place_field_the_api_does_not_show_is_still_applied(self):
        marketplace = {"id": 1, "name": "orders", "status": "active", "paymentMethodType": "marketplace"}
        params = desired(payment_method="credit-card", payment_method_id=2001)
        assert compare(params, marketplace, FIELDS) == [Difference("payment_method_id", None, 2001, in_place=True),
                                                        Difference("payment_method", "marketplace", "credit-card", in_place=True)]

    def test_replacement_message_names_each_field_with_both_values(self):
        message = replacement_message("subscription 1206 ('orders')", [
            Difference("memory_storage", "ram", "ram-and-flash", in_place=False),
            Difference("cloud_providers[0].provider", "AWS", "GCP", in_place=False)])
        assert message.startswith("Subscription 1206 ('orders') cannot change in place (")
        assert "memory_storage: current 'ram', desired 'ram-and-flash'" in message
        assert "cloud_providers[0].provider: current 'AWS', desired 'GCP'" in message
        assert "must be replaced" in message and "nothing was sent" in message

    def test_display_diff_holds_only_the_differing_fields(self):
        assert diff_for_display([Difference("name", "a", "b", in_place=True)]) == {"before": {"name": "a"}, "after": {"name": "b"}}


class TestGenericCompare:
    FIELDS = (
        Field("size", "memory.sizeInGb", normalize=float),
        Field("port", "port", in_place=False),
        Field("password", "security.password", secret=True),
        Field("tags", "tags", comparator=lambda desired, resource: [] if sorted(desired) == sorted(resource.get("tags") or [])
              else [Difference("tags", resource.get("tags"), desired, in_place=True)]),
    )
    CURRENT = {"memory": {"sizeInGb": 1}, "port": 10000, "security": {"password": "current-pass-0001"}, "tags": ["a", "b"]}

    def test_only_options_set_are_compared_and_normalized(self):
        assert compare({"size": 1.0, "port": None, "password": None, "tags": ["b", "a"]}, self.CURRENT, self.FIELDS) == []

    def test_differences_carry_in_place_and_secret(self):
        differences = compare({"size": 2, "port": 10001, "password": "new-pass-0002", "tags": ["c"]}, self.CURRENT, self.FIELDS)
        assert differences == [
            Difference("size", 1, 2, in_place=True),
            Difference("port", 10000, 10001, in_place=False),
            Difference("password", "current-pass-0001", "new-pass-0002", in_place=True, secret=True),
            Difference("tags", ["a", "b"], ["c"], in_place=True),
        ]

    def test_secrets_never_show_in_the_diff_or_the_replacement_message(self):
        secret = Difference("password", "current-pass-0001", "new-pass-0002", in_place=False, secret=True)
        shown = diff_for_display([secret])
        assert shown == {"before": {"password": REDACTED}, "after": {"password": REDACTED}}
        message = replacement_message("database 51", [secret])
        assert "current-pass-0001" not in message and "new-pass-0002" not in message
        assert f"password: current {REDACTED!r}, desired {REDACTED!r}" in message

    def test_an_unset_secret_shows_as_none(self):
        assert diff_for_display([Difference("password", None, "x", in_place=True, secret=True)])["before"] == {"password": None}

    def test_an_unreported_immutable_field_is_left_alone(self):
        assert compare({"port": 10001}, {"port": None}, self.FIELDS) == []
        assert compare({"port": 10001}, {}, self.FIELDS) == []

    def test_an_unreported_field_is_not_compared_unless_the_resource_applies_it_anyway(self):
        # A field the API does not report says nothing: comparing it would make every run change something.
        assert compare({"size": 2}, {"memory": {"sizeInGb": ""}}, self.FIELDS) == []
        applied = (Field("size", "memory.sizeInGb", unreported_differs=True),)
        assert compare({"size": 2}, {"memory": {"sizeInGb": ""}}, applied) == [Difference("size", "", 2, in_place=True)]

    def test_false_is_a_value_not_unset(self):
        fields = (Field("replication", "replication"),)
        assert compare({"replication": False}, {"replication": True}, fields) == [Difference("replication", True, False, in_place=True)]

    def test_dig_and_unreported(self):
        assert dig({"a": {"b": {"c": 1}}}, "a.b.c") == 1
        assert dig({"a": [1]}, "a.b") is None and dig({}, "a") is None
        assert [unreported(value) for value in (None, "", [], 0, False, {}, "x")] == [True, True, True, False, False, False, False]
