"""Nothing escapes its folder (issue 8): slugs, wikilink targets, ``--out``, symlinks in content/
and seeds/, and file names ingest derives from hostile titles.

(Dev-server paths are tested with the server, once it exists.)
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from conftest import briefing, run_cli, snapshot, write_site

from briefgen.config import SiteConfig
from briefgen.ingest import ingest

CONFIG = 'title = "Paths"\nbase_url = "https://example.org/"\n'


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def outside(tmp: Path) -> set[str]:
    """Everything under tmp that is not the site folder."""
    return {p for p in files_under(tmp) if p != "site" and not p.startswith("site/")}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {"briefgen.toml": CONFIG, "content/good.md": briefing("Good", countries="[FR]")})


HOSTILE_SLUGS = ['"../escape"', '"/etc/escape"', '"%2e%2e%2fescape"', '"..\\\\..\\\\escape"', '"a\\0b"', '"a/b"',
                 '".."', '"."', '"escape/../../x"', '"ESCAPE"', "[a, b]", '"\\x1b[31mred"']


def test_hostile_slugs_are_refused_with_their_lines(site: Path) -> None:
    for number, slug in enumerate(HOSTILE_SLUGS):
        (site / f"content/bad-{number}.md").write_text(briefing(f"Bad {number}", slug=slug), encoding="utf-8")
    before = outside(site.parent)
    result = run_cli("build", "--site", site)
    assert result.returncode == 1, result.stderr
    for number in range(len(HOSTILE_SLUGS)):
        assert re.search(rf"^error: content/bad-{number}\.md:4: slug .* must be lower-case letters, digits and hyphens",
                         result.stderr, re.M), (HOSTILE_SLUGS[number], result.stderr)
    assert "Traceback" not in result.stderr
    assert "\x00" not in result.stderr and "\x1b" not in result.stderr  # shown as \x00, \x1b: the terminal is safe
    assert not (site / "output").exists()
    assert outside(site.parent) == before


WIKILINKS = [
    ("[[../../etc/passwd]]", "unknown briefing '../../etc/passwd'"),
    ("[[/etc/passwd]]", "unknown briefing '/etc/passwd'"),
    ("[[%2e%2e%2fetc%2fpasswd]]", "unknown briefing '%2e%2e%2fetc%2fpasswd'"),
    ("[[..\\..\\boot.ini]]", "unknown briefing"),
    ("[[briefing:..]]", "unknown briefing '..'"),
    ("[[topic:../../x]]", "unknown topic '../../x'"),
    ("[[country:../../etc]]", "unknown country '../../etc'"),
    ("[[file:///etc/passwd]]", "unknown link kind 'file'"),
]


def test_wikilink_targets_cannot_leave_the_site(site: Path) -> None:
    body = "Intro.\n\n" + "\n".join(f"See {link}." for link, _ in WIKILINKS)
    (site / "content/bad.md").write_text(briefing("Bad", body=body), encoding="utf-8")
    result = run_cli("build", "--site", site)
    assert result.returncode == 1, result.stderr
    for line, (_link, message) in enumerate(WIKILINKS, start=8):
        assert f"error: content/bad.md:{line}: {message}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (site / "output").exists()


def test_slug_from_a_hostile_file_name_stays_in_output(site: Path) -> None:
    (site / "content/%2e%2e%2f%2e%2e%2fescape.md").write_text(briefing("Encoded name"), encoding="utf-8")
    (site / "content/back\\slash.md").write_text(briefing("Backslash name"), encoding="utf-8")
    result = run_cli("build", "--site", site)
    assert result.returncode == 0, result.stderr
    out = site / "output"
    slugs = sorted(p.name for p in (out / "briefings").iterdir())
    assert len(slugs) == 3 and "back-slash" in slugs and "good" in slugs, slugs
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", s) for s in slugs), slugs
    assert outside(site.parent) == set()


@pytest.mark.parametrize(("out", "message"), [
    (".", "it contains the site itself"),
    ("..", "it contains the site itself"),
    ("/", "it contains the site itself"),
    ("content", "that is the site's content/ folder"),
    ("templates", "that is the site's templates/ folder"),
    ("seeds", "that is the site's seeds/ folder"),
    ("not-ours", "it is not empty and was not made by briefgen"),
    ("a-file", "it is a file"),
    ("link-to-content", "that is the site's content/ folder"),
])
def test_out_that_would_destroy_something_is_refused(site: Path, out: str, message: str) -> None:
    write_site(site, {"templates/base.html": "{% block main %}{% endblock %}", "seeds/x.txt": "x",
                      "not-ours/precious.txt": "keep me", "a-file": "keep me"})
    (site / "link-to-content").symlink_to(site / "content")
    before = snapshot(site.parent)
    target = out if out == "/" else str(site / out)
    result = run_cli("build", "--site", site, "--out", target)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    after = snapshot(site.parent)
    assert {k: v for k, v in after.items() if ".briefgen-cache" not in k} == before


def test_out_into_a_previous_build_is_fine(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere" / "public"
    assert run_cli("build", "--site", site, "--out", out).returncode == 0
    assert run_cli("build", "--site", site, "--out", out).returncode == 0
    assert (out / "index.html").is_file() and (out / ".nojekyll").is_file()
    assert not (site / "output").exists()


def test_symlinks_in_content_pointing_outside_are_not_followed(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write_site(outside, {"secret.md": briefing("Secret outside"), "dir/also.md": briefing("Also outside")})
    (site / "content/secret.md").symlink_to(outside / "secret.md")
    (site / "content/passwd.md").symlink_to("/etc/passwd")
    (site / "content/folder").symlink_to(outside / "dir")
    (site / "content/inside.md").symlink_to(site / "content/good.md")  # inside content/: fine, but a duplicate
    result = run_cli("build", "--site", site)
    assert result.returncode == 1
    for name, kind in (("secret.md", "file"), ("passwd.md", "file"), ("folder", "folder")):
        assert f"error: content/{name}: symbolic link to a {kind} outside content/ is not followed" in result.stderr, result.stderr
    assert "Secret outside" not in result.stderr and "root:" not in result.stderr
    assert "content/inside.md:1: duplicate slug" not in result.stderr or "duplicate" in result.stderr
    assert not (site / "output").exists()


def _ingest(site: Path, paths: list[Path] | None = None):  # type: ignore[no-untyped-def]
    return ingest(site, paths, dry_run=False, force=False, write_new_beside=False, config=SiteConfig())


def test_seed_symlinks_pointing_outside_are_refused(site: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write_site(outside, {"secret.txt": " date 2023-01-01 Secret\n\nOfficials in France met in Paris on Monday in secret.\n",
                         "dir/2023-01-02-more.txt": "Officials in Spain met in Madrid on Monday.\n"})
    (site / "seeds").mkdir()
    (site / "seeds/link.txt").symlink_to(outside / "secret.txt")
    (site / "seeds/linkdir").symlink_to(outside / "dir")
    (site / "seeds/passwd.txt").symlink_to("/etc/passwd")
    before = snapshot(site / "content")
    result = run_cli("ingest", "--site", site)
    assert result.returncode == 1
    for name in ("link.txt", "linkdir", "passwd.txt"):
        assert f"seeds/{name}: symlink pointing outside the site: refused" in result.stdout + result.stderr
    assert snapshot(site / "content") == before
    assert "Traceback" not in result.stderr


def test_ingest_refuses_a_content_folder_that_leads_outside(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"briefgen.toml": CONFIG,
                                          "seeds/2023-01-01-a.txt": "Officials in France met in Paris on Monday.\n"})
    (tmp_path / "elsewhere").mkdir()
    (site / "content").symlink_to(tmp_path / "elsewhere")
    report = _ingest(site)
    assert report.has_errors
    assert "content/ is a symlink pointing outside the site" in "\n".join(report.lines())
    assert not any((tmp_path / "elsewhere").iterdir())


HOSTILE_TITLES = ["../../../../tmp/evil", "/etc/passwd", "..\\..\\evil", "%2e%2e%2fevil", "a\x00b", "....//....//x",
                  "~/.bashrc", "CON", ".hidden", "-", "..", "x" * 500, "\u202egnp.exe", "a/b/c", "\\\\server\\share",
                  "file:///etc/passwd", "content/../../x", "ünïcødé 日本"]


def test_ingest_file_names_from_hostile_titles_stay_in_content(site: Path, tmp_path: Path) -> None:
    records = [{"title": title, "date": "2023-07-20", "url": f"https://example.org/{i}/../../../x",
                "text": f"Officials in France met in Paris on Monday to discuss item {i} of the agenda."}
               for i, title in enumerate(HOSTILE_TITLES)]
    write_site(site, {"seeds/a.jsonl": "\n".join(json.dumps(r) for r in records)})
    outside_before = outside(tmp_path)
    report = _ingest(site)
    assert not report.has_errors, report.lines()
    written = sorted(site.joinpath("content").iterdir())
    assert len(written) == len(HOSTILE_TITLES) + 1  # + good.md
    for path in written:
        assert path.parent == site / "content"
        assert re.fullmatch(r"(?:\d{4}-\d\d-\d\d-[a-z0-9]+(?:-[a-z0-9]+)*|good)\.md", path.name), path.name
        assert len(path.name) <= 80
    assert outside(tmp_path) == outside_before
    assert run_cli("build", "--site", site).returncode == 0


def test_explicit_path_arguments_are_read_but_never_written(site: Path, tmp_path: Path) -> None:
    outside = write_site(tmp_path / "downloads", {"2023-01-05-story.txt": "Officials in Italy met in Rome on Monday.\n"})
    before = snapshot(outside)
    result = run_cli("ingest", "--site", site, outside / "2023-01-05-story.txt")
    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot(outside) == before  # the user's own file is read, never changed
    assert [p.name for p in (site / "content").glob("2023-01-05-*.md")] == ["2023-01-05-officials-in-italy-meet-in-rome.md"]
    assert os.path.commonpath([site, *(site / "content").iterdir()]) == str(site)
