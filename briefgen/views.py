"""The view dataclasses: what each kind of page's template may use (the template contract).

``render`` plans one ``PageJob`` per page, holding the page's URL, template, ``Page`` (what every
page has) and one of these views; a template sees ``page``, ``view``, ``site`` and ``scheme`` and
nothing else. Lists and references of briefings (``BriefingItem``, ``BriefingRef``, ``Link``) are
shared by many pages, so they stay small and hashable: the build digests each page's job to skip
pages whose inputs did not change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .config import SiteConfig
from .graph import SiteGraph
from .model import Briefing, Heading, RenderedBody, SourceRef
from .records import fast_pickle
from .urls import UrlScheme


@fast_pickle
@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str
    count: int = 0


@fast_pickle
@dataclass(frozen=True, slots=True)
class Facet:
    """The terms of one taxonomy a briefing is filed under."""

    name: str  # the taxonomy: "countries"
    label: str  # its plural label: "Countries"
    kind: str  # one term's kind, the search filter: "country"
    links: tuple[Link, ...]


@fast_pickle
@dataclass(frozen=True, slots=True)
class BriefingItem:
    """A briefing as it appears in lists."""

    slug: str
    url: str
    title: str
    date: dt.date
    summary: str
    facets: tuple[Facet, ...]  # taxonomies with terms here, in facet order
    listed: tuple[Link, ...]  # the terms lists show beside the date (its countries)


@fast_pickle
@dataclass(frozen=True, slots=True)
class BriefingRef:
    """A briefing named in another page (related, newer/older, backlinks): no summary, so that
    editing a briefing's text does not re-render every page that merely links to it."""

    url: str
    title: str
    date: dt.date


@fast_pickle
@dataclass(frozen=True, slots=True)
class Backref:
    item: BriefingRef
    context: str


@dataclass(frozen=True, slots=True)
class Page:
    """What every page has: its URL, title, description and the feeds it advertises."""

    url: str
    kind: str
    title: str
    description: str
    canonical: str
    feeds: tuple[Link, ...] = ()
    root_relative: bool = False  # 404.html: links from the base path, it is served at any depth
    noindex: bool = False
    og_type: str = "website"
    published: str | None = None


@fast_pickle
@dataclass(frozen=True, slots=True)
class SiteView:
    title: str
    description: str
    language: str
    base_url: str
    nav: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class Pagination:
    page: int
    pages: int
    newer_url: str | None
    older_url: str | None
    page_urls: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TermGroup:
    """A taxonomy's most used terms, and its list page (the home page's sidebar)."""

    name: str  # "topics"
    label: str  # "Topics"
    links: tuple[Link, ...]  # with counts
    all: Link  # the list page


@dataclass(frozen=True, slots=True)
class HomeView:
    latest: tuple[BriefingItem, ...]
    groups: tuple[TermGroup, ...]
    total: int


@dataclass(frozen=True, slots=True)
class BriefingView:
    item: BriefingItem
    body_html: Markup
    toc: tuple[Heading, ...]
    questions: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    credit: str | None
    updated: dt.date | None
    reading_minutes: int
    newer: BriefingRef | None
    older: BriefingRef | None
    related: tuple[BriefingRef, ...]
    backlinks: tuple[Backref, ...]
    archive_month: Link
    show_summary: bool = True  # False when the body opens with the summary's words: no repeat


@dataclass(frozen=True, slots=True)
class Related:
    """Terms of one taxonomy found in a term's briefings, with how many."""

    name: str  # the taxonomy: "countries"
    heading: str  # "Countries", or "Often with" for the term's own taxonomy
    label: str  # "Countries"
    links: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class TermView:
    """The page of one term of a taxonomy (one page of its briefings)."""

    kind: str  # the taxonomy's kind: "topic", "country"
    singular: str  # "Topic"
    index: Link  # the taxonomy's list page ("Topics")
    name: str
    description: str
    items: tuple[BriefingItem, ...]
    total: int
    pagination: Pagination
    feed_url: str | None
    as_of: dt.date | None
    related: tuple[Related, ...]
    location_map: Markup = Markup("")
    timeline: Markup = Markup("")
    questions: tuple[tuple[str, BriefingRef], ...] = ()  # open questions, each with its briefing
    sources: tuple[SourceRef, ...] = ()  # sources cited by its briefings


@dataclass(frozen=True, slots=True)
class TopicsView:
    topics: tuple[tuple[Link, str], ...]  # link with count, description


@dataclass(frozen=True, slots=True)
class CountriesView:
    regions: tuple[tuple[str, tuple[Link, ...]], ...]
    world_map: Markup
    total: int


@dataclass(frozen=True, slots=True)
class TermsView:
    """A taxonomy's list page: every term, by name, with its number of briefings."""

    heading: str
    lede: str
    terms: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class ArchiveView:
    heading: str
    years: tuple[tuple[Link, tuple[Link, ...]], ...]  # year link with count, month links
    items: tuple[BriefingItem, ...]
    up: Link | None


@dataclass(frozen=True, slots=True)
class EmptyView:
    pass


@fast_pickle
@dataclass(frozen=True, slots=True)
class SearchView:
    searchable: bool  # False on a site with no briefings: there is no index to load


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page to render: the unit of incremental and parallel rendering."""

    url: str
    template: str
    page: Page
    view: Any


@dataclass(frozen=True, slots=True)
class RenderInputs:
    """What planning needs, bundled so callers pass one thing."""

    config: SiteConfig
    scheme: UrlScheme
    briefings: Mapping[str, Briefing]
    bodies: Mapping[str, RenderedBody]
    graph: SiteGraph
    # A body's HTML by slug, for bodies kept without it (the build cache saves it apart); None: ``bodies``' own.
    html: Callable[[str], str] | None = None
