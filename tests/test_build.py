"""What a build leaves behind when it is killed, and what the next one clears (issue 12, item 14);
the build stages' keys (issue 14)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import fields, replace
from pathlib import Path

import pytest
from conftest import REPO, briefing, run_cli, snapshot, write_site

from briefgen.build import BuildCache, BuildOptions, build
from briefgen.config import SiteConfig
from briefgen.graph import build_graph
from briefgen.model import Briefing, RenderedBody, SourceRef
from briefgen.pipeline.bodies import mark_up
from briefgen.pipeline.cache import GraphCache, LoadCache, MarkupCache
from briefgen.pipeline.content import load_content
from briefgen.pipeline.linking import PAGE_ONLY_BODY_FIELDS, PAGE_ONLY_FIELDS, graph_key, link
from briefgen.pipeline.pools import Workers
from briefgen.pipeline.settings import configure
from briefgen.search import SHARDS_FILE, STALE, Shard, ShardRecord, reusable_shards, shard_dir

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
    command = [sys.executable, "-m", "briefgen", "build", "--site", str(site)]
    killed = subprocess.run(command, capture_output=True, check=False, text=True, timeout=300,
                            env={**env, "PYTHONPATH": f"{_fake_pagefind(tmp_path)}:{REPO}"})
    assert killed.returncode == -9, killed.stderr
    assert _leftovers(temp) == []  # nothing in the system's temp folder, which no build ever sweeps
    # Pages go to Pagefind in memory now; a scratch folder is what an earlier version's killed build left.
    (site / ".briefgen-cache/briefgen-search-k1ll3d/site").mkdir(parents=True)
    # Other half-written things a kill can leave: a cache being saved, a tree being written.
    (site / ".briefgen-cache/.build-k1ll3d").write_bytes(b"half a cache")
    write_site(site, {".output.tmp-k1ll3d/index.html": "half a site", ".output.spill/briefings/x/index.html": "page"})

    rebuilt = subprocess.run(command, capture_output=True, check=False, text=True, timeout=300, env=env)
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


# --- The graph's key is made from what the graph stage can read (issue 14, item 2) -------------

LINKED = {f"content/b{i}.md": briefing(f"Briefing {i}", f"2023-0{1 + i % 9}-1{i % 10}",
                                        f"Body {i}. See [[b{(i + 1) % 6}]].",
                                        countries=f"[{['RU', 'GB', 'FR'][i % 3]}]",
                                        topics=f"[{['diplomacy', 'economy'][i % 2]}]")
          for i in range(6)}


def _briefings(site: Path) -> tuple[list[Briefing], dict[str, RenderedBody], SiteConfig]:
    config, _, _ = configure(site, None)
    loaded = load_content(site, config, LoadCache(), drafts=True, changed=None, progress=None)
    with Workers(1, lambda: None, ()) as workers:
        marked = mark_up(site, config, loaded.briefings, loaded.stats, MarkupCache(), LoadCache(), workers)
    return marked.briefings, marked.bodies, config


@pytest.mark.parametrize("site", ["bundled", "linked"])
def test_page_only_fields_do_not_change_the_graph(site: str, tmp_path: Path) -> None:
    """The graph is built from ``graph_view`` projections, which blank what only pages show.
    If the graph started reading one of those fields, this fails: take it out of
    PAGE_ONLY_FIELDS, and the graph's key then holds it too."""
    briefings, bodies, config = _briefings(REPO if site == "bundled" else write_site(tmp_path, LINKED))
    graph, problems = build_graph(briefings, bodies, config)
    assert not problems and graph.related and (graph.backlinks or site == "bundled")
    changed = dict(title="Another title", body="Another body", body_line=99, summary="Another summary",
                   updated=dt.datetime(2030, 1, 1, tzinfo=dt.UTC), questions=("Why?",),
                   sources=(SourceRef("A source"),), credit="Someone", draft=True, key_lines=(("title", 9),))
    assert set(changed) == set(PAGE_ONLY_FIELDS)
    body_changes = dict(html="<p>x</p>", toc=(), first_paragraph="x", word_count=7)
    assert set(body_changes) == set(PAGE_ONLY_BODY_FIELDS)
    others = [replace(b, **changed) for b in briefings]  # type: ignore[arg-type]
    other_bodies = {slug: replace(body, **body_changes) for slug, body in bodies.items()}  # type: ignore[arg-type]
    assert build_graph(others, other_bodies, config) == (graph, problems)
    assert link(others, other_bodies, config, GraphCache()).graph == graph


def test_every_other_field_is_in_the_graph_key() -> None:
    """A field of Briefing or RenderedBody that is not page-only (a new taxonomy, say) is in
    the key without being listed anywhere: changing it rebuilds the graph."""
    briefings, bodies, config = _briefings(REPO)
    key = graph_key(briefings, bodies, config, GraphCache())
    first = briefings[0]
    for name in {f.name for f in fields(Briefing)} - set(PAGE_ONLY_FIELDS):
        edited = [replace(first, **{name: "changed"}), *briefings[1:]]  # type: ignore[arg-type]
        edited_bodies = {b.slug: bodies[old.slug] for b, old in zip(edited, briefings, strict=True)}
        assert graph_key(edited, edited_bodies, config, GraphCache()) != key, name
    for name in {f.name for f in fields(RenderedBody)} - set(PAGE_ONLY_BODY_FIELDS):
        edited_bodies = {**bodies, first.slug: replace(bodies[first.slug], **{name: "changed"})}  # type: ignore[arg-type]
        assert graph_key(briefings, edited_bodies, config, GraphCache()) != key, name
    assert graph_key(briefings, bodies, replace(config, title="Another site"), GraphCache()) != key


# --- Search shards are carried as data (issue 14, item 2) -------------------------------------

def test_shard_records_name_the_bundles_in_the_output(tmp_path: Path) -> None:
    """Each shard's number, key and files come from the build that made its bundle: they name
    exactly the search files in the output, and an edit re-indexes only its own shard."""
    files = {f"content/s{i}.md": briefing(f"Story {i}", f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}", f"Text {i}.",
                                          countries="[FR]") for i in range(130)}
    site = write_site(tmp_path / "site", files)
    cache = BuildCache()
    build(site, BuildOptions(jobs=1), cache=cache)
    records = cache.search.shards
    assert sorted(records) == [0, 1, 2, 3]
    search_files = {p.relative_to(site / "output").as_posix() for p in (site / "output/pagefind").rglob("*")
                    if p.is_file()} - {SHARDS_FILE}
    assert {f for r in records.values() for f in r.files} == search_files
    for number, record in records.items():
        assert all(f.startswith(shard_dir(number) + "/") for f in record.files)
        assert number != 0 or not any(f.startswith(f"{shard_dir(0)}/shard-") for f in record.files)
    write_site(site, {"content/s7.md": briefing("Story 7", "2022-08-08", "Text 7, edited.", countries="[FR]")})
    build(site, BuildOptions(jobs=1, changed_content=("content/s7.md",)), cache=cache)
    changed = [n for n in records if cache.search.shards[n] != records[n]]
    assert len(changed) == 1 and cache.search.shards[changed[0]].key != records[changed[0]].key
    clean = run_cli("build", "--site", site, "--out", tmp_path / "clean", "--no-cache", "--quiet")
    assert clean.returncode == 0 and snapshot(site / "output") == snapshot(tmp_path / "clean")


def test_which_shards_are_indexed_again() -> None:
    planned = [Shard(0, "a", ("x",)), Shard(1, "b", ("y",)), Shard(3, "d", ("z",))]
    previous = {0: ShardRecord("a", ("pagefind/0",)), 1: ShardRecord("old", ("pagefind/shard-01/1",)),
                2: ShardRecord("c", ("pagefind/shard-02/2",))}
    keep, index = reusable_shards(planned, previous, stale_ok=False)
    assert keep == {0: previous[0]} and [s.number for s in index] == [1, 3]
    keep, index = reusable_shards(planned, previous, stale_ok=True)  # watch's first pass: index later
    assert keep == {0: previous[0], 1: ShardRecord(STALE, previous[1].files)} and [s.number for s in index] == [3]
    keep, index = reusable_shards(planned, None, stale_ok=True)  # an output the cache did not make
    assert keep == {} and len(index) == 3
