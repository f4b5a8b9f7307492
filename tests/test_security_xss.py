"""No script from an article or a briefing runs in a reader's browser (issue 8).

A site full of XSS payloads (script tags, event handlers, SVG, ``javascript:``/``data:`` and
entity-encoded URLs, ``{{ }}``/``{% %}`` template text) in every field a user controls goes
through ``build`` — and, as seed articles, through ``ingest`` then ``build``. Every HTML page,
feed, the sitemap, the Pagefind index and every JSON file must carry them as inert text.
``test_browser_xss.py`` loads the same sites in Chromium and checks nothing runs.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
import yaml
from conftest import run_cli

from briefgen.markup import MarkupSettings, render_markdown

PWN = "window.__pwned=1"
SCRIPT = f"<script>{PWN}</script>"
IMG = f'<img src=x onerror="{PWN};alert(1)">'
SVG = f'<svg onload="{PWN}"><circle r="1"/></svg>'
BREAKOUT = f'"><script>{PWN}</script>'
SINGLE = f"'><img src=x onerror={PWN}>"
CLOSE = f"</title></textarea></noscript></style><script>{PWN}</script>"
CDATA = f"]]></title><script>{PWN}</script>"
JINJA = "{{ 7*7 }} {% if true %}JINJA-RAN{% endif %} {# hidden #}"

TITLE = f"Title {SCRIPT} {JINJA}"
SUMMARY = f"Summary {IMG} {BREAKOUT}"
QUESTION = f"Question {SVG}?"
CREDIT = f"Credit {CLOSE}"
SOURCE_TITLE = f"Source {SINGLE}"
SOURCE_URL = f'https://example.org/a"><script>{PWN}</script>'
PUBLISHER = CDATA
TOPIC_LABEL = f"Topic {IMG} {SVG} & {JINJA}"
OTHER_TITLE = f"Other {CDATA}"

BAD_URLS = [
    f"javascript:{PWN}", f"JaVaScRiPt:{PWN}", f"jav&#x61;script:{PWN}", f"&#106;avascript:{PWN}",
    f"javascript&colon;{PWN}", f" javascript:{PWN}", "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+", "file:///etc/passwd", f"java%73cript:{PWN}",
]

BODY = f"""Paragraph with {SCRIPT} and {IMG} inline, and <strong>kept</strong>.

{SVG}

<div onclick="{PWN}" style="background:url(javascript:{PWN})">div with handler</div>

<a href="javascript:{PWN}">raw a</a> <a href="jav&#x61;script:{PWN}">raw entity</a> <iframe src="javascript:{PWN}"></iframe>
<object data="javascript:{PWN}"></object><embed src="javascript:{PWN}"><form action="javascript:{PWN}"><button formaction="javascript:{PWN}">b</button></form>
<math><a xlink:href="javascript:{PWN}">m</a></math><base href="javascript:{PWN}//"><meta http-equiv="refresh" content="0;url=javascript:{PWN}">

{" ".join(f"[link {i}]({u})" for i, u in enumerate(BAD_URLS))}

{" ".join(f"![image {i}]({u})" for i, u in enumerate(BAD_URLS))}

[angle](<javascript:{PWN}>) [tab](<java\tscript:{PWN}>) <javascript:{PWN}> [ref link][r] [good link](https://example.org/ok)

[r]: javascript:{PWN}

## Heading {IMG}

Template {JINJA} text and {{{{ config }}}} and {{{{ self.__init__.__globals__ }}}}.

Wikilinks [[other|{IMG}]] and [[topic:hostile]] and [[other]] and [[country:FR|{SCRIPT}]].

```html
{SCRIPT}
```

Footnote[^1].

[^1]: A note {IMG} with [a bad link](javascript:{PWN}).
"""


def toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a TOML basic string


def front_matter(meta: dict[str, object], body: str) -> str:
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000) + "---\n\n" + body


def write_config(root: Path, allow_html: bool = False) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "briefgen.toml").write_text("\n".join([
        f"title = {toml_string('Site ' + SCRIPT + ' {{ 7*7 }}')}",
        f"description = {toml_string(IMG)}",
        f"author = {toml_string(CDATA)}",
        'base_url = "https://example.org/"',
        f"allow_html = {'true' if allow_html else 'false'}",
        "[[topics]]", 'slug = "hostile"', f"label = {toml_string(TOPIC_LABEL)}", f"description = {toml_string(BREAKOUT)}",
        "[[topics]]", 'slug = "diplomacy"', 'label = "Diplomacy"', "",
    ]), encoding="utf-8")


def write_hostile_site(root: Path, allow_html: bool = False) -> Path:
    """A site whose every user-controlled field carries a payload; it builds without errors."""
    write_config(root, allow_html)
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    meta = {"title": TITLE, "date": "2023-07-20", "summary": SUMMARY, "countries": ["FR", "DE"],
            "topics": ["hostile", "diplomacy"], "questions": [QUESTION, "{% raw %}{{ 7*7 }}?"],
            "sources": [{"title": SOURCE_TITLE, "url": SOURCE_URL, "publisher": PUBLISHER, "license": IMG},
                        {"title": CDATA}],
            "credit": CREDIT}
    (content / "hostile.md").write_text(front_matter(meta, BODY), encoding="utf-8")
    other = {"title": OTHER_TITLE, "date": "2023-07-21", "topics": ["hostile"], "countries": ["DE"]}
    (content / "other.md").write_text(front_matter(other, "See [[hostile]] and [[hostile|{{ 7*7 }}]].\n"), encoding="utf-8")
    return root


def write_hostile_seeds(root: Path) -> Path:
    """Seed articles in every ingest format, scraped from a hostile web."""
    write_config(root)
    seeds = root / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    (seeds / "2023-07-20-hostile.txt").write_text(
        f" date 2023-07-20 Minister {SCRIPT} resigns in France {{{{ 7*7 }}}}\n\n"
        f"Paris officials said the minister {IMG} resigned on Friday after talks in Paris, France, with "
        f"[a link](javascript:{PWN}) and [[evil]] and {JINJA}.\n\n"
        f"Is this {SVG} the end for the French government?\n\n"
        f"The statement said ![x](data:text/html;base64,AAAA) and <a href=\"javascript:{PWN}\">click</a> in France.\n",
        encoding="utf-8")
    (seeds / "feed.xml").write_text(
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Feed &lt;script&gt;x&lt;/script&gt;</title>\n'
        f"<item><title>Germany &lt;img src=x onerror={PWN}&gt; election</title><link>javascript:{PWN}</link>"
        "<pubDate>Fri, 21 Jul 2023 10:00:00 GMT</pubDate>"
        f"<author>&lt;script&gt;{PWN}&lt;/script&gt;</author>"
        f"<description><![CDATA[<p>Berlin, Germany voters went to the polls <script>{PWN}</script> on Friday."
        f"<img src=x onerror=\"{PWN}\"></p><p>The German chancellor <a href=\"javascript:{PWN}\">said</a> "
        "{{ 7*7 }} it was fine in Germany.</p>]]></description></item>\n</channel></rss>\n", encoding="utf-8")
    records = [
        {"title": f"Spain {SCRIPT} {{{{ 7*7 }}}}", "date": "2023-07-22", "url": f"javascript:{PWN}",
         "publisher": IMG, "credit": BREAKOUT, "license": "<b>x</b>",
         "text": f"Madrid, Spain officials <b onmouseover=\"{PWN}\">said</b> on Monday that Spain {{% raw %}} would act. "
                 f"[[country:../../x]] <iframe src=javascript:{PWN}></iframe>"},
        {"title": "Italy news", "date": "2023-07-23", "url": SOURCE_URL,
         "text": f"<p>Rome, Italy officials met in Italy.</p><p>Italy {SCRIPT} agreed.</p>"},
        {"title": "Data link", "date": "2023-07-23", "url": "data:text/html,<script>alert(1)</script>",
         "text": "Officials in Portugal met in Lisbon, Portugal, on Tuesday."},
    ]
    (seeds / "articles.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (seeds / "2023-07-25-page.html").write_text(
        f"<!doctype html><html><head><title>Poland {SCRIPT} page</title>"
        f"<meta property=\"og:url\" content=\"javascript:{PWN}\"><script>{PWN}</script></head><body>"
        f"<article><h1>Poland {IMG} summit</h1><p>Warsaw, Poland officials met on Monday {SVG} to discuss "
        f"the summit in Poland with many delegates from across Europe attending the long meeting.</p>"
        f"<p onclick=\"{PWN}\">The Polish minister said the talks in Warsaw went well and that Poland would "
        f"host more of them next year, officials in Warsaw added on Monday evening.</p></article></body></html>",
        encoding="utf-8")
    (seeds / "2023-07-24-draft.md").write_text(
        f'---\ntitle: "Draft {SCRIPT}"\ndate: 2023-07-24\ncountries: [PL]\nsummary: "{IMG.replace(chr(34), chr(39))}"\n---\n\n'
        f"Body in Poland {SCRIPT} and [x](javascript:{PWN}) and [y]( JAVASCRIPT:{PWN}) and {IMG}\n\n"
        f"[r]: javascript:{PWN}\n", encoding="utf-8")
    return root


# ---------------------------------------------------------------------------------- checks

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset",
                  "cite", "longdesc", "usemap", "manifest", "codebase", "content"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "math"}
ALLOWED_SCRIPTS = re.compile(r"^(?:\.\./)*(?:pagefind/pagefind-ui\.js|assets/search(?:\.[0-9a-f]+)?\.js)(?:\?.*)?$")


def unsafe_url(value: str) -> bool:
    """True for a URL a browser would run or that embeds a document (after its own normalisation)."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
    if cleaned.startswith(("javascript:", "vbscript:", "data:", "file:", "livescript:")):
        return True
    return "url=javascript:" in cleaned or "url=data:" in cleaned


class PageScan(HTMLParser):
    """Everything in a page that could run: handlers, script URLs, inline or foreign scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and value and unsafe_url(value):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value and re.search(r"javascript:|expression\(|url\(", value, re.IGNORECASE):
                self.problems.append(f"<{tag} style={value!r}>")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "script":
            src = values.get("src")
            if not src or not ALLOWED_SCRIPTS.match(src):
                self.problems.append(f"<script src={src!r}>")
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == "script" and data.strip():
            self.problems.append(f"inline script {data.strip()[:60]!r}")
        self.text.append(data)


def scan_page(path: Path) -> PageScan:
    scan = PageScan()
    scan.feed(path.read_text(encoding="utf-8"))
    scan.close()
    return scan


def check_html(out: Path) -> dict[str, str]:
    """Assert no page can run anything; return each page's visible text."""
    pages = sorted(out.rglob("*.html"))
    assert pages
    problems: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    for page in pages:
        rel = page.relative_to(out).as_posix()
        scan = scan_page(page)
        if scan.problems:
            problems[rel] = scan.problems
        texts[rel] = " ".join("".join(scan.text).split())
        raw = page.read_text(encoding="utf-8")
        # Template text is shown, never evaluated: no "49", no JINJA-RAN without its {% if %}.
        assert raw.count("JINJA-RAN") == raw.count("{% if true %}JINJA-RAN"), rel
        assert "Environment" not in raw and "<built-in" not in raw, rel
    assert not problems, problems
    return texts


def check_xml(out: Path, expected_titles: set[str]) -> None:
    xml_files = sorted(out.rglob("*.xml"))
    assert xml_files
    for path in xml_files:
        ET.parse(path)  # well-formed whatever the titles hold
        assert "<script" not in path.read_text(encoding="utf-8"), path
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert {e.title for e in feed.entries} == expected_titles
    for path in out.rglob("feed.xml"):
        for entry in feedparser.parse(path.read_bytes()).entries:
            for tag in entry.get("tags", []):
                assert tag["label"] in (TOPIC_LABEL, "Diplomacy") or "<" not in tag["label"]
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    locs = [e.text or "" for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith("https://example.org/") and "<" not in loc and '"' not in loc for loc in locs)


def pagefind_fragments(out: Path) -> list[dict[str, object]]:
    fragments = []
    for path in sorted(out.glob("pagefind/**/fragment/*.pf_fragment")):
        payload = gzip.decompress(path.read_bytes())
        assert payload.startswith(b"pagefind_dcd"), path
        fragments.append(json.loads(payload[len(b"pagefind_dcd"):]))
    assert fragments
    return fragments


def check_search_and_json(out: Path) -> list[dict[str, object]]:
    for path in sorted(out.rglob("*.json")):
        json.loads(path.read_text(encoding="utf-8"))
    fragments = pagefind_fragments(out)
    for fragment in fragments:
        # Pagefind's UI puts filter values into the page with innerHTML: they must be escaped text.
        for values in fragment["filters"].values():  # type: ignore[union-attr]
            for value in values:
                assert "<" not in value and '"' not in value, value
        assert str(fragment["url"]).startswith("/") and "<" not in str(fragment["url"])
    return fragments


# ---------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_hostile_site(tmp_path_factory.mktemp("hostile") / "site")
    result = run_cli("build", "--site", site)
    assert result.returncode == 0, result.stderr
    return site / "output"


@pytest.fixture(scope="module")
def hostile_html_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_hostile_site(tmp_path_factory.mktemp("hostile-html") / "site", allow_html=True)
    result = run_cli("build", "--site", site)
    assert result.returncode == 0, result.stderr
    return site / "output"


@pytest.fixture(scope="module")
def ingested_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_hostile_seeds(tmp_path_factory.mktemp("hostile-ingest") / "site")
    result = run_cli("ingest", "--site", site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    result = run_cli("build", "--site", site)
    assert result.returncode == 0, result.stderr
    return site / "output"


# ---------------------------------------------------------------------------------- tests

def test_payloads_are_shown_as_text_on_every_page(hostile_build: Path) -> None:
    texts = check_html(hostile_build)
    page = texts["briefings/hostile/index.html"]
    for payload in (TITLE, SUMMARY, QUESTION, CREDIT, SOURCE_TITLE, CDATA, "{{ config }}"):
        assert payload in page, payload  # escaped, not dropped and not evaluated
    assert f"Heading {IMG.replace(chr(34), chr(34))}" in page
    assert TOPIC_LABEL in texts["topics/hostile/index.html"]
    assert "Site " + SCRIPT + " {{ 7*7 }}" in texts["index.html"]
    raw = (hostile_build / "briefings/hostile/index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/a&#34;&gt;&lt;script&gt;' in raw or 'href="https://example.org/a&quot;&gt;&lt;script&gt;' in raw
    assert 'href="https://example.org/ok"' in raw


def test_markdown_raw_html_is_text_when_allow_html_is_off(hostile_build: Path) -> None:
    raw = (hostile_build / "briefings/hostile/index.html").read_text(encoding="utf-8")
    assert "&lt;strong&gt;kept&lt;/strong&gt;" in raw
    assert "<strong>kept</strong>" not in raw


def test_allow_html_is_sanitised(hostile_html_build: Path) -> None:
    texts = check_html(hostile_html_build)
    raw = (hostile_html_build / "briefings/hostile/index.html").read_text(encoding="utf-8")
    assert "<strong>kept</strong>" in raw  # safe HTML is kept...
    assert "div with handler" in texts["briefings/hostile/index.html"]
    body = raw[raw.index('<div class="body">'):]
    assert "<script" not in body and "<iframe" not in body and "<svg" not in body  # ...the rest is not


def test_feeds_and_sitemap_are_valid_and_escaped(hostile_build: Path) -> None:
    check_xml(hostile_build, {TITLE, OTHER_TITLE})
    feed = feedparser.parse((hostile_build / "feed.xml").read_bytes())
    assert feed.feed.title == "Site " + SCRIPT + " {{ 7*7 }}"
    entry = next(e for e in feed.entries if e.title == TITLE)
    assert entry.summary == SUMMARY
    assert TOPIC_LABEL in {t["label"] for t in entry.tags}
    for path in hostile_build.rglob("*.xml"):
        root = ET.parse(path).getroot()
        assert not any(el.tag.endswith("script") for el in root.iter()), path


def test_search_index_holds_inert_text(hostile_build: Path) -> None:
    fragments = check_search_and_json(hostile_build)
    by_url = {f["url"]: f for f in fragments}
    hostile = by_url["/briefings/hostile/"]
    assert hostile["meta"]["title"] == TITLE  # type: ignore[index]  # text; Pagefind's UI sets it as text
    assert html.escape(TOPIC_LABEL) in hostile["filters"]["topic"]  # type: ignore[index]
    assert "{{ 7*7 }}" in str(hostile["content"]) and "JINJA-RAN" in str(hostile["content"])


def test_ingested_hostile_articles_stay_inert(ingested_build: Path) -> None:
    check_html(ingested_build)
    check_search_and_json(ingested_build)
    for path in ingested_build.rglob("*.xml"):
        ET.parse(path)
    content = ingested_build.parent / "content"
    briefings = sorted(content.glob("*.md"))
    assert len(briefings) >= 5
    for path in briefings:
        text = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---\n")[1])
        for source in meta.get("sources", []):
            assert str(source.get("url", "https://")).startswith(("http://", "https://")), path
        body = text.split("---\n", 2)[2]
        assert not re.search(r"(?<!\\)<(?:script|img|svg|iframe|a |b )", body), path
    titles = {json.loads(json.dumps(f["meta"]["title"])) for f in pagefind_fragments(ingested_build)}  # type: ignore[index]
    assert any(SCRIPT in t for t in titles)  # the scraped title survives as text


@pytest.mark.parametrize("url", BAD_URLS + [f"<javascript:{PWN}>", f"java\tscript:{PWN}"])
@pytest.mark.parametrize("allow_html", [False, True])
def test_no_unsafe_url_survives_markdown(url: str, allow_html: bool) -> None:
    body = f"[link]({url}) ![img]({url}) <{url}> [ref][r]\n\n[r]: {url}\n\n<a href=\"{url}\">raw</a> <img src=\"{url}\">\n"
    rendered, _ = render_markdown("content/x.md", body, 5, MarkupSettings(allow_html=allow_html))
    scan = PageScan()
    scan.feed(rendered.html)
    assert not scan.problems, rendered.html


def test_unsafe_source_url_is_a_clear_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_config(site)
    meta = {"title": "X", "date": "2023-07-20", "sources": [{"title": "S", "url": f"javascript:{PWN}"}]}
    (site / "content").mkdir()
    (site / "content/x.md").write_text(front_matter(meta, "Body.\n"), encoding="utf-8")
    result = run_cli("build", "--site", site)
    assert result.returncode == 1
    assert "content/x.md:5: source url must be an http(s) URL" in result.stderr
    assert "Traceback" not in result.stderr and not (site / "output").exists()


def test_payload_as_country_or_wikilink_is_an_error_not_markup(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_config(site)
    (site / "content").mkdir()
    meta = {"title": "X", "date": "2023-07-20", "countries": [SCRIPT]}
    (site / "content/x.md").write_text(front_matter(meta, "Body.\n"), encoding="utf-8")
    meta = {"title": "Y", "date": "2023-07-20"}
    (site / "content/y.md").write_text(front_matter(meta, f"Link [[{IMG}]] and\n[[country:{SCRIPT}]].\n"), encoding="utf-8")
    result = run_cli("build", "--site", site)
    assert result.returncode == 1, result.stderr
    assert f"content/x.md:5: unknown country '{SCRIPT}'" in result.stderr
    assert "content/y.md:6: unknown briefing" in result.stderr
    assert f"content/y.md:7: unknown country '{SCRIPT}'" in result.stderr
    assert "Traceback" not in result.stderr and not (site / "output").exists()


def test_control_characters_do_not_break_feeds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_config(site)
    (site / "content").mkdir()
    (site / "content/x.md").write_text(
        '---\ntitle: "Bell \\a tab\\t vtab \\v escape \\e end"\ndate: 2023-07-20\ntopics: [hostile]\n---\n\n'
        "First paragraph with a form feed \f and a \x01 control.\n", encoding="utf-8")
    result = run_cli("build", "--site", site)
    assert result.returncode == 0, result.stderr
    for path in (site / "output").rglob("*.xml"):
        ET.parse(path)
    assert not feedparser.parse((site / "output/feed.xml").read_bytes()).bozo
