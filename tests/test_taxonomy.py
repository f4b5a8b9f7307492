"""taxonomy.TAXONOMIES: the table that loading, wikilinks, the graph, URLs, pages and feeds read."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
from conftest import briefing, run_cli

from briefgen.config import SiteConfig
from briefgen.load import load_file
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
    assert [t.name for t in cooccurring_with(countries)][:2] == ["countries", "topics"]
    assert "topics" not in [t.name for t in cooccurring_with(topics)]


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


# ---------------------------------------------------------------- people and organisations (issue 14)

def test_people_and_organisations_are_free_names() -> None:
    people, organisations = taxonomy("people"), taxonomy("organisations")
    assert (people.prefix, people.kind, organisations.prefix, organisations.kind) == \
        ("people", "person", "organisations", "organisation")
    names = people.vocabulary
    assert names.parse("  Sir  Richard\nMoore ", SiteConfig()) == "Sir Richard Moore"  # spaces collapsed
    assert names.term_id("Luiz Inácio Lula da Silva") == "luiz-inacio-lula-da-silva"
    assert names.term_id("Владимир Путин") == "владимир-путин"  # no Latin letters: its own
    assert names.parse(42, SiteConfig()) == Rejection("a person must be a name")
    assert organisations.vocabulary.parse("", SiteConfig()) == Rejection("an organisation must be a name")
    assert isinstance(names.parse("!!!", SiteConfig()), Rejection)
    assert isinstance(names.parse("x" * 300, SiteConfig()), Rejection)  # its page's folder name would be too long
    assert names.link_target("Richard  Moore") == "richard-moore"
    assert isinstance(names.link_target("../.."), Rejection)


def test_a_person_s_page_shows_the_countries_people_and_organisations_found_with_them() -> None:
    assert [t.name for t in cooccurring_with(taxonomy("people"))] == ["countries", "topics", "people", "organisations"]
    assert [t.name for t in cooccurring_with(taxonomy("topics"))] == ["countries", "people", "organisations"]


def test_front_matter_people_with_the_line_of_every_problem() -> None:
    text = "\n".join(["---", "title: A", "date: 2023-07-20", "people:", "  - Richard Moore", "  - 42",
                      "  - richard  moore", "organisations: Red Cross", "---", "", "Body."])
    result = load_file("content/x.md", text, SiteConfig())
    assert [str(p) for p in result.problems] == ["content/x.md:6: a person must be a name"]
    good = load_file("content/x.md", text.replace("  - 42\n", ""), SiteConfig()).briefing
    assert good is not None
    assert (good.people, good.organisations) == (("Richard Moore",), ("Red Cross",))  # one key per person


PEOPLE_SITE = {
    "content/a.md": briefing("Talks", "2023-07-20", "See [[person:Richard Moore]] and [[organisation:MI6|the service]].",
                             countries="[GB, RU]", people="[Richard Moore, Sergei Lavrov]", organisations="[MI6]"),
    "content/b.md": briefing("More talks", "2023-07-21", "Again.", countries="[GB]",
                             people="[richard moore]", organisations="[MI6, Red Cross]"),
}


def test_people_and_organisations_have_pages_feeds_and_search_filters(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = make_site(PEOPLE_SITE)
    out = tmp_path / "out"
    result = run_cli("build", "--site", site, "--out", out, "--quiet", "--base-url", "https://example.org/")
    assert result.returncode == 0, result.stderr
    person = (out / "people/richard-moore/index.html").read_text()
    assert "<h1>Richard Moore</h1>" in person and "2 briefings" in person  # the spelling most use
    assert 'href="../../organisations/mi6/index.html">MI6' in person and 'href="../sergei-lavrov/index.html">Sergei Lavrov' in person
    assert 'href="../../countries/united-kingdom/index.html">United Kingdom <span class="count">2</span>' in person
    assert (out / "people/richard-moore/feed.xml").read_text().count("<entry>") == 2
    assert (out / "organisations/red-cross/feed.xml").is_file()
    people = (out / "people/index.html").read_text()
    assert people.index("Richard Moore") < people.index("Sergei Lavrov")
    page = (out / "briefings/a/index.html").read_text()
    assert '<a href="../../people/richard-moore/index.html" data-pagefind-filter="person">Richard Moore</a>' in page
    assert 'data-pagefind-filter="organisation">MI6</a>' in page
    assert '<a class="wikilink" href="../../people/richard-moore/index.html">Richard Moore</a>' in page
    assert '<a class="wikilink" href="../../organisations/mi6/index.html">the service</a>' in page
    sitemap = (out / "sitemap.xml").read_text()
    for url in ("people/", "people/richard-moore/", "organisations/", "organisations/red-cross/"):
        assert f"<loc>https://example.org/{url}</loc>" in sitemap
    assert '<category term="richard-moore" label="Richard Moore"/>' in (out / "feed.xml").read_text()
    home = (out / "index.html").read_text()
    assert 'href="people/index.html">All people</a>' in home and 'href="organisations/index.html">All organisations</a>' in home


def test_wikilinks_to_unknown_people_and_organisations_are_errors_with_lines(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = make_site({**PEOPLE_SITE, "content/c.md": briefing(
        "C", "2023-07-22", "Line one.\n\n[[person:Richard Mooore]] and [[organisation:Red Cros]] and [[people:x]].")})
    result = run_cli("build", "--site", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "content/c.md:8: unknown person 'richard-mooore' (did you mean 'Richard Moore'?)" in result.stderr
    assert "content/c.md:8: unknown organisation 'red-cros' (did you mean 'Red Cross'?)" in result.stderr
    assert "content/c.md:8: unknown link kind 'people' in '[[people:x]]' (use [[slug]], [[country:CODE]], " \
           "[[topic:slug]], [[person:Name]] or [[organisation:Name]])" in result.stderr
