"""The load stage: ``content/**/*.md`` → ``Loaded`` (briefings and their problems).

A file is read only when its stat changed since the last build (as git's index does), and
parsed only when its content hash or the settings changed (``LoadCache``). ``watch`` passes the
files it saw change; the others are then not even listed or stat'ed.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from ..briefing_file import body_of
from ..config import SiteConfig
from ..errors import Location, Problem
from ..graph import link_problem, link_targets
from ..load import MAX_FILE_BYTES, LoadResult, duplicate_slug_problems, find_content_files, load_file, unusable_entry
from ..markup import MarkupSettings, render_markdown
from ..model import Briefing
from .cache import FileStat, LoadCache, LoadKey

# Like git's index: an unchanged stat is trusted, except for files modified so close to the
# last build that a later edit could share their timestamp ("racy" files).
RACY_SECONDS = 2


@dataclass(frozen=True, slots=True)
class Loaded:
    briefings: list[Briefing]  # in the order of their paths; drafts only if asked for
    problems: list[Problem]
    stats: dict[str, FileStat]  # path → stat and content hash of every file read or trusted
    stats_time: float
    used: set[LoadKey] = field(default_factory=set)  # the cache entries this build used


def list_content(site_dir: Path, cache: LoadCache, changed: tuple[str, ...] | None) -> tuple[tuple[str, ...], set[str]]:
    """The content files (site-relative), and those known unchanged since the last build."""
    if changed is not None and cache.listed and all(h.endswith(".md") for h in changed):
        # watch told us exactly which files changed: no need to list and stat all the others.
        listed = (set(cache.listed) | {h for h in changed if (site_dir / h).is_file()}) - \
            {h for h in changed if not (site_dir / h).exists()}
        return tuple(sorted(listed)), listed - set(changed)
    site_prefix = len(str(site_dir)) + 1
    found = find_content_files(site_dir / "content")
    return tuple(str(path)[site_prefix:].replace(os.sep, "/") for path in found), set()


def load_content(site_dir: Path, config: SiteConfig, cache: LoadCache, *, drafts: bool,
                 changed: tuple[str, ...] | None, progress: Callable[[int, int], None] | None,
                 listed: tuple[Mapping[str, os.stat_result], float] | None = None) -> Loaded:
    """Every briefing of the site, with the problems of every file. ``listed``: the content
    files with their lstat, and when those were taken (``uptodate.InputState``), if known."""
    stats: Mapping[str, os.stat_result] = listed[0] if listed is not None and changed is None else {}
    if stats:
        names, trusted = tuple(stats), set[str]()
    else:
        names, trusted = list_content(site_dir, cache, changed)
    cache.listed = names
    fingerprint = config.fingerprint()
    content_root = (site_dir / "content").resolve()
    loaded = Loaded([], [], {}, listed[1] if stats and listed is not None else time.time())
    failed: list[str] = []  # files that gave no briefing: their bodies are checked at the end
    for number, rel in enumerate(names, 1):
        if progress and number % 1000 == 0:
            progress(number, len(names))
        known = cache.stats.get(rel) if rel in trusted else None
        if known is not None and (rel, known[3], fingerprint) in cache.results:
            key = (rel, known[3], fingerprint)  # unchanged, as watch told us: no system call at all
            loaded.stats[rel] = known
            loaded.used.add(key)
            result = cache.results[key]
        else:
            path = site_dir / rel
            st = stats.get(rel)
            if st is None or not S_ISREG(st.st_mode):  # a regular file's lstat needs no other look
                unusable = unusable_entry(path, rel, content_root)  # a link leading out, a FIFO, an unreadable folder
                if unusable is not None:
                    loaded.problems.append(unusable)
                    continue
                st = None
            result = _load(path, rel, fingerprint, config, cache, loaded, st)
        loaded.problems.extend(result.problems)
        if result.briefing and (drafts or not result.briefing.draft):
            loaded.briefings.append(result.briefing)
        elif result.briefing is None:
            failed.append(rel)
    loaded.problems.extend(duplicate_slug_problems(loaded.briefings))
    loaded.problems.extend(_body_problems(site_dir, failed, loaded.briefings, config, drafts))
    return loaded


def _body_problems(site_dir: Path, failed: list[str], briefings: list[Briefing], config: SiteConfig,
                   drafts: bool) -> list[Problem]:
    """The problems of the bodies of files whose front matter failed: their malformed wikilinks and
    links to briefings or terms the build does not have, as markup and graph would report them
    (issue 14: a bad date must not hide the same file's broken links until the next run)."""
    if not failed:
        return []
    targets = link_targets(briefings, config)
    settings = MarkupSettings(allow_html=config.allow_html)
    found: list[Problem] = []
    for rel in failed:
        body = _body_to_check(site_dir / rel, drafts)
        if body is None:
            continue
        rendered, problems = render_markdown(rel, body[0], body[1], settings)
        found.extend(problems)
        found.extend(p for p in (link_problem(rel, link, targets) for link in rendered.links) if p is not None)
    return found


_DRAFT_LINE = re.compile(r"(?m)^draft:[ \t]*true[ \t]*(?:#.*)?$")


def _body_to_check(path: Path, drafts: bool) -> tuple[str, int] | None:
    """A failed file's body and its first line; None when it cannot be read as text, has no front
    matter to split off, or says it is a draft in a build without drafts (whose links are not checked)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return None
    body = body_of(text)
    if body is None or (not drafts and _DRAFT_LINE.search(text[:len(text) - len(body[0])])):
        return None
    return body


def _load(path: Path, rel: str, fingerprint: str, config: SiteConfig, cache: LoadCache, loaded: Loaded,
          st: os.stat_result | None) -> LoadResult:
    try:
        if st is None:
            st = path.stat()
        if st.st_size > MAX_FILE_BYTES:
            message = f"file is {st.st_size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB"
            return LoadResult(None, (Problem(Location(rel), message),))
        known = cache.stats.get(rel)
        racy = st.st_mtime >= cache.stats_time - RACY_SECONDS
        if known and known[:3] == (st.st_mtime_ns, st.st_size, st.st_ino) and not racy:
            sha = known[3]
            data = None
        else:
            data = path.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
        loaded.stats[rel] = (st.st_mtime_ns, st.st_size, st.st_ino, sha)
    except OSError as exc:
        return LoadResult(None, (Problem(Location(rel), f"cannot read file: {exc.strerror}"),))
    key = (rel, sha, fingerprint)
    loaded.used.add(key)
    if key not in cache.results:
        if data is None:
            data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            problem = Problem(Location(rel, line), "not valid UTF-8 text (save the file as UTF-8)")
            cache.results[key] = LoadResult(None, (problem,))
        else:
            cache.results[key] = load_file(rel, text, config)
    return cache.results[key]
