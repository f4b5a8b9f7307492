"""``build(site_dir, options)`` → ``BuildResult``: the pipeline, and nothing else.

config → load → markup → graph → plan → render → extras (feeds, sitemap, assets) → search →
write; each stage is a function in ``briefgen/pipeline/`` from plain data to plain data.
Everything is loaded and linked before anything is written; if any stage reports a problem the
build raises ``ContentErrors`` with all of them and ``output/`` is not touched.

Rebuilds are fast because each stage reuses its part of the ``BuildCache`` (kept in memory by
``watch``, and in ``.briefgen-cache/`` between runs) while the data it reads is unchanged; a
page whose inputs did not change is not rendered again, and its previous file is hard-linked
into the new output.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import uptodate
from .config import SiteConfig
from .errors import ContentErrors, Problem, UsageError, errors_only
from .model import OutputFile
from .pipeline.bodies import mark_up
from .pipeline.cache import BodyKey, BuildCache, LoadKey, Packed
from .pipeline.content import load_content
from .pipeline.extras import extras
from .pipeline.index import Indexed, index
from .pipeline.linking import link
from .pipeline.memory import release_free_memory
from .pipeline.output import can_build_on, digests_of, with_marker, write_output, write_whole
from .pipeline.output import prepare_standby as _prepare_standby
from .pipeline.pages import Rendered, Theme, init_worker, render
from .pipeline.plan import plan, remember, render_key
from .pipeline.pools import Workers
from .pipeline.settings import configure, template_dirs
from .pipeline.site import CACHE_DIR, StageClock, no_gc, site_lock, sweep_leftovers
from .pipeline.store import BodyStore, load_cache, save_cache
from .render import RenderInputs, site_view
from .write import check_output_dir

__all__ = ["BuildCache", "BuildOptions", "BuildResult", "BuildStats", "CACHE_DIR", "build", "load_cache",
           "prepare_standby"]

Progress = Callable[[str, int, int], None]


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
    inputs: uptodate.InputState | None = None  # the inputs' stats, if the caller took them (the CLI does)


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


@dataclass(frozen=True, slots=True)
class _Ran:
    result: BuildResult
    used_files: set[LoadKey]  # the cache entries the build used: the others are forgotten
    used_bodies: set[BodyKey]
    dirty: bool  # the cache differs from the saved one in more than what was forgotten


def build(site_dir: Path, options: BuildOptions = BuildOptions(), cache: BuildCache | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Build the site at ``site_dir``. Raises ContentErrors (exit 1) or UsageError (exit 2).

    Pass ``cache`` to keep results in memory between builds (watch); otherwise the persistent
    cache in ``.briefgen-cache/`` is used unless ``options.use_cache`` is false.
    """
    site_dir = site_dir.resolve()
    if not site_dir.is_dir():
        raise UsageError(f"site directory {site_dir} does not exist")
    with site_lock(site_dir), no_gc():
        persistent = cache is None and options.use_cache and options.save_cache
        # Only a plain CLI build is recorded for the next one's quick up-to-date check; any other
        # build may change the output, so it forgets the record first.
        inputs = None
        if persistent and options.search and options.changed_content is None:
            out_dir = uptodate.resolve_dirs(site_dir, options.out_dir)[1]
            request = uptodate.request_key(site_dir, out_dir, options.base_url, options.drafts)
            given = options.inputs
            inputs = given if given is not None and given.key == request else uptodate.input_state(site_dir, request)
        if options.save_cache:  # publish's build goes to a temporary directory, not output/
            uptodate.forget(site_dir)
        if cache is None:
            cache = load_cache(site_dir) if options.use_cache else BuildCache()
            if not options.save_cache:
                cache.output.out_dir = ""  # this cache describes another output: build this one whole
        elif cache.rows.refs:  # watch never saves its cache: let replaced objects go
            cache.rows = Packed()
        # A cache from disk may be older than output/ (output.can_build_on); watch's own cache never is.
        ran = _run(site_dir, options, cache, progress, check_output=persistent or cache.from_disk, state=inputs)
        cache.from_disk = False  # checked, and what it says of output/ is this build's now
        if inputs is not None and not ran.result.warnings:
            s = ran.result.stats
            uptodate.record(site_dir, ran.result.out_dir, inputs, s.briefings, s.pages, s.files)
        # Keep only what this build used, so the cache does not grow without bound.
        forgot = [cache.load.keep(ran.used_files), cache.markup.keep(ran.used_bodies)]
        if persistent and (ran.dirty or any(forgot)):  # saving 100 MB for nothing costs more than the whole rebuild
            save_cache(site_dir, cache)
        if persistent:
            _keep(cache)
        return ran.result


# The last persistent cache, kept alive: freeing its million small objects when ``build`` returns
# took 0.5 s at 10,000 briefings, and the command line exits without freeing them (``cli.run``).
_LAST_CACHE: list[BuildCache] = []


def _keep(cache: BuildCache) -> None:
    """Keep the cache, and keep the cyclic collector from scanning it: with the collector off
    for the build, every object made since is young, and the first collection after the build
    would scan them all (0.5 s at 10,000 briefings). Reference counting still frees them."""
    _LAST_CACHE[:] = [cache]
    gc.freeze()


def prepare_standby(site_dir: Path, cache: BuildCache) -> bool:
    """After a build that wrote the whole site, make the standby tree it did not leave, so the
    next rebuild writes only what changed (watch runs this while the writer reads: otherwise
    the first edit on 10,000 briefings waits ~6 s for the whole site to be written again)."""
    with site_lock(site_dir):
        return _prepare_standby(cache.output)


def _run(site_dir: Path, options: BuildOptions, cache: BuildCache, progress: Progress | None,
         check_output: bool, state: uptodate.InputState | None) -> _Ran:
    clock = StageClock()
    out_dir = uptodate.resolve_dirs(site_dir, options.out_dir)[1]  # as the up-to-date check resolves it
    check_output_dir(out_dir, site_dir)
    sweep_leftovers(site_dir, out_dir)
    config, scheme, problems = configure(site_dir, options.base_url)
    theme = Theme(template_dirs(site_dir), site_view(config, scheme), scheme, site_dir)
    clock.lap("config")
    loaded = load_content(site_dir, config, cache.load, drafts=options.drafts, changed=options.changed_content,
                          listed=(state.content, state.taken) if state is not None else None,
                          progress=(lambda done, total: progress("loading", done, total)) if progress else None)
    problems.extend(loaded.problems)
    clock.lap("load")
    with Workers(options.jobs, init_worker, (theme,)) as workers:  # started once, if needed: markup, render
        marked = mark_up(site_dir, config, loaded.briefings, loaded.stats, cache.markup, cache.load, workers,
                         BodyStore(site_dir))
        problems.extend(marked.problems)
        clock.lap("markup")
        stats_changed = loaded.stats != cache.load.stats
        cache.load.stats, cache.load.stats_time = loaded.stats, loaded.stats_time
        load_used = loaded.used
        del loaded  # its briefings hold every file's Markdown (GBs at 100,000); marked's are copies without
        linked = link(marked.briefings, marked.bodies, config, cache.graph)  # not again for a body-only edit
        problems.extend(linked.problems)
        if errors_only(problems):
            raise ContentErrors(problems)
        clock.lap("graph")
        by_slug = {b.slug: b for b in marked.briefings}
        key = render_key(theme.site, scheme, config, theme.template_dirs)
        reuse = can_build_on(cache.output, out_dir, check_output)
        inputs = RenderInputs(config, scheme, by_slug, marked.bodies, linked.graph, marked.html)
        pages = plan(inputs, key, linked.key, cache.plan, cache.output.page_digests if reuse else None)
        clock.lap("plan")
        rendered = render(pages, out_dir, workers, progress)
    remember(cache.plan, pages, key, linked.key, by_slug, marked.bodies)
    clock.lap("render")
    # Pagefind indexes in its own processes while this one makes the feeds and writes the pages.
    with ThreadPoolExecutor(max_workers=1) as background:
        searching = background.submit(index, pages.pages, pages.digests, config.language, rendered, cache.search,
                                      out_dir if reuse else None, search=options.search, jobs=options.jobs)
        extra = extras(linked.graph, by_slug, marked.bodies, config, scheme, pages.pages, site_dir / "templates",
                       cache.extras, pages.same_site)
        clock.lap("feeds")
        if reuse:
            indexed = searching.result()
            clock.lap("search")
            changed, digests = _update(rendered, extra, indexed, out_dir, cache, check_output)
            clock.lap("write")
        else:
            indexed, changed, digests = _write_whole(rendered, extra, searching, out_dir, cache, check_output)
            clock.lap("search and write")
    cache.extras.digests = {f.path: (f.data, digests[f.path]) for f in extra}
    cache.output.page_digests = pages.digests
    cache.search.shards = indexed.shards
    stats = BuildStats(len(marked.briefings), len(pages.pages), len(digests), clock.elapsed(),
                       rendered=len(pages.rendering), written=len(changed), timings=tuple(clock.timings))
    result = BuildResult(out_dir, stats, tuple(p for p in problems if p.warning), config, changed,
                         search_stale=indexed.stale)
    dirty = not pages.same_site or bool(pages.rendering) or stats_changed or bool(changed) or indexed.indexed > 0
    if pages.spill:
        release_free_memory()  # what the search and the writing freed, before the cache is saved
    return _Ran(result, load_used, marked.used, dirty)


def _update(rendered: Rendered, extra: list[OutputFile], indexed: Indexed, out_dir: Path, cache: BuildCache,
            check_output: bool) -> tuple[tuple[str, ...], dict[str, str]]:
    """Bring the output up to date (it is this cache's): only files that changed are written."""
    reused = {**rendered.reused, **indexed.reused, **{p: target for p, (target, _) in indexed.spilled.items()}}
    spilled = {**rendered.spilled, **{p: digest for p, (_, digest) in indexed.spilled.items()}}
    files = with_marker(rendered.files + extra + indexed.files, reused, cache.output, True)
    digests = digests_of(files, reused, cache.extras.digests, spilled, cache.output)
    changed = write_output(files, reused, digests, out_dir, cache.output, True, check_output, rendered.spill_dir)
    return changed, digests


def _write_whole(rendered: Rendered, extra: list[OutputFile], searching: Future[Indexed], out_dir: Path,
                 cache: BuildCache, check_output: bool) -> tuple[Indexed, tuple[str, ...], dict[str, str]]:
    """Write the whole site, the pages while the search index is still being made."""
    def search_files() -> list[OutputFile]:
        indexed = searching.result()
        assert not indexed.reused  # nothing is kept from an output that cannot be built on
        for path, (target, digest) in indexed.spilled.items():  # bundles on disk join as spilled pages do
            rendered.reused[path], rendered.spilled[path] = target, digest
        return indexed.files

    written = write_whole(rendered.files + extra, search_files, rendered.reused, cache.extras.digests,
                          rendered.spilled, out_dir, cache.output, check_output, rendered.spill_dir)
    return searching.result(), written.changed, written.digests
