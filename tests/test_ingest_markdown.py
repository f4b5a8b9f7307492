"""Ingest of ``.md`` drafts (issue 12, item 7): their wikilinks are checked against the site at
ingest, and their raw HTML is escaped everywhere CommonMark does not see code."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import briefing, run_cli, write_site

from briefgen.config import SiteConfig, TopicDef
from briefgen.ingest import ingest
from briefgen.ingest.extract import sanitise_markdown
from briefgen.markup import MarkupSettings, render_markdown

HEAD = "---\ntitle: {title}\ndate: 2024-01-0{day}\n---\n\n"


def _draft(title: str, body: str, day: int = 2) -> str:
    return HEAD.format(title=title, day=day) + body


def _run(site: Path, config: SiteConfig | None = None) -> list[str]:
    report = ingest(site, None, dry_run=False, force=False, write_new_beside=False, config=config or SiteConfig())
    return [str(outcome) for outcome in report.outcomes]


# ----------------------------------------------------------------------------------- raw HTML

# Each payload hides raw HTML where ingest's old ``` regex saw a code fence and CommonMark does not.
INJECTIONS = {
    # A fence opener's info string cannot hold a backtick: this line is a paragraph.
    "inline-backticks": "Text.\n\n```inline``` text <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n```\n",
    # ``` inside a ~~~ fence closes nothing; the <img> line is outside any code.
    "tilde-fence": "~~~\n```\n~~~\n<img src=x onerror=alert(3)>\n\n```\nlater\n```\n",
    "backtick-in-info": "``` js`x\n<img src=x onerror=alert(4)>\n```\n\nafter\n\n```\n",
    # Escaped, '<x y>' stops being a link destination, so the indented line after it stops being code.
    "link-definition": "Text.\n\n[a]: <x y>\n    <img src=x onerror=alert(5)>\n",
}


@pytest.mark.parametrize("body", INJECTIONS.values(), ids=INJECTIONS.keys())
def test_raw_html_outside_code_is_text_even_when_the_site_allows_html(body: str) -> None:
    rendered, _ = render_markdown("content/x.md", sanitise_markdown(body), 1, MarkupSettings(allow_html=True))
    assert "<script" not in rendered.html and "<img" not in rendered.html
    assert "&lt;img src=x onerror=alert(" in rendered.html  # the reader sees what the draft says


CODE = {
    "tilde": "~~~\n<b>bold</b>\n~~~\n",
    "indented-fence": "   ```\n<b>bold</b>\n   ```\n",
    "indented-code": "Text.\n\n    <b>bold</b>\n",
    "unclosed": "Text.\n\n```\n<b>bold</b>\n",
    "longer-fence": "````\n```\n<b>bold</b>\n````\n",
    "in-quote": "> ```\n> <b>bold</b>\n> ```\n",
}


@pytest.mark.parametrize("body", CODE.values(), ids=CODE.keys())
def test_code_blocks_keep_their_text_exactly(body: str) -> None:
    """Code is shown as written: no backslash added before its '<'."""
    rendered, _ = render_markdown("content/x.md", sanitise_markdown(body), 1, MarkupSettings(allow_html=True))
    assert "&lt;b&gt;bold&lt;/b&gt;\n</code></pre>" in rendered.html and "\\" not in rendered.html, rendered.html


def test_an_escaped_angle_bracket_stays_escaped() -> None:
    r"""'\<b>' is already text; escaping it again ('\\<b>') would make it a tag."""
    rendered, _ = render_markdown("content/x.md", sanitise_markdown("a \\<b>x</b> and \\\\<i>y</i>\n"), 1,
                                  MarkupSettings(allow_html=True))
    assert "<b>" not in rendered.html and "<i>" not in rendered.html
    assert "a &lt;b&gt;x&lt;/b&gt; and \\&lt;i&gt;y&lt;/i&gt;" in rendered.html


def test_built_page_of_a_hostile_draft_has_no_injected_tag(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"briefgen.toml": 'title = "T"\nallow_html = true\n'})
    (site / "seeds").mkdir()
    for number, (name, body) in enumerate(INJECTIONS.items(), 1):
        story = f"Story {number} of {len(INJECTIONS)}, told in its own words: {name}.\n\n"  # not duplicates
        (site / "seeds" / f"{name}.md").write_text(_draft(f"Payload {name}", story + body, day=number))
    ingested = run_cli("ingest", "--site", site)
    assert ingested.returncode == 0, ingested.stdout + ingested.stderr
    built = run_cli("build", "--site", site)
    assert built.returncode == 0, built.stdout + built.stderr
    pages = sorted((site / "output" / "briefings").glob("*-payload-*/index.html"))
    assert len(pages) == len(INJECTIONS)
    for page in pages:
        text = page.read_text()
        assert "<script" not in text and "<img" not in text
        assert "onerror=alert(" in html.unescape(text)  # shown as text
# ---------------------------------------------------------------------------------- wikilinks

CONFIG = SiteConfig(topics=(TopicDef(slug="energy", label="Energy"),))


def _site(tmp_path: Path, seeds: dict[str, str], content: dict[str, str] | None = None) -> Path:
    files = {f"seeds/{name}": text for name, text in seeds.items()}
    files |= {f"content/{name}": text for name, text in (content or {}).items()}
    files["briefgen.toml"] = 'title = "T"\n[[topics]]\nslug = "energy"\nlabel = "Energy"\n'
    site = tmp_path / "site"
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text)
    return site


def test_broken_wikilinks_in_a_draft_are_refused_with_seed_and_line(tmp_path: Path) -> None:
    body = "Intro about pipelines.\n\nSee [[no-such-briefing]] and [[country:Narnia]].\n\nAlso [[topic:unknown]].\n"
    site = _site(tmp_path, {"x.md": _draft("Broken links", body)})
    lines = _run(site, CONFIG)
    assert "seeds/x.md:8: unknown briefing 'no-such-briefing'" in lines
    assert any(line.startswith("seeds/x.md:8: unknown country 'Narnia'") for line in lines)
    assert any(line.startswith("seeds/x.md:10: unknown topic 'unknown'") for line in lines)
    assert not (site / "content").exists() or not list((site / "content").glob("*.md"))


def test_valid_wikilinks_pass_and_the_site_builds(tmp_path: Path) -> None:
    """Targets: briefings in content/ (file stem or slug: key, nested too), other seeds of the
    same run, countries by code, name or alias, and the config's topics."""
    content = {"old.md": briefing("Old"), "2023/nested.md": briefing("Nested"),
               "custom.md": briefing("Custom", slug="custom-slug")}
    body = ("Links: [[old]], [[nested|the nested one]], [[custom-slug]], [[2024-01-03-other-draft]], "
            "[[country:FR]], [[country:Ivory Coast]], [[topic:energy]].\n\n```\n[[in-code-is-not-a-link]]\n```\n")
    seeds = {"a.md": _draft("First draft", body), "b.md": _draft("Other draft", "Plain text here.\n", day=3)}
    site = _site(tmp_path, seeds, content)
    lines = _run(site, CONFIG)
    assert [line.split(":")[-1].split(" → ")[0].strip() for line in lines] == ["written", "written"], lines
    built = run_cli("build", "--site", site)
    assert built.returncode == 0, built.stdout + built.stderr


def test_a_link_to_a_draft_that_is_refused_is_refused_too(tmp_path: Path) -> None:
    seeds = {"a.md": _draft("First draft", "See [[2024-01-03-second-draft]].\n"),
             "b.md": _draft("Second draft", "See [[nowhere]].\n", day=3)}
    lines = _run(_site(tmp_path, seeds), CONFIG)
    assert "seeds/b.md:6: unknown briefing 'nowhere'" in lines
    assert any(line.startswith("seeds/a.md:6: unknown briefing '2024-01-03-second-draft'") for line in lines)


def test_published_draft_may_not_link_to_a_draft_briefing(tmp_path: Path) -> None:
    """A build without --drafts leaves draft briefings out, so a link to one would break it."""
    content = {"hidden.md": briefing("Hidden", draft="true")}
    seeds = {"a.md": _draft("Published", "See [[hidden]].\n"),
             "b.md": HEAD.format(title="Also a draft", day=3).replace("---\n\n", "draft: true\n---\n\n", 1)
             + "A draft may link to [[hidden]], another draft.\n"}
    lines = _run(_site(tmp_path, seeds, content), CONFIG)
    assert any(line.startswith("seeds/a.md:6: unknown briefing 'hidden'") for line in lines), lines
    assert any(re.match(r"seeds/b\.md: written", line) for line in lines), lines
