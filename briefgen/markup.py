"""A briefing's Markdown body → ``RenderedBody`` (HTML, table of contents, outgoing wikilinks).

CommonMark with tables, strikethrough, footnotes and heading anchors (markdown-it-py and
mdit-py-plugins), code highlighted by pygments, and briefgen's wikilinks: ``[[slug]]``,
``[[slug|text]]``, ``[[country:RU]]``, ``[[topic:diplomacy]]``. Internal links are written as
``briefgen:kind/target`` placeholders that ``render`` resolves per page, so a body renders the
same whatever the page's depth or the base URL (and can be cached by content hash).

Raw HTML is off unless the site sets ``allow_html``; then it is sanitised with nh3. Links with
``javascript:``, ``vbscript:``, ``file:`` or ``data:`` URLs are never produced (issue 8).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from .countries import resolve_country, slugify, suggest_country
from .errors import Location, Problem
from .model import BodyLink, Heading, RenderedBody
from .records import fast_pickle

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


@lru_cache(maxsize=4)
def _parser(allow_html: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": allow_html, "highlight": _highlight})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(anchors_plugin, min_level=1, max_level=4, slug_func=lambda s: slugify(s) or "section")
    md.validateLink = _validate_link  # type: ignore[method-assign]
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.add_render_rule("wikilink", _render_wikilink)
    return md


def _plain_text(token: Token, until: Token | None = None) -> str:
    """The text of an inline token as a reader sees it (up to the child ``until``, if given)."""
    parts = []
    for child in token.children or ():
        if child is until:
            break
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "wikilink":
            parts.append(child.meta["text"] or child.meta["target"].split(":", 1)[-1])
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _sentence_around(text: str, offset: int) -> str:
    """The sentence of ``text`` that contains ``offset`` (context shown with backlinks)."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > offset:
            return " ".join(text[start:match.start()].split())
        start = match.end()
    return " ".join(text[start:].split())


def render_markdown(path: str, body: str, body_line: int, settings: MarkupSettings) -> tuple[RenderedBody, tuple[Problem, ...]]:
    """Render one body. Problems (bad wikilinks) carry file lines: ``body_line`` is the body's first line."""
    md = _parser(settings.allow_html)
    tokens = md.parse(body)
    problems: list[Problem] = []
    links: list[BodyLink] = []
    toc: list[Heading] = []
    first_paragraph = ""

    # Body headings start at <h2>: the page's <h1> is the briefing's title (headings in order).
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    shift = 2 - min(levels) if levels and min(levels) < 2 else 0

    for index, token in enumerate(tokens):
        if token.type in ("heading_open", "heading_close") and shift:
            token.tag = f"h{min(int(token.tag[1]) + shift, 6)}"
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            text = _plain_text(tokens[index + 1])
            toc.append(Heading(int(token.tag[1]), text, str(token.attrs.get("id", ""))))
        if token.type == "paragraph_open" and not first_paragraph and token.level == 0:
            first_paragraph = _plain_text(tokens[index + 1])
        if token.type != "inline" or not token.children:
            continue
        block_line = (token.map[0] if token.map else 0) + body_line
        for child in token.children:
            if child.type != "wikilink":
                continue
            line = block_line + token.content[: child.meta["offset"]].count("\n")
            link = _resolve_wikilink(path, line, child.meta, problems)
            if link:
                links.append(BodyLink(link[0], link[1], line, _sentence_around(_plain_text(token), len(_plain_text(token, until=child)) + 1)))
                child.meta["href"] = f"briefgen:{link[0]}/{link[1]}"

    rendered = md.renderer.render(tokens, md.options, {})
    if settings.allow_html:
        rendered = nh3.clean(rendered, tags=_SAFE_TAGS, attributes=_SAFE_ATTRIBUTES,
                             url_schemes={"http", "https", "mailto", "briefgen"}, link_rel=None)
    return (
        RenderedBody(html=rendered, toc=tuple(toc), first_paragraph=first_paragraph,
                     links=tuple(links), word_count=len(body.split())),
        tuple(problems),
    )


_SLUG_SHAPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _resolve_wikilink(path: str, line: int, meta: dict[str, Any], problems: list[Problem]) -> tuple[str, str] | None:
    """(kind, target) of a wikilink; briefing and topic targets are checked later against the site."""
    target: str = meta["target"]
    kind, sep, value = target.partition(":")
    if not sep:
        kind, value = "briefing", target
    kind, value = kind.strip().lower(), value.strip()
    if kind == "country":
        country = resolve_country(value)
        if country is None:
            problems.append(Problem(Location(path, line), f"unknown country '{value}'", suggest_country(value)))
            return None
        return "country", country.code
    if kind == "topic":
        # Shape is checked here so no placeholder can carry a path ('../'); whether the topic
        # exists is checked against the site's taxonomy later, in graph.
        topic = value.lower()
        if not _SLUG_SHAPE.match(topic):
            problems.append(Problem(Location(path, line), f"unknown topic '{value}'",
                                    "topic slugs are lower-case letters, digits and hyphens"))
            return None
        return "topic", topic
    if kind == "briefing":
        slug = value.lower()
        if not _SLUG_SHAPE.match(slug):
            suggestion = f"; try '{slugify(value)}'" if slugify(value) else ""
            problems.append(Problem(Location(path, line), f"unknown briefing '{value}'",
                                    f"slugs are lower-case letters, digits and hyphens{suggestion}"))
            return None
        return "briefing", slug
    problems.append(Problem(Location(path, line), f"unknown link kind '{kind}' in '[[{target}]]'",
                            "use [[slug]], [[country:CODE]] or [[topic:slug]]"))
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
