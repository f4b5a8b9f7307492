"""A no-change `briefgen build` answers from file stats alone, and is never wrong (issue 7).

The quick check (briefgen/uptodate.py) may only say "up to date" when a full build would write
exactly what is in output/ already. Every kind of change a user makes must take the full build.
Most cases run the CLI in this process with the "racy" margin set to zero, so a build can be
recorded right after the test wrote its files; one runs as a user would and waits the margin out.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, briefing, run_cli, snapshot, write_site

from briefgen import uptodate
from briefgen.cli import main

FILES = {
    "briefgen.toml": 'title = "Up to date"\n',
    "content/a.md": briefing("Alpha", "2023-07-20", "Alpha body. See [[b]].", countries="[RU]", topics="[diplomacy]"),
    "content/b.md": briefing("Bravo", "2023-07-21", "Bravo body.", countries="[GB]", topics="[economy]"),
    "content/d.md": briefing("Delta draft", "2023-07-22", "Draft body.", draft="true"),
}
UP_TO_DATE = "up to date: no input changed"


def cli_build(site: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["build", "--site", str(site), "--timings", *args])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def assert_same_as_clean_build(site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """output/ holds what a clean build of a copy of the site makes (a copy: any other build of
    the site itself would forget the record the test goes on to use)."""
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("output", ".briefgen-cache"), symlinks=True)
    cli_build(clean, capsys, "--no-cache", "--jobs", "1")
    assert snapshot(site / "output") == snapshot(clean / "output")


def _edit_body_same_size(site: Path) -> None:
    path = site / "content/a.md"
    path.write_text(path.read_text().replace("Alpha body.", "Alpha b0dy."))


def _rename_briefing(site: Path) -> None:
    (site / "content/b.md").rename(site / "content/bravo.md")
    _edit_links_to_bravo(site)


def _edit_links_to_bravo(site: Path) -> None:
    path = site / "content/a.md"
    path.write_text(path.read_text().replace("[[b]]", "[[bravo]]"))


CHANGES: dict[str, Callable[[Path], None]] = {
    "briefing body, same size": _edit_body_same_size,
    "briefing touched": lambda site: os.utime(site / "content/b.md"),
    "briefing added in a new folder": lambda site: write_site(site, {"content/2024/c.md": briefing("Charlie", "2024-01-02")}),
    "briefing deleted": lambda site: (site / "content/b.md").unlink() or _edit_links_to_bravo(site)
                                     or (site / "content/a.md").write_text(briefing("Alpha", body="No links.")),
    "briefing renamed": _rename_briefing,
    "template added": lambda site: write_site(site, {"templates/base.html": (REPO / "templates/base.html").read_text()
                                                     .replace("Skip to content", "Skip to the text")}),
    "config edited": lambda site: write_site(site, {"briefgen.toml": 'title = "Renamed"\n'}),
    "output deleted": lambda site: shutil.rmtree(site / "output"),
}


@pytest.fixture
def recorded_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """A site built once, with the build recorded (the second build is the quick one)."""
    monkeypatch.setattr(uptodate, "RACY_SECONDS", 0.0)
    site = write_site(tmp_path / "site", FILES)
    assert UP_TO_DATE not in cli_build(site, capsys)
    assert UP_TO_DATE in cli_build(site, capsys)
    return site


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_any_change_takes_the_full_build(change: str, recorded_site: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(recorded_site / "output")
    CHANGES[change](recorded_site)
    out = cli_build(recorded_site, capsys)
    assert UP_TO_DATE not in out, out
    assert_same_as_clean_build(recorded_site, tmp_path, capsys)
    if change not in ("briefing touched", "output deleted"):
        assert snapshot(recorded_site / "output") != before
    # and once built, the next build is the quick one again
    assert UP_TO_DATE in cli_build(recorded_site, capsys)


def test_the_quick_answer_prints_what_the_build_made(recorded_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    uptodate.forget(recorded_site)
    full = cli_build(recorded_site, capsys).splitlines()[0]  # the whole pipeline's own summary line
    quick = cli_build(recorded_site, capsys).splitlines()[0]
    assert full.split(" into ")[0] == quick.split(" into ")[0] == "built 2 briefings, 28 pages (0 rendered, 0 files changed)"
    assert full.split(" in ")[0] == quick.split(" in ")[0]  # the same output directory


@pytest.mark.parametrize("args", [["--drafts"], ["--base-url", "https://example.org/repo/"], ["--no-cache"]])
def test_other_options_are_not_answered_from_the_record(args: list[str], recorded_site: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = cli_build(recorded_site, capsys, *args)
    assert UP_TO_DATE not in out
    if args == ["--drafts"]:
        assert (recorded_site / "output/briefings/d/index.html").is_file()
    # the plain build after it is a full one, and puts the plain site back
    assert UP_TO_DATE not in cli_build(recorded_site, capsys)
    assert_same_as_clean_build(recorded_site, tmp_path, capsys)


def test_another_output_directory_is_not_answered_from_the_record(recorded_site: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert UP_TO_DATE not in cli_build(recorded_site, capsys, "--out", str(tmp_path / "elsewhere"))
    assert (tmp_path / "elsewhere/index.html").is_file()


def test_editor_files_beside_briefings_do_not_count(recorded_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_site(recorded_site, {"content/.a.md.swp": "swap", "content/a.md~": "backup", "content/notes.txt": "x"})
    assert UP_TO_DATE in cli_build(recorded_site, capsys)


def test_a_symlink_among_the_inputs_turns_the_check_off(recorded_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_site(recorded_site, {"content/_parts/e.md": briefing("Echo", "2023-08-01")})  # '_' folders are not read
    (recorded_site / "content/e.md").symlink_to(recorded_site / "content/_parts/e.md")
    cli_build(recorded_site, capsys)
    assert UP_TO_DATE not in cli_build(recorded_site, capsys)


def test_a_failed_build_forgets_the_record(recorded_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = (recorded_site / "content/a.md").read_text()
    (recorded_site / "content/a.md").write_text(good.replace("countries: [RU]", "countries: [Narnia]"))
    assert main(["build", "--site", str(recorded_site)]) == 1
    capsys.readouterr()
    (recorded_site / "content/a.md").write_text(good)
    assert UP_TO_DATE not in cli_build(recorded_site, capsys)


def test_a_build_right_after_an_edit_is_not_trusted_later(tmp_path: Path) -> None:
    """As a user runs it (no margin patched): files written just before a build could change again
    within their timestamp's tick, so that build is not recorded; one made later is."""
    site = write_site(tmp_path / "site", FILES)
    assert run_cli("build", "--site", site, "--timings").returncode == 0
    # Changed just now, not when the site was written: a first build slower than the margin (a
    # loaded machine) would otherwise make the second one start on inputs old enough to trust.
    os.utime(site / "content/a.md")
    second = run_cli("build", "--site", site, "--timings")
    assert UP_TO_DATE not in second.stdout
    time.sleep(uptodate.RACY_SECONDS + 0.1)
    assert UP_TO_DATE not in run_cli("build", "--site", site, "--timings").stdout  # recorded now
    quick = run_cli("build", "--site", site, "--timings")
    assert quick.returncode == 0 and UP_TO_DATE in quick.stdout, quick.stdout


def test_the_check_names_the_same_files_as_the_build() -> None:
    """uptodate repeats two names so that it imports nothing heavy; they must not drift."""
    from briefgen import render, write

    assert uptodate.OUTPUT_MARKER == write.MARKER
    assert render.THEME_CHECKOUT_DIR.resolve() == uptodate.CHECKOUT_THEME_DIR


def test_the_content_stats_it_takes_list_what_the_load_stage_lists(tmp_path: Path) -> None:
    """The build's load stage reads the briefing files from these stats instead of listing
    content/ again (issue 15): the same files, in the same order, hidden ones left out."""
    from briefgen.load import find_content_files

    names = ["a.md", "a-b.md", "a/x.md", "a/b/y.md", "ab.md", "_skip.md", ".hidden.md", "_drafts/z.md", "z~/w.md",
             "notes.txt", "b/c.md"]
    site = write_site(tmp_path / "site", {"briefgen.toml": "", **{f"content/{name}": "x" for name in names}})
    state = uptodate.current_state(site, None, None, False)
    assert state is not None
    listed = [p.relative_to(site.resolve()).as_posix() for p in find_content_files(site / "content")]
    assert list(state.content) == listed
    assert all(state.content[rel].st_size == 1 for rel in listed)
