"""A scraped page's lines → units: each line is a unit, except hard-wrapped prose (wire copy),
whose lines are joined into one (see page_text.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Unit:
    """One line of the page (or several joined lines of wrapped prose)."""

    first: int  # 0-based index of its first line in the page
    last: int
    text: str


def units_of(lines: Sequence[str]) -> list[Unit]:
    """Non-blank lines as units; a run of hard-wrapped lines (wire copy) becomes one unit."""
    units: list[Unit] = []
    index = 0
    while index < len(lines):
        if not lines[index]:
            index += 1
            continue
        end = index
        while end + 1 < len(lines) and lines[end + 1]:
            end += 1
        units.extend(_split_run(lines, index, end))
        index = end + 1
    return units


def _split_run(lines: Sequence[str], start: int, end: int) -> list[Unit]:
    """A run of consecutive non-blank lines: wrapped prose is joined, anything else stays apart."""
    run = list(range(start, end + 1))
    width = max(len(lines[i]) for i in run)
    # Wrapped at a fixed width: every line but the last fills most of it.
    wrapped = len(run) >= 3 and sum(len(lines[i]) >= 0.7 * width for i in run[:-1]) >= 0.7 * (len(run) - 1)
    units: list[Unit] = []
    current: list[int] = []
    for i in run:
        if current and _continues(lines[current[-1]], lines[i], width, wrapped):
            current.append(i)
            continue
        if current:
            units.append(Unit(current[0], current[-1], " ".join(lines[j] for j in current)))
        current = [i]
    units.append(Unit(current[0], current[-1], " ".join(lines[j] for j in current)))
    return units


def _continues(previous: str, line: str, width: int, wrapped: bool) -> bool:
    """Is ``line`` the continuation of a hard-wrapped ``previous`` line?"""
    if not 40 <= width <= 100 or len(previous) < 0.7 * width:
        return False  # not wrapped at a fixed width: scraped pages put one paragraph per line
    if re.match(r"[*•·–-] |[A-Z][A-Z.'\- ]{2,40}, ", line):
        return False  # a bullet starts an item of its own, a dateline ("CANBERRA, Sept 14") a story
    if re.search(r"[.!?:\"”]$", previous) and line[:1].isupper():
        return False
    if re.match(r"(?:By|Por|Par|Von|Door) [A-Z]", previous) and len(previous) < 80:
        return False  # a byline over its stamp ("1 hour ago 3,240 Views") is no wrapped paragraph
    return bool(re.match(r"[a-z0-9(\"“'‘$€£-]", line)) or (wrapped and not re.search(r"[.!?]$", previous))
