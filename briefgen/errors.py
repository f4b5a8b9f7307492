"""User-facing problems: where something is wrong and what, formatted as ``path:line: message``.

Every stage returns ``Problem`` values instead of raising on the first error, so a build can
report all of them at once. ``ContentErrors`` carries them up to ``cli``, the only place that prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .records import fast_pickle

# Control characters from a file (a NUL in a slug, an ANSI escape in a title) are shown as
# \xNN in messages: printed raw they could rewrite the user's terminal (issue 8).
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN``, safe to print to a terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@fast_pickle
@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a site: a site-relative POSIX path and an optional 1-based line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@fast_pickle
@dataclass(frozen=True, slots=True)
class Problem:
    """One user-facing error (or warning) with its location."""

    location: Location
    message: str
    hint: str | None = None
    warning: bool = False

    def __str__(self) -> str:
        text = f"{self.location}: {'warning: ' if self.warning else ''}{self.message}"
        return visible(f"{text} ({self.hint})" if self.hint else text)

    def sort_key(self) -> tuple[str, int, str]:
        return (self.location.path, self.location.line or 0, self.message)


class BriefgenError(Exception):
    """Base class of the errors briefgen reports to users (never a bug in briefgen)."""


class ContentErrors(BriefgenError):
    """Raised when a stage found problems in the user's files; holds all of them, sorted."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems, key=Problem.sort_key))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(BriefgenError):
    """A bad command line or site layout (exit code 2)."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidate, or None when nothing is close."""
    pool = list(candidates)
    if len(pool) > 2000:  # difflib is slow on big sites: only compare words of about the same length
        pool = [c for c in pool if abs(len(c) - len(word)) <= 3]
    import difflib  # only when a hint is needed: the command line's quick path never is

    close = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]
