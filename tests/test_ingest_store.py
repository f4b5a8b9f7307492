"""Ingest's store across runs (issue 12): a re-ingest recognises its own briefings whatever the
seed's extension, leftover temp files of killed runs are swept, and only regular files are read."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from briefgen.config import SiteConfig
from briefgen.ingest import ingest, store

FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Example News</title>
<item><title>Poland opens rail link to Lithuania</title><link>https://example.org/rail</link>
<pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate><description>Poland and Lithuania opened a new rail link on
Friday, cutting travel times between Warsaw and Vilnius.</description></item>
<item><title>Kenya plants a million trees</title><link>https://example.org/trees</link>
<pubDate>Sat, 02 Mar 2024 10:00:00 GMT</pubDate><description>Kenya planted a million trees on Saturday in a
national campaign against deforestation.</description></item>
</channel></rss>
"""
ATOM = """<feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title>
<entry><title>Chile opens a solar plant</title><link href="https://example.org/solar"/>
<updated>2024-03-04T10:00:00Z</updated><summary>Chile opened the largest solar plant in South America on
Monday, in the Atacama desert.</summary></entry>
<entry><title>Peru holds a census</title><link href="https://example.org/census"/>
<updated>2024-03-05T10:00:00Z</updated><summary>Peru counted its people on Tuesday in its first census for
a decade, officials in Lima said.</summary></entry>
</feed>
"""
RECORDS = json.dumps([
    {"title": "Norway builds a tunnel", "date": "2024-03-06", "url": "https://example.org/tunnel",
     "text": "Norway began building the world's first ship tunnel on Wednesday near Stad."},
    {"title": "Japan launches a probe", "date": "2024-03-07",
     "text": "Japan launched a lunar probe on Thursday from the Tanegashima space centre."},
])


def _run(site: Path, dry_run: bool = False) -> list[str]:
    report = ingest(site, None, dry_run=dry_run, force=False, write_new_beside=False, config=SiteConfig())
    return [o.status for o in report.outcomes]


def _site(tmp_path: Path, seeds: dict[str, str]) -> Path:
    for name, text in seeds.items():
        (tmp_path / "seeds" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "seeds" / name).write_text(text)
    return tmp_path


def _briefings(site: Path) -> list[str]:
    return sorted(p.name for p in (site / "content").glob("*.md"))


JSON_LINES = "\n".join(json.dumps(record) for record in json.loads(RECORDS)) + "\n"
# Each many-article kind under its own name, then under names that lie (issue 14, item 4).
RIGHT_NAMES = {"rss": ("feed.rss", FEED), "atom": ("feed.atom", ATOM), "json": ("records.json", RECORDS),
               "jsonl": ("records.jsonl", JSON_LINES)}
WRONG_NAMES = [("feed.txt", "rss"), ("feed.md", "rss"), ("feed", "rss"), ("feed.xml", "atom"), ("atom.txt", "atom"),
               ("atom.html", "atom"), ("records.txt", "json"), ("records.md", "json"), ("lines.txt", "jsonl"),
               ("lines.json", "jsonl"), ("lines", "jsonl"), ("lines.html", "jsonl")]


@pytest.mark.parametrize("name, text", [(name, RIGHT_NAMES[kind][1]) for name, kind in WRONG_NAMES]
                         + list(RIGHT_NAMES.values()))
def test_reingest_of_a_many_article_seed_writes_nothing_new(tmp_path: Path, name: str, text: str) -> None:
    """Many articles per file is decided by what the file holds, not by its extension."""
    site = _site(tmp_path, {name: text})
    assert _run(site) == ["written", "written"]
    before = {p: (site / "content" / p).read_bytes() for p in _briefings(site)}
    assert _run(site) == ["skipped-unchanged", "skipped-unchanged"]
    assert {p: (site / "content" / p).read_bytes() for p in _briefings(site)} == before


@pytest.mark.parametrize("name, kind", WRONG_NAMES)
def test_a_misnamed_seed_gives_the_briefings_its_right_name_gives(tmp_path: Path, name: str, kind: str) -> None:
    """The reader is chosen by content, and it decides everything: the same briefings, byte for
    byte but for the seed's name in their provenance."""
    def briefings(site: Path, seed: str) -> list[str]:
        _run(site)
        texts = [(site / "content" / p).read_text(encoding="utf-8") for p in _briefings(site)]
        return [re.sub(r"generated_sha256: \w+", "", text).replace(f"seeds/{seed}", "SEED") for text in texts]

    right, text = RIGHT_NAMES[kind]
    expected = briefings(_site(tmp_path / "right", {right: text}), right)
    assert len(expected) == 2
    assert briefings(_site(tmp_path / "wrong", {name: text}), name) == expected


def test_entry_is_recorded_by_its_url_not_its_position(tmp_path: Path) -> None:
    """A feed gains entries at the top: the older entries still go to their own briefings."""
    site = _site(tmp_path, {"feed.txt": FEED})
    _run(site)
    (path,) = (site / "content").glob("*rail*.md")
    meta = yaml.safe_load(path.read_text().split("---\n")[1])
    assert meta["provenance"]["entry"] == "https://example.org/rail"
    names = _briefings(site)
    newer = ("<item><title>Ghana elects a parliament</title><link>https://example.org/vote</link><pubDate>Sun, "
             "03 Mar 2024 10:00:00 GMT</pubDate><description>Ghana elected a new parliament on Sunday.</description>"
             "</item>\n")
    (site / "seeds" / "feed.txt").write_text(FEED.replace("<item>", newer + "<item>", 1))
    assert _run(site).count("written") == 1
    assert sorted(set(_briefings(site)) - set(names)) == ["2024-03-03-ghana-elects-a-parliament.md"]


def test_briefings_of_a_feed_saved_as_txt_before_the_entry_was_recorded_are_found(tmp_path: Path) -> None:
    site = _site(tmp_path, {"feed.txt": FEED})
    _run(site)
    for path in (site / "content").glob("*.md"):  # as an older ingest wrote them: no entry recorded
        lines = [line for line in path.read_text().splitlines(keepends=True) if not line.startswith("  entry: ")]
        path.write_text(store._with_hash("".join(lines).replace(store._HASH_LINE.search(path.read_text())[2], "''")))
        assert not store.is_edited(path.read_text())
    names = _briefings(site)
    assert sorted(_run(site)) == ["updated", "updated"]  # the entry is recorded now
    assert _briefings(site) == names


# ------------------------------------------------------------------------ leftovers and FIFOs

ARTICLE = (" date 2024-03-01 Poland and Lithuania open new rail link\n\n"
           "Poland and Lithuania opened a new rail link on Friday, cutting travel times between Warsaw and Vilnius.\n")
NO_SUCH_PID = 4_194_305  # above the largest pid_max Linux allows


def test_temp_files_of_killed_runs_are_swept_and_live_ones_kept(tmp_path: Path) -> None:
    site = _site(tmp_path, {"rail.txt": ARTICLE})
    (site / "content" / "2023").mkdir(parents=True)
    old = [site / "content" / ".ingest-k2j4_x9q.tmp", site / "content" / "2023" / f".ingest-{os.getpid()}-ab12.tmp"]
    dead = site / "content" / f".ingest-{NO_SUCH_PID}-zz81.tmp"  # recent, but its writer is gone
    live = site / "content" / f".ingest-{os.getpid()}-cd34.tmp"  # recent, and its writer (us) still runs
    for path in (*old, dead, live):
        path.write_text("half a briefing")
    hour_ago = time.time() - 3600
    for path in old:
        os.utime(path, (hour_ago, hour_ago))

    _run(site, dry_run=True)
    assert all(path.exists() for path in (*old, dead, live))  # a dry run changes nothing
    assert _run(site) == ["written"]
    assert [path.exists() for path in (*old, dead, live)] == [False, False, False, True]
    assert not [p for p in (site / "content").rglob("*.tmp") if p != live]  # nor any of its own


def test_a_fifo_in_seeds_is_skipped_with_a_warning_and_does_not_hang(tmp_path: Path) -> None:
    site = _site(tmp_path, {"rail.txt": ARTICLE})
    (site / "briefgen.toml").write_text('title = "T"\n')
    os.mkfifo(site / "seeds" / "pipe.txt")
    os.mkfifo(site / "seeds" / "sources.jsonl")  # a sidecar too
    result = subprocess.run([sys.executable, "-m", "briefgen", "ingest", "--site", str(site)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "seeds/pipe.txt: warning: not a regular file" in result.stdout + result.stderr
    assert "seeds/rail.txt: written" in result.stdout


def test_a_listed_file_replaced_by_a_fifo_is_not_read(tmp_path: Path) -> None:
    """Between listing and reading, a seed can become a FIFO: opening it must not wait for a writer."""
    (tmp_path / "seeds").mkdir()
    os.mkfifo(tmp_path / "seeds" / "late.txt")
    code = ("import sys; from pathlib import Path; from briefgen.ingest.seeds import read_seeds; "
            "site = Path(sys.argv[1]); print(read_seeds(site, [site / 'seeds' / 'late.txt'], {})[0].problems[0])")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=30)
    assert result.stdout.strip() == "seeds/late.txt: warning: not a regular file (a pipe, device or socket): skipped"


def test_sites_made_by_init_ignore_ingest_temp_files() -> None:
    from fnmatch import fnmatch

    from briefgen.scaffold import GITIGNORE

    assert any(fnmatch(".ingest-1234-ab12.tmp", line) for line in GITIGNORE.splitlines())


def test_every_seed_is_read_from_disk_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain-text pages wait for the batch's recurring lines, without a second read (issue 14, item 4)."""
    from briefgen.ingest import seeds

    reads: list[str] = []
    real = seeds.read_regular

    def counting(path: Path) -> bytes | None:
        reads.append(path.name)
        return real(path)

    monkeypatch.setattr(seeds, "read_regular", counting)
    site = _site(tmp_path, {"a.txt": ARTICLE, "b.txt": ARTICLE.replace("rail", "road"), "feed.txt": FEED,
                            "sources.jsonl": '{"file": "a.txt", "url": "https://example.org/a"}\n'})
    assert _run(site).count("written") == 4  # the feed holds two articles
    assert sorted(name for name in reads if name != "sources.jsonl") == ["a.txt", "b.txt", "feed.txt"]
