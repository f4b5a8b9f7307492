"""``BriefingDraft`` → the text of ``content/<date>-<slug>.md``, and the rules for writing it.

Takes drafts and the current ``content/`` folder; gives the file text (written and read back with
``briefing_file``, front-matter keys in the order of its ``FIELDS``) and writes it atomically
(temp file in the same folder, fsync, ``os.replace``). ``provenance.generated_sha256`` is the
SHA-256 of the file text with that value blank, so ``is_edited`` can tell whether a person changed
the file since ingest wrote it: such a file is never overwritten (issue 3), only replaced under
``force``.

File names come from date and title slug (ASCII letters, digits, hyphens: no separators, no
``..``), made unique with ``-2``, ``-3``..., and are checked to resolve inside ``content/``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
import tempfile
import time
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..briefing_file import SOURCE_KEYS, format_briefing, in_field_order, read_values, written_values
from ..config import SiteConfig
from ..countries import slugify
from ..load import find_content_files
from ..taxonomy import TAXONOMIES
from .extract import BriefingDraft, DraftSource

INGEST_VERSION = "1"
SLUG_MAX = 60
MAX_BRIEFING_BYTES = 5_000_000  # = load.MAX_FILE_BYTES: larger briefings are never read
_HASH_LINE = re.compile(r"(?m)^(  generated_sha256: )([0-9a-f]{64}|'')$")


@dataclass(frozen=True, slots=True)
class ExistingBriefing:
    """A briefing already in ``content/`` that ingest wrote (it has provenance)."""

    path: Path
    seed: str
    key: str
    seed_sha256: str
    edited: bool


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def draft_key(draft: BriefingDraft) -> str:
    """Which article of its seed a draft is: '' for one-article files, else its URL or source title."""
    if not draft.entry:
        return ""
    first = draft.sources[0]
    return first.url or first.title


def render_file(draft: BriefingDraft, *, as_draft: bool = False) -> str:
    """The complete briefing file text, with ``generated_sha256`` filled in."""
    provenance: dict[str, Any] = {"seed": draft.source}
    if draft.entry:
        # Which article of a many-article seed, as the reader found it in the file's content: the
        # extension may lie (a feed saved as .txt), and a number shifts when a feed gains entries.
        provenance["entry"] = draft_key(draft)
    provenance |= {"seed_sha256": draft.seed_sha256, "generated_sha256": "", "ingest_version": INGEST_VERSION}
    if draft.publisher:
        provenance["publisher"] = draft.publisher
    if draft.url:
        provenance["url"] = draft.url
    if draft.published:
        provenance["published"] = draft.published
    meta = written_values({
        "title": draft.title, "date": draft.date, "summary": draft.summary, "countries": list(draft.countries),
        "topics": list(draft.topics), "people": list(draft.people), "organisations": list(draft.organisations),
        "questions": list(draft.questions),
        "sources": [source_entry(source) for source in draft.sources
                    if source.url or source.publisher or len(draft.sources) > 1],
        "credit": draft.credit, "draft": draft.draft or as_draft, "provenance": provenance})
    return _with_hash(format_briefing(meta, f"\n{draft.body.rstrip()}\n"))


def source_entry(source: DraftSource) -> dict[str, Any]:
    """One item of a briefing's ``sources`` list: its title, then the other keys it has a value for."""
    entry: dict[str, Any] = {"title": source.title}
    entry.update((key, getattr(source, key)) for key in SOURCE_KEYS if key != "title" and getattr(source, key))
    return entry


def _with_hash(text: str) -> str:
    """The text with ``generated_sha256`` set to the hash of the text with that value blank."""
    digest = sha256_text(text)
    return _HASH_LINE.sub(lambda m: m.group(1) + digest, text, count=1)


def add_sources(text: str, draft: BriefingDraft) -> tuple[str | None, int]:
    """An ingested briefing not edited by hand, with the sources of ``draft`` (the same story from
    another seed) added to its ``sources`` list: (new text or None, how many sources were added).
    None when the file is not exactly as ingest wrote it, so it must not be rewritten."""
    read = read_values(text)
    if is_edited(text) or read is None:
        return None, 0
    meta, body = read
    blank = _HASH_LINE.sub(lambda m: m.group(1) + "''", text, count=1)
    provenance = meta.get("provenance")
    if not isinstance(provenance, dict):
        return None, 0
    provenance["generated_sha256"] = ""
    if format_briefing(meta, body) != blank:
        return None, 0  # re-writing the front matter would change more than the sources
    listed = _listed_sources(meta)
    if listed is None:
        return None, 0
    if not listed:
        # Alone, a source with no URL or publisher is not listed; beside another one it is.
        date = meta.get("date")
        listed = [DraftSource(title=str(meta.get("title", "")), date=date if isinstance(date, dt.date) else None)]
    union = union_of_sources(listed, draft.sources)
    added = len(union) - len(listed)
    if not added:
        return text, 0
    meta["sources"] = [source_entry(source) for source in union]
    return _with_hash(format_briefing(in_field_order(meta), body)), added


def is_edited(text: str) -> bool:
    """True when the file no longer hashes to its recorded ``generated_sha256``."""
    match = _HASH_LINE.search(text)
    if not match or match.group(2) == "''":
        return True
    blank = _HASH_LINE.sub(lambda m: m.group(1) + "''", text, count=1)
    return sha256_text(blank) != match.group(2)


def with_earlier_sources(draft: BriefingDraft, current: str) -> BriefingDraft:
    """The draft, keeping the sources that later seeds added to its current briefing (every
    listed source after the first, its own): re-ingesting its seed alone must not drop them."""
    read = read_values(current)  # a briefing in content/ may be broken or hostile too
    listed = _listed_sources(read[0]) if read else None
    if not listed or len(listed) < 2:
        return draft
    return replace(draft, sources=union_of_sources(draft.sources, listed[1:]))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def read_story(path: Path) -> tuple[str, str, str, tuple[str, ...]] | None:
    """What duplicate detection compares of a briefing in content/: (body text, title, date, countries)."""
    try:
        if path.stat().st_size > MAX_BRIEFING_BYTES:
            return None
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    read = read_values(text)
    if read is None:
        return None
    meta, body = read
    countries = meta.get("countries")
    return (body, str(meta.get("title", "")), str(meta.get("date", ""))[:10],
            tuple(str(c) for c in countries) if isinstance(countries, list) else ())


Target = tuple[str, str]  # what a wikilink can name: ("briefing", slug), ("person", id), ("topic", slug)...


def link_targets(slug: str, values: Mapping[str, Any], config: SiteConfig) -> set[Target]:
    """What a briefing gives wikilinks to point at: its own slug, and the terms of every taxonomy
    whose links the build checks (people, organisations, topics), read as ``load`` reads them."""
    found = {("briefing", slug)}
    for tax in TAXONOMIES:
        items = values.get(tax.field)
        if not tax.vocabulary.checks_links or not isinstance(items, list | tuple):
            continue
        for item in items:
            key = tax.vocabulary.parse(item, config)
            if isinstance(key, str):
                found.add((tax.kind, tax.vocabulary.term_id(key)))
    return found


def scan_content(content_dir: Path, config: SiteConfig
                 ) -> tuple[dict[tuple[str, str], ExistingBriefing], set[str], dict[Target, bool]]:
    """Ingested briefings by (seed, key), every file name in use (lower-cased, for uniqueness), and
    what the briefings the build loads give wikilinks to point at (``link_targets``) → whether a
    build without drafts has it."""
    found: dict[tuple[str, str], ExistingBriefing] = {}
    names: set[str] = set()
    targets: dict[Target, bool] = {}
    if not content_dir.is_dir():
        return found, names, targets
    loaded = set(find_content_files(content_dir))
    for path in sorted(content_dir.rglob("*.md")):
        names.add(path.relative_to(content_dir).as_posix().lower())
        text = None
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_BRIEFING_BYTES:
                text = path.read_text(encoding="utf-8")  # never a huge file whole: the build refuses it (issue 8)
        except (OSError, UnicodeDecodeError):
            pass
        read = read_values(text) if text is not None else None
        meta = read[0] if read else None
        if path in loaded:
            shown = (meta or {}).get("draft") is not True
            for target in link_targets(_slug_of(path, meta), meta or {}, config):
                targets[target] = targets.get(target, False) or shown
        if text is None:
            continue
        provenance = meta.get("provenance") if meta else None
        if not isinstance(provenance, dict) or not isinstance(provenance.get("seed"), str):
            continue
        if meta is not None and meta.get("draft") is True and path.name.endswith(".ingest-new.md"):
            continue  # a new version written beside an edited briefing: not the briefing itself
        keys = _entry_keys(provenance, meta or {})
        existing = ExistingBriefing(path, provenance["seed"], keys[0], str(provenance.get("seed_sha256", "")),
                                    is_edited(text))
        for key in keys:
            found.setdefault((existing.seed, key), existing)
    return found, names, targets


def _entry_keys(provenance: dict[str, Any], meta: dict[str, Any]) -> tuple[str, ...]:
    """The ``draft_key`` a briefing was written for: recorded as ``entry`` since issue 12.7. An older
    briefing is found under both keys a draft of its seed can have: '' (its seed's one article) and
    its first source (an entry of a many-article seed). Which one is asked for is decided by the
    seed's reader, from its content, never by its extension: a feed saved as .txt is found again
    instead of written a second time."""
    if isinstance(provenance.get("entry"), str):
        return (provenance["entry"],)
    sources = meta.get("sources")
    first = sources[0] if isinstance(sources, list) and sources and isinstance(sources[0], dict) else {}
    key = str(first.get("url") or first.get("title") or "")
    return ("", key) if key else ("",)


def _slug_of(path: Path, meta: dict[str, Any] | None) -> str:
    """A briefing's URL slug as ``load.load_file`` makes it: its ``slug:`` key, else its file name."""
    if meta is not None and isinstance(meta.get("slug"), str):
        return str(meta["slug"])
    return slugify(path.parent.name if path.stem == "index" else path.stem)


def file_stem(draft: BriefingDraft) -> str:
    slug = slugify(draft.title)[:SLUG_MAX].strip("-")
    if len(slugify(draft.title)) > SLUG_MAX and "-" in slug:
        slug = slug[:slug.rfind("-")]
    return f"{draft.date.isoformat()}-{slug or 'briefing'}"


def choose_path(content_dir: Path, draft: BriefingDraft, taken: set[str]) -> Path:
    """A new, unique file for a draft, inside ``content/`` whatever its title says."""
    stem = file_stem(draft)
    name = f"{stem}.md"
    number = 2
    while name.lower() in taken:
        name = f"{stem}-{number}.md"
        number += 1
    taken.add(name.lower())
    path = content_dir / name
    if not contained(content_dir, path):
        raise ValueError(f"refusing to write outside content/: {name}")
    return path


def contained(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return ".." not in Path(os.path.relpath(path, root)).parts


def beside_path(path: Path) -> Path:
    return path.with_name(path.name[:-3] + ".ingest-new.md")


def write_atomic(path: Path, text: str) -> None:
    """Write via a temp file in the same folder, fsync, then rename: never a half-written briefing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The writer's pid in the name lets a later run tell a killed run's leftover from a live write.
    fd, temp = tempfile.mkstemp(prefix=f".ingest-{os.getpid()}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


STALE_TEMP_SECONDS = 600
_TEMP_NAME = re.compile(r"^\.ingest-(?:(\d+)-)?[^/]*\.tmp$")


def sweep_temp_files(content_dir: Path, now: float | None = None) -> list[Path]:
    """Remove the temp files of ingest runs killed mid-write (issue 12.14): those whose writer is
    gone, or older than 10 minutes (a write takes milliseconds; a pid may have been reused)."""
    removed: list[Path] = []
    now = time.time() if now is None else now
    for folder, _dirs, names in os.walk(content_dir):  # symlinked folders are not followed
        for name in sorted(names):
            match = _TEMP_NAME.match(name)
            path = Path(folder) / name
            try:
                info = path.lstat()
                if match and stat.S_ISREG(info.st_mode) and (
                        now - info.st_mtime > STALE_TEMP_SECONDS or (match[1] and not _running(int(match[1])))):
                    path.unlink()
                    removed.append(path)
            except OSError:
                continue  # gone already, or not ours to remove
    return removed


def _running(pid: int) -> bool:
    """Whether a process with this pid exists (assumed so where that cannot be asked safely)."""
    if os.name != "posix":
        return True  # os.kill(pid, 0) would terminate the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True
    return True


def shingles(text: str, size: int = 5) -> set[int]:
    """Hashes of word 5-grams, for near-duplicate detection. CRC-32, not ``hash()``: Python salts
    string hashes per process, and ``Stories`` samples shingles by their hash, so with ``hash()``
    the same seeds could be merged in one run and not in the next."""
    words = re.findall(r"\w+", text.lower())
    return {zlib.crc32(" ".join(words[i:i + size]).encode()) for i in range(max(1, len(words) - size + 1))}


def merged_sources(first: BriefingDraft, extra: Iterable[BriefingDraft]) -> BriefingDraft:
    return replace(first, sources=union_of_sources(first.sources, *(other.sources for other in extra)))


def union_of_sources(*lists: Iterable[DraftSource]) -> tuple[DraftSource, ...]:
    """The sources of all lists in order, each once (the same URL and title: the same source)."""
    seen: set[tuple[str, str]] = set()
    union = []
    for sources in lists:
        for source in sources:
            if (source.url or "", source.title) not in seen:
                seen.add((source.url or "", source.title))
                union.append(source)
    return tuple(union)


def _listed_sources(meta: dict[str, Any]) -> list[DraftSource] | None:
    """A briefing's ``sources`` list as written by ``source_entry``; None if it is not one."""
    listed = meta.get("sources")
    if listed is None:
        return []
    if not isinstance(listed, list):
        return None
    sources = []
    for entry in listed:
        if not isinstance(entry, dict) or not isinstance(entry.get("title"), str):
            return None
        date = entry.get("date")
        values: dict[str, Any] = {key: _text(entry.get(key)) for key in SOURCE_KEYS}
        values |= {"title": entry["title"], "date": date if isinstance(date, dt.date) else None}
        sources.append(DraftSource(**values))
    return sources
