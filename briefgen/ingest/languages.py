"""Which stopwords a page is written in, so that stopword density (jusText's main signal, see
page_text.py) works on pages in French, Portuguese or Czech as it does in English (issue 13).

English uses our own list (page_patterns.STOPWORDS, which the thresholds were tuned with); the
other languages use jusText's stoplists, which ship with jusText (a dependency of trafilatura,
and a runtime dependency of ours). The files are read straight from the installed package: the
lists are data, and importing jusText itself would load lxml for nothing.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .page_patterns import STOPWORDS, words_of

# Languages of news pages written in an alphabet words_of reads; jusText has these lists and more.
LANGUAGES = ("French", "German", "Spanish", "Portuguese", "Italian", "Dutch", "Catalan", "Romanian", "Polish",
             "Czech", "Slovak", "Slovenian", "Croatian", "Serbian", "Hungarian", "Swedish", "Danish",
             "Norwegian_Bokmal", "Finnish", "Estonian", "Latvian", "Lithuanian", "Turkish", "Indonesian", "Malay",
             "Tagalog", "Swahili", "Russian", "Ukrainian", "Bulgarian", "Greek")
_SAMPLE_WORDS = 3000  # enough to tell languages apart; a huge page costs no more
_MIN_SAMPLE = 20  # fewer words than this are judged as English, as before
_OWN_SHARE = 0.14  # on the dev pages English ones had at most 10% of such words, others 17% or more
_ENGLISH_TEXT = 0.25  # a text of English prose has a third or more of its words in the English stoplist
_NO_ENGLISH = 0.08  # below this share of English stopwords a text is not English ...
_ANY_SHARE = 0.06  # ... and the language with the most of its own words is taken (a list of names has few)


@lru_cache(maxsize=1)
def _stoplist_folder() -> Path | None:
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "stoplists"
    return folder if folder.is_dir() else None


@lru_cache(maxsize=None)
def stoplist(language: str) -> frozenset[str]:
    """jusText's stopwords of one language, lower-cased; empty when jusText is not installed."""
    folder = _stoplist_folder()
    path = folder / f"{language}.txt" if folder else None
    if path is None or not path.is_file():
        return frozenset()
    return frozenset(word.strip().lower() for word in path.read_text(encoding="utf-8").splitlines() if word.strip())


@lru_cache(maxsize=None)
def _own_words(language: str) -> frozenset[str]:
    """Words that tell the language apart: the short words of its stoplist that are not English
    (jusText's lists come from Wikipedia, and the long ones hold "the", "of" and names such as
    "Michael" or "Wilson"; function words are short)."""
    return frozenset(w for w in stoplist(language) - stoplist("English") - STOPWORDS if 2 <= len(w) <= 4)


def page_stopwords(texts: Iterable[str]) -> frozenset[str]:
    """The stopwords of the language the texts are written in (see page_language)."""
    language = page_language(texts)
    return stoplist(language) if language else STOPWORDS


def page_language(texts: Iterable[str]) -> str | None:
    """The language the texts are written in, as LANGUAGES names it; None for English: English
    unless 14% or more of their words belong to another language only (and more than to any other).
    Texts told in English (embedded posts, an English menu) are left out of the count when the
    others are most of the words; and when those others hold almost no English function word, they
    are not English whatever their share (Finnish and Russian use few short function words)."""
    sample: list[str] = []
    foreign: list[str] = []  # the words of the texts that are not told in English
    for text in texts:
        words = words_of(text)
        sample.extend(words)
        if words and sum(1 for w in words if w in STOPWORDS) / len(words) < _ENGLISH_TEXT:
            foreign.extend(words)
        if len(sample) >= _SAMPLE_WORDS:
            break
    if len(sample) < _MIN_SAMPLE:
        return None
    if len(foreign) >= max(_MIN_SAMPLE, len(sample) / 2):
        sample = foreign
    english = sum(1 for w in sample if w in STOPWORDS) / len(sample)
    best: str | None = None
    best_share = _OWN_SHARE if english >= _NO_ENGLISH else _ANY_SHARE
    for language in LANGUAGES:
        own = _own_words(language)
        share = sum(1 for w in sample if w in own) / len(sample)
        if share > best_share and stoplist(language):
            best, best_share = language, share
    return best
