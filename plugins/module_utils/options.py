# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs shared by every module (kept in step with the doc fragments in plugins/doc_fragments/redis_cloud.py)."""

from __future__ import annotations

from typing import Any

from ansible.module_utils.basic import env_fallback

DEFAULT_API_URL = "https://api.redislabs.com/v1"
DEFAULT_API_TIMEOUT = 30
DEFAULT_WAIT_TIMEOUT = 1800
DEFAULT_POLL_INTERVAL = 10
# The waiter's first polls are 1.25 s apart; a shorter interval only spends the API's rate limit
# (400 requests per minute per key): poll_interval 0.0001 once made 9,993 requests in 11 s.
MIN_POLL_INTERVAL = 1.0
MAX_API_TIMEOUT = 3600
# Redis Cloud's slowest operations take tens of minutes; a wait of more than a day is a mistake.
MAX_WAIT_TIMEOUT = 86400

# First variable set wins; the names are those other Redis Cloud tools already use
# (Terraform provider / Go client, redisctl, Redis's own examples).
API_KEY_ENV = ("REDISCLOUD_ACCESS_KEY", "REDIS_CLOUD_API_KEY", "REDIS_API_KEY")
API_SECRET_KEY_ENV = ("REDISCLOUD_SECRET_KEY", "REDIS_CLOUD_SECRET_KEY", "REDIS_CLOUD_API_SECRET", "REDIS_API_SECRET")
API_URL_ENV = ("REDISCLOUD_URL", "REDIS_CLOUD_API_URL")


def auth_argument_spec() -> dict[str, Any]:
    """Connection options: credentials, endpoint, TLS verification (and its CA), per-request timeout."""
    return {
        "api_key": {"type": "str", "no_log": True, "fallback": (env_fallback, list(API_KEY_ENV))},
        "api_secret_key": {"type": "str", "no_log": True, "fallback": (env_fallback, list(API_SECRET_KEY_ENV))},
        "api_url": {"type": "str", "default": DEFAULT_API_URL, "fallback": (env_fallback, list(API_URL_ENV))},
        "validate_certs": {"type": "bool", "default": True},
        "ca_path": {"type": "path"},
        "api_timeout": {"type": "int", "default": DEFAULT_API_TIMEOUT},
    }


def timing_argument_spec() -> dict[str, Any]:
    """The run's time budget and poll interval: every module takes them (modules that do not wait too, so that
    module_defaults for the action group apply to every module of the collection)."""
    return {
        "wait_timeout": {"type": "int", "default": DEFAULT_WAIT_TIMEOUT},
        "poll_interval": {"type": "float", "default": DEFAULT_POLL_INTERVAL},
    }


def wait_argument_spec(wait_default: bool) -> dict[str, Any]:
    """Wait options; each module documents its own O(wait) because the default differs."""
    return {"wait": {"type": "bool", "default": wait_default}, **timing_argument_spec()}
