"""A local HTTP server for ``output/`` with live reload: ``briefgen serve``.

It serves the built site under the base URL's path (so sub-path mistakes show up locally),
answers missing pages with ``404.html``, refuses any path that would leave the output directory,
and injects a few lines of script into HTML responses only — the files in ``output/`` stay
byte-identical to ``briefgen build``. The script listens to Server-Sent Events: it reloads the
page after a rebuild, and shows the build's problems in an overlay while the last good site
stays served.

It answers only requests whose Host is this machine (a DNS-rebinding page must not read the site
or the event stream), gives each client ``REQUEST_TIMEOUT`` seconds to send its request, and
says nothing when a client hangs up mid-answer.
"""

from __future__ import annotations

import io
import ipaddress
import json
import mimetypes
import socket
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

LIVE_PREFIX = "/__briefgen/"
KEEPALIVE_SECONDS = 15.0
REQUEST_TIMEOUT = 20.0
"""Seconds a client has to send a request (1,000 half-sent ones held 1,000 threads, issue 12.12)."""
FOREIGN_HOST = (b"Forbidden: briefgen serve answers only requests for localhost, 127.0.0.1, [::1] "
                b"or the address it listens on (--host)\n")

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
    if _is_dir(resolved):
        resolved = resolved / "index.html"
    return resolved


class SiteServer(ThreadingHTTPServer):
    """The server for one built site; request handlers read their settings from it."""

    daemon_threads = True
    # listen() backlog; the stdlib's 5 made 200 simultaneous connections wait up to 7.6 s or time
    # out (issue 12.12). The kernel caps it at net.core.somaxconn.
    request_queue_size = 1024

    def __init__(self, address: tuple[str, int], out_dir: Path, base_path: str, live: LiveReload | None,
                 request_timeout: float) -> None:
        super().__init__(address, SiteHandler)
        self.out_dir = out_dir
        self.base_path = base_path if base_path.endswith("/") else base_path + "/"
        self.live = live
        self.request_timeout = request_timeout
        self.hosts = frozenset(("localhost", "127.0.0.1", "::1", address[0].strip("[]").lower(),
                                str(self.server_address[0]).lower()))
        self.any_ip = ipaddress.ip_address(str(self.server_address[0])).is_unspecified

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser closing a tab, a reload or a timed-out client: routine, not worth a traceback.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def make_server(out_dir: Path, base_path: str, host: str, port: int, live: LiveReload | None,
                request_timeout: float = REQUEST_TIMEOUT) -> SiteServer:
    """A threaded HTTP server for the built site; ``live`` adds live reload. A client has
    ``request_timeout`` seconds to send each request (and for each write of the answer)."""
    return SiteServer((host, port), out_dir, base_path, live, request_timeout)


def allowed_host(header: str | None, hosts: frozenset[str], any_ip: bool) -> bool:
    """Whether a Host header names this server: one of ``hosts`` (any port), or any IP address
    when ``any_ip``. A DNS-rebinding page always sends its own domain name (issue 12.12)."""
    value = (header or "").strip().lower()
    if value.startswith("["):
        name, _, port = value[1:].partition("]")
        if port and not port.startswith(":"):
            return False
        port = port[1:]
    else:
        name, _, port = value.partition(":")
    if not name or (port and not port.isdigit()):
        return False
    if name in hosts:
        return True
    try:
        return any_ip and bool(ipaddress.ip_address(name))
    except ValueError:
        return False


class _RequestReader(socket.SocketIO):
    """A socket reader that stops at the handler's deadline for the whole request, not per
    ``recv``: a client sending a byte now and then cannot hold a thread either."""

    def __init__(self, connection: socket.socket, handler: SiteHandler) -> None:
        super().__init__(connection, "rb")
        self._connection = connection
        self._handler = handler

    def readinto(self, buffer: Any) -> int | None:
        deadline = self._handler.read_deadline
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the request was not sent in time")
            self._connection.settimeout(left)
        return super().readinto(buffer)


class SiteHandler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "briefgen"
    protocol_version = "HTTP/1.1"
    read_deadline: float | None = None

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.request_timeout)
        self.rfile.close()
        self.rfile = io.BufferedReader(_RequestReader(self.connection, self))

    def handle_one_request(self) -> None:
        # Reading a request (and waiting for the next one on a kept-alive connection) is bounded;
        # the answer, such as the long-lived event stream, is not (issue 12.12).
        self.read_deadline = time.monotonic() + self.server.request_timeout
        super().handle_one_request()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib naming
        self._serve(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        self.read_deadline = None
        self.connection.settimeout(self.server.request_timeout)
        server = self.server
        if not allowed_host(self.headers.get("Host"), server.hosts, server.any_ip):
            return self._send(HTTPStatus.FORBIDDEN, FOREIGN_HOST, "text/plain; charset=utf-8", head)
        path = urllib.parse.urlsplit(self.path).path
        if server.live is not None and path.startswith(LIVE_PREFIX):
            return self._live(server.live, path[len(LIVE_PREFIX):])
        if not path.startswith(server.base_path):
            if path in ("/", server.base_path.rstrip("/")):
                return self._redirect(server.base_path)
            return self._not_found(head)
        rest = path[len(server.base_path):]
        file = safe_file(server.out_dir, rest)
        if file is None:
            return self._send(HTTPStatus.FORBIDDEN, b"Forbidden\n", "text/plain; charset=utf-8", head)
        if _is_file(file) and _is_dir(server.out_dir / rest) and rest and not rest.endswith("/"):
            return self._redirect(path + "/")
        if not _is_file(file):
            return self._not_found(head)
        self._send_file(file, HTTPStatus.OK, head)

    def _not_found(self, head: bool) -> None:
        page = self.server.out_dir / "404.html"
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
        if file.suffix == ".html" and self.server.live is not None:
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

    def _live(self, live: LiveReload, name: str) -> None:
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


def _is_file(path: Path) -> bool:
    # A segment over 255 bytes (ENAMETOOLONG) raises from is_file(); such a page is not there.
    try:
        return path.is_file()
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def inject_live_script(html: bytes) -> bytes:
    """Add the live-reload script to a served page (never to the built file)."""
    tag = b'<script src="/__briefgen/livereload.js"></script>'
    index = html.rfind(b"</body>")
    return html[:index] + tag + html[index:] if index >= 0 else html + tag

