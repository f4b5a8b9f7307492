"""``briefgen.toml`` → ``SiteConfig``: validated settings, each with a default.

tomllib reports syntax errors with a line; unknown keys and wrong types are found here and
located by scanning the source under the key's table header, so every problem names
``briefgen.toml:LINE``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import Location, Problem, did_you_mean
from .records import fast_pickle

CONFIG_NAME = "briefgen.toml"

@fast_pickle
@dataclass(frozen=True, slots=True)
class TopicDef:
    """One topic of the site's taxonomy."""

    slug: str
    label: str
    description: str = ""
    iptc: str | None = None  # IPTC Media Topic QCode, e.g. "medtop:11000000"

# The default world-affairs taxonomy (issue 3). Where IPTC has no exact term for our topic,
# the code is that of the Media Topic branch it falls under.
DEFAULT_TOPICS: tuple[TopicDef, ...] = (
    TopicDef("diplomacy", "Diplomacy", "Relations between states: talks, treaties, envoys, sanctions.", "medtop:11000000"),
    TopicDef("conflict", "Conflict and security", "War, armed conflict, terrorism, defence and military affairs.", "medtop:16000000"),
    TopicDef("intelligence", "Intelligence", "Spies, intelligence services, espionage and defections.", "medtop:16000000"),
    TopicDef("politics", "Politics and elections", "Governments, parties, leaders, elections and referendums.", "medtop:11000000"),
    TopicDef("economy", "Economy and trade", "Markets, trade, finance, business, jobs and development.", "medtop:04000000"),
    TopicDef("energy", "Energy", "Oil, gas, power, nuclear energy and renewables.", "medtop:04000000"),
    TopicDef("environment", "Environment and climate", "Climate change, pollution, conservation and weather extremes.", "medtop:06000000"),
    TopicDef("health", "Health", "Disease, epidemics, health care and public health.", "medtop:07000000"),
    TopicDef("technology", "Technology and cyber", "Technology, the internet, cyber attacks and telecoms.", "medtop:13000000"),
    TopicDef("law", "Law and justice", "Courts, crime, policing, arrests and trials.", "medtop:02000000"),
    TopicDef("human-rights", "Human rights", "Civil liberties, minority rights, press freedom and abuses.", "medtop:14000000"),
    TopicDef("migration", "Migration", "Refugees, asylum, migration and borders.", "medtop:14000000"),
    TopicDef("disasters", "Disasters", "Earthquakes, tsunamis, floods, accidents and relief efforts.", "medtop:03000000"),
    TopicDef("society", "Society and culture", "Religion, education, culture, media and social affairs.", "medtop:14000000"),
    TopicDef("sport", "Sport", "Sport and sporting events.", "medtop:15000000"),
    TopicDef("science", "Science", "Research, space and discoveries.", "medtop:13000000"),
)

@fast_pickle
@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Validated site settings. Every field has a default, so an empty ``briefgen.toml`` works."""

    title: str = "Briefings"
    """Site title, shown in the header and feeds."""
    description: str = "Briefings on world events."
    """One sentence about the site, for the home page and meta description."""
    language: str = "en"
    """BCP 47 language tag for ``<html lang>``."""
    base_url: str = ""
    """Absolute URL the site is published at, e.g. ``https://user.github.io/repo/``. Empty: not known
    yet; pages still work anywhere (links are relative) and feeds use http://localhost:8000/."""
    author: str = ""
    """Default author of briefings, used in feeds."""
    items_per_page: int = 20
    """Briefings per index page (topics, countries, archive)."""
    home_items: int = 10
    """Briefings listed on the home page."""
    allow_html: bool = False
    """Allow raw HTML in hand-written briefing bodies (it is sanitised)."""
    pretty_urls: bool = False
    """Links end in ``/`` instead of ``/index.html``: nicer addresses, but the site then needs a
    web server (opened from disk, a browser shows folder listings)."""
    topics: tuple[TopicDef, ...] = DEFAULT_TOPICS
    """The topic taxonomy; ``[[topics]]`` tables replace the default."""
    source_path: str = CONFIG_NAME

    @property
    def topic_slugs(self) -> tuple[str, ...]:
        return tuple(t.slug for t in self.topics)

    def topic(self, slug: str) -> TopicDef:
        for t in self.topics:
            if t.slug == slug:
                return t
        raise KeyError(slug)

    def fingerprint(self) -> str:
        """A stable string that changes whenever any setting changes (for caches)."""
        return repr(self)

_SCALARS: dict[str, type] = {
    "title": str,
    "description": str,
    "language": str,
    "base_url": str,
    "author": str,
    "items_per_page": int,
    "home_items": int,
    "allow_html": bool,
    "pretty_urls": bool,
}
_TOPIC_KEYS: dict[str, type] = {"slug": str, "label": str, "description": str, "iptc": str}
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_BASE_URL_RE = re.compile(r"https?://[^/\s]+(/\S*)?")

# A well-formed BCP 47 language tag (RFC 5646, section 2.1): language[-script][-region]
# *[-variant] *[-extension] [-privateuse], a private-use tag, or a grandfathered one. Checked
# because Pagefind panics on a long tag without saying which setting is wrong (issue 12).
_LANGTAG = (r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})"  # language, with up to three extlang
            r"(?:-[a-z]{4})?"  # script
            r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
            r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"  # variants
            r"(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*"  # extensions
            r"(?:-x(?:-[a-z0-9]{1,8})+)?")  # private use
_PRIVATE_USE = r"x(?:-[a-z0-9]{1,8})+"
_GRANDFATHERED = ("en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|"
                  "i-tao|i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de|art-lojban|cel-gaulish|no-bok|no-nyn|"
                  "zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang")
_BCP47_RE = re.compile(f"{_LANGTAG}|{_PRIVATE_USE}|{_GRANDFATHERED}", re.IGNORECASE | re.ASCII)

def is_language_tag(tag: str) -> bool:
    """Whether ``tag`` is a well-formed BCP 47 language tag (not whether its subtags are registered)."""
    return _BCP47_RE.fullmatch(tag) is not None

def base_url_problem(url: str) -> str | None:
    """What is wrong with a base URL (from briefgen.toml or --base-url), or None."""
    return None if _BASE_URL_RE.fullmatch(url) else f"must be an absolute http(s) URL, got '{url}'"

def _key_line(source: str, key: str, table: str | None = None, index: int = 0) -> int | None:
    """The 1-based line where ``key`` is set, under ``[table]`` / the index-th ``[[table]]``."""
    current: str | None = None
    seen = -1
    for number, raw in enumerate(source.splitlines(), 1):
        line = raw.strip()
        header = re.match(r"^\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?", line)
        if header:
            current = header.group(1)
            if current == table:
                seen += 1
                if key == "" and seen == index:
                    return number
            continue
        if current == table and (table is None or seen == index) and re.match(rf"^\"?{re.escape(key)}\"?\s*=", line):
            return number
    return None

def _type_name(kind: type) -> str:
    return {str: "a string", int: "an integer", bool: "true or false"}[kind]

def _check(value: Any, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)

def parse_config(source: str, path: str = CONFIG_NAME) -> tuple[SiteConfig, list[Problem]]:
    """Parse TOML text into a SiteConfig; problems name the file and line."""
    problems: list[Problem] = []
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        return SiteConfig(source_path=path), [Problem(Location(path, line), f"invalid TOML: {message}")]

    values: dict[str, Any] = {}
    known = set(_SCALARS) | {"topics"}
    for key, value in data.items():
        where = Location(path, _key_line(source, key))
        if key not in known:
            if isinstance(value, dict | list):
                where = Location(path, _key_line(source, "", key))
            problems.append(Problem(where, f"unknown setting '{key}'", did_you_mean(key, known)))
        elif key == "topics":
            topics, topic_problems = _parse_topics(value, source, path)
            problems.extend(topic_problems)
            if topics:
                values["topics"] = topics
        elif not _check(value, _SCALARS[key]):
            problems.append(Problem(where, f"'{key}' must be {_type_name(_SCALARS[key])}"))
        else:
            values[key] = value

    problems.extend(_check_values(values, source, path))
    return SiteConfig(source_path=path, **values), problems

def _check_values(values: dict[str, Any], source: str, path: str) -> list[Problem]:
    """Range and format checks of settings of the right type; a wrong value is dropped (default kept)."""
    problems: list[Problem] = []
    if "items_per_page" in values and values["items_per_page"] < 1:
        problems.append(Problem(Location(path, _key_line(source, "items_per_page")), "'items_per_page' must be at least 1"))
        del values["items_per_page"]
    if "home_items" in values and values["home_items"] < 0:
        problems.append(Problem(Location(path, _key_line(source, "home_items")), "'home_items' must not be negative"))
        del values["home_items"]
    language = values.get("language")
    if language is not None and not is_language_tag(language):
        problems.append(Problem(Location(path, _key_line(source, "language")),
                                f"language '{language[:60]}' is not a BCP 47 tag", "for example 'en', 'pt-BR' or 'zh-Hant'"))
        del values["language"]
    base_url = values.get("base_url", "")
    if base_url:
        wrong = base_url_problem(base_url)
        if wrong:
            problems.append(Problem(Location(path, _key_line(source, "base_url")), f"base_url {wrong}"))
            del values["base_url"]
        elif not base_url.endswith("/"):
            values["base_url"] = base_url + "/"
    return problems

def _parse_topics(value: Any, source: str, path: str) -> tuple[tuple[TopicDef, ...], list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        line = _key_line(source, "topics") or _key_line(source, "", "topics")
        return (), [Problem(Location(path, line), "'topics' must be a list of [[topics]] tables")]
    topics: list[TopicDef] = []
    seen: set[str] = set()
    for index, table in enumerate(value):
        header_line = _key_line(source, "", "topics", index)
        ok = True
        for key, item in table.items():
            line = _key_line(source, key, "topics", index) or header_line
            if key not in _TOPIC_KEYS:
                problems.append(Problem(Location(path, line), f"unknown topic setting '{key}'", did_you_mean(key, _TOPIC_KEYS)))
                ok = False
            elif not isinstance(item, str):
                problems.append(Problem(Location(path, line), f"topic '{key}' must be a string"))
                ok = False
        slug = table.get("slug")
        if not isinstance(slug, str) or not slug:
            problems.append(Problem(Location(path, header_line), "topic needs a 'slug'"))
            continue
        if not _SLUG_RE.match(slug):
            problems.append(Problem(Location(path, _key_line(source, "slug", "topics", index) or header_line),
                                    f"topic slug '{slug}' must be lower-case letters, digits and hyphens"))
            continue
        if slug in seen:
            problems.append(Problem(Location(path, _key_line(source, "slug", "topics", index) or header_line),
                                    f"duplicate topic '{slug}'"))
            continue
        seen.add(slug)
        if ok:
            label = table.get("label") or slug.replace("-", " ").capitalize()
            topics.append(TopicDef(slug, label, table.get("description", ""), table.get("iptc")))
    return tuple(topics), problems

def load_config(site_dir: Path) -> tuple[SiteConfig, list[Problem]]:
    """Read ``briefgen.toml`` from the site root; a missing file means all defaults."""
    file = site_dir / CONFIG_NAME
    if not file.is_file():
        return SiteConfig(), []
    try:
        source = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return SiteConfig(), [Problem(Location(CONFIG_NAME), "not valid UTF-8 text")]
    return parse_config(source, CONFIG_NAME)

def with_overrides(config: SiteConfig, **changes: Any) -> SiteConfig:
    """A copy of ``config`` with some fields replaced (command-line options)."""
    names = {f.name for f in fields(SiteConfig)}
    current = {name: getattr(config, name) for name in names}
    current.update({k: v for k, v in changes.items() if v is not None})
    return SiteConfig(**current)
