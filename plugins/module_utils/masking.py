# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Masking secrets that the API's answers carry (database passwords, credentials inside URIs), before anything is returned or shown.

RedisCloudModule applies it to every result and failure a module returns (module.py), so that
no module's answer can miss it.
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.rediscloud.api.plugins.module_utils.api.errors import REDACTED
from ansible_collections.rediscloud.api.plugins.module_utils.uri_secrets import mask_uri_credentials

# Keys whose string values are secrets wherever they appear (security.password, saslPassword, ...).
_SECRET_KEY = re.compile(r"password|secret", re.IGNORECASE)
# Deeper than any answer of the API (they nest under 10 levels); the client refuses deeper answers.
MAX_DEPTH = 64


def mask_secrets(value: Any) -> Any:
    """A copy of ``value`` with every secret replaced by ********.

    Iterative, so that no nesting depth can raise RecursionError; a part nested deeper than
    MAX_DEPTH is replaced by ******** whole (no answer of the API is that deep).
    """
    holder: list[Any] = [None]
    stack: list[tuple[Any, Any, Any, int]] = [(value, holder, 0, 0)]
    while stack:
        item, parent, slot, depth = stack.pop()
        if depth > MAX_DEPTH:
            parent[slot] = REDACTED
        elif isinstance(item, dict):
            copy: dict[Any, Any] = {}
            parent[slot] = copy
            for key, inner in item.items():
                if _is_secret(key, inner):
                    copy[key] = REDACTED
                else:
                    copy[key] = None
                    stack.append((inner, copy, key, depth + 1))
        elif isinstance(item, (list, tuple)):
            items: list[Any] = [None] * len(item)
            parent[slot] = items
            stack.extend((inner, items, index, depth + 1) for index, inner in enumerate(item))
        elif isinstance(item, str):
            parent[slot] = mask_uri_credentials(item) if "@" in item else item
        else:
            parent[slot] = item
    return holder[0]


def _is_secret(key: Any, value: Any) -> bool:
    return isinstance(key, str) and bool(_SECRET_KEY.search(key)) and isinstance(value, str) and bool(value)
