"""Seed file bytes → ``RawArticle`` values: one reader per input format.

Takes the bytes of one file (already read and size-checked by ``pipeline``), its site-relative
path and the optional sidecar metadata of its folder; gives the articles in it plus problems.

Formats, detected by content first and extension second (issue 3):
- plain-text seed: optional leading `` date YYYY-MM-DD`` marker, then paragraphs separated by
  blank lines; a short standalone line with no closing period is a sub-heading (a question
  line is a sub-heading and a question). Navigation, share buttons, bylines and footers of
  scraped pages are dropped by line heuristics. Without a marker the date comes from a
  ``YYYY-MM-DD`` file-name prefix, else the article has no date (``extract`` reports it).
- saved HTML page: trafilatura (main text, title, author, date, canonical URL).
- ``.md`` with YAML front matter: a briefing draft; its Markdown body is kept.
- ``.jsonl`` / ``.json``: one article per record (text/body/content, title, date, url, ...).
- RSS / Atom feed: one article per entry (feedparser, parsed from bytes: it never fetches).
Any encoding: BOMs, UTF-16, else UTF-8, else charset-normalizer's best guess.

Limits (issue 8): at most ``MAX_RECORDS`` articles per file, ``MAX_FRONT_MATTER`` bytes of YAML,
``MAX_ARTICLE_CHARS`` characters of text per article (the rest is cut with a warning).
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..briefing_file import HANDLER, parse
from ..errors import Location, Problem
from .page_text import CleanPage, clean_page, recurring_lines

MAX_RECORDS = 5_000
MAX_FRONT_MATTER = 64 * 1024
MAX_ARTICLE_CHARS = 1_000_000
SIDECAR_NAMES = frozenset({"sources.jsonl", "sources.json"})
NOT_ARTICLES = frozenset({"sources.md", "readme.md", "readme.txt", "readme", "license", "license.md",
                          "license.txt", "copying", "notice"})


@dataclass(frozen=True, slots=True)
class Block:
    """One body block: a paragraph (``p``) or a sub-heading (``h``), as plain text."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as found in a seed file, before any analysis.

    ``entry`` is 0 for a single-article file and the 1-based record/entry number otherwise.
    ``markdown`` holds a draft's Markdown body (``.md`` seeds), which is kept rather than escaped.
    The ``given_*`` fields come from a draft's front matter and win over detection.
    """

    source: str
    seed_sha256: str
    kind: str
    blocks: tuple[Block, ...]
    entry: int = 0
    title: str | None = None
    date: dt.date | None = None
    date_problem: str | None = None
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    license: str | None = None
    credit: str | None = None
    categories: tuple[str, ...] = ()
    markdown: str | None = None
    given_summary: str | None = None
    given_countries: tuple[str, ...] = ()
    given_topics: tuple[str, ...] = ()
    given_questions: tuple[str, ...] = ()
    given_people: tuple[str, ...] = ()
    given_organisations: tuple[str, ...] = ()
    draft: bool = False
    extra_sources: tuple[tuple[tuple[str, str], ...], ...] = field(default=())
    date_note: str | None = None  # e.g. the page gave only the month
    stamp: str | None = None  # the page's "Published/Updated" time stamp, as shown
    dateline: str | None = None  # "SHARM EL-SHEIKH, Egypt": supports the country ranking


# Known publishers by host, with the attribution their licence asks for.
KNOWN_PUBLISHERS: dict[str, tuple[str, str | None, str | None]] = {
    "wikinews.org": ("Wikinews", "CC BY 2.5", "From Wikinews (https://en.wikinews.org), licensed CC BY 2.5"),
    "wikipedia.org": ("Wikipedia", "CC BY-SA 4.0", "From Wikipedia (https://www.wikipedia.org), licensed CC BY-SA 4.0"),
    "reuters.com": ("Reuters", None, None),
    "bbc.co.uk": ("BBC News", None, None),
    "bbc.com": ("BBC News", None, None),
    "apnews.com": ("Associated Press", None, None),
    "theguardian.com": ("The Guardian", None, None),
    "aljazeera.com": ("Al Jazeera", None, None),
}


def publisher_for(url: str | None) -> tuple[str | None, str | None, str | None]:
    """(publisher, licence, credit line) for a URL's host when it is a known publisher."""
    if not url:
        return None, None, None
    match = re.match(r"^https?://([^/:?#]+)", url.strip(), re.IGNORECASE)
    host = match.group(1).lower() if match else ""
    for domain, info in KNOWN_PUBLISHERS.items():
        if host == domain or host.endswith("." + domain):
            return info
    return None, None, None


# ---------------------------------------------------------------------------------------- decoding

_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"BZh",
                 b"\x7fELF", b"MZ", b"\xca\xfe\xba\xbe", b"SQLite format")


def decode_bytes(data: bytes) -> str | None:
    """Text of ``data`` normalised to str (newlines ``\\n``), or None when it is not text."""
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif data.startswith(_BINARY_MAGIC):
        return None
    else:
        sample = data[:4096]
        # BOM-less UTF-16: every other byte is NUL in mostly-ASCII text.
        if len(sample) >= 4 and sample[1::2].count(0) > 0.4 * len(sample[1::2]) and sample[::2].count(0) == 0:
            text = data.decode("utf-16-le", errors="replace")
        elif len(sample) >= 4 and sample[::2].count(0) > 0.4 * len(sample[::2]) and sample[1::2].count(0) == 0:
            text = data.decode("utf-16-be", errors="replace")
        elif b"\x00" in sample:
            return None
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                from charset_normalizer import from_bytes

                best = from_bytes(data).best()
                if best is None:
                    return None
                text = str(best)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\t\f\v")
    if controls > 0.05 * max(1, len(text[:4096])):
        return None
    return text


# ------------------------------------------------------------------------------------ plain text

_DATE_MARKER = re.compile(r"^[ \t]*date:?[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?![\d-])(?:[ \t]+|(?=\n)|$)",
                          re.IGNORECASE)
_FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?!\d)")


def text_blocks(text: str, *, url: str | None = None, repeated: Collection[str] = frozenset()) -> tuple[Block, ...]:
    """Paragraphs and sub-headings of seed-format text, page furniture dropped (see ``page_text``)."""
    return _blocks_of(clean_page(text, url=url, repeated=repeated))


def _blocks_of(page: CleanPage) -> tuple[Block, ...]:
    return tuple(Block(kind, _without_bullet(text)) for kind, text, _ in page.paragraphs)


def without_furniture(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """Blocks an HTML extractor kept, without the lines ``page_text`` calls furniture or metadata
    (captions, credits, share prompts that survive in a page's or a feed entry's markup). Each
    block keeps its own kind; a block ``page_text`` would take for a headline stays text."""
    if not blocks:
        return ()
    kinds = clean_page("\n\n".join(" ".join(b.text.split()) for b in blocks)).kinds
    return tuple(Block(b.kind, _without_bullet(b.text)) for i, b in enumerate(blocks)
                 if kinds[2 * i] in ("M", "H"))


def _without_bullet(text: str) -> str:
    """'• Troops crossed the border.' → 'Troops crossed the border.' (a list item keeps its words)."""
    return re.sub(r"^[•·▪►▶◆■●○◦‣⁃–—*]+\s*", "", text) or text


def _parse_date(value: Any) -> tuple[dt.date | None, str | None]:
    """A date from a metadata value: (date, None) or (None, problem text)."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = str(value).strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        try:
            day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None, f"invalid date '{text[:40]}'"
        return day, None
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date(), None
    except (TypeError, ValueError, IndexError):
        return None, f"invalid date '{text[:40]}'"


def file_name_date(name: str) -> dt.date | None:
    match = _FILE_DATE.match(name)
    if not match:
        return None
    day, _ = _parse_date(match.group(1))
    return day


def without_date_marker(text: str) -> str:
    """A seed page's text after its `` date YYYY-MM[-DD]`` marker (line 1 keeps its place)."""
    marker = _DATE_MARKER.match(text)
    return text[marker.end():] if marker else text


def header_date(value: str) -> tuple[dt.date | None, str | None, str | None]:
    """A ` date` header's value → (date, problem, note). ``2021-11`` (month precision, as some
    scrapers write it) is dated the 1st, with a note saying the day was not given."""
    if re.fullmatch(r"\d{4}-\d{2}", value):
        try:
            return dt.date(int(value[:4]), int(value[5:]), 1), None, \
                f"the page gives only the month ({value}): dated the 1st"
        except ValueError:
            return None, f"invalid date '{value}'", None
    date, problem = _parse_date(value)
    return date, problem, None


def read_text(text: str, source: str, sha: str, *, url: str | None = None,
              repeated: Collection[str] = frozenset()) -> RawArticle:
    """The plain-text seed format (also used for .md files without front matter).

    ``url`` (from ``sources.jsonl``) helps find the headline; ``repeated`` holds the line keys
    that recur across the batch's pages of the same site (furniture, see ``page_text``)."""
    date: dt.date | None = None
    date_problem = date_note = None
    title: str | None = None
    marker = _DATE_MARKER.match(text)
    if marker:
        date, date_problem, date_note = header_date(marker.group(1))
        text = text[marker.end():]
    heading = re.match(r"\s*#[ \t]+([^\n]+)\n", text)
    if heading:  # a Markdown-style "# Title" first line names the article
        title = heading.group(1).strip(" #") or None
        text = "\n" * text[:heading.end()].count("\n") + text[heading.end():]
    page = clean_page(text, url=url, repeated=repeated)
    return RawArticle(source, sha, "text", _blocks_of(page), title=title or page.headline, date=date,
                      date_problem=date_problem, date_note=date_note, author=page.author, url=url,
                      publisher=page.publisher, stamp=page.stamp, dateline=page.dateline)


# ------------------------------------------------------------------------------------------ HTML

_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHAR_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


def _xml_compatible(html: str) -> str:
    """Without the characters lxml refuses to hold (control characters, also when written as
    ``&#xF;``): the parser would accept them and editing the tree would then raise."""
    def reference(match: re.Match[str]) -> str:
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        return "" if code > 0x10FFFF or _XML_INCOMPATIBLE.match(chr(code)) else match.group(0)

    return _CHAR_REFERENCE.sub(reference, _XML_INCOMPATIBLE.sub("", html))


def html_fragment_blocks(html: str) -> tuple[Block, ...]:
    """Blocks of a small HTML fragment (feed entry content, a JSON record's HTML)."""
    import lxml.html

    html = _xml_compatible(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises several types on garbage; then the text is the tags' text
        return text_blocks(re.sub(r"<[^>]*>", " ", html))
    for bad in root.xpath("//script|//style|//noscript|//iframe|//object|//embed|//svg|//form"):
        bad.drop_tree()
    blocks: list[Block] = []
    elements = root.xpath("//p|//h1|//h2|//h3|//h4|//h5|//h6|//li|//blockquote")
    for element in elements:
        if element.tag in ("li", "blockquote") and element.xpath(".//p"):
            continue
        text = " ".join(element.text_content().split())
        if not text:
            continue
        kind = "h" if element.tag.startswith("h") and len(element.tag) == 2 else "p"
        blocks.append(Block(kind, text))
    if not blocks:
        return text_blocks(root.text_content())
    return without_furniture(blocks)


def read_html(text: str, source: str, sha: str) -> RawArticle:
    import lxml.etree
    import trafilatura

    try:
        xml = trafilatura.extract(text, output_format="xml", with_metadata=True, include_comments=False,
                                  include_tables=False, include_images=False, include_links=False,
                                  favor_precision=True)
    except (AssertionError, ValueError, TypeError, RecursionError, lxml.etree.LxmlError):
        # trafilatura and htmldate trip over some broken pages (found by fuzz/run_fuzz.py): such a
        # page has no readable article, which read_articles reports; it must not stop the run.
        xml = None
    if not xml:
        return RawArticle(source, sha, "html", ())
    root = lxml.etree.fromstring(xml.encode("utf-8"), parser=lxml.etree.XMLParser(resolve_entities=False,
                                                                                   no_network=True))
    blocks: list[Block] = []
    for element in root.iter("head", "p", "item", "quote"):
        words = " ".join("".join(element.itertext()).split())
        if not words or (element.tag == "p" and element.getparent() is not None
                         and element.getparent().tag in ("quote", "item")):
            continue
        blocks.append(Block("h" if element.tag == "head" else "p", words))
    title = root.get("title")
    if blocks and blocks[0].kind == "h" and title and blocks[0].text.strip() == title.strip():
        blocks = blocks[1:]
    date, date_problem = _parse_date(root.get("date"))
    url = root.get("url") or None
    publisher = root.get("sitename") or None
    known = publisher_for(url)
    return RawArticle(source, sha, "html", without_furniture(blocks), title=title or None, date=date,
                      date_problem=date_problem, url=url, publisher=known[0] or publisher,
                      author=root.get("author") or None, license=known[1], credit=known[2])


# ------------------------------------------------------------------------------------- Markdown

def _str_list(value: Any, limit: int = 200) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    return tuple(str(v)[:300] for v in value[:limit] if isinstance(v, str | int | float) and str(v).strip())


def read_markdown(text: str, source: str, sha: str) -> tuple[RawArticle | None, str | None]:
    """A draft with YAML front matter → RawArticle; (None, problem) when the front matter is broken.

    The front matter is read as a briefing's is (``briefing_file.parse``: broken or hostile YAML
    is refused, issue 8); the problem names its line, since the caller names only the file.
    """
    if not text.startswith("---\n"):
        article = read_text(text, source, sha)
        return RawArticle(article.source, sha, "markdown", article.blocks, title=article.title,
                          date=article.date, date_problem=article.date_problem), None
    split = HANDLER.split_lines(text)
    if split is None:
        return None, "front matter has no closing '---'"
    if len(split[0]) > MAX_FRONT_MATTER:
        return None, f"front matter is larger than {MAX_FRONT_MATTER // 1024} KB"
    front, problems = parse(text, source)
    if front is None or problems:
        first = min(problems, key=Problem.sort_key)
        return None, f"line {first.location.line}: {first.message}" if first.location.line else first.message
    meta = front.values
    body = front.body.lstrip("\n")
    date, date_problem = _parse_date(meta.get("date"))
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    summary = meta.get("summary") if isinstance(meta.get("summary"), str) else None
    url = meta.get("url") if isinstance(meta.get("url"), str) else None
    code = markdown_code_lines(body)  # code is not article text for the analysis; a blank line ends a paragraph
    blocks = text_blocks("\n".join("" if i in code else line for i, line in enumerate(body.split("\n"))))
    return RawArticle(source, sha, "markdown", blocks, title=title, date=date, date_problem=date_problem,
                      url=url, markdown=body, given_summary=summary,
                      given_countries=_str_list(meta.get("countries")), given_topics=_str_list(meta.get("topics")),
                      given_questions=_str_list(meta.get("questions")), given_people=_str_list(meta.get("people")),
                      given_organisations=_str_list(meta.get("organisations")), draft=meta.get("draft") is True), None


def markdown_code_lines(body: str) -> frozenset[int]:
    """0-based numbers of the lines of ``body`` that are code (fenced or indented) to the build's own
    Markdown parser: a regex would disagree with CommonMark about what opens a fence (issue 12.7)."""
    from ..markup import _parser  # the parser briefgen builds with, so both see the same code

    lines: set[int] = set()
    for token in _parser(False).parse(body):
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(*token.map))
    return frozenset(lines)


# ------------------------------------------------------------------------------- JSON / JSONL

_TEXT_KEYS = ("text", "body", "content", "article", "story", "description", "summary")
_TITLE_KEYS = ("title", "headline", "name")
_DATE_KEYS = ("date", "published", "published_at", "pubDate", "datetime", "time", "created")
_URL_KEYS = ("url", "link", "canonical_url", "source_url")


def _first(record: Mapping[str, Any], keys: Iterable[str]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def _recurring_in_records(records: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    """Lines that recur across a file's records (their scraped text carries the site's furniture)."""
    pages = []
    for record in records:
        text = _first(record, _TEXT_KEYS)
        if isinstance(text, str) and "<" not in text[:2000]:
            url = _first(record, _URL_KEYS)
            host = re.match(r"^https?://([^/:?#]+)", url) if isinstance(url, str) else None
            pages.append((host.group(1).lower() if host else None, text[:MAX_ARTICLE_CHARS]))
    return recurring_lines(pages) if len(pages) > 1 else frozenset()


def record_article(record: Mapping[str, Any], source: str, sha: str, entry: int, kind: str,
                   repeated: Collection[str] = frozenset()) -> RawArticle | None:
    """One JSON record → RawArticle, or None when it holds no article text."""
    text = _first(record, _TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        return None
    text = text[:MAX_ARTICLE_CHARS]
    url = _first(record, _URL_KEYS)
    blocks = html_fragment_blocks(text) if re.search(r"<(?:p|div|br|h\d)\b", text, re.IGNORECASE) \
        else text_blocks(text, url=url if isinstance(url, str) else None, repeated=repeated)
    title = _first(record, _TITLE_KEYS)
    date, date_problem = _parse_date(_first(record, _DATE_KEYS))
    url = url if isinstance(url, str) else None
    publisher = _first(record, ("publisher", "source", "site", "sitename"))
    known = publisher_for(url)
    author = _first(record, ("author", "byline"))
    return RawArticle(source, sha, kind, blocks, entry=entry, title=str(title)[:500] if title else None,
                      date=date, date_problem=date_problem, url=url,
                      publisher=known[0] or (publisher if isinstance(publisher, str) else None),
                      author=author if isinstance(author, str) else None,
                      license=record.get("license") if isinstance(record.get("license"), str) else known[1],
                      credit=record.get("credit") if isinstance(record.get("credit"), str) else known[2])


def json_records(text: str, jsonl: bool) -> tuple[list[Any], list[str]]:
    """Records of a .json / .jsonl file and problems (with their line numbers for JSONL)."""
    problems: list[str] = []
    if jsonl:
        records: list[Any] = []
        for number, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except (json.JSONDecodeError, RecursionError):
                problems.append(f"line {number}: not valid JSON")
                records.append(None)
        return records, problems
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        return [], [f"not valid JSON ({getattr(exc, 'msg', 'too deeply nested')})"]
    if isinstance(data, dict):
        for key in ("articles", "items", "entries", "records", "data", "results"):
            if isinstance(data.get(key), list):
                return list(data[key]), problems
        return [data], problems
    if isinstance(data, list):
        return data, problems
    return [], ["JSON must hold an article object or a list of them"]


# ------------------------------------------------------------------------------------------ feeds

def read_feed(data: bytes, source: str, sha: str) -> tuple[list[RawArticle], list[str]]:
    import feedparser

    parsed = feedparser.parse(data)  # bytes: parsed in memory, nothing is fetched
    feed_title = parsed.feed.get("title") if hasattr(parsed, "feed") else None
    articles: list[RawArticle] = []
    problems: list[str] = []
    for number, entry in enumerate(parsed.entries[:MAX_RECORDS], 1):
        content = ""
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry["content"]), key=len)
        content = content or entry.get("summary", "") or entry.get("description", "")
        blocks = html_fragment_blocks(content[:MAX_ARTICLE_CHARS]) if content else ()
        if not blocks:
            problems.append(f"entry {number}: no text")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
        date = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
        url = entry.get("link") or None
        known = publisher_for(url)
        articles.append(RawArticle(source, sha, "feed", blocks, entry=number,
                                   title=" ".join(entry.get("title", "").split()) or None, date=date,
                                   url=url, publisher=known[0] or feed_title or None,
                                   author=entry.get("author") or None, license=known[1], credit=known[2]))
    if len(parsed.entries) > MAX_RECORDS:
        problems.append(f"more than {MAX_RECORDS} entries; the rest were skipped")
    return articles, problems


# ---------------------------------------------------------------------------------------- dispatch

def detect_kind(name: str, text: str) -> str:
    """'html', 'feed', 'markdown', 'jsonl', 'json' or 'text', by content first, then extension."""
    lower = name.lower()
    head = text[:2048].lstrip().lower()
    if head.startswith("<?xml") or head.startswith("<rss") or head.startswith("<feed"):
        if re.search(r"<(?:rss|feed|rdf:rdf)\b", head):
            return "feed"
    if lower.endswith((".rss", ".atom")) or (lower.endswith(".xml") and "<item" in text[:20000]):
        return "feed"
    if head.startswith(("<!doctype html", "<html")) or lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith(".jsonl") or lower.endswith(".ndjson"):
        return "jsonl"
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".md", ".markdown")):
        return "markdown"
    if head.startswith("{") and "\n{" in text[:100000]:
        return "jsonl"
    if head.startswith(("{", "[")):
        return "json"
    return "text"


def apply_sidecar(article: RawArticle, meta: Mapping[str, Any] | None) -> RawArticle:
    """Fill an article's metadata from its folder's ``sources.jsonl`` record (explicit metadata wins)."""
    if not meta:
        return article
    from dataclasses import replace

    date, problem = _parse_date(meta.get("date"))
    url = meta.get("url") if isinstance(meta.get("url"), str) else article.url
    known = publisher_for(url)
    changes: dict[str, Any] = {"url": url}
    if isinstance(meta.get("title"), str) and meta["title"].strip():
        changes["title"] = " ".join(meta["title"].split())
    if date is not None:
        changes["date"], changes["date_problem"] = date, None
    elif problem:
        changes["date_problem"] = problem
    for key, fallback in (("publisher", known[0]), ("license", known[1]), ("credit", known[2]),
                          ("author", None)):
        value = meta.get(key)
        changes[key] = value if isinstance(value, str) and value.strip() else (getattr(article, key) or fallback)
    if isinstance(meta.get("categories"), list):
        changes["categories"] = _str_list(meta["categories"])
    return replace(article, **changes)


def read_articles(data: bytes, text: str, name: str, source: str, sha: str, *, url: str | None = None,
                  repeated: Collection[str] = frozenset()) -> tuple[list[RawArticle], list[Problem]]:
    """All articles of one decoded file; problems point at the file (and line for JSONL).

    ``url`` is the page's address from ``sources.jsonl`` and ``repeated`` the batch's recurring
    lines (``page_text.recurring_lines``): both help clean a plain-text page."""
    kind = detect_kind(name, text)
    where = Location(source)
    problems: list[Problem] = []
    if kind == "html":
        article = read_html(text, source, sha)
        if not article.blocks:
            return [], [Problem(where, "no article text found in this HTML page")]
        return [article], []
    if kind == "feed":
        articles, messages = read_feed(data, source, sha)
        if not articles and not messages:
            messages = ["no entries found in this feed"]
        return articles, [Problem(where, m) for m in messages]
    if kind in ("json", "jsonl"):
        records, messages = json_records(text, kind == "jsonl")
        problems.extend(Problem(Location(source, int(m.split()[1].rstrip(":"))) if m.startswith("line ")
                                else where, m.split(": ", 1)[-1] if m.startswith("line ") else m)
                        for m in messages)
        articles = []
        dicts = [r for r in records if isinstance(r, dict)]
        if dicts and not any(isinstance(_first(r, _TEXT_KEYS), str) for r in dicts):
            return [], [Problem(where, "no record has a 'text' field: not an article file; skipped",
                                warning=True)]
        shared = _recurring_in_records(dicts[:MAX_RECORDS])
        for number, record in enumerate(records[:MAX_RECORDS], 1):
            if record is None:
                continue
            from_record = record_article(record, source, sha, number, kind, shared) if isinstance(record, dict) \
                else None
            if from_record is None:
                problems.append(Problem(where, f"record {number} holds no article text"))
                continue
            articles.append(from_record)
        if len(records) > MAX_RECORDS:
            problems.append(Problem(where, f"more than {MAX_RECORDS} records; the rest were skipped"))
        if not records and not problems:
            problems.append(Problem(where, "no records found"))
        return articles, problems
    if kind == "markdown":
        draft_article, problem = read_markdown(text, source, sha)
        if draft_article is None:
            return [], [Problem(where, problem or "unreadable Markdown draft")]
        return [draft_article], []
    article = read_text(text[:MAX_ARTICLE_CHARS], source, sha, url=url, repeated=repeated)
    if len(text) > MAX_ARTICLE_CHARS:
        problems.append(Problem(where, f"text longer than {MAX_ARTICLE_CHARS} characters was cut", warning=True))
    if not article.blocks:
        return [], problems + [Problem(where, "no article text found")]
    return [article], problems
