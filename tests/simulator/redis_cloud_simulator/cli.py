# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Command line: redis-cloud-simulator --host 127.0.0.1 --port 0 --speed 200 ..."""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from typing import Any

from redis_cloud_simulator.app import create_app, start_site
from redis_cloud_simulator.config import DEFAULTS, ConfigError
from redis_cloud_simulator.simulator import DEFAULT_API_KEY, DEFAULT_API_SECRET_KEY, Simulator
from redis_cloud_simulator.spec import SpecNotFoundError, SpecUnusableError, check_spec


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="redis-cloud-simulator", description="Simulated Redis Cloud API on loopback.")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8000, help="port to bind, 0 picks a free one (default: %(default)s)")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="accepted x-api-key (default: %(default)s)")
    parser.add_argument("--api-secret-key", default=DEFAULT_API_SECRET_KEY,
                        help="accepted x-api-secret-key (default: the demo secret)")
    parser.add_argument("--speed", type=float, help=f"sim seconds per real second (default: {DEFAULTS['speed']:g})")
    parser.add_argument("--seed", type=int, help=f"seed for ids and fault rates (default: {DEFAULTS['seed']})")
    parser.add_argument("--config", metavar="FILE.json", help="JSON object of config keys (see README), faults included")
    return parser.parse_args(argv)


def build_config(arguments: argparse.Namespace) -> dict[str, Any]:
    config: dict[str, Any] = {}
    if arguments.config:
        with open(arguments.config, encoding="utf-8") as config_file:
            config = json.load(config_file)
    # Flags win over the file.
    if arguments.speed is not None:
        config["speed"] = arguments.speed
    if arguments.seed is not None:
        config["seed"] = arguments.seed
    return config


async def serve(simulator: Simulator, host: str, port: int) -> None:
    runner, bound_port = await start_site(create_app(simulator), host, port)
    print(f"listening on http://{host}:{bound_port}/v1", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    try:
        # Every write is checked against the spec: without it the simulator could only answer 500s.
        check_spec()
    except (SpecNotFoundError, SpecUnusableError) as error:
        print(f"redis-cloud-simulator: cannot serve: {error}", file=sys.stderr)
        return 2
    try:
        simulator = Simulator(arguments.api_key, arguments.api_secret_key, build_config(arguments))
    except (OSError, ValueError, ConfigError) as error:
        print(f"redis-cloud-simulator: bad configuration: {error}", file=sys.stderr)
        return 2
    asyncio.run(serve(simulator, arguments.host, arguments.port))
    return 0
