"""How well ingest cleans real scraped pages, beside jusText over the same lines (issue 13).

    python benchmarks/page_cleaning.py [--pages benchmarks/pages] [--sets ABCD] [--split dev|test|all] [-v [--urls]]

Reads ``labels-*.jsonl`` and ``texts/<id>.txt`` from the pages folder (format: its README.md;
``rebuild.py`` there refills ``texts/``), ingests every page as one batch, and prints:

- headline accuracy: share of briefings whose title has token F1 >= 0.5 with the labelled headline;
- main-text recall: share of main-text lines (``M``) that reach the briefing;
- furniture kept out: share of furniture lines (``F``) that reach neither title, summary, body nor
  key points (and the same for metadata lines, ``X``);
- the two line figures for jusText (``justext.justext`` with its English stoplist) over the same
  lines, each line a paragraph: the reference, measured in the same run;
- country micro-F1 against the labelled central countries.

A line "reaches the briefing" when ingest kept it as text (body, hence summary and key points are
drawn from it) or made it the title. Every figure is given twice: ingest seeing the page's text
alone, and ingest also given the page's URL (as ``sources.jsonl`` gives it). ``-v`` lists the
misses of the text-only run (of the URL run with ``--urls``). ``--split`` picks pages by a hash of their id
(``dev`` = 70%, ``test`` = 30%): tune on dev, report test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefgen.config import SiteConfig  # noqa: E402
from briefgen.ingest.extract import extract  # noqa: E402
from briefgen.ingest.page_patterns import line_key  # noqa: E402
from briefgen.ingest.page_text import clean_page, recurring_lines  # noqa: E402
from briefgen.ingest.readers import read_text, without_date_marker  # noqa: E402


def load_pages(folder: Path, split: str, sets: str = "ABCDEFGHIJLMNOPQRSTUVWYZ") -> list[tuple[dict[str, object], str]]:
    pages = []
    for labels in sorted(folder.glob("labels-*.jsonl")):
        if labels.stem.removeprefix("labels-") not in sets:
            continue
        for line in labels.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            label = json.loads(line)
            path = folder / "texts" / f"{label['id']}.txt"
            if not path.is_file():
                print(f"missing text: {path.name} (run rebuild.py)", file=sys.stderr)
                continue
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != label["sha256"]:
                print(f"text differs from the labelled one: {path.name}", file=sys.stderr)
                continue
            bucket = int(hashlib.sha256(str(label["id"]).encode()).hexdigest(), 16) % 10
            if split == "all" or (split == "dev") == (bucket < 7):
                pages.append((label, data.decode("utf-8")))
    return pages


def page_lines(text: str) -> list[str]:
    lines = text.split("\n")
    return lines[:-1] if text.endswith("\n") else lines


body_of = without_date_marker  # the page text after its ` date` marker (line 1 keeps its place)


def token_f1(a: str, b: str) -> float:
    x, y = Counter(line_key(a).split()), Counter(line_key(b).split())
    common = sum((x & y).values())
    if not common:
        return 0.0
    precision, recall = common / sum(x.values()), common / sum(y.values())
    return 2 * precision * recall / (precision + recall)


def justext_reached(lines: list[str]) -> set[int]:
    """Line indexes jusText keeps (good paragraphs), each non-blank line given as one <p>."""
    import justext

    numbered = [(i, line) for i, line in enumerate(lines) if line.strip()]
    document = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for _, line in numbered) + "</body></html>"
    paragraphs = justext.justext(document.encode("utf-8"), justext.get_stoplist("English"))
    kept: set[int] = set()
    position = 0
    for paragraph in paragraphs:  # one paragraph per <p>, in order
        if position < len(numbered) and not paragraph.is_boilerplate:
            kept.add(numbered[position][0])
        position += 1
    return kept


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=REPO / "benchmarks" / "pages")
    parser.add_argument("--urls", action="store_true", help="with -v: list the misses of the run given URLs")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--sets", default="ABCDEFGHIJLMNOPQRSTUVWYZ", help="which labels-<set>.jsonl files (K and X: held out, never "
                                                           "tuned on; see benchmarks/pages/README.md)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    pages = load_pages(args.pages, args.split, args.sets)
    if not pages:
        print("no labelled pages found", file=sys.stderr)
        return 1
    runs = []
    for with_urls in (False, True):
        batch = [(str(label.get("site")) if with_urls else None, body_of(text)) for label, text in pages]
        repeated = recurring_lines(batch)
        totals: Counter[str] = Counter()
        verbose = args.verbose and with_urls == args.urls
        for label, text in pages:
            measure_page(label, text, repeated, with_urls, verbose, totals)
        runs.append(totals)
    report(runs, len(pages), len({label.get("site") for label, _ in pages}), args.split)
    return 0


def measure_page(label: dict[str, object], text: str, repeated: frozenset[str], with_urls: bool, verbose: bool,
                 totals: Counter[str]) -> None:
    url = str(label["url"]) if with_urls else None
    kinds = str(label["kinds"])
    lines = page_lines(body_of(text))  # line 1 without its date marker, as the title would show it
    article = read_text(text, f"seeds/{label['id']}.txt", "0" * 64, url=url, repeated=repeated)
    if article.date is None:
        article = article.__class__(**{**{f: getattr(article, f) for f in article.__slots__},  # type: ignore[attr-defined]
                                       "date": dt.date(2000, 1, 1), "date_problem": None})
    draft, problem = extract(article, SiteConfig())
    ours = clean_page(body_of(text), url=url, repeated=repeated).kinds
    title = draft.title if draft else ""
    reached = {i for i, kind in enumerate(ours) if kind == "M"}
    reached |= {i for i, kind in enumerate(ours) if kind == "H" and line_key(lines[i]) == line_key(title)}
    theirs = justext_reached(lines)
    f1 = token_f1(title, str(label["headline"]))
    totals["headline_ok"] += f1 >= 0.5
    if verbose and f1 < 0.5:
        print(f"{label['id']}: title {title!r}\n    labelled {label['headline']!r}")
    for i, kind in enumerate(kinds):
        if kind not in "MFX":
            continue
        totals[f"{kind}"] += 1
        totals[f"{kind}_ours"] += i in reached
        totals[f"{kind}_justext"] += i in theirs
        if verbose and ((kind == "M") != (i in reached)):
            print(f"{label['id']}:{i + 1}: {kind} {'kept' if i in reached else 'lost'}: {lines[i][:90]!r}")
    truth = set(label.get("countries") or [])  # type: ignore[arg-type]
    found = set(draft.countries if draft else ())
    if verbose and truth != found:
        print(f"{label['id']}: countries {sorted(found)}, labelled {sorted(truth)}")
    totals["c_tp"] += len(truth & found)
    totals["c_fp"] += len(found - truth)
    totals["c_fn"] += len(truth - found)
    totals["errors"] += problem is not None


def report(runs: list[Counter[str]], pages: int, sites: int, split: str) -> None:
    def share(totals: Counter[str], part: str, whole: str, invert: bool = False) -> str:
        value = totals[part] / totals[whole] if totals[whole] else 0.0
        return f"{1 - value if invert else value:.3f}"

    def f1(totals: Counter[str]) -> str:
        tp, fp, fn = totals["c_tp"], totals["c_fp"], totals["c_fn"]
        return f"{2 * tp / (2 * tp + fp + fn) if tp else 0.0:.3f}"

    text, urls = runs
    print(f"{pages} pages from {sites} sites (split: {split}); {text['M']} main-text, {text['F']} furniture, "
          f"{text['X']} metadata lines")
    print("| measure | briefgen, text only | briefgen, URL given | jusText over the lines |")
    print("| --- | --- | --- | --- |")
    print(f"| headline accuracy (token F1 >= 0.5) | {text['headline_ok'] / pages:.3f} | "
          f"{urls['headline_ok'] / pages:.3f} | - |")
    print(f"| main-text recall | {share(text, 'M_ours', 'M')} | {share(urls, 'M_ours', 'M')} | "
          f"{share(text, 'M_justext', 'M')} |")
    print(f"| furniture kept out | {share(text, 'F_ours', 'F', True)} | {share(urls, 'F_ours', 'F', True)} | "
          f"{share(text, 'F_justext', 'F', True)} |")
    print(f"| metadata kept out of the text | {share(text, 'X_ours', 'X', True)} | {share(urls, 'X_ours', 'X', True)} "
          f"| {share(text, 'X_justext', 'X', True)} |")
    print(f"| country micro-F1 | {f1(text)} | {f1(urls)} | - |")
    for name, totals in (("text only", text), ("URL given", urls)):
        if totals["errors"]:
            print(f"({name}: {totals['errors']} pages could not become briefings)")


if __name__ == "__main__":
    raise SystemExit(main())
