"""The kinds of term a briefing is filed under (topics, countries...), as one table of data.

Takes nothing but the site's config (a topic's name comes from it); gives, for each taxonomy,
how a front-matter value or a wikilink names one of its terms, and that term's id, URL slug and
display name, plus how its pages look. ``load`` (front matter), ``markup`` (wikilinks),
``graph`` (the term index, co-occurrence, related briefings), ``urls`` (pages and feeds),
``render`` (term pages, list pages, a briefing's facets) and ``feeds`` read ``TAXONOMIES`` and
branch on nothing else: adding a taxonomy is a row here and a field of ``Briefing`` and of the
front matter (docs/ARCHITECTURE.md, "Where to add a page kind").

A term has three spellings:

* its *key*, what a ``Briefing`` holds: a country's ISO code, a topic's slug, a name as written;
* its *id*, what the graph indexes, a wikilink placeholder carries and a briefing names once:
  the code, the topic's slug, the slug of a name (two spellings of a name are one term);
* its *slug*, the folder of its page: ``countries/russia/`` for the id ``RU``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .config import SiteConfig
from .countries import country_by_code, resolve_country, slugify, suggest_country
from .errors import did_you_mean

SLUG_SHAPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A name whose slug is longer than this would be a folder name too long for the output (issue 12).
MAX_SLUG_BYTES = 255


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a front-matter value or a wikilink names no term: a problem's message and hint."""

    message: str
    hint: str | None = None


class Vocabulary:
    """How a taxonomy's terms are named, and which exist. Subclasses answer for one kind of term."""

    # True: a wikilink must name a term that has a page (checked by graph once every briefing is
    # loaded); False: any term the vocabulary knows is linked, page or not.
    checks_links = True
    # True: the display name of a term is how briefings spell it (kept by graph), not a lookup.
    named = False

    def parse(self, item: Any, config: SiteConfig) -> str | Rejection:
        """One item of the front-matter list → the term's key."""
        raise NotImplementedError

    def link_target(self, value: str) -> str | Rejection:
        """The text after ``kind:`` in a wikilink → the term's id. Must give a safe path segment."""
        raise NotImplementedError

    def term_id(self, key: str) -> str:
        return key

    def fixed(self, config: SiteConfig) -> tuple[str, ...]:
        """Terms that have a page whatever the briefings say (a site's configured topics)."""
        return ()

    def slug(self, term_id: str) -> str:
        return term_id

    def label(self, term_id: str, config: SiteConfig) -> str:
        """The display name of a term, where it does not depend on the briefings (``named``)."""
        return term_id

    def group(self, term_id: str) -> str:
        """The group a term is listed under on a list page by groups (a country's region)."""
        return ""

    def description(self, term_id: str, config: SiteConfig) -> str:
        """A term's own description (a configured topic's), or "" for the taxonomy's default."""
        return ""


class Countries(Vocabulary):
    """ISO 3166 codes and country names, resolved by ``briefgen.countries``."""

    checks_links = False  # [[country:DE]] links Germany's page even if no briefing has it yet

    def parse(self, item: Any, config: SiteConfig) -> str | Rejection:
        if not isinstance(item, str | int) or isinstance(item, bool):
            return Rejection("a country must be a name or an ISO code")
        country = resolve_country(str(item))
        if country is None:
            return Rejection(f"unknown country '{item}'", suggest_country(str(item)))
        return country.code

    def link_target(self, value: str) -> str | Rejection:
        code, hint = _country_code(value)
        return code if code is not None else Rejection(f"unknown country '{value}'", hint)

    def slug(self, term_id: str) -> str:
        return country_by_code(term_id).slug

    def label(self, term_id: str, config: SiteConfig) -> str:
        return country_by_code(term_id).name

    def group(self, term_id: str) -> str:
        return country_by_code(term_id).region


@lru_cache(maxsize=1024)
def _country_code(value: str) -> tuple[str | None, str | None]:
    """(code, None) or (None, did-you-mean hint). Cached: a hint takes ~3 ms, so a body repeating
    an unknown country 100,000 times took minutes (issue 12)."""
    country = resolve_country(value)
    return (country.code, None) if country else (None, suggest_country(value))


class Topics(Vocabulary):
    """The site's configured topics (``[[topics]]`` in briefgen.toml), by slug or label."""

    def parse(self, item: Any, config: SiteConfig) -> str | Rejection:
        slug = str(item).strip().lower() if isinstance(item, str) else None
        if slug in config.topic_slugs:
            return str(slug)
        labels = {t.label.lower(): t.slug for t in config.topics}
        if slug is not None and slug in labels:
            return labels[slug]
        return Rejection(f"unknown topic '{item}'", did_you_mean(str(item), config.topic_slugs))

    def link_target(self, value: str) -> str | Rejection:
        # Shape is checked here so no placeholder can carry a path ('../'); whether the topic
        # exists is checked against the site's taxonomy later, in graph.
        topic = value.lower()
        if not SLUG_SHAPE.match(topic):
            return Rejection(f"unknown topic '{value}'", "topic slugs are lower-case letters, digits and hyphens")
        return topic

    def fixed(self, config: SiteConfig) -> tuple[str, ...]:
        return config.topic_slugs

    def label(self, term_id: str, config: SiteConfig) -> str:
        for topic in config.topics:
            if topic.slug == term_id:
                return topic.label
        return term_id

    def description(self, term_id: str, config: SiteConfig) -> str:
        for topic in config.topics:
            if topic.slug == term_id:
                return topic.description
        return ""


class Names(Vocabulary):
    """Free names (people, organisations): any name is a term; its slug is its id."""

    named = True

    def __init__(self, noun: str) -> None:
        self.noun = noun  # "person": for messages

    def parse(self, item: Any, config: SiteConfig) -> str | Rejection:
        if not isinstance(item, str) or not item.strip():
            return Rejection(f"{_article(self.noun)} {self.noun} must be a name")
        name = " ".join(item.split())
        slug = name_slug(name)
        if not slug:
            return Rejection(f"{_article(self.noun)} {self.noun} must be a name with letters or digits, got '{name[:80]}'")
        if len(slug.encode()) > MAX_SLUG_BYTES:
            return Rejection(f"{self.noun} name is longer than {MAX_SLUG_BYTES} bytes as a page address")
        return name

    def link_target(self, value: str) -> str | Rejection:
        slug = name_slug(value)
        if not slug or len(slug.encode()) > MAX_SLUG_BYTES:
            return Rejection(f"unknown {self.noun} '{value}'", f"name a {self.noun} as a briefing's front matter does")
        return slug

    def term_id(self, key: str) -> str:
        return name_slug(key)


def name_slug(name: str) -> str:
    """The slug of a name: ASCII where the name has Latin letters ('Recep Tayyip Erdoğan' →
    'recep-tayyip-erdogan'), else its own lower-case letters ('Владимир Путин' → 'владимир-путин')."""
    return slugify(name) or "-".join(re.findall(r"[^\W_]+", name.casefold()))


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """One kind of term: what names it in front matter and wikilinks, where its pages live, how they look."""

    name: str  # the graph's key for its term index, and its list page's kind: "topics"
    field: str  # the front-matter key, and the Briefing attribute holding its keys
    prefix: str  # the URL folder of its pages: "topics" → topics/, topics/<slug>/
    kind: str  # one term: wikilink prefix ([[topic:x]]), page kind, search filter name: "topic"
    singular: str  # "Topic"
    plural: str  # "Topics"
    vocabulary: Vocabulary
    link_hint: str  # how a wikilink names a term, for the "unknown link kind" hint: "[[topic:slug]]"
    term_description: str  # a term page's description when the vocabulary has none: {name}, or {lower} (lower case)
    list_description: str  # its list page's description; {site} is the site's title
    all_label: str  # the link from the home page to its list page
    feeds: bool = True  # an Atom feed per term
    list_page: str = "alphabetical"  # how its list page looks (render.LIST_PAGES): "described", "regions", "alphabetical"
    always_listed: bool = False  # its list page exists (and the nav links it) even with no terms
    nav: bool = False  # in the site's main navigation
    facet_rank: int = 100  # order of the facets on a briefing page and of co-occurring terms on a term page
    in_lists: bool = False  # its terms are shown beside the date in lists of briefings
    cooccur_self: bool = True  # a term's page shows the other terms of this taxonomy found with it
    dossier: bool = False  # a term's page gathers the open questions and sources of its briefings
    location_map: bool = False  # a term's page shows where it is (countries)

    def keys_of(self, briefing: Any) -> tuple[str, ...]:
        """The keys of this taxonomy's terms that a briefing names, in its own order."""
        keys: tuple[str, ...] = getattr(briefing, self.field)
        return keys


TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy("topics", "topics", "topics", "topic", "Topic", "Topics", Topics(), "[[topic:slug]]",
             "Briefings on {lower}.", "All topics covered by {site}.", "All topics",
             list_page="described", always_listed=True, nav=True, facet_rank=1, cooccur_self=False),
    Taxonomy("countries", "countries", "countries", "country", "Country", "Countries", Countries(), "[[country:CODE]]",
             "Briefings on {name}: the latest news, open questions and sources.",
             "All countries covered by {site}, by region.", "All countries and the map",
             list_page="regions", always_listed=True, nav=True, facet_rank=0, in_lists=True, dossier=True,
             location_map=True),
    Taxonomy("people", "people", "people", "person", "Person", "People", Names("person"), "[[person:Name]]",
             "Briefings naming {name}.", "Everyone named in the briefings of {site}.", "All people", facet_rank=2),
    Taxonomy("organisations", "organisations", "organisations", "organisation", "Organisation", "Organisations",
             Names("organisation"), "[[organisation:Name]]", "Briefings naming {name}.",
             "Every organisation named in the briefings of {site}.", "All organisations", facet_rank=3),
)

_BY_NAME = {t.name: t for t in TAXONOMIES}
_BY_KIND = {t.kind: t for t in TAXONOMIES}


def taxonomy(name: str) -> Taxonomy:
    """The taxonomy called ``name`` ("topics")."""
    return _BY_NAME[name]


def by_kind(kind: str) -> Taxonomy | None:
    """The taxonomy whose terms a wikilink or placeholder names with ``kind:`` ("topic"), if any."""
    return _BY_KIND.get(kind)


def by_facet_rank(taxonomies: Sequence[Taxonomy] = TAXONOMIES) -> tuple[Taxonomy, ...]:
    return tuple(sorted(taxonomies, key=lambda t: t.facet_rank))


def cooccurring_with(tax: Taxonomy) -> tuple[Taxonomy, ...]:
    """The taxonomies whose terms a term page of ``tax`` shows as found with it, in facet order."""
    return tuple(t for t in by_facet_rank() if t is not tax or tax.cooccur_self)
