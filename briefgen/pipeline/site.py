"""The site folder around a build: its lock, the leftovers of killed builds, the stage clock."""

from __future__ import annotations

import fcntl
import gc
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import uptodate
from ..errors import UsageError
from ..search import SCRATCH_PREFIX
from ..write import sweep_leftovers as sweep_output_leftovers

CACHE_DIR = uptodate.CACHE_DIR
BUILD_TEMP_PREFIX = ".build-"  # a cache file being saved (store.py)


@contextmanager
def site_lock(site_dir: Path) -> Iterator[None]:
    """One build at a time per site: a second one gets a clear message instead of racing (issue 8)."""
    lock_dir = site_dir / CACHE_DIR
    lock_dir.mkdir(exist_ok=True)
    ignore_cache_dir(lock_dir)
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
def no_gc() -> Iterator[None]:
    """A build makes few reference cycles but millions of objects: the cyclic collector would
    stop it for tenths of a second to scan them all, again and again. Collect once after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def ignore_cache_dir(cache_dir: Path) -> None:
    ignore = cache_dir / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")


def sweep_leftovers(site_dir: Path, out_dir: Path) -> None:
    """What a killed run left: search scratch folders and half-saved files in the site's cache,
    half-written trees beside the output. Called under the site lock, which every build holds
    from start to end: nothing left there then belongs to a running build (issue 12)."""
    cache_dir = site_dir / CACHE_DIR
    for stale in (*cache_dir.glob(SCRATCH_PREFIX + "*"), *cache_dir.glob(BUILD_TEMP_PREFIX + "*"),
                  *cache_dir.glob(f".{uptodate.RECORD_FILE}.*")):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)
        else:
            stale.unlink(missing_ok=True)
    sweep_output_leftovers(out_dir)


class StageClock:
    """Seconds per stage, for ``--timings``."""

    def __init__(self) -> None:
        self.started = self._last = time.perf_counter()
        self.timings: list[tuple[str, float]] = []

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings.append((stage, now - self._last))
        self._last = now

    def elapsed(self) -> float:
        return time.perf_counter() - self.started
