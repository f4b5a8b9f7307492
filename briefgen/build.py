"""``build(site_dir, options)`` → ``BuildResult``: config → load → markup → graph → render → write.

Everything is loaded and linked before anything is written; if any stage reports a problem the
build raises ``ContentErrors`` with all of them and ``output/`` is not touched. ``BuildCache``
keeps per-file results keyed by content hash, so ``watch`` can rerun the same stages cheaply.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .config import SiteConfig, load_config, with_overrides
from .errors import ContentErrors, Location, Problem, UsageError, errors_only
from .feeds import all_feeds, robots, sitemap
from .graph import build_graph
from .load import MAX_FILE_BYTES, LoadResult, duplicate_slug_problems, find_content_files, load_file
from .markup import MarkupSettings, pygments_css, render_markdown
from .model import Briefing, OutputFile, RenderedBody
from .render import (RenderInputs, TemplateProblem, default_theme_dir, make_environment, plan_pages,
                     render_page, site_view)
from .search import build_search_index
from .urls import DEFAULT_BASE_URL, UrlScheme
from .write import MARKER, check_output_dir, check_output_paths, write_site

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    out_dir: Path | None = None
    base_url: str | None = None
    drafts: bool = False


@dataclass(frozen=True, slots=True)
class BuildStats:
    briefings: int
    pages: int
    files: int
    seconds: float


@dataclass(frozen=True, slots=True)
class BuildResult:
    out_dir: Path
    stats: BuildStats
    warnings: tuple[Problem, ...]
    config: SiteConfig


@dataclass
class BuildCache:
    """Results of the pure per-file stages, reused while the inputs' hashes are unchanged."""

    loaded: dict[tuple[str, str, str], LoadResult] = field(default_factory=dict)
    rendered: dict[tuple[str, str, int, MarkupSettings], tuple[RenderedBody, tuple[Problem, ...]]] = field(default_factory=dict)


def site_paths(site_dir: Path) -> tuple[Path, Path, Path]:
    return site_dir / "content", site_dir / "templates", site_dir / "output"


def build(site_dir: Path, options: BuildOptions = BuildOptions(), cache: BuildCache | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Build the site at ``site_dir``. Raises ContentErrors (exit 1) or UsageError (exit 2)."""
    started = time.perf_counter()
    site_dir = site_dir.resolve()
    if not site_dir.is_dir():
        raise UsageError(f"site directory {site_dir} does not exist")
    cache = cache if cache is not None else BuildCache()
    content_dir, templates_dir, default_out = site_paths(site_dir)
    out_dir = (options.out_dir or default_out).absolute()
    check_output_dir(out_dir, site_dir)

    config, problems = load_config(site_dir)
    if options.base_url is not None:
        config = with_overrides(config, base_url=options.base_url if options.base_url.endswith("/") else options.base_url + "/")
    scheme = UrlScheme(config.base_url or DEFAULT_BASE_URL)
    if errors_only(problems):
        raise ContentErrors(problems)

    # Load
    briefings: list[Briefing] = []
    files = find_content_files(content_dir)
    fingerprint = config.fingerprint()
    for number, path in enumerate(files, 1):
        rel = path.relative_to(site_dir).as_posix()
        if progress and number % 500 == 0:
            progress("loading", number, len(files))
        if not _inside(path.resolve(), content_dir.resolve()):
            problems.append(Problem(Location(rel), "symbolic link to a file outside content/ is not followed"))
            continue
        result = _load(path, rel, fingerprint, config, cache)
        problems.extend(result.problems)
        if result.briefing and (options.drafts or not result.briefing.draft):
            briefings.append(result.briefing)
    problems.extend(duplicate_slug_problems(briefings))

    # Markup
    settings = MarkupSettings(allow_html=config.allow_html)
    bodies: dict[str, RenderedBody] = {}
    for b in briefings:
        key = (b.path, hashlib.sha256(b.body.encode()).hexdigest(), b.body_line, settings)
        if key not in cache.rendered:
            cache.rendered[key] = render_markdown(b.path, b.body, b.body_line, settings)
        body, body_problems = cache.rendered[key]
        bodies[b.slug] = body
        problems.extend(body_problems)

    # Graph
    graph, graph_problems = build_graph(briefings, bodies, config)
    problems.extend(graph_problems)
    if errors_only(problems):
        raise ContentErrors(problems)

    # Render
    by_slug = {b.slug: b for b in briefings}
    inputs = RenderInputs(config, scheme, by_slug, bodies, graph)
    jobs = plan_pages(inputs)
    template_dirs = tuple(str(d) for d in (templates_dir, default_theme_dir()) if d.is_dir())
    env = make_environment(template_dirs)
    site = site_view(config, scheme)
    output: list[OutputFile] = []
    template_problems: list[Problem] = []
    for number, job in enumerate(jobs, 1):
        if progress and number % 500 == 0:
            progress("rendering", number, len(jobs))
        try:
            output.append(render_page(job, env, site, scheme, site_dir))
        except TemplateProblem as exc:
            if exc.problem not in template_problems:
                template_problems.append(exc.problem)
            if len(template_problems) >= 20:
                break
    if template_problems:
        raise ContentErrors(problems + template_problems)

    output.extend(build_search_index([f for f in output if f.path.startswith("briefings/")], config.language))
    output.extend(all_feeds(graph, by_slug, bodies, config, scheme))
    indexable = [j.url for j in jobs if not j.page.noindex]
    lastmod = {j.url: by_slug[j.view.item.slug].date for j in jobs if j.page.kind == "briefing"}
    output.append(sitemap(indexable, lastmod, scheme))
    output.append(robots(scheme))
    output.extend(_assets(site_dir, templates_dir))
    output.append(OutputFile("assets/code.css", pygments_css().encode()))
    output.append(OutputFile(MARKER, b""))

    path_problems = check_output_paths(output)
    if path_problems:
        raise ContentErrors(path_problems)
    written = write_site(sorted(output, key=lambda f: f.path), out_dir)
    return BuildResult(out_dir, BuildStats(len(briefings), len(jobs), written, time.perf_counter() - started),
                       tuple(p for p in problems if p.warning), config)


def _load(path: Path, rel: str, fingerprint: str, config: SiteConfig, cache: BuildCache) -> LoadResult:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return LoadResult(None, (Problem(Location(rel), f"file is {size // 1_000_000} MB; the limit is {MAX_FILE_BYTES // 1_000_000} MB"),))
        data = path.read_bytes()
    except OSError as exc:
        return LoadResult(None, (Problem(Location(rel), f"cannot read file: {exc.strerror}"),))
    key = (rel, hashlib.sha256(data).hexdigest(), fingerprint)
    if key not in cache.loaded:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            cache.loaded[key] = LoadResult(None, (Problem(Location(rel, line), "not valid UTF-8 text (save the file as UTF-8)"),))
        else:
            cache.loaded[key] = load_file(rel, text, config)
    return cache.loaded[key]


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _assets(site_dir: Path, templates_dir: Path) -> list[OutputFile]:
    """Theme assets, overridden by the site's own ``templates/assets`` files of the same name."""
    found: dict[str, bytes] = {}
    for root in (default_theme_dir() / "assets", templates_dir / "assets"):
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                found["assets/" + path.relative_to(root).as_posix()] = path.read_bytes()
    return [OutputFile(p, d) for p, d in sorted(found.items())]
