"""The search index: rendered briefing pages → Pagefind bundles (``pagefind/``), one per shard.

``shards`` splits the briefings into shards and says which need indexing again; ``pagefind``
has shards' pages indexed by Pagefind's service in memory (``service``, a few processes for all
the shards) and makes the bundles deterministic and safe (``cbor`` reads and writes the files it
rewrites). The build's search stage (``pipeline/index.py``) decides what to index with ``shards``.
"""

from __future__ import annotations

from .pagefind import SCRATCH_PREFIX, SearchIndexError, ShardPages, build_search_indexes
from .shards import (
    MAX_SHARDS,
    SEARCH_DIR,
    SHARD_PAGES,
    SHARDS_FILE,
    STALE,
    Shard,
    ShardRecord,
    plan_shards,
    reusable_shards,
    shard_count,
    shard_dir,
    shard_of,
    shards_manifest,
)

__all__ = ["MAX_SHARDS", "SCRATCH_PREFIX", "SEARCH_DIR", "SHARDS_FILE", "SHARD_PAGES", "STALE", "SearchIndexError",
           "Shard", "ShardPages", "ShardRecord", "build_search_indexes", "plan_shards", "reusable_shards", "shard_count", "shard_dir",
           "shard_of", "shards_manifest"]
