"""Article paragraphs → the people and organisations it names unambiguously (issue 14).

Precision before recall: a person is proposed only when the text gives a title or role right
before the name ("President Viktor Yushchenko", "Sir Richard Moore", "Foreign Minister Sergei
Lavrov"); an organisation only when the text defines its acronym ("British Secret Intelligence
Service (MI6)") or names it with the word that makes it one ("the Russian Foreign Ministry",
"the World Health Organization", "Ministry of Defence"). Names are given as the text spells them,
without the title; a name proposed under two spellings ("Moore", "Richard Moore") is kept once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

MAX_PROPOSED = 6

# Titles and roles that, written before a name, say that the name is a person's.
_TITLES = (
    r"President|Vice[- ]President|Prime Minister|Deputy Prime Minister|PM|Premier|Chancellor|Minister|"
    r"(?:Foreign|Defen[cs]e|Interior|Finance|Health|Justice|Home|Trade|Energy|Economy|Agriculture|Education|"
    r"Transport|Environment|Labou?r|Oil|Information)\s+(?:Minister|Secretary)|Secretary of State|"
    r"(?:Foreign|Home|Defen[cs]e|Health|Treasury|Press|General)\s+Secretary|Secretary[- ]General|Secretary|"
    r"Senator|Sen\.|Representative|Rep\.|Congressman|Congresswoman|Governor|Gov\.|Mayor|Speaker|"
    r"King|Queen|Prince|Princess|Crown Prince|Emperor|Empress|Pope|Cardinal|Archbishop|Bishop|Rabbi|Imam|"
    r"Ayatollah|Sheikh|Emir|Sultan|Sir|Dame|Lord|Lady|Baroness|Dr\.|Doctor|Professor|Prof\.|"
    r"General|Gen\.|Lieutenant General|Lt\.? Gen\.|Major General|Maj\.? Gen\.|Brigadier|Colonel|Col\.|Admiral|"
    r"Adm\.|Commander|Captain|Field Marshal|Marshal|Major|Lieutenant|Ambassador|Envoy|Judge|Justice|Chief Justice|"
    r"Attorney General|Prosecutor|Director|Chief Executive|CEO|Chairman|Chairwoman|Chair|Spokesman|"
    r"Spokeswoman|Spokesperson|Commissioner|Inspector|Superintendent|Detective|Sergeant|Sgt\.|Officer|"
    r"opposition leader|rebel leader|leader|activist|lawyer|journalist|coach|striker|midfielder|"
    r"goalkeeper|captain|singer|actor|actress|author|economist|analyst|scientist|researcher")
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_NAME_WORD = rf"(?:[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)*|[A-Z]\.)"
_PARTICLE = r"(?:de|da|van|von|der|bin|al|el|la|le|di|du|dos|ibn|Ibn|bin|Bin|del)"
_PERSON = re.compile(
    rf"\b(?:{_TITLES})\s+(?P<name>{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?(?:{_NAME_WORD}|al-[A-Z][a-z]+)){{1,3}})"
    r"(?![\w-])")

# Words that end an organisation's name and make it one.
_ORG_HEADS = (
    r"Ministry|Party|Council|Commission|Agency|Organi[sz]ation|Union|Bank|Fund|Court|Parliament|Assembly|"
    r"Congress|Senate|Army|Navy|Air Force|Forces|Police|Service|Committee|Institute|University|Corporation|"
    r"Company|Group|Association|Federation|Front|Movement|Office|Department|Authority|Board|Coalition|"
    r"Alliance|Foundation|Guard|Cross|Crescent|Programme|Program|Secretariat|Tribunal|Reserve|Exchange|"
    r"Network|League|Brigades?|Corps|Unit|Directorate|Bureau|Inc\.|Corp\.|Ltd")
_ORG_WORD = r"(?:[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*|[A-Z]{2,6}|of|for|and|the|on|de)"
_ORGANISATION = re.compile(
    rf"(?<![\w-])(?P<name>(?:[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*|[A-Z]{{2,6}})(?:\s+{_ORG_WORD}){{0,6}}?\s+(?:{_ORG_HEADS})"
    rf"(?:\s+(?:of|for)(?:\s+the)?\s+[A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+){{0,3}})?)(?![\w-])")
_DEFINED_ACRONYM = re.compile(
    rf"(?<![\w-])(?P<name>[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)*"
    rf"(?:\s+(?:[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)*|of|for|and|the|on|de)){{1,8}})"
    r"\s+\((?P<acronym>[A-Z][A-Z0-9&]{1,7})\)")
# Capitalised words that start sentences or name times, not organisations or people.
_NOT_NAMES = frozenset("""The A An In On At For From By With After Before During This That These Those It Its He She
They We I But And Or If When While As Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
March April May June July August September October November December Last Next Earlier Later Meanwhile
However Also""".split())


_LEADING_TITLE = re.compile(rf"^(?:(?:{_TITLES})\s+)+")


def _tidy(name: str) -> str:
    name = _LEADING_TITLE.sub("", name)  # "Sir Richard Moore" → "Richard Moore"
    name = re.split(r"['’]s\b", name)[0]  # "Viktor Yanukovich's camp" → "Viktor Yanukovich"
    name = re.sub(r"^[A-Z][a-z]+-based\s+", "", name)  # "Delhi-based National Stock Exchange"
    name = name.rsplit(" and the ", 1)[-1]  # "United States and the European Union": the last one
    words = name.split()
    while words and words[0] in _NOT_NAMES:
        words.pop(0)
    while words and words[-1].lower() in ("of", "for", "and", "the", "on", "de"):
        words.pop()
    return " ".join(words)


_NOT_A_PERSON_END = frozenset({"Time", "Zone", "Day", "Cup", "League", "Street", "Square", "Road"})
_PLACE_ENDS = frozenset({"Territory", "Province", "State", "Region", "City", "District", "County", "Court"})
_COURT_KINDS = frozenset({"Supreme", "High", "Constitutional", "Federal", "International", "Criminal", "Appeals",
                          "Appeal", "District", "Electoral", "Military", "Justice", "Arbitration", "Human"})


def _organisation_name(name: str) -> str | None:
    """The organisation a matched span names, or None: 'Raila Odinga of the Azimio Coalition' →
    'Azimio Coalition'; 'Navy and Federal Police' (two of them) and places ('Federal Capital
    Territory', 'Center Court') → None."""
    if " of the " in name and not re.search(rf"(?:{_ORG_HEADS}) of the ", name):
        name = name.split(" of the ", 1)[1]
    words = name.split()
    if len(words) < 2:
        return None
    if re.search(rf"\b(?:{_ORG_HEADS}) and ", name):
        return None  # two organisations run together
    if words[-1] in _PLACE_ENDS and not (words[-1] == "Court" and words[-2] in _COURT_KINDS):
        return None
    return name


def find_people(paragraphs: Sequence[str]) -> tuple[str, ...]:
    """People named with a title or role, most mentioned first (at most MAX_PROPOSED)."""
    found: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    text = "\n".join(paragraphs)
    for match in _PERSON.finditer(text):
        name = _tidy(match.group("name"))
        if len(name.split()) < 2 or any(w in _NOT_NAMES for w in name.split()) \
                or name.split()[-1] in _NOT_A_PERSON_END:
            continue
        found[name] += 1
        first_seen.setdefault(name, match.start())
    names = _merge_variants(found)
    # A later mention by surname alone counts for the person too ("Moore said ...").
    for name in list(names):
        surname = name.split()[-1]
        names[name] += len(re.findall(rf"\b{re.escape(surname)}\b", text)) - names[name]
    ranked = sorted(names, key=lambda n: (-names[n], first_seen.get(n, 0)))
    return tuple(ranked[:MAX_PROPOSED])


def _merge_variants(found: Counter[str]) -> Counter[str]:
    """'Viktor Yushchenko' and 'Viktor Andriyovych Yushchenko' are one person: keep the shorter."""
    merged: Counter[str] = Counter()
    for name in sorted(found, key=len):
        words = name.split()
        twin = next((m for m in merged if m.split()[0] == words[0] and m.split()[-1] == words[-1]), None)
        merged[twin or name] += found[name]
    return merged


def _stands_for(acronym: str, name: str) -> bool:
    """Does the acronym plausibly abbreviate the name? Its letters appear, in order, among the
    name's capitals ("IDB" ← "Inter-American Development Bank"); a code with a digit ("MI6", "G7")
    is taken as given. "Dilma Rousseff (PT)" is a person and her party, not a definition."""
    if re.search(r"\d", acronym):
        return True
    capitals = iter("".join(re.findall(r"(?<![A-Za-z])[A-Z]|(?<=-)[A-Z]", name)))
    return all(letter in capitals for letter in acronym.replace("&", ""))


def find_organisations(paragraphs: Sequence[str]) -> tuple[str, ...]:
    """Organisations whose acronym the text defines or whose name ends in an organisation word."""
    text = "\n".join(paragraphs)
    found: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for match in _DEFINED_ACRONYM.finditer(text):
        name = _organisation_name(_tidy(match.group("name"))) or ""
        acronym = match.group("acronym")
        if len(name.split()) >= 2 and _stands_for(acronym, name):
            found[name] += 1 + len(re.findall(rf"\b{re.escape(acronym)}\b", text)) - 1
            first_seen.setdefault(name, match.start())
    for match in _ORGANISATION.finditer(text):
        name = _organisation_name(_tidy(match.group("name"))) or ""
        if len(name.split()) < 2 or name.split()[0] in _NOT_NAMES or name in found:
            continue
        if re.search(rf"\b(?:a|an|another)\s+{re.escape(name)}", text) and \
                not re.search(rf"\bthe\s+{re.escape(name)}", text):
            continue  # "a Military Council": a kind of body, not a name
        if any(name in other or other in name for other in found):
            continue  # "Intelligence Service" inside "British Secret Intelligence Service"
        found[name] += len(re.findall(re.escape(name), text))
        first_seen.setdefault(name, match.start())
    ranked = sorted(found, key=lambda n: (-found[n], first_seen[n]))
    return tuple(ranked[:MAX_PROPOSED])


# Words of the names every country's institutions share: "Supreme Court", "Foreign Ministry",
# "National Elections Committee" name a different body in each country.
_GENERIC_WORDS = frozenset("""Supreme High Constitutional Federal National Central State Foreign Interior Home Defence
Defense Finance Health Justice Education Trade Economy Ministry Court Courts Parliament Senate Assembly Congress Army
Navy Air Force Forces Police Service Committee Commission Council Office Department Authority Board Agency Bank
Reserve Guard Coast Election Elections Electoral Security Intelligence Self-Defence Self-Defense Armed Cabinet
Government Tribunal Bureau Directorate Public Prosecutor General Military Emergency Border Customs Revenue
Treasury Statistics""".split())


def with_country(organisations: Sequence[str], country: str | None) -> tuple[str, ...]:
    """A generic institution's name with the country it belongs to ("Supreme Court (Chile)"), so
    Chile's and Ukraine's supreme courts do not share one organisation page; proper names stay."""
    if not country:
        return tuple(organisations)
    return tuple(f"{name} ({country})" if all(w in _GENERIC_WORDS for w in name.split() if w not in
                                              ("of", "for", "and", "the", "on")) else name
                 for name in organisations)
