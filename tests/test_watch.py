"""Watch mode (issue 5): rebuilds follow edits, one per burst, and always equal a clean build."""

from __future__ import annotations

import os
import random
import threading
import time
from pathlib import Path

from conftest import REPO, briefing, run_cli, snapshot, write_site

from briefgen.build import BuildCache, BuildOptions, build
from briefgen.watch import ChangeSet, RebuildReport, Watcher, classify

COUNTRIES = ["RU", "GB", "FR", "DE", "UA", "CN", "US"]
TOPICS = ["diplomacy", "economy", "conflict", "politics"]


def random_briefing(rng: random.Random, slugs: list[str], title: str) -> str:
    link = f" See [[{rng.choice(slugs)}]]." if slugs and rng.random() < 0.5 else ""
    summary = {"summary": f'"Summary {rng.randint(0, 3)}"'} if rng.random() < 0.3 else {}
    return briefing(title, f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    f"Paragraph {rng.randint(0, 5)}.{link}\n\n## Part\n\nMore text {rng.randint(0, 9)}.",
                    countries=f"[{', '.join(rng.sample(COUNTRIES, rng.randint(1, 3)))}]",
                    topics=f"[{', '.join(rng.sample(TOPICS, rng.randint(1, 2)))}]", **summary)


def test_random_edit_sequences_match_a_clean_build(tmp_path: Path) -> None:
    """What watch runs (a build with a long-lived in-memory cache, pages first and search after)
    gives, after every step of random edits, exactly the bytes of a clean build."""
    rng = random.Random(5)
    site = write_site(tmp_path / "site", {"briefgen.toml": 'title = "Watch test"\nitems_per_page = 3\n'})
    names = [f"b{i}" for i in range(8)]
    for name in names:
        write_site(site, {f"content/{name}.md": random_briefing(rng, [], name.upper())})
    cache = BuildCache()
    build(site, BuildOptions(), cache=cache)
    base_template = (REPO / "templates/base.html").read_text()
    for step in range(14):
        action = rng.choice(["body", "meta", "add", "delete", "rename", "template", "config", "broken"])
        existing = sorted(p.stem for p in (site / "content").glob("*.md"))
        if action == "body" and existing:
            name = rng.choice(existing)
            path = site / "content" / f"{name}.md"
            path.write_text(path.read_text() + f"\nAn added line {step}.\n")
        elif action == "meta" and existing:
            name = rng.choice(existing)
            write_site(site, {f"content/{name}.md": random_briefing(rng, [n for n in existing if n != name], f"Title {step}")})
        elif action == "add":
            write_site(site, {f"content/new{step}.md": random_briefing(rng, existing, f"New {step}")})
        elif action == "delete" and len(existing) > 2:
            victim = rng.choice(existing)
            (site / "content" / f"{victim}.md").unlink()
            for other in (site / "content").glob("*.md"):  # links to it would be errors
                other.write_text(other.read_text().replace(f"[[{victim}]]", "it"))
        elif action == "rename" and existing:
            name = rng.choice(existing)
            (site / "content" / f"{name}.md").rename(site / "content" / f"renamed{step}.md")
            for other in (site / "content").glob("*.md"):
                other.write_text(other.read_text().replace(f"[[{name}]]", f"[[renamed{step}]]"))
        elif action == "template":
            write_site(site, {"templates/base.html": base_template.replace("Skip to content", f"Skip ({step})")})
        elif action == "config":
            write_site(site, {"briefgen.toml": f'title = "Watch test {step}"\nitems_per_page = {rng.randint(2, 4)}\n'})
        elif action == "broken":
            write_site(site, {"content/broken.md": "---\ntitle: [oops\n---\n"})
            try:
                build(site, BuildOptions(search=False), cache=cache)
                raise AssertionError("a broken file must fail the build")
            except Exception as exc:  # noqa: BLE001
                assert "invalid YAML" in str(exc)
            (site / "content/broken.md").unlink()
        build(site, BuildOptions(search=False), cache=cache)
        build(site, BuildOptions(), cache=cache)
        clean = run_cli("build", "--site", site, "--out", tmp_path / f"clean{step}", "--no-cache", "--quiet")
        assert clean.returncode == 0, clean.stderr
        assert snapshot(site / "output") == snapshot(tmp_path / f"clean{step}"), f"step {step}: {action}"


def test_editor_temp_files_are_ignored() -> None:
    changes = classify({"content/a.md", "content/.a.md.swp", "content/a.md~", "content/4913", "content/#a.md#",
                        "content/.#a.md", "output/index.html", "templates/base.html", "briefgen.toml", "seeds/x.txt"})
    assert changes == ChangeSet(content=("content/a.md",), templates=("templates/base.html",),
                                config=("briefgen.toml",), seeds=("seeds/x.txt",))


class Reports:
    def __init__(self) -> None:
        self.items: list[RebuildReport] = []
        self.event = threading.Event()

    def __call__(self, report: RebuildReport) -> None:
        self.items.append(report)
        self.event.set()

    def wait_for(self, count: int, timeout: float = 20) -> list[RebuildReport]:
        deadline = time.monotonic() + timeout
        while len([r for r in self.items if r.changes]) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.6)  # anything more that would follow (it must not)
        return [r for r in self.items if r.changes]


def test_watcher_rebuilds_once_per_burst_and_survives_errors(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {f"content/b{i}.md": briefing(f"Briefing {i}", body=f"Text {i}.") for i in range(5)})
    reports = Reports()
    watcher = Watcher(site, BuildOptions(), reports, debounce=0.3)
    try:
        first = watcher.start()
        assert first.result is not None
        # An atomic save (temp file + rename), a vim swap file, a backup file: one rebuild.
        tmp = site / "content/.b0.md.tmp"
        tmp.write_text(briefing("Briefing 0", body="Saved atomically."))
        os.replace(tmp, site / "content/b0.md")
        (site / "content/.b0.md.swp").write_bytes(b"\x00swap")
        (site / "content/b0.md~").write_text("backup")
        rounds = reports.wait_for(1)
        assert len(rounds) == 1, [r.changes for r in rounds]
        assert "Saved atomically." in (site / "output/briefings/b0/index.html").read_text()

        # "Save all" / git checkout: many files in a burst, one rebuild.
        for i in range(1, 5):
            write_site(site, {f"content/b{i}.md": briefing(f"Briefing {i} v2", body=f"Text {i} v2.")})
        rounds = reports.wait_for(2)
        assert len(rounds) == 2
        assert set(rounds[1].changes.content) == {f"content/b{i}.md" for i in range(1, 5)}

        # A file created and deleted inside the debounce window changes nothing.
        write_site(site, {"content/fleeting.md": briefing("Fleeting")})
        (site / "content/fleeting.md").unlink()
        reports.wait_for(3, timeout=3)
        assert not (site / "output/briefings/fleeting").exists()

        # A broken file: the error is reported, the last good site stays; fixing it rebuilds.
        before = snapshot(site / "output")
        write_site(site, {"content/b2.md": "---\ntitle: Broken\ndate: 2023-99-99\n---\n"})
        rounds = reports.wait_for(4)
        failed = [r for r in rounds if r.result is None]
        assert failed and "content/b2.md:3" in str(failed[-1].problems[0])
        assert snapshot(site / "output") == before
        write_site(site, {"content/b2.md": briefing("Briefing 2 fixed")})
        rounds = reports.wait_for(5)
        assert rounds[-1].result is not None
        assert "Briefing 2 fixed" in (site / "output/briefings/b2/index.html").read_text()
    finally:
        watcher.stop()


def test_watch_starts_from_the_last_build_and_first_edits_write_little(tmp_path: Path) -> None:
    """`serve`/`watch` on a site built before: the first round reuses the build cache (nothing
    rendered again), the standby tree is made while the writer reads, so the first edit writes
    only what it changes; and the site still equals a clean build."""
    site = write_site(tmp_path / "site", {f"content/b{i}.md": briefing(f"Briefing {i}", body=f"Text {i}.")
                                          for i in range(6)})
    assert run_cli("build", "--site", site, "--quiet").returncode == 0
    reports = Reports()
    watcher = Watcher(site, BuildOptions(), reports, debounce=0.1)
    try:
        first = watcher.start()
        assert first.result is not None and first.result.stats.rendered == 0, first.result
        watcher._wait_for_standby()  # as if the writer read for a moment
        # The standby tree now mirrors output/, so a rebuild updates it instead of writing a whole new tree.
        assert watcher.cache.output.standby_digests == watcher.cache.output.file_digests
        standby = site / ".output.standby"
        assert sorted(p.relative_to(standby).as_posix() for p in standby.rglob("*") if p.is_file()) == \
            sorted(watcher.cache.output.file_digests)
        write_site(site, {"content/b3.md": briefing("Briefing 3", body="Text 3, edited while watching.")})
        rounds = reports.wait_for(1)
        edit = rounds[0].result
        assert edit is not None
        assert edit.stats.rendered <= 5 and edit.stats.written < 10, edit.stats  # the page and lists showing its summary
    finally:
        watcher.stop()
    clean = tmp_path / "clean"
    assert run_cli("build", "--site", site, "--out", clean, "--no-cache", "--quiet").returncode == 0
    assert snapshot(site / "output") == snapshot(clean)
