"""taxonomy.TAXONOMIES: the table that loading, wikilinks, the graph, URLs, pages and feeds read."""

from __future__ import annotations

from dataclasses import fields

import pytest

from briefgen.config import SiteConfig
from briefgen.model import Briefing
from briefgen.taxonomy import TAXONOMIES, Rejection, by_kind, cooccurring_with, taxonomy

BRIEFING_FIELDS = {f.name for f in fields(Briefing)}


def test_every_taxonomy_has_its_own_name_kind_prefix_and_briefing_field() -> None:
    for attribute in ("name", "kind", "prefix", "field"):
        values = [getattr(t, attribute) for t in TAXONOMIES]
        assert len(set(values)) == len(values), attribute
    assert all(t.field in BRIEFING_FIELDS for t in TAXONOMIES)
    assert all(by_kind(t.kind) is t and taxonomy(t.name) is t for t in TAXONOMIES)
    assert by_kind("briefing") is None  # [[slug]] links a briefing, never a term


def test_topics_and_countries() -> None:
    topics, countries = taxonomy("topics"), taxonomy("countries")
    assert (topics.prefix, topics.kind, countries.prefix, countries.kind) == ("topics", "topic", "countries", "country")
    assert [t.name for t in cooccurring_with(countries)] == ["countries", "topics"]
    assert [t.name for t in cooccurring_with(topics)] == ["countries"]


@pytest.mark.parametrize(("item", "key"), [("RU", "RU"), ("Russia", "RU"), ("Britain", "GB"), ("SUHH", "SUHH")])
def test_countries_resolve_codes_and_names(item: str, key: str) -> None:
    assert taxonomy("countries").vocabulary.parse(item, SiteConfig()) == key


def test_unknown_countries_and_topics_say_what_is_wrong() -> None:
    countries, topics = taxonomy("countries").vocabulary, taxonomy("topics").vocabulary
    narnia = countries.parse("Narnia", SiteConfig())
    assert isinstance(narnia, Rejection) and narnia.message == "unknown country 'Narnia'"
    assert narnia.hint and narnia.hint.startswith("did you mean")
    assert countries.parse(["RU"], SiteConfig()) == Rejection("a country must be a name or an ISO code")
    assert topics.parse("diplomcy", SiteConfig()) == Rejection("unknown topic 'diplomcy'", "did you mean 'diplomacy'?")
    assert topics.parse("Human rights", SiteConfig()) == "human-rights"  # a label names its topic


def test_wikilink_targets_are_safe_path_segments() -> None:
    topics, countries = taxonomy("topics").vocabulary, taxonomy("countries").vocabulary
    assert topics.link_target("Diplomacy") == "diplomacy"
    assert isinstance(topics.link_target("../../x"), Rejection)
    assert countries.link_target("Russia") == "RU"
    assert isinstance(countries.link_target("../../etc"), Rejection)


def test_slugs_and_labels() -> None:
    countries, topics = taxonomy("countries").vocabulary, taxonomy("topics").vocabulary
    assert (countries.slug("CI"), countries.label("CI", SiteConfig())) == ("ivory-coast", "Ivory Coast")
    assert (topics.slug("human-rights"), topics.label("human-rights", SiteConfig())) == ("human-rights", "Human rights")
