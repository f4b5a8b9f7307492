"""Generate a realistic synthetic briefing site of N briefings, deterministically.

    python benchmarks/make_site.py N DIR [--hugo]

Writes DIR/briefgen.toml and DIR/content/ (briefgen's format). With --hugo, also writes the
same content as a Hugo site in DIR/hugo/ (taxonomies `topics` and `countries` with term pages,
one list and one single template, RSS for each list) for a side-by-side run (issue 7).
Briefings have 500-800 words, sub-headings, links, lists, 1-3 topics, 1-4 countries, dates over
ten years and some wikilinks to earlier briefings. Same N, same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

TOPICS = ["diplomacy", "conflict", "intelligence", "politics", "economy", "energy", "environment", "health",
          "technology", "law", "human-rights", "migration", "disasters", "society", "sport", "science"]
COUNTRIES = ["RU", "GB", "US", "UA", "CN", "FR", "DE", "IN", "BR", "JP", "KR", "IR", "IL", "TR", "EG", "NG", "ZA",
             "KE", "ET", "SA", "PK", "AF", "MX", "CA", "AU", "ID", "PH", "VN", "TH", "PL", "IT", "ES", "SE", "NO",
             "CZ", "HU", "RO", "GR", "SY", "IQ", "YE", "SD", "CD", "VE", "CO", "AR", "CL", "PE", "NZ", "KZ"]
WORDS = ("government minister officials said talks agreement border sanctions election parliament president "
         "security forces economy trade growth inflation energy gas oil prices climate emissions health "
         "hospital vaccine court ruling rights protest police refugees migration flood earthquake relief aid "
         "ceasefire troops negotiations summit treaty embassy ambassador intelligence report analysts market "
         "investors central bank budget reform opposition coalition vote campaign allies region capital "
         "statement spokesperson week month year international community crisis response plan support").split()
HEADINGS = ["Background", "What happened", "Why it matters", "Reactions", "What comes next", "Key figures",
            "The economic angle", "Regional implications", "Is a settlement possible?", "Open questions"]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 22))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def make_briefing(rng: random.Random, index: int, date: dt.date, earlier: list[str]) -> tuple[str, dict[str, object], str]:
    slug = f"briefing-{index:06d}"
    countries = rng.sample(COUNTRIES[: 10 + index % 40], rng.randint(1, 4))
    topics = rng.sample(TOPICS, rng.randint(1, 3))
    title = f"{sentence(rng)[:-1][:70]} ({index})"
    parts: list[str] = [paragraph(rng, 3)]
    words = len(parts[0].split())
    target = rng.randint(500, 800)
    for heading in rng.sample(HEADINGS, 4):
        if words >= target:
            break
        parts.append(f"## {heading}")
        text = paragraph(rng, rng.randint(3, 5))
        if earlier and rng.random() < 0.3:
            text += f" See also [[{rng.choice(earlier[-200:])}]]."
        if rng.random() < 0.5:
            text += f" According to [a report](https://example.org/reports/{index}/{rng.randint(1, 99)}), more details will follow."
        parts.append(text)
        words += len(text.split())
        if rng.random() < 0.5:
            items = [f"- {sentence(rng)}" for _ in range(rng.randint(2, 4))]
            parts.append("\n".join(items))
            words += sum(len(i.split()) for i in items)
    while words < target:
        text = paragraph(rng, 3)
        parts.append(text)
        words += len(text.split())
    meta = {"title": title, "date": date.isoformat(), "countries": countries, "topics": topics,
            "questions": [f"{sentence(rng)[:-1]}?"] if rng.random() < 0.4 else [],
            "sources": [{"title": f"Source {index}", "url": f"https://example.org/source/{index}", "publisher": "Example News"}]}
    return slug, meta, "\n\n".join(parts) + "\n"


def yaml_front(meta: dict[str, object], hugo: bool) -> str:
    def q(text: str) -> str:
        return '"' + text.replace('\\', '\\\\').replace('"', '\\"') + '"'
    lines = ["---", f"title: {q(str(meta['title']))}", f"date: {meta['date']}",
             f"countries: [{', '.join(meta['countries'])}]", f"topics: [{', '.join(meta['topics'])}]"]  # type: ignore[arg-type]
    if not hugo:
        questions = meta["questions"]
        if questions:
            lines.append(f"questions: [{', '.join(q(x) for x in questions)}]")  # type: ignore[union-attr]
        src = meta["sources"][0]  # type: ignore[index]
        lines.append(f"sources: [{{title: {q(src['title'])}, url: {q(src['url'])}, publisher: {q(src['publisher'])}}}]")
    return "\n".join(lines + ["---", ""])


HUGO_CONFIG = """baseURL = "http://localhost:1313/"
title = "Benchmark"
disableKinds = []
[taxonomies]
  topic = "topics"
  country = "countries"
[markup.goldmark.renderer]
  unsafe = false
"""
HUGO_LIST = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head><body><main><h1>{{ .Title }}</h1>
{{ $paginator := .Paginate .Pages 20 }}<ol>{{ range $paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "2 January 2006" }}</time><p>{{ .Summary }}</p></li>{{ end }}</ol>
{{ template "_internal/pagination.html" . }}</main></body></html>
"""
HUGO_SINGLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head><body><main><article><h1>{{ .Title }}</h1>
<time>{{ .Date.Format "2 January 2006" }}</time>
<p>{{ range .GetTerms "countries" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<p>{{ range .GetTerms "topics" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
{{ .Content }}</article>
{{ with .Site.RegularPages.Related . | first 5 }}<h2>Related</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
</main></body></html>
"""


def generate(count: int, root: Path, hugo: bool = False, seed: int = 7) -> None:
    rng = random.Random(seed)
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "briefgen.toml").write_text('title = "Benchmark briefings"\nbase_url = "https://example.org/"\n')
    if hugo:
        for sub in ("content/briefings", "layouts/_default", "static"):
            (root / "hugo" / sub).mkdir(parents=True, exist_ok=True)
        (root / "hugo/hugo.toml").write_text(HUGO_CONFIG)
        (root / "hugo/layouts/_default/list.html").write_text(HUGO_LIST)
        (root / "hugo/layouts/_default/single.html").write_text(HUGO_SINGLE)
        (root / "hugo/static/style.css").write_text("body{font-family:sans-serif}\n")
    start = dt.date(2015, 1, 1)
    earlier: list[str] = []
    for index in range(count):
        date = start + dt.timedelta(days=rng.randint(0, 3652))
        slug, meta, body = make_briefing(rng, index, date, earlier)
        folder = root / "content" / str(date.year)
        folder.mkdir(exist_ok=True)
        (folder / f"{slug}.md").write_text(yaml_front(meta, False) + "\n" + body, encoding="utf-8")
        if hugo:
            hugo_body = body.replace("[[", "").replace("]]", "")
            (root / "hugo/content/briefings" / f"{slug}.md").write_text(yaml_front(meta, True) + "\n" + hugo_body, encoding="utf-8")
        earlier.append(slug)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--hugo", action="store_true", help="also write a Hugo version of the same content")
    args = parser.parse_args()
    generate(args.count, args.dir, args.hugo)
    print(f"wrote {args.count} briefings to {args.dir}")


if __name__ == "__main__":
    main()
