"""Where a build may write: the output folder and its marker (issue 12, items 3 and 15).

A build replaces its whole output folder, so it must never take a folder it did not make for
its own: GitHub Pages users keep a ``.nojekyll`` in ``docs/`` and in gh-pages worktrees next to
their own files and ``.git``. Only ``.briefgen-output``, written by briefgen alone and listing
what the build put at the top of the folder, marks a folder as briefgen's.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import briefing, run_cli, snapshot, write_site

FILES = {"briefgen.toml": 'title = "Write test"\n', "content/a.md": briefing("Alpha", countries="[FR]")}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", FILES)


def test_a_pages_folder_with_nojekyll_is_not_deleted(site: Path) -> None:
    docs = site / "docs"
    write_site(docs, {".nojekyll": "", "handwritten.html": "<p>mine</p>", ".git/HEAD": "ref: refs/heads/gh-pages\n"})
    before = snapshot(docs)
    result = run_cli("build", "--site", site, "--out", docs)
    assert result.returncode == 2, result.stdout
    assert f"refusing to replace {docs}" in result.stderr or "refusing to replace docs" in result.stderr, result.stderr
    assert "was not made by briefgen" in result.stderr and ".nojekyll" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(docs) == before


def test_a_gh_pages_worktree_of_a_published_site_is_not_deleted(site: Path, tmp_path: Path) -> None:
    """A published tree carries the marker too; a worktree of it also holds a .git file, which
    the marker does not list: refused."""
    out = tmp_path / "public"
    assert run_cli("build", "--site", site, "--out", out).returncode == 0
    (out / ".git").write_text("gitdir: /somewhere/.git/worktrees/gh-pages\n")
    (out / "notes.txt").write_text("mine")
    result = run_cli("build", "--site", site, "--out", out)
    assert result.returncode == 2
    assert "it holds .git, notes.txt, which briefgen did not write" in result.stderr, result.stderr
    assert (out / ".git").is_file() and (out / "notes.txt").is_file()


def test_an_output_folder_briefgen_made_is_rebuilt(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run_cli("build", "--site", site, "--out", out).returncode == 0
    marker = (out / ".briefgen-output").read_text()
    assert marker.startswith("briefgen output folder") and "\nindex.html\n" in marker and "\n.nojekyll\n" in marker
    assert (out / ".nojekyll").is_file()  # GitHub Pages still needs it
    write_site(site, {"content/b.md": briefing("Bravo", "2023-07-21")})
    assert run_cli("build", "--site", site, "--out", out).returncode == 0
    assert (out / "briefings/b/index.html").is_file()


def test_empty_folders_and_a_lone_nojekyll_are_fine(site: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert run_cli("build", "--site", site, "--out", tmp_path / "empty").returncode == 0
    write_site(tmp_path / "lone", {".nojekyll": ""})
    assert run_cli("build", "--site", site, "--out", tmp_path / "lone").returncode == 0
    assert (tmp_path / "lone/index.html").is_file()


def test_output_of_an_earlier_briefgen_is_still_replaced(site: Path, tmp_path: Path) -> None:
    """Upgrading: the site's own output/ as an earlier briefgen left it (a .nojekyll and the
    usual layout, no .briefgen-output) is replaced; the same tree elsewhere needs emptying by hand."""
    assert run_cli("build", "--site", site).returncode == 0
    (site / "output/.briefgen-output").unlink()
    shutil.copytree(site / "output", tmp_path / "old-elsewhere")
    write_site(site, {"content/b.md": briefing("Bravo", "2023-07-21")})
    assert run_cli("build", "--site", site).returncode == 0
    assert (site / "output/briefings/b/index.html").is_file() and (site / "output/.briefgen-output").is_file()
    elsewhere = run_cli("build", "--site", site, "--out", tmp_path / "old-elsewhere")
    assert elsewhere.returncode == 2 and "was not made by briefgen" in elsewhere.stderr
    # Not in the old layout (a file of the user's at the top): refused, even as output/.
    (site / "output/.briefgen-output").unlink()
    (site / "output/mine.txt").write_text("mine")
    (site / "content/b.md").unlink()
    result = run_cli("build", "--site", site)
    assert result.returncode == 2 and (site / "output/mine.txt").is_file()


def test_publish_still_builds_into_its_own_folder(site: Path, tmp_path: Path) -> None:
    """publish builds into a fresh temporary folder; the published tree holds the marker."""
    repo = site
    env_args = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run(["git", *env_args, "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", *env_args, "-C", str(repo), "commit", "-qm", "site"], check=True)
    result = run_cli("publish", "--site", site, "--no-push")
    assert result.returncode == 0, result.stderr
    listed = subprocess.run(["git", "-C", str(repo), "ls-tree", "--name-only", "gh-pages"], capture_output=True,
                            text=True, check=True).stdout.split()
    assert ".nojekyll" in listed and ".briefgen-output" in listed and "index.html" in listed


@pytest.mark.parametrize(("out", "folder"), [
    ("content/out", "content"),
    ("content/2023/deep/out", "content"),
    ("seeds/x", "seeds"),
    ("templates/built", "templates"),
    ("link-to-seeds/x", "seeds"),
])
def test_output_inside_the_sites_inputs_is_refused(site: Path, out: str, folder: str) -> None:
    """Pages built into content/ or seeds/ would be read back as briefings or seed articles."""
    write_site(site, {"seeds/a.txt": "Seed article.", "templates/base.html": "{% block main %}{% endblock %}"})
    (site / "link-to-seeds").symlink_to(site / "seeds")
    before = snapshot(site)
    result = run_cli("build", "--site", site, "--out", site / out)
    assert result.returncode == 2, result.stdout
    assert f"it is inside the site's {folder}/ folder" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert {k: v for k, v in snapshot(site).items() if ".briefgen-cache" not in k} == before


def test_output_holding_the_sites_inputs_is_refused(site: Path, tmp_path: Path) -> None:
    """content/ may be a link into another folder; replacing that folder would delete it."""
    shared = tmp_path / "shared"
    shutil.move(site / "content", shared / "content")
    (site / "content").symlink_to(shared / "content")
    result = run_cli("build", "--site", site, "--out", shared)
    assert result.returncode == 2 and "it holds the site's content/ folder" in result.stderr, result.stderr
    assert (shared / "content/a.md").is_file()
