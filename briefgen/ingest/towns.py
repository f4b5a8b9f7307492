"""Towns the gazetteer does not list, for a story that names no country it knows ("A fire broke out
in Chico on Thursday"): data/cities.tsv holds the towns of 15,000 people or more (GeoNames, CC BY
4.0; scripts/make_cities.py), each name placed in the country of its most populous town.

A town's name is only read where a preposition places something in it ("in Drachten", "near
Stevenage", "à Halle"), never where it is a person's name too ("Halle Berry", "Kobe Bryant"): it
is weak evidence, asked only when the gazetteer found none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from .gazetteer import is_person_at

_CITIES = Path(__file__).parent / "data" / "cities.tsv"
# "in", "near", "outside" in the languages of the pages (also the Nordic "i", Polish "w", Czech "v").
_LOCATIVE = (r"(?:[Ii]n|[Aa]t|near|outside|[Ee]n|[Àà]|[Dd]ans|près de|[Ii]m|bei|aus|nach|[Ee]m|[Nn]a|[Nn]o|"
             r"[Nn]el|vicino a|cerca de|[Bb]ij|[Uu]it|[Ii]|nær|nära|[Ww]|[Vv]e?)")


# Up to four words after the preposition, the first capitalised: looked up longest first.
_AFTER_LOCATIVE = re.compile(r"\b" + _LOCATIVE + r" ([A-ZÀ-Þ][\w'’-]*(?: [\w'’-]+){0,3})")


# A town named once must be a big one: a small town's name is often a small town's elsewhere too
# (a Swedish "Berga" is not the Spanish town of the table).
_NAMED_ONCE_MIN_THOUSANDS = 50


@lru_cache(maxsize=1)
def _towns() -> dict[str, tuple[str, int]]:
    """Name -> (country, population in thousands)."""
    table: dict[str, tuple[str, int]] = {}
    for line in _CITIES.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, code, thousands = line.split("\t")
            table[name] = (code, int(thousands))
    return table


def _town_at(words: list[str], table: dict[str, tuple[str, int]]) -> str | None:
    """The longest town name the words start with, if the word after it does not go on with a
    capital ("in Bath Road" is a street)."""
    for size in range(len(words), 0, -1):
        name = " ".join(words[:size])
        if name in table and (size == len(words) or not words[size][:1].isupper()):
            return name
    return None


def town_country(title: str | None, paragraphs: Sequence[str]) -> tuple[str, ...]:
    """The country of the towns the story places itself in (the most named; the first on a tie)."""
    text = "\n\n".join([title or "", *paragraphs])
    table = _towns()
    named: Counter[str] = Counter()
    person: dict[str, bool] = {}  # a name is a person's anywhere on the page: looked up once per name
    for match in _AFTER_LOCATIVE.finditer(text):
        name = _town_at(match.group(1).split(" "), table)
        if name is None:
            continue
        if name not in person:
            person[name] = any(is_person_at(text, m.start(), m.end())
                               for m in re.finditer(rf"\b{re.escape(name)}\b", text))
        if not person[name]:
            named[name] += 1
    votes: Counter[str] = Counter()
    for name, times in named.items():
        code, thousands = table[name]
        if times >= 2 or thousands >= _NAMED_ONCE_MIN_THOUSANDS:
            votes[code] += times
    return (votes.most_common(1)[0][0],) if votes else ()
