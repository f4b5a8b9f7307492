"""RSS and Atom feeds: one article per entry, many articles in one file (feedparser, parsed from the
bytes in memory: nothing is fetched).

Detection: an XML document whose root is ``<rss>``, ``<feed>`` or ``<rdf:RDF>``, or that holds
``<item>`` elements; else the extensions.
"""

from __future__ import annotations

import datetime as dt
import re

from ...errors import Location, Problem
from .common import MAX_ARTICLE_CHARS, MAX_RECORDS, RawArticle, Read, Reader, SeedFile, publisher_for
from .html import html_fragment_blocks


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


def read_entries(seed: SeedFile) -> Read:
    articles, messages = read_feed(seed.data, seed.source, seed.sha)
    if not articles and not messages:
        messages = ["no entries found in this feed"]
    return articles, [Problem(Location(seed.source), m) for m in messages]


def is_feed(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    if not head.startswith(("<?xml", "<rss", "<feed", "<rdf")):
        return False
    return bool(re.search(r"<(?:rss|feed|rdf:rdf)\b", head)) or (head.startswith("<?xml") and "<item" in text[:20000])


READER = Reader("feed", (".rss", ".atom", ".feed"), is_feed, read_entries, many=True)
