"""Refill the git-ignored ``texts/`` folder of the scraped-page dev set, and check it.

    python benchmarks/pages/rebuild.py ANSWERS...      # write texts/ from saved search answers
    python benchmarks/pages/rebuild.py --check         # which labelled pages are missing or differ

The page texts are third-party pages, so the repository holds only their labels, URLs and the
queries that found them. They come from the `search` tool's `pages` corpus (a mounted tool of
the development sessions, not a web fetch): run each label's ``query`` there and save each JSON
answer to a file; this script takes those files, finds each labelled ``url`` among the results,
writes its excerpt (plus a trailing newline) to ``texts/<id>.txt`` and keeps it only when its
SHA-256 is the labelled one, so labels and texts never drift apart.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def labels() -> list[dict[str, str]]:
    found = []
    for path in sorted(HERE.glob("labels-*.jsonl")):
        found.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return found


def check() -> int:
    missing = 0
    for label in labels():
        path = HERE / "texts" / f"{label['id']}.txt"
        if not path.is_file():
            print(f"missing: {label['id']}  (query: {label['query']!r}, url: {label['url']})")
            missing += 1
        elif hashlib.sha256(path.read_bytes()).hexdigest() != label["sha256"]:
            print(f"differs: {label['id']}")
            missing += 1
    print(f"{len(labels()) - missing} of {len(labels())} pages present")
    return 1 if missing else 0


def rebuild(answer_files: list[Path]) -> int:
    excerpts: dict[str, str] = {}
    for answer in answer_files:
        data = json.loads(answer.read_text(encoding="utf-8"))
        for result in data.get("results", []):
            if isinstance(result.get("url"), str) and isinstance(result.get("excerpt"), str):
                excerpts.setdefault(result["url"], result["excerpt"])
    (HERE / "texts").mkdir(exist_ok=True)
    written = 0
    for label in labels():
        excerpt = excerpts.get(label["url"])
        if excerpt is None:
            continue
        data = (excerpt + "\n").encode("utf-8")
        if hashlib.sha256(data).hexdigest() != label["sha256"]:
            print(f"differs from the labelled text, not written: {label['id']}")
            continue
        (HERE / "texts" / f"{label['id']}.txt").write_bytes(data)
        written += 1
    print(f"{written} pages written")
    return check()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    raise SystemExit(check() if arguments in ([], ["--check"]) else rebuild([Path(a) for a in arguments]))
