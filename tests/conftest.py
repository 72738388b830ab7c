"""Every suite under tests/ imports the collection as ``ansible_collections.rediscloud.api``."""

from __future__ import annotations

from collection_link import make_collection_importable

make_collection_importable()
