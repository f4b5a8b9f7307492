"""Step 1: the rule classifier's output (units, their classes, final kinds, headline) for every
page of the dev sets, from the briefgen tree given (the worktree, or an old commit unpacked with
``git archive <commit> briefgen | tar -x -C <dir>``, so rules can be seen as they were before a
set was labelled). Never reads sets E or I (held out).

    python dump_rules.py <briefgen tree> <sets, e.g. ABCDFGH> <out.json>
"""

import hashlib
import json
import re
import sys
from pathlib import Path

PAGES = Path(__file__).resolve().parents[1] / "pages"
tree, sets, out = sys.argv[1], sys.argv[2], sys.argv[3]
if set(sets) & set("EI"):
    raise SystemExit("sets E and I are held out: never used here")
sys.path.insert(0, tree)
from briefgen.ingest import page_text as pt  # noqa: E402  (the tree's own rules)
from briefgen.ingest import page_patterns as pp  # noqa: E402
from briefgen.ingest.page_patterns import line_key  # noqa: E402

assert pt.__file__.startswith(str(Path(tree).resolve())) or pt.__file__.startswith(tree), pt.__file__
# Copied from briefgen/ingest/readers/text.py (old trees have no readers package).
DATE_MARKER = re.compile(r"^[ \t]*date:?[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?![\d-])(?:[ \t]+|(?=\n)|$)", re.IGNORECASE)


def body_of(text: str) -> str:
    marker = DATE_MARKER.match(text)
    return text[marker.end():] if marker else text


def _hit(name: str, text: str) -> float:
    """A pattern of this tree's page_patterns (0 when the tree has no such pattern yet)."""
    found = getattr(pp, name, None)
    return float(bool(found(text))) if found else 0.0


def tree_patterns(text: str) -> dict[str, float]:
    """The pattern features of line_features.py, as this tree's page_patterns gives them."""
    pattern = pp.classify_pattern(text)
    hits = {name: _hit(name, text) for name in ("is_stamp", "is_card_date", "is_caption", "is_caption_prose",
                                                  "is_dated_scene", "is_person_name", "is_more_stories_heading")}
    return {"pat_F": float(pattern == "F"), "pat_X": float(pattern == "X"), "stamp": hits["is_stamp"],
            "card_date": hits["is_card_date"], "caption": hits["is_caption"], "caption_prose": hits["is_caption_prose"],
            "dated_scene": hits["is_dated_scene"], "tags": max(_hit("is_tag_list", text), _hit("is_menu_glue", text)),
            "person": hits["is_person_name"], "more_heading": hits["is_more_stories_heading"]}


pages = []
for s in sets:
    for line in (PAGES / f"labels-{s}.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        label = json.loads(line)
        assert not label["id"].startswith(("E-", "I-"))
        data = (PAGES / "texts" / f"{label['id']}.txt").read_bytes()
        assert hashlib.sha256(data).hexdigest() == label["sha256"], label["id"]
        pages.append((label, data.decode("utf-8")))
repeated = pt.recurring_lines([(None, body_of(text)) for _, text in pages])  # text only, as the benchmark's first column
result = []
for label, text in pages:
    seen: dict[str, object] = {}
    span, assemble = pt._story_span, pt._assemble

    def spy_span(units, classes):  # type: ignore[no-untyped-def]
        seen["classes"] = list(classes)
        return span(units, classes)

    def spy_assemble(lines, units, final, headline):  # type: ignore[no-untyped-def]
        seen["units"], seen["final"] = units, list(final)
        return assemble(lines, units, final, headline)

    pt._story_span, pt._assemble = spy_span, spy_assemble
    try:
        page = pt.clean_page(body_of(text), url=None, repeated=repeated)
    finally:
        pt._story_span, pt._assemble = span, assemble
    units = seen["units"]
    result.append({"id": label["id"], "kinds": label["kinds"], "lines": text.split("\n"), "headline": page.headline or "",
                   "units": [[u.first, u.last, u.text] for u in units],  # type: ignore[attr-defined]
                   "classes": seen.get("classes") or ["short"] * len(units),  # type: ignore[arg-type]
                   "final": seen["final"],
                   "patterns": [tree_patterns(u.text) for u in units],  # type: ignore[attr-defined]
                   "repeated": sorted({line_key(u.text) for u in units} & set(repeated))})  # type: ignore[attr-defined]
Path(out).write_text(json.dumps(result), encoding="utf-8")
print(tree, len(result), "pages")
