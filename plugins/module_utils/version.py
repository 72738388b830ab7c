# Copyright: (c) 2026, rediscloud.api contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's version, kept equal to galaxy.yml (used in the User-Agent)."""

from __future__ import annotations

COLLECTION_NAME = "rediscloud.api"
COLLECTION_VERSION = "1.1.0"
