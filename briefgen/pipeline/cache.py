"""What each stage keeps from one build for the next: one record per stage, in ``BuildCache``.

Every entry is found by a key made from what the stage reads, so an entry is either right for
this build or not looked at: the load stage by a file's path, content hash and the settings;
markup by the file's hash and the markup settings; the graph by its projection of the
briefings (``linking.graph_view``); pages by a digest of their whole view (``plan``); search
shards by the digests of their pages. ``watch`` keeps a ``BuildCache`` in memory between
rebuilds; the CLI saves it in ``.briefgen-cache/`` (``store``).
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass, field, fields, replace

from ..errors import Problem
from ..graph import SiteGraph
from ..load import LoadResult
from ..markup import MarkupSettings
from ..model import Briefing, OutputFile, RenderedBody
from ..views import BriefingItem
from ..search import ShardRecord

LoadKey = tuple[str, str, str]  # (site-relative path, sha256 of the file, config fingerprint)
BodyKey = tuple[str, str, int, MarkupSettings]  # (path, sha256 of the file or body, body line, settings)
FileStat = tuple[int, int, int, str]  # (mtime_ns, size, inode, sha256)
PageEntry = tuple[str, bool, str]  # (page kind, noindex, briefing slug or "")
Stripper = Callable[[Briefing], Briefing]
BodyStripper = Callable[[RenderedBody], RenderedBody]
# The HTML of a body saved without it (kept in ``store.BodyStore``). markdown-it never writes a
# NUL (CommonMark replaces it), so no body's own HTML is this.
APART = "\x00"


def html_apart(body: RenderedBody) -> RenderedBody:
    """The body without its HTML (kept in ``store.BodyStore``), unless it has none to keep apart."""
    return replace(body, html=APART) if body.html not in ("", APART) else body


@dataclass
class LoadCache:
    """The load stage: what each content file gave, and the file stats that let a rebuild skip
    reading files that did not change."""

    listed: tuple[str, ...] = ()  # the content files of the last build
    stats: dict[str, FileStat] = field(default_factory=dict)
    stats_time: float = 0.0  # when ``stats`` were taken
    results: dict[LoadKey, LoadResult] = field(default_factory=dict)

    def drop_bodies(self) -> dict[int, Briefing]:
        """Keep each loaded briefing without its Markdown (on big sites the text of every
        briefing is hundreds of MB; it is read again when its file changes). Returns id of the
        old object → the stripped copy."""
        stripped: dict[int, Briefing] = {}
        for key, result in list(self.results.items()):
            if result.briefing is not None and result.briefing.body:
                stripped[id(result.briefing)] = replace(result.briefing, body="")
                self.results[key] = LoadResult(stripped[id(result.briefing)], result.problems)
        return stripped

    def keep(self, used: Container[LoadKey]) -> bool:
        """Forget what this build did not use; True if anything was forgotten."""
        kept = {k: v for k, v in self.results.items() if k in used}
        forgot = len(kept) != len(self.results)
        self.results = kept
        return forgot

    def without_text(self, strip: Stripper) -> LoadCache:
        return replace(self, results={k: LoadResult(strip(r.briefing) if r.briefing else None, r.problems)
                                      for k, r in self.results.items()})


@dataclass
class MarkupCache:
    """The markup stage: each body's HTML and problems."""

    bodies: dict[BodyKey, tuple[RenderedBody, tuple[Problem, ...]]] = field(default_factory=dict)

    def keep(self, used: Container[BodyKey]) -> bool:
        kept = {k: v for k, v in self.bodies.items() if k in used}
        forgot = len(kept) != len(self.bodies)
        self.bodies = kept
        return forgot

    def without_html(self, strip: BodyStripper) -> MarkupCache:
        return replace(self, bodies={k: (strip(body), problems) for k, (body, problems) in self.bodies.items()})


@dataclass
class GraphCache:
    """The graph stage: the last graph, its problems and its key. ``parts`` holds each
    briefing's share of the key while its objects are the same ones, so an unchanged briefing's
    share is not computed again (watch rebuilds, and CLI rebuilds, whose cache keeps sharing)."""

    key: str = ""
    graph: SiteGraph | None = None
    problems: tuple[Problem, ...] = ()
    parts: dict[str, tuple[Briefing, RenderedBody, str]] = field(default_factory=dict)

    def without_text(self, strip: Stripper, without_html: BodyStripper) -> GraphCache:
        return replace(self, parts={slug: (strip(b), without_html(body), text)
                                    for slug, (b, body, text) in self.parts.items()})


@dataclass
class PlanCache:
    """The plan stage: what the last build's pages were planned from. With the same graph and
    render key, only the pages of edited briefings are planned again."""

    graph_key: str = ""
    render_key: str = ""  # settings, URL scheme and templates (plan.render_key)
    briefings: dict[str, Briefing] = field(default_factory=dict)
    bodies: dict[str, RenderedBody] = field(default_factory=dict)
    items: dict[str, BriefingItem] = field(default_factory=dict)
    pages: dict[str, PageEntry] = field(default_factory=dict)  # url → entry: every page of the site

    def without_text(self, strip: Stripper, without_html: BodyStripper) -> PlanCache:
        return replace(self, briefings={slug: strip(b) for slug, b in self.briefings.items()},
                       bodies={slug: without_html(body) for slug, body in self.bodies.items()})


@dataclass
class ExtrasCache:
    """Feeds and the sitemap with what they were made from; the digests of extra files."""

    feeds: dict[str, tuple[object, OutputFile]] = field(default_factory=dict)
    sitemap: tuple[object, OutputFile] | None = None
    digests: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # path → (bytes, sha256), in memory only

    def without_text(self, strip: Stripper) -> ExtrasCache:
        return replace(self, digests={})


@dataclass
class SearchCache:
    """The search stage: the bundles in the output, by shard number."""

    shards: dict[int, ShardRecord] = field(default_factory=dict)


@dataclass
class OutputRecord:
    """What the last successful build left in its output folder."""

    out_dir: str = ""
    page_digests: dict[str, str] = field(default_factory=dict)  # page URL → digest of its inputs
    file_digests: dict[str, str] = field(default_factory=dict)  # output path → sha256
    stats: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # write.output_stats; empty: unknown
    standby_digests: dict[str, str] | None = None  # what the standby tree beside the output holds


PackRef = tuple[str, int]  # (pack, index in it)


@dataclass
class Packed:
    """Which objects of the cache are saved in which pack (``packs``), in memory only."""

    refs: dict[int, tuple[object, PackRef]] = field(default_factory=dict)  # id → (object, where)
    sizes: dict[str, int] = field(default_factory=dict)  # pack → the objects it holds


@dataclass
class BuildCache:
    """Results of the stages, reused while the keys of what they read are unchanged."""

    load: LoadCache = field(default_factory=LoadCache)
    markup: MarkupCache = field(default_factory=MarkupCache)
    graph: GraphCache = field(default_factory=GraphCache)
    plan: PlanCache = field(default_factory=PlanCache)
    extras: ExtrasCache = field(default_factory=ExtrasCache)
    search: SearchCache = field(default_factory=SearchCache)
    output: OutputRecord = field(default_factory=OutputRecord)
    # Loaded from .briefgen-cache/ and not yet built with: what it says of output/ must be checked.
    from_disk: bool = False
    # The objects saved in packs (``packs``), not saved again while alive. Not pickled.
    rows: Packed = field(default_factory=lambda: Packed(), repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        """Saved without the Markdown of briefings (40% of its size): a file's text is only needed
        again when the file changed, and then it is read again. Bodies are saved without their
        HTML (``APART``; two thirds of what is left), which ``store.BodyStore`` keeps one row per
        body, so that a rebuild reads only the HTML of pages it plans. Shared objects stay shared."""
        stripped: dict[int, Briefing] = {}
        apart: dict[int, RenderedBody] = {}

        def strip(b: Briefing) -> Briefing:
            if id(b) not in stripped:
                stripped[id(b)] = replace(b, body="") if b.body else b
            return stripped[id(b)]

        def without_html(body: RenderedBody) -> RenderedBody:
            if id(body) not in apart:
                apart[id(body)] = html_apart(body)
            return apart[id(body)]

        return dict(load=self.load.without_text(strip), markup=self.markup.without_html(without_html),
                    graph=self.graph.without_text(strip, without_html),
                    plan=self.plan.without_text(strip, without_html), extras=self.extras.without_text(strip),
                    search=self.search, output=self.output, from_disk=self.from_disk)

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.rows = Packed()


def layout() -> str:
    """The names of every stage's fields: part of the saved cache's format stamp."""
    parts = [BuildCache, LoadCache, MarkupCache, GraphCache, PlanCache, ExtrasCache, ShardRecord, SearchCache,
             OutputRecord]
    return ";".join(f"{cls.__name__}:{','.join(f.name for f in fields(cls))}" for cls in parts)
