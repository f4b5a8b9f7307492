"""urls.UrlScheme: every URL of a site, and relative links that work under any sub-path."""

from __future__ import annotations

import pytest

from briefgen.taxonomy import TAXONOMIES
from briefgen.urls import UrlScheme, relative


def test_a_taxonomy_s_pages_and_feeds_are_under_its_prefix() -> None:
    scheme = UrlScheme()
    assert scheme.terms("topics") == "topics/"
    assert scheme.term("topics", "diplomacy") == "topics/diplomacy/"
    assert scheme.term("countries", "russia", 2) == "countries/russia/page/2/"
    assert scheme.term_feed("countries", "russia") == "countries/russia/feed.xml"
    for tax in TAXONOMIES:
        assert scheme.term(tax.name, "x").startswith(scheme.terms(tax.name))
        assert scheme.term_feed(tax.name, "x") == scheme.term(tax.name, "x") + "feed.xml"


def test_the_site_s_other_pages() -> None:
    scheme = UrlScheme()
    assert (scheme.home(), scheme.briefing("x"), scheme.search(), scheme.feed()) == ("", "briefings/x/", "search/", "feed.xml")
    assert (scheme.archive(), scheme.archive(2023), scheme.archive(2023, 7)) == ("archive/", "archive/2023/", "archive/2023/07/")
    assert scheme.asset("style.css") == "assets/style.css"


@pytest.mark.parametrize(("from_url", "to_url", "href"), [
    ("", "topics/", "topics/"),
    ("briefings/x/", "countries/russia/", "../../countries/russia/"),
    ("countries/russia/page/2/", "countries/russia/", "../../"),
    ("topics/diplomacy/", "topics/diplomacy/feed.xml", "feed.xml"),
    ("briefings/x/", "briefings/x/#notes", "./#notes"),
])
def test_relative_links(from_url: str, to_url: str, href: str) -> None:
    assert relative(from_url, to_url) == href


def test_links_name_index_html_unless_pretty() -> None:
    assert UrlScheme().link("briefings/x/", "topics/diplomacy/") == "../../topics/diplomacy/index.html"
    assert UrlScheme().link("briefings/x/", "") == "../../index.html"
    assert UrlScheme(pretty_urls=True).link("briefings/x/", "topics/diplomacy/") == "../../topics/diplomacy/"


def test_absolute_and_root_relative_urls_keep_the_sub_path() -> None:
    scheme = UrlScheme("https://user.github.io/repo/")
    assert scheme.absolute(scheme.term("countries", "côte-d-ivoire")) == "https://user.github.io/repo/countries/c%C3%B4te-d-ivoire/"
    assert scheme.root_relative("topics/") == "/repo/topics/"
    assert scheme.output_path("topics/") == "topics/index.html" and scheme.output_path("feed.xml") == "feed.xml"
