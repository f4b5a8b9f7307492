"""Rendered briefing pages → Pagefind bundles (shards of ``pagefind/``) as ``OutputFile`` values.

Pagefind (PyPI ``pagefind[bin]``) builds a static, chunked index that the browser searches
offline with no server. Only pages marked ``data-pagefind-body`` (briefings) are indexed; their
``data-pagefind-filter`` term links become search filters. Pages are handed to Pagefind's
service in memory (``service``), a few processes for all the shards, so this stays a function
from pages to files. Its output is then made deterministic and safe to show (filter values
sorted and HTML-escaped).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import escape
from typing import Any

from ..model import OutputFile
from . import cbor
from .service import SearchIndexError, index_shards
from .shards import shard_dir

SCRATCH_PREFIX = "briefgen-search-"  # scratch folders of earlier versions, swept if a killed build left one
_UI_FILES = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")
# About how many pages one Pagefind process indexes: its indexes stay in its memory until it
# exits. With 5,000, two processes added ~500 MB to the peak of a cold build of 10,000 briefings;
# with 2,000, 0.67 GB of the 2.4 GB peak at 100,000; 1,000 cut 0.1 GB at 20,000 at no measured cost.
BATCH_PAGES = 1000

__all__ = ["SCRATCH_PREFIX", "SearchIndexError", "ShardPages", "build_search_indexes"]


@dataclass(frozen=True, slots=True)
class ShardPages:
    """One shard to index: its number, how many pages, and how to read them when it is sent."""

    number: int
    count: int
    read: Callable[[], Iterable[OutputFile]]


def _search_document(html: str) -> str:
    """Only what Pagefind indexes: the page's <article>, in a minimal page (40% faster to index)."""
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < 0:
        return html
    head_end = html.find("<body")
    head = html[:head_end] if head_end > 0 else "<!doctype html><html><head></head>"
    return f"{head}<body>{html[start:end + len('</article>')]}</body></html>"


def build_search_indexes(shards: Sequence[ShardPages], language: str, processes: int,
                         keep: Callable[[list[OutputFile]], list[OutputFile]] | None = None) -> list[list[OutputFile]]:
    """Index each shard into its bundle; returns each shard's files (under ``shard_dir``), in
    order. The shards are split into batches, one Pagefind process each, ``processes`` at a
    time (each runs its requests one by one: Pagefind's service is single-threaded). ``keep``
    is given each bundle as it is made and returns what to hold of it (say, its files written
    to disk, without their bytes); it may be called from several threads."""
    lang = language.split("-")[0].lower() or "en"
    batches = _batches(shards, processes)

    def index_batch(batch: list[ShardPages]) -> list[list[OutputFile]]:
        sources = [_documents(shard) for shard in batch]
        bundles = (_bundle(files, shard.number) for shard, files in zip(batch, index_shards(sources, lang), strict=True))
        return [keep(bundle) if keep else bundle for bundle in bundles]

    by_number: dict[int, list[OutputFile]] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(processes, len(batches)))) as pool:
        done = list(pool.map(index_batch, batches))
    for batch, bundles in zip(batches, done, strict=True):
        by_number.update((shard.number, bundle) for shard, bundle in zip(batch, bundles, strict=True))
    return [by_number[shard.number] for shard in shards]


def _batches(shards: Sequence[ShardPages], processes: int) -> list[list[ShardPages]]:
    """Shards in batches of about ``BATCH_PAGES`` pages (a shard is never split), at least
    ``processes`` batches, each given the next shard while it has the fewest pages."""
    total = sum(shard.count for shard in shards)
    wanted = min(len(shards), max(processes, -(-total // BATCH_PAGES)))
    batches: list[list[ShardPages]] = [[] for _ in range(wanted)]
    sizes = [0] * wanted
    for shard in shards:
        smallest = sizes.index(min(sizes))
        batches[smallest].append(shard)
        sizes[smallest] += shard.count
    return [batch for batch in batches if batch]


def _documents(shard: ShardPages) -> Callable[[], Iterable[tuple[str, str]]]:
    return lambda: ((page.path, _search_document(page.data.decode("utf-8"))) for page in shard.read())


def _bundle(files: dict[str, bytes], shard: int) -> list[OutputFile]:
    """A bundle as Pagefind made it → its files in the output, deterministic and escaped."""
    prefix = shard_dir(shard)
    files = _make_deterministic(_escape_filter_values(files))
    return [OutputFile(f"{prefix}/{path}", data) for path, data in sorted(files.items())
            if shard == 0 or not path.startswith(_UI_FILES)]


# --- Pagefind's UI writes filter values into the search page with innerHTML (its filter panel
# labels), so a topic label like ``<img src=x onerror=...>`` would run there. Filter values are
# stored HTML-escaped, in the filter index and in every fragment alike (so filtering still
# matches), and show as the text they are (issue 8).

def _escape_filter_values(files: dict[str, bytes]) -> dict[str, bytes]:
    result: dict[str, bytes] = {}
    for path, data in files.items():
        result[path] = data
        if not path.endswith((".pf_filter", ".pf_fragment")):
            continue
        payload = gzip.decompress(data)
        if not payload.startswith(cbor.MAGIC):
            continue
        changed = False
        if path.endswith(".pf_filter"):
            value, _ = cbor.decode(payload, len(cbor.MAGIC))
            if isinstance(value, list) and len(value) == 2 and isinstance(value[1], list):
                for entry in value[1]:
                    if isinstance(entry, list) and entry and isinstance(entry[0], str) and escape(entry[0]) != entry[0]:
                        entry[0], changed = escape(entry[0]), True
            new_payload = cbor.MAGIC + cbor.encode(value)
        else:
            fragment = json.loads(payload[len(cbor.MAGIC):])
            filters = fragment.get("filters") if isinstance(fragment, dict) else None
            if isinstance(filters, dict):
                for values in filters.values():
                    for index, item in enumerate(values if isinstance(values, list) else ()):
                        if isinstance(item, str) and escape(item) != item:
                            values[index], changed = escape(item), True
            new_payload = cbor.MAGIC + json.dumps(fragment, ensure_ascii=False, separators=(",", ":")).encode()
        if changed:
            result[path] = gzip.compress(new_payload, mtime=0)
    return result


# --- Pagefind writes filter values from a hash map, so the filter files (and the metadata and
# entry files that name them by hash) differ from run to run (Pagefind issue #638). We sort the
# values and rename the files by a hash of their sorted content: same input, same bytes.


def _make_deterministic(files: dict[str, bytes]) -> dict[str, bytes]:
    renames: dict[str, str] = {}
    result: dict[str, bytes] = {}
    for path, data in files.items():
        if not path.endswith(".pf_filter"):
            result[path] = data
            continue
        payload = gzip.decompress(data)
        if not payload.startswith(cbor.MAGIC):
            result[path] = data
            continue
        value, _ = cbor.decode(payload, len(cbor.MAGIC))
        if isinstance(value, list) and len(value) == 2 and isinstance(value[1], list):
            value[1].sort(key=lambda entry: entry[0] if isinstance(entry, list) and entry else "")
        payload = cbor.MAGIC + cbor.encode(value)
        old = path.rsplit("/", 1)[-1].removesuffix(".pf_filter")
        new = old.split("_", 1)[0] + "_" + hashlib.sha256(payload).hexdigest()[: len(old.split("_", 1)[1])]
        renames[old] = new
        result[path.replace(old, new)] = gzip.compress(payload, mtime=0)
    for path in [p for p in result if p.endswith(".pf_meta")]:
        payload = gzip.decompress(result.pop(path))
        meta, _ = cbor.decode(payload, len(cbor.MAGIC))
        payload = cbor.MAGIC + cbor.encode(_sort_filter_refs(meta, renames))
        old_name = path.removesuffix(".pf_meta").rsplit(".", 1)[-1]
        lang, digest = old_name.split("_", 1)
        new_name = f"{lang}_{hashlib.sha256(payload).hexdigest()[: len(digest)]}"
        result[path.replace(old_name, new_name)] = gzip.compress(payload, mtime=0)
        entry = json.loads(result["pagefind-entry.json"])
        for language in entry.get("languages", {}).values():
            if language.get("hash") == old_name:
                language["hash"] = new_name
        result["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return result


def _sort_filter_refs(value: Any, renames: dict[str, str]) -> Any:
    """Point the metadata at the renamed filter files, listed in name order."""
    if isinstance(value, str):
        return renames.get(value, value)
    if isinstance(value, dict):
        return {k: _sort_filter_refs(v, renames) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sort_filter_refs(v, renames) for v in value]
        if items and all(isinstance(i, list) and len(i) == 2 and i[1] in renames.values() for i in items):
            items.sort(key=lambda i: str(i[0]))
        return items
    return value
