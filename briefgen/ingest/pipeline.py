"""``briefgen ingest``: seed files → briefings in ``content/``, with a report of what happened.

Takes the site folder, optional explicit paths (default: everything under ``seeds/``), the flags
and the config; gives an ``IngestReport`` with one outcome per article (or per unreadable file).
``cli`` prints it and exits 1 when it holds an error. One bad file never stops the others.

Seeds are found and read by ``seeds`` (its docstring lists the limits of issue 8: 20 MB per
file, 50,000 files per run, symlinks out of the site refused, empty and binary files skipped,
``sources.jsonl`` sidecars), each by the reader ``readers.reader_for`` picks from its content;
at most ``readers.MAX_RECORDS`` articles per file. Known publishers' licence and credit line
come from the URL's host (Wikinews: CC BY 2.5).

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

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import SiteConfig
from ..countries import slugify
from ..errors import Location, Problem, did_you_mean
from ..markup import MarkupSettings, render_markdown
from ..model import BodyLink
from ..taxonomy import by_kind
from .extract import BriefingDraft, extract
from .readers import RawArticle
from .seeds import collect, read_seeds, rel_path
from .store import (
    ExistingBriefing,
    Target,
    add_sources,
    beside_path,
    choose_path,
    contained,
    draft_key,
    file_stem,
    is_edited,
    link_targets,
    render_file,
    scan_content,
    sweep_temp_files,
    with_earlier_sources,
    write_atomic,
)
from .stories import deduplicate, earlier_stories

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


def _merge_into_earlier(site_dir: Path, draft: BriefingDraft, earlier: ExistingBriefing,
                        dry_run: bool) -> IngestOutcome:
    """The same story as a briefing of an earlier run: its sources become extra sources there."""
    label = draft.source + (f" (entry {draft.entry})" if draft.entry else "")
    target = rel_path(site_dir, earlier.path)
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
    return IngestOutcome(label, DUPLICATE, target=target,
                         detail="same story as that briefing; added as an extra source")


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
    content_dir = site_dir / "content"
    if content_dir.is_symlink() and not contained(site_dir, content_dir):
        refusal = Problem(Location("content"), "content/ is a symlink pointing outside the site: refusing to write")
        return IngestReport((IngestOutcome("content", ERROR, problem=refusal),), dry_run)
    if not dry_run:
        sweep_temp_files(content_dir)  # what killed runs left behind (issue 12.14)
    files, refused = collect(site_dir, paths)
    outcomes = [_problem_outcome(problem) for problem in refused]
    body_lines: dict[str, int] = {}
    drafts: list[BriefingDraft] = []
    for found in read_seeds(site_dir, files, body_lines):
        outcomes.extend(_problem_outcome(problem) for problem in found.problems)
        for article in found.articles:
            draft, article_outcomes = _extract(article, config)
            outcomes.extend(article_outcomes)
            if draft is not None:
                drafts.append(draft)

    kept, merged_into = deduplicate(drafts)
    existing, taken, known = scan_content(content_dir, config)
    earlier = earlier_stories(kept, existing)
    broken = _broken_links(kept, earlier, existing, known, body_lines, config)
    kept_outcomes: list[IngestOutcome] = []
    for position, draft in enumerate(kept):
        if position in broken:
            outcome = IngestOutcome(draft.source, ERROR, problem=broken[position][0])
        elif position in earlier:
            outcome = _merge_into_earlier(site_dir, draft, earlier[position], dry_run)
        else:
            outcome = _store(site_dir, content_dir, draft, existing, taken, dry_run=dry_run, force=force,
                             write_new_beside=write_new_beside)
        kept_outcomes.append(outcome)
    outcomes.extend(_in_input_order(drafts, merged_into, kept_outcomes, broken))
    return IngestReport(tuple(outcomes), dry_run)


def _problem_outcome(problem: Problem) -> IngestOutcome:
    """A file refused or skipped, or a problem reading it (at its line, for JSON Lines)."""
    return IngestOutcome(problem.location.path, SKIPPED if problem.warning else ERROR, problem=problem)


def _label(source: str, entry: int) -> str:
    return source + (f" (entry {entry})" if entry else "")


def _extract(article: RawArticle, config: SiteConfig) -> tuple[BriefingDraft | None, list[IngestOutcome]]:
    """An article's draft, or the error that stops it; and a note for a draft dated only by month."""
    label = _label(article.source, article.entry)
    try:
        draft, problem = extract(article, config)
    except RecursionError:
        draft, problem = None, Problem(Location(article.source), "article too deeply nested to read")
    if problem is not None or draft is None:
        return None, [IngestOutcome(label, ERROR, problem=problem)]
    if article.date_note:
        return draft, [IngestOutcome(label, NOTE, problem=Problem(Location(label), article.date_note, warning=True))]
    return draft, []


def _in_input_order(drafts: Sequence[BriefingDraft], merged_into: dict[int, int], kept_outcomes: list[IngestOutcome],
                    broken: dict[int, list[Problem]]) -> list[IngestOutcome]:
    """The outcomes of the drafts in input order: every kept draft's, and for a duplicate one
    pointing at the briefing of the draft it was merged into."""
    outcomes = []
    positions = iter(range(len(kept_outcomes)))
    for index, draft in enumerate(drafts):
        if index not in merged_into:
            position = next(positions)
            outcomes.append(kept_outcomes[position])
            outcomes.extend(IngestOutcome(draft.source, ERROR, problem=p) for p in broken.get(position, [])[1:])
            continue
        first = kept_outcomes[merged_into[index]]
        # The first seed's briefing carries the extra source only if it was (re)written.
        added = first.status in (WRITTEN, UPDATED, REPLACED) \
            or (first.status in (UNCHANGED, DUPLICATE) and "edited" not in first.detail)
        detail = "same story as another seed; " + (
            "that seed was refused, so nothing was written: ingest again once it is fixed"
            if first.status == ERROR else "added as an extra source" if added else
            "that briefing was edited by hand, so the source was not added: add it there yourself if you want it")
        outcomes.append(IngestOutcome(_label(draft.source, draft.entry), DUPLICATE, target=first.target or "",
                                      detail=detail))
    return outcomes


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
        return IngestOutcome(label, WRITTEN, target=rel_path(site_dir, path))
    target = rel_path(site_dir, previous.path)
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
            return IngestOutcome(label, EDITED, target=target, beside=rel_path(site_dir, beside))
        return IngestOutcome(label, EDITED, target=target)
    if previous.seed_sha256 == draft.seed_sha256 and not force:
        # Same seed, file untouched, but the output differs (a new ingest version or a merged
        # duplicate): regenerate, since nothing of a person's would be lost.
        pass
    if not dry_run:
        write_atomic(previous.path, text)
    return IngestOutcome(label, UPDATED, target=target)
