"""The same story told twice: near-identical text, or the same title-event on the same day.

Takes drafts (and the briefings ingest wrote in earlier runs); gives which drafts are duplicates
of which: within a run they become extra sources of the first (``deduplicate``), and a new draft
telling the story of an earlier run's briefing becomes an extra source there (``earlier_stories``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .extract import BriefingDraft
from .store import ExistingBriefing, draft_key, merged_sources, read_story, shingles


def _title_words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]{3,}", title.lower())
            if w not in {"the", "and", "for", "with", "from", "after", "says", "said", "over", "into"}}


class Stories:
    """Stories seen so far, to know the same story told again: near-identical text (Jaccard
    similarity of word 5-grams >= 0.6, candidates found through a sample of them), or the same
    title-event on the same day in the same first country."""

    def __init__(self) -> None:
        self.shingle_sets: list[set[int]] = []
        self.titles: list[set[str]] = []
        self.first_countries: list[str] = []
        self.by_shingle: dict[int, list[int]] = {}
        self.by_date: dict[str, list[int]] = {}

    def find(self, text: str, title: str, date: str, countries: Sequence[str]) -> int | None:
        own = shingles(text) if text else set()
        candidates: set[int] = set()
        for h in list(self._sample(own))[:400]:
            candidates.update(self.by_shingle.get(h, ()))
        for k in sorted(candidates):
            other = self.shingle_sets[k]
            if own and other and len(own & other) / len(own | other) >= 0.6:
                return k
        words = _title_words(title)
        for k in self.by_date.get(date, ()):
            union = words | self.titles[k]
            same_place = not countries or not self.first_countries[k] or countries[0] == self.first_countries[k]
            if union and len(words & self.titles[k]) / len(union) >= 0.75 and same_place and len(words) >= 3:
                return k
        return None

    def add(self, text: str, title: str, date: str, countries: Sequence[str]) -> int:
        position = len(self.shingle_sets)
        own = shingles(text) if text else set()
        self.shingle_sets.append(own)
        self.titles.append(_title_words(title))
        self.first_countries.append(countries[0] if countries else "")
        for h in self._sample(own):
            self.by_shingle.setdefault(h, []).append(position)
        self.by_date.setdefault(date, []).append(position)
        return position

    @staticmethod
    def _sample(own: set[int]) -> set[int]:
        return {h for h in own if h % 4 == 0} or own


def deduplicate(drafts: list[BriefingDraft]) -> tuple[list[BriefingDraft], dict[int, int]]:
    """Merge duplicates into the first of their kind: (kept drafts, index of a duplicate → kept index)."""
    kept: list[BriefingDraft] = []
    merged_into: dict[int, int] = {}
    extras: dict[int, list[BriefingDraft]] = {}
    stories = Stories()
    for index, draft in enumerate(drafts):
        duplicate_of = stories.find(draft.text, draft.title, draft.date.isoformat(), draft.countries)
        if duplicate_of is not None:
            merged_into[index] = duplicate_of
            extras.setdefault(duplicate_of, []).append(draft)
            continue
        stories.add(draft.text, draft.title, draft.date.isoformat(), draft.countries)
        kept.append(draft)
    for position, others in extras.items():
        kept[position] = merged_sources(kept[position], others)
    return kept, merged_into


def earlier_stories(drafts: Sequence[BriefingDraft], existing: dict[tuple[str, str], ExistingBriefing]
                     ) -> dict[int, ExistingBriefing]:
    """Drafts (by index) that are new to content/ but tell a story a briefing ingested in an
    earlier run already tells: the same story from another seed, found across runs."""
    new = [i for i, d in enumerate(drafts) if (d.source, draft_key(d)) not in existing]
    if not new:
        return {}
    stories = Stories()
    briefings: list[ExistingBriefing] = []
    for briefing in sorted(set(existing.values()), key=lambda e: e.path):
        story = read_story(briefing.path)
        if story is not None:
            stories.add(*story)
            briefings.append(briefing)
    found = {}
    for index in new:
        draft = drafts[index]
        match = stories.find(draft.text, draft.title, draft.date.isoformat(), draft.countries)
        if match is not None and briefings[match].seed != draft.source:
            found[index] = briefings[match]
    return found
