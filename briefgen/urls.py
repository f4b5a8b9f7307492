"""Every URL of a site in one place, and links that work under any sub-path.

A page URL here is site-relative and ends in ``/`` (``briefings/x/``; the home page is ``""``),
or names a file (``feed.xml``). Pages link to each other with *relative* hrefs, so the same
output works at a domain root, under ``/repo/`` and from a folder. Only what must be absolute
(canonical links, feeds, sitemap) uses ``base_url``; only ``404.html``, which a server shows at
any depth, uses root-relative paths under the base URL's path.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from .records import fast_pickle
from .taxonomy import taxonomy

DEFAULT_BASE_URL = "http://localhost:8000/"


@fast_pickle
@dataclass(frozen=True, slots=True)
class UrlScheme:
    """The URL layout of a site published at ``base_url``."""

    base_url: str = DEFAULT_BASE_URL
    pretty_urls: bool = False  # False: links name index.html, so output/ also works opened from disk

    @property
    def base_path(self) -> str:
        """The path part of the base URL, always starting and ending with '/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    # --- the pages of a site (issue 2 fixes these; users rely on them). A taxonomy's pages are
    # under its prefix (taxonomy.TAXONOMIES); templates name it: scheme.terms('topics').
    @staticmethod
    def home() -> str:
        return ""

    @staticmethod
    def briefing(slug: str) -> str:
        return f"briefings/{slug}/"

    @staticmethod
    def terms(taxonomy_name: str) -> str:
        """The list page of a taxonomy's terms: ``topics/``."""
        return f"{taxonomy(taxonomy_name).prefix}/"

    @staticmethod
    def term(taxonomy_name: str, slug: str, page: int = 1) -> str:
        """The page of one term: ``countries/russia/``, ``countries/russia/page/2/``."""
        return f"{taxonomy(taxonomy_name).prefix}/{slug}/" + (f"page/{page}/" if page > 1 else "")

    @staticmethod
    def archive(year: int | None = None, month: int | None = None) -> str:
        if year is None:
            return "archive/"
        if month is None:
            return f"archive/{year:04d}/"
        return f"archive/{year:04d}/{month:02d}/"

    @staticmethod
    def search() -> str:
        return "search/"

    @staticmethod
    def asset(name: str) -> str:
        return f"assets/{name}"

    @staticmethod
    def search_script() -> str:
        """Pagefind's UI script, in the index that search.py writes (its SEARCH_DIR)."""
        return "pagefind/pagefind-ui.js"

    @staticmethod
    def feed() -> str:
        """The feed of every briefing."""
        return "feed.xml"

    @staticmethod
    def term_feed(taxonomy_name: str, slug: str) -> str:
        """The feed of one term's briefings: ``topics/diplomacy/feed.xml``."""
        return f"{taxonomy(taxonomy_name).prefix}/{slug}/feed.xml"

    # --- turning URLs into hrefs and files ---
    def absolute(self, url: str) -> str:
        """The full URL of a page, for canonical links, feeds and the sitemap."""
        return self.base_url + quote(url, safe="/#%:@")

    def link(self, from_url: str, to_url: str) -> str:
        """The href from one page to another: relative, and ending in ``index.html`` unless the
        site asks for pretty URLs (a browser opening files from disk does not look for index.html)."""
        href = relative(from_url, to_url)
        if self.pretty_urls:
            return href
        target, hash_mark, fragment = href.partition("#")
        if target.endswith("/"):
            target += "index.html"
        elif target in ("", ".") and not fragment:
            target = "index.html"
        return target + hash_mark + fragment

    def root_relative(self, url: str) -> str:
        """``/repo/briefings/x/``: for pages served at any depth (404.html)."""
        return self.base_path + quote(url, safe="/#%:@")

    @staticmethod
    def output_path(url: str) -> str:
        """The file a page URL is written to: every page is ``.../index.html``."""
        return url + "index.html" if url == "" or url.endswith("/") else url


def relative(from_url: str, to_url: str) -> str:
    """A relative href from the page at ``from_url`` to ``to_url`` (both site-relative).

    Hot: called for every link of every page, so it works on path segments directly.
    """
    from_dir = from_url if from_url == "" or from_url.endswith("/") else from_url.rsplit("/", 1)[0] + "/" if "/" in from_url else ""
    target, _, fragment = to_url.partition("#")
    from_parts = from_dir.split("/")[:-1] if from_dir else []
    to_parts = target.split("/")
    common = 0
    limit = min(len(from_parts), len(to_parts) - 1)
    while common < limit and from_parts[common] == to_parts[common]:
        common += 1
    rel = "../" * (len(from_parts) - common) + "/".join(to_parts[common:])
    if not rel:
        rel = "./"
    href = quote(rel, safe="/%:@") if not rel.isascii() or " " in rel or "?" in rel or "#" in rel else rel
    return href + ("#" + fragment if fragment else "")
