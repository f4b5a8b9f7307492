"""Seed files → their articles: which files to read, reading each once, and its reader's articles.

Takes the site folder and the paths given on the command line (default: everything under
``seeds/``); gives, per seed file in path order, its articles (``readers.RawArticle``) and the
problems reading it. Each file is read from disk once: its reader (``readers.reader_for``, by
content first) decides everything else. Plain-text pages are read last, once the whole batch is
known, because lines that recur across the batch's pages of one site are furniture
(``page_text.recurring_lines``; the reader's ``batch_pages``).

Limits (issue 8; documented in ``pipeline`` and SECURITY.md): files larger than
``MAX_FILE_BYTES`` are refused, empty and binary files are skipped with a warning, symlinks
leading out of the site are refused, FIFOs and devices are never opened for reading (issue 12),
hidden files and folders, sidecars and attribution notes are not articles, at most
``MAX_FILES`` files per run.

Sidecar convention: ``sources.jsonl`` beside the seeds, one JSON object per line with ``file``
(a file name in that folder, or ``"*"`` for folder-wide defaults) and any of ``title``, ``date``,
``url``, ``publisher``, ``license``, ``credit``, ``author``, ``categories``: the metadata of a
one-article file (a many-article file's records and entries carry their own).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import Location, Problem
from .page_text import recurring_lines
from .readers import (
    MAX_ARTICLE_CHARS,
    NOT_ARTICLES,
    SIDECAR_NAMES,
    RawArticle,
    Reader,
    SeedFile,
    apply_sidecar,
    decode_bytes,
    file_name_date,
    read_seed,
    reader_for,
    without_date_marker,
)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 50_000
NOT_REGULAR = "not a regular file (a pipe, device or socket): skipped"

Sidecars = dict[Path, dict[str, dict[str, Any]]]  # folder → file name → its sources.jsonl record


class NotRegularFile(OSError):
    """A seed path that is a FIFO, device or socket: never read (issue 12)."""


@dataclass(frozen=True, slots=True)
class SeedArticles:
    """What one seed file gave: its articles and the problems reading it (errors and warnings)."""

    articles: list[RawArticle]
    problems: list[Problem]


def rel_path(site_dir: Path, path: Path) -> str:
    """Site-relative POSIX path for messages (``..`` for a file given from outside the site)."""
    try:
        return path.absolute().relative_to(site_dir.absolute()).as_posix()
    except ValueError:
        return Path(os.path.relpath(path.absolute(), site_dir.absolute())).as_posix()


def read_regular(path: Path) -> bytes | None:
    """The bytes of a regular file, None when it holds more than ``MAX_FILE_BYTES``. Opened without
    blocking and checked once open: a FIFO put where a listed file was must not hang ingest."""
    limit = MAX_FILE_BYTES
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(f"not a regular file: {path}")
        if info.st_size > limit:
            return None
        data = handle.read(limit + 1)
    return data if len(data) <= limit else None


# ------------------------------------------------------------------------------- which files

class _Finder:
    """Walks the given paths for seed files, refusing what must not be read."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir, self.root = site_dir, site_dir.resolve()
        self.files: list[Path] = []
        self.refused: list[Problem] = []

    def refuse(self, path: Path, message: str, warning: bool = False) -> None:
        self.refused.append(Problem(Location(rel_path(self.site_dir, path)), message, warning=warning))

    def inside(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.root)
        except ValueError:
            return False
        return True

    def start(self, start: Path) -> None:
        start = start if start.is_absolute() else (Path.cwd() / start)
        if not start.exists() and not start.is_symlink():
            self.refuse(start, "no such file or folder")
        elif start.is_symlink() and not self.inside(start):
            self.refuse(start, "symlink pointing outside the site: refused")
        elif start.is_file():
            self.files.append(start)
        elif not start.is_dir():
            self.refuse(start, NOT_REGULAR, warning=True)
        else:
            self.walk(start)

    def walk(self, start: Path) -> None:
        for folder, dirnames, filenames in os.walk(start):
            base = Path(folder)
            kept = []
            for name in sorted(dirnames):
                if name.startswith("."):
                    continue
                if (base / name).is_symlink() and not self.inside(base / name):
                    self.refuse(base / name, "symlink pointing outside the site: refused")
                    continue
                kept.append(name)
            dirnames[:] = kept
            for name in sorted(filenames):
                path = base / name
                if name.startswith(".") or name.lower() in SIDECAR_NAMES or name.lower() in NOT_ARTICLES:
                    continue
                if path.is_symlink() and not self.inside(path):
                    self.refuse(path, "symlink pointing outside the site: refused")
                elif not path.is_file():
                    self.refuse(path, NOT_REGULAR if path.exists() else "broken symbolic link: skipped", warning=True)
                else:
                    self.files.append(path)


def collect(site_dir: Path, paths: Sequence[Path] | None) -> tuple[list[Path], list[Problem]]:
    """Seed files to read, sorted by site-relative path, and the problems of paths refused outright."""
    if paths is None:
        if not (site_dir / "seeds").exists():
            return [], [Problem(Location("seeds"), "no seeds/ folder: nothing to ingest")]
        paths = [site_dir / "seeds"]
    finder = _Finder(site_dir)
    for start in paths:
        finder.start(start)
    unique = sorted(dict.fromkeys(finder.files), key=lambda p: rel_path(site_dir, p))
    if len(unique) > MAX_FILES:
        finder.refuse(site_dir / "seeds", f"more than {MAX_FILES} seed files; only the first {MAX_FILES} were read")
        unique = unique[:MAX_FILES]
    return unique, finder.refused


# ---------------------------------------------------------------------------------- sidecars

def _sidecar(folder: Path, cache: Sidecars) -> dict[str, dict[str, Any]]:
    """``sources.jsonl`` of a folder: file name → metadata record (``*`` gives defaults)."""
    if folder in cache:
        return cache[folder]
    records: dict[str, dict[str, Any]] = {}
    for name in ("sources.jsonl", "sources.json"):
        path = folder / name
        try:
            data = read_regular(path) if path.is_file() else None
        except OSError:
            data = None
        text = (decode_bytes(data) or "") if data is not None else ""
        lines = text.splitlines() if name.endswith(".jsonl") else [text]
        for line in lines:
            try:
                value = json.loads(line) if line.strip() else None
            except json.JSONDecodeError:
                continue
            for record in value if isinstance(value, list) else [value]:
                if isinstance(record, dict) and isinstance(record.get("file"), str):
                    records[record["file"]] = record
    cache[folder] = records
    return records


def _record(path: Path, sidecars: Sidecars) -> dict[str, Any]:
    meta = _sidecar(path.parent, sidecars)
    return {**meta.get("*", {}), **meta.get(path.name, {})} if meta else {}


def _site_of(path: Path, record: dict[str, Any]) -> str | None:
    """The site a seed page comes from: its URL's host in ``sources.jsonl``, else the file name's
    leading word when it is followed by digits or a separator ("bbc-2019-06-13.txt" → "bbc")."""
    url = record.get("url")
    host = re.match(r"^https?://(?:www\.)?([^/:?#]+)", url) if isinstance(url, str) else None
    if host:
        return host.group(1).lower()
    prefix = re.match(r"([a-z][a-z.]+)[-_ ]*\d", path.name.lower())
    return prefix.group(1) if prefix else None


# ----------------------------------------------------------------------------------- reading

@dataclass(frozen=True, slots=True)
class _Opened:
    """A seed file read and decoded, with its reader and its sidecar record."""

    path: Path
    seed: SeedFile
    reader: Reader
    record: dict[str, Any]


def _open(site_dir: Path, path: Path, sidecars: Sidecars) -> _Opened | list[Problem]:
    """One seed file, read once and decoded, or the problems that stop it being read."""
    where = Location(rel_path(site_dir, path))
    try:
        data = read_regular(path)
    except NotRegularFile:
        return [Problem(where, NOT_REGULAR, warning=True)]
    except OSError as exc:
        return [Problem(where, f"cannot read: {exc.strerror or exc}")]
    if data is None:
        return [Problem(where, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: skipped")]
    text = decode_bytes(data) if data.strip() else ""
    if text is None:
        return [Problem(where, "binary file, not text: skipped", warning=True)]
    if not text.strip():
        return [Problem(where, "empty file: skipped", warning=True)]
    record = _record(path, sidecars)
    url = record.get("url") if isinstance(record.get("url"), str) else None
    reader = reader_for(path.name, text)
    # A page waits for the rest of the batch; its reader reads its text, so its bytes are let go.
    seed = SeedFile(b"" if reader.batch_pages else data, text, path.name, where.path,
                    hashlib.sha256(data).hexdigest(), url)
    return _Opened(path, seed, reader, record)


def _read(opened: _Opened, body_lines: dict[str, int]) -> SeedArticles:
    """The articles of an opened file; ``body_lines`` gets the line a draft's Markdown body starts on."""
    seed = opened.seed
    try:
        articles, problems = read_seed(seed, opened.reader)
    except ImportError as exc:
        # A reader's library is missing or broken: this file cannot be read, the others still can.
        missing = exc.name or str(exc)
        return SeedArticles([], [Problem(Location(seed.source), f"cannot read this file: the Python package "
                                         f"'{missing}' is missing or broken (reinstall briefgen: pip install "
                                         f"--force-reinstall briefgen)")])
    fallback = file_name_date(seed.name)
    result = []
    for article in articles:
        if article.markdown is not None:
            # The body is the end of the file: its first line is one after every newline before it.
            start = len(seed.text) - len(article.markdown) if seed.text.endswith(article.markdown) else 0
            body_lines[seed.source] = seed.text.count("\n", 0, start) + 1
        if opened.reader.many:
            result.append(article)  # each record or entry carries its own metadata
            continue
        if opened.record:
            article = apply_sidecar(article, opened.record)
        if article.date is None and article.date_problem is None and fallback:
            article = replace(article, date=fallback)
        result.append(article)
    return SeedArticles(result, problems)


def read_seeds(site_dir: Path, files: Sequence[Path], body_lines: dict[str, int]) -> list[SeedArticles]:
    """The articles of each file, in order, every file read from disk once. Pages of readers with
    ``batch_pages`` are read after the others have been opened, with the lines that recur across
    the batch's pages (``page_text.recurring_lines``); ``body_lines`` gets each Markdown draft's
    first body line."""
    sidecars: Sidecars = {}
    found: list[SeedArticles | _Opened] = []
    for path in files:
        opened = _open(site_dir, path, sidecars)
        if isinstance(opened, list):
            found.append(SeedArticles([], opened))
        else:  # pages wait for the batch; the others are read now, and their bytes let go
            found.append(opened if opened.reader.batch_pages else _read(opened, body_lines))
    pages = [(_site_of(o.path, o.record), without_date_marker(o.seed.text[:MAX_ARTICLE_CHARS]))
             for o in found if isinstance(o, _Opened)]
    repeated = recurring_lines(pages) if len(pages) > 1 else frozenset()
    return [_read(replace(o, seed=replace(o.seed, repeated=repeated)), body_lines) if isinstance(o, _Opened) else o
            for o in found]
