"""Plain data shared by the pipeline stages: no I/O, no behaviour beyond small derived values.

Everything is a frozen, slotted dataclass holding tuples, so values can be cached by content
hash, compared for incremental builds, and sent to worker processes unchanged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .records import fast_pickle


@fast_pickle
@dataclass(frozen=True, slots=True)
class Country:
    """A normalised country: ISO code (alpha-2, or ISO 3166-3 alpha-4 for historic states)."""

    code: str
    name: str
    slug: str
    region: str
    historic: bool = False


@fast_pickle
@dataclass(frozen=True, slots=True)
class SourceRef:
    """One cited source of a briefing."""

    title: str
    url: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    license: str | None = None
    author: str | None = None  # the byline of the source article


@fast_pickle
@dataclass(frozen=True, slots=True)
class Briefing:
    """One valid briefing as loaded from ``content/``.

    ``published`` is timezone-aware (UTC when the file gives a bare date) so briefings sort and
    feed consistently; ``date`` is the calendar day readers see. ``body_line`` is the 1-based
    line of the first body line in the file, so Markdown problems can point at the file's line.
    """

    path: str
    slug: str
    title: str
    date: dt.date
    published: dt.datetime
    body: str
    body_line: int
    summary: str | None = None
    updated: dt.datetime | None = None
    countries: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    people: tuple[str, ...] = ()  # names as written, one per person (taxonomy.Names)
    organisations: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    credit: str | None = None
    draft: bool = False
    key_lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, key: str) -> int | None:
        for name, line in self.key_lines:
            if name == key:
                return line
        return None

    @property
    def sort_key(self) -> tuple[float, str]:
        """Newest first, then by slug: the one order every list of briefings uses."""
        return (-self.published.timestamp(), self.slug)


@fast_pickle
@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    anchor: str


@fast_pickle
@dataclass(frozen=True, slots=True)
class BodyLink:
    """A link from a briefing's body to another page of the site (a wikilink), with its line."""

    kind: str  # "briefing", or a taxonomy's kind: "country", "topic", "person"...
    target: str
    line: int
    context: str = ""


@fast_pickle
@dataclass(frozen=True, slots=True)
class RenderedBody:
    """A briefing body rendered to HTML with placeholders for internal links.

    Internal link targets are written as ``briefgen:kind/target`` hrefs and resolved to relative
    URLs by ``render`` (it knows the page's URL), so the same cached body serves every base URL.
    """

    html: str
    toc: tuple[Heading, ...]
    first_paragraph: str
    links: tuple[BodyLink, ...] = ()
    word_count: int = 0


@fast_pickle
@dataclass(frozen=True, slots=True)
class OutputFile:
    """The bytes of one file of the built site, at a site-relative POSIX path."""

    path: str
    data: bytes = field(repr=False)
