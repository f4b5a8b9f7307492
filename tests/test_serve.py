"""``briefgen serve``: a real HTTP server for output/ under the base path, with live reload (issue 5)."""

from __future__ import annotations

import http.client
import select
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import briefing, run_cli, write_site

from briefgen.serve import LiveReload, make_server


@pytest.fixture
def built(tmp_path: Path) -> Path:
    site = write_site(tmp_path / "site", {
        "briefgen.toml": 'base_url = "https://user.github.io/repo/"\n',
        "content/alpha.md": briefing("Alpha", body="Alpha text."),
    })
    assert run_cli("build", "--site", site, "--quiet").returncode == 0
    (tmp_path / "secret.txt").write_text("do not serve")
    (site / "output/escape").symlink_to(tmp_path)  # a symlink out of the output directory
    return site


def _serving(built: Path, **options: float) -> Iterator[tuple[int, LiveReload]]:
    """A real server on an ephemeral port for the site's output/, stopped when the test ends."""
    live = LiveReload()
    httpd = make_server(built / "output", "/repo/", "127.0.0.1", 0, live, **options)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], live
    live.close()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def server(built: Path) -> Iterator[tuple[int, LiveReload]]:
    yield from _serving(built)


def get(port: int, path: str) -> tuple[int, bytes, dict[str, str]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, dict(response.getheaders())


def test_serves_the_site_under_its_base_path(server: tuple[int, LiveReload], built: Path) -> None:
    port, _ = server
    status, body, _ = get(port, "/repo/briefings/alpha/")
    assert status == 200 and b"Alpha text." in body
    status, _, headers = get(port, "/")
    assert status == 301 and headers["Location"] == "/repo/"
    status, _, headers = get(port, "/repo/briefings/alpha")
    assert status == 301 and headers["Location"] == "/repo/briefings/alpha/"
    status, body, _ = get(port, "/repo/no/such/page/")
    assert status == 404 and b"Page not found" in body
    status, _, headers = get(port, "/repo/assets/style.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css")


def test_live_reload_script_is_only_in_served_pages(server: tuple[int, LiveReload], built: Path) -> None:
    port, _ = server
    _, body, _ = get(port, "/repo/briefings/alpha/")
    assert b"/__briefgen/livereload.js" in body
    assert b"__briefgen" not in (built / "output/briefings/alpha/index.html").read_bytes()
    status, script, _ = get(port, "/__briefgen/livereload.js")
    assert status == 200 and b"EventSource" in script


@pytest.mark.parametrize("path", ["/repo/../secret.txt", "/repo/..%2fsecret.txt", "/repo/%2e%2e/secret.txt",
                                  "/repo/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/repo/escape/secret.txt",
                                  "/repo/..%5csecret.txt", "/repo/%00", "//etc/passwd", "/repo//etc/passwd"])
def test_no_path_leaves_the_output_directory(server: tuple[int, LiveReload], path: str) -> None:
    port, _ = server
    status, body, _ = get(port, path)
    assert status in (403, 404), (path, status)
    assert b"do not serve" not in body and b"root:" not in body


def test_events_tell_pages_about_rebuilds_and_problems(server: tuple[int, LiveReload]) -> None:
    port, live = server
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/__briefgen/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    assert b'"version": 0' in response.fp.readline() + response.fp.readline()
    response.fp.readline()
    live.publish(("content/x.md:3: invalid YAML",), rebuilt=False)
    event = response.fp.readline() + response.fp.readline()
    assert b"content/x.md:3: invalid YAML" in event
    response.fp.readline()
    live.publish((), rebuilt=True)
    event = response.fp.readline() + response.fp.readline()
    assert b'"version": 1' in event and b'"problems": []' in event
    connection.close()


def start_serve(site: Path, *options: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([sys.executable, "-m", "briefgen", "serve", "--site", str(site), "--port", "0", *options],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if " at http://" in line:
            return process, line.split(" at ", 1)[1].split(" ", 1)[0]
    process.kill()
    raise AssertionError("briefgen serve did not start")


def test_serve_command_refuses_a_port_in_use(built: Path) -> None:
    process, url = start_serve(built)
    try:
        port = url.split(":")[2].split("/")[0]
        second = run_cli("serve", "--site", built, "--port", port, "--no-watch")
        assert second.returncode == 2 and "cannot listen" in second.stderr
    finally:
        process.terminate()
        process.wait(timeout=10)


def stop_serve(process: subprocess.Popen[str]) -> str:
    """Stop ``briefgen serve``; everything it printed after its start line."""
    process.terminate()
    output, _ = process.communicate(timeout=10)
    return output


def test_long_segments_and_dropped_clients_are_answered_quietly(built: Path) -> None:
    """A segment over 255 bytes gets a 404, and clients that hang up mid-answer print nothing (issue 12.12)."""
    (built / "output" / "big.bin").write_bytes(b"x" * 16_000_000)  # more than the socket buffers hold
    process, url = start_serve(built, "--no-watch")
    port = int(url.split(":")[2].split("/")[0])
    try:
        for path in ("/repo/" + "a" * 300, "/repo/briefings/" + "b" * 256 + "/", "/repo/%41" * 2 + "c" * 4000):
            status, body, _ = get(port, path)
            assert status == 404 and b"Page not found" in body, path
        for _ in range(20):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
                client.sendall(b"GET /repo/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                assert client.recv(100).startswith(b"HTTP/1.1 200")
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = reset
        assert get(port, "/repo/")[0] == 200
    finally:
        output = stop_serve(process)
    assert "Traceback" not in output and "Error" not in output, output[:2000]


def test_many_simultaneous_connections_are_all_answered(built: Path) -> None:
    """200 connections at once: all answered (the listen backlog was 5, issue 12.12)."""
    process, url = start_serve(built, "--no-watch")
    port = int(url.split(":")[2].split("/")[0])
    count = 200
    start = threading.Barrier(count)
    statuses: list[int | str] = []

    def fetch() -> None:
        start.wait()
        try:
            statuses.append(get(port, "/repo/briefings/alpha/")[0])
        except OSError as exc:
            statuses.append(repr(exc))

    try:
        threads = [threading.Thread(target=fetch) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stop_serve(process)
    assert statuses == [200] * count, [s for s in statuses if s != 200][:5]


@pytest.fixture
def impatient_server(built: Path) -> Iterator[tuple[int, LiveReload]]:
    """A server that gives a client half a second to send its request."""
    yield from _serving(built, request_timeout=0.5)


def closed_by_server(sockets: list[socket.socket], drip: socket.socket, within: float = 5.0) -> set[int]:
    """Indexes of the sockets the server closed within ``within`` s, while ``drip`` sends a byte every 0.1 s."""
    closed: set[int] = set()
    deadline = time.monotonic() + within
    while len(closed) < len(sockets) and time.monotonic() < deadline:
        for index, client in enumerate(sockets):
            if index in closed:
                continue
            try:
                if client is drip:
                    client.sendall(b"X")
                if select.select([client], [], [], 0.1)[0] and client.recv(100) == b"":
                    closed.add(index)
            except OSError:  # reset or broken pipe: closed too
                closed.add(index)
    return closed


def test_half_sent_requests_time_out_but_the_event_stream_stays(impatient_server: tuple[int, LiveReload]) -> None:
    port, live = impatient_server
    events = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    events.request("GET", "/__briefgen/events")
    stream = events.getresponse()
    assert b'"version": 0' in stream.fp.readline() + stream.fp.readline()
    stream.fp.readline()

    silent = socket.create_connection(("127.0.0.1", port))
    headers_only = socket.create_connection(("127.0.0.1", port))
    headers_only.sendall(b"GET /repo/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line: never finished
    drip = socket.create_connection(("127.0.0.1", port))
    drip.sendall(b"GET /repo/ HTTP/1.1\r\nX-Slow: ")
    clients = [silent, headers_only, drip]
    try:
        assert closed_by_server(clients, drip) == {0, 1, 2}
    finally:
        for client in clients:
            client.close()
    assert get(port, "/repo/briefings/alpha/")[0] == 200

    # The event stream is long-lived on purpose: idle well past the timeout, it still delivers.
    time.sleep(1.5)
    live.publish((), rebuilt=True)
    event = stream.fp.readline() + stream.fp.readline()
    assert b'"version": 1' in event
    events.close()


def request_with_host(port: int, path: str, host: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read(2000)
    connection.close()
    return response.status, body


FOREIGN_HOSTS = ("evil.example", "evil.example:{port}", "127.0.0.1.evil.example:{port}", "localhost.evil.example",
                 "192.168.1.20:{port}", "[::2]:{port}", "localhost:80:80", "")
LOCAL_HOSTS = ("localhost:{port}", "LocalHost", "127.0.0.1:{port}", "127.0.0.1", "[::1]:{port}")


def test_only_local_host_headers_are_served(server: tuple[int, LiveReload]) -> None:
    """A DNS-rebinding page (Host: evil.example) must not read pages or the event stream (issue 12.12)."""
    port, _ = server
    for host in FOREIGN_HOSTS:
        for path in ("/repo/briefings/alpha/", "/__briefgen/events", "/__briefgen/livereload.js"):
            status, body = request_with_host(port, path, host.format(port=port))
            assert status in (403, 421) and len(body) < 300, (host, path, status)
            assert b"Alpha" not in body and b"version" not in body and b"EventSource" not in body
    for host in LOCAL_HOSTS:
        status, body = request_with_host(port, "/repo/briefings/alpha/", host.format(port=port))
        assert status == 200 and b"Alpha text." in body, host


def test_a_server_on_all_interfaces_answers_to_addresses_not_names(built: Path) -> None:
    httpd = make_server(built / "output", "/repo/", "0.0.0.0", 0, None)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        port = httpd.server_address[1]
        assert request_with_host(port, "/repo/", f"192.168.1.20:{port}")[0] == 200
        assert request_with_host(port, "/repo/", f"evil.example:{port}")[0] in (403, 421)
    finally:
        httpd.shutdown()
        httpd.server_close()
