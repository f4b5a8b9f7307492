"""Shallow, site-independent features of a page's units for a small learned line model
(an experiment, see README.md here: not used by briefgen at run time).

After Kohlschütter et al. (2010, "Boilerplate detection using shallow text features") and
jusText: a unit's length, stopword density, punctuation, capitals and figures, the same of its
neighbours, its place on the page, the furniture patterns of page_patterns, and what the rule
classifier (page_text) made of it. No word of any one site is a feature, so what is learned on
some sites can carry over to others.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence

from briefgen.ingest.page_patterns import (
    classify_pattern,
    is_caption,
    is_caption_prose,
    is_card_date,
    is_dated_scene,
    is_menu_glue,
    is_more_stories_heading,
    is_person_name,
    is_stamp,
    is_tag_list,
    line_key,
    stopword_density,
)
from briefgen.ingest.page_units import Unit

_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")
_SEPARATORS = re.compile(r"[|•·»›>/\\]")


def _shape(text: str, stopwords: Collection[str]) -> dict[str, float]:
    """What the unit's own text looks like, whatever site it comes from."""
    words = text.split()
    n = max(len(words), 1)
    letters = sum(ch.isalpha() for ch in text) or 1
    return {
        "log_chars": math.log1p(len(text)),
        "log_words": math.log1p(len(words)),
        "word_len": sum(len(w) for w in words) / n,
        "stop": stopword_density(text, stopwords),
        "end_sentence": float(bool(_SENTENCE_END.search(text))),
        "end_colon": float(text.endswith(":")),
        "end_question": float(text.endswith("?")),
        "end_cut": float(text.endswith(("...", "…"))),
        "end_open": float(text[-1:].isalpha() or text.endswith((",", ";"))),
        "start_lower": float(text[:1].islower()),
        "start_mark": float(text[:1] in "-•*·–—|>#"),
        "sentences": min(len(re.findall(r"[.!?][\"”’')]*\s+[A-Z“\"]", text)), 5.0),
        "commas": text.count(",") / n,
        "caps": sum(w[:1].isupper() for w in words) / n,
        "upper": float(letters > 3 and text.upper() == text),
        "digits": sum(ch.isdigit() for ch in text) / max(len(text), 1),
        "separators": min(len(_SEPARATORS.findall(text)), 5.0),
        "at_hash_url": float(bool(re.search(r"[@#]\w|https?://|www\.", text))),
        "quote": float(text[:1] in "\"“‘'" or text.endswith(("\"", "”"))),
    }


def _patterns(text: str) -> dict[str, float]:
    """The site-independent furniture and metadata patterns of page_patterns."""
    pattern = classify_pattern(text)
    return {
        "pat_F": float(pattern == "F"),
        "pat_X": float(pattern == "X"),
        "stamp": float(is_stamp(text)),
        "card_date": float(is_card_date(text)),
        "caption": float(is_caption(text)),
        "caption_prose": float(is_caption_prose(text)),
        "dated_scene": float(is_dated_scene(text)),
        "tags": float(is_tag_list(text) or is_menu_glue(text)),
        "person": float(is_person_name(text)),
        "more_heading": float(is_more_stories_heading(text)),
    }


_NEIGHBOUR_KEYS = ("log_words", "stop", "end_sentence", "caps", "digits")
_CLASSES = ("good", "near", "short", "bad", "F", "X")
_KINDS = ("M", "F", "X", "H")


def _prose(shape: dict[str, float]) -> bool:
    """A rule-free sign of story text (jusText's 'good'): long enough, many stopwords, a sentence."""
    return shape["log_words"] >= math.log1p(12) and shape["stop"] >= 0.25 and shape["end_sentence"] > 0


def _distances(flags: Sequence[bool]) -> tuple[list[int], list[int]]:
    """Units to the nearest flagged unit before and after each unit (capped at 10)."""
    before, after = [10] * len(flags), [10] * len(flags)
    last = None
    for i, flag in enumerate(flags):
        before[i] = min(10, i - last) if last is not None else 10
        if flag:
            last = i
    last = None
    for i in range(len(flags) - 1, -1, -1):
        after[i] = min(10, last - i) if last is not None else 10
        if flags[i]:
            last = i
    return before, after


def unit_features(units: Sequence[Unit], classes: Sequence[str], final: Sequence[str],
                  stopwords: Collection[str], repeated: Collection[str]) -> list[dict[str, float]]:
    """One feature dict per unit: its shape and patterns, its neighbours' shapes, its place on the
    page and relative to the stretch of prose, and (``rule_*``) what page_text decided for it."""
    n = len(units)
    shapes = [_shape(unit.text, stopwords) for unit in units]
    prose = [_prose(shape) for shape in shapes]
    prose_at = [i for i, flag in enumerate(prose) if flag]
    kept = [kind == "M" for kind in final]
    kept_at = [i for i, flag in enumerate(kept) if flag]
    prose_before, prose_after = _distances(prose)
    kept_before, kept_after = _distances(kept)
    rows = []
    for i, unit in enumerate(units):
        row = dict(shapes[i])
        row.update(_patterns(unit.text))
        row["repeated"] = float(line_key(unit.text) in repeated)
        row["position"] = i / max(n - 1, 1)
        row["log_units"] = math.log1p(n)
        row["prose_before"], row["prose_after"] = prose_before[i], prose_after[i]
        row["prose_outside"] = float(not prose_at or i < prose_at[0] or i > prose_at[-1])
        for step in (-2, -1, 1, 2):
            j = i + step
            for key in _NEIGHBOUR_KEYS:
                row[f"n{step:+d}_{key}"] = shapes[j][key] if 0 <= j < n else -1.0
            row[f"n{step:+d}_prose"] = float(prose[j]) if 0 <= j < n else -1.0
            row[f"rule_n{step:+d}_M"] = float(kept[j]) if 0 <= j < n else -1.0
        for cls in _CLASSES:
            row[f"rule_class_{cls}"] = float(classes[i] == cls)
        for kind in _KINDS:
            row[f"rule_kind_{kind}"] = float(final[i] == kind)
        row["rule_M_before"], row["rule_M_after"] = kept_before[i], kept_after[i]
        row["rule_outside"] = float(not kept_at or i < kept_at[0] or i > kept_at[-1])
        row["rule_share_M"] = len(kept_at) / max(n, 1)
        rows.append(row)
    return rows
