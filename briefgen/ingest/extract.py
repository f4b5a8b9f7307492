"""``RawArticle`` → ``BriefingDraft``: the briefing's fields, analysed and escaped.

Takes one article (plain text blocks) and the site config; gives a draft holding the title,
date, summary, key points, Markdown body, countries, topics, people, organisations, questions
and sources, or a
Problem when the article cannot become a briefing (no date, no text).

Everything extracted is extractive: summary and key points are sentences of the article.
Article text is escaped for Markdown and HTML here (issue 8): nothing an article says can
become raw HTML, a link, an image, a wikilink (``[[...]]``) or template syntax.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..config import SiteConfig
from ..countries import country_by_code, resolve_country
from ..errors import Location, Problem
from ..taxonomy import taxonomy
from .digest import headline_from_lede, headline_from_url, key_points, split_sentences, strip_dateline
from .entities import find_organisations, find_people, with_country
from .gazetteer import normalise_caps, rank_countries, site_country
from .languages import page_language
from .page_patterns import SENTENCE_END, line_key
from .readers import Block, RawArticle, markdown_code_lines
from .topics import classify_topics
from .towns import town_country

SUMMARY_MAX = 320
__all__ = ["split_sentences", "strip_dateline", "make_title"]  # kept importable from here


@dataclass(frozen=True, slots=True)
class DraftSource:
    """One source of a briefing, as written to its ``sources`` list."""

    title: str
    url: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    license: str | None = None
    seed: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class BriefingDraft:
    """A briefing ready to be stored: front-matter values plus the Markdown body."""

    source: str
    seed_sha256: str
    entry: int
    title: str
    date: dt.date
    summary: str
    body: str
    key_points: tuple[str, ...]
    countries: tuple[str, ...]
    topics: tuple[str, ...]
    questions: tuple[str, ...]
    sources: tuple[DraftSource, ...]
    credit: str | None = None
    publisher: str | None = None
    url: str | None = None
    draft: bool = False
    text: str = ""  # the plain article text, for duplicate detection
    published: str | None = None  # the page's own "Published/Updated" stamp, as shown
    people: tuple[str, ...] = ()  # names as the text spells them (entities.find_people)
    organisations: tuple[str, ...] = ()


# ------------------------------------------------------------------------------------- escaping

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>{}|~!&#$^])")


def escape_markdown(text: str) -> str:
    """Plain text → Markdown that renders as exactly that text, never as markup."""
    text = " ".join(text.split())
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    # Block syntax at the start of a line: lists, quotes, headings, rules, numbered lists.
    text = re.sub(r"^([-+=>:])", r"\\\1", text)
    text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    return text


_HTTP_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f]+$", re.IGNORECASE)


def safe_url(url: str | None) -> str | None:
    """An article's URL when it is a plain http(s) URL, else None: a ``javascript:`` or ``data:`` link
    from a scraped page is dropped here rather than written into a briefing the build would refuse."""
    if not url:
        return None
    url = url.strip()
    return url if _HTTP_URL.match(url) and len(url) <= 2000 else None


def plain_text(text: str) -> str:
    """Text for front matter (YAML strings): single-spaced, no control characters."""
    return " ".join("".join(c for c in text if c >= " " or c in "\t\n").split())


def make_title(lede: str) -> str:
    """A headline from the lede (``digest.headline_from_lede``): a complete clause, no ellipsis."""
    return headline_from_lede(lede)


def _tidy_title(title: str) -> str:
    title = plain_text(title)
    if title.isupper() and len(title) > 12:  # wire headlines in capitals
        title = normalise_caps(title)
    if len(title) > 200:
        cut = title[:200]
        title = cut[:cut.rfind(" ")] + "…" if " " in cut else cut
    return title


# ---------------------------------------------------------------------------------- extraction

def _summary_sentences(paragraphs: Sequence[str], title: str) -> list[str]:
    """The lede's first one or two sentences, never the headline itself repeated."""
    sentences = [s for p in paragraphs[:2] for s in split_sentences(strip_dateline(p))]
    sentences = [s for s in sentences if line_key(s) != line_key(title)]
    if not sentences:
        return []
    chosen = [sentences[0]]
    if len(sentences) > 1 and len(sentences[0]) + len(sentences[1]) < SUMMARY_MAX \
            and sentences[1] in split_sentences(strip_dateline(paragraphs[0])):
        chosen.append(sentences[1])
    return chosen


def _lede_for_title(paragraphs: Sequence[str]) -> str:
    """The paragraph a headline is made from: the first of eight words or more that ends as a
    sentence or runs on (a label, or a wire story's summary bullets above its lede, is no lede)."""
    long = [p for p in paragraphs if len(p.split()) >= 8]
    return next((p for p in long if re.search(r"[.!?…][\"”’')\]]*$", p) or len(p.split()) >= 15),
                long[0] if long else paragraphs[0])


def _summary_and_points(paragraphs: Sequence[str], title: str, given_summary: str | None
                        ) -> tuple[str, list[str]]:
    """The summary (the lede, unless the source gave one) and 3-5 key points that add to it."""
    sentences = [s for p in paragraphs for s in split_sentences(strip_dateline(p))]
    summary_sentences = _summary_sentences(paragraphs, title)
    summary = plain_text(given_summary or " ".join(summary_sentences))
    if len(summary) > SUMMARY_MAX * 2:
        cut = summary[:SUMMARY_MAX * 2]
        summary = cut[:cut.rfind(" ")] + "…"
    count = 3 if len(sentences) <= 10 else (4 if len(sentences) <= 25 else 5)
    points = key_points(sentences, summary_sentences, title, count) \
        or _fallback_point(sentences, [*summary_sentences, title])
    return summary, points


def _fallback_point(sentences: Sequence[str], shown: Sequence[str]) -> list[str]:
    """When no sentence stands on its own as a key point, the first one after the summary still
    adds a fact ("His victory ... marks a lunge to the right"); what the title and summary say is
    never repeated."""
    keys = {line_key(text) for text in shown}
    for sentence in sentences:
        if line_key(sentence) not in keys and 40 <= len(sentence) <= 400 and not sentence.endswith("?") \
                and not sentence.startswith(("\"", "“", "'", "‘")) and SENTENCE_END.search(sentence):
            return [sentence]
    return []


def _author(byline: str | None) -> str | None:
    """A byline as a name list: no "By", no control characters, at most 120 characters."""
    if not byline:
        return None
    name = re.sub(r"^(?i:by)\s+", "", plain_text(byline)).strip(" ,|-")
    return name[:120] or None


def _questions(blocks: Sequence[Block]) -> list[str]:
    """Question sub-headings, then question sentences the article itself asks (not quoted speech)."""
    found: list[str] = []
    for block in blocks:
        if block.kind == "h" and block.text.endswith("?"):
            found.append(block.text)
    for block in blocks:
        if block.kind != "p":
            continue
        for sentence in split_sentences(block.text):
            if sentence.endswith("?") and 15 <= len(sentence) <= 250 and not sentence.startswith(("\"", "“", "'")) \
                    and sentence.count("\"") % 2 == 0 and "“" not in sentence:
                found.append(sentence)
    return list(dict.fromkeys(plain_text(q) for q in found))[:10]


def _found_countries(title: str | None, paragraphs: Sequence[str], url: str | None) -> tuple[str, ...]:
    """The countries the text names (in a language that inflects names, in their inflected forms:
    "v Česku"); for a local story that names none, the towns it is set in, else the site's domain."""
    return rank_countries(title, paragraphs, language=page_language(paragraphs)) \
        or town_country(title, paragraphs) or site_country(url)


def _valid_countries(values: Sequence[str]) -> tuple[str, ...]:
    codes = []
    for value in values:
        country = resolve_country(value)
        if country is not None and not country.historic:
            codes.append(country.code)
    return tuple(dict.fromkeys(codes))


def _valid_names(values: Sequence[str], field: str, config: SiteConfig) -> tuple[str, ...]:
    """A draft's own names for a taxonomy of free names, as its vocabulary accepts them, each once."""
    vocabulary = taxonomy(field).vocabulary
    kept: dict[str, str] = {}
    for value in values:
        name = vocabulary.parse(value, config)
        if isinstance(name, str):
            kept.setdefault(vocabulary.term_id(name), name)
    return tuple(kept.values())


def extract(article: RawArticle, config: SiteConfig, *, fallback_date: dt.date | None = None
            ) -> tuple[BriefingDraft | None, Problem | None]:
    """Analyse one article. ``fallback_date`` is the file-name date (never today)."""
    where = Location(article.source + (f" (entry {article.entry})" if article.entry else ""))
    if article.date_problem:
        return None, Problem(where, article.date_problem)
    date = article.date or fallback_date
    if date is None:
        return None, Problem(where, "no date: add a ' date YYYY-MM-DD' first line, a date in the metadata, "
                                    "or start the file name with YYYY-MM-DD")
    blocks = [b for b in article.blocks if b.text.strip()]
    paragraphs = [b.text for b in blocks if b.kind in ("p", "li")]
    prose = [b.text for b in blocks if b.kind == "p"] or paragraphs  # the lede is prose, not a summary's bullet
    if not paragraphs and not article.markdown:
        return None, Problem(where, "no article text")
    given_title = bool(article.title and article.title.strip())
    # No headline on the page: the URL's slug is the site's own headline when there is one.
    title = _tidy_title(article.title) if article.title and given_title \
        else headline_from_url(article.url, " ".join(paragraphs)) \
        or make_title(_lede_for_title(prose))

    # Analysis sees the title only when the source gave one: a title made from the lede would count it twice.
    analysis_title = plain_text(article.title or "") if given_title else None
    countries = _valid_countries(article.given_countries) or _found_countries(analysis_title, paragraphs, article.url)
    known_topics = set(config.topic_slugs)
    topics = tuple(t for t in dict.fromkeys(article.given_topics) if t in known_topics) \
        or classify_topics(analysis_title, paragraphs, config.topics)

    summary, points = _summary_and_points(prose, title, article.given_summary)
    questions = list(article.given_questions) or _questions(blocks)
    # Names the text makes unambiguous (a title or role, a defined acronym), unless a draft names its own.
    people = _valid_names(article.given_people, "people", config) or find_people(paragraphs)
    organisations = _valid_names(article.given_organisations, "organisations", config) \
        or with_country(find_organisations(paragraphs), country_by_code(countries[0]).name if countries else None)

    body = sanitise_markdown(article.markdown) if article.markdown is not None else render_body(blocks, points)
    url = safe_url(article.url)
    sources = (DraftSource(title=title, url=url, publisher=article.publisher, date=date,
                           license=article.license, seed=article.source, author=_author(article.author)),)
    return BriefingDraft(
        source=article.source, seed_sha256=article.seed_sha256, entry=article.entry, title=title, date=date,
        summary=summary, body=body, key_points=tuple(plain_text(k) for k in points),
        countries=countries, topics=topics, questions=tuple(plain_text(q) for q in questions),
        people=tuple(plain_text(p) for p in people), organisations=tuple(plain_text(o) for o in organisations),
        sources=sources, credit=article.credit, publisher=article.publisher, url=url,
        draft=article.draft, text="\n\n".join(paragraphs),
        published=plain_text(article.stamp)[:120] if article.stamp else None), None


def render_body(blocks: Sequence[Block], key_points: Sequence[str]) -> str:
    """The article's paragraphs and sub-headings as escaped Markdown, then a Key points list."""
    lines: list[str] = []
    for index, block in enumerate(blocks):
        text = escape_markdown(block.text)
        if not text:
            continue
        if block.kind == "li":  # a run of list items is one Markdown list
            if index > 0 and blocks[index - 1].kind == "li" and lines:
                lines[-1] += f"\n- {text}"
            else:
                lines.append(f"- {text}")
            continue
        lines.append(f"## {text}" if block.kind == "h" else text)
    if key_points:
        lines.append("## Key points")
        lines.append("\n".join(f"- {escape_markdown(point)}" for point in key_points))
    return "\n\n".join(lines) + "\n"


def sanitise_markdown(body: str) -> str:
    """A draft's own Markdown: kept, but raw HTML tags become text and script/data URLs are defused."""
    body = _escape_html_outside_code(body)
    body = re.sub(r"(\]\(\s*\\?<?\s*)(?:javascript|vbscript|data|file)\s*:", r"\1#unsafe-", body, flags=re.IGNORECASE)
    return re.sub(r"(?im)^(\[[^\]]+\]:\s*\\?<?\s*)(?:javascript|vbscript|data|file)\s*:", r"\1#unsafe-", body)


# A '<' that could open raw HTML, with the backslashes before it: an odd number already escapes it.
_TAG_START = re.compile(r"(\\*)<(?=[A-Za-z/!?])")


def _escape_tag_starts(line: str) -> str:
    return _TAG_START.sub(lambda m: m.group(0) if len(m.group(1)) % 2 else m.group(1) + "\\<", line)


def _escape_html_outside_code(body: str) -> str:
    """Escape every '<' that could open raw HTML, except on the lines the build's parser takes for
    code (issue 12.7). Escaping can change what is code (a link definition that stops being one
    lets the next indented line join its paragraph), so repeat on the result until it holds;
    after a few rounds escape every line, code too: shown with a backslash, but safe."""
    for _ in range(4):
        code = markdown_code_lines(body)
        lines = body.split("\n")
        escaped = "\n".join(line if i in code else _escape_tag_starts(line) for i, line in enumerate(lines))
        if escaped == body:
            return body
        body = escaped
    return "\n".join(_escape_tag_starts(line) for line in body.split("\n"))
