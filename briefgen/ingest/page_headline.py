"""Which line of a scraped page is its headline (see page_text.py): the best title-like unit
before the story (repeated on the page, matching the URL's slug, title-cased, in headline
grammar, just before the byline or lede), never a label, name, stamp, caption, menu or the
lede's own first sentence; of a headline and its deck, the first."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .digest import PARTICIPLE, strip_dateline
from .page_patterns import (
    classify_pattern,
    is_caption,
    is_menu_glue,
    is_person_name,
    is_stamp,
    is_tag_list,
    line_key,
    stopword_density,
    words_of,
)
from .page_units import Unit


def _slug_words(url: str | None) -> set[str]:
    if not url:
        return set()
    path = re.sub(r"^[a-z]+://[^/]+", "", url.lower()).split("?")[0]
    return {w for w in re.split(r"[^a-z0-9]+", path) if len(w) > 2 and not w.isdigit()} - {"html", "htm", "php",
                                                                                             "aspx", "news", "www"}


# "VIDEO: At least 2 dead in ...", "Boxing legend dies aged 74 - VIDEO": a media label on a headline.
_MEDIA_LABEL = re.compile(r"^(?:video|watch|photos?|pictures|live|breaking|updated?|exclusive|live ?blog|live updates|"
                          r"liveticker|en direct|en vivo|en directo|ao vivo|in diretta)\s*[:|]\s+(?=\S)|"
                          r"\s+(?:[-|–—]\s*|\()(?:video|photos?|pictures|watch|live)\)?$", re.IGNORECASE)
# A pronoun or "the move" cannot open a headline: it leans on a sentence above it.
_LEANING = re.compile(r"^(?:he|she|it|they|his|her|its|their|this|these|those)\b", re.IGNORECASE)
# Headline grammar: a noun phrase, then a verb in the present ("Earthquake kills", "Lula defeats").
_HEADLINE_VERB = re.compile(r"^(?:\S+ ){0,4}?[\w'’-]*[A-Za-z] (?!(?:is|was|has|as|us|this|its|news|series)\b)"
                            r"[a-z]{2,}[^s\W]s(?= [\w'‘“])")


# The future of headlines: "Iraqi Kurds to vote on independence", "Johnson to become prime minister".
_HEADLINE_FUTURE = re.compile(r"^(?:\S+ ){0,4}?[\w'’.-]*[A-Za-z](?<!\bis)(?<!\bare)(?<!\bwas)(?<!\bwere) to "
                              r"(?!(?:the|a|an|his|her|its|their|our|your|this|that|these|those|me|him|them|us|my)\b)"
                              r"[a-z]{2,}(?<!ing) [\w'‘“]")


# The passive of headlines, without its auxiliary: "Chauvin hospitalized after ...", "Abe shot at ...".
_HEADLINE_PARTICIPLE = re.compile(
    rf"^(?:\S+ ){{0,4}}?(?!(?:has|have|had|was|were|is|are|be|been) )[\w'’.-]*[A-Za-z] {PARTICIPLE} "
    r"(?:after|in|at|as|by|for|over|on|to|into|from|amid|during|with)\b")


_AUXILIARY_VERB = re.compile(r"\b(?:has|have|had|was|were) (?:been )?[a-z]{3,}(?:ed|en|wn)\b")


# "Home / World / German election: Merkel wins ...": the site's breadcrumb trail before a headline.
_BREADCRUMB = re.compile(r"^(?:you are here\s*:\s*)?(?:home|news|start)"
                         r"(?:\s*[/>›»]\s*[\w&'’ -]{1,25}?){0,4}\s*[/>›»]\s*", re.IGNORECASE)


# "... continue in Rolling Fork Published 12:49 pm Saturday, March 25, 2023": a stamp run into the headline.
_GLUED_STAMP = re.compile(r"\s+(?:Published|Updated|Posted|Last updated)\b:?\s.*$")


def without_media_label(text: str) -> str:
    """The headline under a "VIDEO:" / "- PHOTOS" label or a breadcrumb trail, or before a stamp
    run into it (the text itself when it has none)."""
    stripped = _MEDIA_LABEL.sub("", _BREADCRUMB.sub("", text)).strip()
    stamp = _GLUED_STAMP.search(stripped)
    if stamp and is_stamp(stamp.group(0).strip()):
        stripped = stripped[:stamp.start()]
    return stripped if len(stripped.split()) >= 4 else text


def _never_title(text: str, index: int, classes: Sequence[str], first_story: int) -> bool:
    """A unit that no headline looks like, whatever the page around it."""
    words = text.split()
    if not 3 <= len(words) <= 30 or len(text) > 220 or text.endswith((":", ",")) or "|" in text \
            or re.match(r"^[-•*·–—'\"‘“]|^[a-z]", text) or re.search(r"[a-z]{2}\. [A-Z]", text) \
            or (len(words) > 16 and re.search(r"\b(?:said|told)\b", text)) or _LEANING.match(text):
        return True  # bullets, quotes, lower-case labels, two sentences, reported speech, "He was ..."
    if is_person_name(text) or is_tag_list(text) or is_caption(text) or is_menu_glue(text):
        return True
    sentence = re.search(r"[.!]$", text) or (text.endswith("?") and classes[index] == "good")
    if sentence and (strip_dateline(text) != text or index >= first_story):
        return True  # "London, England- Officials have ..." or the story's own first sentence: a lede
    if text.endswith(".") and len(words) > 16:
        return True  # a long sentence over the story is its lede (none of the 173 headlines on dev pages is one)
    # a row of figures, a date or a score line
    return sum(c.isdigit() for c in text) > len(text) * 0.3 or len(re.findall(r"\d[\d.,]*", text)) >= 3


def _title_score(text: str, index: int, units: Sequence[Unit], classes: Sequence[str],
                 first_story: int, slug: set[str], counts: Counter[str]) -> float:
    """How much a unit before the story looks like the page's headline (<= 0: not at all)."""
    if _never_title(text, index, classes, first_story):
        return 0.0
    words = text.split()
    capitals = [w for w in words if len(w) > 3 and w[0].isalpha()]
    title_case = bool(capitals) and sum(w[0].isupper() for w in capitals) >= 0.6 * len(capitals)
    score = 1.0
    key = line_key(text)
    twin = any(0 <= i < len(units) and line_key(units[i].text) == key for i in (index - 1, index + 1))
    if counts.get(key, 0) > 1 and not twin:
        score += 2.0  # shown twice (page title and article heading; twice in a row is an image's alt and caption)
    if slug:
        own = {w for w in words_of(text) if len(w) > 2}
        score += 4.0 * len(own & slug) / max(1, min(len(own), len(slug)))
    if title_case:
        score += 1.0
    if 4 <= len(words) <= 22:
        score += 1.0
    if len(words) >= 5 and (_HEADLINE_VERB.match(text) or _HEADLINE_PARTICIPLE.match(text)
                            or _HEADLINE_FUTURE.match(text)):
        score += 1.0
    if re.search(r"[.]$", text) and not re.search(r"\b[A-Z][a-z]?\.$", text):
        score -= 0.5 if title_case else 1.5
    if len(words) > 18:
        score -= 0.15 * (len(words) - 18)  # headlines are short; a long line is a deck or a lede
    if stopword_density(text) > 0.4:
        score -= 1.0
    # Headlines drop auxiliaries ("Lula defeats Bolsonaro"); a long line that keeps them is told as a lede.
    if len(words) > 12 and _AUXILIARY_VERB.search(text) is not None:
        score -= 1.5
    return score + _place_score(index, units, classes, first_story)


def _place_score(index: int, units: Sequence[Unit], classes: Sequence[str], first_story: int) -> float:
    """Headlines sit just over the story, with nothing but furniture and metadata between."""
    distance = first_story - index
    score = 1.5 if 0 < distance <= 3 else (0.5 if 0 < distance <= 8 else 0.0)
    between = classes[index + 1:first_story]
    if all(c in ("F", "X", "short") for c in between) and distance > 0:
        score += 0.5
    if first_story < len(units) and all(c in ("F", "X", "short") for c in classes[:index]):
        score += 1.0  # the first line of substance on the page, under the site's menus and labels
    return score


def find_headline(units: Sequence[Unit], classes: Sequence[str], final: Sequence[str], first_story: int,
                  url: str | None) -> tuple[int, str] | None:
    """The headline unit's index and text, or None when the page shows none (then one is made from the lede)."""
    slug = _slug_words(url)
    counts = Counter(line_key(unit.text) for unit in units)
    scores: dict[int, float] = {}
    for index in range(min(len(units), first_story + 1)):
        text = without_media_label(units[index].text)
        if final[index] == "X" or classes[index] == "good":
            continue
        if text == units[index].text and _MEDIA_LABEL.search(text):
            continue  # "Liveblog: Tweede Kamerverkiezingen": a label over a topic, too short to be a headline
        if classes[index] == "F" and (text == units[index].text or classify_pattern(text) is not None):
            continue  # furniture, unless only its "VIDEO:" label made it so
        scores[index] = _title_score(text, index, units, classes, first_story, slug, counts)
    best = max((index for index in scores if scores[index] >= 3.0), key=lambda i: (scores[i], -i), default=None)
    if best is None:
        return None
    # A headline is followed by its deck, not the other way round: of two title-like lines in a
    # row the first is the headline, even when the deck (nearer the story) scores higher.
    above = best - 1
    if above in scores and scores[above] >= 3.0 and units[above].last + 2 >= units[best].first \
            and _HEADLINE_VERB.match(without_media_label(units[above].text)):
        best = above
    return best, without_media_label(units[best].text)
