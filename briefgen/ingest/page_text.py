"""A scraped page's lines → headline, main text and metadata (issue 13).

Takes the text of a plain-text page (the seed format after its ` date` marker, or a JSON
record's / feed entry's scraped ``text``) and, optionally, the page's URL and the lines that
recur across other pages of the batch; gives a ``CleanPage``: the page's own headline (or None
when it shows none), the story's paragraphs and sub-headings in order, byline, publisher credit,
time stamp and dateline, and one kind per input line (``H`` headline, ``M`` main text, ``X``
metadata, ``F`` furniture, ``.`` blank) so benchmarks can compare it with labels.

How, in the spirit of jusText (Pomikálek 2011), adapted to text without markup:
1. units: each line is a unit, except hard-wrapped prose (wire copy), whose lines are joined;
2. each unit is judged on its own: furniture and metadata patterns (menus, share prompts,
   captions, credits, time stamps, bylines, tag lists), then length, stopword density and
   sentence punctuation give ``good`` (a story paragraph), ``near`` (maybe), ``short`` or ``bad``;
3. context decides the uncertain ones: the story is the stretch between its first and last good
   paragraph; inside it, short lines between good ones are sub-headings, near-good ones are text;
   outside it, everything is furniture;
4. repetition: a line that recurs across pages of the same site or the batch is furniture;
   furniture that only its neighbours give away is found in page_context.py: prose captions,
   what the line below gives away (an embedded post's text over its signature, a caption over its
   photo credit, a gallery's captions, a caption shown twice), teasers under "More stories", and
   after the story a row of dated cards of other articles or a tail of such cards between labels,
   and a table of results that is the story's own;
5. the headline is the best title-like line before the story (page_headline.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .languages import page_stopwords
from .page_context import (
    LABELLED_VALUE,
    SCORE_ROW,
    captions,
    cut_teasers,
    dated_cards,
    is_post_signature,
    posts_and_credited,
    reader_comments,
    results_after_story,
    teasers_after_heading,
    trailing_cards,
)
from .page_headline import find_headline
from .page_patterns import (
    SENTENCE_END,
    classify_pattern,
    clean_byline,
    is_caption,
    is_caption_prose,
    is_menu_glue,
    is_person_name,
    is_tag_list,
    line_key,
    looks_like_dateline,
    stopword_density,
)
from .page_units import Unit, units_of


@dataclass(frozen=True, slots=True)
class CleanPage:
    """What a page says once its site is taken away."""

    headline: str | None
    paragraphs: tuple[tuple[str, str, tuple[int, ...]], ...]  # (kind 'p'/'h', text, 0-based lines)
    author: str | None
    publisher: str | None
    stamp: str | None
    dateline: str | None
    kinds: str  # one character per input line: H M X F .


# ---------------------------------------------------------------------------------------- judging

def _judge(text: str, stopwords: Collection[str]) -> str:
    """``good``, ``near``, ``short`` or ``bad`` for a unit of no known pattern (jusText's classes)."""
    words = text.split()
    density = stopword_density(text, stopwords)
    sentence_end = bool(re.search(r"[.!?…][\"”’')\]]*$", text))
    if len(words) < 5 or (len(text) < 40 and not sentence_end):
        return "short"
    if density >= 0.28 and (sentence_end or len(words) >= 25) and not (text.endswith("?") and len(words) <= 20):
        return "good"  # a short question is a heading (an explainer's headline, a sub-heading), not a paragraph
    if density >= 0.18 and (sentence_end or len(words) >= 12):
        return "near" if len(words) < 40 or not sentence_end else "good"
    if len(words) >= 20 and density >= 0.12:
        return "near"
    return "bad"


_WIRE_LEDE = re.compile(r"^[A-Z][A-Za-z.'\- ]{2,40}(?:, [A-Z][A-Za-z. ]{1,20}){0,2},? "
                        r"[A-Z][a-zA-Z]{2,8}\.? \d{1,2} [-–—]{1,2} \S")


def _initial(units: Sequence[Unit], repeated: Collection[str], stopwords: Collection[str]) -> list[str]:
    """A first class for every unit: a pattern class (F/X/...) or a jusText-style class, judged
    with the stopwords of the page's language."""
    classes = []
    for unit in units:
        pattern = classify_pattern(unit.text)
        if pattern is None and _WIRE_LEDE.match(unit.text):
            pattern = "good"  # "CARROLLTON, Texas, Feb 26 - Shr loss 22 cts": a wire story starts here
        classes.append(pattern if pattern else _judge(unit.text, stopwords))
    for index, unit in enumerate(units):
        # A line the batch's other pages show too is their site's template, unless it is a short
        # heading over a paragraph ("What happened?" heads a section of many stories).
        heading = len(unit.text.split()) <= 8 and (unit.text.endswith(("?", ":")) or unit.text.isupper()) \
            and index + 1 < len(units) and classes[index + 1] in ("good", "near")
        if line_key(unit.text) in repeated and not heading:
            classes[index] = "F"
    return classes


def _story_span(units: Sequence[Unit], classes: Sequence[str]) -> tuple[int, int] | None:
    """First and last good unit, widened over rows of figures that touch them (wire copy's
    tables: "Shr 34 cts vs 1.19 dlrs"); None when the page has no good unit at all."""
    good = [i for i, c in enumerate(classes) if c == "good"]
    if not good:
        return None
    return _widen(units, classes, good[0], -1), _widen(units, classes, good[-1], 1)


def _widen(units: Sequence[Unit], classes: Sequence[str], edge: int, step: int) -> int:
    """Move a story edge over a table of figures beside it: units that are not furniture, most of
    which hold figures, ending on one that does (a label row such as "Sorghum nil" may sit inside)."""
    best, index, with_digits, seen = edge, edge + step, 0, 0
    while 0 <= index < len(units) and classes[index] in ("short", "bad", "near"):
        seen += 1
        if re.search(r"\d", units[index].text):
            with_digits += 1
            if with_digits * 2 >= seen:
                best = index
        index += step
    return best


def _neighbour(classes: Sequence[str], index: int, step: int) -> str:
    """The class of the nearest unit that is not short, looking in ``step`` direction."""
    index += step
    while 0 <= index < len(classes):
        if classes[index] not in ("short", "F", "X"):
            return classes[index]
        index += step
    return "edge"


def _in_story(units: Sequence[Unit], classes: Sequence[str], span: tuple[int, int],
              stopwords: Collection[str]) -> list[str]:
    """Final classes: M main text, F furniture, X metadata (H is decided later)."""
    first, last = span
    final = []
    for index, (unit, cls) in enumerate(zip(units, classes, strict=True)):
        if cls in ("F", "X"):
            final.append(cls)
        elif index < first or index > last:
            final.append(_outside(units, classes, index, span, stopwords))
        elif cls in ("good", "near"):
            final.append("M")
        elif cls == "short":
            final.append(_short_inside(units, classes, index))
        elif index == len(units) - 1 and index > 0 and _cut_off_ending(units, classes, index - 1, stopwords):
            final.append("M")  # the story's last line, cut off where the page ends ("... on 6 February 2")
        else:
            final.append("M" if _neighbour(classes, index, -1) == "good" and _neighbour(classes, index, 1) == "good"
                         or _sentence_among_paragraphs(units, classes, index)
                         or _in_data_rows(units, index) or _live_entry(units, classes, index)
                         or cls == "bad" and _lede_of_few_stopwords(units, classes, index)
                         or _lead_in(unit.text, stopwords) or _wrapped(units, classes, index) else "F")
    return final


def _sentence_among_paragraphs(units: Sequence[Unit], classes: Sequence[str], index: int) -> bool:
    """A whole sentence of few function words between two paragraphs of the story, one of them short
    ("Correspondents say Mr Hichilema, 59, tapped into widespread dissatisfaction among voters."),
    is the story's, unless it describes a picture."""
    text = units[index].text
    neighbours = (_neighbour(classes, index, -1), _neighbour(classes, index, 1))
    return "good" in neighbours and all(n in ("good", "near") for n in neighbours) and len(text.split()) >= 5 \
        and text[:1].isupper() and re.search(r"[a-z]{2}[.!?][\"”’]?$", text) is not None \
        and not is_caption_prose(text)


# A heading over other articles: "LATEST WORLD STORIES", "More from Europe", "You may also like".
def _outside(units: Sequence[Unit], classes: Sequence[str], index: int, span: tuple[int, int],
             stopwords: Collection[str]) -> str:
    """A unit before the first or after the last good paragraph: furniture, unless it continues the
    story (a near-good paragraph right after the last good one, or right before the first)."""
    cls = classes[index]
    first, last = span
    if index > last and _cut_off_ending(units, classes, last, stopwords):
        return "M"  # the story's last lines, cut off where the page (or its excerpt) ends
    if index < first and first - index <= 3 and is_person_name(units[index].text):
        return "X"  # a byline without "By", between the headline and the lede
    if index < first and _summary_bullets(units, classes, index, first):
        return "M"  # a wire story's summary bullets ("* PM loses leadership vote by 54-44")
    if index == first - 1 and cls == "short" and units[index].text.endswith((":", "?")):
        return "M"  # "WHAT HAPPENED:" right above the first paragraph: the story's first sub-heading
    if cls == "bad" and index < first and _lede_of_few_stopwords(units, classes, index):
        return "M"
    if index > last and cls in ("short", "bad") and _live_entry(units, classes, index):
        return "M"  # a live blog's last entry, after the last paragraph
    if index < first and cls in ("short", "bad") and _wrapped(units, classes, index):
        return "M"  # "Hurricane Dorian was" / "upgraded to a Category 5 ...": the lede broken into lines
    if cls != "near":
        return "F"
    gap = range(last + 1, index) if index > last else range(index + 1, first)
    between = [classes[i] for i in gap]
    if is_caption(units[index].text):
        return "F"
    if all(c == "near" for c in between):
        return "M"
    if index > last and all(c in ("near", "F", "X") for c in between) \
            and any(is_post_signature(units[i].text) for i in gap):
        return "M"  # the story goes on between the posts it embeds (a live page's entries)
    # A lede just above the first good paragraph, below the headline and byline (or a sentence over
    # one short prompt: "Details below…").
    prompts = [i for i in gap if classes[i] == "F"]
    if index < first and len(between) <= 3 and all(c in ("near", "X", "short", "F") for c in between) \
            and (not prompts or len(prompts) == 1 and len(units[prompts[0]].text.split()) <= 4
                 and SENTENCE_END.search(units[index].text)):
        return "M"
    return "F"


def _wrapped(units: Sequence[Unit], classes: Sequence[str], index: int) -> bool:
    """A piece of a paragraph that a scraper broke into lines with blank lines between: it runs on
    into a story line below that starts in lower case ("... witnessed the ceremony," / "which was
    broadcast live."), or on from a story line above that stopped mid-sentence ("... and incumbent")."""
    text = units[index].text
    below = units[index + 1] if index + 1 < len(units) else None
    above = units[index - 1] if index > 0 else None
    runs_on = below is not None and below.text[:1].islower() and re.search(r"[\w,;]$", text) is not None \
        and (classes[index + 1] in ("good", "near") or re.search(r"[.!?][\"”’)]*$", below.text) is not None)
    runs_from = above is not None and classes[index - 1] in ("good", "near") and re.search(r"[a-z,;]$", above.text) \
        is not None and re.search(r"[.!?][\"”’)]*$", text) is not None
    return runs_on or runs_from


def _lead_in(text: str, stopwords: Collection[str]) -> bool:
    """A sentence of the story that ends on a colon to bring in what follows (a quote, a list, an
    embedded post: "He climbed into the crowd after the match:"), unless what follows is a player
    ("Watch the full video:"); or one that says a post was made ("The Prime Minister has tweeted his thanks")."""
    if len(text.split()) >= 5 and _POSTED.search(text) and not text.endswith(("?", "!")):
        return True
    return text.endswith(":") and len(text.split()) >= 5 and stopword_density(text, stopwords) >= 0.25 \
        and not re.search(r"\b(?:watch|video|listen|click|photos?|gallery|live coverage)\b", text, re.IGNORECASE)


_POSTED = re.compile(r"\b(?:tweeted|posted (?:on|to) (?:twitter|x|instagram|facebook)|wrote on (?:twitter|x|instagram|"
                     r"facebook))\b", re.IGNORECASE)


def _lede_of_few_stopwords(units: Sequence[Unit], classes: Sequence[str], index: int) -> bool:
    """A sentence of eight words or more right above the first good paragraph (metadata aside) is
    the lede even with few function words ("Sri Lanka's banks face hard times after the tsunami,
    officials have warned."): jusText's density is made for paragraphs, not for headline-like ledes."""
    text = units[index].text
    if "good" in classes[:index] or len(text.split()) < 8 or not text[:1].isupper() \
            or not re.search(r"[a-z]{2}[.!?][\"”’]?$", text):
        return False
    below = index + 1
    while below < len(classes) and classes[below] == "X":
        below += 1
    return below < len(classes) and classes[below] == "good"


def _summary_bullets(units: Sequence[Unit], classes: Sequence[str], index: int, first: int) -> bool:
    """Is the unit one of a run of two or more bullet lines that ends right above the story?"""
    bullet = re.compile(r"^[*•]\s+\S")
    if not bullet.match(units[index].text):
        return False
    end = index
    while end + 1 < first and bullet.match(units[end + 1].text):
        end += 1
    start = index
    while start > 0 and bullet.match(units[start - 1].text):
        start -= 1
    between = classes[end + 1:first]
    return end > start and len(between) <= 2 and all(c in ("X", "short") for c in between)


def _cut_off_ending(units: Sequence[Unit], classes: Sequence[str], last: int, stopwords: Collection[str]) -> bool:
    """Does the page end, right after its last good paragraph, with at most a sub-heading and a
    line cut off mid-sentence (an excerpt's end)? Furniture may sit between them (a caption) when
    the cut line reads as prose."""
    tail = [i for i in range(last + 1, len(units)) if classes[i] not in ("F", "X")]
    if not tail or tail[-1] != len(units) - 1:
        return False
    if len(tail) < len(units) - last - 1:  # furniture in between: only a line of prose cut short
        ending = units[tail[-1]].text
        return len(tail) == 1 and len(ending.split()) >= 5 and stopword_density(ending, stopwords) >= 0.3 \
            and not re.search(r"[.!?:\"”]$", ending) and ending[:1].isupper()
    if not 1 <= len(tail) <= 2 or any(classes[i] not in ("short", "bad", "near") for i in tail):
        return False
    ending = units[tail[-1]].text
    if re.search(r"[.!?:\"”]$", ending) or is_person_name(ending) or (ending.isupper() and len(ending) > 1):
        return False
    heading = units[tail[0]].text
    return len(tail) == 1 or heading.endswith((":", "?")) or (len(heading.split()) <= 8 and heading[:1].isupper()
                                                             and not re.search(r"[.!,;]$", heading))


def _short_inside(units: Sequence[Unit], classes: Sequence[str], index: int) -> str:
    """A short unit inside the story: a sub-heading or short paragraph, unless it is one of a run
    of short lines (links, tags, a list of other stories) or a caption."""
    text = units[index].text
    if is_caption(text) or is_tag_list(text) or is_menu_glue(text):
        return "F"
    if is_person_name(text) and (classes[index - 1] if index else "edge") not in ("good", "near"):
        return "X"  # a byline without "By", under the headline
    if text.isupper() and 2 <= len(text.split()) <= 3 and is_person_name(text.title()):
        return "F"  # "JOSH EDELSON": a photographer's credit left between paragraphs
    if re.search(r"\d", text) and _figures_run(units, classes, index):
        return "M"  # rows of figures in wire copy ("Shr 28 cts vs 22 cts"): data, not links
    before = classes[index - 1] if index > 0 else "edge"
    after = classes[index + 1] if index + 1 < len(classes) else "edge"
    run = before in ("short", "bad") or after in ("short", "bad")
    if run and not text.endswith(("?", ".", "!", ":")) and not _DATA_LINE.search(text):
        # Three short lines in a row are a list of links; two may be a heading and a sub-heading.
        left = index > 1 and classes[index - 2] in ("short", "bad") and before in ("short", "bad")
        right = index + 2 < len(classes) and classes[index + 2] in ("short", "bad") and after in ("short", "bad")
        if left or right or (before in ("short", "bad") and after in ("short", "bad")):
            return "F"
    return "M"


# A line of data, not a link: a score or a time ("England 241-8", "12:00 PM: group stage"), a
# fixture ("Qatar vs Ecuador"), a labelled value ("Venue: Al Bayt Stadium").
_DATA_LINE = re.compile(rf"\d[\d.,:/-]*\d|\b(?:vs?\.?|versus)\s|{LABELLED_VALUE.pattern}")


_ROW_SHAPES = (re.compile(r"^\d{1,2}[:.]\d\d\s?(?:[AaPp]\.?[Mm]\.?)?\b"),  # "12:00 PM: group stage"
               SCORE_ROW,
               re.compile(r"^\S.{0,40}\s(?:vs?\.?|versus)\s\S"),  # "Qatar vs Ecuador"
               LABELLED_VALUE)


def _in_data_rows(units: Sequence[Unit], index: int) -> bool:
    """A row of a table or list of data, next to a row of the same shape: of a known kind (a fixture
    list's "6:00 PM: group stage, R16, final" under "3:00 PM: group stage") or with the same
    skeleton ("Hanover def. Lebo (G), 59-34." under "Hesston def. Marysville (B), 50-44")."""
    text = units[index].text
    neighbours = [units[i].text for i in (index - 1, index + 1) if 0 <= i < len(units)]
    shape = _row_shape(text)
    return any(pattern.search(text) and any(pattern.search(other) for other in neighbours)
               for pattern in _ROW_SHAPES) or shape is not None and any(_row_shape(o) == shape for o in neighbours)


# "21:07 Marine Le Pen : ...", "17.25 (15.25 GMT): El ministro ...": a live blog's entry under its time.
_LIVE_ENTRY = re.compile(r"^\d{1,2} ?[:.h] ?\d\d(?: \(\d{1,2}[:.]\d\d [A-Z]{2,4}\))?[:.]? ?[^\W\d]")


def _live_entry(units: Sequence[Unit], classes: Sequence[str], index: int) -> bool:
    """An entry of a live blog under its time, among entries of the same shape that are the
    story's (two or more within eight units): short or few-worded, it is still the story."""
    if not _LIVE_ENTRY.match(units[index].text):
        return False
    near = range(max(0, index - 8), min(len(units), index + 9))
    return sum(1 for i in near if i != index and classes[i] in ("good", "near")
               and _LIVE_ENTRY.match(units[i].text)) >= 2


def _figures_run(units: Sequence[Unit], classes: Sequence[str], index: int) -> bool:
    """Is the unit in a run of short lines of which at least half hold figures? (Counted within
    25 lines either side: a page of thousands of short lines costs linear time.)"""
    start = end = index
    while start > max(0, index - 25) and classes[start - 1] == "short":
        start -= 1
    while end + 1 < min(len(classes), index + 26) and classes[end + 1] == "short":
        end += 1
    run = units[start:end + 1]
    return sum(1 for u in run if re.search(r"\d", u.text)) * 2 >= len(run)

# ------------------------------------------------------------------------------------------- page

# "Why was August 23 chosen?1 min read 23 Aug 2023, 06:04 PM IST": a reading time and stamp glued
# to a headline or deck; alone on a line it is furniture like any stamp.
_READING_TIME = re.compile(r"(?<=\S)\s*\b\d{1,2} min(?:ute)?s? read\b.*$", re.IGNORECASE)


def _without_reading_time(line: str) -> str:
    match = _READING_TIME.search(line)
    return line[:match.start()].rstrip() if match and len(line[:match.start()].split()) >= 3 else line


def clean_page(text: str, *, url: str | None = None, repeated: Collection[str] = frozenset()) -> CleanPage:
    """Classify the lines of one page and keep its story (see the module docstring)."""
    lines = [_without_reading_time(" ".join(line.split())) for line in text.split("\n")]
    units = units_of(lines)
    stopwords = page_stopwords(unit.text for unit in units if len(unit.text) > 60)
    classes = posts_and_credited(units, captions(units, _initial(units, repeated, stopwords)))
    span = _story_span(units, classes)
    if span is None:
        # No paragraph at all (a brief, a table of results): keep every line that is not furniture.
        final = ["F" if c in ("F",) else ("X" if c == "X" else "M") for c in classes]
        first_story = len(units)
    elif classes[0] == "good" and not any(c in ("F", "X") for c in classes):
        # Not one line of site furniture or metadata: clean copy (wire text, a draft), every line is text.
        final = ["M"] * len(units)
        first_story = span[0]
    else:
        final = _in_story(units, classes, span, stopwords)
        final = teasers_after_heading(units, final, stopwords)
        final = cut_teasers(units, trailing_cards(units, dated_cards(units, final)))
        final = results_after_story(units, reader_comments(units, final))
        final = _whole_lists(units, classes, _listed_after_colon(units, classes, final))
        first_story = span[0]
    first_story = _lede_shown_again(units, first_story)
    found = find_headline(units, classes, final, first_story, url)
    head, headline = _uncut(units, *found) if found is not None else (None, None)
    if head is not None:
        key = line_key(units[head].text)
        marked = ["H" if line_key(unit.text) == key and (index <= first_story or final[index] != "M") else kind
                  for index, (unit, kind) in enumerate(zip(units, final, strict=True))]
        if "M" in marked:  # a page's only line of text is its text, not a headline over nothing
            final = _deck(units, classes, marked, head, first_story, stopwords)
        else:
            head = None
    return _assemble(lines, units, final, headline if head is not None else None)


def _lede_shown_again(units: Sequence[Unit], first_story: int) -> int:
    """Where the story starts for its headline: a page may show the lede once above the headline
    (the page's description) and again under it, where the story starts."""
    if first_story >= len(units):
        return first_story
    key = line_key(units[first_story].text)
    for index in range(first_story + 1, min(len(units), first_story + 8)):
        if line_key(units[index].text) == key:
            return index
    return first_story


def _listed_after_colon(units: Sequence[Unit], classes: Sequence[str], final: list[str]) -> list[str]:
    """The items a story's line announces with a colon ("The votes of the other candidates are:"):
    the short lines of one shape right under it that end no sentence, up to the first that is known
    furniture, a paragraph or of another shape (a menu's "Sport" under "6:00 PM: third round"); a
    photo's caption between the line and its items stays furniture. Two items at least, else the
    colon announced something else."""
    def shape(text: str) -> tuple[bool, bool]:
        return bool(re.search(r"\d", text)), len(text.split()) >= 3

    final = list(final)
    for index, unit in enumerate(units):
        if final[index] != "M" or not unit.text.endswith(":") or index + 1 >= len(units):
            continue
        start = index + 1
        while start < min(len(units) - 1, index + 3) and classes[start] == "F" and is_caption(units[start].text):
            start += 1
        end, first = start, shape(units[start].text)
        while end < len(units) and classes[end] in ("bad", "short", "near") and len(units[end].text.split()) <= 25 \
                and not SENTENCE_END.search(units[end].text) and shape(units[end].text) == first:
            end += 1
        if end - start > 1:
            for item in range(start, end):
                final[item] = "M"
    return final


def _whole_lists(units: Sequence[Unit], classes: Sequence[str], final: list[str]) -> list[str]:
    """A list the story keeps most of is kept whole: a timeline's short items ("• July 2015: Escape
    via tunnel") read as fragments one by one, but not among their siblings. Known furniture stays out."""
    final = list(final)
    keys = [unit.text[:1] if _BULLET.match(unit.text) else None for unit in units]
    start = 0
    while start < len(units):
        end = start
        while end < len(units) and keys[end] is not None and keys[end] == keys[start]:
            end += 1
        run = range(start, end)
        if len(run) >= 3 and sum(final[i] == "M" for i in run) * 2 >= len(run):
            for i in run:
                if classes[i] not in ("F", "X"):
                    final[i] = "M"
        start = max(end, start + 1)
    return final


def _row_shape(text: str) -> str | None:
    """A short line with figures, written as its skeleton: names as "A", other words as "a",
    numbers as "0" ("Hanover def. Lebo (G), 59-34." -> "A a. A (A), 0-0")."""
    if len(text.split()) > 25 or not re.search(r"\d", text):
        return None
    shape = re.sub(r"[^\W\d_]+", lambda m: "A" if m.group(0)[0].isupper() else "a", re.sub(r"\d+", "0", text))
    return re.sub(r"a(?: a)+", "a", re.sub(r"A(?:[ -]A)+", "A", shape)).rstrip(".;")


def _uncut(units: Sequence[Unit], head: int, headline: str) -> tuple[int, str]:
    """A headline the site cut short ("Storm closes ferry crossings to Sa...") whose whole copy
    stands within three lines below it: the whole copy is the headline."""
    if not headline.endswith(("...", "…")):
        return head, headline
    key = line_key(headline)
    for index in range(head + 1, min(len(units), head + 4)):
        if line_key(units[index].text).startswith(key) and len(units[index].text) > len(headline):
            return index, units[index].text
    return head, headline


def _deck(units: Sequence[Unit], classes: Sequence[str], final: list[str], head: int, first_story: int,
          stopwords: Collection[str]) -> list[str]:
    """The line right under the headline, above the story, that sums it up in a sentence (the deck
    or standfirst, "Extremely tight race marks an about-face for country") is text; so are the
    bullets of a summary there ("• 21,000 staff have lost their jobs"). The headline may be shown
    twice above it."""
    index = head + 1
    while index < first_story and line_key(units[index].text) == line_key(units[head].text):
        index += 1
    final = list(final)
    while _sums_up(units, classes, final, index, first_story, stopwords):
        final[index] = "M"
        if not _BULLET.match(units[index].text):
            break
        index += 1
        if index < len(units) and not _BULLET.match(units[index].text):
            break  # after one bullet only bullets go on the summary
    return final


_BULLET = re.compile(r"^[•·▪■◆►*-]\s")


def _sums_up(units: Sequence[Unit], classes: Sequence[str], final: Sequence[str], index: int, first_story: int,
             stopwords: Collection[str]) -> bool:
    """Whether the unit under the headline is a sentence of the story's summary, not furniture."""
    if index >= first_story or index >= len(units) or final[index] != "F" or classes[index] in ("F", "X"):
        return False
    text = units[index].text
    return not (len(text.split()) < (4 if _BULLET.match(text) else 6) or is_caption(text) or is_tag_list(text)
                or is_menu_glue(text) or stopword_density(text, stopwords) < 0.15)


def _assemble(lines: Sequence[str], units: Sequence[Unit], final: Sequence[str], headline: str | None) -> CleanPage:
    kinds = ["." if not line else "F" for line in lines]
    paragraphs: list[tuple[str, str, tuple[int, ...]]] = []
    author = publisher = stamp = dateline = None
    seen: set[str] = set()
    for unit, kind in zip(units, final, strict=True):
        for i in range(unit.first, unit.last + 1):
            kinds[i] = kind
        numbers = tuple(range(unit.first, unit.last + 1))
        if kind == "M" and len(unit.text) > 40 and line_key(unit.text) in seen:
            continue  # a paragraph the page shows twice (its description above the headline, a live post's copy)
        if kind == "M":
            seen.add(line_key(unit.text))
            marked = re.match(r"^#{1,6}\s+(.*)$", unit.text)  # a Markdown-style heading
            if marked:
                paragraphs.append(("h", marked.group(1).strip(" #"), numbers))
            else:
                kind_of_text = "li" if _BULLET.match(unit.text) else "h" if _is_subheading(unit.text) else "p"
                paragraphs.append((kind_of_text, unit.text, numbers))
        elif kind == "X":
            found = clean_byline(unit.text)
            if found[0] == "author" and author is None:
                author = found[1]
            elif found[0] == "publisher" and publisher is None:
                publisher = found[1]
            elif found[0] == "stamp" and stamp is None:
                stamp = found[1]
            elif found[0] == "dateline" and dateline is None:
                dateline = found[1]
    paragraphs = _data_rows_as_paragraphs(paragraphs)
    if paragraphs and dateline is None:
        dateline = looks_like_dateline(paragraphs[0][1])
    return CleanPage(headline, tuple(paragraphs), author, publisher, stamp, dateline, "".join(kinds))


def _data_rows_as_paragraphs(blocks: list[tuple[str, str, tuple[int, ...]]]
                             ) -> list[tuple[str, str, tuple[int, ...]]]:
    """Short lines that open a wire story ("CHICAGO, Feb 26 - Shr 34 cts") or run together with
    figures ("Net 807,000 vs 2,858,000") are text and data, not sub-headings."""
    result = [("p", text, lines) if kind == "h" and _WIRE_LEDE.match(text) else (kind, text, lines)
              for kind, text, lines in blocks]
    index = 0
    while index < len(result):
        end = index
        while end < len(result) and result[end][0] == "h":
            end += 1
        run = result[index:end]
        if len(run) >= 2 and sum(1 for b in run if re.search(r"\d", b[1])) * 2 >= len(run):
            result[index:end] = [("p", text, lines) for _, text, lines in run]
        index = max(end, index + 1)
    return result


# A line that ends on a function word was cut off by the scraper: text, not a sub-heading.
_CUT_OFF = re.compile(r"\b(?:a|an|the|of|to|in|on|at|by|for|and|or|with|from|that|its|their|his|her|our|is|are|"
                      r"was|were|be|been|will|would|has|have|had)$", re.IGNORECASE)


def _is_subheading(text: str) -> bool:
    words = text.split()
    if text.endswith("?") and len(words) <= 25:
        return True
    if text.endswith(":") and text.isupper() and len(words) <= 10:
        return True  # "WHAT HAPPENED:" in an explainer
    return 0 < len(words) <= 14 and len(text) <= 120 and not re.search(r"[.!;:,…\"”’')\]]$", text) \
        and not (len(words) >= 4 and _CUT_OFF.search(text))  # "Customers are advised to call TUI on"


# ------------------------------------------------------------------------------------- the batch

def recurring_lines(pages: Sequence[tuple[str | None, str]], *, same_site: int = 2, anywhere: int = 3
                    ) -> frozenset[str]:
    """Keys of the short lines that recur across a batch of pages: on ``same_site`` pages of one
    site, or on ``anywhere`` pages of any sites. Such a line is the site's template (a menu, a
    slogan, a share prompt), not a story's text. Pages telling the same story (the same longest
    line) count once, so a story ingested twice does not erase itself."""
    site_groups: dict[tuple[str, str], set[str]] = {}
    all_groups: dict[str, set[str]] = {}
    for site, text in pages:
        lines = [" ".join(line.split()) for line in text.split("\n")]
        keys = {line_key(line) for line in lines if 0 < len(line.split()) <= 30} - {""}
        if not keys:
            continue
        story = line_key(max(lines, key=len))
        for key in keys:
            all_groups.setdefault(key, set()).add(story)
            if site:
                site_groups.setdefault((site, key), set()).add(story)
    found = {key for key, groups in all_groups.items() if len(groups) >= anywhere}
    found.update(key for (_, key), groups in site_groups.items() if len(groups) >= same_site)
    return frozenset(found)
