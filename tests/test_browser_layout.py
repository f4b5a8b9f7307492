"""Layout as a reader sees it (issue 9): on a 360 px phone nothing scrolls sideways, text is
readable and tap targets are big enough; at 1280 px the width is used; screenshots of every page
at both widths, light and dark, go to test-artifacts/screenshots/ for a person to look at."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import PAGE_NAMES, ServedSite, open_page, reader_pages, screenshot_path

pytestmark = pytest.mark.browser

# Text a reader reads: paragraphs and list items in the main content. Secondary lines (dates,
# counts, captions) may be a little smaller, but never below 14 px.
_SMALL_TEXT = """() => {
  const secondary = '.meta, .count, .kicker, figcaption, .credit, .page-no, .pagefind-ui__result-tags, .pagefind-ui__filter-label, .pagefind-ui__message';
  const out = [];
  for (const el of document.querySelectorAll('main p, main li, main dd, main blockquote, main summary')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || !el.textContent.trim()) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const min = el.closest(secondary) ? 14 : 16;
    if (size < min) out.push(`${el.tagName.toLowerCase()}.${el.className} ${size}px: ${el.textContent.trim().slice(0, 40)}`);
  }
  return out;
}"""

# WCAG 2.2 SC 2.5.8 Target Size (Minimum): a target is at least 24x24 CSS px, or a 24 px circle
# centred on it touches no other target. Links inside running text (sentences) are exempt, as are
# the world map's shapes (each has an equivalent link in the list of countries below the map).
_SMALL_TARGETS = """() => {
  const inline = a => {
    const block = a.closest('p, dd, blockquote, td, figcaption');
    return block && block.textContent.trim().length > a.textContent.trim().length + 2;
  };
  const targets = Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, summary'))
    .filter(el => !el.closest('svg') && !el.classList.contains('skip-link'))
    .map(el => ({el, r: el.getBoundingClientRect()}))
    .filter(t => t.r.width > 0 && t.r.height > 0 && getComputedStyle(t.el).visibility !== 'hidden');
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const distToRect = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const bad = [];
  for (const t of targets) {
    if ((t.r.width >= 24 && t.r.height >= 24) || inline(t.el)) continue;
    const c = centre(t.r);
    const clash = targets.find(o => o !== t && o.el !== t.el && !o.el.contains(t.el) && !t.el.contains(o.el) &&
      ((o.r.width >= 24 && o.r.height >= 24) ? distToRect(c, o.r) < 12 : Math.hypot(c[0] - centre(o.r)[0], c[1] - centre(o.r)[1]) < 24));
    if (clash) bad.push(`${t.el.tagName.toLowerCase()} "${(t.el.textContent || t.el.value || '').trim().slice(0, 30)}" ${Math.round(t.r.width)}x${Math.round(t.r.height)} next to "${(clash.el.textContent || '').trim().slice(0, 30)}"`);
  }
  return bad;
}"""


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_phone_360px_no_sideways_scroll_readable_text_and_tap_targets(
        browser: Any, served_sites: dict[str, ServedSite], name: str) -> None:
    site = served_sites["root"]
    with open_page(browser, site, reader_pages(site)[name], width=360, height=740) as page:
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than a 360px screen"
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 16
        small_text = page.evaluate(_SMALL_TEXT)
        assert not small_text, small_text[:10]
        small_targets = page.evaluate(_SMALL_TARGETS)
        assert not small_targets, small_targets[:10]


def test_desktop_1280px_home_shows_the_sidebar_beside_the_list(browser: Any, served_sites: dict[str, ServedSite]) -> None:
    site = served_sites["root"]
    with open_page(browser, site, "", width=1280) as page:
        main = page.locator(".col-main").bounding_box()
        side = page.locator(".col-side").bounding_box()
        assert main and side
        assert side["x"] >= main["x"] + main["width"], "sidebar is not beside the list of briefings"
        assert abs(side["y"] - main["y"]) < 50, "sidebar does not start level with the list"
        assert main["width"] >= 600, f"the list of briefings is only {main['width']}px wide"


def test_desktop_1280px_briefing_lines_are_comfortable_to_read(browser: Any, served_sites: dict[str, ServedSite]) -> None:
    site = served_sites["root"]
    with open_page(browser, site, site.seed, width=1280) as page:
        # Width of the body text in characters of its own font ("ch" = width of "0").
        chars = page.evaluate("""() => {
          const p = document.querySelector('.body p');
          const probe = document.createElement('span');
          probe.style.cssText = 'display:inline-block;width:1ch;padding:0;border:0';
          p.appendChild(probe);
          const ch = probe.getBoundingClientRect().width;
          probe.remove();
          return p.getBoundingClientRect().width / ch;
        }""")
        assert 45 <= chars <= 80, f"briefing text lines are {chars:.0f} characters wide"
        size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.body p')).fontSize)")
        assert size >= 16


SHOTS = [(name, width, scheme) for name in PAGE_NAMES for width in (360, 1280) for scheme in ("light", "dark")]


@pytest.mark.parametrize(("name", "width", "scheme"), SHOTS, ids=[f"{n}-{w}-{s}" for n, w, s in SHOTS])
def test_screenshots(browser: Any, served_sites: dict[str, ServedSite], name: str, width: int, scheme: str) -> None:
    """Full-page screenshots for people to review (test-artifacts/ is not committed)."""
    site = served_sites["root"]
    with open_page(browser, site, reader_pages(site)[name], width=width, height=800 if width > 400 else 740,
                   scheme=scheme) as page:
        path = screenshot_path(f"{name}-{width}-{scheme}")
        page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 1000
