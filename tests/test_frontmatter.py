"""briefing_file: a briefing's text ⇄ front matter with lines, on python-frontmatter; the one list of keys (issue 14)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import frontmatter
import pytest

from briefgen import load
from briefgen.briefing_file import (
    FIELDS,
    HANDLER,
    KEYS,
    SOURCE_FIELDS,
    SOURCE_KEYS,
    UNBUILT,
    FrontMatterError,
    format_briefing,
    in_field_order,
    parse,
    read_values,
    template_front_matter,
    written_values,
)
from briefgen.config import SiteConfig
from briefgen.ingest.extract import DraftSource
from briefgen.model import Briefing, SourceRef
from briefgen.taxonomy import TAXONOMIES

TEXT = "---\ntitle: Talks\ndate: 2023-07-20\ncountries:\n  - FR\n  - NO\n---\n\nBody.\n"


def test_lines_of_keys_and_list_items() -> None:
    front, problems = parse(TEXT, "content/x.md")
    assert problems == [] and front is not None
    assert front.values == {"title": "Talks", "date": dt.date(2023, 7, 20), "countries": ["FR", False]}
    assert front.key_lines == {"title": 2, "date": 3, "countries": 4}
    assert [front.line("countries", i) for i in range(3)] == [5, 6, 4]  # past the end: the key's line
    assert front.as_written("countries", 1) == "NO"
    assert (front.body, front.body_line) == ("\nBody.\n", 8)


@pytest.mark.parametrize("text", [TEXT.replace("\n", "\r\n"), TEXT.replace("\n", "\r"), "\ufeff" + TEXT,
                                  TEXT.replace("---\n\n", "...\n\n"), TEXT.replace("---\n\n", "---  \n\n")],
                         ids=["CRLF", "CR", "BOM", "dots", "trailing-space"])
def test_the_same_front_matter_however_the_file_is_written(text: str) -> None:
    front, problems = parse(text, "x.md")
    assert problems == [] and front is not None
    assert front.key_lines == {"title": 2, "date": 3, "countries": 4} and front.body_line == 8


@pytest.mark.parametrize("text, expected", [
    ("", "x.md: file is empty"),
    ("Just text.\n", "x.md:1: missing front matter: a briefing starts with a '---' line, then title and date"),
    ("---\ntitle: x\n", "x.md:1: front matter has no closing '---' line"),
    ("---\na: &x [1]\nb: *x\n---\n", "x.md:3: YAML aliases (*name) are not allowed in front matter"),
    ("---\n- a\n---\n", "x.md:2: front matter must be a mapping of keys to values"),
    ("---\ntitle: [x\n---\n", "x.md:3: invalid YAML: did not find expected ',' or ']'"),
    ("---\ntitle: a\x07b\n---\n", "x.md:2: front matter contains the control character U+0007; remove it"),
], ids=["empty", "no-front-matter", "no-fence", "alias", "list", "syntax", "control"])
def test_what_cannot_be_read_at_all(text: str, expected: str) -> None:
    front, problems = parse(text, "x.md")
    assert front is None and [str(p) for p in problems] == [expected]


def test_a_value_that_cannot_be_built_is_a_problem_of_its_own_key_or_item() -> None:
    text = "---\ntitle: T\ndate: 2023-02-30\ncountries: [FR, 0000-00-00, DE]\nsummary: S\n---\n"
    front, problems = parse(text, "x.md")
    assert front is not None
    assert [str(p) for p in problems] == [
        "x.md:3: invalid value '2023-02-30': not a real date; use YYYY-MM-DD or an ISO datetime",
        "x.md:4: invalid value '0000-00-00': not a real date; use YYYY-MM-DD or an ISO datetime"]
    assert front.unbuilt == {"date"}
    assert front.values == {"title": "T", "countries": ["FR", UNBUILT, "DE"], "summary": "S"}
    assert read_values(text) is None  # ingest reads only what reads without a problem


def test_duplicate_keys_are_kept_for_load_to_report() -> None:
    front, problems = parse("---\ntitle: A\ntitle: B\n---\n", "x.md")
    assert problems == [] and front is not None
    assert front.values == {"title": "B"} and front.duplicates == (("title", 3),) and front.key_lines == {"title": 3}


def test_empty_front_matter() -> None:
    front, problems = parse("---\n# nothing\n---\nBody\n", "x.md")
    assert problems == [] and front is not None and front.empty and front.values == {}


def test_python_frontmatter_reads_and_writes_through_the_handler() -> None:
    post = frontmatter.loads(TEXT, handler=HANDLER)
    assert post["title"] == "Talks" and post["countries"] == ["FR", False]
    assert frontmatter.dumps(post).startswith("---\ntitle: Talks\ndate: 2023-07-20\ncountries:\n- FR\n- false\n---\n")
    with pytest.raises(FrontMatterError, match="line 3: invalid value '0000-00-00'"):
        HANDLER.load("title: T\ndate: 0000-00-00")


def test_written_briefing_reads_back_the_same() -> None:
    day = dt.date(2023, 7, 20)
    values = written_values({"provenance": {"seed": "s.txt", "day": day}, "draft": False, "summary": "",
                             "countries": [], "title": "Talks: round 2", "date": day, "credit": None,
                             "sources": [{"title": "R", "date": day}]})
    assert list(values) == ["title", "date", "countries", "sources", "provenance"]  # FIELDS order, empty left out
    text = format_briefing(values, "\nBody.\n")
    assert "&id" not in text and "*id" not in text  # a value used twice is written twice
    assert text.endswith("---\n\nBody.\n")
    assert read_values(text) == (values, "\nBody.\n")


def test_field_order_puts_unknown_keys_last() -> None:
    assert list(in_field_order({"zzz": 1, "provenance": {}, "title": "T", "sources": []})) == [
        "title", "sources", "provenance", "zzz"]


def test_skeleton_and_example_are_valid_briefings() -> None:
    skeleton = template_front_matter({"title": '"New"', "date": "2024-03-01", "countries": "[IR]"}) + "\nText.\n"
    assert skeleton.startswith('---\ntitle: "New"\ndate: 2024-03-01\nsummary: ""\ncountries: [IR]\ntopics: []\n')
    example = template_front_matter({"title": "'Welcome'", "date": "2024-03-01"}, example=True) + "\nText.\n"
    for text, draft in ((skeleton, True), (example, False)):
        result = load.load_file("content/x.md", text, SiteConfig())
        assert result.problems == () and result.briefing is not None and result.briefing.draft is draft
    assert "questions:\n  - What does a briefing look like?\n" in example


def test_one_list_of_keys() -> None:
    """Every field has a check in load, each taxonomy a field of terms, and the source fields are
    SourceRef's and ingest's DraftSource's."""
    assert len(set(KEYS)) == len(FIELDS)
    assert {spec.kind for spec in FIELDS} <= set(load._KIND_CHECKS)
    assert {spec.item for spec in FIELDS if spec.kind == "list"} <= set(load._ITEM_CHECKS)
    # A taxonomy's terms are a list field of the front matter, and only a taxonomy's are terms.
    terms = {spec.name for spec in FIELDS if spec.kind == "list" and spec.item == "term"}
    assert terms == {t.field for t in TAXONOMIES}
    assert [f.name for f in dataclasses.fields(SourceRef)] == list(SOURCE_KEYS) == [spec.name for spec in SOURCE_FIELDS]
    assert {f.name for f in dataclasses.fields(DraftSource)} == set(SOURCE_KEYS) | {"seed"}
    briefing_fields = {f.name for f in dataclasses.fields(Briefing)}
    derived = {"path", "published", "body", "body_line", "key_lines"}  # not keys a file holds
    assert briefing_fields - derived == set(KEYS) - {"provenance"}
