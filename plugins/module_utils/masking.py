# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Masking secrets that the API's answers carry (database passwords), before anything is returned or shown."""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import REDACTED

# Keys whose string values are secrets wherever they appear (security.password, saslPassword, ...).
_SECRET_KEY = re.compile(r"password|secret", re.IGNORECASE)
# The password of a URI's user info: redis://user:PASSWORD@host:port (replica sync sources).
_URI_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*:)(?P<password>[^@/\s]+)(?P<tail>@)")


def mask_secrets(value: Any) -> Any:
    """A copy of ``value`` with every secret replaced by ********."""
    if isinstance(value, dict):
        return {key: REDACTED if _is_secret(key, item) else mask_secrets(item) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_secrets(item) for item in value]
    if isinstance(value, str):
        return _URI_PASSWORD.sub(lambda match: f"{match.group('head')}{REDACTED}{match.group('tail')}", value)
    return value


def _is_secret(key: Any, value: Any) -> bool:
    return isinstance(key, str) and bool(_SECRET_KEY.search(key)) and isinstance(value, str) and bool(value)
