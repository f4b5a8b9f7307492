"""File-system events → debounced ``ChangeSet`` → rebuild, for ``briefgen watch`` and ``serve``.

Editors save in many ways: write in place, write a temp file and rename it over the original
(atomic save), keep swap and backup files (vim ``.swp``, ``4913``, ``~``; emacs ``#x#`` and
``.#x``), and "save all" or ``git checkout`` touch many files at once. Events are filtered to
the files a build reads, collected until the tree has been quiet for ``DEBOUNCE`` seconds, and
turned into one rebuild. The rebuild is a normal build with an in-memory cache, so its output
is byte-identical to a clean ``briefgen build`` (tested with random edit sequences); a build
error is reported and the loop goes on with the last good site still in ``output/``.
"""

from __future__ import annotations

import fnmatch
import gc
import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .build import BuildCache, BuildOptions, BuildResult, build, load_cache, prepare_standby
from .config import CONFIG_NAME, load_config
from .errors import BriefgenError, ContentErrors, Location, Problem

log = logging.getLogger(__name__)

DEBOUNCE = 0.05  # seconds of quiet that end a burst of events (editors finish a save in a few ms)
MAX_WAIT = 2.0  # a burst longer than this is built anyway, and watched again
# Editor temp, swap and backup files: never content.
IGNORED = ("*.swp", "*.swx", "*.swo", "*~", "4913", ".#*", "#*#", "*.tmp", "*.part", "*.crdownload", ".DS_Store")


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """What changed since the last build, by kind, as site-relative paths."""

    content: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()
    config: tuple[str, ...] = ()
    seeds: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.content or self.templates or self.config or self.seeds)

    def describe(self) -> str:
        names = [*self.config, *self.templates, *self.content, *self.seeds]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        return f"changed: {shown}"


def classify(paths: set[str]) -> ChangeSet:
    """Sort site-relative paths into the kinds of input a build has; others are ignored."""
    content, templates, config, seeds = [], [], [], []
    for path in sorted(paths):
        parts = path.split("/")
        name = parts[-1]
        if any(fnmatch.fnmatch(name, pattern) for pattern in IGNORED) or any(p.startswith(".") for p in parts):
            continue
        if path == CONFIG_NAME:
            config.append(path)
        elif parts[0] == "content" and name.endswith(".md"):
            content.append(path)
        elif parts[0] == "content" and len(parts) >= 2 and "." not in name:
            content.append(path)  # a folder renamed or deleted: its briefings moved
        elif parts[0] == "templates":
            templates.append(path)
        elif parts[0] == "seeds":
            seeds.append(path)
    return ChangeSet(tuple(content), tuple(templates), tuple(config), tuple(seeds))


@dataclass
class _Pending:
    paths: set[str] = field(default_factory=set)
    first: float = 0.0
    last: float = 0.0


class _Handler(FileSystemEventHandler):
    def __init__(self, site_dir: Path, pending: _Pending, wake: threading.Condition) -> None:
        self.site_dir = site_dir
        self.pending = pending
        self.wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a file inside changed: that file has its own event
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        with self.wake:
            for raw in paths:
                if not raw:
                    continue
                raw = raw.decode() if isinstance(raw, bytes) else raw
                try:
                    rel = Path(raw).relative_to(self.site_dir).as_posix()
                except ValueError:
                    continue
                if rel.split("/")[0] in ("content", "templates", "seeds") or rel == CONFIG_NAME:
                    now = time.monotonic()
                    if not self.pending.paths:
                        self.pending.first = now
                    self.pending.paths.add(rel)
                    self.pending.last = now
            self.wake.notify_all()


@dataclass(frozen=True, slots=True)
class RebuildReport:
    """One round of the loop: what changed and what the build did (or the problems it found)."""

    changes: ChangeSet
    result: BuildResult | None
    problems: tuple[Problem, ...]
    seconds: float
    ingested: tuple[str, ...] = ()
    search: bool = False  # this round only brought the search index up to date


class Watcher:
    """Watches a site and rebuilds it after each burst of changes, until ``stop()``."""

    def __init__(self, site_dir: Path, options: BuildOptions, on_report: Callable[[RebuildReport], None],
                 ingest: bool = False, debounce: float = DEBOUNCE) -> None:
        self.site_dir = site_dir.resolve()
        self.options = options
        self.on_report = on_report
        self.ingest = ingest
        self.debounce = debounce
        # Start from the last build's cache: the first round is then a rebuild, not a whole build,
        # and the standby tree is known (a first edit on 10,000 briefings: 0.3 s, not 6 s).
        self.cache = load_cache(self.site_dir) if options.use_cache else BuildCache()
        self._pending = _Pending()
        self._wake = threading.Condition()
        self._stopping = False
        self._observer = Observer()
        self._thread = threading.Thread(target=self._loop, name="briefgen-watch", daemon=True)
        self._standby: threading.Thread | None = None

    def start(self) -> RebuildReport:
        """Build once, then start watching. Returns the first build's report."""
        handler = _Handler(self.site_dir, self._pending, self._wake)
        # Only what a build reads: never output/ or the cache, whose churn would be noise.
        self._observer.schedule(handler, str(self.site_dir), recursive=False)  # briefgen.toml, new folders
        for name in ("content", "templates", "seeds"):
            folder = self.site_dir / name
            if folder.is_dir():
                self._observer.schedule(handler, str(folder), recursive=True)
        self._observer.start()
        first = self.rebuild(ChangeSet())
        self._standby = threading.Thread(target=self._prepare_standby, name="briefgen-standby", daemon=True)
        self._standby.start()
        self._thread.start()
        return first

    def _prepare_standby(self) -> None:
        try:
            prepare_standby(self.site_dir, self.cache)
        except Exception:  # noqa: BLE001 - only speed is lost: the next rebuild writes the whole site
            log.debug("could not prepare the standby tree:\n%s", traceback.format_exc())

    def _wait_for_standby(self) -> None:
        if self._standby is not None:
            self._standby.join()
            self._standby = None

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        self._observer.stop()
        self._observer.join(timeout=5)
        self._wait_for_standby()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._pending.paths and not self._stopping:
                    self._wake.wait()
                if self._stopping:
                    return
                # Debounce: wait until the burst has been quiet for a moment (bounded).
                while not self._stopping:
                    now = time.monotonic()
                    quiet = now - self._pending.last
                    if quiet >= self.debounce or now - self._pending.first >= MAX_WAIT:
                        break
                    self._wake.wait(self.debounce - quiet)
                paths, self._pending.paths = self._pending.paths, set()
            changes = classify(paths)
            if changes:
                self.rebuild(changes)

    def rebuild(self, changes: ChangeSet) -> RebuildReport:
        self._wait_for_standby()  # no build while the standby tree is being made
        started = time.perf_counter()
        ingested: tuple[str, ...] = ()
        try:
            if self.ingest and changes.seeds:
                ingested = self._ingest(changes)
            # Pages first, so the browser reloads at once; the search index follows just after.
            only_content = bool(changes.content) and not (changes.templates or changes.config or changes.seeds)
            hint = changes.content if only_content else None
            result = build(self.site_dir, replace(self.options, search=False, changed_content=hint), cache=self.cache)
            report = RebuildReport(changes, result, result.warnings, time.perf_counter() - started, ingested)
            if result.search_stale:
                self.on_report(report)
                result = build(self.site_dir, self.options, cache=self.cache)
                report = RebuildReport(ChangeSet(), result, result.warnings, time.perf_counter() - started, (), search=True)
        except ContentErrors as exc:
            report = RebuildReport(changes, None, exc.problems, time.perf_counter() - started, ingested)
        except BriefgenError as exc:
            report = RebuildReport(changes, None, (Problem(Location("."), str(exc)),), time.perf_counter() - started)
        except Exception:  # noqa: BLE001 - a bug must not end the writing session; show it and go on
            log.error("briefgen failed while rebuilding:\n%s", traceback.format_exc())
            report = RebuildReport(changes, None, (Problem(Location("."), "internal error while rebuilding (see the terminal)"),),
                                   time.perf_counter() - started)
        self.on_report(report)
        # Builds run with the cyclic collector off; collect now, while the writer reads the page,
        # and freeze what survives (the cache) so later collections do not scan it again.
        gc.collect()
        gc.freeze()
        return report

    def _ingest(self, changes: ChangeSet) -> tuple[str, ...]:
        from .ingest.pipeline import ingest

        config, _ = load_config(self.site_dir)
        paths = [self.site_dir / p for p in changes.seeds if (self.site_dir / p).is_file()]
        if not paths:
            return ()
        report = ingest(self.site_dir, paths, dry_run=False, force=False, write_new_beside=False, config=config)
        return tuple(str(o) for o in report.outcomes)

