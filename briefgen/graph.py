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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .config import SiteConfig
from .errors import Location, Problem, did_you_mean
from .model import Briefing, RenderedBody
from .records import fast_pickle

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


@fast_pickle
@dataclass(frozen=True, slots=True)
class SiteGraph:
    """Cross-cutting relations, by slug. Lists of briefings are always newest first."""

    order: tuple[str, ...]
    topics: Mapping[str, tuple[str, ...]]
    countries: Mapping[str, tuple[str, ...]]
    country_cooccurring: Mapping[str, tuple[tuple[str, int], ...]]
    country_topics: Mapping[str, tuple[tuple[str, int], ...]]
    topic_countries: Mapping[str, tuple[tuple[str, int], ...]]
    related: Mapping[str, tuple[str, ...]]
    backlinks: Mapping[str, tuple[Backlink, ...]]
    newer: Mapping[str, str]
    older: Mapping[str, str]
    archive: Mapping[int, Mapping[int, tuple[str, ...]]]


def build_graph(briefings: Sequence[Briefing], bodies: Mapping[str, RenderedBody],
                config: SiteConfig) -> tuple[SiteGraph, list[Problem]]:
    """Link every briefing to the others; report wikilinks to briefings or topics that do not exist."""
    ordered = sorted(briefings, key=lambda b: b.sort_key)
    order = tuple(b.slug for b in ordered)
    by_slug = {b.slug: b for b in ordered}

    topics: dict[str, list[str]] = {t: [] for t in config.topic_slugs}
    countries: dict[str, list[str]] = defaultdict(list)
    archive: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    pair_counts: dict[str, Counter[str]] = defaultdict(Counter)
    country_topic_counts: dict[str, Counter[str]] = defaultdict(Counter)
    topic_country_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for b in ordered:
        for topic in b.topics:
            topics[topic].append(b.slug)
        for code in b.countries:
            countries[code].append(b.slug)
            for other in b.countries:
                if other != code:
                    pair_counts[code][other] += 1
            for topic in b.topics:
                country_topic_counts[code][topic] += 1
                topic_country_counts[topic][code] += 1
        archive[b.date.year][b.date.month].append(b.slug)

    newer = {order[i]: order[i - 1] for i in range(1, len(order))}
    older = {order[i]: order[i + 1] for i in range(len(order) - 1)}

    backlinks: dict[str, list[Backlink]] = defaultdict(list)
    problems: list[Problem] = []
    known_topics = set(config.topic_slugs)
    for b in ordered:
        body = bodies.get(b.slug)
        if body is None:
            continue
        seen: set[str] = set()
        for link in body.links:
            if link.kind == "briefing":
                if link.target not in by_slug:
                    problems.append(Problem(Location(b.path, link.line), f"unknown briefing '{link.target}'",
                                            did_you_mean(link.target, order)))
                elif link.target != b.slug and link.target not in seen:
                    seen.add(link.target)
                    backlinks[link.target].append(Backlink(b.slug, link.context))
            elif link.kind == "topic" and link.target not in known_topics:
                problems.append(Problem(Location(b.path, link.line), f"unknown topic '{link.target}'",
                                        did_you_mean(link.target, known_topics)))

    graph = SiteGraph(
        order=order,
        topics={k: tuple(v) for k, v in topics.items()},
        countries={k: tuple(v) for k, v in sorted(countries.items())},
        country_cooccurring={k: _top(v) for k, v in pair_counts.items()},
        country_topics={k: _top(v) for k, v in country_topic_counts.items()},
        topic_countries={k: _top(v) for k, v in topic_country_counts.items()},
        related=_related(ordered),
        backlinks={k: tuple(v) for k, v in backlinks.items()},
        newer=newer,
        older=older,
        archive={y: {m: tuple(s) for m, s in sorted(months.items())} for y, months in sorted(archive.items())},
    )
    return graph, problems


def _top(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:COOCCURRING_LIMIT])


def _related(ordered: Sequence[Briefing]) -> dict[str, tuple[str, ...]]:
    """Up to RELATED_LIMIT related briefings for each briefing.

    The rule (documented in the README): candidates are the briefings nearest in time among
    those sharing each of its countries and topics (RELATED_WINDOW on each side per term).
    A candidate scores the sum of log(N / df) over the terms they share — a rare shared country
    counts more than a common topic — plus up to 1 for closeness in time (1 / (1 + days/30)).
    Highest score first; ties go to the newer briefing, then the slug.
    """
    count = len(ordered)
    terms_of: dict[str, frozenset[str]] = {}
    term_lists: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for b in ordered:
        terms = frozenset([f"t:{t}" for t in b.topics] + [f"c:{c}" for c in b.countries])
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
