"""Article text → the ISO country codes it is about, most central first.

Takes a title and the article's paragraphs (plain text); gives a tuple of ISO 3166-1 alpha-2 codes.

Evidence (issue 3): country names and news aliases (from ``briefgen.countries``), demonyms
("British"), capitals and major cities ("Prague"), government metonyms and institutions ("the
Kremlin", "MI6"), US states and wire datelines ("CLEVELAND, Feb 26 -", "STAMFORD, Conn. -").
Each mention is weighted by its kind and where it stands (title, dateline, lede, body); countries
are ranked by total evidence and a country mentioned once in passing is cut.

Ambiguity: one regex with every phrase, longest first, so "New Mexico", "Papua New Guinea" and
"Niger Delta" win over "Mexico", "Guinea" and "Niger"; blocker phrases ("Indian Ocean", "Latin
America") match nothing; matching is case-sensitive ("turkey" the bird is not Turkey); "Jordan",
"Chad", "Georgia"... next to another capitalised name are read as people; "Georgia" is the US
state when the article has other US evidence and no Caucasus cue.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry

from ..countries import ALIASES, DISPLAY_NAMES

_DATA = Path(__file__).parent / "data" / "gazetteer.tsv"
# "brasileiro", "Nederlandse", "französischen": adjectives of the pages' other languages (CODE, language, forms).
_ADJECTIVES = Path(__file__).parent / "data" / "adjectives.tsv"

# Historic ISO 3166-3 codes → the successor a reader would file the story under.
_SUCCESSORS = {"SUHH": "RU", "CSHH": "CZ", "YUCS": "RS", "DDDE": "DE", "CSXX": "RS", "ZRCD": "CD",
               "RHZW": "ZW", "BUMM": "MM"}

# Phrases that contain a country word but name no country: matched so the shorter word is not.
_BLOCKERS = (
    "Indian Ocean", "American Indian", "American Indians", "Native American", "Native Americans",
    "Latin America", "Latin American", "Latin Americans", "South America", "South American",
    "North America", "North American", "Central America", "Central American", "Pan American",
    "American Express", "New Guinea", "Persian Gulf", "Arabian Sea", "Gulf of Mexico", "English Channel",
    "Irish Sea", "French fries", "Dutch auction", "Turkish delight", "Spanish flu", "Niger River",
    "Chinese New Year", "Russian roulette", "Swiss cheese", "Jordan River", "Jordan Valley",
    "Georgia Tech", "Georgia-Pacific", "Georgia Pacific", "Mexican wave", "Indian summer",
    "Middle East", "Far East", "Near East", "African Union", "European Union",
    # parties of many countries, not the US Democrats: Germany's Free Democrats, Sweden's Social Democrats
    "Free Democrats", "Social Democrats", "Christian Democrats", "Liberal Democrats", "Sweden Democrats",
    "Social Democratic", "Christian Democratic", "Free Democratic", "Liberal Democratic",
)
_BLOCK = "-"

# Names that are also common first names / surnames: read as a person next to another name.
_PERSON_LIKE = frozenset({"Jordan", "Chad", "Georgia", "India", "Israel", "Kenya", "Jamaica", "Chile",
                          "Jersey", "Sofia", "Niger", "Cuba", "Peru", "Mali", "Victoria", "Washington",
                          "Lincoln", "Austin", "Charlotte", "Madison", "Jackson", "Houston", "Phoenix",
                          "Paris", "Florence", "Nice", "Lyon", "Valencia", "Santiago", "Portland", "Kobe",
                          "Sydney", "Adelaide", "Orlando", "Dallas", "Denver", "Regina", "Aurora", "Salem"})
# Capitalised words that can follow a country name without making it a person's name.
_NOT_SURNAME = frozenset("""King Queen Prince Princess President Prime Premier Foreign Minister Ministry Government
Army Navy Air Police State Central National Parliament Senate Congress Court Supreme Kingdom Republic River
Valley Sea Street Road Times Post Daily Airlines Airways Bank Stock Exchange Radio Television TV News
Interior Defence Defense Trade Finance Health Economy Embassy Ambassador Consulate Mission Delegation
Red Crescent Cross Olympic Football Cup League Grand Prix Open Airport International University Institute
Petroleum Oil Gas Telecom Telecommunications Electric Power Railways Railway Development Investment Monetary
Securities Chamber Council Committee Commission Party Socialist Social Democratic Labour Labor Liberal
Conservative Communist Union Federation Association Agency Authority Office General Department Secretary
Navy's Army's Minister's President's On In At And Or The A For To Of By With From As If But Is Was Has Have
Said Says Would Will Could Should May Might Must Can Do Did Are Were Be Been Being Not It This That
County Parish Township Sheriff Mayor Metro Zoo""".split())
_GE_CUES = ("Tbilisi", "Abkhazia", "South Ossetia", "Caucasus", "Saakashvili", "Shevardnadze", "Batumi",
            "Ossetia", "Georgian Dream")
_US_STATE_ABBR = frozenset("""Ala. Ariz. Ark. Calif. Cal. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Kans. Ky. La. Md.
Mass. Mich. Minn. Miss. Mo. Mont. Neb. Nebr. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. Penn. R.I. S.C.
S.D. Tenn. Tex. Vt. Va. Wash. Wis. Wisc. W.Va. Wyo. D.C. Alaska Hawaii Idaho Iowa Maine Ohio Texas Utah""".split())

_KIND_WEIGHT = {"name": 1.0, "institution": 1.0, "place": 0.9, "demonym": 0.7}
_MONTHS = r"(?i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)(?i:[a-z]*)\.?"
# Wire datelines: "THE HAGUE, March 2 - ", "STAMFORD, Conn., March 3 - ", "LONDON (Reuters) - ".
_DATELINE = re.compile(
    r"^\s*([A-Z][A-Z.'\- ]{1,40}?)(?:\s*/\s*[A-Z][A-Z.'\- ]+)?"
    r"(?:,\s*([A-Z][A-Za-z.]{1,12}(?: [A-Z][a-z.]+)?))?"
    r"(?:,?\s+" + _MONTHS + r"\s+\d{1,2})?"
    # the agency or station in brackets: "(Reuters)", "(WIBW)", "(KSDK/AP)"
    r"\s*(?:\((?:Reuters|AP|AFP|UPI|dpa|IANS|PTI|Xinhua|AAP|Bloomberg|"
    r"[A-Z][A-Za-z.-]{1,15}(?:/[A-Z][A-Za-z.-]{1,15})?)\))?"
    r"\s*[-–—]{1,2}\s")


@dataclass(frozen=True, slots=True)
class Term:
    """One phrase the gazetteer knows: the country it points at (or a blocker) and its kind."""

    code: str
    kind: str


@dataclass(frozen=True, slots=True)
class Mention:
    code: str
    kind: str
    start: int
    text: str


@lru_cache(maxsize=1)
def _terms() -> dict[str, Term]:
    """Phrase → Term. Gazetteer file entries win over names derived from pycountry."""
    terms: dict[str, Term] = {}

    def add(phrase: str, code: str, kind: str, override: bool = False) -> None:
        phrase = phrase.strip()
        if not phrase or len(phrase) < 3 and phrase not in ("UK", "US"):
            return
        code = _SUCCESSORS.get(code, code)
        if len(code) != 2 and code != _BLOCK:
            return
        if override or phrase not in terms:
            terms[phrase] = Term(code, kind)

    for record in pycountry.countries:
        for label in (DISPLAY_NAMES.get(record.alpha_2), record.name, getattr(record, "common_name", None)):
            if label and "," not in label and "(" not in label:
                add(label, record.alpha_2, "name")
    for label, code in _local_names():
        add(label, code, "name")
    for phrase, code, kind in _file_entries(_ADJECTIVES, (None, "demonym")):
        add(phrase, code, kind)
    for alias, code in ALIASES.items():
        if alias in {"us", "su", "yu", "xk", "dd", "uk"}:
            continue  # two-letter aliases only count in capitals (below); "us" is a pronoun
        if alias == "america":
            add("America", "US", "name")
            continue
        for variant in {alias.title(), alias.upper() if "." in alias or len(alias) <= 4 else alias.title()}:
            add(variant.replace("'S", "'s").replace(" Of ", " of ").replace(" The ", " the ")
                .replace(" And ", " and "), code, "name")
    for phrase, code in (("UK", "GB"), ("U.K.", "GB"), ("US", "US"), ("U.S.", "US"), ("U.S.A.", "US"),
                         ("USA", "US"), ("UAE", "AE"), ("USSR", "RU"), ("DPRK", "KP"), ("DRC", "CD")):
        add(phrase, code, "name", override=True)
    for phrase, code, kind in _file_entries(_DATA, ("demonym", "place", "institution")):
        add(phrase, code, kind, override=True)
    for phrase in _BLOCKERS:
        add(phrase, _BLOCK, "blocker", override=True)
    # Ambiguous words decided in context (see _resolve_georgia).
    for phrase in ("Georgia", "Georgian", "Georgians"):
        terms[phrase] = Term("GE", "name" if phrase == "Georgia" else "demonym")
    terms.pop("Turkey", None)
    terms["Turkey"] = Term("TR", "name")
    return terms


def _file_entries(path: Path, kinds: tuple[str | None, ...]) -> list[tuple[str, str, str]]:
    """(phrase, code, kind) of a data file whose lines are CODE, then one comma-separated field per
    kind (None: a column that names no phrases, such as adjectives.tsv's language)."""
    entries: list[tuple[str, str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, *fields = line.split("\t")
        for field, kind in zip(fields, kinds, strict=False):
            if kind is not None:
                entries.extend((phrase, code.strip(), kind) for phrase in field.split(","))
    return entries


# The languages of the pages the ingest reads (languages.LANGUAGES) whose country names pycountry
# translates: "Deutschland", "Estados Unidos", "Pays-Bas", "Nederland".
_LOCALES = ("de", "fr", "es", "pt", "pt_BR", "it", "nl", "ca", "da", "nb_NO", "sv", "fi", "cs", "sk", "pl", "sl",
            "hr", "hu", "ro", "tr", "ru", "uk", "et", "lt", "lv", "id", "el", "bg",
            # pages in other alphabets with spaces between words (not Chinese, Japanese or Thai)
            "sr", "mk", "be", "ar", "fa", "he", "hi")
# Translated names that are also a first name, a city, a region or an English word.
_LOCAL_NAME_CLASHES = {"Granada", "Maurice", "Mauricio", "Maurizio", "Maurici", "Salvador", "Norfolk", "Island",
                       "Guadalupe", "Dominique", "Gana", "Chili", "Moldau", "Bermudas", "Guiana",
                       # ... and in the languages added later: "Man" (Isle of Man), "Columbia", "Reunion",
                       # "Malte", "Turki", "Kuba" (first names), "Hellas" (a football club), "Norra" ("northern")
                       "Man", "Norra", "Domov", "Columbia", "Tai", "Fas", "Reunion", "Malte", "Benim", "Hellas",
                       "Turki", "Kuba"}


def _local_names() -> list[tuple[str, str]]:
    """(name, code) for each country's name in the other languages the ingest reads."""
    return [(name, code) for locale in _LOCALES for name, code, english in _names_in(locale) if name != english]


def _names_in(locale: str) -> list[tuple[str, str, str]]:
    """(name, code, English name) of every country in one of pycountry's translations."""
    try:
        catalog = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])
    except OSError:
        return []  # a pycountry built without its translations: English names only
    found = []
    for record in pycountry.countries:
        for label in (record.name, getattr(record, "common_name", None)):
            local = catalog.gettext(label) if label else None
            if local and "," not in local and "(" not in local and local not in _LOCAL_NAME_CLASHES:
                found.append((local, record.alpha_2, label or ""))
    return found


# Languages that inflect a country's name: by case ("v Česku", "в Албанії", "Thaimaassa"), or only
# with a genitive "s" ("Thailands flåde", "Deutschlands Regierung"); the locale of their names.
_CASE_LANGUAGES = {"Czech": "cs", "Slovak": "sk", "Polish": "pl", "Slovenian": "sl", "Croatian": "hr",
                   "Finnish": "fi", "Estonian": "et", "Latvian": "lv", "Lithuanian": "lt", "Hungarian": "hu",
                   "Turkish": "tr", "Russian": "ru", "Ukrainian": "uk", "Bulgarian": "bg", "Greek": "el",
                   "Serbian": "sr"}
_GENITIVE_LANGUAGES = {"Danish": "da", "Norwegian_Bokmal": "nb_NO", "Swedish": "sv", "German": "de", "Dutch": "nl"}
_VOWELS = "aeiouyáéíóúýěåäöõüаеёиоуыэюяіїєьйαεηιουωάέήίόύώ"


@lru_cache(maxsize=None)
def _inflected(language: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """A pattern of the inflected forms of the one-word country names of a language, and the code
    of each stem (a stem two countries share is left out)."""
    case_locale, genitive_locale = _CASE_LANGUAGES.get(language), _GENITIVE_LANGUAGES.get(language)
    if case_locale is None and genitive_locale is None:
        return None
    codes: dict[str, set[str]] = {}
    for name, code, _ in _names_in(case_locale or genitive_locale or ""):
        if " " in name or "-" in name:
            continue
        stem = name[:-1] if case_locale and name[-1].lower() in _VOWELS else name
        if len(stem) >= 4:
            codes.setdefault(stem, set()).add(code)
    stems = {stem: found.pop() for stem, found in codes.items() if len(found) == 1}
    ending = r"\w{1,5}" if case_locale else "s"
    return re.compile(r"(?<!\w)(" + _alternation(stems) + r")(" + ending + r")(?!\w)"), stems


def _inflected_mentions(text: str, language: str | None, taken: list[Mention]) -> list[Mention]:
    """Mentions by an inflected name, where no mention already is."""
    inflected = _inflected(language) if language else None
    if inflected is None:
        return []
    pattern, stems = inflected
    starts = {m.start for m in taken}
    # A stem of four letters takes a case ending of one or two ("Česku", "Сирии"), not more: "Palacha"
    # is no form of "Palau".
    return [Mention(stems[m.group(1)], "name", m.start(), m.group(0)) for m in pattern.finditer(text)
            if m.start() not in starts and (len(m.group(1)) > 4 or len(m.group(2)) <= 2)]


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    # Not inside a longer word; a hyphenated "Russian-backed" still counts.
    return re.compile(r"(?<![\w.])(?:" + _alternation(_terms()) + r")(?![\w]|\.\w)")


def _alternation(phrases: Iterable[str]) -> str:
    """The phrases as one regex, shared beginnings written once ("New(?: York(?: City)?| Mexico)?"):
    the same matches as a flat alternation tried longest first, for a fraction of the time (a
    flat one tries thousands of phrases at every position)."""
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}  # a phrase ends here

    def regex(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + regex(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        group = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{group})?" if "" in node else group  # greedy: the longer phrase is tried first

    return regex(trie)


@lru_cache(maxsize=1)
def _baseline_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for record in pycountry.countries:
        for label in (record.name, getattr(record, "common_name", None)):
            if label:
                names[label] = record.alpha_2
    alternation = "|".join(re.escape(p) for p in sorted(names, key=lambda p: (-len(p), p)))
    return re.compile(r"\b(?:" + alternation + r")\b"), names


def baseline_countries(text: str) -> tuple[str, ...]:
    """The plain baseline the benchmark compares with: exact ISO names, every one mentioned."""
    pattern, names = _baseline_pattern()
    found: dict[str, None] = {}
    for match in pattern.finditer(text):
        found.setdefault(names[match.group(0)], None)
    return tuple(found)


def is_person_at(text: str, start: int, end: int) -> bool:
    """'Michael Jordan', 'Jordan Henderson': a person-like country name next to another name."""
    before = text[max(0, start - 40):start]
    after = text[end:end + 40]
    prev = re.search(r"([A-Z][a-z]+)\s$", before)
    if prev and prev.group(1) not in _NOT_SURNAME and not re.search(r"[.!?:\"“]\s*[A-Z][a-z]+\s$", before) \
            and before.strip() != prev.group(1):
        return True
    nxt = re.match(r"\s([A-Z][a-z]+)\b", after)
    return bool(nxt and nxt.group(1) not in _NOT_SURNAME and not after.startswith(" "*2))


# Lower-cased, these are ordinary words ("us", "turkey", "chad"): never matched in all-lower-case text.
_NOT_IN_LOWER_CASE = frozenset({"turkey", "chad", "jordan", "georgia", "niger", "nice", "diet", "fed", "congress",
                                "sofia", "victoria", "china", "guinea", "jersey", "reading", "bath", "male",
                                "split", "panama", "cuba", "chile", "pope", "tass", "opposition"})


@lru_cache(maxsize=1)
def _folded() -> tuple[re.Pattern[str], dict[str, Term]]:
    """The gazetteer for text written all in lower case (scraped or badly converted copy)."""
    folded: dict[str, Term] = {}
    for phrase, term in _terms().items():
        if (phrase.isupper() and "." not in phrase and len(phrase) <= 4) or phrase.lower() in _NOT_IN_LOWER_CASE:
            continue
        folded.setdefault(phrase.lower(), term)
    return re.compile(r"(?<![\w.])(?:" + _alternation(folded) + r")(?![\w]|\.\w)"), folded


def is_lower_case(text: str) -> bool:
    letters = sum(1 for c in text[:5000] if c.isalpha())
    upper = sum(1 for c in text[:5000] if c.isupper())
    return letters > 40 and upper < 0.003 * letters


def find_mentions(text: str, *, fold: bool = False, language: str | None = None) -> list[Mention]:
    """Every country mention in ``text`` in order (blockers and people already dropped)."""
    terms = _terms()
    pattern = _pattern()
    if fold:
        pattern, terms = _folded()
    mentions: list[Mention] = []
    named: set[str] = set()  # person-like names met as part of a person's name ("Kobe Bryant")
    for match in pattern.finditer(text):
        phrase = match.group(0)
        term = terms[phrase.lower() if fold else phrase]
        if term.code == _BLOCK:
            continue
        if phrase in _PERSON_LIKE and (phrase in named or is_person_at(text, match.start(), match.end())):
            named.add(phrase)  # after "Kobe Bryant", "Kobe" alone is the man too
            continue
        if phrase == "Turkey" and re.match(r"\s(?:meat|prices?|farmers|production|breasts?|sandwich|dinner)\b",
                                           text[match.end():match.end() + 20]):
            continue
        mentions.append(Mention(term.code, term.kind, match.start(), phrase))
    if not fold:
        mentions = sorted(mentions + _us_towns(text) + _inflected_mentions(text, language, mentions),
                          key=lambda m: m.start)
    return mentions


# "Mayfield, Ky.", "near New Castle, Del.,": a town the gazetteer cannot list, placed by its state.
# The state is searched first (a scan for ", " is fast) and the town's name read back from it.
_STATE_AFTER_COMMA = re.compile(r", (" + "|".join(
    re.escape(a) for a in sorted(_US_STATE_ABBR, key=len, reverse=True) if a.endswith(".")) + r")(?=[\s,)]|$)")
_TOWN_BEFORE = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}$")


def _us_towns(text: str) -> list[Mention]:
    found = []
    for state in _STATE_AFTER_COMMA.finditer(text):
        town = _TOWN_BEFORE.search(text, max(0, state.start() - 40), state.start())
        if town:
            found.append(Mention("US", "place", town.start(), text[town.start():state.end()]))
    return found


def _resolve_georgia(mentions: list[Mention], text: str) -> list[Mention]:
    if not any(m.text.startswith("Georgia") for m in mentions):
        return mentions
    caucasus = any(cue in text for cue in _GE_CUES)
    us_evidence = any(m.code == "US" for m in mentions)
    code = "US" if (us_evidence and not caucasus) or re.search(r"Atlanta|\bGa\.|Savannah", text) and not caucasus \
        else "GE"
    return [Mention(code, m.kind, m.start, m.text) if m.text.startswith("Georgia") else m for m in mentions]


def dateline_country(first_paragraph: str) -> tuple[str | None, int]:
    """The country of a wire dateline and where the story text starts after it (0 when none)."""
    if first_paragraph[:1].islower() and first_paragraph[:80].isascii():
        first_paragraph = first_paragraph[:80].upper() + first_paragraph[80:]
    match = _DATELINE.match(first_paragraph)
    if not match:
        return None, 0
    city = match.group(1).strip().rstrip(",")
    region = (match.group(2) or "").strip()
    has_marker = bool(re.search(_MONTHS + r"\s+\d|\(", match.group(0)))
    if not has_marker and not region:
        return None, 0
    region_case = region.title() if region.isupper() and len(region) > 4 else region
    if region_case in _US_STATE_ABBR or region_case.rstrip(".") + "." in _US_STATE_ABBR:
        return "US", match.end()
    terms = _terms()
    for candidate in (region, city.title().replace("'S", "'s"), city):
        if not candidate:
            continue
        fixed = re.sub(r"\bOf\b", "of", re.sub(r"\bThe\b", "The", candidate))
        for key in (fixed, "the " + fixed if not fixed.startswith("The ") else fixed[4:]):
            term = terms.get(key)
            if term and term.code != _BLOCK:
                return term.code, match.end()
    return None, match.end()


def normalise_caps(title: str) -> str:
    """Wire headlines are in capitals: 'JAPAN SEEN CUTTING' → 'Japan Seen Cutting' (keeps 'U.S.', 'UK')."""
    if not title or any(c.islower() for c in title):
        return title
    keep = {"US", "U.S.", "UK", "U.K.", "UAE", "USSR", "EC", "EU", "UN", "U.N.", "DPRK", "DRC", "USA", "U.S.A."}
    return " ".join(w if w.strip(",:;'\"()") in keep else w.capitalize() for w in title.split(" "))


@dataclass(frozen=True, slots=True)
class CountryEvidence:
    code: str
    score: float
    mentions: int
    first: float  # 0 = title, then position in the text
    prominent: bool  # in the title, dateline or lede


def score_countries(title: str | None, paragraphs: Sequence[str],
                    language: str | None = None) -> tuple[CountryEvidence, ...]:
    """Evidence per country, best first (``language``: the text's, as languages.page_language names it)."""
    scores: dict[str, float] = {}
    counts: dict[str, int] = {}
    first: dict[str, float] = {}
    prominent: set[str] = set()
    head = normalise_caps(title or "")
    body = "\n\n".join(paragraphs)
    lede_end = len(paragraphs[0]) if paragraphs else 0
    if len(paragraphs) > 1 and lede_end < 200:
        lede_end += 2 + len(paragraphs[1])

    def note(code: str, weight: float, position: float, is_prominent: bool) -> None:
        scores[code] = scores.get(code, 0.0) + weight
        counts[code] = counts.get(code, 0) + 1
        first[code] = min(first.get(code, position), position)
        if is_prominent:
            prominent.add(code)

    everything = head + "\n" + body
    title_mentions = _resolve_georgia(find_mentions(head, language=language), everything) if head else []
    for m in {m.code: m for m in title_mentions}.values():  # a title counts once per country
        note(m.code, 3.0 * _KIND_WEIGHT[m.kind], 0.0, True)
    if paragraphs:
        code, skip = dateline_country(paragraphs[0])
        if code:
            note(code, 3.0, 0.5, True)
    body_mentions = _resolve_georgia(find_mentions(body, fold=is_lower_case(body), language=language), everything)
    if body_mentions and body_mentions[0].start < lede_end:
        # The first country of the lede is usually the story's subject (who acted).
        note(body_mentions[0].code, 1.5, 1.0, True)
    last_end: dict[str, int] = {}
    for m in body_mentions:
        # "British Secret Intelligence Service (MI6)": one noun phrase, one piece of evidence.
        if m.start - last_end.get(m.code, -100) < 12:
            last_end[m.code] = m.start + len(m.text)
            continue
        last_end[m.code] = m.start + len(m.text)
        in_lede = m.start < lede_end
        weight = _KIND_WEIGHT[m.kind] * (1.5 if in_lede else 1.0)
        # The sentence's subject ("Russian authorities have responded...") is the actor of the story.
        window = max(0, m.start - 400)  # a bounded look back keeps a huge page linear
        sentence_start = max(body.rfind(". ", window, m.start), body.rfind("\n", window, m.start), window - 1) + 1
        if len(body[sentence_start:m.start].split()) <= 2:
            weight *= 1.3
        note(m.code, weight, 1.0 + m.start, in_lede)
    ranked = sorted(scores, key=lambda c: (-scores[c], first[c], c))
    return tuple(CountryEvidence(c, scores[c], counts[c], first[c], c in prominent) for c in ranked)


def rank_countries(title: str | None, paragraphs: Sequence[str], *, limit: int = 6, ratio: float = 0.3,
                   language: str | None = None) -> tuple[str, ...]:
    """The countries an article is about, most central first; passing mentions are cut."""
    evidence = score_countries(title, paragraphs, language)
    if not evidence:
        return ()
    top = evidence[0].score
    chosen = [evidence[0].code]
    for item in evidence[1:]:
        if len(chosen) >= limit:
            break
        strong = item.score >= ratio * top and (item.mentions >= 2 or item.prominent)
        if strong or item.score >= 2 * ratio * top:
            chosen.append(item.code)
    return tuple(chosen)


# Country-code domains that sites all over the world use for their sound ("tv", "fm", "io", "co").
_VANITY_DOMAINS = frozenset({"tv", "fm", "am", "io", "co", "me", "ly", "ai", "cc", "ws", "to", "nu", "gg", "la", "ag",
                             "vc", "sh", "st", "tk", "ml", "ga", "cf", "gq", "gl", "so", "mu", "is", "cx", "ac", "eu"})


def site_country(url: str | None) -> tuple[str, ...]:
    """The country of a site's national domain ("rtvutrecht.nl" → NL, "bbc.co.uk" → GB), for a
    local story that names none; nothing for ".com" or a domain chosen for its sound (".tv")."""
    host = re.match(r"^https?://([^/:?#]+)", url or "")
    suffix = host.group(1).rsplit(".", 1)[-1].lower() if host else ""
    if len(suffix) != 2 or suffix in _VANITY_DOMAINS:
        return ()
    code = "GB" if suffix == "uk" else suffix.upper()
    return (code,) if pycountry.countries.get(alpha_2=code) else ()
