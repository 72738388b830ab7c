# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""GET /fixed/plans, /fixed/plans/{planId}, /fixed/plans/subscriptions/{subscriptionId}: the Essentials catalogue.

Answer {"plans": [...], "links": [self]} (RedisLabs/rediscloud-go-api fixed_plans_test.go); each listed plan has
"links": [], a plan read by id a self link (the spec's FixedSubscriptionsPlan example). ?provider= takes the spec's
enum (AWS, GCP, AZURE) and ?redisFlex= a boolean; any other value is a 400, as for any parameter the API checks.
"""

from __future__ import annotations

from aiohttp import web

from redis_cloud_simulator.errors import bad_request, not_found
from redis_cloud_simulator.essentials_catalog import PROVIDER_FILTERS, compatible_plans, find_plan, listed_plans
from redis_cloud_simulator.essentials_view import plan_body
from redis_cloud_simulator.middleware import SIMULATOR, json_response
from redis_cloud_simulator.route_helpers import base_url, int_path_parameter
from redis_cloud_simulator.views import link

essentials_plan_routes = web.RouteTableDef()


def _redis_flex(request: web.Request) -> bool | None:
    value = request.query.get("redisFlex")
    if value is None:
        return None
    if value not in ("true", "false"):
        raise bad_request(f"redisFlex must be true or false (got {value!r})")
    return value == "true"


@essentials_plan_routes.get("/v1/fixed/plans")
async def list_plans(request: web.Request) -> web.Response:
    provider = request.query.get("provider")
    if provider is not None and provider not in PROVIDER_FILTERS:
        raise bad_request(f"provider must be one of {', '.join(PROVIDER_FILTERS)} (got {provider!r})")
    plans = listed_plans(PROVIDER_FILTERS[provider] if provider else None, _redis_flex(request))
    query = f"?{request.query_string}" if request.query_string else ""
    return json_response({"plans": [plan_body(plan, []) for plan in plans],
                         "links": [link(base_url(request), "self", f"/fixed/plans{query}")]})


@essentials_plan_routes.get("/v1/fixed/plans/{planId}")
async def get_plan(request: web.Request) -> web.Response:
    plan = find_plan(int_path_parameter(request, "planId"))
    if plan is None:
        raise not_found(f"Essentials plan {request.match_info['planId']}")
    return json_response(plan_body(plan, [link(base_url(request), "self", f"/fixed/plans/{plan['id']}")]))


@essentials_plan_routes.get("/v1/fixed/plans/subscriptions/{subscriptionId}")
async def list_subscription_plans(request: web.Request) -> web.Response:
    sim = request.app[SIMULATOR]
    subscription_id = int_path_parameter(request, "subscriptionId")
    sub = sim.state.essentials.subscription(subscription_id, sim.now())
    if sub is None:
        raise not_found(f"Subscription {subscription_id}", "SUBSCRIPTION_NOT_FOUND")
    return json_response({"plans": [plan_body(plan, []) for plan in compatible_plans(sub.plan)],
                          "links": [link(base_url(request), "self", f"/fixed/plans/subscriptions/{subscription_id}")]})
