"""Search and the map of coverage in a real browser (issue 4), at a domain root and under /repo/."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from browser_support import ServedSite, open_page
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VARIANTS = ("root", "sub")

# A point on screen that lies inside the link's largest shape and is not covered by another shape.
_POINT_INSIDE = """a => {
  const path = Array.from(a.querySelectorAll('path')).sort((p, q) => {
    const s = b => b.width * b.height; return s(q.getBBox()) - s(p.getBBox()); })[0];
  const box = path.getBBox(), m = path.getScreenCTM();
  for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
    const pt = new DOMPoint(box.x + box.width * i / 40, box.y + box.height * j / 40);
    if (!path.isPointInFill(pt)) continue;
    const s = pt.matrixTransform(m);
    if (a.contains(document.elementFromPoint(s.x, s.y))) return [s.x, s.y];
  }
  throw new Error('no clickable point inside ' + a.getAttribute('aria-label'));
}"""


def _seed_title(site: ServedSite) -> str:
    text = (site.out / site.seed / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.DOTALL)
    assert match
    return html.unescape(match.group(1)).strip()


@pytest.mark.parametrize("variant", VARIANTS)
def test_search_for_diplomats_finds_the_seed_and_leads_to_it(browser: Any, served_sites: dict[str, ServedSite],
                                                            variant: str) -> None:
    site = served_sites[variant]
    title = _seed_title(site)
    with open_page(browser, site, "search/?q=diplomats") as page:
        result = page.locator(".pagefind-ui__result-title a", has_text=title)
        result.wait_for(timeout=10_000)
        # Filters by every taxonomy, from the briefings' facets.
        for facet in ("Country", "Topic", "Person", "Organisation"):  # the filters arrive after the results
            expect(page.locator(".pagefind-ui__filter-name", has_text=re.compile(facet, re.IGNORECASE))).to_be_visible(timeout=15_000)  # Pagefind loads its filters after the results
        page.locator(".pagefind-ui__filter-name", has_text=re.compile("country", re.IGNORECASE)).click()
        expect(page.locator(".pagefind-ui__filter-label", has_text=re.compile(r"^Russia \(\d+\)$"))).to_have_count(1)
        page.locator(".pagefind-ui__filter-name", has_text=re.compile("person", re.IGNORECASE)).click()
        expect(page.locator(".pagefind-ui__filter-label", has_text=re.compile(r"^Richard Moore \(\d+\)$"))).to_have_count(1)
        result.click()
        page.wait_for_url(site.url + site.seed)
        assert page.get_by_role("heading", level=1).inner_text().strip() == title


@pytest.mark.parametrize("variant", VARIANTS)
def test_search_box_on_the_home_page(browser: Any, served_sites: dict[str, ServedSite], variant: str) -> None:
    site = served_sites[variant]
    title = _seed_title(site)
    with open_page(browser, site, "") as page:
        box = page.get_by_role("searchbox", name="Search briefings")
        box.fill("diplomats")
        box.press("Enter")
        page.wait_for_url(re.compile(re.escape(site.url + "search/") + r"(index\.html)?\?q=diplomats$"))
        page.locator(".pagefind-ui__result-title a", has_text=title).wait_for(timeout=10_000)


@pytest.mark.parametrize("variant", VARIANTS)
def test_world_map_links_countries_by_name(browser: Any, served_sites: dict[str, ServedSite], variant: str) -> None:
    site = served_sites[variant]
    with open_page(browser, site, "countries/") as page:
        world = page.locator("svg.world-map")
        assert world.is_visible()
        russia = world.get_by_role("link", name=re.compile(r"^Russia: \d+ briefings?$"))
        assert russia.count() == 1
        assert world.get_by_role("link").count() == len(list((site.out / "countries").glob("*/index.html")))
        # Click inside Russia's shape, as a reader would (its bounding box's centre may be elsewhere).
        russia.scroll_into_view_if_needed()
        x, y = russia.evaluate(_POINT_INSIDE)
        assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('a').getAttribute('aria-label')",
                             [x, y]).startswith("Russia:")
        page.mouse.click(x, y)
        page.wait_for_url(re.compile(re.escape(site.url + "countries/russia/") + r"(index\.html)?$"))
        assert page.get_by_role("heading", level=1).inner_text().strip() == "Russia"
        location = page.locator("svg.location-map")
        assert location.is_visible()
        box = location.bounding_box()
        assert box and box["width"] > 150 and box["height"] > 75


def test_world_map_needs_no_javascript(browser: Any, served_sites: dict[str, ServedSite]) -> None:
    site = served_sites["root"]
    with open_page(browser, site, "countries/", javascript=False) as page:
        world = page.locator("svg.world-map")
        assert world.is_visible()
        box = world.bounding_box()
        assert box and box["width"] > 600
        shaded = page.locator("svg.world-map a path").first
        fill = shaded.evaluate("p => getComputedStyle(p).fill")
        land = page.locator("svg.world-map .map-c0").first.evaluate("p => getComputedStyle(p).fill")
        assert fill != land, "countries with briefings are not shaded"
        assert world.get_by_role("link", name=re.compile(r"^Russia: \d+ briefings?$")).count() == 1
