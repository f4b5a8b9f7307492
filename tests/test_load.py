"""Loading briefings: line endings, which entries of content/ can be read at all (issue 12), and the
errors of invalid briefings, every independent one of a file at once (issue 14)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

from briefgen.briefing_file import KEYS
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


# ---------------------------------------------------------------------------------- error cases

INVALID = Path(__file__).parent / "sites" / "invalid"


@pytest.mark.parametrize("case", sorted(p.name for p in INVALID.iterdir() if p.is_dir()))
def test_invalid_site_prints_exactly_its_expected_errors(tmp_path: Path, case: str) -> None:
    """``tests/sites/invalid/<case>/``: a tiny site and ``expected.txt``, the exact stderr of
    ``briefgen build --site <case>`` (exit 1, nothing written). To add a case, make the folder,
    run the build, and check every line of what it prints before saving it as expected.txt."""
    site = tmp_path / case
    shutil.copytree(INVALID / case, site, ignore=shutil.ignore_patterns("expected.txt"))
    result = run_cli("build", "--site", site)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == (INVALID / case / "expected.txt").read_text(encoding="utf-8")
    assert not (site / "output").exists()


def test_every_independent_problem_of_a_file_is_reported_at_once() -> None:
    """A date that is not a real day (which PyYAML cannot even build) no longer hides the file's
    unknown country, unknown topic, unknown key and bad source."""
    text = "\n".join(["---", "title: T", "date: 2023-02-30", "countries: [Narnia, FR]", "topics: [nope]",
                      "sources:", "  - {title: s, url: ftp://x}", "  - {title: t, date: 0000-00-00}", "soruces: []",
                      "---", "", "Body.", ""])
    result = load_file("content/x.md", text, SiteConfig())
    assert result.briefing is None
    assert sorted(str(p).split(" (")[0] for p in result.problems) == [
        "content/x.md:3: invalid value '2023-02-30': not a real date; use YYYY-MM-DD or an ISO datetime",
        "content/x.md:4: unknown country 'Narnia'",
        "content/x.md:5: unknown topic 'nope'",
        "content/x.md:7: source url must be an http(s) URL, got 'ftp://x'",
        "content/x.md:8: invalid value '0000-00-00': not a real date; use YYYY-MM-DD or an ISO datetime",
        "content/x.md:9: unknown key 'soruces'",
    ]


def test_an_unbuildable_value_is_not_also_reported_missing() -> None:
    result = load_file("content/x.md", "---\ntitle: !!python/name:os.system\ndate: 0000-00-00\n---\n", SiteConfig())
    assert [str(p) for p in result.problems] == [
        "content/x.md:2: invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/name:os.system'",
        "content/x.md:3: invalid value '0000-00-00': not a real date; use YYYY-MM-DD or an ISO datetime",
    ]


def test_a_source_reports_all_its_problems() -> None:
    text = "---\ntitle: T\ndate: 2023-01-01\nsources:\n  - {url: ftp://x, date: soon, publsher: P}\n---\n"
    messages = sorted(p.message for p in load_file("content/x.md", text, SiteConfig()).problems)
    assert messages == ["malformed source date 'soon'", "source url must be an http(s) URL, got 'ftp://x'",
                        "unknown source key 'publsher'"]


def test_every_key_of_the_briefing_fields_loads() -> None:
    """The example every field contributes to loads clean, and the briefing holds each value."""
    text = "\n".join(["---", "title: '  Talks   resume '", "date: 2023-07-20", "summary: ' The  gist. '",
                      "countries: [NO, Norway, United Kingdom]", "topics: [Diplomacy, diplomacy]",
                      "people: [Richard Moore, richard  moore]", "organisations: [MI6]",
                      "questions: ['  Why? ']", "sources:", "  - {title: R, url: 'https://e.org/r', publisher: P,"
                      " date: 2023-07-19, license: CC BY 2.5, author: A}", "slug: talks", "updated: 2023-07-21T10:00:00Z",
                      "credit: Wikinews", "draft: true", "provenance: {seed: s.txt}", "---", "", "Body.", ""])
    result = load_file("content/x.md", text, SiteConfig())
    assert result.problems == () and result.briefing is not None
    b = result.briefing
    assert (b.title, b.summary, b.countries, b.topics, b.questions, b.slug, b.credit, b.draft) == (
        "Talks resume", "The gist.", ("NO", "GB"), ("diplomacy",), ("Why?",), "talks", "Wikinews", True)
    assert (b.people, b.organisations) == (("Richard Moore",), ("MI6",))
    assert b.sources[0].license == "CC BY 2.5" and b.sources[0].author == "A" and b.updated is not None
    assert {name for name, _ in b.key_lines} == set(KEYS)
    assert b.line_of("provenance") == 16 and b.body_line == 18


def test_a_failed_files_links_are_checked_as_a_good_files_are(tmp_path: Path) -> None:
    """The body of a file whose front matter failed is still checked (issue 14, item 3), with CR LF
    line ends too; a draft's only in a build with --drafts, as for a draft that loads."""
    from conftest import briefing, write_site

    site = write_site(tmp_path, {
        "briefgen.toml": 'title = "T"\n',
        "content/ok.md": briefing("Ok", people="[Ingrid Solberg]"),
        "content/bad.md": briefing("Bad", date="2024-02-30", body="See [[nowhere]]\r\nand [[person:Ingrid Solberg]].")
        .replace("\n", "\r\n"),
        "content/draft.md": briefing("Draft", date="2024-02-30", draft="true", body="See [[nowhere]]."),
    })
    plain = run_cli("build", "--site", site)
    assert plain.returncode == 1
    assert [line for line in plain.stderr.splitlines() if "nowhere" in line] == [
        "error: content/bad.md:6: unknown briefing 'nowhere'"]
    with_drafts = run_cli("build", "--site", site, "--drafts")
    assert [line for line in with_drafts.stderr.splitlines() if "nowhere" in line] == [
        "error: content/bad.md:6: unknown briefing 'nowhere'", "error: content/draft.md:7: unknown briefing 'nowhere'"]
    assert not (site / "output").exists()
