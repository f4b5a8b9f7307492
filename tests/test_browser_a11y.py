"""Accessibility in a real browser (issue 9): axe-core on every kind of page, light and dark,
at a domain root and under /repo/, and keyboard-only use: skip link first, every link reachable
with a visible focus indicator."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import PAGE_NAMES, ServedSite, axe_violations, open_page, reader_pages

pytestmark = pytest.mark.browser

CASES = [("root", name, scheme) for name in PAGE_NAMES for scheme in ("light", "dark")] + \
        [("sub", name, "light") for name in PAGE_NAMES]


@pytest.mark.parametrize(("variant", "name", "scheme"), CASES, ids=["-".join(c) for c in CASES])
def test_axe_finds_no_violations(browser: Any, served_sites: dict[str, ServedSite], variant: str, name: str,
                                 scheme: str) -> None:
    site = served_sites[variant]
    with open_page(browser, site, reader_pages(site)[name], scheme=scheme) as page:
        violations = axe_violations(page)
    assert not violations, "\n".join(violations)


# Tab order as a reader meets it: what is focused, whether it shows a focus ring, and where it is.
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), cls: el.getAttribute('class') || '',
          href: el.getAttribute('href'), text: (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 60),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          shadow: style.boxShadow !== 'none',
          visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight};
}"""

_LINKS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(a => { const r = a.getBoundingClientRect(); return r.width > 0 && r.height > 0
                 && getComputedStyle(a).visibility !== 'hidden'; })
  .map(a => a.getAttribute('href'))"""


@pytest.mark.parametrize("name", ["home", "briefing", "country", "countries"])
def test_keyboard_reaches_every_link_with_visible_focus(browser: Any, served_sites: dict[str, ServedSite],
                                                        name: str) -> None:
    site = served_sites["root"]
    with open_page(browser, site, reader_pages(site)[name]) as page:
        page.keyboard.press("Tab")
        first = page.evaluate(_FOCUSED)
        assert first and "skip-link" in first["cls"] and first["visible"], f"first Tab stop is not a visible skip link: {first}"
        assert first["outline"] or first["shadow"], "the skip link shows no focus indicator"

        links = page.evaluate(_LINKS)
        reached: list[str] = []
        no_focus_ring = []
        for _ in range(len(links) + 20):
            page.keyboard.press("Tab")
            focused = page.evaluate(_FOCUSED)
            if focused is None or (focused["cls"] == "skip-link" and reached):
                break  # wrapped around to the browser chrome / the top
            if focused["href"] is not None:
                reached.append(focused["href"])
            if not (focused["outline"] or focused["shadow"]):
                no_focus_ring.append(focused)
        missing = sorted(set(links) - set(reached) - {"#main"})
        assert not missing, f"links not reachable with Tab: {missing}"
        assert not no_focus_ring, f"focused without a visible indicator: {no_focus_ring[:5]}"


def test_skip_link_moves_focus_to_the_main_content(browser: Any, served_sites: dict[str, ServedSite]) -> None:
    site = served_sites["root"]
    with open_page(browser, site, site.seed) as page:
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        page.keyboard.press("Tab")
        inside = page.evaluate("document.getElementById('main').contains(document.activeElement)")
        assert inside, "after the skip link, the next Tab stop is not inside the main content"
