"""Opening output/index.html from disk (no server) gives a site a reader can click through (issue 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.mark.browser
def test_site_opened_from_disk_can_be_browsed(browser: Any, bundled_site_build: Path) -> None:
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto((bundled_site_build / "index.html").as_uri())
    first = page.locator("main .briefing-card a").first
    title = first.inner_text().strip()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.locator(".facets a").first.click()  # its first country
    expect(page.locator("main h1")).to_be_visible()
    assert page.url.endswith("/index.html") and "Index of" not in page.content()
    page.locator("nav[aria-label=Main] a", has_text="Topics").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Topics")
    page.close()
