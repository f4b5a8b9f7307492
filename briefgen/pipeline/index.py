"""The search stage: briefing pages → Pagefind bundles, one per shard of briefings.

Pagefind re-indexes a whole bundle for any change, so briefings are split into shards (by a
hash of their URL, ``search.shard_of``) and a shard is indexed again only when the digest of
one of its pages changed. Each shard's number and files are carried in ``SearchCache`` from
the build that made them. A shard's pages are read when it is indexed, not all up front: on a
site of 100,000 briefings, holding every page for the search stage took 1.6 GB.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..model import OutputFile
from ..search import build_search_index, shard_count, shard_of, shards_manifest
from ..urls import UrlScheme
from .cache import PageEntry, SearchCache, ShardRecord
from .pages import Rendered
from .pools import map_threads

STALE = "stale"  # the key of a bundle kept behind its pages (a build with search=False)


@dataclass(frozen=True, slots=True)
class Shard:
    """One bundle to index: its number, the key of its pages and their output paths."""

    number: int
    key: str
    paths: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Indexed:
    files: list[OutputFile]  # the shard manifest and the bundles indexed now
    reused: dict[str, str | Path] = field(default_factory=dict)  # bundle files kept from the output
    shards: dict[int, ShardRecord] = field(default_factory=dict)  # what the output holds after this build
    indexed: int = 0  # shards indexed now

    @property
    def stale(self) -> bool:
        return any(record.key == STALE for record in self.shards.values())


def shards(pages: Mapping[str, PageEntry], digests: Mapping[str, str], language: str) -> tuple[int, list[Shard]]:
    """The shard count, and every shard that has pages, with its key."""
    urls = sorted(url for url, (kind, _, _) in pages.items() if kind == "briefing")
    count = shard_count(len(urls))
    by_shard: dict[int, list[str]] = {i: [] for i in range(count)}
    for url in urls:
        by_shard[shard_of(url, count)].append(url)
    found = []
    for number, members in by_shard.items():
        if members:  # Pagefind will not index nothing; the search page then finds nothing
            text = "\n".join(f"{u} {digests[u]}" for u in members) + language + str(count)
            key = hashlib.sha256(text.encode()).hexdigest()
            found.append(Shard(number, key, tuple(UrlScheme.output_path(u) for u in members)))
    return count, found


def index(pages: Mapping[str, PageEntry], digests: Mapping[str, str], language: str, rendered: Rendered,
          cache: SearchCache, out_dir: Path | None, scratch_root: Path, *, search: bool, jobs: int | None) -> Indexed:
    """Index the shards whose pages changed; keep the others' bundles from ``out_dir`` (None:
    the previous output cannot be built on). With ``search`` false, changed shards are kept too
    when they have a bundle, marked stale for the next build that runs search."""
    count, planned = shards(pages, digests, language)
    result = Indexed([shards_manifest(count)])
    to_index = []
    for shard in planned:
        previous = cache.shards.get(shard.number)
        if out_dir is not None and previous and previous.files and (previous.key == shard.key or not search):
            result.reused.update({p: str(out_dir) + os.sep + p for p in previous.files})
            result.shards[shard.number] = ShardRecord(shard.key if previous.key == shard.key else STALE, previous.files)
        else:
            to_index.append(shard)
    by_path = {f.path: f for f in rendered.files}

    def index_shard(shard: Shard) -> list[OutputFile]:
        shard_pages = [by_path.get(path) or OutputFile(path, Path(rendered.reused[path]).read_bytes())
                       for path in shard.paths]
        return build_search_index(shard_pages, language, shard.number, scratch_root)

    for shard, files in zip(to_index, map_threads(index_shard, to_index, jobs), strict=True):
        result.files.extend(files)
        result.shards[shard.number] = ShardRecord(shard.key, tuple(f.path for f in files))
    return Indexed(result.files, result.reused, dict(sorted(result.shards.items())), len(to_index))
