"""``briefgen ingest``: seed files → briefings in ``content/``, with a report of what happened.

Takes the site folder, optional explicit paths (default: everything under ``seeds/``), the flags
and the config; gives an ``IngestReport`` with one outcome per article (or per unreadable file).
``cli`` prints it and exits 1 when it holds an error. One bad file never stops the others.

Limits (issue 8; documented here and in SECURITY.md):
- files larger than ``MAX_FILE_BYTES`` (20 MB) are refused with a message;
- empty and binary files are reported (as warnings) and skipped;
- seed files or folders that are symlinks resolving outside the site are refused;
- hidden files and folders (``.name``) are ignored; a folder's ``sources.jsonl`` is sidecar
  metadata and ``SOURCES.md`` / ``README.md`` are attribution notes, not articles;
- at most ``readers.MAX_RECORDS`` articles per file and ``MAX_FILES`` files per run.

Sidecar convention: ``sources.jsonl`` beside the seeds, one JSON object per line with ``file``
(a file name in that folder, or ``"*"`` for folder-wide defaults) and any of ``title``, ``date``,
``url``, ``publisher``, ``license``, ``credit``, ``author``, ``categories``. Publisher, licence and
credit line are also filled in for known publishers from the URL's host (Wikinews: CC BY 2.5).

Re-runs (issue 3): an article whose briefing would come out byte-identical, or whose seed is
unchanged, is skipped; an edited briefing (its hash is not its ``generated_sha256``) is never
overwritten: reported, and a new version is written beside it as ``<name>.ingest-new.md`` (a
draft) only with ``write_new_beside``; ``force`` replaces it and the report says what it replaced.
Duplicates (near-identical text, or the same title-event on the same day) become extra
sources of the first briefing, also across runs: a new seed that tells the story of a briefing
ingested earlier adds its source to that briefing (rewriting only its ``sources`` list, and
only if nobody edited it; otherwise the report says so) instead of making a second briefing.
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

from ..config import SiteConfig
from ..countries import slugify
from ..errors import Location, Problem, did_you_mean
from ..markup import MarkupSettings, render_markdown
from ..model import BodyLink
from ..taxonomy import by_kind
from .extract import BriefingDraft, extract
from .page_text import recurring_lines
from .readers import MAX_ARTICLE_CHARS, NOT_ARTICLES, without_date_marker, SIDECAR_NAMES, RawArticle, apply_sidecar, decode_bytes, file_name_date, \
    read_articles
from .store import ExistingBriefing, Target, add_sources, beside_path, choose_path, contained, draft_key, file_stem, \
    is_edited, link_targets, merged_sources, read_story, render_file, scan_content, shingles, sweep_temp_files, with_earlier_sources, \
    write_atomic

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 50_000

WRITTEN = "written"
UPDATED = "updated"
UNCHANGED = "skipped-unchanged"
EDITED = "skipped-edited"
REPLACED = "replaced"
DUPLICATE = "duplicate-merged"
SKIPPED = "skipped"
ERROR = "error"
NOTE = "note"  # a warning about an article that was still ingested (not counted in the summary)


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What happened to one article (or to a file that yielded none).

    ``target`` is the site-relative briefing path it went to (or would go to, in a dry run);
    ``beside`` the new version written next to an edited briefing; ``replaced`` the file that
    ``force`` overwrote; ``problem`` the error or warning for ``error`` / ``skipped``.
    """

    source: str
    status: str
    target: str | None = None
    beside: str | None = None
    replaced: str | None = None
    problem: Problem | None = None
    detail: str = ""

    def __str__(self) -> str:
        if self.problem is not None:
            return str(self.problem)
        text = f"{self.source}: {self.status}"
        if self.target:
            text += f" → {self.target}"
        if self.beside:
            text += f" (edited by hand; new version written beside it: {self.beside})"
        elif self.status == EDITED:
            text += " (edited by hand; not overwritten: use --write-new-beside or --force)"
        if self.replaced:
            text += f" (replaced {self.replaced}{', which had been edited by hand' if 'edited' in self.detail else ''})"
        elif self.detail and self.status != REPLACED:
            text += f" ({self.detail})"
        return text


@dataclass(frozen=True, slots=True)
class IngestReport:
    outcomes: tuple[IngestOutcome, ...]
    dry_run: bool = False

    @property
    def problems(self) -> tuple[Problem, ...]:
        return tuple(o.problem for o in self.outcomes if o.problem is not None)

    @property
    def has_errors(self) -> bool:
        return any(o.status == ERROR for o in self.outcomes)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in (WRITTEN, UPDATED, REPLACED, DUPLICATE, UNCHANGED, EDITED,
                                                   SKIPPED, ERROR) if self.count(s)]
        return ("dry run: " if self.dry_run else "") + (", ".join(parts) or "nothing to ingest")

    def lines(self) -> tuple[str, ...]:
        return tuple(str(o) for o in self.outcomes) + (self.summary(),)


def _rel(site_dir: Path, path: Path) -> str:
    """Site-relative POSIX path for messages (``..`` for a file given from outside the site)."""
    try:
        return path.absolute().relative_to(site_dir.absolute()).as_posix()
    except ValueError:
        return Path(os.path.relpath(path.absolute(), site_dir.absolute())).as_posix()


NOT_REGULAR = "not a regular file (a pipe, device or socket): skipped"


class NotRegularFile(OSError):
    """A seed path that is a FIFO, device or socket: never read (issue 12)."""


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


def _collect(site_dir: Path, paths: Sequence[Path] | None) -> tuple[list[Path], list[IngestOutcome]]:
    """Seed files to read, sorted, plus outcomes for paths refused outright."""
    root = site_dir.resolve()
    refused: list[IngestOutcome] = []
    files: list[Path] = []
    if paths is None:
        seeds = site_dir / "seeds"
        if not seeds.exists():
            return [], [IngestOutcome("seeds", ERROR, problem=Problem(Location("seeds"), "no seeds/ folder: "
                                                                      "nothing to ingest"))]
        starts, explicit = [seeds], False
    else:
        starts, explicit = list(paths), True

    def refuse(path: Path, message: str, warning: bool = False) -> None:
        rel = _rel(site_dir, path)
        refused.append(IngestOutcome(rel, SKIPPED if warning else ERROR,
                                     problem=Problem(Location(rel), message, warning=warning)))

    def inside(path: Path) -> bool:
        try:
            path.resolve().relative_to(root)
        except ValueError:
            return False
        return True

    for start in starts:
        start = start if start.is_absolute() else (Path.cwd() / start)
        if not start.exists() and not start.is_symlink():
            refuse(start, "no such file or folder")
            continue
        if start.is_symlink() and not inside(start):
            refuse(start, "symlink pointing outside the site: refused")
            continue
        if start.is_file():
            files.append(start)
            continue
        if not start.is_dir():
            refuse(start, NOT_REGULAR, warning=True)
            continue
        for folder, dirnames, filenames in os.walk(start):
            base = Path(folder)
            kept = []
            for name in sorted(dirnames):
                if name.startswith("."):
                    continue
                if (base / name).is_symlink() and not inside(base / name):
                    refuse(base / name, "symlink pointing outside the site: refused")
                    continue
                kept.append(name)
            dirnames[:] = kept
            for name in sorted(filenames):
                path = base / name
                if name.startswith(".") or name.lower() in SIDECAR_NAMES or name.lower() in NOT_ARTICLES:
                    continue
                if path.is_symlink() and not inside(path):
                    refuse(path, "symlink pointing outside the site: refused")
                    continue
                if not path.is_file():
                    refuse(path, NOT_REGULAR if path.exists() else "broken symbolic link: skipped", warning=True)
                    continue
                files.append(path)
    unique = sorted(dict.fromkeys(files), key=lambda p: _rel(site_dir, p))
    if len(unique) > MAX_FILES:
        refuse(site_dir / "seeds", f"more than {MAX_FILES} seed files; only the first {MAX_FILES} were read")
        unique = unique[:MAX_FILES]
    del explicit
    return unique, refused


def _sidecar(folder: Path, cache: dict[Path, dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
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
                data = json.loads(line) if line.strip() else None
            except json.JSONDecodeError:
                continue
            for record in data if isinstance(data, list) else [data]:
                if isinstance(record, dict) and isinstance(record.get("file"), str):
                    records[record["file"]] = record
    cache[folder] = records
    return records


def _site_of(path: Path, record: dict[str, Any]) -> str | None:
    """The site a seed page comes from: its URL's host in ``sources.jsonl``, else the file name's
    leading word when it is followed by digits or a separator ("bbc-2019-06-13.txt" → "bbc")."""
    url = record.get("url")
    host = re.match(r"^https?://(?:www\.)?([^/:?#]+)", url) if isinstance(url, str) else None
    if host:
        return host.group(1).lower()
    prefix = re.match(r"([a-z][a-z.]+)[-_ ]*\d", path.name.lower())
    return prefix.group(1) if prefix else None


def _recurring(files: Sequence[Path], sidecars: dict[Path, dict[str, dict[str, Any]]]) -> frozenset[str]:
    """The batch's recurring lines (``page_text.recurring_lines``) over its plain-text seed pages."""
    pages: list[tuple[str | None, str]] = []
    for path in files:
        if path.suffix.lower() not in (".txt", ".text", "") or not path.is_file():
            continue
        try:
            data = read_regular(path)
            text = decode_bytes(data) if data is not None else None
        except OSError:
            continue  # reported when the file itself is read
        if text:
            pages.append((_site_of(path, _record(path, sidecars)), without_date_marker(text[:MAX_ARTICLE_CHARS])))
    return recurring_lines(pages) if len(pages) > 1 else frozenset()


def _record(path: Path, sidecars: dict[Path, dict[str, dict[str, Any]]]) -> dict[str, Any]:
    meta = _sidecar(path.parent, sidecars)
    return {**meta.get("*", {}), **meta.get(path.name, {})} if meta else {}


def _read_file(site_dir: Path, path: Path, sidecars: dict[Path, dict[str, dict[str, Any]]],
               repeated: frozenset[str] = frozenset(), body_lines: dict[str, int] | None = None
               ) -> tuple[list[RawArticle], list[IngestOutcome]]:
    """The articles of one seed file; ``body_lines`` gets the line a draft's Markdown body starts on."""
    rel = _rel(site_dir, path)
    where = Location(rel)
    try:
        data = read_regular(path)
    except NotRegularFile:
        return [], [IngestOutcome(rel, SKIPPED, problem=Problem(where, NOT_REGULAR, warning=True))]
    except OSError as exc:
        return [], [IngestOutcome(rel, ERROR, problem=Problem(where, f"cannot read: {exc.strerror or exc}"))]
    if data is None:
        return [], [IngestOutcome(rel, ERROR, problem=Problem(
            where, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: skipped"))]
    if not data.strip():
        return [], [IngestOutcome(rel, SKIPPED, problem=Problem(where, "empty file: skipped", warning=True))]
    text = decode_bytes(data)
    if text is None:
        return [], [IngestOutcome(rel, SKIPPED, problem=Problem(where, "binary file, not text: skipped",
                                                                 warning=True))]
    if not text.strip():
        return [], [IngestOutcome(rel, SKIPPED, problem=Problem(where, "empty file: skipped", warning=True))]
    sha = hashlib.sha256(data).hexdigest()
    try:
        record = _record(path, sidecars)
        url = record.get("url") if isinstance(record.get("url"), str) else None
        articles, problems = read_articles(data, text, path.name, rel, sha, url=url, repeated=repeated)
    except ImportError as exc:
        # A reader's library is missing or broken: this file cannot be read, the others still can.
        missing = exc.name or str(exc)
        return [], [IngestOutcome(rel, ERROR, problem=Problem(
            where, f"cannot read this file: the Python package '{missing}' is missing or broken "
                   f"(reinstall briefgen: pip install --force-reinstall briefgen)"))]
    outcomes = [IngestOutcome(rel, SKIPPED if p.warning else ERROR, problem=p) for p in problems]
    fallback = file_name_date(path.name)
    result = []
    for article in articles:
        if body_lines is not None and article.markdown is not None:
            # The body is the end of the file: its first line is one after every newline before it.
            start = len(text) - len(article.markdown) if text.endswith(article.markdown) else 0
            body_lines[rel] = text.count("\n", 0, start) + 1
        if record and not article.entry:
            article = apply_sidecar(article, record)
        if article.date is None and article.date_problem is None and fallback and not article.entry:
            article = replace(article, date=fallback)
        result.append(article)
    return result, outcomes


def _title_words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]{3,}", title.lower())
            if w not in {"the", "and", "for", "with", "from", "after", "says", "said", "over", "into"}}


class _Stories:
    """Stories seen so far, to know the same story told again: near-identical text (Jaccard
    similarity of word 5-grams >= 0.6, candidates found through a sample of them), or the same
    title-event on the same day in the same first country."""

    def __init__(self) -> None:
        self.shingle_sets: list[set[int]] = []
        self.titles: list[set[str]] = []
        self.first_countries: list[str] = []
        self.by_shingle: dict[int, list[int]] = {}
        self.by_date: dict[str, list[int]] = {}

    def find(self, text: str, title: str, date: str, countries: Sequence[str]) -> int | None:
        own = shingles(text) if text else set()
        candidates: set[int] = set()
        for h in list(self._sample(own))[:400]:
            candidates.update(self.by_shingle.get(h, ()))
        for k in sorted(candidates):
            other = self.shingle_sets[k]
            if own and other and len(own & other) / len(own | other) >= 0.6:
                return k
        words = _title_words(title)
        for k in self.by_date.get(date, ()):
            union = words | self.titles[k]
            same_place = not countries or not self.first_countries[k] or countries[0] == self.first_countries[k]
            if union and len(words & self.titles[k]) / len(union) >= 0.75 and same_place and len(words) >= 3:
                return k
        return None

    def add(self, text: str, title: str, date: str, countries: Sequence[str]) -> int:
        position = len(self.shingle_sets)
        own = shingles(text) if text else set()
        self.shingle_sets.append(own)
        self.titles.append(_title_words(title))
        self.first_countries.append(countries[0] if countries else "")
        for h in self._sample(own):
            self.by_shingle.setdefault(h, []).append(position)
        self.by_date.setdefault(date, []).append(position)
        return position

    @staticmethod
    def _sample(own: set[int]) -> set[int]:
        return {h for h in own if h % 4 == 0} or own


def _deduplicate(drafts: list[BriefingDraft]) -> tuple[list[BriefingDraft], dict[int, int]]:
    """Merge duplicates into the first of their kind: (kept drafts, index of a duplicate → kept index)."""
    kept: list[BriefingDraft] = []
    merged_into: dict[int, int] = {}
    extras: dict[int, list[BriefingDraft]] = {}
    stories = _Stories()
    for index, draft in enumerate(drafts):
        duplicate_of = stories.find(draft.text, draft.title, draft.date.isoformat(), draft.countries)
        if duplicate_of is not None:
            merged_into[index] = duplicate_of
            extras.setdefault(duplicate_of, []).append(draft)
            continue
        stories.add(draft.text, draft.title, draft.date.isoformat(), draft.countries)
        kept.append(draft)
    for position, others in extras.items():
        kept[position] = merged_sources(kept[position], others)
    return kept, merged_into


def _earlier_stories(drafts: Sequence[BriefingDraft], existing: dict[tuple[str, str], ExistingBriefing]
                     ) -> dict[int, ExistingBriefing]:
    """Drafts (by index) that are new to content/ but tell a story a briefing ingested in an
    earlier run already tells: the same story from another seed, found across runs."""
    new = [i for i, d in enumerate(drafts) if (d.source, draft_key(d)) not in existing]
    if not new:
        return {}
    stories = _Stories()
    briefings: list[ExistingBriefing] = []
    for briefing in sorted(set(existing.values()), key=lambda e: e.path):
        story = read_story(briefing.path)
        if story is not None:
            stories.add(*story)
            briefings.append(briefing)
    found = {}
    for index in new:
        draft = drafts[index]
        match = stories.find(draft.text, draft.title, draft.date.isoformat(), draft.countries)
        if match is not None and briefings[match].seed != draft.source:
            found[index] = briefings[match]
    return found


def _merge_into_earlier(site_dir: Path, draft: BriefingDraft, earlier: ExistingBriefing, dry_run: bool) -> IngestOutcome:
    """The same story as a briefing of an earlier run: its sources become extra sources there."""
    label = draft.source + (f" (entry {draft.entry})" if draft.entry else "")
    target = _rel(site_dir, earlier.path)
    try:
        current = earlier.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        current = ""
    updated, added = add_sources(current, draft) if current else (None, 0)
    if updated is None:
        return IngestOutcome(label, DUPLICATE, target=target,
                             detail="same story as that briefing, which was edited by hand: not changed, "
                                    "add this source there yourself if you want it")
    if not added:
        return IngestOutcome(label, DUPLICATE, target=target, detail="same story; already one of its sources")
    if not dry_run:
        write_atomic(earlier.path, updated)
    return IngestOutcome(label, DUPLICATE, target=target, detail="same story as that briefing; added as an extra source")


def _broken_links(kept: Sequence[BriefingDraft], earlier: dict[int, ExistingBriefing],
                  existing: dict[tuple[str, str], ExistingBriefing], known: dict[Target, bool],
                  body_lines: dict[str, int], config: SiteConfig) -> dict[int, list[Problem]]:
    """Drafts (by position) whose wikilinks the build would refuse, with those links' problems.

    A ``.md`` seed is the user's own text: a link to nothing would fail every build from now on
    (issue 12.7), so it is refused here, naming seed and line, rather than written or quietly
    rewritten. Targets (briefings, and the terms of taxonomies whose links the build checks:
    topics, people, organisations): those of content/ and of the briefings this run writes
    (minus refused ones, so refusing one can break a link to it: repeat until nothing more is
    refused)."""
    new = {position: link_targets(slugify(file_stem(draft)), _terms_of(draft), config)
           for position, draft in enumerate(kept)
           if position not in earlier and (draft.source, draft_key(draft)) not in existing}
    links = {position: _wikilinks(draft, body_lines[draft.source], config) for position, draft in enumerate(kept)
             if draft.source in body_lines and position not in earlier}
    broken: dict[int, list[Problem]] = {}
    while True:
        written = [position for position in new if position not in broken]
        everything = set(known).union(*(new[p] for p in written))
        published = {t for t, shown in known.items() if shown}.union(*(new[p] for p in written if not kept[p].draft))
        found = {position: _unknown_targets(kept[position].source, problems, found_links, config,
                                            everything if kept[position].draft else published, everything)
                 for position, (problems, found_links) in links.items() if position not in broken}
        found = {position: problems for position, problems in found.items() if problems}
        if not found:
            return broken
        broken.update(found)


def _terms_of(draft: BriefingDraft) -> dict[str, tuple[str, ...]]:
    """A draft's terms by front-matter field, as ``store.render_file`` writes them."""
    return {"countries": draft.countries, "topics": draft.topics, "people": draft.people,
            "organisations": draft.organisations}


def _wikilinks(draft: BriefingDraft, body_line: int, config: SiteConfig
               ) -> tuple[list[Problem], tuple[BodyLink, ...]]:
    """A draft's wikilinks as the build reads them (markup's own grammar and country names), and
    the problems of the malformed ones, at their lines in the seed."""
    rendered, problems = render_markdown(draft.source, draft.body, body_line, MarkupSettings(config.allow_html))
    return list(problems), rendered.links


def _unknown_targets(source: str, problems: list[Problem], links: Sequence[BodyLink], config: SiteConfig,
                     targets: set[Target], everything: set[Target]) -> list[Problem]:
    """``problems`` plus a problem for each link to a briefing or term the build would not find
    (as graph does: countries are not checked, topics are the config's, names must be in a briefing)."""
    found = list(problems)
    for link in links:
        tax = by_kind(link.kind)
        if link.kind != "briefing" and (tax is None or not tax.vocabulary.checks_links):
            continue
        fixed = tax.vocabulary.fixed(config) if tax is not None else ()
        if (link.kind, link.target) in targets or link.target in fixed:
            continue
        noun = tax.kind if tax is not None else "briefing"
        if (link.kind, link.target) in everything:
            hint: str | None = f"'{link.target}' is only in drafts, left out of builds without --drafts" \
                if tax is not None else f"'{link.target}' is a draft, left out of builds without --drafts"
        else:
            hint = did_you_mean(link.target, [*fixed, *(t for k, t in targets if k == link.kind)])
        found.append(Problem(Location(source, link.line), f"unknown {noun} '{link.target}'", hint))
    return sorted(found, key=Problem.sort_key)


def ingest(site_dir: Path, paths: Sequence[Path] | None, *, dry_run: bool, force: bool,
           write_new_beside: bool, config: SiteConfig) -> IngestReport:
    """Ingest seed files into ``site_dir/content``; never loses a hand edit (see module docstring)."""
    outcomes: list[IngestOutcome] = []
    content_dir = site_dir / "content"
    if content_dir.is_symlink() and not contained(site_dir, content_dir):
        refusal = Problem(Location("content"), "content/ is a symlink pointing outside the site: refusing to write")
        return IngestReport((IngestOutcome("content", ERROR, problem=refusal),), dry_run)
    if not dry_run:
        sweep_temp_files(content_dir)  # what killed runs left behind (issue 12.14)
    files, refused = _collect(site_dir, paths)
    outcomes.extend(refused)

    sidecars: dict[Path, dict[str, dict[str, Any]]] = {}
    body_lines: dict[str, int] = {}
    drafts: list[BriefingDraft] = []
    repeated = _recurring(files, sidecars)
    for path in files:
        articles, file_outcomes = _read_file(site_dir, path, sidecars, repeated, body_lines)
        outcomes.extend(file_outcomes)
        for article in articles:
            try:
                draft, problem = extract(article, config)
            except RecursionError:
                draft, problem = None, Problem(Location(article.source), "article too deeply nested to read")
            if problem is not None or draft is None:
                label = article.source + (f" (entry {article.entry})" if article.entry else "")
                outcomes.append(IngestOutcome(label, ERROR, problem=problem))
                continue
            drafts.append(draft)
            if article.date_note:
                label = article.source + (f" (entry {article.entry})" if article.entry else "")
                outcomes.append(IngestOutcome(label, NOTE, problem=Problem(Location(label), article.date_note,
                                                                          warning=True)))

    kept, merged_into = _deduplicate(drafts)
    existing, taken, known = scan_content(content_dir, config)
    earlier = _earlier_stories(kept, existing)
    broken = _broken_links(kept, earlier, existing, known, body_lines, config)
    targets: dict[int, str] = {}
    kept_outcomes: list[IngestOutcome] = []
    for position, draft in enumerate(kept):
        if position in broken:
            outcome = IngestOutcome(draft.source, ERROR, problem=broken[position][0])
        elif position in earlier:
            outcome = _merge_into_earlier(site_dir, draft, earlier[position], dry_run)
        else:
            outcome = _store(site_dir, content_dir, draft, existing, taken, dry_run=dry_run, force=force,
                             write_new_beside=write_new_beside)
        targets[position] = outcome.target or ""
        kept_outcomes.append(outcome)
    # Report in input order: every kept draft, then duplicates pointing at their briefing.
    position_of = {}
    kept_index = 0
    for index in range(len(drafts)):
        if index not in merged_into:
            position_of[index] = kept_index
            kept_index += 1
    for index, draft in enumerate(drafts):
        label = draft.source + (f" (entry {draft.entry})" if draft.entry else "")
        if index in merged_into:
            first = kept_outcomes[merged_into[index]]
            # The first seed's briefing carries the extra source only if it was (re)written.
            added = first.status in (WRITTEN, UPDATED, REPLACED) or (first.status == UNCHANGED and "edited" not in first.detail) \
                or (first.status == DUPLICATE and "edited" not in first.detail)
            detail = "same story as another seed; " + (
                "that seed was refused, so nothing was written: ingest again once it is fixed"
                if first.status == ERROR else "added as an extra source" if added else
                "that briefing was edited by hand, so the source was not added: add it there yourself if you want it")
            outcomes.append(IngestOutcome(label, DUPLICATE, target=targets[merged_into[index]], detail=detail))
        else:
            outcomes.append(kept_outcomes[position_of[index]])
            outcomes.extend(IngestOutcome(draft.source, ERROR, problem=p) for p in broken.get(position_of[index], [])[1:])
    return IngestReport(tuple(outcomes), dry_run)


def _store(site_dir: Path, content_dir: Path, draft: BriefingDraft,
           existing: dict[tuple[str, str], ExistingBriefing], taken: set[str], *, dry_run: bool, force: bool,
           write_new_beside: bool) -> IngestOutcome:
    label = draft.source + (f" (entry {draft.entry})" if draft.entry else "")
    text = render_file(draft)
    previous = existing.get((draft.source, draft_key(draft)))
    if previous is None:
        path = choose_path(content_dir, draft, taken)
        if not dry_run:
            write_atomic(path, text)
        return IngestOutcome(label, WRITTEN, target=_rel(site_dir, path))
    target = _rel(site_dir, previous.path)
    try:
        current = previous.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        current = ""
    edited = is_edited(current) if current else previous.edited
    if current and not edited:
        text = render_file(with_earlier_sources(draft, current))
    if current == text:
        return IngestOutcome(label, UNCHANGED, target=target)
    if force:
        if not dry_run:
            write_atomic(previous.path, text)
        return IngestOutcome(label, REPLACED, target=target, replaced=target,
                             detail="edited" if edited else "")
    if edited:
        if previous.seed_sha256 == draft.seed_sha256:
            return IngestOutcome(label, UNCHANGED, target=target, detail="seed unchanged; briefing edited by hand")
        if write_new_beside:
            beside = beside_path(previous.path)
            if not dry_run:
                write_atomic(beside, render_file(draft, as_draft=True))
            return IngestOutcome(label, EDITED, target=target, beside=_rel(site_dir, beside))
        return IngestOutcome(label, EDITED, target=target)
    if previous.seed_sha256 == draft.seed_sha256 and not force:
        # Same seed, file untouched, but the output differs (a new ingest version or a merged
        # duplicate): regenerate, since nothing of a person's would be lost.
        pass
    if not dry_run:
        write_atomic(previous.path, text)
    return IngestOutcome(label, UPDATED, target=target)
