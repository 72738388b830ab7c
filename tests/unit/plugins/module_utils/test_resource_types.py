"""resource_types.py: the strict listing parsers of subscriptions and databases, and the types as data (issue 10 finding 7)."""

from __future__ import annotations

import pytest
from scripted_api import NOT_FOUND, ScriptedClient, db, dbs, make_run, sub, subs

from ansible_collections.rediscloud.api.plugins.module_utils.api.client import RedisCloudClient
from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import ApiRequestError, MalformedResponseError
from ansible_collections.rediscloud.api.plugins.module_utils.engine.reads import PAGE_SIZE, Resources
from ansible_collections.rediscloud.api.plugins.module_utils.resources.types import DATABASE, SUBSCRIPTION, databases_of, subscriptions_of

SECRET = "AKIAsecret-key-0123456789abcdef"
SUBSCRIPTIONS = "GET /subscriptions"
DATABASES = "GET /subscriptions/12/databases"


class TestSubscriptionsOf:
    def test_the_listing(self):
        assert subscriptions_of(subs(sub(1, "a"), sub(2, "b")), SUBSCRIPTIONS) == [sub(1, "a"), sub(2, "b")]

    def test_an_answer_without_the_list_is_an_error_even_with_the_account_id(self):
        # Issue 10, finding 7: an answer without its list is an error, never an empty account (no recorded
        # answer shows the real API leaving the list out).
        for answer in ({"accountId": 1}, {"accountId": 1, "links": []}):
            with pytest.raises(MalformedResponseError, match="no list of subscriptions"):
                subscriptions_of(answer, SUBSCRIPTIONS)

    @pytest.mark.parametrize(
        ("answer", "problem"),
        [
            ([], "the answer is a list, expected an object"),
            ({}, "the answer has no list of subscriptions"),
            (None, "the answer is null, expected an object"),
            ({"links": []}, "the answer has no list of subscriptions"),
            ({"accountId": 1, "subscriptions": None}, "'subscriptions' is null, expected a list"),
            ({"subscriptions": "x"}, "'subscriptions' is a string, expected a list"),
            ({"subscriptions": {"id": 1}}, "'subscriptions' is an object, expected a list"),
        ],
    )
    def test_an_answer_without_its_list_is_an_error_never_an_empty_account(self, answer, problem):
        with pytest.raises(MalformedResponseError) as caught:
            subscriptions_of(answer, SUBSCRIPTIONS)
        assert problem in str(caught.value)
        assert (caught.value.method, caught.value.path) == ("GET", "/subscriptions")

    def test_a_credential_in_the_answer_never_reaches_the_message(self):
        with pytest.raises(MalformedResponseError) as caught:
            subscriptions_of({"subscriptions": SECRET}, SUBSCRIPTIONS)
        assert SECRET not in str(caught.value)


class TestDatabasesOf:
    def test_the_nested_listing(self):
        listed = {"accountId": 1, "subscription": [{"subscriptionId": 12, "databases": [{"databaseId": 11}]}]}
        assert databases_of(listed, DATABASES) == [{"databaseId": 11}]

    def test_subscription_as_one_object(self):
        assert databases_of({"subscription": {"subscriptionId": 12, "databases": [{"databaseId": 12}]}}, DATABASES) == [{"databaseId": 12}]

    def test_databases_at_the_top_level(self):
        assert databases_of({"subscriptionId": 12, "databases": [{"databaseId": 13}]}, DATABASES) == [{"databaseId": 13}]

    def test_no_databases_only_when_the_answer_says_so_twice(self):
        assert databases_of({"subscription": [{"subscriptionId": 12, "numberOfDatabases": 0, "databases": []}]}, DATABASES) == []

    def test_several_groups_are_joined(self):
        listed = {"subscription": [{"databases": [{"databaseId": 1}]}, {"databases": [{"databaseId": 2}]}]}
        assert databases_of(listed, DATABASES) == [{"databaseId": 1}, {"databaseId": 2}]

    @pytest.mark.parametrize(
        ("answer", "problem"),
        [
            ([], "the answer is a list, expected an object"),
            ({}, "the answer has no list of databases"),
            (None, "the answer is null, expected an object"),
            # Unlike GET /subscriptions, an empty database listing answers 404 (issue 9), so an
            # account-only answer says nothing about the databases: an error, not "none".
            ({"accountId": 1}, "the answer has no list of databases"),
            ({"subscription": "x"}, "the answer has no list of databases"),
            ({"subscription": ["x"]}, "subscription[0] is a string, expected an object"),
            ({"subscription": [{"subscriptionId": 12}]}, "subscription[0].databases is null, expected a list"),
            ({"subscription": [{"numberOfDatabases": 2}]}, "subscription[0].databases is null, expected a list"),
            ({"subscription": [{"databases": {"databaseId": 1}}]}, "subscription[0].databases is an object, expected a list"),
            # Issue 15: each of these once read as "no databases", and a create was POSTed.
            ({"subscription": []}, "the answer has no list of databases"),
            ({"databases": []}, "the answer has no list of databases"),
            ({"subscription": {"numberOfDatabases": 0}}, "subscription[0].databases is null, expected a list"),
            ({"subscription": [{"numberOfDatabases": 3, "databases": []}]}, "subscription[0] lists no databases but does not count 0 (numberOfDatabases is 3)"),
            ({"subscription": [{"databases": []}]}, "lists no databases but does not count 0 (numberOfDatabases is null)"),
            ({"subscription": [{"numberOfDatabases": False, "databases": []}]}, "(numberOfDatabases is a boolean)"),
        ],
    )
    def test_an_answer_without_its_list_is_an_error(self, answer, problem):
        with pytest.raises(MalformedResponseError) as caught:
            databases_of(answer, DATABASES)
        assert problem in str(caught.value)
        assert caught.value.path == "/subscriptions/12/databases"


class TestListing:
    """Resources.list() on the two types, with a scripted client."""

    def test_subscriptions_are_read_in_one_request_and_checked(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions"): [subs(sub(1, "a"), sub(2, "b", "pending"))]})
        assert Resources(SUBSCRIPTION, make_run(client, fake_clock)).list() == [sub(1, "a"), sub(2, "b", "pending")]
        assert client.calls == [("GET", "/subscriptions")]

    @pytest.mark.parametrize(
        ("item", "problem"),
        [
            (1, "item 0 is a number, expected an object"),
            ({"name": "a"}, "item 0.id is null, expected a positive integer id"),
            ({"id": "7/../../x", "name": "a"}, "item 0.id is a string"),
            ({"id": 1e20}, "item 0.id is a number"),
            ({"id": 1, "name": 5}, "item 0.name is a number, expected a string"),
            ({"id": 1, "status": ["active"]}, "item 0.status is a list, expected a string"),
        ],
    )
    def test_a_garbled_item_is_an_error_naming_its_position(self, fake_clock, item, problem):
        client = ScriptedClient({("GET", "/subscriptions"): [subs(item)]})
        with pytest.raises(MalformedResponseError) as caught:
            Resources(SUBSCRIPTION, make_run(client, fake_clock)).list()
        assert problem in str(caught.value)

    @pytest.mark.parametrize("answer", [[], {}, None, {"links": []}, {"subscriptions": "x"}, {"subscriptions": [1]}])
    def test_a_body_without_a_list_is_refused_rather_than_read_as_empty(self, fake_clock, answer):
        # Ported from test_subscription_wait.py (read_subscriptions).
        client = ScriptedClient({("GET", "/subscriptions"): [answer]})
        with pytest.raises(MalformedResponseError) as caught:
            Resources(SUBSCRIPTION, make_run(client, fake_clock)).list()
        assert caught.value.path == "/subscriptions"

    def test_a_404_on_the_database_listing_means_no_databases(self, fake_clock):
        # Issue 9: "Subscription N: no databases found" is an HTTP 404, not an empty list.
        client = ScriptedClient({("GET", "/subscriptions/12/databases"): [NOT_FOUND]})
        assert Resources(DATABASE, make_run(client, fake_clock), 12).list() == []
        assert client.calls == [("GET", "/subscriptions/12/databases")]

    def test_a_404_on_the_subscription_listing_is_an_error(self, fake_clock):
        client = ScriptedClient({("GET", "/subscriptions"): [NOT_FOUND]})
        with pytest.raises(ApiRequestError):
            Resources(SUBSCRIPTION, make_run(client, fake_clock)).list()

    @pytest.mark.parametrize("answer", [[], {}, {"accountId": 1}, {"subscription": None}])
    def test_a_garbled_database_listing_is_an_error(self, fake_clock, answer):
        client = ScriptedClient({("GET", "/subscriptions/12/databases"): [answer]})
        with pytest.raises(MalformedResponseError):
            Resources(DATABASE, make_run(client, fake_clock), 12).list()

    def test_a_null_200_on_the_database_listing_is_an_error_not_no_databases(self, api_server, fake_clock):
        # Issue 10 finding 7, with the real client: a 200 whose body is JSON null is a garbled answer.
        # It must not read as the 404 that means "no databases" (it would let a create or a delete go ahead).
        api_server.expect_request("/v1/subscriptions/12/databases").respond_with_data("null", content_type="application/json")
        client = RedisCloudClient(api_server.url_for("/v1"), "unit-test-account-key-0001", "unit-test-user-secret-0002")
        with pytest.raises(MalformedResponseError):
            Resources(DATABASE, make_run(client, fake_clock), 12).list()

    def test_database_pages_are_followed_until_a_short_page(self, fake_clock):
        first_page = dbs(12, *[db(index, f"db-{index}") for index in range(1, PAGE_SIZE + 1)])
        second_page = dbs(12, db(PAGE_SIZE + 1, "last"))
        client = ScriptedClient({("GET", "/subscriptions/12/databases"): [first_page, second_page]})

        listed = Resources(DATABASE, make_run(client, fake_clock), 12).list()

        assert [item["databaseId"] for item in listed] == list(range(1, PAGE_SIZE + 2))
        assert client.params == [{"offset": 0, "limit": PAGE_SIZE}, {"offset": PAGE_SIZE, "limit": PAGE_SIZE}]

    def test_a_full_page_then_404_ends_the_listing(self, fake_clock):
        first_page = dbs(12, *[db(index, f"db-{index}") for index in range(1, PAGE_SIZE + 1)])
        client = ScriptedClient({("GET", "/subscriptions/12/databases"): [first_page, NOT_FOUND]})
        assert len(Resources(DATABASE, make_run(client, fake_clock), 12).list()) == PAGE_SIZE

    def test_an_endless_listing_is_an_error(self, fake_clock):
        full_page = dbs(12, *[db(index, f"db-{index}") for index in range(1, PAGE_SIZE + 1)])
        client = ScriptedClient({("GET", "/subscriptions/12/databases"): [full_page]})
        with pytest.raises(MalformedResponseError, match="items listed"):
            Resources(DATABASE, make_run(client, fake_clock), 12).list()
        assert len(client.calls) == 100

    def test_database_paths_carry_the_parent_and_are_quoted(self, fake_clock):
        databases = Resources(DATABASE, make_run(ScriptedClient(), fake_clock), 12)
        assert databases.list_path() == "/subscriptions/12/databases"
        assert databases.item_path(51) == "/subscriptions/12/databases/51"
        assert databases.item_path(51, "/upgrade") == "/subscriptions/12/databases/51/upgrade"

    def test_the_parent_id_is_required_exactly_when_the_type_has_a_parent(self, fake_clock):
        run = make_run(ScriptedClient(), fake_clock)
        with pytest.raises(ValueError):
            Resources(DATABASE, run)
        with pytest.raises(ValueError):
            Resources(SUBSCRIPTION, run, 12)


class TestTypes:
    def test_subscription_statuses(self):
        assert SUBSCRIPTION.settled == {"active"} and SUBSCRIPTION.failed == {"error"}
        assert SUBSCRIPTION.leaving == {"deleting"} and SUBSCRIPTION.resting == {"encryption_key_pending"}
        assert SUBSCRIPTION.commands.all() == ("subscriptionCreateRequest", "subscriptionUpdateRequest", "subscriptionDeleteRequest")

    def test_database_statuses(self):
        # Issue 9: a database being deleted is delete-pending (RedisInsight's cloud-database.ts).
        assert "delete-pending" in DATABASE.leaving
        # Issue 16: creation-failed is failed too (Redis Software's BDB statuses, RedisInsight); any other status is pending.
        assert DATABASE.settled == {"active"} and DATABASE.failed == {"error", "creation-failed"}
        assert DATABASE.commands.all() == ("databaseCreateRequest", "databaseUpdateRequest", "databaseDeleteRequest")
