"""JSON and JSON Lines files: one article per record (``text``/``body``/``content``, ``title``,
``date``, ``url``...), many articles in one file.

Detection: the text opens with a JSON object or array (``{"``, ``[{``, ``["``...); whether it is one
JSON document or JSON Lines is found by parsing it (``.jsonl``/``.ndjson`` say JSON Lines).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any

from ...errors import Location, Problem
from ..page_text import recurring_lines
from .common import MAX_ARTICLE_CHARS, MAX_RECORDS, RawArticle, Read, Reader, SeedFile, parse_date, publisher_for
from .html import html_fragment_blocks
from .text import text_blocks

_TEXT_KEYS = ("text", "body", "content", "article", "story", "description", "summary")
_TITLE_KEYS = ("title", "headline", "name")
_DATE_KEYS = ("date", "published", "published_at", "pubDate", "datetime", "time", "created")
_URL_KEYS = ("url", "link", "canonical_url", "source_url")


def _first(record: Mapping[str, Any], keys: Iterable[str]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", []):
            return value
    return None


def _recurring_in_records(records: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    """Lines that recur across a file's records (their scraped text carries the site's furniture)."""
    pages = []
    for record in records:
        text = _first(record, _TEXT_KEYS)
        if isinstance(text, str) and "<" not in text[:2000]:
            url = _first(record, _URL_KEYS)
            host = re.match(r"^https?://([^/:?#]+)", url) if isinstance(url, str) else None
            pages.append((host.group(1).lower() if host else None, text[:MAX_ARTICLE_CHARS]))
    return recurring_lines(pages) if len(pages) > 1 else frozenset()


def record_article(record: Mapping[str, Any], source: str, sha: str, entry: int, kind: str,
                   repeated: Collection[str] = frozenset()) -> RawArticle | None:
    """One JSON record → RawArticle, or None when it holds no article text."""
    text = _first(record, _TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        return None
    text = text[:MAX_ARTICLE_CHARS]
    url = _first(record, _URL_KEYS)
    blocks = html_fragment_blocks(text) if re.search(r"<(?:p|div|br|h\d)\b", text, re.IGNORECASE) \
        else text_blocks(text, url=url if isinstance(url, str) else None, repeated=repeated)
    title = _first(record, _TITLE_KEYS)
    date, date_problem = parse_date(_first(record, _DATE_KEYS))
    url = url if isinstance(url, str) else None
    publisher = _first(record, ("publisher", "source", "site", "sitename"))
    known = publisher_for(url)
    author = _first(record, ("author", "byline"))
    return RawArticle(source, sha, kind, blocks, entry=entry, title=str(title)[:500] if title else None,
                      date=date, date_problem=date_problem, url=url,
                      publisher=known[0] or (publisher if isinstance(publisher, str) else None),
                      author=author if isinstance(author, str) else None,
                      license=record.get("license") if isinstance(record.get("license"), str) else known[1],
                      credit=record.get("credit") if isinstance(record.get("credit"), str) else known[2])


def json_records(text: str, jsonl: bool) -> tuple[list[Any], list[str]]:
    """Records of a JSON (``jsonl`` False) or JSON Lines file, and problems (with their line numbers for JSONL)."""
    if jsonl:
        return _json_lines(text)
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        return [], [f"not valid JSON ({getattr(exc, 'msg', 'too deeply nested')})"]
    if isinstance(data, dict):
        for key in ("articles", "items", "entries", "records", "data", "results"):
            if isinstance(data.get(key), list):
                return list(data[key]), []
        return [data], []
    if isinstance(data, list):
        return data, []
    return [], ["JSON must hold an article object or a list of them"]


def _json_lines(text: str) -> tuple[list[Any], list[str]]:
    problems: list[str] = []
    records: list[Any] = []
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except (json.JSONDecodeError, RecursionError):
            problems.append(f"line {number}: not valid JSON")
            records.append(None)
    return records, problems


def _records(name: str, text: str) -> tuple[str, list[Any], list[str]]:
    """("json" or "jsonl", records, problems). JSON Lines when so named, or when the text is not one
    JSON document while one of its first lines is a JSON object on its own: the same file under any
    name is read the same way."""
    if PurePath(name).suffix.lower() in (".jsonl", ".ndjson"):
        return ("jsonl", *json_records(text, True))
    records, problems = json_records(text, False)
    if problems and not records and any(_is_object(line) for line in text.split("\n", 50)[:50] if line.strip()):
        return ("jsonl", *json_records(text, True))
    return "json", records, problems


def _is_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


def read_records(seed: SeedFile) -> Read:
    """Every record of a JSON or JSON Lines file with article text, numbered from 1."""
    where = Location(seed.source)
    kind, records, messages = _records(seed.name, seed.text)
    problems = [Problem(Location(seed.source, int(m.split()[1].rstrip(":"))), m.split(": ", 1)[-1])
                if m.startswith("line ") else Problem(where, m) for m in messages]
    dicts = [r for r in records if isinstance(r, dict)]
    if dicts and not any(isinstance(_first(r, _TEXT_KEYS), str) for r in dicts):
        return [], [Problem(where, "no record has a 'text' field: not an article file; skipped", warning=True)]
    shared = _recurring_in_records(dicts[:MAX_RECORDS])
    articles = []
    for number, record in enumerate(records[:MAX_RECORDS], 1):
        if record is None:
            continue
        article = record_article(record, seed.source, seed.sha, number, kind, shared) if isinstance(record, dict) \
            else None
        if article is None:
            problems.append(Problem(where, f"record {number} holds no article text"))
            continue
        articles.append(article)
    if len(records) > MAX_RECORDS:
        problems.append(Problem(where, f"more than {MAX_RECORDS} records; the rest were skipped"))
    if not records and not problems:
        problems.append(Problem(where, "no records found"))
    return articles, problems


_JSON_START = re.compile(r"\s*(?:\{\s*[\"}]|\[\s*(?:[\[{\"\]]|$))")


def is_json(text: str) -> bool:
    """An object or array opens the text: '{"', '{}', '[{', '["', '[[', '[]' ('[1] The minister...' is prose)."""
    return bool(_JSON_START.match(text[:2048]))


READER = Reader("json", (".json", ".jsonl", ".ndjson"), is_json, read_records, many=True)
