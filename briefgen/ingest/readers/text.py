"""The plain-text seed format: an optional leading `` date YYYY-MM-DD`` marker, then paragraphs
separated by blank lines (a scraped page, furniture and all, or a clean article).

A short standalone line with no closing period is a sub-heading (a question line is a sub-heading
and a question). Each line of a page is classified by ``page_text`` (headline, main text,
metadata, furniture); lines that recur across the batch's pages of one site are furniture, so
this reader's pages are read after the whole batch has been seen (``batch_pages``). Without a
marker the date comes from a ``YYYY-MM-DD`` file-name prefix, else the article has no date
(``extract`` reports it). Detection: never by content; it reads what no other reader claims.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence

from ...errors import Location, Problem
from ..page_text import CleanPage, clean_page
from .common import MAX_ARTICLE_CHARS, Block, RawArticle, Read, Reader, SeedFile, parse_date

_DATE_MARKER = re.compile(r"^[ \t]*date:?[ \t]+(\d{4}-\d{2}(?:-\d{2})?)(?![\d-])(?:[ \t]+|(?=\n)|$)",
                          re.IGNORECASE)


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
    return re.sub(r"^(?:[•·▪►▶◆■●○◦‣⁃–—*]+\s*|-\s+)", "", text) or text


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
    date, problem = parse_date(value)
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


def read_seed_text(seed: SeedFile) -> Read:
    """A plain-text file's one article (its text beyond ``MAX_ARTICLE_CHARS`` cut, with a warning)."""
    where = Location(seed.source)
    problems = []
    article = read_text(seed.text[:MAX_ARTICLE_CHARS], seed.source, seed.sha, url=seed.url, repeated=seed.repeated)
    if len(seed.text) > MAX_ARTICLE_CHARS:
        problems.append(Problem(where, f"text longer than {MAX_ARTICLE_CHARS} characters was cut", warning=True))
    if not article.blocks:
        lines = sum(1 for line in without_date_marker(seed.text).splitlines() if line.strip())
        if not lines:
            return [], problems + [Problem(where, "no article text found: the file holds nothing but its date")]
        return [], problems + [Problem(where, f"no article text found: all {lines} of its lines read as captions, "
                                              "credits, menus or metadata (a photo gallery?); nothing written")]
    return [article], problems


READER = Reader("text", (".txt", ".text", ""), lambda text: False, read_seed_text, batch_pages=True)
