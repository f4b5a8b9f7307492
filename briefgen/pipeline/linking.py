"""The graph stage: briefings and bodies → ``SiteGraph``, rebuilt only when what it reads changed.

``build_graph`` is given a projection of each briefing (``graph_view``) and of each body
(``links_view``): the fields only pages show are blanked. The same projection makes the key,
so the key holds exactly what the graph stage can read: a field added to ``Briefing`` is in
both unless it is added to the blanked ones, and a field the graph should read but that is
blanked reads as empty (the graph's tests then fail), never as a stale incremental build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ..config import SiteConfig
from ..errors import Problem
from ..graph import SiteGraph, build_graph
from ..model import Briefing, RenderedBody
from .cache import GraphCache

# What only a briefing's own page, lists and feeds show: never read by build_graph.
PAGE_ONLY_FIELDS = dict(title="", body="", body_line=0, summary=None, updated=None, questions=(), sources=(),
                        credit=None, draft=False, key_lines=())
PAGE_ONLY_BODY_FIELDS = dict(html="", toc=(), first_paragraph="", word_count=0)


def graph_view(b: Briefing) -> Briefing:
    """The briefing as the graph sees it."""
    return replace(b, **PAGE_ONLY_FIELDS)  # type: ignore[arg-type]


def links_view(body: RenderedBody) -> RenderedBody:
    """The body as the graph sees it: its links."""
    return replace(body, **PAGE_ONLY_BODY_FIELDS)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Linked:
    graph: SiteGraph
    key: str  # changes whenever anything the graph is made of changes
    problems: tuple[Problem, ...]


def link(briefings: Sequence[Briefing], bodies: Mapping[str, RenderedBody], config: SiteConfig,
         cache: GraphCache) -> Linked:
    key, fresh = graph_key(briefings, bodies, config, cache)
    if cache.graph is None or cache.key != key:
        views = [fresh.get(b.slug) or (graph_view(b), links_view(bodies[b.slug])) for b in briefings]
        graph, problems = build_graph([v[0] for v in views], {v[0].slug: v[1] for v in views}, config)
        cache.key, cache.graph, cache.problems = key, graph, tuple(problems)
    return Linked(cache.graph, key, cache.problems)


def graph_key(briefings: Sequence[Briefing], bodies: Mapping[str, RenderedBody], config: SiteConfig,
              cache: GraphCache) -> tuple[str, dict[str, tuple[Briefing, RenderedBody]]]:
    """The graph's key, and the views made for it. Each briefing's share of the key is kept in
    ``cache.parts`` while its briefing and body objects are the same ones."""
    parts: dict[str, tuple[Briefing, RenderedBody, str]] = {}
    fresh: dict[str, tuple[Briefing, RenderedBody]] = {}
    for b in briefings:
        body = bodies[b.slug]
        known = cache.parts.get(b.slug)
        if known is None or known[0] is not b or known[1] is not body:
            fresh[b.slug] = (graph_view(b), links_view(body))
            known = (b, body, repr(fresh[b.slug]))
        parts[b.slug] = known
    cache.parts = parts
    pieces = [config.fingerprint(), *(parts[slug][2] for slug in sorted(parts))]
    return hashlib.sha256("\n".join(pieces).encode()).hexdigest(), fresh
