"""Measure ingest's country and topic tagging against labelled news corpora (issue 3).

    python benchmarks/ingest_quality.py [CORPORA_DIR] [--limit N] [--all]

CORPORA_DIR defaults to ``../shared/corpora`` (relative to the repository). Every
``*/articles.jsonl.gz`` there is read (schema: the corpora README); per corpus it prints
country precision / recall / micro-F1 against the gold country labels (skipped where the corpus
has none: ``countries`` is null), accuracy of our FIRST topic against the gold topics, and
articles per second of the extraction, for ingest and, in the same run, for a plain baseline:
countries by exact ISO-name matching only, topics by the taxonomy's own label/description words.

Topic mapping (our slug ← the corpus's labels; an article counts when one of its gold labels is
mapped, and the first topic is right when it is one of the slugs its gold labels map to):
- BBC News (5 classes): business → economy or energy (our taxonomy splits energy out of the
  economy; BBC files oil and gas companies under business); entertainment → society ("Society and
  culture": film, music, TV); politics → politics; sport → sport; tech → technology.
- Reuters-21578 codes are economic: every money, macro-economic, corporate (earn, acq) and
  commodity code (grain, coffee, metals, ship, ...) → economy; energy codes (crude, nat-gas, gas,
  fuel, heat, propane, naphtha, jet) → energy. An article labelled crude and trade may get either.
  Articles with no topic label (not indexed, per the corpus README) are not counted.
Countries: Reuters PLACES mapped to ISO by the corpus; Namibia is 'NA' (read as a string, never as
a missing value). Sampling is deterministic (seeded), ``--limit`` articles per corpus (default 2000).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefgen.config import DEFAULT_TOPICS, SiteConfig  # noqa: E402
from briefgen.ingest.extract import extract  # noqa: E402
from briefgen.ingest.gazetteer import baseline_countries  # noqa: E402
from briefgen.ingest.readers import RawArticle, text_blocks  # noqa: E402
from briefgen.ingest.topics import score_topics  # noqa: E402

ENERGY_CODES = {"crude", "nat-gas", "gas", "fuel", "heat", "propane", "naphtha", "jet"}
BBC_TOPICS = {"business": {"economy", "energy"}, "entertainment": {"society"}, "politics": {"politics"},
              "sport": {"sport"}, "tech": {"technology"}}


def reuters_topics(code: str) -> set[str]:
    return {"energy"} if code in ENERGY_CODES else {"economy"}


def gold_slugs(corpus: str, labels: Iterable[str]) -> set[str]:
    slugs: set[str] = set()
    for label in labels:
        if corpus.startswith("bbc"):
            slugs |= BBC_TOPICS.get(label, set())
        elif corpus.startswith("reuters"):
            slugs |= reuters_topics(label)
    return slugs


class Scores:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.topic_right = self.topic_total = 0
        self.seconds = 0.0
        self.articles = 0

    def countries(self, predicted: Iterable[str], gold: Iterable[str]) -> None:
        p, g = set(predicted), set(gold)
        self.tp += len(p & g)
        self.fp += len(p - g)
        self.fn += len(g - p)

    def topic(self, first: str | None, gold: set[str]) -> None:
        if gold:
            self.topic_total += 1
            self.topic_right += first in gold

    def line(self, name: str, with_countries: bool) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        accuracy = self.topic_right / self.topic_total if self.topic_total else 0.0
        rate = self.articles / self.seconds if self.seconds else 0.0
        countries = (f"countries P={precision:.3f} R={recall:.3f} F1={f1:.3f}" if with_countries
                     else "countries n/a (no gold labels)")
        return (f"  {name:<9} {countries}; first-topic accuracy={accuracy:.3f} "
                f"({self.topic_right}/{self.topic_total}); {rate:,.0f} articles/s")


def load(path: Path, limit: int | None) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    if limit is not None and len(records) > limit:
        records = random.Random(20240601).sample(records, limit)
    return records


def timed(function: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def run(corpora: Path, limit: int | None) -> int:
    config = SiteConfig()
    files = sorted(corpora.glob("*/articles.jsonl.gz"))
    if not files:
        print(f"no */articles.jsonl.gz under {corpora}", file=sys.stderr)
        return 2
    for path in files:
        records = load(path, limit)
        corpus = records[0].get("corpus", path.parent.name) if records else path.parent.name
        ours, base = Scores(), Scores()
        has_countries = any(r.get("countries") is not None for r in records)
        for record in records:
            text = record.get("text") or ""
            title = record.get("title")
            gold_topics = gold_slugs(corpus, record.get("topics") or [])
            gold_countries = record.get("countries")

            def run_ours() -> tuple[tuple[str, ...], tuple[str, ...]]:
                article = RawArticle(record["id"], "", "jsonl", text_blocks(text), title=title, entry=1,
                                     date=None)
                import datetime as dt

                draft, _ = extract(article, config, fallback_date=dt.date(2000, 1, 1))
                return (draft.countries, draft.topics) if draft else ((), ())

            (countries, topics), seconds = timed(run_ours)  # type: ignore[misc]
            ours.seconds += seconds
            ours.articles += 1

            def run_base() -> tuple[tuple[str, ...], str | None]:
                found = baseline_countries((title or "") + "\n\n" + text)
                scored = score_topics(title, text.split("\n\n"), DEFAULT_TOPICS, baseline=True)
                return found, scored[0][0] if scored else None

            (b_countries, b_topic), b_seconds = timed(run_base)  # type: ignore[misc]
            base.seconds += b_seconds
            base.articles += 1
            if gold_countries is not None:
                ours.countries(countries, gold_countries)
                base.countries(b_countries, gold_countries)
            ours.topic(topics[0] if topics else None, gold_topics)
            base.topic(b_topic, gold_topics)
        print(f"{corpus} ({len(records)} articles from {path})")
        print(ours.line("ingest", has_countries))
        print(base.line("baseline", has_countries))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", nargs="?", default=str(Path(__file__).resolve().parent.parent / ".." / "shared"
                                                            / "corpora"))
    parser.add_argument("--limit", type=int, default=2000, help="articles per corpus (default 2000)")
    parser.add_argument("--all", action="store_true", help="every article (overrides --limit)")
    args = parser.parse_args(argv)
    return run(Path(args.corpora), None if args.all else args.limit)


if __name__ == "__main__":
    raise SystemExit(main())
