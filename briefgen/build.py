"""``build(site_dir, options)`` → ``BuildResult``: config → load → markup → graph → render → write.

Everything is loaded and linked before anything is written; if any stage reports a problem the
build raises ``ContentErrors`` with all of them and ``output/`` is not touched.

Rebuilds are fast because every per-file stage is pure and cached by content hash:
``BuildCache`` holds loaded briefings and rendered bodies (kept in memory by ``watch``, and in
``.briefgen-cache/`` between runs), and a digest of every page's inputs (its view, the site
settings and the templates). A page whose digest did not change is not rendered again: its
previous file is hard-linked into the new output. Pages are rendered in worker processes when
there are enough of them for it to pay.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import collections
import io
import itertools
import multiprocessing
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from . import __version__, uptodate
from .config import SiteConfig, load_config, with_overrides
from .errors import ContentErrors, Location, Problem, UsageError, errors_only
from .feeds import all_feeds, robots, sitemap
from .graph import SiteGraph, build_graph
from .load import MAX_FILE_BYTES, LoadResult, duplicate_slug_problems, find_content_files, load_file, unusable_entry
from .markup import MarkupSettings, pygments_css, render_markdown
from .model import Briefing, OutputFile, RenderedBody
from .records import cache_key, sign, verify
from .render import (BriefingItem, BriefingRef, Link, PageJob, RenderInputs, briefing_items, iter_pages, plan_briefing_page, SiteView, TemplateProblem, default_theme_dir, make_environment,
                     render_page, site_view)
from .search import SCRATCH_PREFIX, SEARCH_DIR, SHARDS_FILE, build_search_index, shard_count, shard_of, shards_manifest
from .urls import DEFAULT_BASE_URL, UrlScheme
from .write import (MARKER, PAGES_MARKER, check_output_dir, check_output_paths, make_standby, mark_standby_clean,
                    output_marker, output_stats, spill_dir, standby_is_clean, sweep_leftovers, update_via_standby,
                    write_site)

Progress = Callable[[str, int, int], None]
CACHE_DIR = uptodate.CACHE_DIR
CACHE_FILE = "build.pickle"
# The cache file: this line, the HMAC-SHA256 of the pickle (records.sign), the pickle.
CACHE_MAGIC = b"briefgen signed cache\n"
CACHE_VERSION = 3  # bump when what the cache holds changes meaning
# Below this many pages to render, starting worker processes costs more than it saves.
PARALLEL_MIN_PAGES = 400
# From this many pages to render, they are written to disk as they come instead of held in memory.
SPILL_MIN_PAGES = 30000


@dataclass(frozen=True, slots=True)
class BuildOptions:
    out_dir: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    use_cache: bool = True
    save_cache: bool = True  # False: read the persistent cache but leave it as it is (publish's temporary build)
    jobs: int | None = None  # worker processes for rendering; None: all cores
    search: bool = True  # False: keep the previous search index where it is stale (watch re-indexes just after)
    changed_content: tuple[str, ...] | None = None  # watch: the only content files that changed; None: look at all


@dataclass(frozen=True, slots=True)
class BuildStats:
    briefings: int
    pages: int
    files: int
    seconds: float
    rendered: int = 0  # pages rendered this time (the rest were unchanged)
    written: int = 0  # files whose bytes changed
    timings: tuple[tuple[str, float], ...] = ()  # seconds per stage


@dataclass(frozen=True, slots=True)
class BuildResult:
    out_dir: Path
    stats: BuildStats
    warnings: tuple[Problem, ...]
    config: SiteConfig
    changed: tuple[str, ...] = ()  # output paths added, changed or removed
    search_stale: bool = False  # built with search=False and the index is behind


@dataclass
class BuildCache:
    """Results of the pure stages, reused while their inputs' hashes are unchanged."""

    loaded: dict[tuple[str, str, str], LoadResult] = field(default_factory=dict)
    rendered: dict[tuple[str, str, int, MarkupSettings], tuple[RenderedBody, tuple[Problem, ...]]] = field(default_factory=dict)
    # The last successful build: output dir, page URL → input digest, and every file's digest.
    out_dir: str = ""
    page_digests: dict[str, str] = field(default_factory=dict)
    file_digests: dict[str, str] = field(default_factory=dict)
    # The files of output/ as this build left them (write.output_stats); empty when unknown.
    output_stats: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    search_keys: dict[int, str] = field(default_factory=dict)
    standby_digests: dict[str, str] | None = None  # what the standby tree beside the output holds
    # What lets a rebuild skip work: file stats (to skip reading unchanged files), the graph and
    # the page plan of the last build with the keys they were made from.
    stats: dict[str, tuple[int, int, int, str]] = field(default_factory=dict)  # rel → (mtime_ns, size, inode, sha256)
    stats_time: float = 0.0
    listed: tuple[str, ...] = ()  # the content files of the last build
    graph_parts: dict[str, tuple[Briefing, RenderedBody, str]] = field(default_factory=dict)
    graph_key: str = ""
    graph: SiteGraph | None = None
    render_key: str = ""
    briefings: dict[str, Briefing] = field(default_factory=dict)
    bodies: dict[str, RenderedBody] = field(default_factory=dict)
    items: dict[str, BriefingItem] = field(default_factory=dict)
    pages: dict[str, tuple[str, bool, str]] = field(default_factory=dict)  # url → (kind, noindex, briefing slug)
    feeds: dict[str, tuple[object, OutputFile]] = field(default_factory=dict)
    sitemap: tuple[object, OutputFile] | None = None
    digest_of: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # path → (bytes, sha256) of extra files
    # Loaded from .briefgen-cache/ and not yet built with: what it says of output/ must be checked.
    from_disk: bool = False

    def __getstate__(self) -> dict[str, object]:
        """Saved without the Markdown of briefings (40% of its size): a file's text is only needed
        again when the file changed, and then it is read again. Shared objects stay shared."""
        state = dict(self.__dict__)
        stripped: dict[int, Briefing] = {}

        def strip(b: Briefing) -> Briefing:
            if id(b) not in stripped:
                stripped[id(b)] = replace(b, body="")
            return stripped[id(b)]

        state["loaded"] = {k: LoadResult(strip(r.briefing) if r.briefing else None, r.problems) for k, r in self.loaded.items()}
        state["briefings"] = {slug: strip(b) for slug, b in self.briefings.items()}
        state["graph_parts"] = {slug: (strip(b), body, text) for slug, (b, body, text) in self.graph_parts.items()}
        state["digest_of"] = {}
        return state


def site_paths(site_dir: Path) -> tuple[Path, Path, Path]:
    return site_dir / "content", site_dir / "templates", site_dir / "output"


@contextmanager
def site_lock(site_dir: Path) -> Iterator[None]:
    """One build at a time per site: a second one gets a clear message instead of racing (issue 8)."""
    lock_dir = site_dir / CACHE_DIR
    lock_dir.mkdir(exist_ok=True)
    _ignore_cache_dir(lock_dir)
    with open(lock_dir / "lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise UsageError(f"another briefgen is building this site ({holder}); wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _no_gc() -> Iterator[None]:
    """A build makes few reference cycles but millions of objects: the cyclic collector would
    stop it for tenths of a second to scan them all, again and again. Collect once after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _ignore_cache_dir(cache_dir: Path) -> None:
    ignore = cache_dir / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")


def _sweep_leftovers(site_dir: Path, out_dir: Path) -> None:
    """What a killed run left: search scratch folders and half-saved files in the site's cache,
    half-written trees beside the output. Called under the site lock, which every build holds
    from start to end: nothing left there then belongs to a running build (issue 12)."""
    cache_dir = site_dir / CACHE_DIR
    for stale in (*cache_dir.glob(SCRATCH_PREFIX + "*"), *cache_dir.glob(".build-*"),
                  *cache_dir.glob(f".{uptodate.RECORD_FILE}.*")):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
    sweep_leftovers(out_dir)


def _code_digest() -> str:
    """A hash of briefgen's own code: a cache written by any other code is never read."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CACHE_FORMAT = (f"briefgen {__version__} cache {CACHE_VERSION}, python {sys.version_info[:2]}, "
                f"fields {','.join(f.name for f in fields(BuildCache))}, code {_code_digest()}, "
                f"libraries {uptodate.dependency_stamp()}")


def load_cache(site_dir: Path) -> BuildCache:
    """The cache left by the last build, or an empty one if it is missing, old, damaged, or not
    signed with this user's key: unpickling runs code, and the site folder may come from anyone,
    so nothing in it is unpickled before its signature is checked (issue 12)."""
    key = cache_key()
    try:
        sealed = (site_dir / CACHE_DIR / CACHE_FILE).read_bytes()
    except OSError:
        return BuildCache()
    view = memoryview(sealed)
    start = len(CACHE_MAGIC) + 32
    if key is None or view[:len(CACHE_MAGIC)] != CACHE_MAGIC or \
            not verify(key, view[len(CACHE_MAGIC):start], view[start:], str(site_dir).encode()):
        return BuildCache()
    try:
        stamp, cache = pickle.loads(view[start:])
        if stamp == CACHE_FORMAT and isinstance(cache, BuildCache):
            cache.from_disk = True
            return cache
    except Exception:  # noqa: BLE001 - a damaged cache is only a slower build
        pass
    return BuildCache()


def save_cache(site_dir: Path, cache: BuildCache) -> None:
    """Saved signed with this user's key (``records.sign``); not saved at all without one."""
    key = cache_key()
    if key is None:
        return
    directory = site_dir / CACHE_DIR
    directory.mkdir(exist_ok=True)
    _ignore_cache_dir(directory)
    data = pickle.dumps((CACHE_FORMAT, cache), protocol=pickle.HIGHEST_PROTOCOL)
    fd, tmp = tempfile.mkstemp(prefix=".build-", dir=directory)
    with os.fdopen(fd, "wb") as handle:
        handle.write(CACHE_MAGIC + sign(key, data, str(site_dir).encode()))
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, directory / CACHE_FILE)


def build(site_dir: Path, options: BuildOptions = BuildOptions(), cache: BuildCache | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Build the site at ``site_dir``. Raises ContentErrors (exit 1) or UsageError (exit 2).

    Pass ``cache`` to keep results in memory between builds (watch); otherwise the persistent
    cache in ``.briefgen-cache/`` is used unless ``options.use_cache`` is false.
    """
    site_dir = site_dir.resolve()
    if not site_dir.is_dir():
        raise UsageError(f"site directory {site_dir} does not exist")
    with site_lock(site_dir), _no_gc():
        persistent = cache is None and options.use_cache and options.save_cache
        # Only a plain CLI build is recorded for the next one's quick up-to-date check; any other
        # build may change the output, so it forgets the record first.
        recording = persistent and options.search and options.changed_content is None
        inputs = None
        if recording:
            out_dir = uptodate.resolve_dirs(site_dir, options.out_dir)[1]
            inputs = uptodate.input_state(site_dir, uptodate.request_key(site_dir, out_dir, options.base_url, options.drafts))
        if options.save_cache:  # publish's build goes to a temporary directory, not output/
            uptodate.forget(site_dir)
        if cache is None:
            cache = load_cache(site_dir) if options.use_cache else BuildCache()
            if not options.save_cache:
                cache.out_dir = ""  # this cache describes another output: build this one whole
        # A cache from disk may be older than output/ (see _build); watch's own cache never is.
        check_output = persistent or cache.from_disk
        result, live_loaded, live_rendered, dirty = _build(site_dir, options, cache, progress, check_output=check_output)
        cache.from_disk = False  # checked, and what it says of output/ is this build's now
        if inputs is not None and not result.warnings:
            s = result.stats
            uptodate.record(site_dir, result.out_dir, inputs, s.briefings, s.pages, s.files)
        # Keep only what this build used, so the cache does not grow without bound.
        dirty = dirty or len(cache.loaded) != len(live_loaded) or len(cache.rendered) != len(live_rendered)
        cache.loaded = {k: v for k, v in cache.loaded.items() if k in live_loaded}
        cache.rendered = {k: v for k, v in cache.rendered.items() if k in live_rendered}
        if persistent and dirty:  # saving 100 MB for nothing costs more than the whole rebuild
            save_cache(site_dir, cache)
        return result


def prepare_standby(site_dir: Path, cache: BuildCache) -> bool:
    """After a build that wrote the whole site, make the standby tree it did not leave, so the
    next rebuild writes only what changed (watch runs this while the writer reads: otherwise
    the first edit on 10,000 briefings waits ~6 s for the whole site to be written again)."""
    with site_lock(site_dir):
        out_dir = Path(cache.out_dir)
        if not cache.out_dir or cache.standby_digests is not None or not (out_dir / MARKER).exists():
            return False
        make_standby(out_dir, cache.file_digests)
        cache.standby_digests = dict(cache.file_digests)
        return True


def _build(site_dir: Path, options: BuildOptions, cache: BuildCache,
           progress: Progress | None, check_output: bool) -> tuple[BuildResult, set[tuple[str, str, str]], set[object], bool]:
    started = time.perf_counter()
    timings: list[tuple[str, float]] = []
    last = [started]

    def lap(stage: str) -> None:
        now = time.perf_counter()
        timings.append((stage, now - last[0]))
        last[0] = now

    content_dir, templates_dir, _ = site_paths(site_dir)
    out_dir = uptodate.resolve_dirs(site_dir, options.out_dir)[1]  # as the up-to-date check resolves it
    check_output_dir(out_dir, site_dir)
    _sweep_leftovers(site_dir, out_dir)

    config, problems = load_config(site_dir)
    if options.base_url is not None:
        config = with_overrides(config, base_url=options.base_url if options.base_url.endswith("/") else options.base_url + "/")
    scheme = UrlScheme(config.base_url or DEFAULT_BASE_URL, config.pretty_urls)
    if errors_only(problems):
        raise ContentErrors(problems)

    lap("config")
    # Load
    briefings: list[Briefing] = []
    hint = options.changed_content
    if hint is not None and cache.listed and all(h.endswith(".md") for h in hint):
        # watch told us exactly which files changed: no need to list and stat all the others.
        listed = (set(cache.listed) | {h for h in hint if (site_dir / h).is_file()}) - {h for h in hint if not (site_dir / h).exists()}
        cache.listed = tuple(sorted(listed))
        trusted = listed - set(hint)
    else:
        site_prefix = len(str(site_dir)) + 1
        cache.listed = tuple(str(path)[site_prefix:].replace(os.sep, "/") for path in find_content_files(content_dir))
        trusted = set()
    fingerprint = config.fingerprint()
    live_loaded: set[tuple[str, str, str]] = set()
    content_root = content_dir.resolve()
    new_stats: dict[str, tuple[int, int, int, str]] = {}
    stats_time = time.time()
    for number, rel in enumerate(cache.listed, 1):
        if progress and number % 1000 == 0:
            progress("loading", number, len(cache.listed))
        known = cache.stats.get(rel) if rel in trusted else None
        if known is not None and (rel, known[3], fingerprint) in cache.loaded:
            key = (rel, known[3], fingerprint)  # unchanged, as watch told us: no system call at all
            new_stats[rel] = known
            live_loaded.add(key)
            result = cache.loaded[key]
        else:
            path = site_dir / rel
            unusable = unusable_entry(path, rel, content_root)  # a link leading out, a FIFO, an unreadable folder
            if unusable is not None:
                problems.append(unusable)
                continue
            result = _load(path, rel, fingerprint, config, cache, live_loaded, new_stats)
        if result.problems:
            problems.extend(result.problems)
        if result.briefing and (options.drafts or not result.briefing.draft):
            briefings.append(result.briefing)
    problems.extend(duplicate_slug_problems(briefings))

    lap("load")
    # Markup
    settings = MarkupSettings(allow_html=config.allow_html)
    bodies: dict[str, RenderedBody] = {}
    live_rendered: set[object] = set()
    keys = {}
    for b in briefings:
        # The file's hash stands for its body (computed while loading, not again here).
        keys[b.slug] = (b.path, new_stats[b.path][3] if b.path in new_stats else hashlib.sha256(b.body.encode()).hexdigest(),
                        b.body_line, settings)
    missing = [b for b in briefings if keys[b.slug] not in cache.rendered]
    for index, b in enumerate(missing):
        if not b.body and new_stats.get(b.path, (0, 0))[1] > 0:  # saved without its text: read it again
            reloaded = load_file(b.path, (site_dir / b.path).read_text(encoding="utf-8"), config).briefing
            missing[index] = reloaded if reloaded is not None else b
    for b, rendered_body in zip(missing, _markup_bodies(missing, settings, options.jobs)):
        cache.rendered[keys[b.slug]] = rendered_body
    # A briefing's Markdown is not needed once rendered: keep the briefing without it (on big
    # sites the text of every briefing is hundreds of MB). The cache keeps the stripped copy.
    stripped: dict[int, Briefing] = {}
    for key, result in list(cache.loaded.items()):
        if result.briefing is not None and result.briefing.body:
            stripped[id(result.briefing)] = replace(result.briefing, body="")
            cache.loaded[key] = LoadResult(stripped[id(result.briefing)], result.problems)
    briefings = [stripped.get(id(b), b) for b in briefings]
    for b in briefings:
        body_key = keys[b.slug]
        live_rendered.add(body_key)
        body, body_problems = cache.rendered[body_key]
        bodies[b.slug] = body
        problems.extend(body_problems)

    lap("markup")
    # Graph: rebuilt only when something it is made of changed (not for a body-only edit).
    previous_stats = cache.stats
    cache.stats, cache.stats_time = new_stats, stats_time
    by_slug = {b.slug: b for b in briefings}
    graph_key = _graph_key(briefings, bodies, config, cache.graph_parts)
    template_dirs = tuple(str(d) for d in (templates_dir, default_theme_dir()) if d.is_dir())
    site = site_view(config, scheme)
    templates_digest = _templates_digest(template_dirs)
    render_key = hashlib.sha256(pickle.dumps((site, scheme, config, templates_digest), protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
    # The previous output is built on only if it is what the last build left: a persistent cache
    # may be older than the output (a watch session, which keeps its cache in memory, or a person
    # may have changed it since). Watch's own in-memory cache always is the output's.
    reuse = cache.out_dir == str(out_dir) and (out_dir / MARKER).exists() and \
        (not check_output or output_stats(out_dir, cache.output_stats) == cache.output_stats)
    same_site = reuse and cache.graph is not None and cache.graph_key == graph_key and cache.render_key == render_key
    can_replan_few = same_site and len(cache.pages) > 0
    if same_site and cache.graph is not None:
        graph = cache.graph
    else:
        graph, graph_problems = build_graph(briefings, bodies, config)
        problems.extend(graph_problems)
    if errors_only(problems):
        raise ContentErrors(problems)

    lap("graph")
    # Plan, then render only pages whose inputs changed since the last build into this directory.
    inputs = RenderInputs(config, scheme, by_slug, bodies, graph)
    shared = render_key.encode()
    digester = _PageDigester()
    planned: list[PageJob] | None = None  # the pages planned this time (all, or the edited ones)
    pages: dict[str, tuple[str, bool, str]] = {}  # url → (kind, noindex, briefing slug): every page of the site
    digests: dict[str, str] = {}
    if can_replan_few:
        # Fast path: same graph, same templates and settings. Only the pages of briefings whose
        # text changed are planned again, as long as what lists show of them (items) is the same.
        changed_slugs = [s for s in graph.order if cache.briefings.get(s) is not by_slug[s] or cache.bodies.get(s) is not bodies[s]]
        new_items = briefing_items(inputs, changed_slugs)
        if all(new_items[s] == cache.items.get(s) for s in changed_slugs):
            items = cache.items
            planned = [plan_briefing_page(inputs, s, items) for s in changed_slugs]
            pages = cache.pages
            digests = dict(cache.page_digests)
            for job in planned:
                digests[job.url] = digester.digest(shared, job)
    if planned is not None:
        to_render: Iterable[PageJob] = [job for job in planned if not (reuse and cache.page_digests.get(job.url) == digests[job.url])]
        rendering = {job.url for job in to_render}
        spill = len(rendering) >= SPILL_MIN_PAGES
    else:
        # Full plan: pages are planned, digested and rendered as a stream, so a big site is never
        # held in memory as 100,000 page views at once.
        items = briefing_items(inputs, graph.order)
        rendering = set()

        def stream() -> Iterator[PageJob]:
            for job in iter_pages(inputs, items):
                pages[job.url] = (job.page.kind, job.page.noindex, job.view.item.slug if job.page.kind == "briefing" else "")
                digests[job.url] = digester.digest(shared, job)
                if not (reuse and cache.page_digests.get(job.url) == digests[job.url]):
                    rendering.add(job.url)
                    yield job

        to_render = stream()
        spill = len(items) >= SPILL_MIN_PAGES
    # output path → a file with the right bytes (previous build or spilled); strings, because
    # making 20,000 Path objects per rebuild is a measurable part of a watch round
    reused: dict[str, str | Path] = {}
    out_prefix = str(out_dir) + os.sep
    lap("plan")
    # Many pages are spilled to files beside the output as they are rendered, so memory does not
    # grow with the size of the site; they then join the output by hard link like unchanged pages.
    spill_to = spill_dir(out_dir) if spill else None  # emptied at the start (sweep_leftovers)
    spilled: dict[str, str] = {}  # output path → sha256 of the spilled file
    rendered: list[OutputFile] = []
    for chunk in _render_pages(to_render, template_dirs, site, scheme, site_dir, options.jobs, progress):
        if spill_to is None:
            rendered.extend(chunk)
            continue
        for file in chunk:
            target = spill_to / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.data)
            spilled[file.path] = hashlib.sha256(file.data).hexdigest()
            reused[file.path] = target
    # Every page is planned now: the ones not rendered are the previous build's files.
    for url in pages:
        page_path = UrlScheme.output_path(url)
        if url not in rendering and page_path not in reused:
            reused[page_path] = out_prefix + page_path
    cache_dirty = not same_site or bool(rendering) or new_stats != previous_stats
    cache.graph_key, cache.graph, cache.render_key = graph_key, graph, render_key
    cache.briefings, cache.bodies, cache.items = by_slug, bodies, dict(items)
    cache.pages = pages

    lap("render")
    # Feeds, search, assets: cheap to remake except the search index, remade only when the
    # pages it indexes changed.
    extra: list[OutputFile] = []
    if not same_site:
        cache.feeds = {}
    extra.extend(all_feeds(graph, by_slug, bodies, config, scheme, cache.feeds))
    indexable = tuple(url for url, (_, noindex, _) in pages.items() if not noindex)
    lastmod = tuple((url, by_slug[slug].date) for url, (kind, _, slug) in pages.items() if kind == "briefing")
    if cache.sitemap is None or cache.sitemap[0] != (indexable, lastmod, scheme):
        cache.sitemap = ((indexable, lastmod, scheme), sitemap(indexable, dict(lastmod), scheme))
    extra.append(cache.sitemap[1])
    extra.append(robots(scheme))
    extra.extend(_assets(site_dir, templates_dir))
    extra.append(OutputFile(PAGES_MARKER, b""))

    lap("feeds")
    # Search: one Pagefind bundle per shard of briefings, re-indexed only when one of its pages changed.
    search_pages = sorted(url for url, (kind, _, _) in pages.items() if kind == "briefing")
    shards = shard_count(len(search_pages))
    extra.append(shards_manifest(shards))
    by_shard: dict[int, list[str]] = {i: [] for i in range(shards)}
    for url in search_pages:
        by_shard[shard_of(url, shards)].append(url)
    rendered_by_path = {f.path: f for f in rendered}
    search_keys: dict[int, str] = {}
    stale: list[tuple[int, list[str]]] = []  # shards to re-index, with their pages' output paths
    previous_by_shard: dict[int, list[str]] = {}
    for file_path in cache.file_digests:
        if file_path.startswith(SEARCH_DIR + "/") and file_path != SHARDS_FILE:
            rest = file_path[len(SEARCH_DIR) + 1:]
            number = int(rest[6:8]) if rest.startswith("shard-") else 0
            previous_by_shard.setdefault(number, []).append(file_path)
    for shard, urls in by_shard.items():
        if not urls:
            continue  # Pagefind will not index nothing; the search page then finds nothing
        search_key = hashlib.sha256(("\n".join(f"{u} {digests[u]}" for u in urls) + config.language + str(shards)).encode()).hexdigest()
        search_keys[shard] = search_key
        previous = previous_by_shard.get(shard, [])
        if reuse and previous and (cache.search_keys.get(shard) == search_key or not options.search):
            reused.update({p: out_prefix + p for p in previous})
            if cache.search_keys.get(shard) != search_key:
                search_keys[shard] = "stale"  # re-indexed by the next build that runs search
            continue
        stale.append((shard, [UrlScheme.output_path(url) for url in urls]))

    def index_shard(item: tuple[int, list[str]]) -> list[OutputFile]:
        # A shard's pages are read when it is indexed, not all up front: on a site of 100,000
        # briefings, holding every page for the search stage took 1.6 GB.
        shard, paths = item
        shard_pages = [rendered_by_path.get(path) or OutputFile(path, Path(reused[path]).read_bytes()) for path in paths]
        return build_search_index(shard_pages, config.language, shard, site_dir / CACHE_DIR)

    search_files: list[OutputFile] = []
    with ThreadPoolExecutor(max_workers=max(1, min(len(stale), options.jobs or os.cpu_count() or 1))) as pool:
        for files in pool.map(index_shard, stale):
            search_files.extend(files)

    lap("search")
    output = rendered + extra + search_files
    output.append(output_marker(itertools.chain((f.path for f in output), reused)))
    path_problems = check_output_paths(itertools.chain((f.path for f in output), reused),
                                       cache.file_digests if reuse else ())
    if path_problems:
        raise ContentErrors(path_problems)

    new_digests: dict[str, str] = {}
    for f in output:
        known_digest = cache.digest_of.get(f.path)
        if known_digest is not None and known_digest[0] is f.data:
            new_digests[f.path] = known_digest[1]
        else:
            new_digests[f.path] = hashlib.sha256(f.data).hexdigest()
    cache.digest_of = {f.path: (f.data, new_digests[f.path]) for f in extra}
    for reused_path in reused:
        new_digests[reused_path] = spilled.get(reused_path) or cache.file_digests.get(reused_path, "")
    changed = tuple(sorted(p for p in set(new_digests) | set(cache.file_digests)
                           if new_digests.get(p) != cache.file_digests.get(p) or not reuse))
    live_digests = cache.file_digests
    if reuse and not changed:
        pass  # the site on disk is already this build, byte for byte
    elif reuse and cache.standby_digests is not None and standby_is_clean(out_dir):
        update_via_standby(output, reused, out_dir, cache.standby_digests, new_digests)
        cache.standby_digests = live_digests
    else:
        write_site(sorted(output, key=lambda f: f.path), out_dir, reused, keep_old_as_standby=True)
        if reuse:
            mark_standby_clean(out_dir)
            cache.standby_digests = live_digests
        else:
            cache.standby_digests = None
    if spill_to is not None:
        shutil.rmtree(spill_to, ignore_errors=True)
    if not check_output:
        cache.output_stats = {}
    elif changed or not reuse:
        cache.output_stats = output_stats(out_dir, new_digests)
    lap("write")
    cache.out_dir = str(out_dir)
    cache.page_digests = digests
    cache.file_digests = new_digests
    cache.search_keys = search_keys
    stats = BuildStats(len(briefings), len(pages), len(new_digests), time.perf_counter() - started,
                       rendered=len(rendering), written=len(changed), timings=tuple(timings))
    cache_dirty = cache_dirty or bool(changed) or bool(stale)
    return (BuildResult(out_dir, stats, tuple(p for p in problems if p.warning), config, changed,
                        search_stale=any(k == "stale" for k in search_keys.values())),
            live_loaded, live_rendered, cache_dirty)


class _PageDigester:
    """A digest of everything a page is rendered from.

    Pickling each page's view whole costs seconds on a big site, because the same briefing
    items appear on many list pages. Items, refs and links are digested once and stand in for
    themselves (pickle's persistent ids) in every page that shows them.
    """

    SHARED = (BriefingItem, BriefingRef, Link)

    def __init__(self) -> None:
        self._known: dict[int, tuple[object, bytes]] = {}
        self._buffer = io.BytesIO()
        self._pickler = pickle.Pickler(self._buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self._pickler.persistent_id = self._persistent_id  # type: ignore[method-assign]

    def _persistent_id(self, obj: object) -> bytes | None:
        if type(obj) not in self.SHARED:
            return None
        entry = self._known.get(id(obj))
        if entry is None:
            entry = (obj, hashlib.sha256(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)).digest())
            self._known[id(obj)] = entry  # holding obj keeps its id from being reused
        return entry[1]

    def digest(self, shared: bytes, job: PageJob) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._pickler.clear_memo()
        self._pickler.dump(job)
        return hashlib.sha256(shared + self._buffer.getvalue()).hexdigest()


def _graph_key(briefings: Sequence[Briefing], bodies: Mapping[str, RenderedBody], config: SiteConfig,
               parts: dict[str, tuple[Briefing, RenderedBody, str]]) -> str:
    """Everything build_graph reads: when this is unchanged, so is the graph. ``parts`` keeps each
    briefing's share of the key while its objects are the same ones (watch rebuilds)."""
    pieces = [repr(config.topics)]
    seen = {}
    for b in briefings:
        body = bodies[b.slug]
        known = parts.get(b.slug)
        if known is None or known[0] is not b or known[1] is not body:
            known = (b, body, repr((b.slug, b.path, b.published, b.date, b.topics, b.countries, body.links)))
        seen[b.slug] = known
    parts.clear()
    parts.update(seen)
    pieces.extend(parts[slug][2] for slug in sorted(parts))
    return hashlib.sha256("\n".join(pieces).encode()).hexdigest()


def _templates_digest(template_dirs: Sequence[str]) -> str:
    """Changes when any template or asset changes: pages are re-rendered then."""
    digest = hashlib.sha256()
    for directory in template_dirs:
        for path in sorted(Path(directory).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# --- rendering, serially or in worker processes --------------------------------------------

_worker_state: dict[str, object] = {}
# Workers start from a fresh server process, not a fork of the builder: a fork would share the
# builder's whole heap, and Python's reference counting copies it page by page (measured: each
# worker grew past 4 GB on 100,000 briefings).
_WORKER_START = multiprocessing.get_context("forkserver")


def _init_worker(template_dirs: tuple[str, ...], site: SiteView, scheme: UrlScheme, site_dir: Path) -> None:
    _worker_state.update(env=make_environment(template_dirs), site=site, scheme=scheme, site_dir=site_dir)


def _markup_chunk(items: Sequence[tuple[str, str, int, MarkupSettings]]) -> list[tuple[RenderedBody, tuple[Problem, ...]]]:
    return [render_markdown(path, body, line, settings) for path, body, line, settings in items]


def _markup_bodies(briefings: Sequence[Briefing], settings: MarkupSettings,
                   workers: int | None) -> list[tuple[RenderedBody, tuple[Problem, ...]]]:
    """Markdown → HTML for these briefings, in worker processes when there are many (cold builds)."""
    items = [(b.path, b.body, b.body_line, settings) for b in briefings]
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(items) < PARALLEL_MIN_PAGES:
        return _markup_chunk(items)
    size = max(50, len(items) // (workers * 8))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    results: list[tuple[RenderedBody, tuple[Problem, ...]]] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=_WORKER_START) as pool:
        for chunk_result in pool.map(_markup_chunk, chunks):
            results.extend(chunk_result)
    return results


def _render_chunk(jobs: Sequence[PageJob]) -> list[OutputFile | Problem]:
    results: list[OutputFile | Problem] = []
    for job in jobs:
        try:
            results.append(render_page(job, _worker_state["env"], _worker_state["site"],  # type: ignore[arg-type]
                                       _worker_state["scheme"], _worker_state["site_dir"]))  # type: ignore[arg-type]
        except TemplateProblem as exc:
            results.append(exc.problem)
    return results


def _render_pages(jobs: Iterable[PageJob], template_dirs: tuple[str, ...], site: SiteView, scheme: UrlScheme,
                  site_dir: Path, workers: int | None, progress: Progress | None) -> Iterator[list[OutputFile]]:
    """Rendered pages, a chunk at a time, in worker processes once there are enough of them.
    ``jobs`` may be a stream: at most a few chunks are in flight at once. Template errors of all
    pages are collected and raised together at the end."""
    workers = workers or os.cpu_count() or 1
    problems: list[Problem] = []
    iterator = iter(jobs)

    def split(results: list[OutputFile | Problem]) -> list[OutputFile]:
        for item in results:
            if isinstance(item, Problem) and item not in problems:
                problems.append(item)
        return [r for r in results if isinstance(r, OutputFile)]

    first = list(itertools.islice(iterator, PARALLEL_MIN_PAGES))
    done = 0
    if workers > 1 and len(first) >= PARALLEL_MIN_PAGES:
        size = 200
        chunks = itertools.chain((first[i:i + size] for i in range(0, len(first), size)),
                                 iter(lambda: list(itertools.islice(iterator, size)), []))
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, mp_context=_WORKER_START,
                                 initargs=(template_dirs, site, scheme, site_dir)) as pool:
            in_flight: collections.deque[Any] = collections.deque()
            for chunk in chunks:
                in_flight.append(pool.submit(_render_chunk, chunk))
                if len(in_flight) >= workers * 3:  # keep the workers busy, not the memory full
                    results = in_flight.popleft().result()
                    done += len(results)
                    yield split(results)
                    if progress:
                        progress("rendering", done, done + len(in_flight) * size)
            while in_flight:
                yield split(in_flight.popleft().result())
    else:
        _init_worker(template_dirs, site, scheme, site_dir)
        chunk = first
        while chunk:
            yield split(_render_chunk(chunk))
            done += len(chunk)
            if progress and done > 1000:
                progress("rendering", done, done)
            chunk = list(itertools.islice(iterator, 500))
    if problems:
        raise ContentErrors(problems[:20])


def _load(path: Path, rel: str, fingerprint: str, config: SiteConfig, cache: BuildCache,
          live: set[tuple[str, str, str]], new_stats: dict[str, tuple[int, int, int, str]]) -> LoadResult:
    try:
        st = path.stat()
        if st.st_size > MAX_FILE_BYTES:
            return LoadResult(None, (Problem(Location(rel), f"file is {st.st_size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB"),))
        known = cache.stats.get(rel)
        # Like git's index: trust an unchanged stat, except for files modified so close to the
        # last build that a later edit could share their timestamp ("racy" files).
        if known and known[:3] == (st.st_mtime_ns, st.st_size, st.st_ino) and st.st_mtime < cache.stats_time - 2:
            sha = known[3]
            data = None
        else:
            data = path.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
        new_stats[rel] = (st.st_mtime_ns, st.st_size, st.st_ino, sha)
    except OSError as exc:
        return LoadResult(None, (Problem(Location(rel), f"cannot read file: {exc.strerror}"),))
    key = (rel, sha, fingerprint)
    live.add(key)
    if key not in cache.loaded:
        if data is None:
            data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            cache.loaded[key] = LoadResult(None, (Problem(Location(rel, line), "not valid UTF-8 text (save the file as UTF-8)"),))
        else:
            cache.loaded[key] = load_file(rel, text, config)
    return cache.loaded[key]


def _assets(site_dir: Path, templates_dir: Path) -> list[OutputFile]:
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
