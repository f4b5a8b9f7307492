"""A briefing's Markdown body → ``RenderedBody`` (HTML, table of contents, outgoing wikilinks).

CommonMark with tables, strikethrough, footnotes and heading anchors (markdown-it-py and
mdit-py-plugins), code highlighted by pygments, and briefgen's wikilinks: ``[[slug]]``,
``[[slug|text]]``, and a term of any taxonomy by its kind: ``[[country:RU]]``, ``[[topic:diplomacy]]``. Internal links are written as
``briefgen:kind/target`` placeholders that ``render`` resolves per page, so a body renders the
same whatever the page's depth or the base URL (and can be cached by content hash).

Raw HTML is off unless the site sets ``allow_html``; then it is sanitised with nh3, and cannot
write a ``briefgen:`` placeholder itself (issue 12). Links with ``javascript:``, ``vbscript:``,
``file:`` or ``data:`` URLs are never produced (issue 8).
"""

from __future__ import annotations

import hashlib
import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from .countries import slugify
from .errors import Location, Problem
from .model import BodyLink, Heading, RenderedBody
from .records import fast_pickle
from .taxonomy import SLUG_SHAPE, Rejection, by_facet_rank, by_kind

TITLE_PLACEHOLDER = "briefgen:title"
_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|file|data|briefgen):", re.IGNORECASE)
_WIKILINK_BODY = re.compile(r"\[\[([^\[\]\n|]{1,200})(?:\|([^\[\]\n]{1,300}))?\]\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

_SAFE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}
_SAFE_ATTRIBUTES = {
    "a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}, "time": {"datetime"},
    "*": {"id", "class", "lang", "dir"},
}


@fast_pickle
@dataclass(frozen=True, slots=True)
class MarkupSettings:
    allow_html: bool = False


def _validate_link(url: str) -> bool:
    return not _UNSAFE_SCHEME.match(html.unescape(url))


def _highlight(code: str, lang: str, _attrs: Any) -> str:
    name = re.sub(r"[^\w+#.-]", "", lang or "")[:40]
    try:
        lexer = get_lexer_by_name(name) if name else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return ""  # markdown-it escapes and wraps it in <pre><code>
    spans = highlight(code, lexer, HtmlFormatter(nowrap=True))
    return f'<pre class="highlight"><code class="language-{html.escape(name)}">{spans}</code></pre>\n'


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = _WIKILINK_BODY.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("wikilink", "a", 0)
        token.meta = {"target": match.group(1).strip(), "text": (match.group(2) or "").strip(),
                      "offset": state.pos}
    state.pos = match.end()
    return True


def _render_wikilink(self: Any, tokens: list[Token], idx: int, _options: Any, _env: Any) -> str:
    meta = tokens[idx].meta
    href = meta.get("href")
    text = html.escape(meta["text"]) if meta["text"] else TITLE_PLACEHOLDER
    if not href:  # an invalid link (reported as a problem): keep the text, no link
        return f"<span class=\"wikilink-broken\">{text if meta['text'] else html.escape(meta['target'])}</span>"
    return f'<a class="wikilink" href="{html.escape(href)}">{text}</a>'


def _anchor_rule(state: StateCore) -> None:
    """Ids for <h1>-<h4> exactly as mdit-py-plugins' anchors plugin gives them (``h``, ``h-1``,
    ``h-2``...), but each base id remembers the next number to try: the plugin counts from 1 for
    every heading, so 20,000 equal headings took 24 s (issue 12)."""
    used = {str(t.attrGet("id")) for t in state.tokens if t.type == "heading_open" and t.attrGet("id")}
    next_number: dict[str, int] = {}
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open" or int(token.tag[1]) > 4 or token.attrGet("id"):
            continue
        children = state.tokens[index + 1].children or ()
        base = slugify("".join(c.content for c in children if c.type in ("text", "code_inline"))) or "section"
        # Every number below the remembered one is taken already (ids are only ever added).
        candidate, number = base, next_number.get(base, 1)
        while candidate in used:
            candidate, number = f"{base}-{number}", number + 1
        next_number[base] = number
        used.add(candidate)
        token.attrSet("id", candidate)


@lru_cache(maxsize=4)
def _parser(allow_html: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": allow_html, "highlight": _highlight})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.core.ruler.push("anchor", _anchor_rule)
    md.validateLink = _validate_link  # type: ignore[method-assign]
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.add_render_rule("wikilink", _render_wikilink)
    return md


def _plain_text(token: Token) -> str:
    """The text of an inline token as a reader sees it: wikilinks as their text, spaces collapsed."""
    return " ".join("".join(_child_text(child) for child in token.children or ()).split())


# Characters of a backlink's context: a sentence is shown whole up to this length, else the part
# around the link. A 5 MB paragraph without a full stop is not quoted on every page it links to.
MAX_CONTEXT_CHARS = 500


class _InlineText:
    """An inline token's text (``_plain_text``), with the source line and the sentence of each
    wikilink (the context shown with backlinks: the sentence of the text holding the character
    after the text before the link).

    Computed in one pass over the token and looked up by bisection: rescanning the paragraph for
    every link made a 96 KB paragraph of wikilinks take 80 s (issue 12).
    """

    def __init__(self, token: Token) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", token.content)]
        self.prefix: dict[int, int] = {}  # id(wikilink child) → length of _plain_text(token, until=it)
        parts: list[str] = []
        chars = words = 0
        ends_in_word = False
        for child in token.children or ():
            if child.type == "wikilink":
                self.prefix[id(child)] = chars + words - 1 if words else 0
            part = _child_text(child)
            if not part:
                continue
            pieces = part.split()
            chars += sum(map(len, pieces))
            words += len(pieces) - (1 if pieces and ends_in_word and not part[0].isspace() else 0)
            ends_in_word = not part[-1].isspace()
            parts.append(part)
        self.text = " ".join("".join(parts).split())
        ends = list(_SENTENCE_END.finditer(self.text))
        self.sentence_starts = [0] + [m.end() for m in ends]
        self.sentence_stops = [m.start() for m in ends] + [len(self.text)]

    def line_of(self, child: Token) -> int:
        """Lines of the token's source before the link (``content[:offset].count("\\n")``)."""
        return bisect_left(self.newlines, child.meta["offset"])

    def sentence_of(self, child: Token) -> str:
        at = self.prefix[id(child)] + 1
        index = bisect_right(self.sentence_starts, at) - 1
        start, stop = self.sentence_starts[index], self.sentence_stops[index]
        if stop - start <= MAX_CONTEXT_CHARS:
            return self.text[start:stop]
        low = max(start, min(at - MAX_CONTEXT_CHARS // 2, stop - MAX_CONTEXT_CHARS))
        high = low + MAX_CONTEXT_CHARS
        piece = self.text[low:high]
        if low > start:  # cut words are dropped
            piece = "…" + piece.split(" ", 1)[-1]
        if high < stop:
            piece = piece.rsplit(" ", 1)[0] + "…"
        return piece


def _child_text(child: Token) -> str:
    if child.type in ("text", "code_inline"):
        return child.content
    if child.type == "wikilink":
        return str(child.meta["text"] or child.meta["target"].split(":", 1)[-1])
    if child.type in ("softbreak", "hardbreak"):
        return " "
    return ""


def render_markdown(path: str, body: str, body_line: int, settings: MarkupSettings) -> tuple[RenderedBody, tuple[Problem, ...]]:
    """Render one body. Problems (bad wikilinks) carry file lines: ``body_line`` is the body's first line."""
    md = _parser(settings.allow_html)
    tokens = md.parse(body)
    toc, first_paragraph = _shift_headings(tokens)
    found = _Found(_placeholder_marker(body) if settings.allow_html else "briefgen:")
    for token in tokens:
        if token.type == "inline" and any(child.type == "wikilink" for child in token.children or ()):
            _resolve_inline(path, token, (token.map[0] if token.map else 0) + body_line, found)

    rendered = md.renderer.render(tokens, md.options, {})
    if settings.allow_html:
        rendered = _sanitise(rendered, found.marker)
    return (
        RenderedBody(html=rendered, toc=tuple(toc), first_paragraph=first_paragraph,
                     links=tuple(found.links), word_count=len(body.split())),
        tuple(found.problems),
    )


@dataclass
class _Found:
    """What the wikilinks of one body give, as they are checked in order."""

    marker: str  # what placeholder hrefs start with (see _placeholder_marker)
    problems: list[Problem] = field(default_factory=list)
    links: list[BodyLink] = field(default_factory=list)
    targets: set[tuple[str, str]] = field(default_factory=set)


def _shift_headings(tokens: list[Token]) -> tuple[list[Heading], str]:
    """Start body headings at <h2> (the page's <h1> is the title); the contents (h2, h3) and the
    text of the first top-level paragraph."""
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = 2 - min(levels) if levels and min(levels) < 2 else 0
    toc: list[Heading] = []
    first_paragraph = ""
    for index, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close") and shift:
            token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            toc.append(Heading(int(token.tag[1]), _plain_text(tokens[index + 1]), str(token.attrs.get("id", ""))))
        if token.type == "paragraph_open" and not first_paragraph and token.level == 0:
            first_paragraph = _plain_text(tokens[index + 1])
    return toc, first_paragraph


def _placeholder_marker(body: str) -> str:
    """What our wikilink hrefs start with while raw HTML is in the page: a relative URL holding a
    hash of the body, which the body itself therefore cannot contain."""
    return f"#briefgen-{hashlib.sha256(body.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}/"


def _sanitise(rendered: str, marker: str) -> str:
    """nh3 over the whole body, the author's raw HTML and our markup alike. ``briefgen:`` is not an
    allowed scheme, so the author cannot write a placeholder (a raw ``href="briefgen:country/XX"``
    crashed the build, ``briefgen:topic/../../x`` escaped link checks; issue 12.8); nh3 runs this
    filter after its URL check, which turns our own marked hrefs into placeholders."""

    def restore(_tag: str, attribute: str, value: str) -> str:
        return "briefgen:" + value[len(marker):] if attribute == "href" and value.startswith(marker) else value

    return nh3.clean(rendered, tags=_SAFE_TAGS, attributes=_SAFE_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel=None, attribute_filter=restore)


def _resolve_inline(path: str, token: Token, block_line: int, found: _Found) -> None:
    """Check the wikilinks of one inline token, give the good ones their placeholder href."""
    text = _InlineText(token)
    for child in token.children or ():
        if child.type != "wikilink":
            continue
        line = block_line + text.line_of(child)
        link = _resolve_wikilink(path, line, child.meta, found.problems)
        if link:
            # Only the first link to a page is quoted with backlinks; giving every link its
            # sentence made 16,000 links in one paragraph hold 16,000 copies of it (issue 12).
            context = "" if link in found.targets else text.sentence_of(child)
            found.targets.add(link)
            found.links.append(BodyLink(link[0], link[1], line, context))
            child.meta["href"] = f"{found.marker}{link[0]}/{link[1]}"


def _resolve_wikilink(path: str, line: int, meta: dict[str, Any], problems: list[Problem]) -> tuple[str, str] | None:
    """(kind, target) of a wikilink; briefing targets, and terms of most taxonomies, are checked
    later against the site (graph)."""
    target: str = meta["target"]
    kind, sep, value = target.partition(":")
    if not sep:
        kind, value = "briefing", target
    kind, value = kind.strip().lower(), value.strip()
    tax = by_kind(kind)
    if tax is not None:
        term = tax.vocabulary.link_target(value)
        if isinstance(term, Rejection):
            problems.append(Problem(Location(path, line), term.message, term.hint))
            return None
        return tax.kind, term
    if kind == "briefing":
        slug = value.lower()
        if not SLUG_SHAPE.match(slug):
            suggestion = f"; try '{slugify(value)}'" if slugify(value) else ""
            problems.append(Problem(Location(path, line), f"unknown briefing '{value}'",
                                    f"slugs are lower-case letters, digits and hyphens{suggestion}"))
            return None
        return "briefing", slug
    forms = ["[[slug]]", *(t.link_hint for t in by_facet_rank())]
    problems.append(Problem(Location(path, line), f"unknown link kind '{kind}' in '[[{target}]]'",
                            f"use {', '.join(forms[:-1])} or {forms[-1]}"))
    return None


@lru_cache(maxsize=1)
def pygments_css() -> str:
    """One stylesheet for code: light by default, dark under prefers-color-scheme."""
    light = HtmlFormatter(style="default").get_style_defs(".highlight")
    dark = HtmlFormatter(style="monokai").get_style_defs(".highlight")
    # The formatters set their own backgrounds; the theme sets pre's background instead.
    light = re.sub(r"^\.highlight \{ background: [^}]*\}\n?", "", light, flags=re.M)
    dark = re.sub(r"^\.highlight \{ background: [^}]*\}\n?", "", dark, flags=re.M)
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
