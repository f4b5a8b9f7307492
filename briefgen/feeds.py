"""Atom feeds, ``sitemap.xml`` and ``robots.txt`` → ``OutputFile``.

Built with the standard library's XML escaping rather than templates: feeds must be valid XML
whatever a title contains, and every URL in them is absolute (from ``base_url``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from .config import SiteConfig
from .graph import SiteGraph, term_ids
from .model import Briefing, OutputFile, RenderedBody
from .taxonomy import TAXONOMIES
from .urls import UrlScheme

FEED_ENTRIES = 50
# Characters XML 1.0 does not allow at all, even escaped: one in a title (a YAML "\x0b" escape, a
# stray control character in a body) would make the whole feed unreadable (issue 8).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """Text for an XML element: escaped, and stripped of characters XML cannot hold."""
    return _escape(_NOT_XML.sub("", text))


def quoteattr(text: str) -> str:
    """A quoted XML attribute value, likewise."""
    return _quoteattr(_NOT_XML.sub("", text))


def _rfc3339(when: dt.datetime) -> str:
    """In UTC (``Z``) when it can be; at the edge of time (``0001-01-01T00:00+05:00`` is in year 0
    in UTC) with its own offset, which RFC 3339 allows too (issue 12). ``isoformat`` pads years
    below 1000 to four digits, which strftime's ``%Y`` does not."""
    try:
        utc = when.astimezone(dt.UTC)
    except OverflowError:
        return when.isoformat(timespec="seconds")
    return utc.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def categories(b: Briefing, graph: SiteGraph, config: SiteConfig) -> tuple[tuple[str, str], ...]:
    """(term, label) of every term a briefing is filed under: its entries' categories."""
    return tuple((term, graph.label(tax, term, config)) for tax in TAXONOMIES for term in term_ids(tax, b))


def atom_feed(title: str, feed_url: str, page_url: str, slugs: Sequence[str], briefings: Mapping[str, Briefing],
              bodies: Mapping[str, RenderedBody], config: SiteConfig, scheme: UrlScheme,
              terms: Mapping[str, tuple[tuple[str, str], ...]]) -> OutputFile:
    """One feed of the newest ``FEED_ENTRIES`` of ``slugs``; ``terms`` holds each one's categories."""
    entries = [briefings[s] for s in slugs[:FEED_ENTRIES]]
    updated = max((b.updated or b.published for b in entries), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
           f"  <title>{escape(title)}</title>",
           f"  <id>{escape(scheme.absolute(feed_url))}</id>",
           f'  <link rel="self" type="application/atom+xml" href={quoteattr(scheme.absolute(feed_url))}/>',
           f'  <link rel="alternate" type="text/html" href={quoteattr(scheme.absolute(page_url))}/>',
           f"  <updated>{_rfc3339(updated)}</updated>",
           f"  <author><name>{escape(config.author or config.title)}</name></author>",
           '  <generator uri="https://pypi.org/project/briefgen/">briefgen</generator>']
    for b in entries:
        url = scheme.absolute(scheme.briefing(b.slug))
        summary = b.summary or bodies[b.slug].first_paragraph
        out += ["  <entry>",
                f"    <title>{escape(b.title)}</title>",
                f"    <id>{escape(url)}</id>",
                f'    <link rel="alternate" type="text/html" href={quoteattr(url)}/>',
                f"    <published>{_rfc3339(b.published)}</published>",
                f"    <updated>{_rfc3339(b.updated or b.published)}</updated>",
                f"    <summary>{escape(summary)}</summary>"]
        out += [f"    <category term={quoteattr(term)} label={quoteattr(label)}/>" for term, label in terms[b.slug]]
        out.append("  </entry>")
    out.append("</feed>\n")
    return OutputFile(feed_url, "\n".join(out).encode("utf-8"))


def all_feeds(graph: SiteGraph, briefings: Mapping[str, Briefing], bodies: Mapping[str, RenderedBody],
              config: SiteConfig, scheme: UrlScheme, memo: dict[str, tuple[object, OutputFile]] | None = None) -> list[OutputFile]:
    """Every feed of the site. ``memo`` (feed path → (inputs, file)) lets a rebuild reuse feeds
    whose entries did not change; the caller clears it when settings or templates change."""
    specs = [(config.title, scheme.feed(), scheme.home(), graph.order)]
    for tax in TAXONOMIES:
        if not tax.feeds:
            continue
        for term, slugs in graph.terms[tax.name].items():
            slug = tax.vocabulary.slug(term)
            specs.append((f"{config.title}: {graph.label(tax, term, config)}", scheme.term_feed(tax.name, slug),
                          scheme.term(tax.name, slug), slugs))
    files = []
    terms: dict[str, tuple[tuple[str, str], ...]] = {}  # slug → categories, made once however many feeds show it
    for title, feed_url, page_url, slugs in specs:
        entries = tuple(slugs[:FEED_ENTRIES])
        for s in entries:
            if s not in terms:
                terms[s] = categories(briefings[s], graph, config)
        # What the feed is made of; briefings and bodies compare by identity first, so this is cheap.
        # Categories: a person's display name follows the spelling most briefings use.
        inputs = (title, page_url, entries, tuple(briefings[s] for s in entries), tuple(bodies[s].first_paragraph for s in entries),
                  tuple(terms[s] for s in entries))
        known = memo.get(feed_url) if memo is not None else None
        if known is not None and known[0] == inputs:
            files.append(known[1])
            continue
        file = atom_feed(title, feed_url, page_url, slugs, briefings, bodies, config, scheme, terms)
        if memo is not None:
            memo[feed_url] = (inputs, file)
        files.append(file)
    return files


def sitemap(page_urls: Sequence[str], lastmod: Mapping[str, dt.date], scheme: UrlScheme) -> OutputFile:
    """``sitemap.xml`` listing every indexable page, with lastmod where a page has a date."""
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in sorted(page_urls):
        out.append(f"  <url><loc>{escape(scheme.absolute(url))}</loc>"
                   + (f"<lastmod>{lastmod[url].isoformat()}</lastmod>" if url in lastmod else "") + "</url>")
    out.append("</urlset>\n")
    return OutputFile("sitemap.xml", "\n".join(out).encode("utf-8"))


def robots(scheme: UrlScheme) -> OutputFile:
    return OutputFile("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {scheme.absolute('sitemap.xml')}\n".encode())
