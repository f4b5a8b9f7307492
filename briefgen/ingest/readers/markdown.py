"""Markdown drafts: YAML front matter (read as a briefing's is, by ``briefing_file``) and a body kept
as the author wrote it; a ``.md`` file without front matter is read as plain text.

Detection: the text opens with a front-matter block (``---``, a ``key:`` line, a closing ``---``);
else the extensions.
"""

from __future__ import annotations

import re

from ...briefing_file import HANDLER, parse
from ...errors import Location, Problem
from .common import MAX_FRONT_MATTER, RawArticle, Read, Reader, SeedFile, parse_date, str_list
from .text import read_text, text_blocks


def read_markdown(text: str, source: str, sha: str) -> tuple[RawArticle | None, str | None]:
    """A draft with YAML front matter → RawArticle; (None, problem) when the front matter is broken.

    The front matter is read as a briefing's is (``briefing_file.parse``: broken or hostile YAML
    is refused, issue 8); the problem names its line, since the caller names only the file.
    """
    if not text.startswith("---\n"):
        article = read_text(text, source, sha)
        return RawArticle(article.source, sha, "markdown", article.blocks, title=article.title,
                          date=article.date, date_problem=article.date_problem), None
    split = HANDLER.split_lines(text)
    if split is None:
        return None, "front matter has no closing '---'"
    if len(split[0]) > MAX_FRONT_MATTER:
        return None, f"front matter is larger than {MAX_FRONT_MATTER // 1024} KB"
    front, problems = parse(text, source)
    if front is None or problems:
        first = min(problems, key=Problem.sort_key)
        return None, f"line {first.location.line}: {first.message}" if first.location.line else first.message
    meta = front.values
    body = front.body.lstrip("\n")
    date, date_problem = parse_date(meta.get("date"))
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    summary = meta.get("summary") if isinstance(meta.get("summary"), str) else None
    url = meta.get("url") if isinstance(meta.get("url"), str) else None
    code = markdown_code_lines(body)  # code is not article text for the analysis; a blank line ends a paragraph
    blocks = text_blocks("\n".join("" if i in code else line for i, line in enumerate(body.split("\n"))))
    return RawArticle(source, sha, "markdown", blocks, title=title, date=date, date_problem=date_problem,
                      url=url, markdown=body, given_summary=summary,
                      given_countries=str_list(meta.get("countries")), given_topics=str_list(meta.get("topics")),
                      given_questions=str_list(meta.get("questions")), given_people=str_list(meta.get("people")),
                      given_organisations=str_list(meta.get("organisations")), draft=meta.get("draft") is True), None


def markdown_code_lines(body: str) -> frozenset[int]:
    """0-based numbers of the lines of ``body`` that are code (fenced or indented) to the build's own
    Markdown parser: a regex would disagree with CommonMark about what opens a fence (issue 12.7)."""
    from ...markup import _parser  # the parser briefgen builds with, so both see the same code

    lines: set[int] = set()
    for token in _parser(False).parse(body):
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(*token.map))
    return frozenset(lines)


def read_draft(seed: SeedFile) -> Read:
    article, problem = read_markdown(seed.text, seed.source, seed.sha)
    if article is None:
        return [], [Problem(Location(seed.source), problem or "unreadable Markdown draft")]
    return [article], []


_FRONT_MATTER_KEY = re.compile(r"---\n[ \t]*[A-Za-z_][\w-]*[ \t]*:")


def is_draft(text: str) -> bool:
    """Front matter: ``---``, then a ``key:`` line, and a closing fence."""
    return bool(_FRONT_MATTER_KEY.match(text)) and HANDLER.split_lines(text) is not None


READER = Reader("markdown", (".md", ".markdown"), is_draft, read_draft)
