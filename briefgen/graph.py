"""Loaded briefings and their rendered bodies → ``SiteGraph``: everything that crosses briefings.

Taxonomy indexes, co-occurrence, related briefings, backlinks, previous/next and the archive.
The graph refers to briefings by slug only, so it stays small, picklable and cheap to rebuild
from scratch on every build (incremental builds re-render pages, never patch the graph).
Every step is linear in the number of briefings (times small constants): no all-pairs loop.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from .config import SiteConfig
from .errors import Location, Problem, did_you_mean
from .model import BodyLink, Briefing, RenderedBody
from .records import fast_pickle
from .taxonomy import TAXONOMIES, Taxonomy, by_kind, cooccurring_with

RELATED_LIMIT = 5
# How many neighbours in time each shared term contributes as candidates. Bounds the work per
# briefing (terms × window) whatever the size of the site; see docs on related briefings.
RELATED_WINDOW = 12
COOCCURRING_LIMIT = 8


@fast_pickle
@dataclass(frozen=True, slots=True)
class Backlink:
    source: str  # slug of the briefing that links here
    context: str  # the sentence the link is in


Cooccurring = Mapping[str, tuple[tuple[str, int], ...]]  # taxonomy name → (term id, briefings together), most first


@fast_pickle
@dataclass(frozen=True, slots=True)
class SiteGraph:
    """Cross-cutting relations, by slug. Lists of briefings are always newest first.

    ``terms`` is each taxonomy's index (taxonomy name → term id → briefings): a taxonomy's fixed
    terms (a site's topics) in their own order, then the others by id. ``cooccurring`` holds, per
    taxonomy and term, the terms of other taxonomies found in its briefings (the ones its page
    shows, ``taxonomy.cooccurring_with``). ``names`` is the display name of each term of a
    taxonomy of free names: the spelling most of its briefings use (the newest's on a tie).
    """

    order: tuple[str, ...]
    terms: Mapping[str, Mapping[str, tuple[str, ...]]]
    cooccurring: Mapping[str, Mapping[str, Cooccurring]]
    names: Mapping[str, Mapping[str, str]]
    related: Mapping[str, tuple[str, ...]]
    backlinks: Mapping[str, tuple[Backlink, ...]]
    newer: Mapping[str, str]
    older: Mapping[str, str]
    archive: Mapping[int, Mapping[int, tuple[str, ...]]]

    def label(self, tax: Taxonomy, term_id: str, config: SiteConfig) -> str:
        """A term's display name."""
        if tax.vocabulary.named:
            return self.names.get(tax.name, {}).get(term_id, term_id)
        return tax.vocabulary.label(term_id, config)


def term_ids(tax: Taxonomy, briefing: Briefing) -> tuple[str, ...]:
    """The ids of the terms of ``tax`` that a briefing names (load keeps one key per id)."""
    return tuple(tax.vocabulary.term_id(key) for key in tax.keys_of(briefing))


def build_graph(briefings: Sequence[Briefing], bodies: Mapping[str, RenderedBody],
                config: SiteConfig) -> tuple[SiteGraph, list[Problem]]:
    """Link every briefing to the others; report wikilinks to briefings or terms that do not exist."""
    ordered = sorted(briefings, key=lambda b: b.sort_key)
    order = tuple(b.slug for b in ordered)
    by_slug = {b.slug: b for b in ordered}

    fixed = {tax.name: tax.vocabulary.fixed(config) for tax in TAXONOMIES}
    index: dict[str, dict[str, list[str]]] = {tax.name: {t: [] for t in fixed[tax.name]} for tax in TAXONOMIES}
    spellings: dict[str, dict[str, Counter[str]]] = {tax.name: defaultdict(Counter) for tax in TAXONOMIES
                                                     if tax.vocabulary.named}
    counts: dict[str, dict[str, dict[str, Counter[str]]]] = {
        tax.name: defaultdict(lambda: defaultdict(Counter)) for tax in TAXONOMIES}
    shown = {tax.name: tuple(t.name for t in cooccurring_with(tax)) for tax in TAXONOMIES}
    archive: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for b in ordered:
        ids = {tax.name: term_ids(tax, b) for tax in TAXONOMIES}
        for tax in TAXONOMIES:
            for key, term in zip(tax.keys_of(b), ids[tax.name], strict=True):
                index[tax.name].setdefault(term, []).append(b.slug)
                if tax.name in spellings:
                    spellings[tax.name][term][key] += 1
                for other_name in shown[tax.name]:
                    for other in ids[other_name]:
                        if other_name != tax.name or other != term:
                            counts[tax.name][term][other_name][other] += 1
        archive[b.date.year][b.date.month].append(b.slug)

    newer = {order[i]: order[i - 1] for i in range(1, len(order))}
    older = {order[i]: order[i + 1] for i in range(len(order) - 1)}

    backlinks, problems = _backlinks(ordered, bodies, LinkTargets(order, by_slug, index, spellings))
    graph = SiteGraph(
        order=order,
        terms={name: _in_order(terms, fixed[name]) for name, terms in index.items()},
        cooccurring={name: {term: {other: _top(c) for other, c in by_other.items()} for term, by_other in terms.items()}
                     for name, terms in counts.items()},
        names={name: {term: _most_used(c) for term, c in sorted(terms.items())} for name, terms in spellings.items()},
        related=_related(ordered),
        backlinks={k: tuple(v) for k, v in backlinks.items()},
        newer=newer,
        older=older,
        archive={y: {m: tuple(s) for m, s in sorted(months.items())} for y, months in sorted(archive.items())},
    )
    return graph, problems


def _backlinks(ordered: Sequence[Briefing], bodies: Mapping[str, RenderedBody],
               targets: LinkTargets) -> tuple[dict[str, list[Backlink]], list[Problem]]:
    """Who links to each briefing (once per linking briefing), and every wikilink that leads nowhere."""
    backlinks: dict[str, list[Backlink]] = defaultdict(list)
    problems: list[Problem] = []
    for b in ordered:
        body = bodies.get(b.slug)
        if body is None:
            continue
        seen: set[str] = set()
        for link in body.links:
            problem = link_problem(b.path, link, targets)
            if problem is not None:
                problems.append(problem)
            elif link.kind == "briefing" and link.target != b.slug and link.target not in seen:
                seen.add(link.target)
                backlinks[link.target].append(Backlink(b.slug, link.context))
    return backlinks, problems


@dataclass(frozen=True, slots=True)
class LinkTargets:
    """What the wikilinks of a build may name: its briefings (slugs, newest first) and each taxonomy's
    terms (taxonomy name → term ids), with how briefings spell the terms of free names (for hints)."""

    order: Sequence[str]
    slugs: Collection[str]
    terms: Mapping[str, Collection[str]]
    spellings: Mapping[str, Mapping[str, Counter[str]]]


def link_targets(briefings: Sequence[Briefing], config: SiteConfig) -> LinkTargets:
    """The targets ``build_graph`` checks links against, for these briefings (without linking them):
    how the load stage checks the body of a file whose front matter failed."""
    ordered = sorted(briefings, key=lambda b: b.sort_key)
    terms = {tax.name: set(tax.vocabulary.fixed(config)) for tax in TAXONOMIES}
    spellings: dict[str, dict[str, Counter[str]]] = {tax.name: defaultdict(Counter) for tax in TAXONOMIES
                                                     if tax.vocabulary.named}
    for b in ordered:
        for tax in TAXONOMIES:
            for key, term in zip(tax.keys_of(b), term_ids(tax, b), strict=True):
                terms[tax.name].add(term)
                if tax.name in spellings:
                    spellings[tax.name][term][key] += 1
    return LinkTargets(tuple(b.slug for b in ordered), {b.slug for b in ordered}, terms, spellings)


def link_problem(path: str, link: BodyLink, targets: LinkTargets) -> Problem | None:
    """The problem of a wikilink to a briefing or a term the build does not have, if it is one.
    Taxonomies whose vocabulary does not check links (countries: any real country has a page) pass."""
    if link.kind == "briefing":
        if link.target in targets.slugs:
            return None
        return Problem(Location(path, link.line), f"unknown briefing '{link.target}'",
                       did_you_mean(link.target, targets.order))
    linked = by_kind(link.kind)
    if linked is None or not linked.vocabulary.checks_links or link.target in targets.terms[linked.name]:
        return None
    return Problem(Location(path, link.line), f"unknown {linked.kind} '{link.target}'",
                   _suggest(link.target, targets.terms[linked.name], targets.spellings.get(linked.name)))


def _in_order(terms: dict[str, list[str]], fixed: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Fixed terms in their configured order, then the others by id."""
    first = {t: tuple(terms[t]) for t in fixed}
    return first | {t: tuple(s) for t, s in sorted(terms.items()) if t not in first}


def _most_used(spellings: Counter[str]) -> str:
    """The spelling used most; on a tie one with capitals ('Richard Moore', not 'richard moore'),
    then the newest briefing's (a Counter keeps first-seen order, and max the first of equals)."""
    return max(spellings.items(), key=lambda kv: (kv[1], not kv[0].islower()))[0]


def _suggest(target: str, known: Collection[str], spellings: Mapping[str, Counter[str]] | None) -> str | None:
    hint = did_you_mean(target, known)
    if hint is None or spellings is None:
        return hint
    close = hint.split("'")[1]  # a name's id is its slug: suggest the name as briefings write it
    return f"did you mean '{_most_used(spellings[close])}'?" if close in spellings else hint


def _top(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:COOCCURRING_LIMIT])


def _related(ordered: Sequence[Briefing]) -> dict[str, tuple[str, ...]]:
    """Up to RELATED_LIMIT related briefings for each briefing.

    The rule (documented in the README): candidates are the briefings nearest in time among
    those sharing each of its terms, of every taxonomy (RELATED_WINDOW on each side per term).
    A candidate scores the sum of log(N / df) over the terms they share — a rare shared country
    counts more than a common topic — plus up to 1 for closeness in time (1 / (1 + days/30)).
    Highest score first; ties go to the newer briefing, then the slug.
    """
    count = len(ordered)
    terms_of: dict[str, frozenset[str]] = {}
    term_lists: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for b in ordered:
        terms = frozenset(f"{tax.name}:{term}" for tax in TAXONOMIES for term in term_ids(tax, b))
        terms_of[b.slug] = terms
        for term in terms:
            term_lists[term].append((b.published.timestamp(), b.slug))
    for entries in term_lists.values():
        entries.sort()
    idf = {term: math.log((count + 1) / len(entries)) for term, entries in term_lists.items()}
    when = {b.slug: b.published.timestamp() for b in ordered}

    related: dict[str, tuple[str, ...]] = {}
    for b in ordered:
        mine = terms_of[b.slug]
        key = (when[b.slug], b.slug)
        candidates: set[str] = set()
        for term in mine:
            entries = term_lists[term]
            at = bisect_left(entries, key)
            for _, slug in entries[max(0, at - RELATED_WINDOW): at + RELATED_WINDOW + 1]:
                candidates.add(slug)
        candidates.discard(b.slug)
        scored = []
        for slug in candidates:
            shared = mine & terms_of[slug]
            days = abs(when[slug] - key[0]) / 86400
            score = sum(idf[t] for t in shared) + 1 / (1 + days / 30)
            scored.append((-round(score, 9), -when[slug], slug))
        scored.sort()
        related[b.slug] = tuple(s for _, _, s in scored[:RELATED_LIMIT])
    return related


def page_count(items: int, per_page: int) -> int:
    return max(1, math.ceil(items / per_page))
