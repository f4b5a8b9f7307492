"""Furniture that only its context gives away (see page_text.py, which calls these in turn):
- ``captions``: photo captions written as prose (no story text above them, a caption shown twice,
  an image's title over its credit, a gallery of three or more);
- ``posts_and_credited``: what the line below gives away (an embedded post's text over its
  signature, a caption over its photographer's credit, a gallery's captions, a caption shown
  twice once cut short);
- ``teasers_after_heading``: other articles' teasers under a "More stories" heading;
- ``dated_cards``, ``trailing_cards``: rows of other articles' cards after the story;
- ``cut_teasers``: a list of other articles' titles, each cut short with an ellipsis;
- ``reader_comments``: a thread of readers' comments after the story, each under its user name;
- ``results_after_story``: not furniture but the story's own, a table of results after it.

``captions`` and ``posts_and_credited`` were written apart (the second for pages the first
missed) and overlap in places, galleries and twice-shown captions; merged, they would catch
other lines, so they stay two passes until the held-out sets say a merge is no worse."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from itertools import pairwise

from .page_patterns import (
    EMOJI_LEAD,
    PLAYER_LABEL,
    POST_AUTHOR,
    SENTENCE_END,
    classify_pattern,
    content_words,
    is_caption,
    is_caption_prose,
    is_card_date,
    is_dated_scene,
    is_photo_dated,
    is_more_stories_heading,
    line_key,
)
from .page_units import Unit


def captions(units: Sequence[Unit], classes: list[str]) -> list[str]:
    """Photo captions that read like prose: a caption-like unit with no story text above it, the
    second copy of a sentence repeated on the next line (captions are often shown twice), an
    image's title over its credited caption, and galleries (see _gallery)."""
    result = list(classes)
    story_seen = seen_before_previous = False
    for index, unit in enumerate(units):
        previous = index - 1
        if result[index] in ("good", "near", "bad"):
            above = result[previous] if previous >= 0 else "edge"
            if above not in ("good", "near") and is_caption_prose(unit.text):
                result[index] = "F"
            elif previous >= 0 and not seen_before_previous and line_key(units[previous].text) == line_key(unit.text) \
                    and SENTENCE_END.search(unit.text) and len(unit.text.split()) <= 60:
                result[index] = result[previous] = "F"  # a caption (or pull quote) shown twice above the story
            elif story_seen and _credit_above(units, result, previous) and not SENTENCE_END.search(unit.text) \
                    and 4 <= len(unit.text.split()) <= 25:
                result[index] = "F"  # a caption under its picture's credit ("Image copyright AP")
            elif previous >= 0 and PLAYER_LABEL.match(units[previous].text) and len(unit.text.split()) <= 80:
                result[index] = "F"  # a video's description under its player ("EMBED More News Videos")
            elif story_seen and result[index] == "bad" and index + 1 < len(units) and result[index + 1] == "F" \
                    and is_caption(units[index + 1].text) and 4 <= len(unit.text.split()) <= 20 \
                    and not unit.text.endswith(":") and not SENTENCE_END.search(unit.text):
                result[index] = "F"  # an image's title over its credited caption ("X wrote:" brings in a post)
        if story_seen and previous >= 0 and result[index] in ("good", "near", "bad") \
                and line_key(units[previous].text) == line_key(unit.text) \
                and (is_caption_prose(unit.text) or is_dated_scene(unit.text)):
            result[index] = result[previous] = "F"  # a photo's caption shown twice (its alt text and caption)
        if story_seen and result[index] in ("good", "near", "bad", "short") and 4 <= len(unit.text.split()) <= 15 \
                and _shown_again(units, index) \
                and (not SENTENCE_END.search(unit.text) or _credit_above(units, result, previous)
                     or index + 1 < len(units) and _credit_above(units, result, index + 1)):
            result[index] = "F"  # a caption shown twice within the story (a scraper may repeat paragraphs)
        seen_before_previous = story_seen
        story_seen = story_seen or result[index] == "good"
    return _gallery(units, result)


def _credit_above(units: Sequence[Unit], classes: Sequence[str], index: int) -> bool:
    """A picture's credit alone on its line ("Image copyright AP", "Photo: Reuters")."""
    return classes[index] == "F" and len(units[index].text.split()) <= 5 and is_caption(units[index].text)


def _shown_again(units: Sequence[Unit], index: int) -> bool:
    """Is the same line within three units before or after this one (a caption and its twin)?"""
    key = line_key(units[index].text)
    return any(line_key(units[other].text) == key
               for other in range(max(0, index - 3), min(len(units), index + 4)) if other != index)


def _gallery(units: Sequence[Unit], classes: list[str]) -> list[str]:
    """Three or more captions in a row (credits and furniture between them aside) are a photo
    gallery, even where story text stands above them."""
    result = list(classes)
    run: list[int] = []
    for index in [*range(len(units)), len(units)]:
        if index < len(units) and result[index] in ("F", "X") and run:
            continue
        if index < len(units) and result[index] in ("good", "near", "bad") and is_caption_prose(units[index].text):
            run.append(index)
            continue
        if len(run) >= 3:
            for member in run:
                result[member] = "F"
        run = []
    return result


_TEASER_HEADING = re.compile(
    r"^(?:(?:the )?(?:latest|more|other|related|recommended|popular|top|trending|most (?:read|popular|viewed|shared)|"
    r"editor'?s picks?|also (?:on|in|read)|you (?:may|might) (?:also )?like|read next|what to read next|"
    r"further reading|in other news|don'?t miss|around the (?:web|world)|elsewhere)\b[^.!?]{0,40})$", re.IGNORECASE)


def teasers_after_heading(units: Sequence[Unit], final: list[str], stopwords: Collection[str]) -> list[str]:
    """After a heading over other articles ("More stories", "Noticias relacionadas"), text about
    something else is teasers, not the story: a unit there stays text only if it shares at least
    two content words (by the page's ``stopwords``) with the story above."""
    heading = next((i for i, unit in enumerate(units) if final[i] in ("F", "M") and "M" in final[:i]
                    and len(unit.text.split()) <= 6
                    and (_TEASER_HEADING.match(unit.text) or is_more_stories_heading(unit.text))), None)
    if heading is None:
        return final
    story = set().union(*(content_words(units[i].text, stopwords) for i in range(heading) if final[i] == "M"))
    result = list(final)
    result[heading] = "F"
    for index in range(heading + 1, len(units)):
        if result[index] == "M" and len(content_words(units[index].text, stopwords) & story) < 2:
            result[index] = "F"
    return result


# --------------------------------------------------------- what the line below gives away

# An embedded post's closing line: "... pic.twitter.com/x — Jane Doe (@janedoe) June 3, 2019".
_POST_SIGNATURE = re.compile(r"[—–-]\s*[^—–]{1,60}\(@\w{1,15}\)[^()]{0,30}\d{4}\s*$")


def posts_and_credited(units: Sequence[Unit], classes: list[str]) -> list[str]:
    """Lines that what is right below them gives away: the text of an embedded post over its
    signature line when that line carries none of it ("#Tag pic.twitter.com/x — Name (@name) date"),
    and, once the story has begun, a caption over its photographer's credit ("REUTERS/Jane Doe") or a
    scene on a given day in the present ("Islanders walk past the pier on Saturday.")."""
    result = list(classes)
    story_seen = False
    last_story = max((i for i, c in enumerate(classes) if c == "good"), default=-1)
    for index, unit in enumerate(units[:-1]):
        below = units[index + 1].text
        if result[index] == "F" and _bare_signature(below):
            _post_opening(units, result, index)  # a post's last line, furniture by its own words
        if result[index] in ("good", "near", "bad", "short"):
            if index > 0 and POST_AUTHOR.match(units[index - 1].text) and len(unit.text) <= 280:
                result[index] = "F"  # the text under an embedded post's "Jack Nicklaus @jacknicklaus"
            elif _bare_signature(below) and len(unit.text) <= 280 and not unit.text.endswith(":"):
                result[index] = "F"  # a post is at most 280 characters; "X wrote:" introduces it
                _post_opening(units, result, index)
            elif story_seen and len(below.split()) <= 6 and is_caption(below) and len(unit.text.split()) < 40 \
                    and not re.search(r"\b(?:said|says|told)\b", unit.text):  # (a caption is shorter than that)
                result[index] = "F"
            elif story_seen and is_dated_scene(unit.text) and is_caption_prose(unit.text):
                result[index] = "F"  # "Islanders walk past the pier on Saturday." between two paragraphs
            elif story_seen and EMOJI_LEAD.match(unit.text) and len(unit.text) <= 280:
                result[index] = "F"  # a post's text opening on an emoji, within the story
            elif (story_seen or index < last_story) and is_photo_dated(unit.text):
                result[index] = "F"  # "X salvages items Sunday, Dec. 12, 2021, in Mayfield, Ky."
        story_seen = story_seen or result[index] == "good"
    return _near_twins(units, _gallery_captions(units, result))


def _post_opening(units: Sequence[Unit], result: list[str], last: int) -> None:
    """A post's text of two lines: the line right above its last one, with no blank line between,
    that opens a quotation it does not close ("\"We have called every day for ..." / "... loud
    and clear\" - @name") is the post's too."""
    above = last - 1
    if above >= 0 and units[above].last + 1 == units[last].first and result[above] in ("good", "near", "bad", "short") \
            and len(units[above].text) + len(units[last].text) <= 300 \
            and re.match(r"[\"“]", units[above].text) and not re.search(r"[\"”]", units[above].text[1:]):
        result[above] = "F"


def _gallery_captions(units: Sequence[Unit], classes: list[str]) -> list[str]:
    """A scene described in the present ("Jane Doe celebrates after scoring ...") that opens or
    joins a run of three or more captions, the others known by their credits or marks, is one
    more caption of the gallery even where story text stands above it."""
    result = list(classes)
    for index, unit in enumerate(units):
        if result[index] in ("good", "near", "bad") and is_caption_prose(unit.text) \
                and _captions_around(units, classes, index) >= 3:
            result[index] = "F"
    return result


def _captions_around(units: Sequence[Unit], classes: Sequence[str], index: int) -> int:
    """How many captions (by pattern or by their words) are in the run that holds unit ``index``;
    metadata lines (a credit, a stamp) may sit between them."""
    def caption(i: int) -> bool:
        return is_caption(units[i].text) or is_caption_prose(units[i].text)

    count = 1
    for step in (-1, 1):
        i = index + step
        while 0 <= i < len(units) and (classes[i] == "X" or caption(i)):
            count += classes[i] != "X"
            i += step
    return count


def is_post_signature(text: str) -> bool:
    """An embedded post's signature line: "... — Jane Doe (@janedoe) June 3, 2019"."""
    return _POST_SIGNATURE.search(text) is not None


def _bare_signature(text: str) -> bool:
    """Is the line an embedded post's signature with (almost) no text of its own before it?"""
    match = _POST_SIGNATURE.search(text)
    if not match:
        return False
    own = re.sub(r"(?:https?://|pic\.twitter\.com/)\S+|[#@]\w+", " ", text[:match.start()])
    return len(own.split()) < 3


_CREDIT_IN_BRACKETS = re.compile(r"\s*\([^()]{2,60}\)$")


def _near_twins(units: Sequence[Unit], classes: list[str]) -> list[str]:
    """A caption or pull quote shown twice within a few lines, once cut short ("... We know
    their...") or with a player's label or a credit left on it ("... he resigned. play", "... on
    Thursday. (Fire Rescue)"): both copies are
    furniture when a whole copy ends as a sentence does (a headline shown twice does not). Above
    the story, only a quote or a caption of more than 20 words: some headlines end on a full stop."""
    result = list(classes)
    keys = [line_key(unit.text) for unit in units]
    story_seen = False
    for index, unit in enumerate(units):
        story_seen = story_seen or classes[index] == "good"
        if not story_seen and len(unit.text.split()) <= 20 and not unit.text.startswith(("\"", "“", "”", "'", "‘")):
            continue
        cut = unit.text.endswith(("...", "…"))
        for other in range(index + 1, min(len(units), index + 4)):
            short, full = sorted((keys[index], keys[other]), key=len)
            if short == full or len(short.split()) < 4 or not full.startswith(short):
                continue
            whole = [text for text in (unit.text, units[other].text) if not text.endswith(("...", "…"))]
            credited = any(line_key(_CREDIT_IN_BRACKETS.sub("", text)) == short and _CREDIT_IN_BRACKETS.search(text)
                           for text in (unit.text, units[other].text))  # "... 2021. (Miami-Dade Fire Rescue)"
            if (cut or credited or len(full[len(short):].split()) <= 2) and any(SENTENCE_END.search(t) for t in whole):
                # a teaser of the lede cut short above the lede itself, with the story under it: the lede stays
                lede = cut and "good" not in classes[:index] and other + 1 < len(units) and classes[other + 1] == "good"
                result[index] = "F"
                result[other] = classes[other] if lede else "F"
    return result


# --------------------------------------------------------------------- other articles' cards

_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?\b", re.IGNORECASE)


def _entry_times(stamps: Iterable[str]) -> bool:
    """Stamps of one day that differ only by their clock time ("20 Nov 2022 4:49 PM GMT", "... 4:48
    PM GMT"): how a live blog dates its entries, where other articles' cards carry other days."""
    days = set()
    for stamp in stamps:
        if not _CLOCK.search(stamp):
            return False
        days.add(" ".join(_CLOCK.sub(" ", stamp).split()))
    return len(days) == 1


def dated_cards(units: Sequence[Unit], final: list[str]) -> list[str]:
    """After the story, a row of other articles' cards (a title, maybe a lede, a date: "2 hours
    ago"), two dates or more at most four units apart: each card (the units between two dates, or
    up to two units before the first or after the last) that shares fewer than two content words
    with the story above is furniture; a card about the story itself (a live blog's entry) stays."""
    story_start = final.index("M") if "M" in final else len(final)
    dates = [i for i in range(story_start + 1, len(units)) if final[i] == "X" and is_card_date(units[i].text)]
    rows = [(a, b) for a, b in pairwise(dates)
            if b - a <= 4 and any(final[i] != "X" for i in range(a + 1, b))]  # not "Published ... Updated ..."
    if not rows or final[story_start:rows[0][0] - 2].count("M") < 2:
        return final  # no row of cards, or no story above it yet
    first, last = rows[0][0], rows[-1][1]
    if _entry_times(units[d].text for d in dates if first <= d <= last):
        return final  # a live blog's entries, each stamped with its time of the same day
    story = content_words(" ".join(units[i].text for i in range(first - 2) if final[i] in ("M", "H")))
    edges = [first - 2, *[d for d in dates if first <= d <= last], min(last + 3, len(units))]
    result = list(final)
    for a, b in pairwise(edges):
        card = [i for i in range(a, b) if result[i] == "M"]
        if len(content_words(" ".join(units[i].text for i in card)) & story) < 2:
            for i in card:
                result[i] = "F"
    return result


def trailing_cards(units: Sequence[Unit], final: list[str]) -> list[str]:
    """The story's tail made of cards (a title-like line, maybe a paragraph under it; one- or
    two-word section labels between them): two cards or more there that share fewer than two content
    words with the story above are other articles' teasers ("Business / Central bank raises rates /
    The central bank raised ... / Sport / Marathon runners brave snow")."""
    cards: list[list[int]] = []
    card: list[int] = []
    index = len(units) - 1
    while index >= 0 and final[index] in ("M", "F", "X"):
        text = units[index].text
        if final[index] == "M" and _title_like(text) and len(text.split()) > 2:
            cards.append([index, *card])
            card = []
        elif final[index] == "M" and not _title_like(text):
            card.insert(0, index)
            if len(card) > 1:
                break  # two paragraphs under one title: a section of the story, not a card
        elif final[index] != "F" and len(text.split()) > 2:
            break
        index -= 1
    start = min((c[0] for c in cards), default=len(units))
    above = [units[i].text for i in range(start) if final[i] in ("M", "H")]
    story = content_words(" ".join(above))
    away = [c for c in cards if len(content_words(" ".join(units[i].text for i in c)) & story) < 2]
    if sum(1 for c in away if len(c) > 1) < 2 or sum(1 for text in above if len(text.split()) >= 12) < 2:
        return final  # fewer than two teasers with a lede, or no story of two paragraphs above them
    result = list(final)
    labels = [i for i in range(max(0, start - 1), len(units)) if len(units[i].text.split()) <= 2]
    for i in [i for c in away for i in c] + labels:
        result[i] = "F"
    return result


def _title_like(text: str) -> bool:
    """A headline's shape: short, capitalised, no closing punctuation, at most one figure (a row of a
    wire story's table, "Shr 34 cts vs 1.19 dlrs", is data)."""
    return len(text.split()) <= 14 and text[:1].isupper() and not re.search(r"[.!?:;,\"”’]$", text) \
        and len(re.findall(r"\d+", text)) <= 1


def cut_teasers(units: Sequence[Unit], final: list[str]) -> list[str]:
    """Three lines or more in a row, each short and cut with an ellipsis ("Booster vaccine approved
    for all..."), are a list of other articles' titles; a story has at most one cut line, its last."""
    result = list(final)
    run: list[int] = []
    titles = 0
    for index in [*range(len(units)), len(units)]:
        # a unit may hold two lines, each cut
        cut = re.split(r"(?:(?<=\.\.\.)|(?<=…)) ", units[index].text) if index < len(units) else [""]
        if all(t.endswith(("...", "…")) and len(t.split()) <= 20 for t in cut):
            run.append(index)
            titles += len(cut)
            continue
        if titles >= 3:
            for i in run:
                result[i] = "F"
        run, titles = [], 0
    return result


SCORE_ROW = re.compile(r"^[A-Z][\w.' -]{1,40}?\s\d{1,3}\s?[-–]\s?\d{1,3}\s[A-Z]")  # "Spain 1-0 England (Sydney)"
LABELLED_VALUE = re.compile(r"^[A-Z][\w ]{1,20}:\s+\S")  # "Venue: Al Bayt Stadium"


def results_after_story(units: Sequence[Unit], final: list[str]) -> list[str]:
    """A table right after the story (round headings, dates, "Spain 1-0 England" and "Golden Ball:
    Aitana Bonmatí (Spain)" rows): when three units or more of what follows the story are such
    rows, and they are at least half of what is not metadata there, the rows, their headings and
    their dates are the story's, up to the first line that is furniture by its own words."""
    if "M" not in final:
        return final
    start = len(final) - final[::-1].index("M")
    end = start
    while end < len(units) and (final[end] == "X" or classify_pattern(units[end].text) is None
                                and len(units[end].text.split()) <= 14):
        end += 1
    others = [i for i in range(start, end) if final[i] != "X"]
    rows = [i for i in others if SCORE_ROW.search(units[i].text) or LABELLED_VALUE.search(units[i].text)]
    if len(rows) < 3 or len(rows) * 2 < len(others):
        return final
    return [("M" if start <= i < end else kind) for i, kind in enumerate(final)]


def _user_name(text: str) -> bool:
    """A commenter's name: at most three words, no sentence punctuation; a single handle-like
    token ("madmanmunt", "Chico3") or a short capitalised name ("JJ Jetplane")."""
    words = text.split()
    return 1 <= len(words) <= 3 and len(text) <= 30 and not re.search(r"[.!?:;,\"“”]", text)


# A blog's comment header: "• Patrick says:", "Ana dice:" (the words WordPress themes print).
_COMMENT_HEADER = re.compile(r"^(?:[•*·-]\s*)?[^.!?:]{1,80} (?:says|dice|disse|sagt|zegt|skriver|écrit|scrive):$")


def _furniture_from(final: list[str], start: int) -> list[str]:
    """Every line of text from ``start`` to the end of the page made furniture (a comment thread)."""
    return [*final[:start], *["F" if kind == "M" else kind for kind in final[start:]]]


def reader_comments(units: Sequence[Unit], final: list[str]) -> list[str]:
    """After the story, readers' comments: from a user name on, four names or more, each followed
    by one to three units of text, most of the names one word ("madmanmunt", "Chico3"), to the
    end of the page; or from the first of two comment headers or more ("Patrick says:"). A story's
    sub-headings are rarely one word, and rarely four in a row with one short paragraph under each."""
    story = [i for i, kind in enumerate(final) if kind == "M"]
    if len(story) < 2:
        return final
    headers = [i for i in range(story[0] + 1, len(units)) if _COMMENT_HEADER.match(units[i].text)]
    if len(headers) >= 2:
        return _furniture_from(final, headers[0])
    for start in range(story[0] + 1, len(units)):
        if not _user_name(units[start].text):
            continue
        names, index, ok = [], start, True
        while index < len(units):
            if not _user_name(units[index].text):
                ok = False
                break
            names.append(units[index].text)
            index += 1
            body = 0
            while index < len(units) and not _user_name(units[index].text) and body < 3:
                body += 1
                index += 1
            if body == 0 and index < len(units):
                ok = False
                break
        if ok and len(names) >= 4 and sum(1 for n in names if " " not in n) * 2 > len(names):
            return _furniture_from(final, start)
    return final
