"""In a real browser: a served page follows edits to its briefing without a manual reload,
and a broken file shows its problem in an overlay until it is fixed (issue 5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import PageWatch
from conftest import briefing, write_site
from test_serve import start_serve


@pytest.mark.browser
def test_page_follows_edits_and_shows_errors(tmp_path: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    site = write_site(tmp_path / "site", {"content/alpha.md": briefing("Alpha", body="First version of the text.")})
    process, url = start_serve(site)
    try:
        page = browser.new_page()
        watch = PageWatch(url.split("/")[2])
        watch.attach(page)
        page.goto(url + "briefings/alpha/")
        body = page.locator(".body")
        expect(body).to_contain_text("First version of the text.")
        page.wait_for_timeout(300)  # the event stream is open

        write_site(site, {"content/alpha.md": briefing("Alpha", body="Second version, saved in the editor.")})
        expect(body).to_contain_text("Second version, saved in the editor.", timeout=15000)

        write_site(site, {"content/alpha.md": "---\ntitle: Alpha\ndate: 2023-13-01\n---\nBroken.\n"})
        overlay = page.locator("#briefgen-overlay")
        expect(overlay).to_be_visible(timeout=15000)
        expect(overlay).to_contain_text("content/alpha.md:3")
        expect(body).to_contain_text("Second version")  # the last good page stays

        write_site(site, {"content/alpha.md": briefing("Alpha", body="Third version, fixed.")})
        expect(page.locator(".body")).to_contain_text("Third version, fixed.", timeout=15000)
        expect(page.locator("#briefgen-overlay")).to_have_count(0)
        page.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
