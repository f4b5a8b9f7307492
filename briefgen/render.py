"""``SiteGraph`` + briefings + rendered bodies → ``PageJob`` per page → ``OutputFile``.

Planning (``plan_pages``) and rendering (``render_page``) are separate so a build can render
any subset of pages, in any process: a ``PageJob`` holds the page's URL, its template and a
view dataclass with exactly what the template may use (the template context is a contract).
Jinja2 runs with autoescape and StrictUndefined; only HTML made by ``markup`` and ``worldmap``
is marked safe.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .config import SiteConfig
from .countries import country_by_code
from .errors import BriefgenError, Location, Problem
from .graph import SiteGraph, page_count
from .markup import TITLE_PLACEHOLDER
from .model import Briefing, Heading, OutputFile, RenderedBody, SourceRef
from .records import fast_pickle
from .urls import UrlScheme
from .charts import render_timeline
from .worldmap import render_location_map, render_world_map

THEME_PACKAGE_DIR = Path(__file__).parent / "_theme"
THEME_CHECKOUT_DIR = Path(__file__).parent.parent / "templates"


def default_theme_dir() -> Path:
    """The theme inside an installed wheel, else the checkout's top-level ``templates/``."""
    return THEME_PACKAGE_DIR if THEME_PACKAGE_DIR.is_dir() else THEME_CHECKOUT_DIR


# ---------------------------------------------------------------- view models (the template contract)

@fast_pickle
@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str
    count: int = 0


@fast_pickle
@dataclass(frozen=True, slots=True)
class BriefingItem:
    """A briefing as it appears in lists."""

    slug: str
    url: str
    title: str
    date: dt.date
    summary: str
    countries: tuple[Link, ...]
    topics: tuple[Link, ...]


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
class HomeView:
    latest: tuple[BriefingItem, ...]
    topics: tuple[Link, ...]
    countries: tuple[Link, ...]
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
class TermView:
    """A topic or country page (one page of its briefings)."""

    kind: str  # "topic" or "country"
    name: str
    description: str
    items: tuple[BriefingItem, ...]
    total: int
    pagination: Pagination
    feed_url: str
    as_of: dt.date | None
    related_countries: tuple[Link, ...]
    related_topics: tuple[Link, ...]
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


# ---------------------------------------------------------------- planning

DOSSIER_BRIEFINGS = 50  # the newest briefings a country dossier gathers questions and sources from
DOSSIER_ITEMS = 20

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def briefing_items(inputs: RenderInputs, slugs: Iterable[str]) -> dict[str, BriefingItem]:
    return {slug: _item(inputs, slug) for slug in slugs}


def _page_factory(inputs: RenderInputs) -> Any:
    config, scheme = inputs.config, inputs.scheme
    main_feed = Link(f"{config.title}: all briefings", scheme.feed())

    def page(url: str, kind: str, title: str, description: str, feeds: tuple[Link, ...] = (), **extra: Any) -> Page:
        return Page(url=url, kind=kind, title=title, description=description,
                    canonical=scheme.absolute(url), feeds=(main_feed, *feeds), **extra)
    return page


def plan_briefing_page(inputs: RenderInputs, slug: str, items: Mapping[str, BriefingItem]) -> PageJob:
    """The page of one briefing. ``items`` must hold this briefing and every one it names."""
    config, scheme, graph = inputs.config, inputs.scheme, inputs.graph
    page = _page_factory(inputs)

    def ref(other: str) -> BriefingRef:
        i = items[other]
        return BriefingRef(i.url, i.title, i.date)

    b = inputs.briefings[slug]
    body = inputs.bodies[slug]
    item = items[slug]
    feeds = tuple(Link(f"{config.title}: {l.label}", scheme.feed("topic", t)) for l, t in zip(item.topics, b.topics)) + \
        tuple(Link(f"{config.title}: {l.label}", scheme.feed("country", country_by_code(c).slug)) for l, c in zip(item.countries, b.countries))
    newer, older = graph.newer.get(slug), graph.older.get(slug)
    view = BriefingView(
        item=item,
        body_html=Markup(resolve_links(body.html, slug_url=scheme.briefing(slug), inputs=inputs)),
        toc=body.toc,
        questions=b.questions,
        sources=b.sources,
        credit=b.credit,
        updated=b.updated.date() if b.updated else None,
        reading_minutes=max(1, round(body.word_count / 230)),
        newer=ref(newer) if newer else None,
        older=ref(older) if older else None,
        related=tuple(ref(s) for s in graph.related.get(slug, ())),
        backlinks=tuple(Backref(ref(bl.source), bl.context) for bl in graph.backlinks.get(slug, ())),
        archive_month=Link(f"{MONTHS[b.date.month - 1]} {b.date.year}", scheme.archive(b.date.year, b.date.month)),
        show_summary=not body.first_paragraph.startswith(item.summary.rstrip("…").strip()),
    )
    return PageJob(item.url, "briefing.html",
                   page(item.url, "briefing", b.title, item.summary, feeds, og_type="article",
                        published=b.published.isoformat()),
                   view)


def plan_pages(inputs: RenderInputs, items: Mapping[str, BriefingItem] | None = None) -> list[PageJob]:
    """Every page of the site as a PageJob, in a fixed order."""
    return list(iter_pages(inputs, items))


def iter_pages(inputs: RenderInputs, items: Mapping[str, BriefingItem] | None = None) -> Iterator[PageJob]:
    """Every page of the site as a PageJob, one at a time (big builds render as they plan)."""
    config, scheme, graph = inputs.config, inputs.scheme, inputs.graph
    items = items if items is not None else briefing_items(inputs, graph.order)
    topic_labels = {t.slug: t.label for t in config.topics}
    page = _page_factory(inputs)

    # Home
    top_topics = sorted(((len(graph.topics.get(t.slug, ())), t) for t in config.topics), key=lambda x: (-x[0], x[1].slug))
    top_countries = sorted(((len(s), c) for c, s in graph.countries.items()), key=lambda x: (-x[0], x[1]))
    yield (PageJob(scheme.home(), "home.html",
                        page(scheme.home(), "home", config.title, config.description),
                        HomeView(latest=tuple(items[s] for s in graph.order[: config.home_items]),
                                 topics=tuple(Link(t.label, scheme.topic(t.slug), n) for n, t in top_topics if n)[:12],
                                 countries=tuple(Link(country_by_code(c).name, scheme.country(country_by_code(c).slug), n)
                                                 for n, c in top_countries)[:12],
                                 total=len(graph.order))))

    # Briefings
    for slug in graph.order:
        yield (plan_briefing_page(inputs, slug, items))

    # Topics
    yield (PageJob(scheme.topics(), "topics.html",
                        page(scheme.topics(), "topics", "Topics", f"All topics covered by {config.title}."),
                        TopicsView(tuple((Link(t.label, scheme.topic(t.slug), len(graph.topics.get(t.slug, ()))), t.description)
                                         for t in config.topics))))
    for topic in config.topics:
        slugs = graph.topics.get(topic.slug, ())
        related_countries = tuple(_country_link(scheme, c, n) for c, n in graph.topic_countries.get(topic.slug, ()))
        yield from (_term_pages(inputs, items, "topic", topic.label, topic.description or f"Briefings on {topic.label.lower()}.",
                                slugs, lambda p, s=topic.slug: scheme.topic(s, p), scheme.feed("topic", topic.slug),
                                related_countries, (), Markup(""), page))

    # Countries
    by_region: dict[str, list[Link]] = {}
    for code, slugs in graph.countries.items():
        country = country_by_code(code)
        by_region.setdefault(country.region, []).append(Link(country.name, scheme.country(country.slug), len(slugs)))
    counts = {code: len(slugs) for code, slugs in graph.countries.items()}
    world = render_world_map(counts, {c: scheme.link(scheme.countries(), scheme.country(country_by_code(c).slug)) for c in counts},
                             {c: country_by_code(c).name for c in counts}, f"Map of coverage: {config.title}")
    yield (PageJob(scheme.countries(), "countries.html",
                        page(scheme.countries(), "countries", "Countries", f"All countries covered by {config.title}, by region."),
                        CountriesView(tuple((r, tuple(sorted(links, key=lambda l: l.label))) for r, links in sorted(by_region.items())),
                                      Markup(world), len(counts))))
    for code, slugs in graph.countries.items():
        country = country_by_code(code)
        related_countries = tuple(_country_link(scheme, c, n) for c, n in graph.country_cooccurring.get(code, ()))
        related_topics = tuple(Link(topic_labels[t], scheme.topic(t), n) for t, n in graph.country_topics.get(code, ()))
        location = Markup(render_location_map(code, country.name))
        yield from (_term_pages(inputs, items, "country", country.name,
                                f"Briefings on {country.name}: the latest news, open questions and sources.",
                                slugs, lambda p, s=country.slug: scheme.country(s, p), scheme.feed("country", country.slug),
                                related_countries, related_topics, location, page))

    # Archive
    years = tuple(
        (Link(str(year), scheme.archive(year), sum(len(s) for s in months.values())),
         tuple(Link(MONTHS[m - 1], scheme.archive(year, m), len(s)) for m, s in months.items()))
        for year, months in sorted(inputs.graph.archive.items(), reverse=True))
    yield (PageJob(scheme.archive(), "archive.html",
                        page(scheme.archive(), "archive", "Archive", f"Every briefing of {config.title}, by year and month."),
                        ArchiveView("Archive", years, (), None)))
    for year, months in graph.archive.items():
        year_items = tuple(items[s] for m in sorted(months, reverse=True) for s in months[m])
        month_links = tuple(Link(MONTHS[m - 1], scheme.archive(year, m), len(s)) for m, s in months.items())
        url = scheme.archive(year)
        yield (PageJob(url, "archive.html", page(url, "archive", f"Briefings of {year}", f"Every briefing of {year}."),
                            ArchiveView(str(year), ((Link(str(year), url, len(year_items)), month_links),), year_items,
                                        Link("Archive", scheme.archive()))))
        for month, slugs in months.items():
            url = scheme.archive(year, month)
            heading = f"{MONTHS[month - 1]} {year}"
            yield (PageJob(url, "archive.html", page(url, "archive", f"Briefings of {heading}", f"Every briefing of {heading}."),
                                ArchiveView(heading, (), tuple(items[s] for s in slugs), Link(str(year), scheme.archive(year)))))

    yield (PageJob(scheme.search(), "search.html",
                        page(scheme.search(), "search", "Search", f"Search the briefings of {config.title}."),
                        SearchView(searchable=bool(graph.order))))
    yield (PageJob("404.html", "404.html",
                        page("404.html", "404", "Page not found", "This page does not exist.", root_relative=True, noindex=True),
                        EmptyView()))


def _country_link(scheme: UrlScheme, code: str, count: int) -> Link:
    country = country_by_code(code)
    return Link(country.name, scheme.country(country.slug), count)


def _term_pages(inputs: RenderInputs, items: Mapping[str, BriefingItem], kind: str, name: str, description: str,
                slugs: Sequence[str], url_of: Any, feed_url: str, related_countries: tuple[Link, ...],
                related_topics: tuple[Link, ...], location: Markup, page: Any) -> list[PageJob]:
    per_page = inputs.config.items_per_page
    pages = page_count(len(slugs), per_page)
    as_of = inputs.briefings[slugs[0]].date if slugs else None
    timeline = Markup(render_timeline([inputs.briefings[s].date for s in slugs], f"Briefings on {name}"))
    questions: tuple[tuple[str, BriefingRef], ...] = ()
    sources: tuple[SourceRef, ...] = ()
    if kind == "country":  # a country page is a dossier (issue 4): questions and sources of its briefings
        questions = tuple((q, BriefingRef(items[s].url, items[s].title, items[s].date)) for s in slugs[:DOSSIER_BRIEFINGS] for q in inputs.briefings[s].questions)[:DOSSIER_ITEMS]
        seen: set[tuple[str, str | None]] = set()
        cited = []
        for s in slugs[:DOSSIER_BRIEFINGS]:
            for source in inputs.briefings[s].sources:
                key = (source.title, source.url)
                if key not in seen:
                    seen.add(key)
                    cited.append(source)
        sources = tuple(cited[:DOSSIER_ITEMS])
    jobs = []
    page_urls = tuple(url_of(p) for p in range(1, pages + 1))
    for number in range(1, pages + 1):
        url = url_of(number)
        chunk = tuple(items[s] for s in slugs[(number - 1) * per_page: number * per_page])
        pagination = Pagination(number, pages, url_of(number - 1) if number > 1 else None,
                                url_of(number + 1) if number < pages else None, page_urls)
        title = name if number == 1 else f"{name} (page {number} of {pages})"
        first = number == 1  # the map, timeline and dossier are shown once, not on every page
        view = TermView(kind, name, description, chunk, len(slugs), pagination, feed_url, as_of,
                        related_countries if first else (), related_topics if first else (),
                        location if first else Markup(""), timeline if first else Markup(""),
                        questions if first else (), sources if first else ())
        jobs.append(PageJob(url, "term.html", page(url, kind, title, description, (Link(f"{inputs.config.title}: {name}", feed_url),)), view))
    return jobs


def _item(inputs: RenderInputs, slug: str) -> BriefingItem:
    b = inputs.briefings[slug]
    scheme = inputs.scheme
    labels = {t.slug: t.label for t in inputs.config.topics}
    countries = tuple(_country_link(scheme, c, 0) for c in b.countries)
    return BriefingItem(
        slug=slug, url=scheme.briefing(slug), title=b.title, date=b.date,
        summary=b.summary or _shorten(inputs.bodies[slug].first_paragraph, 300),
        countries=countries,
        topics=tuple(Link(labels[t], scheme.topic(t)) for t in b.topics),
    )


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


_PLACEHOLDER_RE = re.compile(r'<a class="wikilink" href="briefgen:(briefing|country|topic)/([^"]+)">(' + re.escape(TITLE_PLACEHOLDER) + r")?")


def resolve_links(body_html: str, *, slug_url: str, inputs: RenderInputs) -> str:
    """Turn ``briefgen:kind/target`` placeholders into relative links with titles."""
    scheme = inputs.scheme

    def replace(match: re.Match[str]) -> str:
        kind, target, needs_text = match.group(1), html.unescape(match.group(2)), match.group(3)
        if kind == "briefing":
            briefing = inputs.briefings.get(target)
            if briefing is None:  # a draft left out of this build
                return '<a class="wikilink wikilink-missing">' + (html.escape(target) if needs_text else "")
            url, text = scheme.briefing(target), briefing.title
        elif kind == "country":
            country = country_by_code(target)
            url, text = scheme.country(country.slug), country.name
        else:
            labels = {t.slug: t.label for t in inputs.config.topics}
            url, text = scheme.topic(target), labels.get(target, target)
        return f'<a class="wikilink" href="{html.escape(scheme.link(slug_url, url))}">' + (html.escape(text) if needs_text else "")

    return _PLACEHOLDER_RE.sub(replace, body_html)


# ---------------------------------------------------------------- rendering

@lru_cache(maxsize=4)
def make_environment(template_dirs: tuple[str, ...]) -> jinja2.Environment:
    """One Jinja environment per template search path (per process)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(template_dirs)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["isodate"] = lambda d: d.isoformat()
    env.filters["longdate"] = lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    env.globals["href"] = _href
    env.globals["asset"] = _asset
    return env


@jinja2.pass_context
def _href(context: Any, url: str) -> str:
    page: Page = context["page"]
    if page.root_relative:
        return str(context["scheme"].root_relative(url))
    return str(context["scheme"].link(page.url, url))


@jinja2.pass_context
def _asset(context: Any, name: str) -> str:
    return str(_href(context, f"assets/{name}"))


class TemplateProblem(BriefgenError):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def render_page(job: PageJob, env: jinja2.Environment, site: SiteView, scheme: UrlScheme, site_root: Path) -> OutputFile:
    """Render one page; template errors become a Problem naming ``templates/x.html:LINE``."""
    try:
        template = env.get_template(job.template)
        text = template.render(page=job.page, view=job.view, site=site, scheme=scheme)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(Problem(Location(_template_path(exc.filename, site_root), exc.lineno), f"template error: {exc.message}")) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(Problem(Location(f"templates/{job.template}"), f"template not found: {exc.name}")) from exc
    except Exception as exc:  # noqa: BLE001 - any error inside a template is the template's problem
        where = _template_frame(exc, site_root)
        raise TemplateProblem(Problem(where, f"template error: {type(exc).__name__}: {exc}")) from exc
    return OutputFile(UrlScheme.output_path(job.url), text.encode("utf-8"))


def _template_path(filename: str | None, site_root: Path) -> str:
    """``templates/x.html`` for the site's own templates; ``theme: templates/x.html`` for the
    default theme's (which the user's site does not have a copy of)."""
    if not filename:
        return "templates"
    path = Path(filename).resolve()
    for root, label in ((site_root.resolve(), ""), (default_theme_dir().resolve(), "theme: templates/")):
        try:
            return label + path.relative_to(root).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _template_frame(exc: BaseException, site_root: Path) -> Location:
    """The innermost template frame of a runtime error: where the template went wrong."""
    for frame, line in reversed(list(traceback.walk_tb(exc.__traceback__))):
        filename = frame.f_code.co_filename
        if filename.endswith(".html") or filename.endswith(".xml"):
            return Location(_template_path(filename, site_root), line)
    return Location("templates")


def site_view(config: SiteConfig, scheme: UrlScheme) -> SiteView:
    return SiteView(config.title, config.description, config.language, scheme.base_url,
                    (Link("Latest", scheme.home()), Link("Topics", scheme.topics()),
                     Link("Countries", scheme.countries()), Link("Archive", scheme.archive()),
                     Link("Search", scheme.search())))

