"""``OutputFile`` list → ``output/``, all or nothing.

The site is written to a temporary directory beside the output directory, then swapped in
with two renames, so a failed or killed build leaves the previous site whole (issue 2, 8).
"""

from __future__ import annotations

import os
import posixpath
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import Location, Problem, UsageError
from .model import OutputFile

# Written into every build: its presence tells us a directory is a briefgen output that we may
# replace (we refuse to delete a directory that is not one). It also stops GitHub Pages' Jekyll.
MARKER = ".nojekyll"


def check_output_paths(files: Iterable[OutputFile]) -> list[Problem]:
    """Two files on one path, or a path that would leave the output directory, are errors."""
    seen: set[str] = set()
    problems = []
    for file in files:
        normal = posixpath.normpath(file.path)
        if file.path.startswith("/") or normal.startswith("..") or "\\" in file.path or "\x00" in file.path or normal != file.path:
            problems.append(Problem(Location(file.path), "output path would leave the output directory"))
        elif file.path in seen:
            problems.append(Problem(Location(file.path), "two pages would be written to this path"))
        seen.add(file.path)
    return problems


def check_output_dir(out_dir: Path, site_dir: Path) -> None:
    """Refuse output directories whose replacement would destroy something else."""
    out = out_dir.resolve()
    site = site_dir.resolve()
    if out == site or out in site.parents or out == Path(out.anchor):
        raise UsageError(f"refusing to build into {out_dir}: it contains the site itself")
    for precious in ("content", "templates", "seeds"):
        if out == (site / precious).resolve():
            raise UsageError(f"refusing to build into {out_dir}: that is the site's {precious}/ folder")
    if out.exists() and not out.is_dir():
        raise UsageError(f"refusing to build into {out_dir}: it is a file")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise UsageError(f"refusing to replace {out_dir}: it is not empty and was not made by briefgen "
                         f"(no {MARKER}); choose another --out or empty it")


def write_site(files: Iterable[OutputFile], out_dir: Path, unchanged: Mapping[str, Path] | None = None) -> int:
    """Write all files to a fresh directory and swap it into place. Returns the number of files.

    ``unchanged`` maps output paths to files of the previous build with the right bytes: they are
    hard-linked (copied where links are impossible) instead of written again.
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
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
            target = tmp / rel
            parent = str(target.parent)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
            count += 1
        os.chmod(tmp, 0o755)
        swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return count


def swap_into_place(new_dir: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``new_dir`` with renames; the old tree is removed afterwards."""
    old = None
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.rmdir(old)
        os.rename(out_dir, old)
    try:
        os.rename(new_dir, out_dir)
    except BaseException:
        if old is not None:
            os.rename(old, out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
