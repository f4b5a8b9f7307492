"""Pagefind's service mode, spoken directly: pages go in as strings, bundles come out as bytes.

``pagefind --service`` reads requests on stdin and answers on stdout, each message a base64
JSON object followed by a comma. It builds indexes in memory, so nothing is written to a
scratch folder and read back (the CLI needed both), and one process indexes many shards (one
start instead of one per shard). The ``pagefind`` package's own client polls for each answer
every 0.1 s, which for thousands of pages is minutes; this one writes every request from a
thread and reads the answers as they come. The service handles requests one at a time, in order.
"""

from __future__ import annotations

import base64
import binascii
import json
import subprocess
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from ..errors import BriefgenError

# A shard's pages as (site-relative path, HTML), read only when the shard is sent.
PageSource = Callable[[], Iterable[tuple[str, str]]]
READ_BYTES = 1 << 20


class SearchIndexError(BriefgenError):
    pass


def pagefind_binary() -> Path:
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - it is a dependency
        raise SearchIndexError("the search index needs Pagefind: pip install 'pagefind[bin]'") from exc
    return Path(get_executable())


def _message(number: int, payload: dict[str, Any]) -> bytes:
    body = json.dumps({"message_id": number, "payload": payload}, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(body.encode("utf-8")) + b","


def _answers(stream: IO[bytes]) -> Iterable[dict[str, Any]]:
    """The service's answers, one by one, until it closes its output."""
    pending = b""
    while chunk := stream.read1(READ_BYTES):  # type: ignore[attr-defined]
        pending += chunk
        *complete, pending = pending.split(b",")
        for raw in complete:
            try:
                answer = json.loads(base64.b64decode(raw))
            except (binascii.Error, ValueError) as exc:
                raise SearchIndexError(f"Pagefind gave an answer that is not its format: {exc}") from exc
            yield answer["payload"]


def index_shards(sources: Sequence[PageSource], language: str) -> list[dict[str, bytes]]:
    """Index each source's pages into a bundle of its own, in one Pagefind process: for each
    source, its files by path inside the bundle."""
    if not sources:
        return []
    process = subprocess.Popen([str(pagefind_binary()), "--service"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdin is not None and process.stdout is not None
    failure: list[BaseException] = []
    writer = threading.Thread(target=_send, args=(process, sources, language, failure), daemon=True)
    writer.start()
    try:
        bundles = _collect(_answers(process.stdout), len(sources))
    except SearchIndexError:
        writer.join()
        if failure:  # the reader only saw the service stop: the writer knows why
            raise failure[0] from None
        raise
    finally:
        process.kill()
        process.wait()
        writer.join()
    return bundles


def _send(process: subprocess.Popen[bytes], sources: Sequence[PageSource], language: str,
          failure: list[BaseException]) -> None:
    """Every request: a new index per source (ids 0, 1, ... in order), its pages, then its files.
    Its input stays open: the service exits at the end of its input, before answering."""
    stdin = process.stdin
    assert stdin is not None
    config = {"force_language": language}
    number = 0
    try:
        for index_id, source in enumerate(sources):
            number += 1
            stdin.write(_message(number, {"type": "NewIndex", "config": config}))
            for path, html in source():
                number += 1
                stdin.write(_message(number, {"type": "AddFile", "index_id": index_id, "file_path": path,
                                              "file_contents": html}))
            number += 1
            stdin.write(_message(number, {"type": "GetFiles", "index_id": index_id}))
        stdin.flush()
    except BrokenPipeError:
        pass  # the service stopped; the reader reports why
    except BaseException as exc:  # noqa: BLE001 - reported by the caller's thread
        failure.append(exc)
        process.kill()  # so that the reader stops waiting


def _collect(answers: Iterable[dict[str, Any]], count: int) -> list[dict[str, bytes]]:
    bundles: list[dict[str, bytes]] = []
    for payload in answers:
        kind = payload.get("type")
        if kind == "Error":
            raise SearchIndexError(f"building the search index failed: {payload.get('message', 'unknown error')}")
        if kind == "GetFiles":
            bundles.append({f["path"]: base64.b64decode(f["content"]) for f in payload["files"]})
            if len(bundles) == count:
                return bundles
    raise SearchIndexError("building the search index failed: Pagefind stopped before it finished")
