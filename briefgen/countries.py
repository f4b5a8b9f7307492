"""Country names, aliases and codes → ``Country``: ISO 3166-1 plus historic states (ISO 3166-3).

pycountry holds the ISO data; this module adds the names news actually uses ("UK", "Britain",
"South Korea", "Ivory Coast", "Russia") and readable display names, because an index page
titled "Korea, Republic of" or a URL ``/countries/russian-federation/`` is not what readers expect.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pycountry

from .errors import did_you_mean
from .model import Country

# Display names where ISO's name is not the one newsrooms use.
DISPLAY_NAMES: dict[str, str] = {
    "BN": "Brunei", "BO": "Bolivia", "CD": "DR Congo", "CG": "Republic of the Congo",
    "CI": "Ivory Coast", "CV": "Cape Verde", "FM": "Micronesia", "GB": "United Kingdom",
    "IR": "Iran", "KP": "North Korea", "KR": "South Korea", "LA": "Laos", "MD": "Moldova",
    "PS": "Palestine", "RU": "Russia", "SY": "Syria", "TW": "Taiwan", "TZ": "Tanzania",
    "US": "United States", "VA": "Vatican City", "VE": "Venezuela", "VN": "Vietnam",
    "TR": "Turkey", "SZ": "Eswatini", "MK": "North Macedonia", "BQ": "Caribbean Netherlands",
    "SH": "Saint Helena", "MF": "Saint Martin", "SX": "Sint Maarten", "FK": "Falkland Islands",
    "VG": "British Virgin Islands", "VI": "US Virgin Islands", "KN": "Saint Kitts and Nevis",
    "XK": "Kosovo",
}

# Aliases used in news copy and by people typing front matter (lower-cased on lookup).
ALIASES: dict[str, str] = {
    "uk": "GB", "u.k.": "GB", "britain": "GB", "great britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "usa": "US", "u.s.": "US", "u.s.a.": "US", "us": "US", "america": "US",
    "united states of america": "US", "the united states": "US",
    "russia": "RU", "south korea": "KR", "korea, south": "KR", "republic of korea": "KR",
    "north korea": "KP", "dprk": "KP", "ivory coast": "CI", "cote d'ivoire": "CI",
    "czech republic": "CZ", "czechia": "CZ", "turkey": "TR", "turkiye": "TR",
    "iran": "IR", "syria": "SY", "vietnam": "VN", "laos": "LA", "taiwan": "TW",
    "palestine": "PS", "palestinian territories": "PS", "vatican": "VA", "vatican city": "VA",
    "holy see": "VA", "burma": "MM", "myanmar": "MM", "drc": "CD", "dr congo": "CD",
    "democratic republic of the congo": "CD", "democratic republic of congo": "CD",
    "congo-kinshasa": "CD", "congo-brazzaville": "CG", "republic of the congo": "CG",
    "east timor": "TL", "swaziland": "SZ", "macedonia": "MK", "cape verde": "CV",
    "holland": "NL", "the netherlands": "NL", "moldova": "MD", "bolivia": "BO",
    "venezuela": "VE", "tanzania": "TZ", "brunei": "BN", "micronesia": "FM",
    "the gambia": "GM", "gambia": "GM", "the bahamas": "BS", "bahamas": "BS",
    "uae": "AE", "emirates": "AE", "kosovo": "XK", "xk": "XK",
    "soviet union": "SUHH", "ussr": "SUHH", "su": "SUHH",
    "czechoslovakia": "CSHH", "yugoslavia": "YUCS", "yu": "YUCS",
    "east germany": "DDDE", "german democratic republic": "DDDE", "dd": "DDDE",
    "serbia and montenegro": "CSXX", "zaire": "ZRCD", "rhodesia": "RHZW",
}

HISTORIC_NAMES: dict[str, str] = {
    "SUHH": "Soviet Union", "CSHH": "Czechoslovakia", "YUCS": "Yugoslavia",
    "DDDE": "East Germany", "CSXX": "Serbia and Montenegro", "ZRCD": "Zaire",
    "RHZW": "Rhodesia", "BUMM": "Burma (1974-1989)", "DYBJ": "Dahomey", "HVBF": "Upper Volta",
    "TPTL": "East Timor (1975-2002)", "VDVN": "North Vietnam", "YDYE": "South Yemen",
    "ANHH": "Netherlands Antilles", "BYAA": "Byelorussian SSR", "SKIN": "Sikkim",
    "NHVU": "New Hebrides", "GEHH": "Gilbert and Ellice Islands",
}
HISTORIC_REGIONS: dict[str, str] = {
    "SUHH": "Europe", "CSHH": "Europe", "YUCS": "Europe", "DDDE": "Europe", "CSXX": "Europe",
    "ZRCD": "Africa", "RHZW": "Africa", "BUMM": "Asia", "DYBJ": "Africa", "HVBF": "Africa",
    "TPTL": "Asia", "VDVN": "Asia", "YDYE": "Asia", "ANHH": "Americas", "BYAA": "Europe",
    "SKIN": "Asia", "NHVU": "Oceania", "GEHH": "Oceania",
}


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphen-separated: 'Côte d'Ivoire' → 'cote-d-ivoire'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _fold(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", ascii_text.strip().lower())


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    path = Path(__file__).parent / "data" / "regions.json"
    try:
        data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    return data


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Country], dict[str, str]]:
    """(code → Country, folded name/alias/code → code), built once per process."""
    regions = _regions()
    by_code: dict[str, Country] = {}
    lookup: dict[str, str] = {}
    for record in pycountry.countries:
        code = record.alpha_2
        name = DISPLAY_NAMES.get(code) or getattr(record, "common_name", None) or record.name
        by_code[code] = Country(code, name, slugify(name), regions.get(code, "Other"))
        for label in (code, record.alpha_3, record.name, name,
                      getattr(record, "common_name", None), getattr(record, "official_name", None)):
            if label:
                lookup.setdefault(_fold(label), code)
    by_code["XK"] = Country("XK", "Kosovo", "kosovo", regions.get("XK", "Europe"))
    for record in pycountry.historic_countries:
        code = record.alpha_4
        name = HISTORIC_NAMES.get(code) or record.name.split(",")[0]
        by_code[code] = Country(code, name, slugify(name), HISTORIC_REGIONS.get(code, "Other"), historic=True)
        lookup.setdefault(_fold(code), code)
        lookup.setdefault(_fold(name), code)
    for alias, code in ALIASES.items():
        lookup[_fold(alias)] = code
    return by_code, lookup


def country_by_code(code: str) -> Country:
    """The Country for a code that resolve_country() returned."""
    return _table()[0][code]


def all_countries() -> tuple[Country, ...]:
    return tuple(sorted(_table()[0].values(), key=lambda c: c.code))


def resolve_country(text: str) -> Country | None:
    """A code, name or alias → Country, or None when nothing matches."""
    by_code, lookup = _table()
    folded = _fold(text)
    code = lookup.get(folded)
    if code is None and len(text.strip()) == 2 and text.strip().isupper():
        code = text.strip() if text.strip() in by_code else None
    return by_code.get(code) if code else None


def suggest_country(text: str) -> str | None:
    """A did-you-mean hint for an unknown country."""
    by_code, lookup = _table()
    hint = did_you_mean(text, [c.name for c in by_code.values() if not c.historic])
    return hint or did_you_mean(_fold(text), list(lookup))
