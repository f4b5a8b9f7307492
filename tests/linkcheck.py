"""A real HTTP server for a built site under any path prefix, and a crawler that follows every link."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path


class _PrefixHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a build under a path prefix and, like GitHub Pages, answers a missing page with 404.html."""

    prefix = "/"
    delay: Callable[[str], float] = staticmethod(lambda path: 0.0)  # seconds to wait before answering a path

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        time.sleep(self.delay(self.path))
        super().do_GET()

    def translate_path(self, path: str) -> str:
        parsed = urllib.parse.urlsplit(path).path
        if not parsed.startswith(self.prefix):
            return str(Path(str(self.directory)) / "__outside_prefix__")
        return super().translate_path("/" + parsed[len(self.prefix):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(str(self.directory)) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve(directory: Path, prefix: str = "/", delay: Callable[[str], float] | None = None) -> Iterator[str]:
    """Serve ``directory`` at ``http://127.0.0.1:PORT{prefix}``; yields that URL. ``delay`` gives the
    seconds to wait before answering a request path, to stand for a slow link."""
    attributes: dict[str, object] = {"prefix": prefix}
    if delay is not None:
        attributes["delay"] = staticmethod(delay)
    handler = type("Handler", (_PrefixHandler,), attributes)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}{prefix}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            value = values.get(name)
            if value and not (tag == "link" and values.get("rel") == "canonical") and tag != "form":
                self.links.append(value)
        if tag == "form" and values.get("action"):
            self.links.append(values["action"] or "")


def crawl(start: str) -> tuple[set[str], list[str]]:
    """Follow every internal link and asset from ``start``. Returns (pages seen, broken links)."""
    host = urllib.parse.urlsplit(start).netloc
    seen: set[str] = set()
    broken: list[str] = []
    queue = [start]
    ids_by_page: dict[str, set[str]] = {}
    fragments: list[tuple[str, str, str]] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read()
                kind = response.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            broken.append(f"{url} -> {exc.code}")
            continue
        if kind != "text/html":
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        ids_by_page[url] = parser.ids
        for link in parser.links:
            target = urllib.parse.urljoin(url, link)
            parts = urllib.parse.urlsplit(target)
            if parts.scheme not in ("http", "https") or parts.netloc != host:
                continue
            page = urllib.parse.urlunsplit(parts._replace(fragment="", query=""))
            if parts.fragment:
                fragments.append((url, page, parts.fragment))
            if page not in seen:
                queue.append(page)
    for source, page, fragment in fragments:
        if page in ids_by_page and fragment not in ids_by_page[page]:
            broken.append(f"{source} -> #{fragment} missing on {page}")
    return seen, sorted(broken)
