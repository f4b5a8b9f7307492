"""The plan stage: the site's pages as ``PageJob`` values, each with a digest of everything it
is rendered from; only pages whose digest differs from the output's are handed to rendering.

The digest of a page is its view (pickled) with the render key (settings, URL scheme,
templates): correct by construction, since whatever a page is made of is in its view. Pages
are planned as a stream, so a big site is never held as 100,000 page views at once. When the
graph and the render key are those of the last build, only the pages of edited briefings are
planned again (as long as what lists show of them is unchanged).
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import SiteConfig
from ..model import Briefing, RenderedBody
from ..render import (
    BriefingItem,
    BriefingRef,
    Link,
    PageJob,
    RenderInputs,
    SiteView,
    briefing_items,
    iter_pages,
    plan_briefing_page,
)
from ..urls import UrlScheme
from .cache import PageEntry, PlanCache

# From this many pages to render, they are written to disk as they come instead of held in memory.
SPILL_MIN_PAGES = 30000
# Shared objects whose digests the page digester remembers before it forgets them all and starts
# again (about 16 per briefing; 0.3-0.6 GB at 100,000 briefings if never forgotten). A digest
# never depends on what is remembered, only the time to make it.
DIGESTER_MEMORY = 200_000


def templates_digest(template_dirs: Sequence[str]) -> str:
    """Changes when any template or asset changes: pages are re-rendered then."""
    digest = hashlib.sha256()
    for directory in template_dirs:
        for path in sorted(Path(directory).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def render_key(site: SiteView, scheme: UrlScheme, config: SiteConfig, template_dirs: Sequence[str]) -> str:
    """Everything every page is rendered with, besides its own view."""
    parts = (site, scheme, config, templates_digest(template_dirs))
    return hashlib.sha256(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


@dataclass
class PagePlan:
    """The pages to render (``jobs``, a stream) and every page of the site. ``pages``,
    ``digests`` and ``rendering`` are complete once ``jobs`` has been consumed."""

    jobs: Iterable[PageJob]
    items: dict[str, BriefingItem]
    same_site: bool  # same graph and render key as the last build
    spill: bool  # so many pages to render that they go to disk as they come
    pages: dict[str, PageEntry] = field(default_factory=dict)  # url → entry: every page of the site
    digests: dict[str, str] = field(default_factory=dict)  # url → digest of its inputs
    rendering: set[str] = field(default_factory=set)  # urls of the pages to render


def plan(inputs: RenderInputs, key: str, graph_key: str, cache: PlanCache, done: dict[str, str] | None) -> PagePlan:
    """Pages to render for a site whose previous output has pages of these digests (``done``;
    None when the previous output cannot be built on)."""
    same_site = done is not None and cache.graph_key == graph_key and cache.render_key == key
    digester = _PageDigester(key.encode())
    if same_site and cache.pages:
        few = _plan_edited(inputs, cache, digester, done or {})
        if few is not None:
            return few
    items = briefing_items(inputs, inputs.graph.order)
    result = PagePlan([], items, same_site, len(items) >= SPILL_MIN_PAGES)
    result.jobs = _stream(inputs, items, digester, done, result)
    return result


def _plan_edited(inputs: RenderInputs, cache: PlanCache, digester: _PageDigester,
                 done: dict[str, str]) -> PagePlan | None:
    """The fast path: the pages of briefings whose text changed, if lists show them the same."""
    by_slug, bodies = inputs.briefings, inputs.bodies
    changed = [s for s in inputs.graph.order
               if cache.briefings.get(s) is not by_slug[s] or cache.bodies.get(s) is not bodies[s]]
    new_items = briefing_items(inputs, changed)
    if not all(new_items[s] == cache.items.get(s) for s in changed):
        return None
    planned = [plan_briefing_page(inputs, s, cache.items) for s in changed]
    result = PagePlan([], cache.items, True, False, cache.pages, dict(done))
    for job in planned:
        result.digests[job.url] = digester.digest(job)
    result.jobs = [job for job in planned if done.get(job.url) != result.digests[job.url]]
    result.rendering = {job.url for job in result.jobs}
    result.spill = len(result.rendering) >= SPILL_MIN_PAGES
    return result


def _stream(inputs: RenderInputs, items: dict[str, BriefingItem], digester: _PageDigester,
            done: dict[str, str] | None, result: PagePlan) -> Iterator[PageJob]:
    for job in iter_pages(inputs, items):
        slug = job.view.item.slug if job.page.kind == "briefing" else ""
        result.pages[job.url] = (job.page.kind, job.page.noindex, slug)
        result.digests[job.url] = digester.digest(job)
        if done is None or done.get(job.url) != result.digests[job.url]:
            result.rendering.add(job.url)
            yield job


def remember(cache: PlanCache, result: PagePlan, key: str, graph_key: str, briefings: dict[str, Briefing],
             bodies: dict[str, RenderedBody]) -> None:
    """What the next build plans from (once this one has rendered)."""
    cache.graph_key, cache.render_key = graph_key, key
    cache.briefings, cache.bodies, cache.items = briefings, bodies, dict(result.items)
    cache.pages = result.pages


class _PageDigester:
    """A digest of everything a page is rendered from.

    Pickling each page's view whole costs seconds on a big site, because the same briefing
    items appear on many list pages. Items, refs and links are digested once and stand in for
    themselves (pickle's persistent ids) in every page that shows them.
    """

    SHARED = (BriefingItem, BriefingRef, Link)

    def __init__(self, shared: bytes) -> None:
        self._shared = shared
        self._known: dict[int, tuple[object, bytes]] = {}
        self._buffer = io.BytesIO()
        self._pickler = pickle.Pickler(self._buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self._pickler.persistent_id = self._persistent_id  # type: ignore[method-assign]

    def _persistent_id(self, obj: object) -> bytes | None:
        if type(obj) not in self.SHARED:
            return None
        entry = self._known.get(id(obj))
        if entry is None:
            if len(self._known) >= DIGESTER_MEMORY:
                self._known.clear()  # most refs and links are one page's own: remembering all grows with the site
            entry = (obj, hashlib.sha256(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)).digest())
            self._known[id(obj)] = entry  # holding obj keeps its id from being reused
        return entry[1]

    def digest(self, job: PageJob) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._pickler.clear_memo()
        self._pickler.dump(job)
        return hashlib.sha256(self._shared + self._buffer.getvalue()).hexdigest()
