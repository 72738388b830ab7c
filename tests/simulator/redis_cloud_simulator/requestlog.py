# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The record of /v1 requests served: what the client sent, never its headers nor the credentials in its URIs."""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from redis_cloud_simulator.uri_masking import mask_uris


class RequestLog:
    def __init__(self, limit: int) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=limit or None)

    def resize(self, limit: int) -> None:
        self._entries = deque(self._entries, maxlen=limit or None)

    def clear(self) -> None:
        self._entries.clear()

    def record(self, method: str, path: str, query: dict[str, str], body: Any) -> dict[str, Any]:
        """Start an entry; the caller fills in status (None: no answer sent) and fault."""
        entry = {"method": method, "path": path, "query": query, "status": None, "time": time.time(),
                 "body": mask_uris(body), "fault": None}
        self._entries.append(entry)
        return entry

    def entries(self) -> list[dict[str, Any]]:
        return list(self._entries)
