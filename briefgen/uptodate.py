"""Is the last build still current? A check made from file stats alone, before anything heavy.

A no-change ``briefgen build`` would otherwise start Python's Markdown and template machinery
and load the build cache (~100 MB on a 10,000-briefing site) only to find nothing to do. After a
successful build, ``record`` writes a small file with a digest of the stats (path, size, mtime,
ctime, inode) of every input the build reads: ``briefgen.toml``, the briefings, the site's
templates, and briefgen's own code, data and theme. The next ``build`` calls ``recorded_build``
first: if the same stats come out and the output directory is the one that build left, the
site is up to date and nothing else is imported.

Careful rather than clever: a stat-only check can miss an edit made within the clock tick of
the stat it is compared with ("racy" files, as git calls them), so a build whose inputs changed
shortly before it started is not recorded; a symbolic link anywhere among the inputs, or any
warning in the build, turns the check off. Then the ordinary build runs, which is always right.

Only the standard library here: importing this module must stay cheap.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__

RECORD_FILE = "uptodate.json"
CACHE_DIR = ".briefgen-cache"  # where build keeps its cache too
# = write.MARKER and render.THEME_CHECKOUT_DIR, repeated because importing those modules would
# cost more than this whole check (tests/test_uptodate.py holds them equal).
OUTPUT_MARKER = ".briefgen-output"
PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_THEME_DIR = PACKAGE_DIR.parent / "templates"
# An input changed less than this before the build started may change again within the same
# timestamp tick without its stats showing it (2 s: FAT's granularity, the coarsest in use).
RACY_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class InputState:
    """The stats of a build's inputs, taken before the build reads them."""

    key: str  # what was asked: site, output directory, options, briefgen and Python versions
    digest: str  # of every input file's stats
    racy: bool  # an input changed too recently for its stats to be trusted later
    taken: float = 0.0  # time.time() just before the stats were taken
    # Site-relative path → lstat of every briefing file, in load.find_content_files's order: the
    # build's load stage uses them instead of listing and stat'ing content/ again.
    content: dict[str, os.stat_result] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RecordedBuild:
    briefings: int
    pages: int
    files: int
    out_dir: Path


# The libraries whose upgrade changes what a build makes (HTML, highlighting, search index).
DEPENDENCIES = ("jinja2", "markupsafe", "markdown_it", "mdit_py_plugins", "pygments", "yaml", "pycountry", "nh3",
                "pagefind", "pagefind_bin")


def dependency_stamp() -> str:
    """Where each dependency is installed and its files' stats, found without importing it: an
    upgrade (pip replaces the files) changes the stamp."""
    parts = []
    for name in DEPENDENCIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        try:
            stat = os.stat(origin) if origin else None
        except OSError:
            stat = None
        parts.append(f"{name}:{origin}:{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ino}" if stat else f"{name}:-")
    return ";".join(parts)


def request_key(site_dir: Path, out_dir: Path, base_url: str | None, drafts: bool) -> str:
    return json.dumps([__version__, list(sys.version_info[:3]), dependency_stamp(), str(site_dir), str(out_dir),
                       base_url, drafts])


def resolve_dirs(site: Path, out: Path | None) -> tuple[Path, Path]:
    """The site and output directories exactly as ``build`` resolves them."""
    site_dir = site.resolve()
    return site_dir, (out or site_dir / "output").absolute()


def input_state(site_dir: Path, key: str) -> InputState | None:
    """Stats of every input, or None when they cannot stand for the inputs (a symbolic link)."""
    taken = time.time()
    digest = hashlib.sha256(key.encode())
    newest = 0
    roots = [(site_dir / "content", True), (site_dir / "templates", False), (PACKAGE_DIR, False)]
    if CHECKOUT_THEME_DIR.is_dir():
        roots.append((CHECKOUT_THEME_DIR, False))
    entries: list[tuple[str, os.stat_result]] = []
    config = site_dir / "briefgen.toml"
    try:
        entries.append((str(config), os.lstat(config)))
    except FileNotFoundError:
        digest.update(b"no briefgen.toml\n")
    for root, content in roots:
        if not _walk(root, content, entries):
            return None
    for name, stat in entries:
        if (stat.st_mode & 0o170000) == 0o120000:  # a symlink: its target's changes would not show
            return None
        newest = max(newest, stat.st_mtime_ns, stat.st_ctime_ns)
        digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_ino}\n".encode())
    racy = newest >= time.time_ns() - int(RACY_SECONDS * 1e9)
    return InputState(key, digest.hexdigest(), racy, taken, _content_stats(site_dir, entries))


def _content_stats(site_dir: Path, entries: list[tuple[str, os.stat_result]]) -> dict[str, os.stat_result]:
    """The briefing files among ``entries``, site-relative, sorted as ``find_content_files`` sorts."""
    prefix = str(site_dir / "content") + os.sep
    start = len(str(site_dir)) + 1
    found = [(name[start:].replace(os.sep, "/"), stat) for name, stat in entries if name.startswith(prefix)]
    found.sort(key=lambda item: item[0].split("/"))
    return dict(found)


def current_state(site: Path, out: Path | None, base_url: str | None, drafts: bool) -> InputState | None:
    """The stats of the inputs of a build of ``site`` with these options (None: see ``input_state``)."""
    site_dir, out_dir = resolve_dirs(site, out)
    return input_state(site_dir, request_key(site_dir, out_dir, base_url, drafts))


def _walk(root: Path, content: bool, entries: list[tuple[str, os.stat_result]]) -> bool:
    """Add the files under ``root`` (for content/, those ``load.find_content_files`` lists)."""
    try:
        scan = os.scandir(root)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:  # unreadable: the build reports it, and these stats cannot vouch for it
        return False
    with scan:
        children = sorted(scan, key=lambda e: e.name)
    for entry in children:
        if entry.is_symlink():
            return False
        if entry.is_dir(follow_symlinks=False):
            if entry.name == "__pycache__" or (content and (entry.name.startswith((".", "_")) or entry.name.endswith("~"))):
                continue
            if not _walk(Path(entry.path), content, entries):
                return False
        elif not content or (entry.name.endswith(".md") and not entry.name.startswith((".", "_"))):
            entries.append((entry.path, entry.stat(follow_symlinks=False)))
    return True


def _output_state(out_dir: Path) -> list[int] | None:
    """The output directory and its marker: replaced or touched by any other build or by hand."""
    try:
        directory, marker = os.stat(out_dir), os.lstat(out_dir / OUTPUT_MARKER)
    except OSError:
        return None
    return [directory.st_ino, directory.st_mtime_ns, directory.st_ctime_ns, marker.st_ino, marker.st_mtime_ns]


def record(site_dir: Path, out_dir: Path, state: InputState, briefings: int, pages: int, files: int) -> None:
    """After a successful build from inputs whose stats were ``state``: remember it (if trustworthy)."""
    path = site_dir / CACHE_DIR / RECORD_FILE
    output = _output_state(out_dir)
    if state.racy or output is None:
        path.unlink(missing_ok=True)
        return
    data = {"key": state.key, "inputs": state.digest, "output": output, "briefings": briefings, "pages": pages,
            "files": files}
    temporary = path.with_name(f".{RECORD_FILE}.{os.getpid()}")
    temporary.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temporary, path)


def forget(site_dir: Path) -> None:
    (site_dir / CACHE_DIR / RECORD_FILE).unlink(missing_ok=True)


def recorded_build(site: Path, out: Path | None, base_url: str | None, drafts: bool,
                   state: InputState | None = None) -> RecordedBuild | None:
    """The last build, if the output it left is still what a build would make now; else None.
    ``state``: the inputs' stats, if taken already (``current_state``)."""
    try:
        site_dir, out_dir = resolve_dirs(site, out)
        data = json.loads((site_dir / CACHE_DIR / RECORD_FILE).read_text(encoding="utf-8"))
        key = request_key(site_dir, out_dir, base_url, drafts)
        if data["key"] != key or data["output"] != _output_state(out_dir):
            return None
        if state is None or state.key != key:
            state = input_state(site_dir, key)
        if state is None or state.digest != data["inputs"]:
            return None
        return RecordedBuild(int(data["briefings"]), int(data["pages"]), int(data["files"]), out_dir)
    except (OSError, ValueError, KeyError, TypeError):
        return None
