"""Cross-links and discovery (issue 4): feeds, sitemap, archives, related, backlinks, dossiers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from conftest import REPO, briefing, run_cli, write_site

BASE = "https://user.github.io/repo/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("discovery") / "site"
    write_site(root, {
        "briefgen.toml": f'title = "Discovery"\nbase_url = "{BASE}"\n',
        "content/a.md": briefing("Alpha in Chad", "2023-03-01", "Chad and France talk.", countries="[TD, FR]", topics="[diplomacy]",
                                 questions='["Will the talks hold?"]',
                                 sources='[{title: "Wire report", url: "https://example.org/wire", publisher: AFP}]'),
        "content/b.md": briefing("Beta in Chad", "2023-03-20", "More on Chad. See [[a|the talks]] for background.",
                                 countries="[TD]", topics="[conflict]"),
        "content/c.md": briefing("Gamma in France", "2023-03-05", "France alone. Read [[a]] too.", countries="[FR]", topics="[diplomacy]"),
        "content/d.md": briefing("Delta elsewhere", "2021-07-09", "Unrelated story.", countries="[BR]", topics="[sport]"),
        "content/e.md": briefing("Epsilon in France", "2023-02-27", "France again.", countries="[FR]", topics="[diplomacy]"),
    })
    result = run_cli("build", "--site", root, "--quiet")
    assert result.returncode == 0, result.stderr
    return root / "output"


def test_feeds_are_valid_atom_with_absolute_urls(site: Path) -> None:
    for path, expected in [("feed.xml", 5), ("topics/diplomacy/feed.xml", 3), ("countries/chad/feed.xml", 2)]:
        feed = feedparser.parse((site / path).read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.version == "atom10"
        assert len(feed.entries) == expected
        for entry in feed.entries:
            assert entry.link.startswith(BASE + "briefings/")
            assert entry.id.startswith(BASE)
        assert feed.feed.links[0].href == BASE + path
    newest = feedparser.parse((site / "feed.xml").read_bytes()).entries[0]
    assert newest.title == "Beta in Chad" and {t.term for t in newest.tags} == {"conflict", "TD"}


def test_pages_advertise_their_feeds(site: Path) -> None:
    page = (site / "briefings/a/index.html").read_text()
    feeds = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="([^"]+)" href="([^"]+)">', page)
    hrefs = {href for _, href in feeds}
    assert {"../../feed.xml", "../../topics/diplomacy/feed.xml", "../../countries/chad/feed.xml"} <= hrefs


def test_sitemap_and_robots(site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
            for u in ET.parse(site / "sitemap.xml").getroot().findall("s:url", ns)}
    assert urls[BASE + "briefings/a/"] == "2023-03-01"
    assert BASE + "countries/chad/" in urls and BASE + "archive/2023/03/" in urls
    assert BASE + "404.html" not in urls
    assert f"Sitemap: {BASE}sitemap.xml" in (site / "robots.txt").read_text()


def test_archives_by_year_and_month(site: Path) -> None:
    archive = (site / "archive/index.html").read_text()
    assert 'href="2023/index.html"' in archive and 'href="2021/07/index.html"' in archive
    march = (site / "archive/2023/03/index.html").read_text()
    assert [t for t in re.findall(r'card-title"><a href="[^"]+">([^<]+)<', march)] == ["Beta in Chad", "Gamma in France", "Alpha in Chad"]


def test_backlinks_show_who_links_here_with_context(site: Path) -> None:
    page = (site / "briefings/a/index.html").read_text()
    section = page.split("Referenced by", 1)[1].split("</section>", 1)[0]
    assert "Beta in Chad" in section and "Gamma in France" in section
    assert "See the talks for background." in section


def test_related_follows_the_documented_rule(site: Path) -> None:
    page = (site / "briefings/a/index.html").read_text()
    related = re.findall(r'<li><a href="[^"]+">([^<]+)</a> <span class="meta">', page.split("Related briefings", 1)[1])
    # Score = sum of log(6/df) over shared terms + 1/(1 + days/30):
    # Epsilon: France, diplomacy (df 3 each) 1.386 + 2 days 0.938 = 2.32; Gamma: the same terms, 4 days: 2.27;
    # Beta: Chad (df 2) 1.099 + 19 days 0.612 = 1.71. Delta shares nothing and is not a candidate.
    assert related == ["Epsilon in France", "Gamma in France", "Beta in Chad"]


def test_country_page_is_a_dossier(site: Path) -> None:
    page = (site / "countries/chad/index.html").read_text()
    assert "as of <time datetime=\"2023-03-20\">" in page
    questions = page.split("Open questions", 1)[1].split("</section>", 1)[0]
    assert "Will the talks hold?" in questions and 'href="../../briefings/a/index.html"' in questions
    assert "Wire report" in page.split("Sources cited", 1)[1]
    assert 'class="timeline-chart"' in page and 'class="location-map"' in page
    assert "France" in page.split("Often with", 1)[1].split("</section>", 1)[0]


def test_seed_briefing_reaches_countries_topics_related_archive_and_feed(bundled_site_build: Path) -> None:
    seed = next(p for p in (REPO / "content").glob("*.md") if "seeds/000_" in p.read_text())
    slug = seed.stem
    page = (bundled_site_build / "briefings" / slug / "index.html").read_text()
    for href in ['href="../../countries/russia/index.html"', 'href="../../countries/united-kingdom/index.html"',
                 'href="../../topics/diplomacy/index.html"', 'href="../../topics/intelligence/index.html"',
                 'href="../../archive/2023/07/index.html"', 'href="../../feed.xml"']:
        assert href in page, href
    assert "Related briefings" in page
    russia = (bundled_site_build / "countries/russia/index.html").read_text()
    assert f'href="../../briefings/{slug}/index.html"' in russia
