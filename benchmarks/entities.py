"""Precision of the people and organisations ingest proposes (issue 14).

    python benchmarks/entities.py                 # precision against benchmarks/entities/judged.jsonl
    python benchmarks/entities.py --dump FILE     # write every proposal, for judging

Articles: the bundled seeds (the original seed and the Wikinews demo) and the scraped-page dev
set (``benchmarks/pages``, texts rebuilt by its ``rebuild.py``), each read and cleaned as ingest
does. ``judged.jsonl`` holds one line per article: ``{"id", "people": {name: true|false},
"organisations": {name: true|false}}``: true when the proposal names a real person (or
organisation) of the article, spelt as a full name. Precision = proposals judged true / proposals
judged; proposals not judged yet are counted and reported, never guessed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefgen.ingest.entities import find_organisations, find_people  # noqa: E402
from briefgen.ingest.readers import read_text  # noqa: E402


def articles() -> list[tuple[str, list[str]]]:
    found = []
    seeds = sorted((REPO / "seeds").glob("*.txt")) + sorted((REPO / "seeds" / "wikinews").glob("*.txt"))
    for path in seeds:
        found.append((f"seed:{path.name}", path.read_text(encoding="utf-8")))
    for path in sorted((REPO / "benchmarks" / "pages" / "texts").glob("*.txt")):
        found.append((f"page:{path.stem}", path.read_text(encoding="utf-8")))
    result = []
    for ident, text in found:
        article = read_text(text, ident, "0" * 64)
        result.append((ident, [b.text for b in article.blocks if b.kind == "p"]))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dump", type=Path, help="write every article's proposals and text to this JSONL file")
    parser.add_argument("--judged", type=Path, default=REPO / "benchmarks" / "entities" / "judged.jsonl")
    args = parser.parse_args()
    proposals = [(ident, find_people(paragraphs), find_organisations(paragraphs), paragraphs)
                 for ident, paragraphs in articles()]
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for ident, people, organisations, paragraphs in proposals:
                out.write(json.dumps({"id": ident, "people": people, "organisations": organisations,
                                      "text": "\n\n".join(paragraphs)}, ensure_ascii=False) + "\n")
        print(f"{len(proposals)} articles written to {args.dump}")
        return 0
    judged = {}
    if args.judged.is_file():
        for line in args.judged.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                judged[record["id"]] = record
    for kind, index in (("people", 1), ("organisations", 2)):
        right = wrong = unjudged = 0
        articles_with = 0
        for item in proposals:
            names = item[index]
            assert isinstance(names, tuple)
            articles_with += bool(names)
            verdicts = judged.get(item[0], {}).get(kind, {})
            for name in names:
                if name not in verdicts:
                    unjudged += 1
                elif verdicts[name]:
                    right += 1
                else:
                    wrong += 1
        precision = right / (right + wrong) if right + wrong else 0.0
        print(f"{kind}: precision {precision:.3f} ({right} of {right + wrong} judged proposals right, "
              f"{unjudged} not judged) over {len(proposals)} articles, {articles_with} with a proposal")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
