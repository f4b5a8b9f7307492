"""Killing ``briefgen build`` or ``briefgen ingest`` at any moment loses nothing (issue 8).

``build`` is SIGKILLed (its whole process group: workers and Pagefind too) at random moments
of a rebuild; ``output/`` must then be exactly the old site or exactly the new one, never a
mix, and the next build must succeed and give the same bytes as a clean build. ``ingest`` is
killed the same way: every briefing in ``content/`` parses, and a re-run finishes the job.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import REPO, run_cli, snapshot

from briefgen.config import SiteConfig
from briefgen.load import load_file

sys.path.insert(0, str(REPO / "benchmarks"))
from make_site import generate

COUNT = 60
TRIALS = 8
RNG = random.Random(20230720)


def change(site: Path, version: int) -> None:
    """A realistic edit: retitle some briefings, add one, delete one."""
    content = site / "content"
    files = sorted(content.rglob("*.md"))
    for path in files[version::37]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('title: "', f'title: "v{version} ', 1), encoding="utf-8")
    linked = {link for path in files for link in re.findall(r"\[\[([a-z0-9-]+)", path.read_text(encoding="utf-8"))}
    [path for path in files if path.stem not in linked][-version].unlink()
    (content / f"added-{version}.md").write_text(
        f"---\ntitle: Added in version {version}\ndate: 2024-0{version}-01\ncountries: [FR]\ntopics: [diplomacy]\n---\n\n"
        f"New briefing, see [[{files[0].stem}]].\n", encoding="utf-8")


def start(args: list[str | Path]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "briefgen", *map(str, args)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def kill_after(process: subprocess.Popen[bytes], delay: float) -> None:
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def build_versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes], dict[str, bytes], float]:
    """A site built at version 1 (after version 0, so a standby tree exists), and the version-2 site."""
    base = tmp_path_factory.mktemp("crash-build")
    template = base / "template"
    generate(COUNT, template)
    assert run_cli("build", "--site", template, "--quiet").returncode == 0  # version 0
    change(template, 1)
    assert run_cli("build", "--site", template, "--quiet").returncode == 0  # version 1: old
    old = snapshot(template / "output")
    clean = base / "clean"
    shutil.copytree(template / "content", clean / "content")
    shutil.copy(template / "briefgen.toml", clean)
    change(clean, 2)
    started = time.monotonic()
    assert run_cli("build", "--site", clean, "--quiet", "--no-cache").returncode == 0  # version 2: new
    seconds = time.monotonic() - started
    new = snapshot(clean / "output")
    assert old != new
    return template, old, new, seconds


def test_killed_build_leaves_old_or_new_site_and_next_build_is_clean(
        build_versions: tuple[Path, dict[str, bytes], dict[str, bytes], float], tmp_path: Path) -> None:
    template, old, new, seconds = build_versions
    delays = [RNG.uniform(0, seconds * 1.2) for _ in range(TRIALS)]

    def trial(number: int) -> tuple[str, list[str]]:
        site = tmp_path / f"trial-{number}"
        shutil.copytree(template, site, symlinks=True)
        change(site, 2)
        args: list[str | Path] = ["build", "--site", site, "--quiet"]
        if number % 3 == 2:
            args.append("--no-cache")  # a full write, not the standby exchange
        kill_after(start(args), delays[number])
        after_kill = snapshot(site / "output")
        assert after_kill in (old, new), f"trial {number}: output/ is a mix after a kill at {delays[number]:.2f} s"
        result = run_cli("build", "--site", site, "--quiet")
        assert result.returncode == 0, f"trial {number}: {result.stderr}"
        assert snapshot(site / "output") == new, f"trial {number}: rebuild after a kill at {delays[number]:.2f} s differs from a clean build"
        leftovers = [f"trial {number}: {p.name}" for p in site.iterdir() if p.name.startswith(".output.tmp-")]
        shutil.rmtree(site)
        return ("new" if after_kill == new else "old"), leftovers

    with ThreadPoolExecutor(max_workers=2) as pool:  # trials are subprocesses: two at a time on two cores
        results = list(pool.map(trial, range(TRIALS)))
    assert "old" in [outcome for outcome, _ in results], results  # the kills did land mid-build
    # A killed build's temporary tree (a whole copy of the site) must not pile up beside output/.
    leftovers = [name for _, names in results for name in names]
    assert not leftovers, f"temporary trees of killed builds were never removed: {leftovers}"


def articles(count: int) -> str:
    places = [("France", "Paris"), ("Spain", "Madrid"), ("Italy", "Rome"), ("Poland", "Warsaw"), ("Kenya", "Nairobi"),
              ("Japan", "Tokyo"), ("Brazil", "Brasilia"), ("Canada", "Ottawa")]
    records = []
    for i in range(count):
        country, city = places[i % len(places)]
        text = (f"Officials in {city}, {country}, announced plan number {i} on Monday after talks on trade and energy. "
                f"The {i}th agreement covers {i * 7} million euros of investment in {country}. ") * 3
        records.append({"title": f"{country} announces plan {i} on trade number {i * 13}", "date": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
                        "url": f"https://example.org/{i}", "text": text})
    return "\n".join(json.dumps(r) for r in records) + "\n"


def test_killed_ingest_leaves_no_half_written_briefing(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    (clean / "seeds").mkdir(parents=True)
    (clean / "briefgen.toml").write_text('title = "Crash"\n')
    (clean / "seeds/articles.jsonl").write_text(articles(40), encoding="utf-8")
    started = time.monotonic()
    assert run_cli("ingest", "--site", clean).returncode == 0
    seconds = time.monotonic() - started
    expected = snapshot(clean / "content")
    assert len(expected) == 40
    config = SiteConfig()
    delays = [RNG.uniform(0, seconds) for _ in range(TRIALS)]

    def trial(number: int) -> None:
        site = tmp_path / f"trial-{number}"
        shutil.copytree(clean, site, ignore=shutil.ignore_patterns("content"))
        kill_after(start(["ingest", "--site", site]), delays[number])
        for path in sorted((site / "content").glob("*.md")) if (site / "content").exists() else []:
            result = load_file(f"content/{path.name}", path.read_text(encoding="utf-8"), config)
            assert result.briefing is not None, f"trial {number}: {path.name} is half-written: {result.problems}"
        rerun = run_cli("ingest", "--site", site)
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        visible = {k: v for k, v in snapshot(site / "content").items() if not k.startswith(".")}
        assert visible == expected, f"trial {number}: re-run after a kill differs from a clean ingest"
        shutil.rmtree(site)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(trial, range(TRIALS)))


def test_killed_publish_leaves_the_branch_old_or_new_and_the_user_tree_alone(tmp_path: Path) -> None:
    """SIGKILL during `briefgen publish`: the user's branch, index and files are untouched, the
    gh-pages branch is the old commit or the new one (a complete tree), and the next publish works."""
    from test_publish import git, make_repo, user_state

    scratch = tmp_path / "scratch"  # a killed publish cannot remove its scratch folder: keep it out of /tmp
    scratch.mkdir()
    env = {**os.environ, "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_TERMINAL_PROMPT": "0", "TMPDIR": str(scratch)}
    repo = make_repo(tmp_path, env)
    first = subprocess.run([sys.executable, "-m", "briefgen", "publish"], cwd=repo, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    old_tip = git(repo, env, "rev-parse", "gh-pages").strip()
    (repo / "content/geneva.md").write_text((repo / "content/geneva.md").read_text() + "\nA later paragraph.\n")
    before = user_state(repo, env)
    started = time.monotonic()
    timing = subprocess.run([sys.executable, "-m", "briefgen", "publish", "--no-push"], cwd=repo, env=env,
                            capture_output=True, text=True)
    assert timing.returncode == 0, timing.stderr
    seconds = time.monotonic() - started
    new_tip = git(repo, env, "rev-parse", "gh-pages").strip()
    assert new_tip != old_tip
    git(repo, env, "update-ref", "refs/heads/gh-pages", old_tip)
    for delay in [RNG.uniform(0, seconds) for _ in range(6)]:
        process = subprocess.Popen([sys.executable, "-m", "briefgen", "publish", "--no-push"], cwd=repo, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        kill_after(process, delay)
        assert user_state(repo, env) == before
        tip = git(repo, env, "rev-parse", "gh-pages").strip()
        # The old commit, or one new commit on top of it holding the whole new site.
        assert tip == old_tip or (git(repo, env, "rev-parse", f"{tip}^").strip() == old_tip and
                                  git(repo, env, "rev-parse", f"{tip}^{{tree}}") == git(repo, env, "rev-parse", f"{new_tip}^{{tree}}"))
        assert ".nojekyll" in git(repo, env, "ls-tree", "--name-only", tip)  # a whole site, never a partial tree
        git(repo, env, "update-ref", "refs/heads/gh-pages", old_tip)
    again = subprocess.run([sys.executable, "-m", "briefgen", "publish", "--no-push"], cwd=repo, env=env,
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert user_state(repo, env) == before
    assert git(repo, env, "rev-parse", "gh-pages^{tree}") == git(repo, env, "rev-parse", f"{new_tip}^{{tree}}")
