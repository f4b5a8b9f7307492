"""Saved HTML pages: trafilatura finds the main text, title, author, date and canonical URL.

Also the small HTML fragments of feed entries and JSON records (``html_fragment_blocks``).
Detection: the text opens with ``<!doctype html`` or ``<html``; else the extensions.
"""

from __future__ import annotations

import re

from ...errors import Location, Problem
from .common import Block, RawArticle, Read, Reader, SeedFile, parse_date, publisher_for
from .text import text_blocks, without_furniture

_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHAR_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


def _xml_compatible(html: str) -> str:
    """Without the characters lxml refuses to hold (control characters, also when written as
    ``&#xF;``): the parser would accept them and editing the tree would then raise."""
    def reference(match: re.Match[str]) -> str:
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        return "" if code > 0x10FFFF or _XML_INCOMPATIBLE.match(chr(code)) else match.group(0)

    return _CHAR_REFERENCE.sub(reference, _XML_INCOMPATIBLE.sub("", html))


def html_fragment_blocks(html: str) -> tuple[Block, ...]:
    """Blocks of a small HTML fragment (feed entry content, a JSON record's HTML)."""
    import lxml.html

    html = _xml_compatible(html)
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises several types on garbage; then the text is the tags' text
        return text_blocks(re.sub(r"<[^>]*>", " ", html))
    for bad in root.xpath("//script|//style|//noscript|//iframe|//object|//embed|//svg|//form"):
        bad.drop_tree()
    blocks: list[Block] = []
    elements = root.xpath("//p|//h1|//h2|//h3|//h4|//h5|//h6|//li|//blockquote")
    for element in elements:
        if element.tag in ("li", "blockquote") and element.xpath(".//p"):
            continue
        text = " ".join(element.text_content().split())
        if not text:
            continue
        kind = "h" if element.tag.startswith("h") and len(element.tag) == 2 else "p"
        blocks.append(Block(kind, text))
    if not blocks:
        return text_blocks(root.text_content())
    return without_furniture(blocks)


def read_html(text: str, source: str, sha: str) -> RawArticle:
    import lxml.etree
    import trafilatura

    try:
        xml = trafilatura.extract(text, output_format="xml", with_metadata=True, include_comments=False,
                                  include_tables=False, include_images=False, include_links=False,
                                  favor_precision=True)
    except (AssertionError, ValueError, TypeError, RecursionError, lxml.etree.LxmlError):
        # trafilatura and htmldate trip over some broken pages (found by fuzz/run_fuzz.py): such a
        # page has no readable article, which read_articles reports; it must not stop the run.
        xml = None
    if not xml:
        return RawArticle(source, sha, "html", ())
    root = lxml.etree.fromstring(xml.encode("utf-8"), parser=lxml.etree.XMLParser(resolve_entities=False,
                                                                                   no_network=True))
    blocks: list[Block] = []
    for element in root.iter("head", "p", "item", "quote"):
        words = " ".join("".join(element.itertext()).split())
        if not words or (element.tag == "p" and element.getparent() is not None
                         and element.getparent().tag in ("quote", "item")):
            continue
        blocks.append(Block("h" if element.tag == "head" else "p", words))
    title = root.get("title")
    if blocks and blocks[0].kind == "h" and title and blocks[0].text.strip() == title.strip():
        blocks = blocks[1:]
    date, date_problem = parse_date(root.get("date"))
    url = root.get("url") or None
    publisher = root.get("sitename") or None
    known = publisher_for(url)
    return RawArticle(source, sha, "html", without_furniture(blocks), title=title or None, date=date,
                      date_problem=date_problem, url=url, publisher=known[0] or publisher,
                      author=root.get("author") or None, license=known[1], credit=known[2])


def read_page(seed: SeedFile) -> Read:
    article = read_html(seed.text, seed.source, seed.sha)
    if not article.blocks:
        return [], [Problem(Location(seed.source), "no article text found in this HTML page")]
    return [article], []


def is_html(text: str) -> bool:
    return text[:2048].lstrip().lower().startswith(("<!doctype html", "<html"))


READER = Reader("html", (".html", ".htm", ".xhtml"), is_html, read_page)
