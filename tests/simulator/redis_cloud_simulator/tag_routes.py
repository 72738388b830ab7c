# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Database tags (Pro and Essentials): synchronous (no task), as the spec's tag operations and Terraform's provider treat them.

Shapes: RedisLabs/rediscloud-go-api tags_test.go (recorded from the API's staging host): before any tag was
ever written GET answers only {"links": [...]}; afterwards {"tags": [...], "links": [...], "accountId"}, each
tag {"key", "value", "createdAt", "updatedAt", "links"}. Keys and values are stored lower-cased: the
Terraform provider refuses upper case (provider/pro/utils.go ValidateTagsfunc); what the API does with it
is not recorded, and storing it changed is the harsher reading for a client that compares.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from aiohttp import web

from redis_cloud_simulator.errors import ApiError, not_found
from redis_cloud_simulator.middleware import SIMULATOR, json_body, json_response
from redis_cloud_simulator.route_helpers import base_url, visible_database
from redis_cloud_simulator.simulator import Simulator
from redis_cloud_simulator.state import ACCOUNT_ID, Tag
from redis_cloud_simulator.validation import check_schema


class Tagged(Protocol):
    """A database of either kind: the tag routes only read and write its `tags`."""
    tags: dict[str, Tag] | None


Find = Callable[[Simulator, web.Request], Tagged]


def _tag_body(sim: Simulator, key: str, tag: Tag) -> dict[str, Any]:
    return {"key": key, "value": tag.value, "createdAt": sim.clock.iso(tag.created_at),
            "updatedAt": sim.clock.iso(tag.updated_at), "links": []}


def _tags_body(sim: Simulator, request: web.Request, database: Tagged, method: str = "GET") -> dict[str, Any]:
    links = [{"rel": "self", "type": method, "href": f"{base_url(request)}{request.path}"}]
    if database.tags is None:
        return {"links": links}
    return {"tags": [_tag_body(sim, key, tag) for key, tag in database.tags.items()], "links": links, "accountId": ACCOUNT_ID}


def _existing_tag(database: Tagged, key: str) -> Tag:
    if not database.tags or key.lower() not in database.tags:
        raise not_found(f"Tag {key!r}", "ENTITY_NOT_FOUND")
    return database.tags[key.lower()]


def add_tag_routes(table: web.RouteTableDef, path: str, find: Find) -> None:
    """Register the five tag operations under `path` (.../databases/{databaseId}/tags); `find` resolves the database."""

    @table.get(path)
    async def get_tags(request: web.Request) -> web.Response:
        sim = request.app[SIMULATOR]
        return json_response(_tags_body(sim, request, find(sim, request)))

    @table.put(path)
    async def overwrite_tags(request: web.Request) -> web.Response:
        sim = request.app[SIMULATOR]
        database = find(sim, request)
        body = await json_body(request)
        check_schema("DatabaseTagsUpdateRequest", body)
        now, previous = sim.now(), database.tags or {}
        tags = {}
        for tag in body["tags"]:
            key, value = tag["key"].lower(), tag["value"].lower()
            created = previous[key].created_at if key in previous else now
            tags[key] = Tag(value, created, now)
        database.tags = tags
        return json_response(_tags_body(sim, request, database, "PUT"))

    @table.post(path)
    async def add_tag(request: web.Request) -> web.Response:
        sim = request.app[SIMULATOR]
        database = find(sim, request)
        body = await json_body(request)
        check_schema("DatabaseTagCreateRequest", body)
        key = body["key"].lower()
        if database.tags and key in database.tags:
            # Not recorded; refusing is the harsher reading (PUT .../tags/{tagKey} changes a value).
            raise ApiError(400, "BAD_REQUEST", f"Tag {key!r} already exists")
        database.tags = database.tags or {}
        database.tags[key] = Tag(body["value"].lower(), sim.now(), sim.now())
        return json_response(_tag_body(sim, key, database.tags[key]))

    @table.put(path + "/{tagKey}")
    async def update_tag(request: web.Request) -> web.Response:
        sim = request.app[SIMULATOR]
        database = find(sim, request)
        tag = _existing_tag(database, request.match_info["tagKey"])
        body = await json_body(request)
        check_schema("DatabaseTagUpdateRequest", body)
        tag.value, tag.updated_at = body["value"].lower(), sim.now()
        return json_response(_tag_body(sim, request.match_info["tagKey"].lower(), tag))

    @table.delete(path + "/{tagKey}")
    async def delete_tag(request: web.Request) -> web.Response:
        sim = request.app[SIMULATOR]
        database = find(sim, request)
        _existing_tag(database, request.match_info["tagKey"])
        assert database.tags is not None
        del database.tags[request.match_info["tagKey"].lower()]
        return json_response({})


tag_routes = web.RouteTableDef()
add_tag_routes(tag_routes, "/v1/subscriptions/{subscriptionId}/databases/{databaseId}/tags",
               lambda sim, request: visible_database(sim, request)[1])
