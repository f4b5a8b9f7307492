"""Atom feeds, ``sitemap.xml`` and ``robots.txt`` → ``OutputFile``.

Built with the standard library's XML escaping rather than templates: feeds must be valid XML
whatever a title contains, and every URL in them is absolute (from ``base_url``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

from .config import SiteConfig
from .countries import country_by_code
from .graph import SiteGraph
from .model import Briefing, OutputFile, RenderedBody
from .urls import UrlScheme

FEED_ENTRIES = 50


def _rfc3339(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(title: str, feed_url: str, page_url: str, slugs: Sequence[str], briefings: Mapping[str, Briefing],
              bodies: Mapping[str, RenderedBody], config: SiteConfig, scheme: UrlScheme) -> OutputFile:
    entries = [briefings[s] for s in slugs[:FEED_ENTRIES]]
    updated = max((b.updated or b.published for b in entries), default=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    labels = {t.slug: t.label for t in config.topics}
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
        out += [f"    <category term={quoteattr(t)} label={quoteattr(labels.get(t, t))}/>" for t in b.topics]
        out += [f"    <category term={quoteattr(c)} label={quoteattr(country_by_code(c).name)}/>" for c in b.countries]
        out.append("  </entry>")
    out.append("</feed>\n")
    return OutputFile(feed_url, "\n".join(out).encode("utf-8"))


def all_feeds(graph: SiteGraph, briefings: Mapping[str, Briefing], bodies: Mapping[str, RenderedBody],
              config: SiteConfig, scheme: UrlScheme) -> list[OutputFile]:
    files = [atom_feed(config.title, scheme.feed(), scheme.home(), graph.order, briefings, bodies, config, scheme)]
    for topic in config.topics:
        files.append(atom_feed(f"{config.title}: {topic.label}", scheme.feed("topic", topic.slug), scheme.topic(topic.slug),
                               graph.topics.get(topic.slug, ()), briefings, bodies, config, scheme))
    for code, slugs in graph.countries.items():
        country = country_by_code(code)
        files.append(atom_feed(f"{config.title}: {country.name}", scheme.feed("country", country.slug),
                               scheme.country(country.slug), slugs, briefings, bodies, config, scheme))
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
