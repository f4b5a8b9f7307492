"""The render stage: planned pages → HTML files, in worker processes once there are enough.

Pages not planned for rendering are the previous build's files, taken over by path. When there
are thousands of pages to render, they are spilled to a folder beside the output as they
arrive (memory does not grow with the site) and join the output by hard link.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentErrors, Problem
from ..model import OutputFile
from ..render import PageJob, SiteView, TemplateProblem, make_environment, render_page
from ..urls import UrlScheme
from ..write import spill_dir
from .memory import release_free_memory
from .plan import PagePlan
from .pools import Workers

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class Theme:
    """What every page is rendered with (sent once to each worker process)."""

    template_dirs: tuple[str, ...]
    site: SiteView
    scheme: UrlScheme
    site_dir: Path


@dataclass(frozen=True, slots=True)
class Rendered:
    files: list[OutputFile]  # pages rendered and held in memory
    # output path → a file with the right bytes (spilled now, or the previous build's); strings,
    # because making 20,000 Path objects per rebuild is a measurable part of a watch round
    reused: dict[str, str | Path] = field(default_factory=dict)
    spilled: dict[str, str] = field(default_factory=dict)  # output path → sha256 of the spilled file
    spill_dir: Path | None = None  # to remove once the output is written


# On a spilled render, free memory goes back to the system every this many pages (see memory.py).
RELEASE_EVERY_PAGES = 10_000


def render(plan: PagePlan, out_dir: Path, workers: Workers, progress: Progress | None) -> Rendered:
    """Render the plan's pages; every other page of the site is the previous build's file."""
    spill_to = spill_dir(out_dir) if plan.spill else None  # emptied at the start (sweep_leftovers)
    rendered = Rendered([], spill_dir=spill_to)
    for chunk in render_pages(plan.jobs, workers, progress):
        if spill_to is None:
            rendered.files.extend(chunk)
            continue
        for file in chunk:
            rendered.reused[file.path], rendered.spilled[file.path] = spill_file(file, spill_to)
        if len(rendered.spilled) // RELEASE_EVERY_PAGES != (len(rendered.spilled) - len(chunk)) // RELEASE_EVERY_PAGES:
            release_free_memory()  # the pages' bytes came and went: 0.4 GB of free heap by the end at 100,000
    if spill_to is not None:
        release_free_memory()
    out_prefix = str(out_dir) + os.sep
    for url in plan.pages:  # every page is planned now: the ones not rendered are the previous build's
        page_path = UrlScheme.output_path(url)
        if url not in plan.rendering and page_path not in rendered.reused:
            rendered.reused[page_path] = out_prefix + page_path
    return rendered


def spill_file(file: OutputFile, spill_to: Path) -> tuple[Path, str]:
    """Write a file into the spill folder (it joins the output by hard link); its path there and sha256."""
    target = spill_to / file.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(file.data)
    return target, hashlib.sha256(file.data).hexdigest()


def render_pages(jobs: Iterable[PageJob], workers: Workers, progress: Progress | None) -> Iterator[list[OutputFile]]:
    """Rendered pages, a chunk at a time. ``jobs`` may be a stream. Template errors of all
    pages are collected and raised together at the end. ``workers`` were started with
    ``init_worker(theme)``."""
    problems: list[Problem] = []
    report = (lambda done, total: progress("rendering", done, total)) if progress else None
    for results in workers.stream_chunks(_render_chunk, jobs, report):
        for item in results:
            if isinstance(item, Problem) and item not in problems:
                problems.append(item)
        yield [r for r in results if isinstance(r, OutputFile)]
    if problems:
        raise ContentErrors(problems[:20])


# --- in each worker process (or in this one, when rendering serially) ------------------------

_worker_state: dict[str, object] = {}


def init_worker(theme: Theme) -> None:
    """What a worker renders with (its Jinja environment is made when it first renders)."""
    _worker_state.update(env=None, theme=theme)


def _render_chunk(jobs: Sequence[PageJob]) -> list[OutputFile | Problem]:
    theme = _worker_state["theme"]
    assert isinstance(theme, Theme)
    env = _worker_state["env"]
    if env is None:
        env = _worker_state["env"] = make_environment(theme.template_dirs)
    results: list[OutputFile | Problem] = []
    for job in jobs:
        try:
            results.append(render_page(job, env, theme.site, theme.scheme, theme.site_dir))  # type: ignore[arg-type]
        except TemplateProblem as exc:
            results.append(exc.problem)
    return results
