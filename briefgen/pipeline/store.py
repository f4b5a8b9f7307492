"""The build cache on disk: ``.briefgen-cache/build.pickle``, ``bodies.sqlite`` and ``records.sqlite``, signed.

The pickle file is ``CACHE_MAGIC``, the HMAC-SHA256 of the pickle (``records.sign``, in the
context of the site's path), then the pickle of ``(CACHE_FORMAT, BuildCache)``. Unpickling runs
code and the site folder may come from anyone, so nothing in it is unpickled before its
signature is checked (issue 12); a cache written by other code or other libraries is never read.

Bodies' HTML, two thirds of the cache, is saved apart (``BodyStore``): one SQLite row per body,
keyed by a hash of ``CACHE_FORMAT`` and what the body is made from, signed like the pickle (a
planted row would be HTML in a page). A rebuild reads the rows of the pages it plans and writes
the rows of the bodies it rendered, not the whole site's; a row missing or not signed right
is made again from the briefing's file.

The per-briefing objects of the pickle (briefings, bodies without HTML, list items) are saved
apart too, in packs (``packs``: signed rows of ``records.sqlite``), so a rebuild writes only
those it made.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .. import __version__, uptodate
from ..model import RenderedBody
from ..records import cache_key, sign, verify
from . import packs
from .cache import APART, BodyKey, BuildCache, layout
from .rows import SignedRows
from .site import BUILD_TEMP_PREFIX, CACHE_DIR, ignore_cache_dir

CACHE_FILE = "build.pickle"
BODIES_FILE = "bodies.sqlite"
RECORDS_FILE = "records.sqlite"
CACHE_MAGIC = b"briefgen signed cache\n"
CACHE_VERSION = 6  # bump when what the cache holds changes meaning


def _code_digest() -> str:
    """A hash of briefgen's own code: a cache written by any other code is never read."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CACHE_FORMAT = (f"briefgen {__version__} cache {CACHE_VERSION}, python {sys.version_info[:2]}, "
                f"fields {layout()}, code {_code_digest()}, libraries {uptodate.dependency_stamp()}")


def load_cache(site_dir: Path) -> BuildCache:
    """The cache left by the last build, or an empty one if it is missing, old, damaged, or not
    signed with this user's key (the pickle, or any pack it names)."""
    key = cache_key()
    try:
        sealed = (site_dir / CACHE_DIR / CACHE_FILE).read_bytes()
    except OSError:
        return BuildCache()
    view = memoryview(sealed)
    start = len(CACHE_MAGIC) + 32
    if key is None or view[:len(CACHE_MAGIC)] != CACHE_MAGIC or \
            not verify(key, view[len(CACHE_MAGIC):start], view[start:], str(site_dir).encode()):
        return BuildCache()
    records = RecordStore(site_dir)
    loader = packs.Loader(io.BytesIO(view[start:]), records)
    try:
        stamp, cache = loader.load()
        if stamp == CACHE_FORMAT and isinstance(cache, BuildCache):
            cache.from_disk = True
            cache.rows = loader.packed
            return cache
    except Exception:  # noqa: BLE001 - a damaged cache, or a pack missing or not signed right: a slower build
        pass
    finally:
        records.close()
    return BuildCache()


def save_cache(site_dir: Path, cache: BuildCache) -> None:
    """Saved signed with this user's key (``records.sign``); not saved at all without one. Of the
    per-briefing objects, only those made since the cache was loaded are written (``packs``)."""
    key = cache_key()
    if key is None:
        return
    directory = site_dir / CACHE_DIR
    directory.mkdir(exist_ok=True)
    ignore_cache_dir(directory)
    BodyStore(site_dir).save({k: body for k, (body, _) in cache.markup.bodies.items()})  # before the pickle naming them
    records = RecordStore(site_dir)
    saved = records.keys()
    data, saver = packs.dump((CACHE_FORMAT, cache), cache.rows, saved)
    for pack, row in packs.rows_to_write(saver):  # before the pickle naming them
        records.put({pack: row})
    fd, tmp = tempfile.mkstemp(prefix=BUILD_TEMP_PREFIX, dir=directory)
    with os.fdopen(fd, "wb") as handle:
        handle.write(CACHE_MAGIC + sign(key, data, str(site_dir).encode()))
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, directory / CACHE_FILE)
    records.delete(saved - saver.live.keys())
    records.close()
    cache.rows = packs.packed_after(saver, cache.rows)


class RecordStore(SignedRows[bytes]):
    """The cache's per-briefing objects, one signed pickle per row, in ``.briefgen-cache/records.sqlite``."""

    def __init__(self, site_dir: Path) -> None:
        super().__init__(site_dir / CACHE_DIR / RECORDS_FILE, "records", bytes, str(site_dir).encode())


class BodyStore:
    """Bodies' HTML, one signed row per body, in ``.briefgen-cache/bodies.sqlite``."""

    def __init__(self, site_dir: Path) -> None:
        self._rows = SignedRows(site_dir / CACHE_DIR / BODIES_FILE, "bodies", str, str(site_dir).encode())

    @staticmethod
    def row_key(key: BodyKey) -> str:
        return hashlib.sha256(f"{CACHE_FORMAT}\0{key!r}".encode()).hexdigest()

    def html(self, key: BodyKey) -> str | None:
        """The saved HTML of the body made from ``key``; None if missing or not signed with this user's key."""
        return self._rows.get(self.row_key(key))

    def put(self, key: BodyKey, html: str) -> None:
        """Save one body's HTML (made again after its row was missing or not signed right)."""
        self.put_many({key: html})

    def put_many(self, htmls: Mapping[BodyKey, str]) -> None:
        """Save these bodies' HTML, in one transaction."""
        self._rows.put({self.row_key(key): html for key, html in htmls.items()})

    @staticmethod
    def saves() -> bool:
        """Whether rows can be saved (and so read back): not without the user's cache key."""
        return cache_key() is not None

    def save(self, bodies: Mapping[BodyKey, RenderedBody]) -> None:
        """Keep exactly the rows of these bodies: add those not saved yet, drop the others."""
        if cache_key() is None:
            return
        wanted = {self.row_key(key): body for key, body in bodies.items()}
        saved = self._rows.keys()
        self._rows.put({key: body.html for key, body in wanted.items() if key not in saved and body.html != APART})
        self._rows.delete(saved - wanted.keys())
        self._rows.close()

    def close(self) -> None:
        self._rows.close()
