# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Build the aiohttp application and run it on a loopback port."""

from __future__ import annotations

from aiohttp import web

from redis_cloud_simulator.account_routes import account_routes
from redis_cloud_simulator.acl_routes import acl_routes
from redis_cloud_simulator.bulk_load import bulk_load_routes
from redis_cloud_simulator.control import control_routes
from redis_cloud_simulator.database_routes import database_routes
from redis_cloud_simulator.essentials_plan_routes import essentials_plan_routes
from redis_cloud_simulator.essentials_operations import connect as connect_essentials
from redis_cloud_simulator.essentials_routes import essentials_routes
from redis_cloud_simulator.middleware import SIMULATOR, api_middleware
from redis_cloud_simulator.networking_control import networking_control_routes
from redis_cloud_simulator.operations_routes import operations_routes
from redis_cloud_simulator.peering_routes import peering_routes
from redis_cloud_simulator.routes import routes
from redis_cloud_simulator.simulator import Simulator
from redis_cloud_simulator.tag_routes import tag_routes
from redis_cloud_simulator.transit_gateway_routes import transit_gateway_routes


def create_app(simulator: Simulator) -> web.Application:
    connect_essentials()  # Essentials databases in backup, import and bulk loads
    app = web.Application(middlewares=[api_middleware])
    app[SIMULATOR] = simulator
    app.add_routes(routes)
    app.add_routes(database_routes)
    app.add_routes(tag_routes)
    app.add_routes(account_routes)
    app.add_routes(essentials_plan_routes)
    app.add_routes(essentials_routes)
    app.add_routes(acl_routes)
    app.add_routes(control_routes)
    for table in (peering_routes, transit_gateway_routes, operations_routes, networking_control_routes, bulk_load_routes):
        app.add_routes(table)
    return app


async def start_site(app: web.Application, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Start serving; returns the runner (for cleanup) and the bound port (useful with port 0)."""
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server = site._server  # aiohttp has no public accessor for the bound sockets
    assert server is not None and server.sockets
    return runner, server.sockets[0].getsockname()[1]
