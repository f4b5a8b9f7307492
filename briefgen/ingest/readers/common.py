"""What every reader shares: the article type, the seed file handed to a reader, decoding, dates,
known publishers and the sidecar's metadata (``sources.jsonl``).

Limits (issue 8): at most ``MAX_RECORDS`` articles per file, ``MAX_FRONT_MATTER`` bytes of YAML,
``MAX_ARTICLE_CHARS`` characters of text per article (the rest is cut with a warning).
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ...errors import Problem

MAX_RECORDS = 5_000
MAX_FRONT_MATTER = 64 * 1024
MAX_ARTICLE_CHARS = 1_000_000
SIDECAR_NAMES = frozenset({"sources.jsonl", "sources.json"})
NOT_ARTICLES = frozenset({"sources.md", "readme.md", "readme.txt", "readme", "license", "license.md",
                          "license.txt", "copying", "notice"})

_FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class Block:
    """One body block: a paragraph (``p``), a sub-heading (``h``) or a list item (``li``: a
    summary's bullet, its bullet taken off), as plain text."""

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


@dataclass(frozen=True, slots=True)
class SeedFile:
    """One seed file as a reader gets it: read, size-checked and decoded by ``ingest.seeds``.

    ``url`` is the page's address from ``sources.jsonl``; ``repeated`` the line keys that recur
    across the batch's pages of one site (``page_text.recurring_lines``): both help clean a page."""

    data: bytes
    text: str
    name: str  # the file's name: its extension, and a date it starts with
    source: str  # its site-relative path, for messages and provenance
    sha: str
    url: str | None = None
    repeated: Collection[str] = frozenset()


Read = tuple[list[RawArticle], list[Problem]]  # the articles of one file, and the problems reading it


@dataclass(frozen=True, slots=True)
class Reader:
    """One input format: a row of ``readers.READERS``. Which reader reads a file decides everything
    about it: its articles, whether it holds many (``many``: numbered entries, each found again on
    re-ingest by its URL or title, and no file-level sidecar or file-name date) and whether its
    pages join the batch's search for recurring site furniture (``batch_pages``)."""

    name: str  # what RawArticle.kind starts as: "text", "html", "markdown", "json", "feed"
    extensions: tuple[str, ...]  # lower-case suffixes that name the format when its content does not
    detect: Callable[[str], bool]  # the file's decoded text → is it in this format, by content alone
    read: Callable[[SeedFile], Read]
    many: bool = False
    batch_pages: bool = False


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


# ------------------------------------------------------------------------------------ metadata

def parse_date(value: Any) -> tuple[dt.date | None, str | None]:
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
    day, _ = parse_date(match.group(1))
    return day


def str_list(value: Any, limit: int = 200) -> tuple[str, ...]:
    """A metadata value as a list of short strings (a lone string is a list of one)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return ()
    return tuple(str(v)[:300] for v in value[:limit] if isinstance(v, str | int | float) and str(v).strip())


def apply_sidecar(article: RawArticle, meta: Mapping[str, Any] | None) -> RawArticle:
    """Fill an article's metadata from its folder's ``sources.jsonl`` record (explicit metadata wins)."""
    if not meta:
        return article
    date, problem = parse_date(meta.get("date"))
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
        changes["categories"] = str_list(meta["categories"])
    return replace(article, **changes)
