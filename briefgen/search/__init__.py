"""The search index: rendered briefing pages → Pagefind bundles (``pagefind/``), one per shard.

``shards`` splits the briefings into shards and says which need indexing again; ``pagefind``
runs Pagefind over one shard's pages and makes its output deterministic and safe (``cbor``
reads and writes the files it rewrites). The build's search stage (``pipeline/index.py``)
decides what to index with ``shards`` and runs ``pagefind`` in threads.
"""

from __future__ import annotations

from .pagefind import SCRATCH_PREFIX, SearchIndexError, build_search_index
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
           "Shard", "ShardRecord", "build_search_index", "plan_shards", "reusable_shards", "shard_count", "shard_dir",
           "shard_of", "shards_manifest"]
