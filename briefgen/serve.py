"""A local HTTP server for ``output/`` with live reload: ``briefgen serve``.

It serves the built site under the base URL's path (so sub-path mistakes show up locally),
answers missing pages with ``404.html``, refuses any path that would leave the output directory,
and injects a few lines of script into HTML responses only — the files in ``output/`` stay
byte-identical to ``briefgen build``. The script listens to Server-Sent Events: it reloads the
page after a rebuild, and shows the build's problems in an overlay while the last good site
stays served.
"""

from __future__ import annotations

import json
import mimetypes
import threading
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LIVE_PREFIX = "/__briefgen/"
KEEPALIVE_SECONDS = 15.0

LIVE_SCRIPT = """(function () {
  var overlay = null;
  function show(problems) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "briefgen-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:99999;" +
        "background:#2b0b0b;color:#ffe9e9;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;" +
        "border-top:4px solid #ff5c5c;white-space:pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "briefgen: the last change did not build; showing the last good site.\\n\\n" + problems.join("\\n");
  }
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  var source = new EventSource("/__briefgen/events");
  var version = null;
  source.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (version !== null && state.version !== version && state.problems.length === 0) { location.reload(); return; }
    version = state.version;
    if (state.problems.length) { show(state.problems); } else { hide(); }
  });
})();
"""


@dataclass(frozen=True, slots=True)
class LiveState:
    """What open pages are told: the build version and the current problems (empty when fine)."""

    version: int
    problems: tuple[str, ...]


class LiveReload:
    """Shared between the rebuild loop (which publishes) and request threads (which listen)."""

    def __init__(self) -> None:
        self._state = LiveState(0, ())
        self._changed = threading.Condition()
        self._closed = False

    def publish(self, problems: tuple[str, ...], rebuilt: bool) -> LiveState:
        with self._changed:
            version = self._state.version + (1 if rebuilt else 0)
            self._state = LiveState(version, problems)
            self._changed.notify_all()
            return self._state

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def wait(self, seen: LiveState | None, timeout: float) -> LiveState | None:
        """The state once it differs from ``seen`` (None on timeout or close)."""
        with self._changed:
            if not self._closed and self._state == seen:
                self._changed.wait(timeout)
            if self._closed or self._state == seen:
                return None
            return self._state

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def state(self) -> LiveState:
        return self._state


def safe_file(out_dir: Path, url_path: str) -> Path | None:
    """The file under ``out_dir`` that a (base-path-relative) URL path names, or None if it would
    leave the directory: ``..``, encoded separators, NUL, backslashes and symlinks out are refused."""
    decoded = urllib.parse.unquote(url_path)
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = [p for p in decoded.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    root = out_dir.resolve()
    candidate = root.joinpath(*parts) if parts else root
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError):
        return None
    if resolved != root and root not in resolved.parents:
        return None
    if resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved


def make_server(out_dir: Path, base_path: str, host: str, port: int, live: LiveReload | None) -> ThreadingHTTPServer:
    """A threaded HTTP server for the built site; ``live`` adds live reload."""
    base_path = base_path if base_path.endswith("/") else base_path + "/"

    class Handler(BaseHTTPRequestHandler):
        server_version = "briefgen"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            pass

        def do_HEAD(self) -> None:  # noqa: N802 - stdlib naming
            self._serve(head=True)

        def do_GET(self) -> None:  # noqa: N802
            self._serve(head=False)

        def _serve(self, head: bool) -> None:
            path = urllib.parse.urlsplit(self.path).path
            if live is not None and path.startswith(LIVE_PREFIX):
                return self._live(path[len(LIVE_PREFIX):])
            if not path.startswith(base_path):
                if path in ("/", base_path.rstrip("/")):
                    return self._redirect(base_path)
                return self._not_found(head)
            rest = path[len(base_path):]
            file = safe_file(out_dir, rest)
            if file is None:
                return self._send(HTTPStatus.FORBIDDEN, b"Forbidden\n", "text/plain; charset=utf-8", head)
            if file.is_file() and (out_dir / rest).is_dir() and rest and not rest.endswith("/"):
                return self._redirect(path + "/")
            if not file.is_file():
                return self._not_found(head)
            self._send_file(file, HTTPStatus.OK, head)

        def _not_found(self, head: bool) -> None:
            page = out_dir / "404.html"
            if page.is_file():
                return self._send_file(page, HTTPStatus.NOT_FOUND, head)
            self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8", head)

        def _redirect(self, location: str) -> None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _send_file(self, file: Path, status: HTTPStatus, head: bool) -> None:
            try:
                data = file.read_bytes()
            except OSError:
                return self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8", head)
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
                kind += "; charset=utf-8"
            if file.suffix == ".html" and live is not None:
                data = inject_live_script(data)
            self._send(status, data, kind, head)

        def _send(self, status: HTTPStatus, data: bytes, kind: str, head: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            if not head:
                self.wfile.write(data)

        def _live(self, name: str) -> None:
            assert live is not None
            if name == "livereload.js":
                return self._send(HTTPStatus.OK, LIVE_SCRIPT.encode(), "application/javascript; charset=utf-8", False)
            if name != "events":
                return self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8", False)
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            seen: LiveState | None = None
            try:
                state: LiveState | None = live.state
                while True:
                    if state is not None:
                        payload = json.dumps({"version": state.version, "problems": list(state.problems)})
                        self.wfile.write(f"event: state\ndata: {payload}\n\n".encode())
                        seen = state
                    else:
                        self.wfile.write(b": keepalive\n\n")
                    self.wfile.flush()
                    state = live.wait(seen, KEEPALIVE_SECONDS)
                    if state is None and live.closed:  # the server is shutting down
                        return
            except (BrokenPipeError, ConnectionResetError):
                return

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


def inject_live_script(html: bytes) -> bytes:
    """Add the live-reload script to a served page (never to the built file)."""
    tag = b'<script src="/__briefgen/livereload.js"></script>'
    index = html.rfind(b"</body>")
    return html[:index] + tag + html[index:] if index >= 0 else html + tag

