"""Search over a site big enough to be split into several Pagefind bundles (shards), in Chromium.

The search page merges the shards; a reader must not be able to tell: results come from every
shard, the counts add up, and the country filter narrows results across all of them (issue 4).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from browser_support import ServedSite, open_page
from conftest import briefing, run_cli, write_site
from linkcheck import serve
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COUNT = 150  # briefings: 4 shards of ~38 at 64 pages a shard
COUNTRIES = ["FR", "DE", "JP"]


def _marker(number: int) -> str:
    """A word found in one briefing only: letters (Pagefind splits words at digits), and no
    marker is the start of another (Pagefind matches prefixes)."""
    return "quokka" + "".join("abcdefghij"[int(digit)] for digit in str(number)) + "x"


def _body(number: int) -> str:
    # 'harbour' is in every 5th briefing (30 of them, spread over the shards); a marker in one.
    words = [f"Briefing number {number} on trade talks.", f"Marker {_marker(number)}."]
    if number % 5 == 0:
        words.append("The harbour was closed for the day.")
    return " ".join(words)


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("sharded")
    files = {"briefgen.toml": 'title = "Sharded search"\nbase_url = "https://example.org/"\n'}
    for number in range(COUNT):
        files[f"content/b{number:03d}.md"] = briefing(
            f"Trade talks {number}", f"2023-{1 + number % 12:02d}-{1 + number % 28:02d}", _body(number),
            countries=f"[{COUNTRIES[number % 3]}]", topics="[economy]")
    site = write_site(root / "site", files)
    result = run_cli("build", "--site", site, "--quiet")
    assert result.returncode == 0, result.stderr
    out = site / "output"
    with serve(out, "/") as url:
        yield ServedSite("sharded", url, out, "briefings/b000/")


def test_the_site_is_split_into_shards(sharded_site: ServedSite) -> None:
    manifest = json.loads((sharded_site.out / "pagefind/briefgen-shards.json").read_text())
    assert len(re.findall(r"shard-\d\d", json.dumps(manifest))) >= 3, manifest
    assert len(list((sharded_site.out / "pagefind").glob("shard-*/pagefind-entry.json"))) >= 3


def test_results_from_every_shard_add_up(browser: Any, sharded_site: ServedSite) -> None:
    with open_page(browser, sharded_site, "search/?q=harbour") as page:
        expect(page.locator(".pagefind-ui__message")).to_have_text(re.compile(r"^30 results? for harbour$"))


def test_one_briefing_found_in_whichever_shard_holds_it(browser: Any, sharded_site: ServedSite) -> None:
    for number in (7, 88, 149):
        with open_page(browser, sharded_site, f"search/?q={_marker(number)}") as page:
            expect(page.locator(".pagefind-ui__message")).to_have_text(f"1 result for {_marker(number)}")
            link = page.locator(".pagefind-ui__result-title a")
            expect(link).to_have_text(f"Trade talks {number}")
            link.click()
            page.wait_for_url(re.compile(rf"/briefings/b{number:03d}/(index\.html)?$"))


def test_the_country_filter_narrows_results_across_shards(browser: Any, sharded_site: ServedSite) -> None:
    with open_page(browser, sharded_site, "search/?q=harbour") as page:
        expect(page.locator(".pagefind-ui__message")).to_have_text(re.compile(r"^30 results"))
        page.locator(".pagefind-ui__filter-name", has_text=re.compile("country", re.IGNORECASE)).click()
        page.locator(".pagefind-ui__filter-label", has_text="Japan").click()
        # numbers divisible by 5 with number % 3 == 2 (JP): 5, 20, 35, ... -> 10 of them
        expect(page.locator(".pagefind-ui__message")).to_have_text(re.compile(r"^10 results for harbour$"))


def test_every_filter_shows_when_some_arrive_late(browser: Any, sharded_site: ServedSite) -> None:
    """On a slow link the first filter file arrives at once and the others late: a query from the
    address must still get every filter, with counts from every shard (Pagefind's UI alone keeps only
    the filters that had arrived when its first search ran)."""
    arrived = []

    def slow_filters(path: str) -> float:
        if not path.endswith(".pf_filter"):
            return 0.0
        arrived.append(path)
        return 0.0 if len(arrived) == 1 else 1.5

    with serve(sharded_site.out, "/", delay=slow_filters) as url:
        slow_site = ServedSite("sharded-slow", url, sharded_site.out, sharded_site.seed)
        with open_page(browser, slow_site, "search/?q=harbour") as page:
            expect(page.locator(".pagefind-ui__message")).to_have_text(re.compile(r"^30 results for harbour$"))
            for name in ("Country", "Topic"):
                expect(page.locator(".pagefind-ui__filter-name", has_text=re.compile(name, re.IGNORECASE))
                       ).to_be_visible(timeout=15_000)
            page.locator(".pagefind-ui__filter-name", has_text=re.compile("country", re.IGNORECASE)).click()
            expect(page.locator(".pagefind-ui__filter-label", has_text=re.compile(r"^Japan \(10\)$"))).to_have_count(1)
