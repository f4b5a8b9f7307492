"""What a build leaves behind when it is killed, and what the next one clears (issue 12, item 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, briefing, run_cli, snapshot, write_site

FILES = {"briefgen.toml": 'title = "Killed"\n',
         **{f"content/b{i}.md": briefing(f"Briefing {i}", f"2023-07-{10 + i}", countries="[FR]") for i in range(3)}}


def _fake_pagefind(tmp_path: Path) -> Path:
    """A pagefind_bin package whose binary kills the build that runs it, as a user's kill -9
    would in the middle of indexing; it returns the folder to put first on PYTHONPATH."""
    root = tmp_path / "fake"
    script = root / "pagefind"
    write_site(root, {"pagefind": "#!/bin/sh\nkill -9 $PPID\nsleep 5\n",
                      "pagefind_bin/__init__.py": f"def get_executable():\n    return {str(script)!r}\n"})
    script.chmod(0o755)
    return root


def _leftovers(*folders: Path) -> list[str]:
    return sorted(str(p) for folder in folders if folder.is_dir() for p in folder.iterdir()
                  if p.name.startswith(("briefgen-search-", ".build-", ".output.tmp-", ".output.spill")))


def test_a_killed_build_leaves_nothing_for_good(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    killed = subprocess.run([sys.executable, "-m", "briefgen", "build", "--site", str(site)], capture_output=True, check=False,
                            text=True, timeout=300, env={**env, "PYTHONPATH": f"{_fake_pagefind(tmp_path)}:{REPO}"})
    assert killed.returncode == -9, killed.stderr
    assert _leftovers(temp) == []  # nothing in the system's temp folder, which no build ever sweeps
    assert _leftovers(site / ".briefgen-cache"), "the killed build's scratch folder is in the site's cache"
    # Other half-written things a kill can leave: a cache being saved, a tree being written.
    (site / ".briefgen-cache/.build-k1ll3d").write_bytes(b"half a cache")
    write_site(site, {".output.tmp-k1ll3d/index.html": "half a site", ".output.spill/briefings/x/index.html": "page"})

    rebuilt = subprocess.run([sys.executable, "-m", "briefgen", "build", "--site", str(site)], capture_output=True, check=False,
                             text=True, timeout=300, env=env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert _leftovers(temp, site / ".briefgen-cache", site) == []
    clean = run_cli("build", "--site", site, "--out", tmp_path / "clean", "--no-cache", "--quiet")
    assert clean.returncode == 0 and snapshot(site / "output") == snapshot(tmp_path / "clean")


def test_leftovers_beside_output_go_with_the_next_rebuild(tmp_path: Path) -> None:
    """A rebuild that only updates changed files still clears a killed whole-site write's tree."""
    site = write_site(tmp_path / "site", FILES)
    assert run_cli("build", "--site", site, "--quiet").returncode == 0
    write_site(site, {".output.tmp-k1ll3d/index.html": "half a site", ".output.spill/briefings/x/index.html": "page"})
    write_site(site, {"content/b1.md": briefing("Briefing 1 edited", "2023-07-11", countries="[FR]")})
    result = run_cli("build", "--site", site)
    assert result.returncode == 0 and "files changed" in result.stdout, result.stderr
    assert _leftovers(site) == []
