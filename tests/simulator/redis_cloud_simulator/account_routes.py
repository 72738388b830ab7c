# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account routes: GET /v1/ (the account and its API key), regions, database modules, persistence options.

Shapes, and where they come from:

- ``GET /``: ``{"account": {...}}`` as in Redis's docs (RedisLabs/redislabs-docs
  ``content/rv/api/how-to/view-account-information.md``, a recorded answer) and the
  spec's ``RootAccount`` example: the account, and ``key``, the API key the request
  used (never its value) with ``httpSourceIp``, the address the request came from.
- ``GET /regions``: ``{"regions": [{"id", "name", "provider"}]}``; names from the spec's
  ``Regions`` example, the ``id`` field from the Go client's fixture
  (RedisLabs/rediscloud-go-api ``account_test.go`` ``TestAccount_ListRegions``; the spec
  has no ``id``). ``?provider=`` filters, and takes the spec's values ``AWS`` or ``GCP``
  only (anything else is a 400, as for any enum parameter the API checks).
- ``GET /database-modules``: ``{"modules": [...]}``, the spec's ``ModulesData`` example;
  ``parameters`` is a list (redis-cloud-rs #119, found against the live API).
- ``GET /data-persistence``: ``{"dataPersistence": [...]}``, the spec's
  ``DataPersistenceOptions`` example.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from redis_cloud_simulator.errors import bad_request
from redis_cloud_simulator.middleware import json_response
from redis_cloud_simulator.state import ACCOUNT_ID
from redis_cloud_simulator.views import link

account_routes = web.RouteTableDef()

ACCOUNT_NAME = "Simulated account"
PROVIDERS = ("AWS", "GCP")
_AWS_REGIONS = ("us-east-1", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1", "ap-southeast-1",
                "ap-southeast-2", "sa-east-1", "us-east-2", "eu-west-2", "eu-west-3", "eu-north-1", "ca-central-1",
                "ap-east-1", "ap-south-1")
_GCP_REGIONS = ("asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2", "asia-south1", "asia-southeast1",
                "australia-southeast1", "europe-north1", "europe-west1", "europe-west2", "europe-west3", "europe-west4",
                "europe-west6", "northamerica-northeast1", "southamerica-east1", "us-central1", "us-east1", "us-east4",
                "us-west1", "us-west2")
REGIONS = tuple(
    {"id": index, "name": name, "provider": provider}
    for index, (name, provider) in enumerate(
        [(name, "AWS") for name in _AWS_REGIONS] + [(name, "GCP") for name in _GCP_REGIONS], start=1)
)
DATABASE_MODULES = (
    {"name": "RedisBloom", "capabilityName": "Probabilistic",
     "description": "A set of probabilistic data structures to Redis, including Bloom filter, Cuckoo filter, "
                    "Count-min sketch, Top-K, and t-digest", "parameters": []},
    {"name": "RedisJSON", "capabilityName": "JSON",
     "description": "Native JSON Data Type for Redis, allowing for atomic reads and writes of sub-elements", "parameters": []},
    {"name": "RediSearch", "capabilityName": "Search and query",
     "description": "A comprehensive, expressive, flexible, fast and developer-friendly search and query engine for the "
                    "diversity of data types in Redis with state-of-the-art scoring algorithms",
     "parameters": [{"name": "number-of-documents", "description": "Expected number of documents the database module will be indexing",
                     "type": "integer", "defaultValue": 1000000, "required": False}]},
    {"name": "RedisTimeSeries", "capabilityName": "Time series", "description": "Time-Series data structure for redis",
     "parameters": []},
)
DATA_PERSISTENCE = (
    {"name": "none", "description": "None"},
    {"name": "aof-every-1-second", "description": "Append only file (AOF) - fsync every 1 second"},
    {"name": "aof-every-write", "description": "Append only file (AOF) - fsync every write"},
    {"name": "snapshot-every-1-hour", "description": "Snapshot every 1 hour"},
    {"name": "snapshot-every-6-hours", "description": "Snapshot every 6 hour"},
    {"name": "snapshot-every-12-hours", "description": "Snapshot every 12 hour"},
)


def _base_url(request: web.Request) -> str:
    return str(request.url.origin())


def account_body(source_ip: str | None) -> dict[str, Any]:
    return {
        "id": ACCOUNT_ID,
        "name": ACCOUNT_NAME,
        "createdTimestamp": "2024-01-15T09:30:00Z",
        "updatedTimestamp": "2025-06-01T12:00:00Z",
        "pocStatus": "inactive",
        "marketplaceStatus": "active",
        "key": {
            "name": "simulator-api-key",
            "accountId": ACCOUNT_ID,
            "accountName": ACCOUNT_NAME,
            "allowedSourceIps": ["0.0.0.0/0"],
            "createdTimestamp": "2024-01-15T09:35:00Z",
            "owner": {"name": "Simulated User", "email": "owner@example.com"},
            "userAccountId": 1,
            "httpSourceIp": source_ip or "127.0.0.1",
        },
    }


@account_routes.get("/v1/")
async def get_account(request: web.Request) -> web.Response:
    return json_response({"account": account_body(request.remote)})


@account_routes.get("/v1/regions")
async def list_regions(request: web.Request) -> web.Response:
    provider = request.query.get("provider")
    if provider is not None and provider not in PROVIDERS:
        raise bad_request(f"provider must be one of {', '.join(PROVIDERS)} (got {provider!r})")
    regions = [dict(region) for region in REGIONS if provider is None or region["provider"] == provider]
    return json_response({"regions": regions, "links": [link(_base_url(request), "self", "/regions")]})


@account_routes.get("/v1/database-modules")
async def list_database_modules(request: web.Request) -> web.Response:
    return json_response({"modules": [dict(module) for module in DATABASE_MODULES],
                          "links": [link(_base_url(request), "self", "/database-modules")]})


@account_routes.get("/v1/data-persistence")
async def list_data_persistence(request: web.Request) -> web.Response:
    return json_response({"dataPersistence": [dict(option) for option in DATA_PERSISTENCE],
                          "links": [link(_base_url(request), "self", "/data-persistence")]})
