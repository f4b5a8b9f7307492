"""``SiteGraph`` + briefings + rendered bodies → ``PageJob`` per page → ``OutputFile``.

Planning (``iter_pages``) and rendering (``render_page``) are separate so a build can render
any subset of pages, in any process: a ``PageJob`` holds the page's URL, its template and a
view dataclass (``views``) with exactly what the template may use (the template context is a
contract). Taxonomies' pages (term pages, list pages, a briefing's facets) come from
``taxonomy.TAXONOMIES``.
Jinja2 runs with autoescape and StrictUndefined; only HTML made by ``markup`` and ``worldmap``
is marked safe.
"""

from __future__ import annotations

import html
import re
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .charts import render_timeline
from .config import SiteConfig
from .errors import BriefgenError, Location, Problem
from .graph import page_count, term_ids
from .markup import TITLE_PLACEHOLDER
from .model import OutputFile, SourceRef
from .taxonomy import TAXONOMIES, Taxonomy, by_facet_rank, by_kind, cooccurring_with, taxonomy
from .urls import UrlScheme
from .views import (ArchiveView, Backref, BriefingView, CountriesView, EmptyView, Facet, HomeView, Page, Pagination,
                    Related, SearchView, TermGroup, TermsView, TermView, TopicsView)
# What the build imports from here (the views are defined in views.py).
from .views import BriefingItem as BriefingItem
from .views import BriefingRef as BriefingRef
from .views import Link as Link
from .views import PageJob as PageJob
from .views import RenderInputs as RenderInputs
from .views import SiteView as SiteView
from .worldmap import render_location_map, render_world_map

THEME_PACKAGE_DIR = Path(__file__).parent / "_theme"
THEME_CHECKOUT_DIR = Path(__file__).parent.parent / "templates"


def default_theme_dir() -> Path:
    """The theme inside an installed wheel, else the checkout's top-level ``templates/``."""
    return THEME_PACKAGE_DIR if THEME_PACKAGE_DIR.is_dir() else THEME_CHECKOUT_DIR


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
    feeds = tuple(Link(f"{config.title}: {graph.label(tax, term, config)}", scheme.term_feed(tax.name, tax.vocabulary.slug(term)))
                  for tax in TAXONOMIES if tax.feeds for term in term_ids(tax, b))
    newer, older = graph.newer.get(slug), graph.older.get(slug)
    view = BriefingView(
        item=item,
        body_html=Markup(resolve_links(inputs.html(slug) if inputs.html else body.html, slug_url=scheme.briefing(slug),
                                       inputs=inputs)),
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


def iter_pages(inputs: RenderInputs, items: Mapping[str, BriefingItem] | None = None) -> Iterator[PageJob]:
    """Every page of the site as a PageJob, one at a time (big builds render as they plan)."""
    config, scheme, graph = inputs.config, inputs.scheme, inputs.graph
    items = items if items is not None else briefing_items(inputs, graph.order)
    page = _page_factory(inputs)

    # Home
    yield (PageJob(scheme.home(), "home.html",
                   page(scheme.home(), "home", config.title, config.description),
                   HomeView(latest=tuple(items[s] for s in graph.order[: config.home_items]),
                            groups=tuple(_term_group(inputs, tax) for tax in TAXONOMIES if _listed(inputs, tax)),
                            total=len(graph.order))))

    # Briefings
    for slug in graph.order:
        yield (plan_briefing_page(inputs, slug, items))

    # Taxonomies: a list page each, a page (or pages) per term
    for tax in TAXONOMIES:
        if not _listed(inputs, tax):
            continue
        template, list_view = LIST_PAGES[tax.list_page]
        url = scheme.terms(tax.name)
        yield PageJob(url, template, page(url, tax.name, tax.plural, tax.list_description.format(site=config.title)),
                      list_view(inputs, tax))
        for term, slugs in graph.terms[tax.name].items():
            yield from _term_pages(inputs, items, tax, term, slugs, page)

    yield from _archive_pages(inputs, items, page)
    yield (PageJob(scheme.search(), "search.html",
                        page(scheme.search(), "search", "Search", f"Search the briefings of {config.title}."),
                        SearchView(searchable=bool(graph.order))))
    yield (PageJob("404.html", "404.html",
                        page("404.html", "404", "Page not found", "This page does not exist.", root_relative=True, noindex=True),
                        EmptyView()))


def _archive_pages(inputs: RenderInputs, items: Mapping[str, BriefingItem], page: Any) -> Iterator[PageJob]:
    """The archive: one page listing every year and month, then a page per year and per month."""
    config, scheme, graph = inputs.config, inputs.scheme, inputs.graph
    years = tuple(
        (Link(str(year), scheme.archive(year), sum(len(s) for s in months.values())),
         tuple(Link(MONTHS[m - 1], scheme.archive(year, m), len(s)) for m, s in months.items()))
        for year, months in sorted(graph.archive.items(), reverse=True))
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


HOME_TERMS = 12  # terms of each taxonomy in the home page's sidebar


def _listed(inputs: RenderInputs, tax: Taxonomy) -> bool:
    """Whether a taxonomy has a list page: always for topics and countries, else once it has terms."""
    return tax.always_listed or bool(inputs.graph.terms[tax.name])


def term_link(inputs: RenderInputs, tax: Taxonomy, term: str, count: int = 0) -> Link:
    """A link to a term's page, labelled with its display name."""
    return Link(inputs.graph.label(tax, term, inputs.config), inputs.scheme.term(tax.name, tax.vocabulary.slug(term)), count)


def _term_group(inputs: RenderInputs, tax: Taxonomy) -> TermGroup:
    used = sorted(((len(slugs), term) for term, slugs in inputs.graph.terms[tax.name].items() if slugs),
                  key=lambda x: (-x[0], x[1]))
    links = tuple(term_link(inputs, tax, term, n) for n, term in used[:HOME_TERMS])
    return TermGroup(tax.name, tax.plural, links, Link(tax.all_label, inputs.scheme.terms(tax.name)))


def _described_terms(inputs: RenderInputs, tax: Taxonomy) -> TopicsView:
    """Every term in its configured order, with its description (topics)."""
    return TopicsView(tuple((term_link(inputs, tax, term, len(slugs)), tax.vocabulary.description(term, inputs.config))
                            for term, slugs in inputs.graph.terms[tax.name].items()))


def _terms_by_region(inputs: RenderInputs, tax: Taxonomy) -> CountriesView:
    """Terms by group (countries by region), under a world map shaded by the number of briefings."""
    scheme, graph = inputs.scheme, inputs.graph
    by_region: dict[str, list[Link]] = {}
    for code, slugs in graph.terms[tax.name].items():
        by_region.setdefault(tax.vocabulary.group(code), []).append(term_link(inputs, tax, code, len(slugs)))
    counts = {code: len(slugs) for code, slugs in graph.terms[tax.name].items()}
    world = render_world_map(counts, {c: scheme.link(scheme.terms(tax.name), scheme.term(tax.name, tax.vocabulary.slug(c))) for c in counts},
                             {c: graph.label(tax, c, inputs.config) for c in counts}, f"Map of coverage: {inputs.config.title}")
    return CountriesView(tuple((r, tuple(sorted(links, key=lambda l: l.label))) for r, links in sorted(by_region.items())),
                         Markup(world), len(counts))


def _terms_by_name(inputs: RenderInputs, tax: Taxonomy) -> TermsView:
    """Every term, by name."""
    links = sorted((term_link(inputs, tax, term, len(slugs)) for term, slugs in inputs.graph.terms[tax.name].items()),
                   key=lambda l: (l.label.casefold(), l.url))
    count = len(links)
    return TermsView(tax.plural, f"{count} {(tax.singular if count == 1 else tax.plural).lower()} named in the briefings.",
                     tuple(links))


# How a taxonomy's list page looks (Taxonomy.list_page): its template and view.
LIST_PAGES: dict[str, tuple[str, Callable[[RenderInputs, Taxonomy], Any]]] = {
    "described": ("topics.html", _described_terms),
    "regions": ("countries.html", _terms_by_region),
    "alphabetical": ("terms.html", _terms_by_name),
}


def _term_pages(inputs: RenderInputs, items: Mapping[str, BriefingItem], tax: Taxonomy, term: str,
                slugs: Sequence[str], page: Any) -> list[PageJob]:
    config, scheme, graph = inputs.config, inputs.scheme, inputs.graph
    name = graph.label(tax, term, config)
    slug = tax.vocabulary.slug(term)
    description = tax.vocabulary.description(term, config) or tax.term_description.format(name=name, lower=name.lower())
    feed_url = scheme.term_feed(tax.name, slug) if tax.feeds else None
    cooccurring = graph.cooccurring[tax.name].get(term, {})
    related = tuple(Related(other.name, "Often with" if other is tax else other.plural, other.plural,
                            tuple(term_link(inputs, other, t, n) for t, n in cooccurring[other.name]))
                    for other in cooccurring_with(tax) if cooccurring.get(other.name))
    location = Markup(render_location_map(term, name)) if tax.location_map else Markup("")
    per_page = config.items_per_page
    pages = page_count(len(slugs), per_page)
    as_of = inputs.briefings[slugs[0]].date if slugs else None
    timeline = Markup(render_timeline([inputs.briefings[s].date for s in slugs], f"Briefings on {name}"))
    questions: tuple[tuple[str, BriefingRef], ...] = ()
    sources: tuple[SourceRef, ...] = ()
    if tax.dossier:  # a country page is a dossier (issue 4): questions and sources of its briefings
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
    index = Link(tax.plural, scheme.terms(tax.name))
    feeds = (Link(f"{config.title}: {name}", feed_url),) if feed_url else ()
    jobs = []
    page_urls = tuple(scheme.term(tax.name, slug, p) for p in range(1, pages + 1))
    for number in range(1, pages + 1):
        url = page_urls[number - 1]
        chunk = tuple(items[s] for s in slugs[(number - 1) * per_page: number * per_page])
        pagination = Pagination(number, pages, page_urls[number - 2] if number > 1 else None,
                                page_urls[number] if number < pages else None, page_urls)
        title = name if number == 1 else f"{name} (page {number} of {pages})"
        first = number == 1  # the map, timeline and dossier are shown once, not on every page
        view = TermView(tax.kind, tax.singular, index, name, description, chunk, len(slugs), pagination, feed_url, as_of,
                        related if first else (), location if first else Markup(""), timeline if first else Markup(""),
                        questions if first else (), sources if first else ())
        jobs.append(PageJob(url, "term.html", page(url, tax.kind, title, description, feeds), view))
    return jobs


def _item(inputs: RenderInputs, slug: str) -> BriefingItem:
    b = inputs.briefings[slug]
    scheme = inputs.scheme
    facets = tuple(Facet(tax.name, tax.plural, tax.kind, tuple(term_link(inputs, tax, t) for t in term_ids(tax, b)))
                   for tax in by_facet_rank() if tax.keys_of(b))
    return BriefingItem(
        slug=slug, url=scheme.briefing(slug), title=b.title, date=b.date,
        summary=b.summary or _shorten(inputs.bodies[slug].first_paragraph, 300),
        facets=facets,
        listed=tuple(link for facet in facets if taxonomy(facet.name).in_lists for link in facet.links),
    )


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


_PLACEHOLDER_RE = re.compile(r'<a class="wikilink" href="briefgen:(briefing|' + "|".join(t.kind for t in TAXONOMIES)
                             + r')/([^"]+)">(' + re.escape(TITLE_PLACEHOLDER) + r")?")


def resolve_links(body_html: str, *, slug_url: str, inputs: RenderInputs) -> str:
    """Turn ``briefgen:kind/target`` placeholders into relative links with titles."""
    scheme = inputs.scheme

    def replace(match: re.Match[str]) -> str:
        kind, target, needs_text = match.group(1), html.unescape(match.group(2)), match.group(3)
        tax = by_kind(kind)
        if tax is None:
            briefing = inputs.briefings.get(target)
            if briefing is None:  # a draft left out of this build
                return '<a class="wikilink wikilink-missing">' + (html.escape(target) if needs_text else "")
            url, text = scheme.briefing(target), briefing.title
        else:
            link = term_link(inputs, tax, target)
            url, text = link.url, link.label
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
    return str(_href(context, context["scheme"].asset(name)))


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
                    (Link("Latest", scheme.home()),
                     *(Link(tax.plural, scheme.terms(tax.name)) for tax in TAXONOMIES if tax.nav),
                     Link("Archive", scheme.archive()), Link("Search", scheme.search())))

