"""Lighthouse scores and page weight of the bundled site's reader pages (issue 9).

    python benchmarks/lighthouse.py [--runs 3] [--page NAME ...] [--desktop] [--json FILE]

Builds the repository's site (``content/``) into a temporary directory, serves it on 127.0.0.1
the way GitHub Pages does (gzip for text, ``404.html`` for a missing page), and runs npm
``lighthouse`` against Debian's Chromium (``CHROME_PATH``, default ``/usr/bin/chromium``) with the
mobile preset, ``--runs`` times per page. Prints the median of the four category scores per page
(performance is noisy on small machines, hence the median), the audits that cost points, and
the page weight: HTML and CSS bytes raw and gzip-compressed, the number of requests and the
render-blocking requests.

Lighthouse is installed on first use with ``npm install --no-save --no-package-lock`` into
``$XDG_CACHE_HOME/briefgen/lighthouse`` (default ``~/.cache``); an existing install in the repo's
``node_modules`` is used first. Targets: 100 accessibility, best practices and SEO; >= 95 performance.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE_VERSION = "13.5.0"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run --disable-quic")
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml",
              "application/atom+xml")


# ---------------------------------------------------------------- serving like GitHub Pages

class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with gzip for text (as GitHub Pages does) and 404.html for a missing page."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the slash URL
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(str(self.directory)) / "404.html", 404
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        if any(kind.startswith(t) for t in TEXT_TYPES) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_Handler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


# ---------------------------------------------------------------- the pages and their weight

def seed_briefing_url(content: Path) -> str:
    for path in sorted(content.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "seed: seeds/000_" in text:
            slug = re.search(r"^slug:\s*(\S+)", text, re.MULTILINE)
            return f"briefings/{slug.group(1) if slug else path.stem}/"
    raise SystemExit(f"no briefing in {content} comes from the seed article")


def reader_pages() -> dict[str, str]:
    return {
        "home": "",
        "briefing": seed_briefing_url(REPO / "content"),
        "topic": "topics/diplomacy/",
        "country": "countries/russia/",
        "countries": "countries/",
        "archive": "archive/",
        "search": "search/?q=diplomats",
        "404": "404.html",  # Lighthouse will not audit a response with status 404; this is the same page
    }


class _Head(HTMLParser):
    """Stylesheets and scripts a page loads, and which of them block rendering."""

    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []
        self.blocking: list[str] = []
        self.in_head = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "body":
            self.in_head = False
        if tag == "link" and (a.get("rel") or "").lower() == "stylesheet":
            self.stylesheets.append(a.get("href") or "")
            if (a.get("media") or "all") in ("all", "screen") and self.in_head:
                self.blocking.append(a.get("href") or "")
        if tag == "script" and a.get("src") and self.in_head and "defer" not in a and "async" not in a \
                and a.get("type") != "module":
            self.blocking.append(a["src"] or "")


@dataclass
class Weight:
    html_raw: int
    html_gzip: int
    css_raw: int
    css_gzip: int
    blocking: list[str]


def page_weight(site: Path, path: str) -> Weight:
    page = path.split("?", 1)[0]
    file = site / (page if page.endswith(".html") else page + "index.html")
    html = file.read_bytes()
    head = _Head()
    head.feed(html.decode("utf-8"))
    css = b""
    for href in head.stylesheets:
        target = urllib.parse.urljoin("/" + path.split("?", 1)[0], href)
        css_file = site / urllib.parse.urlsplit(target).path.lstrip("/")
        if css_file.is_file():
            css += css_file.read_bytes()
    return Weight(len(html), len(gzip.compress(html, 9, mtime=0)), len(css), len(gzip.compress(css, 9, mtime=0)) if css else 0,
                  head.blocking)


# ---------------------------------------------------------------- lighthouse

def lighthouse_binary() -> list[str]:
    for root in (REPO / "node_modules", cache_dir() / "node_modules"):
        cli = root / "lighthouse" / "cli" / "index.js"
        if cli.is_file():
            return ["node", str(cli)]
    npm = shutil.which("npm")
    if not npm:
        raise SystemExit("Lighthouse needs Node.js and npm")
    cache_dir().mkdir(parents=True, exist_ok=True)
    print(f"installing lighthouse {LIGHTHOUSE_VERSION} into {cache_dir()} ...", file=sys.stderr)
    subprocess.run([npm, "install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--silent",
                    f"lighthouse@{LIGHTHOUSE_VERSION}"], cwd=cache_dir(), check=True)
    return ["node", str(cache_dir() / "node_modules" / "lighthouse" / "cli" / "index.js")]


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "briefgen" / "lighthouse"


def run_lighthouse(command: list[str], url: str, out: Path, desktop: bool) -> dict:  # type: ignore[type-arg]
    args = [*command, url, "--quiet", f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES),
            "--output=json", f"--output-path={out}"]
    if desktop:
        args.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    result = subprocess.run(args, env=env, check=False, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not out.is_file():
        raise SystemExit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def lost_points(report: dict, category: str) -> list[str]:  # type: ignore[type-arg]
    audits = report["audits"]
    lost = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = audits.get(ref["id"], {})
        if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
            lost.append(f"{ref['id']} ({audit['score']:.2f})")
    return lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median is printed)")
    parser.add_argument("--page", action="append", choices=list(reader_pages()), help="only these pages")
    parser.add_argument("--desktop", action="store_true", help="desktop preset instead of mobile")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args(argv)

    pages = {k: v for k, v in reader_pages().items() if not args.page or k in args.page}
    command = lighthouse_binary()
    figures: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="briefgen-lighthouse-") as scratch:
        site = Path(scratch) / "site"
        built = subprocess.run([sys.executable, "-m", "briefgen", "build", "--site", str(REPO), "--out", str(site), "--quiet"],
                               check=False, capture_output=True, text=True)
        if built.returncode != 0:
            raise SystemExit(f"build failed:\n{built.stderr}")
        with serve(site) as base:
            preset = "desktop" if args.desktop else "mobile"
            print(f"Lighthouse {LIGHTHOUSE_VERSION}, {preset} preset, median of {args.runs} runs, Chromium at "
                  f"{os.environ.get('CHROME_PATH', '/usr/bin/chromium')}; site served locally with gzip\n")
            header = f"{'page':<10} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}   {'HTML raw/gz':>13} {'CSS raw/gz':>13} {'total gz':>9} {'reqs':>5} {'blocking':>8}"
            print(header)
            print("-" * len(header))
            notes: list[str] = []
            for name, path in pages.items():
                reports = [run_lighthouse(command, base + path, Path(scratch) / f"{name}-{i}.json", args.desktop)
                           for i in range(args.runs)]
                scores = {c: round(statistics.median(r["categories"][c]["score"] * 100 for r in reports)) for c in CATEGORIES}
                weight = page_weight(site, path)
                requests = statistics.median(len(r["audits"]["network-requests"]["details"]["items"]) for r in reports)
                transfer = statistics.median(r["audits"]["total-byte-weight"]["numericValue"] for r in reports)
                print(f"{name:<10} {scores['performance']:>5} {scores['accessibility']:>5} {scores['best-practices']:>5} "
                      f"{scores['seo']:>5}   {weight.html_raw:>6}/{weight.html_gzip:<6} {weight.css_raw:>6}/{weight.css_gzip:<6} "
                      f"{weight.html_gzip + weight.css_gzip:>9} {requests:>5g} {len(weight.blocking):>8}")
                for category in CATEGORIES:
                    lost = sorted({a for r in reports for a in lost_points(r, category)})
                    if lost:
                        notes.append(f"{name} {category}: " + ", ".join(lost))
                figures[name] = {"url": path, "scores": scores, "html_bytes": weight.html_raw, "html_gzip": weight.html_gzip,
                                 "css_bytes": weight.css_raw, "css_gzip": weight.css_gzip, "requests": requests,
                                 "transfer_bytes": transfer, "render_blocking": weight.blocking}
            print("\nbytes: raw/gzip -9 of the page's HTML and its stylesheets; total gz = HTML + CSS compressed; "
                  "reqs = requests Lighthouse saw (median); blocking = render-blocking requests (stylesheets, sync scripts in <head>)")
            if notes:
                print("\naudits that cost points (in any run):")
                for note in notes:
                    print("  " + note)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
