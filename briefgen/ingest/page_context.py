"""Furniture that only its context gives away (see page_text.py): photo captions written as prose
(no story text above them, a caption shown twice, an image's title over its credit, a gallery of
three or more), and teasers of other articles under a "More stories" heading."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from .page_patterns import content_words, is_caption, is_caption_prose, is_more_stories_heading, line_key
from .page_units import Unit

_SENTENCE_END = re.compile(r"[.!?…][\"”’']?(?:\s*\([^()]{1,40}\))?$")  # "... military."(Source: NBC)


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
                    and _SENTENCE_END.search(unit.text) and len(unit.text.split()) <= 60:
                result[index] = result[previous] = "F"  # a caption (or pull quote) shown twice above the story
            elif story_seen and result[index] == "bad" and index + 1 < len(units) and result[index + 1] == "F" \
                    and is_caption(units[index + 1].text) and len(unit.text.split()) >= 4:
                result[index] = "F"  # an image's title over its credited caption
        if story_seen and result[index] in ("good", "near", "bad", "short") and 4 <= len(unit.text.split()) <= 15 \
                and not _SENTENCE_END.search(unit.text) and _shown_again(units, index):
            result[index] = "F"  # a caption shown twice within the story (a scraper may repeat paragraphs)
        seen_before_previous = story_seen
        story_seen = story_seen or result[index] == "good"
    return _gallery(units, result)


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
