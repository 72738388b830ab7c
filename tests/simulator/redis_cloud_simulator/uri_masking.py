# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mask the credentials that URIs carry (`s3://key:secret@bucket`, `redis://:password@host:port`).

Import sources and backup paths put credentials in the URI's user-info part (redis/docs
content/operate/rc/api/examples/back-up-and-import-data.md); the request log and the state
must never show them. The whole user-info part is replaced, user names included: a key id is
half of a credential.
"""

from __future__ import annotations

import re
from typing import Any

MASK = "****"
# scheme://user-info@ : masked up to the last "@" of the token, since a secret may hold unescaped "@" or "/"
# (AWS secret keys do). A path that holds "@" is masked too: losing it is better than leaking a secret.
_USER_INFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user_info>\S*)@")


def mask_uri(text: str) -> str:
    return _USER_INFO.sub(lambda match: f"{match.group('scheme')}{MASK}@", text)


def mask_uris(value: Any) -> Any:
    """A copy of a JSON value with every string's URI credentials masked."""
    if isinstance(value, str):
        return mask_uri(value)
    if isinstance(value, list):
        return [mask_uris(item) for item in value]
    if isinstance(value, dict):
        return {key: mask_uris(item) for key, item in value.items()}
    return value
