"""A longer fuzzing run than the test suite's: random and mutated inputs for as long as it is given.

    python fuzz/run_fuzz.py --seconds 300 [--seed N] [--target loader|markup|readers|all]

Targets (issue 8):
- ``loader``: ``briefgen.load.load_file`` on front-matter documents built from YAML/Markdown
  fragments, payloads and mutations of the repository's own briefings; must return a LoadResult.
- ``markup``: ``briefgen.markup.render_markdown`` on wikilink-heavy Markdown, with and without
  ``allow_html``; may report problems, never raise, and never output ``<script`` or ``on*=``.
- ``readers``: the ingest readers (text, Markdown, JSON Lines, JSON, feeds, HTML) and ``extract``
  on random bytes and mutated seeds; the bodies they make are rendered and checked as above.

Any other exception is a failure: it is printed with the input that caused it, and the input is
saved under ``fuzz/failures/`` to be turned into a test. Prints how many inputs each target
tried; exits 1 if anything failed.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
import traceback
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefgen.config import SiteConfig
from briefgen.errors import BriefgenError
from briefgen.ingest import readers
from briefgen.ingest.extract import extract
from briefgen.load import LoadResult, load_file
from briefgen.markup import MarkupSettings, render_markdown

TOKENS = ["---", "...", "\n", "\n\n", " ", "  ", ":", ": ", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ",
          "!!python/object:os.system ", "|", ">", "'", '"', "#", "? ", "<<: ", "title: ", "date: ", "slug: ",
          "countries: ", "topics: ", "questions: ", "sources: ", "url: ", "summary: ", "draft: ", "2023-07-20",
          "0000-00-00", "2023-02-30", "T25:61:00", "[[", "]]", "[[country:", "[[topic:", "[[briefing:", "](", ")",
          "![", "<", ">", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
          "javascript:alert(1)", "jav&#x61;script:", "JaVaScRiPt:", "data:text/html,", "&#", "&#x", ";", "\\", "`",
          "```", "~~~", "*", "**", "_", "^", "[^1]", "[^1]: ", "{{ 7*7 }}", "{% if 1 %}", "%}", "\t", "\r\n", "\r",
          "\x00", "\x0b", "\x1b[31m", "\ufeff", "\u202e", "\ud7ff", "é", "日本", "FR", "NO", "Narnia", "diplomacy",
          "99999999999999999999999", "1e999", ".inf", "~", "null", "yes", "no", "on", "=", "<!--", "-->", "<div>",
          "</div>", "<a href='javascript:alert(1)'>", "    ", "> ", "1. ", "# ", "## ", "|---|", "https://x.org/a b",
          "../", "..\\", "%2e%2e%2f", "/etc/passwd", "[[topic:../", "[[country:../", "[[../", "a/b", ".."]
CONFIG = SiteConfig()


class Unsafe(AssertionError):
    """Output that would run in a browser."""


_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


class _Tags(HTMLParser):
    """Real tags and attributes of an HTML fragment (escaped text is text, not a tag)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.unsafe: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed"):
            self.unsafe.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.unsafe.append(f"<{tag} {name}=>")
            # As a browser reads a URL (WHATWG URL parser): C0 controls and spaces trimmed at
            # the ends, tab and newline removed anywhere; a space inside leaves no scheme.
            cleaned = re.sub(r"[\t\n\r]", "", (value or "").strip(_C0_AND_SPACE)).lower()
            if name in ("href", "src", "action", "formaction", "xlink:href") and \
                    cleaned.startswith(("javascript:", "vbscript:", "data:")):
                self.unsafe.append(f"<{tag} {name}={value!r}>")


def unsafe_parts(html: str) -> list[str]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.unsafe


def check_inert(html: str) -> None:
    unsafe = unsafe_parts(html)
    if unsafe:
        raise Unsafe(f"unsafe output: {unsafe[:3]}")


# What a wikilink may resolve to: a slug, or a country code. Anything else (a '../', a '/')
# would end up in a page's URL.
SAFE_LINK_TARGET = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*|[A-Z]{2}[A-Z0-9-]*")


def check_links(rendered: Any) -> None:
    for link in rendered.links:
        if link.kind not in ("briefing", "country", "topic") or not SAFE_LINK_TARGET.fullmatch(link.target):
            raise Unsafe(f"unsafe wikilink target: {link.kind}:{link.target!r}")


def corpus() -> list[str]:
    """Real briefings and seeds to mutate."""
    texts = []
    for pattern in ("content/**/*.md", "tests/sites/**/*.md", "seeds/**/*"):
        for path in sorted(REPO.glob(pattern))[:200]:
            if path.is_file() and path.stat().st_size < 200_000:
                try:
                    texts.append(path.read_text(encoding="utf-8"))
                except UnicodeDecodeError:
                    continue
    return texts or ["---\ntitle: A\ndate: 2023-07-20\n---\n\nBody [[a-b]].\n"]


def random_text(rng: random.Random, size: int = 40) -> str:
    parts = []
    for _ in range(rng.randint(0, size)):
        roll = rng.random()
        if roll < 0.7:
            parts.append(rng.choice(TOKENS))
        elif roll < 0.9:
            parts.append("".join(chr(rng.randint(32, 126)) for _ in range(rng.randint(1, 8))))
        else:
            parts.append("".join(chr(rng.choice([rng.randint(0, 0x2FF), rng.randint(0x300, 0xD7FF), rng.randint(0xE000, 0x10FFFF)]))
                                 for _ in range(rng.randint(1, 4))))
    return "".join(parts)


def mutate(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 8)):
        if not chars:
            chars = list(random_text(rng, 5))
            continue
        position = rng.randrange(len(chars) + 1)
        action = rng.random()
        if action < 0.4:
            chars[position:position] = list(rng.choice(TOKENS))
        elif action < 0.6:
            del chars[position:position + rng.randint(1, 20)]
        elif action < 0.8:
            start = rng.randrange(len(chars))
            chars[position:position] = chars[start:start + rng.randint(1, 50)]
        else:
            chars[position:position] = list(random_text(rng, 4))
    return "".join(chars)


def make_document(rng: random.Random, seeds: list[str]) -> str:
    roll = rng.random()
    if roll < 0.35:
        return mutate(rng, rng.choice(seeds))
    if roll < 0.7:
        return f"---\ntitle: {random_text(rng, 4)}\ndate: 2023-07-20\n{random_text(rng, 20)}\n---\n\n{random_text(rng, 60)}"
    return random_text(rng, 80)


def loader_input(rng: random.Random, seeds: list[str]) -> str:
    return make_document(rng, seeds)


def run_loader(text: str) -> None:
    result = load_file("content/fuzz.md", text, CONFIG)
    if not isinstance(result, LoadResult):
        raise TypeError(f"load_file returned {type(result).__name__}")
    if result.briefing is not None:
        check_inert(render_markdown("content/fuzz.md", result.briefing.body, result.briefing.body_line, MarkupSettings())[0].html)


def markup_input(rng: random.Random, seeds: list[str]) -> tuple[str, bool]:
    body = mutate(rng, rng.choice(seeds)) if rng.random() < 0.3 else random_text(rng, 120)
    return body, rng.random() < 0.5


def run_markup(case: tuple[str, bool]) -> None:
    rendered, _ = render_markdown("content/fuzz.md", case[0], 5, MarkupSettings(allow_html=case[1]))
    check_inert(rendered.html)
    check_links(rendered)


def readers_input(rng: random.Random, seeds: list[str]) -> tuple[str, bytes]:
    name = rng.choice(["x.txt", "2023-07-20-x.txt", "x.md", "x.jsonl", "x.json", "x.xml", "x.rss", "x.html"])
    roll = rng.random()
    if roll < 0.3:
        return name, bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 300)))
    text = mutate(rng, rng.choice(seeds)) if roll < 0.6 else random_text(rng, 80)
    if name.endswith((".jsonl", ".json")) and rng.random() < 0.5:
        text = '{"title": "' + random_text(rng, 5) + '", "date": "2023-07-20", "text": "' + random_text(rng, 30) + '"}'
    return name, text.encode("utf-8", errors="replace")


def run_readers(case: tuple[str, bytes]) -> None:
    name, data = case
    decoded = readers.decode_bytes(data)
    if decoded is None:
        return
    articles, _ = readers.read_articles(data, decoded, name, f"seeds/{name}", hashlib.sha256(data).hexdigest())
    for article in articles:
        draft, _problem = extract(article, CONFIG)
        if draft is not None:
            check_inert(render_markdown("content/x.md", draft.body, 1, MarkupSettings())[0].html)


# target name → (make an input from the random state, run it)
TARGETS: dict[str, tuple[Callable[[random.Random, list[str]], Any], Callable[[Any], None]]] = {
    "loader": (loader_input, run_loader), "markup": (markup_input, run_markup), "readers": (readers_input, run_readers)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long to run (default 60)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock; printed)")
    parser.add_argument("--target", choices=[*TARGETS, "all"], default="all")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    seeds = corpus()
    names = list(TARGETS) if args.target == "all" else [args.target]
    tried = dict.fromkeys(names, 0)
    failures: list[tuple[str, str, str]] = []
    failures_dir = Path(__file__).resolve().parent / "failures"
    print(f"fuzzing {', '.join(names)} for {args.seconds:g} s (seed {seed}, {len(seeds)} corpus files)", flush=True)
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        name = min(names, key=lambda n: tried[n])  # round robin
        make, run = TARGETS[name]
        case = make(rng, seeds)
        try:
            run(case)
        except BriefgenError:
            pass  # briefgen's own error type: a reported problem, not a crash
        except Exception as exc:  # noqa: BLE001 - anything else is what we are looking for
            sample = repr(case)
            failures.append((name, f"{type(exc).__name__}: {exc}", sample))
            failures_dir.mkdir(exist_ok=True)
            digest = hashlib.sha256(sample.encode("utf-8", "replace")).hexdigest()[:12]
            (failures_dir / f"{name}-{digest}.txt").write_text(
                f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc()}\ninput (Python repr):\n{sample}\n", encoding="utf-8")
            print(f"FAILURE in {name}: {type(exc).__name__}: {str(exc)[:200]}\n  input: {sample[:300]}", flush=True)
        tried[name] += 1
    total = sum(tried.values())
    print(f"tried {total} inputs in {args.seconds:g} s: " + ", ".join(f"{n} {c}" for n, c in tried.items()))
    if failures:
        print(f"{len(failures)} failures (inputs saved in {failures_dir})")
        return 1
    print("no failures")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
