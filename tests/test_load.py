"""Loading briefings: which entries of content/ can be read at all (issue 12)."""

from __future__ import annotations

import os
from pathlib import Path

from briefgen.load import find_content_files, unusable_entry


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
