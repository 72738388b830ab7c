"""Comparison of desired options with a subscription read back from the API."""

from __future__ import annotations

from ansible_collections.rediscloud.api.plugins.module_utils.subscription_diff import (
    Difference,
    cloud_providers_from_api,
    compare,
    diff_for_display,
    replacement_message,
)

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


def test_networking_list_read_back_becomes_one_object():
    [provider] = cloud_providers_from_api(READ_BACK["cloudDetails"])
    assert provider["regions"][0]["networking"] == {
        "deployment_cidr": "10.0.0.0/24", "vpc_id": None, "subnet_ids": ["subnet-b", "subnet-a"], "security_group_id": None,
    }


def test_matching_options_and_unset_options_give_no_difference():
    params = desired(name="orders", payment_method_id=2, memory_storage="ram", cloud_providers=[{
        "provider": "AWS", "cloud_account_id": None,
        "regions": [region(networking={"deployment_cidr": "10.0.0.0/24", "vpc_id": None,
                                       "subnet_ids": ["subnet-a", "subnet-b"], "security_group_id": None})],
    }])
    assert compare(params, READ_BACK) == []


def test_in_place_and_replacement_differences_are_told_apart():
    differences = compare(desired(name="renamed", memory_storage="ram-and-flash"), READ_BACK)
    assert differences == [Difference("name", "orders", "renamed"), Difference("memory_storage", "ram", "ram-and-flash")]
    assert [d.in_place for d in differences] == [True, False]


def test_nested_differences_name_the_option_path():
    params = desired(cloud_providers=[{
        "provider": "GCP", "cloud_account_id": None,
        "regions": [region(
            multiple_availability_zones=True,
            networking={"deployment_cidr": "10.1.0.0/24", "vpc_id": None, "subnet_ids": None, "security_group_id": None},
        )],
    }])
    assert compare(params, READ_BACK) == [
        Difference("cloud_providers[0].provider", "AWS", "GCP"),
        Difference("cloud_providers[0].regions[0].multiple_availability_zones", False, True),
        Difference("cloud_providers[0].regions[0].networking.deployment_cidr", "10.0.0.0/24", "10.1.0.0/24"),
    ]


def test_a_different_region_is_one_difference_listing_both_sets():
    params = desired(cloud_providers=[{"provider": None, "cloud_account_id": None, "regions": [region(region="eu-west-1")]}])
    assert compare(params, READ_BACK) == [Difference("cloud_providers[0].regions", ["us-east-1"], ["eu-west-1"])]


def test_fields_the_api_does_not_report_are_not_compared():
    sparse = {"id": 1, "name": "orders", "status": "active"}
    params = desired(persistent_storage_encryption_type="customer-managed-key", deployment_type="single-region",
                     cloud_providers=[{"provider": "AWS", "cloud_account_id": 1, "regions": [region()]}])
    assert compare(params, sparse) == []


def test_an_in_place_field_the_api_does_not_show_is_still_applied():
    marketplace = {"id": 1, "name": "orders", "status": "active", "paymentMethodType": "marketplace"}
    params = desired(payment_method="credit-card", payment_method_id=2001)
    assert compare(params, marketplace) == [Difference("payment_method_id", None, 2001),
                                            Difference("payment_method", "marketplace", "credit-card")]


def test_replacement_message_names_each_field_with_both_values():
    message = replacement_message(1206, [Difference("memory_storage", "ram", "ram-and-flash"),
                                         Difference("cloud_providers[0].provider", "AWS", "GCP")])
    assert "memory_storage: current 'ram', desired 'ram-and-flash'" in message
    assert "cloud_providers[0].provider: current 'AWS', desired 'GCP'" in message
    assert "must be replaced" in message and "nothing was sent" in message


def test_display_diff_holds_only_the_differing_fields():
    assert diff_for_display([Difference("name", "a", "b")]) == {"before": {"name": "a"}, "after": {"name": "b"}}
