"""Ingest pipeline: re-runs never lose an analyst's edit; paths stay inside the site; duplicates merge."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from briefgen.config import SiteConfig
from briefgen.ingest import ingest, pipeline, seeds
from briefgen.ingest.store import is_edited

REPO = Path(__file__).resolve().parent.parent
ARTICLE = (" date 2024-03-01 Poland and Lithuania open new rail link\n\n"
           "Poland and Lithuania opened a new rail link on Friday, cutting travel times between Warsaw and Vilnius.\n\n"
           "Polish and Lithuanian ministers said the line would boost trade and tourism.\n")


def _run(site: Path, **flags: bool) -> pipeline.IngestReport:
    options = {"dry_run": False, "force": False, "write_new_beside": False} | flags
    return ingest(site, None, config=SiteConfig(), **options)


def _site(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    for name, text in files.items():
        path = tmp_path / "seeds" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return tmp_path


def test_first_run_writes_then_rerun_skips(tmp_path: Path) -> None:
    site = _site(tmp_path, {"rail.txt": ARTICLE})
    first = _run(site)
    (outcome,) = first.outcomes
    assert outcome.status == "written"
    assert outcome.target == "content/2024-03-01-poland-and-lithuania-open-new-rail-link.md"
    path = site / outcome.target
    meta = yaml.safe_load(path.read_text().split("---\n")[1])
    assert meta["countries"][:2] == ["PL", "LT"]
    assert meta["provenance"]["seed"] == "seeds/rail.txt"
    assert len(meta["provenance"]["seed_sha256"]) == 64
    before = path.read_bytes()
    second = _run(site)
    assert [o.status for o in second.outcomes] == ["skipped-unchanged"]
    assert path.read_bytes() == before


def test_edited_briefing_is_never_overwritten(tmp_path: Path) -> None:
    site = _site(tmp_path, {"rail.txt": ARTICLE})
    target = site / _run(site).outcomes[0].target  # type: ignore[operator]
    edited = target.read_text().replace("cutting travel times", "cutting journey times (analyst note)")
    target.write_text(edited)
    assert is_edited(edited)
    (site / "seeds" / "rail.txt").write_text(ARTICLE.replace("Friday", "Saturday"))

    report = _run(site)
    assert [o.status for o in report.outcomes] == ["skipped-edited"]
    assert "not overwritten" in report.lines()[0]
    assert target.read_text() == edited

    beside = _run(site, write_new_beside=True)
    (outcome,) = beside.outcomes
    assert outcome.status == "skipped-edited" and outcome.beside
    assert target.read_text() == edited
    new_version = (site / outcome.beside).read_text()
    assert "Saturday" in new_version and "draft: true" in new_version

    dry = _run(site, force=True, dry_run=True)
    assert dry.outcomes[0].status == "replaced" and target.read_text() == edited

    forced = _run(site, force=True)
    (outcome,) = forced.outcomes
    assert outcome.status == "replaced" and outcome.replaced == outcome.target
    assert "replaced content/" in str(outcome) and "edited by hand" in str(outcome)
    assert "Saturday" in target.read_text() and not is_edited(target.read_text())


def test_changed_seed_updates_an_unedited_briefing(tmp_path: Path) -> None:
    site = _site(tmp_path, {"rail.txt": ARTICLE})
    target = site / _run(site).outcomes[0].target  # type: ignore[operator]
    (site / "seeds" / "rail.txt").write_text(ARTICLE.replace("Friday", "Sunday"))
    assert [o.status for o in _run(site).outcomes] == ["updated"]
    assert "Sunday" in target.read_text()


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    site = _site(tmp_path, {"rail.txt": ARTICLE})
    report = _run(site, dry_run=True)
    assert report.outcomes[0].status == "written" and report.dry_run
    assert not (site / "content").exists()


def test_file_names_stay_in_content_and_are_unique(tmp_path: Path) -> None:
    evil = ' date 2024-03-01 ../../etc/passwd /tmp/x\n\nSomething happened in Paris on Friday, officials said.\n'
    # Same title and day, different stories (different places): three files, three names.
    site = _site(tmp_path, {"a.txt": evil, "b.txt": evil.replace("in Paris", "in Berlin, Germany"),
                            "c.txt": evil.replace("in Paris", "in Tokyo, Japan")})
    report = _run(site)
    targets = [o.target for o in report.outcomes if o.target]
    assert len(set(targets)) == len(targets)
    for target in targets:
        assert target.startswith("content/") and ".." not in target
        resolved = (site / target).resolve()
        assert resolved.parent == (site / "content").resolve()


def test_symlink_outside_site_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(ARTICLE)
    site = tmp_path / "site"
    _site(site, {"ok.txt": ARTICLE.replace("rail link", "road link")})
    os.symlink(outside, site / "seeds" / "link.txt")
    report = _run(site)
    messages = report.lines()
    assert "seeds/link.txt: symlink pointing outside the site: refused" in messages
    assert any(o.status == "written" for o in report.outcomes)


def test_large_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seeds, "MAX_FILE_BYTES", 100)
    site = _site(tmp_path, {"big.txt": ARTICLE})
    (outcome,) = _run(site).outcomes
    assert outcome.status == "error" and "larger than" in str(outcome)


def test_duplicates_become_extra_sources(tmp_path: Path) -> None:
    copy = ARTICLE.replace("Poland and Lithuania open new rail link", "Rail link opens between Poland and Lithuania")
    site = _site(tmp_path, {"a.txt": ARTICLE, "b.txt": copy})
    report = _run(site)
    statuses = [o.status for o in report.outcomes]
    assert statuses == ["written", "duplicate-merged"]
    assert report.outcomes[1].target == report.outcomes[0].target
    meta = yaml.safe_load((site / report.outcomes[0].target).read_text().split("---\n")[1])  # type: ignore[operator]
    assert [s["title"] for s in meta["sources"]] == ["Poland and Lithuania open new rail link",
                                                    "Rail link opens between Poland and Lithuania"]
    assert len(list((site / "content").glob("*.md"))) == 1


COPY = ARTICLE.replace("Poland and Lithuania open new rail link", "Rail link opens between Poland and Lithuania")


def test_the_same_story_in_a_later_run_becomes_an_extra_source(tmp_path: Path) -> None:
    """Issue 3: 'the second becomes an extra source of the first briefing, not a second briefing'
    -- also when the second seed arrives in a later run, or is ingested on its own."""
    site = _site(tmp_path, {"a.txt": ARTICLE})
    first = _run(site).outcomes[0]
    path = site / first.target  # type: ignore[operator]
    _site(tmp_path, {"b.txt": COPY})
    report = ingest(site, [site / "seeds/b.txt"], config=SiteConfig(), dry_run=False, force=False, write_new_beside=False)
    (outcome,) = report.outcomes
    assert outcome.status == "duplicate-merged" and outcome.target == first.target, str(outcome)
    assert "added as an extra source" in str(outcome)
    assert sorted(p.name for p in (site / "content").glob("*.md")) == [path.name]
    text = path.read_text()
    meta = yaml.safe_load(text.split("---\n")[1])
    assert [s["title"] for s in meta["sources"]] == ["Poland and Lithuania open new rail link",
                                                    "Rail link opens between Poland and Lithuania"]
    assert not is_edited(text)  # still ingest's own file: a later re-ingest may update it
    # The same again: nothing more to add, nothing written; a full re-run agrees.
    again = ingest(site, [site / "seeds/b.txt"], config=SiteConfig(), dry_run=False, force=False, write_new_beside=False)
    assert "already one of its sources" in str(again.outcomes[0])
    assert path.read_text() == text
    assert [o.status for o in _run(site).outcomes] == ["skipped-unchanged", "duplicate-merged"]
    assert path.read_text() == text
    # The first seed re-ingested on its own, changed: its briefing is updated and keeps the later source.
    (site / "seeds/a.txt").write_text(ARTICLE.replace("on Friday", "on Friday morning"))
    (updated,) = ingest(site, [site / "seeds/a.txt"], config=SiteConfig(), dry_run=False, force=False,
                        write_new_beside=False).outcomes
    assert updated.status == "updated", str(updated)
    meta = yaml.safe_load(path.read_text().split("---\n")[1])
    assert [s["title"] for s in meta["sources"]] == ["Poland and Lithuania open new rail link",
                                                    "Rail link opens between Poland and Lithuania"]
    assert "Friday morning" in path.read_text()


def test_a_later_duplicate_never_changes_an_edited_briefing(tmp_path: Path) -> None:
    site = _site(tmp_path, {"a.txt": ARTICLE})
    path = site / _run(site).outcomes[0].target  # type: ignore[operator]
    path.write_text(path.read_text().replace("title: Poland and Lithuania open new rail link",
                                             "title: Warsaw-Vilnius trains (analyst's headline)"))
    edited = path.read_bytes()
    _site(tmp_path, {"b.txt": COPY})
    for paths in ([site / "seeds/b.txt"], None):  # b alone, then every seed
        report = ingest(site, paths, config=SiteConfig(), dry_run=False, force=False, write_new_beside=False)
        duplicate = [o for o in report.outcomes if o.source == "seeds/b.txt"][0]
        assert duplicate.status == "duplicate-merged" and "edited by hand" in str(duplicate), str(duplicate)
        assert "added as an extra source" not in str(duplicate)
        assert path.read_bytes() == edited
        assert len(list((site / "content").glob("*.md"))) == 1


def test_a_dry_run_says_it_would_merge_and_writes_nothing(tmp_path: Path) -> None:
    site = _site(tmp_path, {"a.txt": ARTICLE})
    path = site / _run(site).outcomes[0].target  # type: ignore[operator]
    before = path.read_bytes()
    _site(tmp_path, {"b.txt": COPY})
    report = ingest(site, [site / "seeds/b.txt"], config=SiteConfig(), dry_run=True, force=False, write_new_beside=False)
    assert report.outcomes[0].status == "duplicate-merged"
    assert path.read_bytes() == before


def test_sidecar_metadata_and_credit(tmp_path: Path) -> None:
    record = {"file": "2004-12-27-story.txt", "title": "Story from the sidecar", "date": "2004-12-27",
              "url": "https://en.wikinews.org/wiki/Story"}
    site = _site(tmp_path, {"wiki/2004-12-27-story.txt": ARTICLE.split("\n\n", 1)[1],
                            "wiki/sources.jsonl": json.dumps(record) + "\n",
                            "wiki/SOURCES.md": "# Attribution\n\nNot an article.\n"})
    report = _run(site)
    assert [o.source for o in report.outcomes] == ["seeds/wiki/2004-12-27-story.txt"]
    text = (site / report.outcomes[0].target).read_text()  # type: ignore[operator]
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["title"] == "Story from the sidecar"
    assert meta["credit"] == "From Wikinews (https://en.wikinews.org), licensed CC BY 2.5"
    assert meta["sources"][0]["publisher"] == "Wikinews"
    assert meta["provenance"]["url"] == record["url"]


def test_txt_without_date_is_an_error_naming_the_file(tmp_path: Path) -> None:
    site = _site(tmp_path, {"undated.txt": ARTICLE.split("\n\n", 1)[1],
                            "2023-05-06-dated.txt": ARTICLE.split("\n\n", 1)[1].replace("rail", "bus")})
    report = _run(site)
    assert report.has_errors
    assert any(str(o).startswith("seeds/undated.txt: no date") for o in report.outcomes)
    assert any(o.target and o.target.startswith("content/2023-05-06-") for o in report.outcomes)


def test_a_page_of_photo_captions_only_is_an_error_naming_the_file_and_the_story_beside_it_is_written(
        tmp_path: Path) -> None:
    gallery = (" date 2024-03-01 Ministers cut a ribbon at Vilnius station on Friday. Credit: Jane Doe/Reuters\n"
               "A train leaves Warsaw for Vilnius on the new line, March 1, 2024. Photo: John Roe/AP\n"
               "Passengers board the first train in Vilnius. (AP Photo/Mari Tamm)\n")
    report = _run(_site(tmp_path, {"gallery.txt": gallery, "story.txt": ARTICLE}))
    assert report.has_errors
    assert any(str(o).startswith("seeds/gallery.txt: no article text found: all 3 of its lines read as captions")
               for o in report.outcomes)
    assert [p.name for p in (tmp_path / "content").iterdir()] == ["2024-03-01-poland-and-lithuania-open-new-rail-link.md"]
    report = _run(_site(tmp_path, {"dated-only.txt": " date 2024-03-02\n\n"}))
    assert any(str(o) == "seeds/dated-only.txt: no article text found: the file holds nothing but its date"
               for o in report.outcomes)


def test_seed_and_raw_samples_ingest_into_valid_briefings(tmp_path: Path) -> None:
    from briefgen.countries import resolve_country

    files: dict[str, str | bytes] = {"seed.txt": (REPO / "seeds" / "000_09b15416e61e2d38.txt").read_bytes()}
    raw = REPO.parent / "shared" / "corpora" / "reuters21578" / "raw-sample"
    for path in sorted(raw.glob("*.txt"))[:20]:
        files[f"raw/{path.name}"] = path.read_bytes()
    site = _site(tmp_path, files)
    report = _run(site)
    assert not report.has_errors, report.lines()
    from briefgen.briefing_file import KEYS

    allowed = set(KEYS)
    topics = set(SiteConfig().topic_slugs)
    for path in (site / "content").glob("*.md"):
        meta = yaml.safe_load(path.read_text().split("---\n")[1])
        assert set(meta) <= allowed and meta["title"] and meta["date"]
        assert all(resolve_country(code) is not None for code in meta["countries"])
        assert set(meta["topics"]) <= topics


def test_a_scraped_menu_row_on_the_date_line_is_not_the_headline(tmp_path: Path) -> None:
    from briefgen.config import SiteConfig
    from briefgen.ingest.pipeline import ingest

    seeds = tmp_path / "seeds"
    seeds.mkdir(parents=True)
    (seeds / "scraped.txt").write_text(
        " date 2024-05-02 Home | World | Politics | Business | Tech | Sport\n\nMenu\nSearch\nShare on Facebook\n\n"
        "Kenya's president William Ruto met his Ethiopian counterpart Abiy Ahmed in Nairobi on Thursday to discuss "
        "a regional electricity grid, officials said.\n\nThe two leaders signed a hydropower agreement.\n\n"
        "© 2024 Example News. All rights reserved.\n")
    report = ingest(tmp_path, None, dry_run=False, force=False, write_new_beside=False, config=SiteConfig())
    assert not report.has_errors
    text = next((tmp_path / "content").glob("*.md")).read_text()
    assert text.startswith("---\ntitle: Kenya's president William Ruto")
    assert "Home |" not in text and "Share on Facebook" not in text and "All rights reserved" not in text


def test_a_reader_whose_library_is_missing_fails_only_its_own_file(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 12: a plain install once lacked lxml_html_clean; HTML ingest raised ImportError and the
    # whole run stopped. Now that file is an error naming the package and the other seeds go through.
    import sys

    monkeypatch.setitem(sys.modules, "trafilatura", None)  # `import trafilatura` raises ImportError
    page = ("<!doctype html><html><body><article><p>France and Germany held talks in Paris on Tuesday "
            "about trade, officials said.</p></article></body></html>")
    site = _site(tmp_path, {"rail.txt": ARTICLE, "page.html": page})
    report = _run(site)
    by_source = {o.source: o for o in report.outcomes}
    assert by_source["seeds/rail.txt"].status == "written"
    failed = by_source["seeds/page.html"]
    assert failed.status == "error" and failed.problem is not None
    assert "trafilatura" in failed.problem.message
    assert report.has_errors


def test_date_marker_on_a_line_of_its_own_dates_the_article(tmp_path: Path) -> None:
    site = _site(tmp_path, {"talks.txt": " date 2024-03-05\n\nFrance and Germany held talks in Paris on "
                                         "Tuesday about trade, officials said.\n"})
    (outcome,) = _run(site).outcomes
    assert outcome.status == "written", outcome
    assert outcome.target is not None and outcome.target.startswith("content/2024-03-05-")


def test_bundled_content_is_exactly_what_ingest_makes_of_the_bundled_seeds(tmp_path: Path) -> None:
    """README: content/ is what ingest makes of seeds/. Re-ingesting a copy changes nothing, and the
    bundled briefings name people and organisations (their pages are part of the bundled site)."""
    import shutil

    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copytree(REPO / "content", tmp_path / "content")
    before = {p.name: p.read_bytes() for p in (tmp_path / "content").glob("*.md")}
    report = _run(tmp_path)
    assert {o.status for o in report.outcomes} == {"skipped-unchanged"}, report.lines()
    assert {p.name: p.read_bytes() for p in (tmp_path / "content").glob("*.md")} == before
    texts = [text.decode("utf-8") for text in before.values()]
    assert any("\npeople:\n" in text for text in texts) and any("\norganisations:\n" in text for text in texts)
    # A fresh ingest (no content/ yet) makes the same files, names included.
    shutil.rmtree(tmp_path / "content")
    _run(tmp_path)
    assert {p.name: p.read_bytes() for p in (tmp_path / "content").glob("*.md")} == before
