"""Shared fixtures: tiny sites written into tmp_path, and running the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Browser fixtures (session Chromium, the bundled site built and served at / and /repo/).
pytest_plugins = ["browser_support"]


def write_site(root: Path, files: Mapping[str, str]) -> Path:
    """Write ``{relative path: text}`` under root (text is dedented) and return root."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def briefing(title: str = "A briefing", date: str = "2023-07-20", body: str = "Body text.", **keys: str) -> str:
    """Front-matter Markdown for a briefing; extra keys are written verbatim as YAML."""
    lines = ["---", f"title: {title}", f"date: {date}"]
    lines += [f"{k}: {v}" for k, v in keys.items()]
    return "\n".join(lines + ["---", "", body, ""])


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m briefgen`` as a user would, capturing output."""
    return subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under a directory with its bytes (to prove output is untouched or identical)."""
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session", autouse=True)
def private_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """builds keep a per-user key in $XDG_CACHE_HOME (briefgen/records.py): the tests' own
    builds, in this process and in the CLI processes it starts, never touch the real one."""
    home = tmp_path_factory.mktemp("xdg-cache-home")
    os.environ["XDG_CACHE_HOME"] = str(home)
    return home


@pytest.fixture
def make_site(tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(files: Mapping[str, str]) -> Path:
        return write_site(tmp_path / "site", files)
    return make


def bundled_site_copy(root: Path) -> Path:
    """A copy of the bundled site (briefgen.toml and content/): its builds leave the checkout alone.
    Ingest names people and organisations in its briefings, so their pages are checked like every other kind."""
    shutil.copy2(REPO / "briefgen.toml", root / "briefgen.toml")
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.fixture(scope="session")
def bundled_site_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site (content/ shipped in the repo), built once per session (per test
    worker), from a copy: a build locks its site and keeps its cache there, and workers build at once."""
    root = tmp_path_factory.mktemp("bundled")
    site = bundled_site_copy(root)
    out = root / "output"
    result = run_cli("build", "--site", site, "--out", out, "--quiet")
    assert result.returncode == 0, result.stderr
    return out
