"""End to end: the CLI on small sites, as a user runs it."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest
from conftest import briefing, run_cli, snapshot, write_site
from linkcheck import crawl, serve

SITE = {
    "briefgen.toml": 'title = "Test Briefings"\n',
    "content/russia-diplomats.md": briefing(
        "Russia restricts British diplomats", "2023-07-20",
        "Russia imposed limits. See [[uk-election|the election]] and [[country:UA]].\n\n## Why\n\nBecause [[topic:diplomacy]].",
        countries="[RU, UK, Ukraine]", topics="[diplomacy, intelligence]",
        questions='["Is Russia unhappy with the speech?"]',
        sources='[{title: "Report", url: "https://example.org/report", publisher: Reuters}]'),
    "content/2023/uk-election.md": briefing("UK election called", "2023-05-02", "An election.", countries="[Britain]", topics="[politics]"),
    "content/nested/deep/soviet.md": briefing("Soviet history", "1991-12-26", "The USSR ends.", countries="[USSR, Czechoslovakia]", topics="[politics]"),
    "content/draft.md": briefing("Not yet", "2023-08-01", "Draft.", draft="true"),
    "content/unicode.md": briefing("Côte d'Ivoire et le café", "2022-01-05T10:30:00+02:00", "Ünïcödé text — “quotes”.\n\n```python\nprint('hi')\n```\n\nNote[^1].\n\n[^1]: A footnote.", countries="[Ivory Coast]", topics="[economy]"),
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", SITE)


def test_build_makes_the_pages_users_rely_on(site: Path) -> None:
    result = run_cli("build", "--site", site)
    assert result.returncode == 0, result.stderr
    assert "built 4 briefings" in result.stdout
    out = site / "output"
    for page in ["index.html", "briefings/russia-diplomats/index.html", "topics/index.html", "topics/diplomacy/index.html",
                 "countries/index.html", "countries/united-kingdom/index.html", "countries/russia/index.html",
                 "countries/soviet-union/index.html", "countries/czechoslovakia/index.html", "404.html", ".nojekyll",
                 "archive/index.html", "archive/2023/07/index.html", "feed.xml", "sitemap.xml", "robots.txt"]:
        assert (out / page).is_file(), page
    assert not (out / "briefings/draft").exists()
    page = (out / "briefings/russia-diplomats/index.html").read_text()
    # Links name index.html, so the site also works opened from disk (file://).
    assert '<a href="../../countries/russia/index.html"' in page and '<a href="../../countries/united-kingdom/index.html"' in page
    assert "Is Russia unhappy with the speech?" in page
    assert '<a class="wikilink" href="../uk-election/index.html">the election</a>' in page
    assert '<a class="wikilink" href="../../countries/ukraine/index.html">Ukraine</a>' in page
    uk = (out / "countries/united-kingdom/index.html").read_text()
    assert "UK election called" in uk and "Russia restricts British diplomats" in uk
    assert "Referenced by" in (out / "briefings/uk-election/index.html").read_text()


def test_pretty_urls_drop_index_html(site: Path) -> None:
    (site / "briefgen.toml").write_text('title = "Test Briefings"\npretty_urls = true\n')
    assert run_cli("build", "--site", site, "--quiet").returncode == 0
    page = (site / "output/briefings/russia-diplomats/index.html").read_text()
    assert '<a href="../../countries/russia/"' in page and "index.html" not in page.split("<main", 1)[1]


def test_drafts_flag_includes_drafts(site: Path) -> None:
    assert run_cli("build", "--site", site, "--drafts", "--quiet").returncode == 0
    assert (site / "output/briefings/draft/index.html").is_file()


def test_every_page_parses_as_html(site: Path) -> None:
    assert run_cli("build", "--site", site).returncode == 0
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    pages = sorted((site / "output").rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parser.parse(page.read_bytes())  # raises on any parse error


@pytest.mark.parametrize("prefix", ["/", "/repo/"])
def test_every_link_and_asset_resolves(site: Path, prefix: str) -> None:
    base = f"https://user.github.io{prefix}"
    assert run_cli("build", "--site", site, "--base-url", base).returncode == 0
    with serve(site / "output", prefix) as url:
        pages, broken = crawl(url)
        assert not broken
        assert len(pages) > 30
        assert any(p.endswith(f"{prefix}countries/united-kingdom/index.html") for p in pages)
        assert any(p.endswith(f"{prefix}assets/style.css") for p in pages)
        # 404.html is shown at any depth, so its links start from the base path.
        _, broken_404 = crawl(url + "404.html")
        assert not broken_404


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    assert run_cli("build", "--site", site, "--out", tmp_path / "a").returncode == 0
    assert run_cli("build", "--site", site, "--out", tmp_path / "b").returncode == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


# Front-matter errors (unknown country, missing date, bad YAML...) are folders of tests/sites/invalid/
# with their exact output (tests/test_load.py); these need a good build first, or more than one file.
ERROR_CASES = {
    "unknown country": ({"content/x.md": briefing(countries="[RU, Narnia]")},
                        ["content/x.md:4: unknown country 'Narnia'"]),
    "duplicate slug": ({"content/a/x.md": briefing(), "content/b/x.md": briefing()},
                       ["content/a/x.md:1: duplicate slug 'x' (also used by content/b/x.md)",
                        "content/b/x.md:1: duplicate slug 'x' (also used by content/a/x.md)"]),
    "unknown wikilink": ({"content/alpha.md": briefing(body="Intro.\n\nSee [[betta]]."), "content/beta.md": briefing()},
                         ["content/alpha.md:8: unknown briefing 'betta' (did you mean 'beta'?)"]),
    "config unknown key": ({"briefgen.toml": 'title = "x"\nitems_per_pag = 3\n', "content/x.md": briefing()},
                           ["briefgen.toml:2: unknown setting 'items_per_pag' (did you mean 'items_per_page'?)"]),
    "config wrong type": ({"briefgen.toml": 'title = "x"\nitems_per_page = "ten"\n'},
                          ["briefgen.toml:2: 'items_per_page' must be an integer"]),
    "template error": ({"templates/briefing.html": '{% extends "base.html" %}\n{% block main %}\n{{ view.no_such_thing }}\n{% endblock %}\n',
                        "content/x.md": briefing()},
                       ["templates/briefing.html:3: template error: UndefinedError"]),
}


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_content_errors_name_file_and_line_and_leave_output_untouched(tmp_path: Path, case: str) -> None:
    files, expected = ERROR_CASES[case]
    site = write_site(tmp_path / "site", {"content/good.md": briefing("Good one")})
    assert run_cli("build", "--site", site, "--quiet").returncode == 0
    before = snapshot(site / "output")
    write_site(site, files)
    result = run_cli("build", "--site", site)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for line in expected:
        assert line in result.stderr, result.stderr
    assert snapshot(site / "output") == before


def test_all_errors_of_a_build_are_listed(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {
        "content/a.md": briefing(countries="[Narnia]"),
        "content/b.md": "---\ntitle: B\n---\n",
        "content/c.md": briefing(topics="[nope]"),
    })
    result = run_cli("build", "--site", site)
    assert result.returncode == 1
    assert result.stderr.index("content/a.md:4") < result.stderr.index("content/b.md:1") < result.stderr.index("content/c.md:4")
    assert "3 errors" in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/x.md": briefing()})
    assert run_cli("build", "--no-such-option").returncode == 2
    refused = run_cli("build", "--site", site, "--out", site / "content")
    assert refused.returncode == 2 and "refusing" in refused.stderr
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious/thesis.txt").write_text("years of work")
    refused = run_cli("build", "--site", site, "--out", tmp_path / "precious")
    assert refused.returncode == 2 and (tmp_path / "precious/thesis.txt").exists()


def test_new_writes_a_valid_dated_briefing(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"briefgen.toml": ""})
    result = run_cli("new", "Sanctions on Iran tighten", "--country", "Iran", "--topic", "economy", "--date", "2024-03-01",
                     "--site", site)
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    text = path.read_text()
    assert "date: 2024-03-01" in text and "countries: [IR]" in text and "topics: [economy]" in text
    assert run_cli("build", "--site", site, "--drafts", "--quiet").returncode == 0
    assert (site / "output/briefings/sanctions-on-iran-tighten/index.html").is_file()
    bad = run_cli("new", "X", "--country", "Narnia", "--site", site)
    assert bad.returncode == 2 and "unknown country 'Narnia'" in bad.stderr


def test_every_subcommand_has_help() -> None:
    for command in ["build", "new", "ingest", "serve", "watch", "publish", "init"]:
        result = run_cli(command, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout


def test_a_site_with_no_briefings_yet_is_whole(tmp_path: Path) -> None:
    """A new site before its first briefing: every page builds, every link and script resolves,
    and the search page says there is nothing to search instead of loading an index that is not there."""
    site = write_site(tmp_path / "site", {"briefgen.toml": 'title = "Nothing yet"\n'})
    (site / "content").mkdir()
    result = run_cli("build", "--site", site)
    assert result.returncode == 0, result.stderr
    assert "built 0 briefings" in result.stdout
    with serve(site / "output", "/") as url:
        pages, broken = crawl(url)
        assert not broken
    search = (site / "output/search/index.html").read_text()
    assert "no briefings to search yet" in search and "pagefind-ui.js" not in search
