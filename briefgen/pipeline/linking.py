"""The graph stage: briefings and bodies → ``SiteGraph``, rebuilt only when what it reads changed.

``build_graph`` is given a projection of each briefing (``graph_view``) and of each body
(``links_view``) in which the fields only pages show are blanked, and the graph's key is made
of the fields the projections keep (and the settings). So the key holds exactly what the graph
stage can read: a field added to ``Briefing`` is in both unless it is declared page-only, and a
page-only field the graph should read reads as blank (its tests then fail), never as a stale
incremental build.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

from ..config import SiteConfig
from ..errors import Problem
from ..graph import SiteGraph, build_graph
from ..model import Briefing, RenderedBody
from .cache import GraphCache

# What only a briefing's own page, lists and feeds show, with the blank the graph sees instead.
PAGE_ONLY_FIELDS = dict(title="", body="", body_line=0, summary=None, updated=None, questions=(), sources=(),
                        credit=None, draft=False, key_lines=())
PAGE_ONLY_BODY_FIELDS = dict(html="", toc=(), first_paragraph="", word_count=0)
# What the graph reads: every other field.
GRAPH_FIELDS = tuple(f.name for f in fields(Briefing) if f.name not in PAGE_ONLY_FIELDS)
GRAPH_BODY_FIELDS = tuple(f.name for f in fields(RenderedBody) if f.name not in PAGE_ONLY_BODY_FIELDS)
_graph_fields = operator.attrgetter(*GRAPH_FIELDS)
_graph_body_fields = operator.attrgetter(*GRAPH_BODY_FIELDS)


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
    key = graph_key(briefings, bodies, config, cache)
    if cache.graph is None or cache.key != key:
        graph, problems = build_graph([graph_view(b) for b in briefings],
                                      {b.slug: links_view(bodies[b.slug]) for b in briefings}, config)
        cache.key, cache.graph, cache.problems = key, graph, tuple(problems)
    return Linked(cache.graph, key, cache.problems)


def graph_key(briefings: Sequence[Briefing], bodies: Mapping[str, RenderedBody], config: SiteConfig,
              cache: GraphCache) -> str:
    """A hash of the settings and of what ``graph_view`` and ``links_view`` keep of each
    briefing. Each briefing's share is kept in ``cache.parts`` while its briefing and body
    objects are the same ones (watch rebuilds, and CLI rebuilds: the saved cache keeps sharing)."""
    parts: dict[str, tuple[Briefing, RenderedBody, str]] = {}
    for b in briefings:
        body = bodies[b.slug]
        known = cache.parts.get(b.slug)
        if known is None or known[0] is not b or known[1] is not body:
            known = (b, body, repr((_graph_fields(b), _graph_body_fields(body))))
        parts[b.slug] = known
    cache.parts = parts
    pieces = [config.fingerprint(), *(parts[slug][2] for slug in sorted(parts))]
    return hashlib.sha256("\n".join(pieces).encode()).hexdigest()
