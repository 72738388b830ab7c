# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the /_simulator control routes of networking, operations and bulk load share: their body, their errors."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web


def control_error(status: int, message: str) -> web.HTTPException:
    """A control route's refusal: {"error": message} (the control routes' shape, not the API's)."""
    kind = {400: web.HTTPBadRequest, 404: web.HTTPNotFound, 409: web.HTTPConflict}[status]
    return kind(text=json.dumps({"error": message}), content_type="application/json")


async def control_body(request: web.Request) -> dict[str, Any]:
    """The JSON object a control route was sent ({} without a body)."""
    if not request.can_read_body:
        return {}
    try:
        body = json.loads(await request.read() or b"{}")
    except ValueError:
        raise control_error(400, "the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise control_error(400, "the body must be a JSON object")
    return body


def int_parameter(request: web.Request, name: str) -> int:
    try:
        return int(request.match_info[name])
    except ValueError:
        raise control_error(400, f"{name} must be an integer") from None
