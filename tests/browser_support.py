"""Real Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright's Python API.

See docs in ../shared/docs/BROWSER-TESTING.md: we never download a browser; the test command
installs Debian's Chromium. Every page load is watched for console errors, failed requests and
requests to any other host (pages must work offline and respect readers' privacy).
"""

from __future__ import annotations

import contextlib
import os
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, bundled_site_copy, run_cli
from linkcheck import serve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@dataclass
class PageWatch:
    """What went wrong while a page was open."""

    host: str
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def attach(self, page) -> None:  # type: ignore[no-untyped-def]
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.on("request", lambda r: self.foreign.append(r.url)
                if urllib.parse.urlsplit(r.url).scheme in ("http", "https") and urllib.parse.urlsplit(r.url).netloc != self.host else None)

    def assert_clean(self) -> None:
        assert not self.console_errors, self.console_errors
        assert not self.failed, self.failed
        assert not self.foreign, self.foreign


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session (contexts are cheap, launches are not)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: the browser tests need Debian's Chromium "
                    "(apt-get install chromium; ./scripts/test installs it)", pytrace=False)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# ---------------------------------------------------------------- the bundled site, built and served



AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
# One fixed rule set (BROWSER-TESTING.md, option B) so results stay comparable over time.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
ARTIFACTS = REPO / "test-artifacts"
SEED = "seeds/000_"  # the seed article's provenance: its briefing is the one the issues talk about
VARIANTS = {"root": ("https://briefings.example.org/", "/"), "sub": ("https://user.github.io/repo/", "/repo/")}


@dataclass(frozen=True)
class ServedSite:
    """A build of the bundled site, served at ``url`` (``http://127.0.0.1:PORT/`` or ``.../repo/``)."""

    name: str
    url: str
    out: Path
    seed: str  # site-relative URL of the seed's briefing, e.g. "briefings/2023-07-20-x/"

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.url).netloc


def seed_briefing_url(content: Path) -> str:
    """The URL of the briefing made from the seed article (found by its provenance, not its title)."""
    for path in sorted(content.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if f"seed: {SEED}" in text:
            slug = re.search(r"^slug:\s*(\S+)", text, re.MULTILINE)
            return f"briefings/{slug.group(1) if slug else path.stem}/"
    raise AssertionError(f"no briefing in {content} comes from the seed {SEED}*")


serve_site = serve  # tests/linkcheck.py: a real HTTP server under a prefix, with a GitHub-Pages-like 404


@pytest.fixture(scope="session")
def served_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ServedSite]]:
    """The bundled site built once per variant: at a domain root and under ``/repo/``, both served."""
    seed = seed_briefing_url(REPO / "content")
    site_dir = bundled_site_copy(tmp_path_factory.mktemp("browser-site"))
    with contextlib.ExitStack() as stack:
        sites = {}
        for name, (base_url, prefix) in VARIANTS.items():
            out = tmp_path_factory.mktemp(f"browser-{name}") / "output"
            result = run_cli("build", "--site", site_dir, "--out", out, "--base-url", base_url, "--quiet")
            assert result.returncode == 0, result.stderr
            sites[name] = ServedSite(name, stack.enter_context(serve_site(out, prefix)), out, seed)
        yield sites


def reader_pages(site: ServedSite) -> dict[str, str]:
    """The pages issue 9 names, by a short name: site-relative paths (with query) to open; and a
    person's, an organisation's and the list of people (issue 14), the first the seed's briefing links."""
    seed_page = (site.out / site.seed / "index.html").read_text(encoding="utf-8")

    def linked(prefix: str) -> str:
        found = re.search(rf'href="(?:\.\./)*({prefix}/[^/"]+/)', seed_page)
        assert found, f"the seed's briefing links no page under {prefix}/"
        return found.group(1)

    return {
        "home": "",
        "briefing": site.seed,
        "topic": "topics/diplomacy/",
        "country": "countries/russia/",
        "countries": "countries/",
        "person": linked("people"),
        "organisation": linked("organisations"),
        "people": "people/",
        "archive": "archive/",
        "search": "search/?q=diplomats",
        "404": "no/such/page/",
    }


PAGE_NAMES = ("home", "briefing", "topic", "country", "countries", "person", "organisation", "people", "archive",
              "search", "404")


@contextlib.contextmanager
def open_page(browser: Any, site: ServedSite, path: str, *, width: int = 1280, height: int = 900,
              scheme: str = "light", javascript: bool = True) -> Iterator[Any]:
    """Open a page in a fresh context; on leaving, assert it made no console error, failed or foreign request."""
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                  java_script_enabled=javascript, reduced_motion="reduce")
    try:
        page = context.new_page()
        watch = PageWatch(site.host)
        watch.attach(page)
        response = page.goto(site.url + path, wait_until="load")
        expect_status = 404 if path.startswith("no/") else 200
        assert response is not None and response.status == expect_status, f"{path}: {response and response.status}"
        if path.startswith("search/"):
            page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
        yield page
        if expect_status == 404:  # the browser logs the 404 of the page itself; that one is expected
            watch.console_errors = [e for e in watch.console_errors if "status of 404" not in e]
        watch.assert_clean()
    finally:
        context.close()


def axe_violations(page: Any) -> list[str]:
    """Run the npm axe-core (all impacts) on the page; one line per violation with its first nodes."""
    assert AXE_JS.is_file(), f"{AXE_JS} missing: run `npm install --no-package-lock` in the repository"
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            for v in result["violations"]]


def screenshot_path(name: str) -> Path:
    directory = ARTIFACTS / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory / f"{name}.png"

