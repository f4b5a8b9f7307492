"""Loading briefings: line endings, and which entries of content/ can be read at all (issue 12)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefgen.config import SiteConfig
from briefgen.load import find_content_files, load_file, unusable_entry

LINES = ["---", "title: Talks resume", "date: 2023-07-20", "countries: [Narnia]", "---", "", "Body text.", ""]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_any_line_ending_gives_the_same_lines(ending: str) -> None:
    result = load_file("content/x.md", ending.join(LINES), SiteConfig())
    assert [str(p).split(" (")[0] for p in result.problems] == ["content/x.md:4: unknown country 'Narnia'"]


@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["CRLF", "CR"])
def test_body_starts_on_the_right_line(ending: str) -> None:
    text = ending.join(line for line in LINES if not line.startswith("countries"))
    briefing = load_file("content/x.md", text, SiteConfig()).briefing
    assert briefing is not None
    assert briefing.body_line == 5 and briefing.body.strip() == "Body text." and "\r" not in briefing.body


def test_unusable_entries_are_named(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "dir").mkdir(parents=True)
    (content / "ok.md").write_text("x")
    (content / "dir/inside.md").write_text("x")
    (tmp_path / "outside").mkdir()
    (tmp_path / "far.md").write_text("x")
    (content / "away").symlink_to(tmp_path / "outside")
    (content / "far.md").symlink_to(tmp_path / "far.md")
    (content / "near.md").symlink_to(content / "ok.md")
    os.mkfifo(content / "pipe.md")
    root = content.resolve()
    found = {p.relative_to(tmp_path).as_posix(): unusable_entry(p, p.relative_to(tmp_path).as_posix(), root)
             for p in find_content_files(content)}
    assert {rel: str(problem) if problem else None for rel, problem in found.items()} == {
        "content/away": "content/away: symbolic link to a folder outside content/ is not followed",
        "content/dir/inside.md": None,
        "content/far.md": "content/far.md: symbolic link to a file outside content/ is not followed",
        "content/near.md": None,
        "content/ok.md": None,
        "content/pipe.md": "content/pipe.md: warning: not a regular file: skipped",
    }
    assert found["content/pipe.md"] is not None and found["content/pipe.md"].warning
