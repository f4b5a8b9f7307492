"""The extras stage: feeds, the sitemap, robots.txt, the theme's assets and the pages marker.

Feeds and the sitemap are remade only when what they are made of changed (``ExtrasCache``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..config import SiteConfig
from ..feeds import all_feeds, robots, sitemap
from ..graph import SiteGraph
from ..markup import pygments_css
from ..model import Briefing, OutputFile, RenderedBody
from ..render import default_theme_dir
from ..urls import UrlScheme
from ..write import PAGES_MARKER
from .cache import ExtrasCache, PageEntry


def extras(graph: SiteGraph, briefings: Mapping[str, Briefing], bodies: Mapping[str, RenderedBody], config: SiteConfig,
           scheme: UrlScheme, pages: Mapping[str, PageEntry], templates_dir: Path, cache: ExtrasCache,
           same_site: bool) -> list[OutputFile]:
    """Every file of the site that is not a page or the search index. ``same_site``: the
    settings and templates are the last build's, so its feeds may be reused."""
    if not same_site:
        cache.feeds = {}
    files = all_feeds(graph, briefings, bodies, config, scheme, cache.feeds)
    indexable = tuple(url for url, (_, noindex, _) in pages.items() if not noindex)
    lastmod = tuple((url, briefings[slug].date) for url, (kind, _, slug) in pages.items() if kind == "briefing")
    if cache.sitemap is None or cache.sitemap[0] != (indexable, lastmod, scheme):
        cache.sitemap = ((indexable, lastmod, scheme), sitemap(indexable, dict(lastmod), scheme))
    files.append(cache.sitemap[1])
    files.append(robots(scheme))
    files.extend(assets(templates_dir))
    files.append(OutputFile(PAGES_MARKER, b""))
    return files


def assets(templates_dir: Path) -> list[OutputFile]:
    """Theme assets, overridden by the site's own ``templates/assets`` files of the same name."""
    found: dict[str, bytes] = {}
    for root in (default_theme_dir() / "assets", templates_dir / "assets"):
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                found["assets/" + path.relative_to(root).as_posix()] = path.read_bytes()
    if "assets/style.css" in found:
        # Code highlighting goes into the one stylesheet: a second one would block rendering too.
        found["assets/style.css"] += b"\n/* Code highlighting (pygments; generated) */\n" + pygments_css().encode()
    return [OutputFile(p, d) for p, d in sorted(found.items())]
