"""render, through a real build: internal links in bodies, and what content can make of pages (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import briefing, run_cli

HTML_CONFIG = 'title = "T"\nbase_url = "https://example.org/"\nallow_html = true\n'


def hrefs(page: Path) -> list[str]:
    return re.findall(r'href="([^"]*)"', page.read_text(encoding="utf-8"))


def test_raw_html_cannot_write_internal_link_placeholders(make_site) -> None:  # type: ignore[no-untyped-def]
    # With allow_html, these raw links crashed the build (KeyError) or slipped '../' past the link
    # checks (issue 12, item 8). They lose their href; the author's real wikilinks still work.
    body = ('Raw <a class="wikilink" href="briefgen:country/XX">a</a>,\n'
            '<a class="wikilink" href="briefgen:topic/../../../../evil">b</a>,\n'
            '<a href=" BRIEF&#9;GEN&#58;briefing/../../evil2">c</a>, <img src="briefgen:country/FR" alt="d">.\n\n'
            "Real [[b]], [[country:FR]] and [[topic:diplomacy]].\n")
    site = make_site({"briefgen.toml": HTML_CONFIG, "content/a.md": briefing("A", body=body),
                      "content/b.md": briefing("Bee")})
    result = run_cli("build", "--site", site)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    page = site / "output/briefings/a/index.html"
    links = hrefs(page)
    assert not [h for h in links if "evil" in h or "briefgen" in h.lower()], links
    text = page.read_text(encoding="utf-8")
    assert ">a</a>" in text and ">b</a>" in text and ">c</a>" in text  # the text stays, unlinked
    assert '<a class="wikilink" href="../b/index.html">Bee</a>' in text
    assert '<a class="wikilink" href="../../countries/france/index.html">France</a>' in text
    assert '<a class="wikilink" href="../../topics/diplomacy/index.html">Diplomacy</a>' in text


def test_wikilinks_render_alike_with_and_without_raw_html(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    body = "See [[b]], [[b|the other]], [[country:FR]] and [[topic:diplomacy|talks]].\n"
    pages = []
    for allow in ("true", "false"):
        site = make_site({"briefgen.toml": HTML_CONFIG.replace("true", allow),
                          "content/a.md": briefing("A", body=body), "content/b.md": briefing("Bee")})
        out = tmp_path / f"out-{allow}"
        result = run_cli("build", "--site", site, "--out", out)
        assert result.returncode == 0, result.stderr
        pages.append((out / "briefings/a/index.html").read_text(encoding="utf-8"))
        backlinks = (out / "briefings/b/index.html").read_text(encoding="utf-8")
        assert "See b, the other, FR and talks." in backlinks
    assert pages[0] == pages[1]


def test_a_slug_too_long_for_a_folder_name_is_an_error_before_anything_is_written(make_site) -> None:  # type: ignore[no-untyped-def]
    # 'briefings/<slug>/' is a folder: over 255 bytes the search stage failed with
    # "File name too long" (issue 12, item 8). '㎯' (3 bytes) makes 'rads2' (5 bytes) in a slug.
    long_name = "㎯" * 84 + ".md"
    assert len(long_name.encode()) == 255
    site = make_site({"briefgen.toml": 'title = "T"\n',
                      "content/long.md": briefing("Long", slug="a" * 256),
                      "content/fits.md": briefing("Fits", slug="a" * 255),
                      f"content/{long_name}": briefing("From the file name"),
                      "content/ok.md": briefing("Ok")})
    result = run_cli("build", "--site", site)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "too long" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == ["error: content/long.md:4: slug is longer than 255 bytes",
                      f"error: content/{long_name}: slug is longer than 255 bytes (made from the file name);"
                      " add a shorter 'slug:' key"]
    assert not (site / "output").exists()
