"""The search stage: briefing pages → Pagefind bundles, one per shard of briefings.

``search.shards`` says which shards changed since the output's bundles were made; those are
indexed again (in memory, by a few Pagefind processes), the others' bundles are kept.
A shard's pages are read when it is indexed, not all up front: on a site of 100,000 briefings,
holding every page for the search stage took 1.6 GB. When pages are spilled to disk (huge sites),
so are the bundles as each shard's come back (at 100,000 briefings they are 0.3-0.4 GB).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..model import OutputFile
from ..search import STALE, ShardPages, ShardRecord, build_search_indexes, plan_shards, reusable_shards, shards_manifest
from .cache import PageEntry, SearchCache
from .pages import Rendered, spill_file
from .pools import worker_count


@dataclass(frozen=True, slots=True)
class Indexed:
    files: list[OutputFile]  # the shard manifest and the bundles indexed now
    reused: dict[str, str | Path] = field(default_factory=dict)  # bundle files kept from the output
    shards: dict[int, ShardRecord] = field(default_factory=dict)  # what the output holds after this build
    indexed: int = 0  # shards indexed now
    spilled: dict[str, tuple[Path, str]] = field(default_factory=dict)  # bundle file → (spilled copy, sha256)

    @property
    def stale(self) -> bool:
        return any(record.key == STALE for record in self.shards.values())


def index(pages: Mapping[str, PageEntry], digests: Mapping[str, str], language: str, rendered: Rendered,
          cache: SearchCache, out_dir: Path | None, *, search: bool, jobs: int | None) -> Indexed:
    """Index the shards whose pages changed; keep the others' bundles from ``out_dir`` (None:
    the previous output cannot be built on). With ``search`` false, changed shards keep their
    bundles too when they have one (watch indexes them in its next build)."""
    urls = [url for url, (kind, _, _) in pages.items() if kind == "briefing"]
    count, planned = plan_shards(urls, digests, language)
    kept, to_index = reusable_shards(planned, cache.shards if out_dir is not None else None, stale_ok=not search)
    reused: dict[str, str | Path] = {p: f"{out_dir}{os.sep}{p}" for record in kept.values() for p in record.files}
    by_path = {f.path: f for f in rendered.files}

    def reader(paths: tuple[str, ...]) -> Callable[[], Iterator[OutputFile]]:
        return lambda: (by_path.get(path) or OutputFile(path, Path(rendered.reused[path]).read_bytes())
                        for path in paths)

    shards = [ShardPages(shard.number, len(shard.paths), reader(shard.paths)) for shard in to_index]
    files = [shards_manifest(count)]
    spilled: dict[str, tuple[Path, str]] = {}
    records = dict(kept)
    spill_to = rendered.spill_dir

    def spill(bundle: list[OutputFile]) -> list[OutputFile]:
        assert spill_to is not None
        spilled.update((f.path, spill_file(f, spill_to)) for f in bundle)
        return [OutputFile(f.path, b"") for f in bundle]  # the names are all the record needs

    made = build_search_indexes(shards, language, worker_count(jobs), keep=spill if spill_to is not None else None)
    for shard, bundle in zip(to_index, made, strict=True):
        if spill_to is None:
            files.extend(bundle)
        records[shard.number] = ShardRecord(shard.key, tuple(f.path for f in bundle))
    return Indexed(files, reused, dict(sorted(records.items())), len(to_index), spilled)
