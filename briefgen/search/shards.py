"""Briefings → search shards: which bundle each briefing is indexed in, and which bundles a
build must index again.

Pagefind re-indexes a whole bundle for any change, at about 1.7 ms a page (and 25 ms to start).
Briefings are split into shards (separate bundles the search page merges, ``shards_manifest``)
by a hash of their URL, so an edit re-indexes one shard only: at most ~64 pages up to 4,096
briefings (0.11 s), ~156 at 10,000. A shard's key is a hash of its pages' digests; a build keeps
each bundle it made as a ``ShardRecord`` (its key and files), so the next one knows by number
what each shard holds without reading anything back out of paths.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import OutputFile
from ..urls import UrlScheme

SEARCH_DIR = "pagefind"
SHARDS_FILE = f"{SEARCH_DIR}/briefgen-shards.json"
SHARD_PAGES = 64
MAX_SHARDS = 64
STALE = "stale"  # the key of a bundle kept behind its pages (a build with search=False)


@dataclass(frozen=True, slots=True)
class Shard:
    """One bundle of this build: its number, the key of its pages and their output paths."""

    number: int
    key: str
    paths: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ShardRecord:
    """One bundle in the output: the key of the pages it indexes (or ``STALE``), and its files."""

    key: str
    files: tuple[str, ...]


def shard_count(pages: int) -> int:
    """How many shards for a site of this many briefings: a power of two, so it rarely changes."""
    wanted = max(1, -(-pages // SHARD_PAGES))
    count = 1
    while count < wanted and count < MAX_SHARDS:
        count *= 2
    return count


def shard_of(url: str, count: int) -> int:
    return int.from_bytes(hashlib.sha256(url.encode()).digest()[:4], "big") % count


def shard_dir(shard: int) -> str:
    return SEARCH_DIR if shard == 0 else f"{SEARCH_DIR}/shard-{shard:02d}"


def shards_manifest(count: int) -> OutputFile:
    """The bundles the search page merges (paths relative to the site root)."""
    bundles = [shard_dir(i) + "/" for i in range(count)]
    return OutputFile(SHARDS_FILE, json.dumps({"bundles": bundles}, separators=(",", ":")).encode())


def plan_shards(urls: Sequence[str], digests: Mapping[str, str], language: str) -> tuple[int, list[Shard]]:
    """The shard count for these briefing pages, and every shard that has pages, with its key
    (a hash of its pages' URLs and digests, the language and the count)."""
    count = shard_count(len(urls))
    by_shard: dict[int, list[str]] = {i: [] for i in range(count)}
    for url in sorted(urls):
        by_shard[shard_of(url, count)].append(url)
    found = []
    for number, members in by_shard.items():
        if members:  # Pagefind will not index nothing; the search page then finds nothing
            text = "\n".join(f"{u} {digests[u]}" for u in members) + language + str(count)
            key = hashlib.sha256(text.encode()).hexdigest()
            found.append(Shard(number, key, tuple(UrlScheme.output_path(u) for u in members)))
    return count, found


def reusable_shards(planned: Sequence[Shard], previous: Mapping[int, ShardRecord] | None,
                    stale_ok: bool) -> tuple[dict[int, ShardRecord], list[Shard]]:
    """The bundles of the previous output to keep (by number), and the shards to index.
    ``previous`` is None when the previous output cannot be built on; with ``stale_ok`` a
    changed shard keeps its bundle too, marked ``STALE`` for the next build that indexes."""
    keep: dict[int, ShardRecord] = {}
    index: list[Shard] = []
    for shard in planned:
        record = previous.get(shard.number) if previous is not None else None
        if record is not None and record.files and (record.key == shard.key or stale_ok):
            keep[shard.number] = ShardRecord(shard.key if record.key == shard.key else STALE, record.files)
        else:
            index.append(shard)
    return keep, index
