"""``OutputFile`` list → ``output/``, all or nothing.

A full write goes to a temporary directory beside the output directory, which is then swapped
in, so a failed or killed build leaves the previous site whole (issues 2, 8).

Rebuilds are double-buffered so that their cost follows the size of the change, not the size
of the site: the previous site is kept as a standby tree (``.output.standby`` beside
``output/``), brought up to date with only the files that differ from it, and exchanged with
``output/`` in one atomic ``renameat2(RENAME_EXCHANGE)``. Readers see the old site or the new
one, never a mix; a killed update leaves the standby marked dirty, and the next build rewrites
it from scratch.
"""

from __future__ import annotations

import ctypes
import os
import posixpath
import shutil
import tempfile
from collections.abc import Container, Iterable, Mapping
from pathlib import Path
from typing import Any

from .errors import Location, Problem, UsageError
from .model import OutputFile

# Written into every build, and by nothing else: it tells us a folder is a briefgen output that we
# may replace, and lists what the build put at its top. `.nojekyll` (which stops GitHub Pages'
# Jekyll) is no such sign: Pages users keep one in docs/ and in gh-pages worktrees (issue 12).
MARKER = ".briefgen-output"
PAGES_MARKER = ".nojekyll"
MARKER_HEADING = "briefgen output folder: every build replaces all of it. It made these entries:"
# What an earlier briefgen (without MARKER) put at the top of a site's output/.
EARLIER_LAYOUT = frozenset({PAGES_MARKER, "404.html", "archive", "assets", "briefings", "countries", "feed.xml",
                            "index.html", "pagefind", "robots.txt", "search", "sitemap.xml", "topics"})
MAX_MARKER_BYTES = 1 << 20


def check_output_paths(paths: Iterable[str], checked: Container[str] = ()) -> list[Problem]:
    """Two files on one path, or a path that would leave the output directory, are errors.
    Paths in ``checked`` (the last build's, already checked) are only checked for duplicates."""
    seen: set[str] = set()
    problems = []
    for path in paths:
        if path not in checked:
            normal = posixpath.normpath(path)
            if path.startswith("/") or normal.startswith("..") or "\\" in path or "\x00" in path or normal != path:
                problems.append(Problem(Location(path), "output path would leave the output directory"))
                continue
        if path in seen:
            problems.append(Problem(Location(path), "two pages would be written to this path"))
        seen.add(path)
    return problems


def output_marker(paths: Iterable[str]) -> OutputFile:
    """The marker for an output of these files: the heading, then every top-level entry."""
    names = sorted({path.split("/", 1)[0] for path in paths} | {MARKER})
    return OutputFile(MARKER, "\n".join([MARKER_HEADING, *names, ""]).encode())


def check_output_dir(out_dir: Path, site_dir: Path) -> None:
    """Refuse output directories whose replacement would destroy something else, or whose pages
    the next build or ingest would read as input."""
    out = out_dir.resolve()
    site = site_dir.resolve()
    if out == site or out in site.parents or out == Path(out.anchor):
        raise UsageError(f"refusing to build into {out_dir}: it contains the site itself")
    for precious in ("content", "templates", "seeds"):
        inputs = (site / precious).resolve()  # symbolic links followed, on either side
        if out == inputs:
            raise UsageError(f"refusing to build into {out_dir}: that is the site's {precious}/ folder")
        if inputs in out.parents:  # issue 12: the next build or ingest would read the pages back
            raise UsageError(f"refusing to build into {out_dir}: it is inside the site's {precious}/ folder, "
                             f"whose files are the build's inputs; choose an --out outside it")
        if out in inputs.parents:
            raise UsageError(f"refusing to build into {out_dir}: it holds the site's {precious}/ folder")
    if out.exists() and not out.is_dir():
        raise UsageError(f"refusing to build into {out_dir}: it is a file")
    if out.is_dir():
        _check_ours(out_dir, out, earlier_layout_ok=out == site / "output")


def _check_ours(out_dir: Path, out: Path, earlier_layout_ok: bool) -> None:
    """A non-empty folder is replaced only if briefgen made it: its marker lists every entry at
    its top. Also accepted: a lone empty .nojekyll, and (``earlier_layout_ok``: the site's own
    output/) the layout an earlier briefgen left, which had no marker."""
    entries = set(os.listdir(out))
    if not entries or (entries == {PAGES_MARKER} and (out / PAGES_MARKER).stat().st_size == 0):
        return
    listed = _marker_entries(out / MARKER)
    if listed is None:
        if earlier_layout_ok and PAGES_MARKER in entries and entries <= EARLIER_LAYOUT:
            return
        raise UsageError(f"refusing to replace {out_dir}: it is not empty and was not made by briefgen "
                         f"(no {MARKER} file; a {PAGES_MARKER} is not enough, GitHub Pages folders have one too); "
                         f"briefgen replaces the whole folder, so choose another --out or empty it")
    strangers = sorted(entries - listed)
    if strangers:
        shown = ", ".join(strangers[:5]) + (f" and {len(strangers) - 5} more" if len(strangers) > 5 else "")
        raise UsageError(f"refusing to replace {out_dir}: it holds {shown}, which briefgen did not write; "
                         f"briefgen replaces the whole folder, so move them out or choose another --out")


def _marker_entries(path: Path) -> set[str] | None:
    """The entries a briefgen marker lists, or None if ``path`` is no such marker."""
    try:
        with open(path, "rb") as handle:
            lines = handle.read(MAX_MARKER_BYTES).decode("utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    return set(lines[1:]) - {""} if lines[0] == MARKER_HEADING else None

def write_site(files: Iterable[OutputFile], out_dir: Path, unchanged: Mapping[str, str | Path] | None = None,
               keep_old_as_standby: bool = False) -> int:
    """Write all files to a fresh directory and swap it into place. Returns the number of files.

    ``unchanged`` maps output paths to files of the previous build with the right bytes: they are
    hard-linked (copied where links are impossible) instead of written again.
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in _stale_trees(out_dir):  # not the spill folder: its pages are about to be linked
        shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    count = 0
    try:
        made: set[str] = set()
        for file in files:
            target = tmp / file.path
            parent = str(target.parent)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            with open(target, "wb") as handle:
                handle.write(file.data)
            count += 1
        for rel, source in sorted((unchanged or {}).items()):
            _link_or_copy(source, tmp / rel, made)
            count += 1
        os.chmod(tmp, 0o755)
        swap_into_place(tmp, out_dir, keep_old_as_standby)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return count


def sweep_leftovers(out_dir: Path) -> None:
    """Remove what a killed build left beside ``out_dir``: a half-written tree, pages spilled to
    disk. The caller holds the site lock, so no other build is using them."""
    for stale in (*_stale_trees(out_dir), spill_dir(out_dir)):
        shutil.rmtree(stale, ignore_errors=True)


def _stale_trees(out_dir: Path) -> list[Path]:
    """The temporary trees of whole-site writes that did not finish (the caller holds the lock)."""
    return [*out_dir.parent.glob(f".{out_dir.name}.tmp-*"), out_dir.parent / f".{out_dir.name}.swap"]


def spill_dir(out_dir: Path) -> Path:
    """Where a big build writes pages as they are rendered, before they join the output."""
    return out_dir.parent / f".{out_dir.name}.spill"


def output_stats(out_dir: Path, paths: Iterable[str]) -> dict[str, tuple[int, int, int]]:
    """(size, mtime, inode) of the given files under ``out_dir``; missing files are left out.
    A build compares them with what it left last time, so output changed by anything else (a
    watch session, a person) is never taken for its own. One stat per file, no listing: 0.07 s
    for the 23,000 files of a 10,000-briefing site."""
    found: dict[str, tuple[int, int, int]] = {}
    prefix = str(out_dir) + os.sep
    stat = os.stat
    for path in paths:
        try:
            st = stat(prefix + path, follow_symlinks=False)
        except OSError:
            continue
        found[path] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return found


def standby_dir(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.standby"


def _dirty_flag(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.standby-dirty"


def make_standby(out_dir: Path, paths: Iterable[str]) -> None:
    """Make the standby tree a copy of ``out_dir``'s files, as hard links (no file is ever
    modified in place, so sharing them is safe), so the next rebuild can update and exchange it."""
    standby = standby_dir(out_dir)
    flag = _dirty_flag(out_dir)
    flag.write_text("the standby tree is being made\n")
    shutil.rmtree(standby, ignore_errors=True)
    made: set[str] = set()
    for rel in sorted(paths):
        _link_or_copy(out_dir / rel, standby / rel, made)
    flag.unlink()


def _link_or_copy(source: str | Path, target: Path, made: set[str]) -> None:
    """A hard link to ``source`` at ``target`` (a copy where links are impossible), making its
    folder first unless it is in ``made`` (the folders already made by this caller)."""
    parent = str(target.parent)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def standby_is_clean(out_dir: Path) -> bool:
    return standby_dir(out_dir).is_dir() and not _dirty_flag(out_dir).exists()


def mark_standby_clean(out_dir: Path) -> None:
    """The caller knows what the standby tree holds (the site the last build replaced)."""
    try:
        _dirty_flag(out_dir).unlink()
    except FileNotFoundError:
        pass


def update_via_standby(files: Iterable[OutputFile], unchanged: Mapping[str, str | Path], out_dir: Path,
                       standby_digests: Mapping[str, str], new_digests: Mapping[str, str]) -> int:
    """Bring the standby tree to the new site and exchange it with ``out_dir``. Returns files touched.

    ``standby_digests`` is what the standby tree holds (the build before last), ``new_digests``
    what the new site must hold; ``files`` carry new bytes, ``unchanged`` points at files of the
    current site whose bytes are right.
    """
    standby = standby_dir(out_dir)
    flag = _dirty_flag(out_dir)
    flag.write_text("an update of the standby tree did not finish\n")
    _fsync_dir(flag.parent)
    touched = 0
    made: set[str] = set()
    by_path = {f.path: f for f in files}
    for rel, digest in sorted(new_digests.items()):
        if standby_digests.get(rel) == digest:
            continue
        target = standby / rel
        parent = str(target.parent)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        tmp = target.parent / f".{target.name}.tmp"
        if rel in by_path:
            with open(tmp, "wb") as handle:
                handle.write(by_path[rel].data)
        else:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            try:
                os.link(unchanged[rel], tmp)  # never modified in place later, so sharing is safe
            except OSError:
                shutil.copyfile(unchanged[rel], tmp)
        os.replace(tmp, target)
        touched += 1
    for rel in sorted(set(standby_digests) - set(new_digests)):
        try:
            os.unlink(standby / rel)
            touched += 1
        except FileNotFoundError:
            pass
        _remove_empty_parents(standby / rel, standby)
    exchange(standby, out_dir)
    flag.unlink()
    return touched


def _remove_empty_parents(path: Path, root: Path) -> None:
    parent = path.parent
    while parent != root and root in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def exchange(a: Path, b: Path) -> None:
    """Swap two directories atomically (Linux renameat2); elsewhere, with three renames."""
    if _renameat2 is not None:
        result = _renameat2(-100, os.fsencode(a), -100, os.fsencode(b), 2)  # AT_FDCWD, RENAME_EXCHANGE
        if result == 0:
            return
    spare = a.parent / f".{a.name}.swap"
    os.rename(b, spare)
    os.rename(a, b)
    os.rename(spare, a)


def _load_renameat2() -> Any:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def swap_into_place(new_dir: Path, out_dir: Path, keep_old_as_standby: bool = False) -> None:
    """Replace ``out_dir`` by ``new_dir`` with renames; the old tree is removed afterwards."""
    if out_dir.exists():
        exchange(new_dir, out_dir)
        old = new_dir  # now holds the previous site
        if keep_old_as_standby:
            standby = standby_dir(out_dir)
            _dirty_flag(out_dir).write_text("the standby tree's contents are unknown\n")
            if standby.exists():
                shutil.rmtree(standby, ignore_errors=True)
            os.rename(old, standby)
        else:
            shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(new_dir, out_dir)
