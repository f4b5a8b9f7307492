"""The build cache on disk: ``.briefgen-cache/build.pickle`` and ``bodies.sqlite``, signed with this user's key.

The pickle file is ``CACHE_MAGIC``, the HMAC-SHA256 of the pickle (``records.sign``, in the
context of the site's path), then the pickle of ``(CACHE_FORMAT, BuildCache)``. Unpickling runs
code and the site folder may come from anyone, so nothing in it is unpickled before its
signature is checked (issue 12); a cache written by other code or other libraries is never read.

Bodies' HTML, two thirds of the cache, is saved apart (``BodyStore``): one SQLite row per body,
keyed by a hash of ``CACHE_FORMAT`` and what the body is made from, signed like the pickle (a
planted row would be HTML in a page). A rebuild reads the rows of the pages it plans and writes
the rows of the bodies it rendered, not the whole site's; a row missing or not signed right
is made again from the briefing's file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .. import __version__, uptodate
from ..model import RenderedBody
from ..records import cache_key, sign, verify
from .cache import APART, BodyKey, BuildCache, layout
from .site import BUILD_TEMP_PREFIX, CACHE_DIR, ignore_cache_dir

CACHE_FILE = "build.pickle"
BODIES_FILE = "bodies.sqlite"
CACHE_MAGIC = b"briefgen signed cache\n"
CACHE_VERSION = 5  # bump when what the cache holds changes meaning


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
    signed with this user's key."""
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
    try:
        stamp, cache = pickle.loads(view[start:])
        if stamp == CACHE_FORMAT and isinstance(cache, BuildCache):
            cache.from_disk = True
            return cache
    except Exception:  # noqa: BLE001 - a damaged cache is only a slower build
        pass
    return BuildCache()


def save_cache(site_dir: Path, cache: BuildCache) -> None:
    """Saved signed with this user's key (``records.sign``); not saved at all without one."""
    key = cache_key()
    if key is None:
        return
    directory = site_dir / CACHE_DIR
    directory.mkdir(exist_ok=True)
    ignore_cache_dir(directory)
    BodyStore(site_dir).save({k: body for k, (body, _) in cache.markup.bodies.items()})  # before the pickle naming them
    data = pickle.dumps((CACHE_FORMAT, cache), protocol=pickle.HIGHEST_PROTOCOL)
    fd, tmp = tempfile.mkstemp(prefix=BUILD_TEMP_PREFIX, dir=directory)
    with os.fdopen(fd, "wb") as handle:
        handle.write(CACHE_MAGIC + sign(key, data, str(site_dir).encode()))
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, directory / CACHE_FILE)


_SCHEMA = ("table", "bodies", "CREATE TABLE bodies (key TEXT PRIMARY KEY, mac BLOB NOT NULL, html TEXT NOT NULL) "
                             "WITHOUT ROWID")


class BodyStore:
    """Bodies' HTML, one signed row per body, in ``.briefgen-cache/bodies.sqlite``."""

    def __init__(self, site_dir: Path) -> None:
        self._path = site_dir / CACHE_DIR / BODIES_FILE
        self._context = str(site_dir).encode()
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            db = sqlite3.connect(self._path, isolation_level=None)
            # A file from anyone: only our one table, nothing that runs on a read or write (a trigger, a view).
            if db.execute("SELECT type, name, sql FROM sqlite_master").fetchall() not in ([], [_SCHEMA]):
                db.close()
                self._path.unlink()
                db = sqlite3.connect(self._path, isolation_level=None)
            db.execute("PRAGMA trusted_schema=OFF")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_SCHEMA[2].replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))
            self._db = db
        return self._db

    @staticmethod
    def row_key(key: BodyKey) -> str:
        return hashlib.sha256(f"{CACHE_FORMAT}\0{key!r}".encode()).hexdigest()

    def html(self, key: BodyKey) -> str | None:
        """The saved HTML of the body made from ``key``; None if missing or not signed with this user's key."""
        secret = cache_key()
        if secret is None or not self._path.exists():
            return None
        row_key = self.row_key(key)
        try:
            row = self._connect().execute("SELECT mac, html FROM bodies WHERE key = ?", (row_key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        if not isinstance(row[0], bytes) or not isinstance(row[1], str) or \
                not verify(secret, row[0], row[1].encode(), self._context + row_key.encode()):
            self._connect().execute("DELETE FROM bodies WHERE key = ?", (row_key,))  # saved again right
            return None
        return row[1]

    def put(self, key: BodyKey, html: str) -> None:
        """Save one body's HTML (made again after its row was missing or not signed right)."""
        secret = cache_key()
        if secret is None:
            return
        row_key = self.row_key(key)
        try:
            self._connect().execute("INSERT OR REPLACE INTO bodies VALUES (?, ?, ?)",
                                    (row_key, sign(secret, html.encode(), self._context + row_key.encode()), html))
        except sqlite3.Error:
            pass  # made again next time

    def save(self, bodies: Mapping[BodyKey, RenderedBody]) -> None:
        """Keep exactly the rows of these bodies: add those not saved yet, drop the others."""
        secret = cache_key()
        if secret is None:
            return
        wanted = {self.row_key(key): body for key, body in bodies.items()}
        try:
            db = self._connect()
            saved = {key for (key,) in db.execute("SELECT key FROM bodies")}
            db.execute("BEGIN")
            db.executemany("DELETE FROM bodies WHERE key = ?", ((key,) for key in saved - wanted.keys()))
            db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?, ?)",
                           ((key, sign(secret, body.html.encode(), self._context + key.encode()), body.html)
                            for key, body in wanted.items() if key not in saved and body.html != APART))
            db.execute("COMMIT")
        except sqlite3.Error:
            self.close()
            self._path.unlink(missing_ok=True)  # damaged: bodies are made again from their files

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
