"""Step 2: features (line_features.py, with the worktree's page_patterns) over a rule dump, one row
per unit with its lines' labels. Runs in the project's venv.

    python features.py <rules.json> <units.json> [--tree-patterns]

With --tree-patterns the page_patterns hits are those of the dumped tree (as the patterns were when
its rules were), not the worktree's (tuned on every dev set since).
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))
from line_features import unit_features  # noqa: E402

from briefgen.ingest.languages import page_stopwords  # noqa: E402
from briefgen.ingest.page_patterns import line_key  # noqa: E402
from briefgen.ingest.page_units import Unit  # noqa: E402

source, out = sys.argv[1], sys.argv[2]
rows = []
for page in json.loads(Path(source).read_text(encoding="utf-8")):
    assert not page["id"].startswith(("E-", "I-"))
    units = [Unit(a, b, t) for a, b, t in page["units"]]
    lines = page["lines"][:-1] if page["lines"] and page["lines"][-1] == "" else page["lines"]
    stopwords = page_stopwords(u.text for u in units if len(u.text) > 60)
    features = unit_features(units, page["classes"], page["final"], stopwords, set(page["repeated"]))
    if "--tree-patterns" in sys.argv:
        for row, hits in zip(features, page["patterns"], strict=True):
            row.update(hits)
    title = line_key(page["headline"])
    for unit, f, kind, cls in zip(units, features, page["final"], page["classes"], strict=True):
        span = range(unit.first, unit.last + 1)
        rows.append({"page": page["id"], "set": page["id"][0], "rule": kind, "cls": cls, "f": f,
                     "labels": [page["kinds"][i] for i in span if i < len(page["kinds"])],
                     "hmatch": [line_key(lines[i]) == title for i in span if i < len(lines)]})
Path(out).write_text(json.dumps(rows), encoding="utf-8")
print(out, len(rows), "units")
