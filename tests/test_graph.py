"""graph.build_graph: the term index of every taxonomy, co-occurrence, related briefings,
backlinks and wikilinks to terms that do not exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from briefgen.config import SiteConfig, TopicDef
from briefgen.graph import build_graph
from briefgen.model import BodyLink, Briefing, RenderedBody
from briefgen.taxonomy import taxonomy

CONFIG = SiteConfig(topics=(TopicDef("energy", "Energy"), TopicDef("diplomacy", "Diplomacy"), TopicDef("sport", "Sport")))


def briefing(slug: str, day: int, **terms: Any) -> Briefing:
    when = dt.datetime(2023, 7, day, tzinfo=dt.UTC)
    return Briefing(path=f"content/{slug}.md", slug=slug, title=slug, date=when.date(), published=when, body="",
                    body_line=5, **terms)


def body(*links: BodyLink) -> RenderedBody:
    return RenderedBody(html="", toc=(), first_paragraph="", links=links)


BRIEFINGS = [
    briefing("a", 1, countries=("RU", "UA"), topics=("diplomacy",)),
    briefing("b", 2, countries=("UA",), topics=("energy", "diplomacy")),
    briefing("c", 3, countries=("FR", "RU", "UA"), topics=("diplomacy",)),
]


def test_the_term_index_of_each_taxonomy_is_newest_first() -> None:
    graph, problems = build_graph(BRIEFINGS, {b.slug: body() for b in BRIEFINGS}, CONFIG)
    assert problems == []
    # A site's topics all have pages, in their configured order; countries only where named, by code.
    assert graph.terms["topics"] == {"energy": ("b",), "diplomacy": ("c", "b", "a"), "sport": ()}
    assert graph.terms["countries"] == {"FR": ("c",), "RU": ("c", "a"), "UA": ("c", "b", "a")}
    assert graph.order == ("c", "b", "a")


def test_co_occurring_terms_most_first_then_by_id() -> None:
    graph, _ = build_graph(BRIEFINGS, {b.slug: body() for b in BRIEFINGS}, CONFIG)
    ua = graph.cooccurring["countries"]["UA"]
    assert ua["countries"] == (("RU", 2), ("FR", 1))
    assert ua["topics"] == (("diplomacy", 3), ("energy", 1))
    # A topic page shows the countries of its briefings, not other topics.
    assert graph.cooccurring["topics"]["diplomacy"] == {"countries": (("UA", 3), ("RU", 2), ("FR", 1))}


def test_labels_come_from_the_vocabulary() -> None:
    graph, _ = build_graph(BRIEFINGS, {b.slug: body() for b in BRIEFINGS}, CONFIG)
    assert graph.label(taxonomy("countries"), "UA", CONFIG) == "Ukraine"
    assert graph.label(taxonomy("topics"), "energy", CONFIG) == "Energy"


def test_related_briefings_share_terms() -> None:
    graph, _ = build_graph(BRIEFINGS, {b.slug: body() for b in BRIEFINGS}, CONFIG)
    assert graph.related["a"][0] == "c"  # shares Russia, Ukraine and diplomacy; b shares only two
    assert set(graph.related["b"]) == {"a", "c"}


def test_wikilinks_to_unknown_briefings_and_topics_are_problems_with_their_lines() -> None:
    bodies = {"a": body(BodyLink("briefing", "c", 7, "See c."), BodyLink("topic", "diplomcy", 8),
                        BodyLink("briefing", "nope", 9), BodyLink("country", "DE", 10)),
              "b": body(), "c": body()}
    graph, problems = build_graph(BRIEFINGS, bodies, CONFIG)
    assert [str(p) for p in problems] == [
        "content/a.md:8: unknown topic 'diplomcy' (did you mean 'diplomacy'?)",
        "content/a.md:9: unknown briefing 'nope'",
    ]
    assert [(bl.source, bl.context) for bl in graph.backlinks["c"]] == [("a", "See c.")]


def test_a_name_s_page_is_one_whatever_its_spelling_and_shows_the_spelling_most_use() -> None:
    briefings = [briefing("a", 1, people=("richard moore",)), briefing("b", 2, people=("Richard Moore",)),
                 briefing("c", 3, people=("Richard Moore", "Sergei Lavrov"), organisations=("MI6",))]
    graph, _ = build_graph(briefings, {b.slug: body() for b in briefings}, CONFIG)
    assert graph.terms["people"] == {"richard-moore": ("c", "b", "a"), "sergei-lavrov": ("c",)}
    assert graph.label(taxonomy("people"), "richard-moore", CONFIG) == "Richard Moore"
    assert graph.cooccurring["people"]["richard-moore"] == {"people": (("sergei-lavrov", 1),),
                                                            "organisations": (("mi6", 1),)}
    tie = [briefing("a", 1, people=("Richard Moore",)), briefing("b", 2, people=("richard moore",))]
    graph, _ = build_graph(tie, {b.slug: body() for b in tie}, CONFIG)
    assert graph.names["people"]["richard-moore"] == "Richard Moore"  # on a tie, the one with capitals


def test_wikilinks_to_unknown_people_suggest_a_name() -> None:
    briefings = [briefing("a", 1, people=("Richard Moore",))]
    bodies = {"a": body(BodyLink("person", "richard-mooore", 6), BodyLink("person", "richard-moore", 7))}
    _, problems = build_graph(briefings, bodies, CONFIG)
    assert [str(p) for p in problems] == ["content/a.md:6: unknown person 'richard-mooore' (did you mean 'Richard Moore'?)"]
