"""Printing a briefing for the meeting room (issue 9): no navigation, search or footer on paper,
source links print their URLs, and the seed's briefing fits on two A4 pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_support import ARTIFACTS, ServedSite, open_page

pytestmark = pytest.mark.browser


def test_printed_briefing_hides_navigation_shows_source_urls_and_fits_a4(
        browser: Any, served_sites: dict[str, ServedSite]) -> None:
    site = served_sites["root"]
    with open_page(browser, site, site.seed) as page:
        page.emulate_media(media="print")
        for selector in (".site-header", "nav", ".search-form", ".site-footer", ".skip-link"):
            visible = [el for el in page.locator(selector).all() if el.is_visible()]
            assert not visible, f"{selector} is printed"
        assert page.get_by_role("heading", level=1).is_visible()
        assert page.locator(".body p").first.is_visible()

        # Every external link in the text and sources prints its address after it.
        printed = page.evaluate("""() => Array.from(document.querySelectorAll('.body a[href^="http"], .sources a[href^="http"]'))
            .map(a => [a.href, getComputedStyle(a, '::after').content])""")
        for href, after in printed:
            assert href in after, f"printed link {href} does not show its URL (::after is {after})"

        pdf = page.pdf(format="A4", print_background=False)
        (ARTIFACTS / "print").mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "print" / "briefing.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 2, f"the seed's briefing prints on {pages} A4 pages"


def test_printed_briefing_sources_show_urls(browser: Any, served_sites: dict[str, ServedSite]) -> None:
    """A briefing that cites a web source: the printed page carries the source's address."""
    site = served_sites["root"]
    candidates = sorted(p for p in (site.out / "briefings").glob("*/index.html")
                        if 'class="sources"' in (text := p.read_text(encoding="utf-8")) and 'href="http' in text.split('class="sources"', 1)[1])
    assert candidates, "no briefing in the bundled site cites a source with a URL"
    path = candidates[0].parent.relative_to(site.out).as_posix() + "/"
    with open_page(browser, site, path) as page:
        page.emulate_media(media="print")
        link = page.locator('.sources a[href^="http"]').first
        href = link.get_attribute("href")
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert href and href in after
