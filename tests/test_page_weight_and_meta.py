"""What a reader's browser downloads, and what a link preview shows (issue 9), on the bundled site:
a briefing with its CSS under 30 KB compressed, one render-blocking stylesheet and no web fonts,
a favicon, and title, description, canonical, Open Graph and Twitter card tags from the briefing."""

from __future__ import annotations

import gzip
import html
import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

from browser_support import seed_briefing_url
from conftest import REPO

BUDGET = 30_000  # bytes, gzip-compressed: HTML + CSS of a briefing page


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.title = ""
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.blocking_scripts: list[str] = []
        self.images_without_size: list[str] = []
        self._in_head = self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head = False
        elif tag == "title":
            self._in_title = True
        elif tag == "meta" and ("name" in a or "property" in a):
            self.meta[a.get("name") or a["property"]] = a.get("content", "")
        elif tag == "link":
            self.links.append(a)
        elif tag == "script" and self._in_head and "src" in a and "defer" not in a and "async" not in a:
            self.blocking_scripts.append(a["src"])
        elif tag == "img" and not ("width" in a and "height" in a):
            self.images_without_size.append(a.get("src", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def _parse(path: Path) -> _Head:
    head = _Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def _stylesheets(head: _Head) -> list[str]:
    return [link["href"] for link in head.links if link.get("rel") == "stylesheet" and link.get("media", "all") in ("all", "screen")]


def test_every_page_has_one_render_blocking_stylesheet_no_web_fonts_and_sized_images(bundled_site_build: Path) -> None:
    pages = sorted(bundled_site_build.rglob("*.html"))
    assert pages
    for page in pages:
        head = _parse(page)
        where = page.relative_to(bundled_site_build)
        assert len(_stylesheets(head)) == 1, f"{where}: render-blocking stylesheets {_stylesheets(head)}"
        assert not head.blocking_scripts, f"{where}: scripts that block rendering {head.blocking_scripts}"
        assert not head.images_without_size, f"{where}: images without width and height {head.images_without_size}"
        assert not [link for link in head.links if link.get("rel") == "preload" and link.get("as") == "font"]
    for css in bundled_site_build.joinpath("assets").glob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@font-face" not in text and "@import" not in text, f"{css.name} downloads fonts or more CSS"
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), f"{css.name} loads something from another host"


def test_briefing_page_with_its_css_is_under_30_kb_compressed(bundled_site_build: Path) -> None:
    url = seed_briefing_url(REPO / "content")
    page = bundled_site_build / url / "index.html"
    total = len(gzip.compress(page.read_bytes(), 9))
    for href in _stylesheets(_parse(page)):
        css = bundled_site_build / urllib.parse.urljoin("/" + url, href).lstrip("/")
        total += len(gzip.compress(css.read_bytes(), 9))
    assert total < BUDGET, f"briefing page + CSS = {total} bytes compressed"


def test_briefing_meta_for_sharing(bundled_site_build: Path) -> None:
    url = seed_briefing_url(REPO / "content")
    head = _parse(bundled_site_build / url / "index.html")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", (bundled_site_build / url / "index.html").read_text(encoding="utf-8"), re.DOTALL)
    assert h1
    title = html.unescape(h1.group(1)).strip()
    assert head.lang == "en"
    assert head.title.startswith(title)
    canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
    assert len(canonical) == 1 and canonical[0].startswith(("http://", "https://")) and canonical[0].endswith("/" + url)
    assert head.meta["description"]
    assert head.meta["og:title"] == head.meta["twitter:title"] == title
    assert head.meta["og:description"] == head.meta["twitter:description"] == head.meta["description"]
    assert head.meta["og:url"] == canonical[0]
    assert head.meta["og:type"] == "article"
    assert head.meta["twitter:card"] in ("summary", "summary_large_image")
    assert head.meta["article:published_time"].startswith("20")


def test_every_page_has_a_favicon_that_exists(bundled_site_build: Path) -> None:
    for page in [bundled_site_build / "index.html", *bundled_site_build.joinpath("briefings").glob("*/index.html")]:
        icons = [link["href"] for link in _parse(page).links if link.get("rel") == "icon"]
        assert len(icons) == 1
        rel = page.parent.relative_to(bundled_site_build).as_posix()
        target = urllib.parse.urljoin("/" + (rel + "/" if rel != "." else ""), icons[0]).lstrip("/")
        assert (bundled_site_build / target).is_file(), f"{page}: favicon {icons[0]} missing"
