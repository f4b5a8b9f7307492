"""Seed files → ``RawArticle`` values: the table of readers, one module per input format.

Each reader (a ``common.Reader``) declares its extensions, a content-detection function and
whether a file of its format holds many articles. ``reader_for`` picks one per file: the first
whose detection claims the file's text (in table order), else the one its extension names, else
plain text. Everything else follows from that one choice: the articles, whether they are numbered
entries (found again on re-ingest by URL or title) or the file's one article (which gets the
sidecar's metadata and a file-name date), and whether its lines join the batch's search for
recurring furniture. So a feed or a JSON Lines file saved as ``.txt`` is read exactly as under its
own extension (issue 14; the extension once decided "many articles?" while the content decided
the format, and a feed saved as ``.txt`` duplicated itself on every re-ingest).

| module | format | many |
| --- | --- | --- |
| ``feeds``    | RSS / Atom feed (feedparser, from bytes: nothing is fetched) | yes |
| ``html``     | saved HTML page (trafilatura: main text, title, author, date, canonical URL) | no |
| ``markdown`` | ``.md`` draft with YAML front matter; its Markdown body is kept | no |
| ``records``  | ``.json`` / ``.jsonl``: one article per record | yes |
| ``text``     | the plain-text seed format, scraped pages included (``page_text``) | no |

Any encoding (``common.decode_bytes``). Adding a format: a module with a ``READER`` row, added to
``READERS`` before ``text``.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import PurePath

from ...errors import Problem
from . import feeds, html, markdown, records, text
from .common import (
    KNOWN_PUBLISHERS,
    MAX_ARTICLE_CHARS,
    MAX_FRONT_MATTER,
    MAX_RECORDS,
    NOT_ARTICLES,
    SIDECAR_NAMES,
    Block,
    RawArticle,
    Read,
    Reader,
    SeedFile,
    apply_sidecar,
    decode_bytes,
    file_name_date,
    parse_date,
    publisher_for,
)
from .feeds import read_feed
from .html import html_fragment_blocks, read_html
from .markdown import markdown_code_lines, read_markdown
from .records import json_records, record_article
from .text import header_date, read_text, text_blocks, without_date_marker, without_furniture

READERS: tuple[Reader, ...] = (feeds.READER, html.READER, markdown.READER, records.READER, text.READER)
TEXT = text.READER

__all__ = ["KNOWN_PUBLISHERS", "MAX_ARTICLE_CHARS", "MAX_FRONT_MATTER", "MAX_RECORDS", "NOT_ARTICLES", "READERS",
           "SIDECAR_NAMES", "TEXT", "Block", "RawArticle", "Read", "Reader", "SeedFile", "apply_sidecar",
           "decode_bytes", "file_name_date", "header_date", "html_fragment_blocks", "json_records",
           "markdown_code_lines", "parse_date", "publisher_for", "read_articles", "read_feed", "read_html",
           "read_markdown", "read_seed", "read_text", "reader_for", "record_article", "text_blocks",
           "without_date_marker", "without_furniture"]


def reader_for(name: str, text: str) -> Reader:
    """The reader of a file: by its content first, then by its extension, else plain text."""
    for reader in READERS:
        if reader.detect(text):
            return reader
    suffix = PurePath(name).suffix.lower()
    return next((reader for reader in READERS if suffix in reader.extensions), TEXT)


def read_seed(seed: SeedFile, reader: Reader | None = None) -> Read:
    """All articles of one decoded file, by its reader; problems point at the file (and line for
    JSON Lines). A reader of one-article files gives entry 0, of many-article files entries from 1."""
    reader = reader or reader_for(seed.name, seed.text)
    return reader.read(seed)


def read_articles(data: bytes, text: str, name: str, source: str, sha: str, *, url: str | None = None,
                  repeated: Collection[str] = frozenset()) -> tuple[list[RawArticle], list[Problem]]:
    """``read_seed`` for one file's bytes and text (what the fuzzers and tests call)."""
    return read_seed(SeedFile(data, text, name, source, sha, url, repeated))
