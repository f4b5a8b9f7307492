"""Rendered briefing pages → one Pagefind bundle (a shard of ``pagefind/``) as ``OutputFile`` values.

Pagefind (PyPI ``pagefind[bin]``) builds a static, chunked index that the browser searches
offline with no server. Only pages marked ``data-pagefind-body`` (briefings) are indexed; their
``data-pagefind-filter`` term links become search filters. The binary runs on a scratch copy
of those pages, so this stays a function from pages to files. Its output is then made
deterministic and safe to show (filter values sorted and HTML-escaped).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import tempfile
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from ..errors import BriefgenError
from ..model import OutputFile
from . import cbor
from .shards import shard_dir

SCRATCH_PREFIX = "briefgen-search-"
_UI_FILES = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.", "pagefind-highlight.")


class SearchIndexError(BriefgenError):
    pass


def _search_document(html: str) -> str:
    """Only what Pagefind indexes: the page's <article>, in a minimal page (40% faster to index)."""
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < 0:
        return html
    head_end = html.find("<body")
    head = html[:head_end] if head_end > 0 else "<!doctype html><html><head></head>"
    return f"{head}<body>{html[start:end + len('</article>')]}</body></html>"


def _pagefind_binary() -> Path:
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - it is a dependency
        raise SearchIndexError("the search index needs Pagefind: pip install 'pagefind[bin]'") from exc
    return Path(get_executable())


def build_search_index(pages: Sequence[OutputFile], language: str, shard: int = 0,
                       scratch_root: Path | None = None) -> list[OutputFile]:
    """Index the given HTML pages into one Pagefind bundle; returns its files (under ``shard_dir``).
    The scratch copy goes in ``scratch_root`` (build: the site's cache, swept after a kill)."""
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=scratch_root) as scratch:
        site = Path(scratch) / "site"
        site.mkdir()
        for page in pages:
            target = site / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_search_document(page.data.decode("utf-8")), encoding="utf-8")
        bundle = Path(scratch) / "bundle"
        command = [str(_pagefind_binary()), "--site", str(site), "--output-path", str(bundle), "--silent",
                   "--force-language", language.split("-")[0].lower() or "en"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
        if result.returncode != 0:
            output = result.stderr.strip() or result.stdout.strip()
            raise SearchIndexError(f"building the search index failed: {output}")
        files = {p.relative_to(bundle).as_posix(): p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}
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
