# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Credentials inside URIs (replica sources, backup paths), found the way the servers that read those URIs find them.

``redis://default:PASSWORD@host:port``, ``ftp://user:PASSWORD@host/path``,
``abs://:KEY@account/container``: the credential ends at the *last* ``@`` before
the host, not at the first ``/`` or ``@`` (RFC 3986 would stop there). Real
credentials break the RFC: most Azure storage keys hold ``/`` (they are base64),
and users put ``@`` and spaces in FTP passwords, unencoded; the servers still
take everything up to the last ``@`` as the credential. Reading them any other
way shows the tail of the password.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

REDACTED = "********"
# A URI starts with scheme:// at the start of a text or after a separator; "a://" inside a
# credential (after ":" or another character of the credential) does not start a new one.
_URI_START = re.compile(r"(?:^|(?<=[\s'\"(\[{<,;=]))[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class Credential:
    """The user-info of one URI in a text: ``start``/``end`` index it (without the ``@``)."""

    start: int
    end: int
    userinfo: str

    @property
    def has_password(self) -> bool:
        return ":" in self.userinfo

    @property
    def user(self) -> str:
        return self.userinfo.partition(":")[0] if self.has_password else ""

    @property
    def password(self) -> str:
        """The part after the first ``:`` (RFC 3986: user ``:`` password); without a ``:``, the whole user-info,
        which may be a token (the harsher reading: never shown)."""
        return self.userinfo.partition(":")[2] if self.has_password else self.userinfo


def credentials(text: str) -> Iterator[Credential]:
    """The credential of every URI in ``text``: from its ``scheme://`` to the last ``@`` before the next URI."""
    matches = list(_URI_START.finditer(text))
    ends = [match.start() for match in matches[1:]] + [len(text)]
    for match, end in zip(matches, ends):
        at = text.rfind("@", match.end(), end)
        if at > match.end():  # "redis://@host" has no credential
            yield Credential(match.end(), at, text[match.end():at])


def secret_parts(text: str) -> list[str]:
    """What of ``text``'s URIs must never be shown: each user-info and its password, raw and percent-decoded."""
    parts: list[str] = []
    for credential in credentials(text):
        if credential.has_password and not credential.password:
            continue  # "redis://user:@host": no password
        for value in (credential.userinfo, credential.password):
            parts.extend((value, unquote(value)))
    return [part for part in dict.fromkeys(parts) if part]


def mask_uri_credentials(text: str) -> str:
    """``text`` with the password of every URI replaced by ********: ``redis://user:********@host``
    (a user-info without a ``:`` is masked whole)."""
    found = list(credentials(text))
    for credential in reversed(found):
        if credential.has_password and not credential.password:
            continue  # redis://user:@host: nothing secret to hide
        shown = f"{credential.user}:{REDACTED}" if credential.has_password else REDACTED
        text = text[:credential.start] + shown + text[credential.end:]
    return text
