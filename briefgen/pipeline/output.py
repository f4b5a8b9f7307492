"""The write stage: the site's files → ``output/``, writing only what changed.

A first build writes a whole new tree and swaps it in. A rebuild on output this cache made
brings the standby tree (the site before last, beside the output) up to date and exchanges it
with ``output/`` in one rename; a rebuild that changed nothing writes nothing. ``OutputRecord``
keeps what the output holds (every file's digest and stat), so the next build knows whether it
may build on it: output changed since by a watch session or a person is not taken for its own.
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentErrors
from ..model import OutputFile
from ..write import (
    MARKER,
    check_output_paths,
    make_standby,
    mark_standby_clean,
    output_marker,
    output_stats,
    standby_is_clean,
    update_via_standby,
    write_site,
)
from .cache import OutputRecord


def can_build_on(record: OutputRecord, out_dir: Path, check_output: bool) -> bool:
    """Whether ``out_dir`` is what the build that left ``record`` made. A persistent cache may be
    older than the output (a watch session, which keeps its cache in memory, or a person may
    have changed it since): then ``check_output`` compares every file's stat. Watch's own
    in-memory cache always is the output's."""
    return record.out_dir == str(out_dir) and (out_dir / MARKER).exists() and \
        (not check_output or output_stats(out_dir, record.stats) == record.stats)


def with_marker(files: list[OutputFile], reused: Mapping[str, str | Path], record: OutputRecord,
                reuse: bool) -> list[OutputFile]:
    """The files and the output marker, once their paths are checked (raises ContentErrors)."""
    files = [*files, output_marker(itertools.chain((f.path for f in files), reused))]
    checked = record.file_digests if reuse else ()
    problems = check_output_paths(itertools.chain((f.path for f in files), reused), checked)
    if problems:
        raise ContentErrors(problems)
    return files


def digests_of(files: Sequence[OutputFile], reused: Mapping[str, str | Path], known: Mapping[str, tuple[bytes, str]],
               spilled: Mapping[str, str], record: OutputRecord) -> dict[str, str]:
    """sha256 of every file of the new site. ``known`` holds digests of bytes objects met before."""
    digests: dict[str, str] = {}
    for f in files:
        known_digest = known.get(f.path)
        if known_digest is not None and known_digest[0] is f.data:
            digests[f.path] = known_digest[1]
        else:
            digests[f.path] = hashlib.sha256(f.data).hexdigest()
    for path in reused:
        digests[path] = spilled.get(path) or record.file_digests.get(path, "")
    return digests


def write_output(files: Sequence[OutputFile], reused: Mapping[str, str | Path], digests: dict[str, str],
                 out_dir: Path, record: OutputRecord, reuse: bool, check_output: bool,
                 spill_dir: Path | None) -> tuple[str, ...]:
    """Make ``out_dir`` the new site; returns the paths added, changed or removed. ``record``
    becomes the new output's (except ``page_digests``, which the caller knows)."""
    changed = tuple(sorted(p for p in set(digests) | set(record.file_digests)
                           if digests.get(p) != record.file_digests.get(p) or not reuse))
    live = record.file_digests
    if reuse and not changed:
        pass  # the site on disk is already this build, byte for byte
    elif reuse and record.standby_digests is not None and standby_is_clean(out_dir):
        update_via_standby(files, reused, out_dir, record.standby_digests, digests)
        record.standby_digests = live
    else:
        write_site(sorted(files, key=lambda f: f.path), out_dir, reused, keep_old_as_standby=True)
        if reuse:
            mark_standby_clean(out_dir)
            record.standby_digests = live
        else:
            record.standby_digests = None
    _remember(record, out_dir, digests, spill_dir, check_output, stat=bool(changed) or not reuse)
    return changed


def write_whole(early: Sequence[OutputFile], late: Callable[[], Sequence[OutputFile]], reused: Mapping[str, str | Path],
                known: Mapping[str, tuple[bytes, str]], spilled: Mapping[str, str], out_dir: Path,
                record: OutputRecord, check_output: bool, spill_dir: Path | None) -> Written:
    """Write a whole new site whose last files (the search index) are still being made by
    ``late``: the others are written first, so Python writes files while Pagefind indexes
    (measured: writing 23,000 files took 2-6 s of a 10,000-briefing build, done before on its own)."""
    written: list[OutputFile] = []

    def files() -> Iterator[OutputFile]:
        yield from sorted(early, key=lambda f: f.path)
        tail = sorted(late(), key=lambda f: f.path)
        written.extend(with_marker([*early, *tail], reused, record, reuse=False))
        yield from tail
        yield written[-1]  # the marker, which lists what the whole site holds

    write_site(files(), out_dir, reused, keep_old_as_standby=True)
    digests = digests_of(written, reused, known, spilled, record)
    changed = tuple(sorted(set(digests) | set(record.file_digests)))  # all of them, and what is gone
    record.standby_digests = None
    _remember(record, out_dir, digests, spill_dir, check_output, stat=True)
    return Written(written, digests, changed)


@dataclass(frozen=True, slots=True)
class Written:
    files: list[OutputFile]  # every file of the site, with the marker
    digests: dict[str, str]
    changed: tuple[str, ...]


def _remember(record: OutputRecord, out_dir: Path, digests: dict[str, str], spill_dir: Path | None,
              check_output: bool, stat: bool) -> None:
    """``record`` becomes the new output's (except ``page_digests``, which the caller knows)."""
    if spill_dir is not None:  # its pages are linked into the output now
        shutil.rmtree(spill_dir, ignore_errors=True)
    if not check_output:
        record.stats = {}
    elif stat:
        record.stats = output_stats(out_dir, digests)
    record.out_dir = str(out_dir)
    record.file_digests = digests


def prepare_standby(record: OutputRecord) -> bool:
    """Make the standby tree a whole-site write did not leave (see ``build.prepare_standby``)."""
    out_dir = Path(record.out_dir)
    if not record.out_dir or record.standby_digests is not None or not (out_dir / MARKER).exists():
        return False
    make_standby(out_dir, record.file_digests)
    record.standby_digests = dict(record.file_digests)
    return True
