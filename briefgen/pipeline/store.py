"""The build cache on disk: ``.briefgen-cache/build.pickle``, signed with this user's key.

The file is ``CACHE_MAGIC``, the HMAC-SHA256 of the pickle (``records.sign``, in the context of
the site's path), then the pickle of ``(CACHE_FORMAT, BuildCache)``. Unpickling runs code and
the site folder may come from anyone, so nothing in it is unpickled before its signature is
checked (issue 12); a cache written by other code or other libraries is never read.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from .. import __version__, uptodate
from ..records import cache_key, sign, verify
from .cache import BuildCache, layout
from .site import BUILD_TEMP_PREFIX, CACHE_DIR, ignore_cache_dir

CACHE_FILE = "build.pickle"
CACHE_MAGIC = b"briefgen signed cache\n"
CACHE_VERSION = 4  # bump when what the cache holds changes meaning


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
    data = pickle.dumps((CACHE_FORMAT, cache), protocol=pickle.HIGHEST_PROTOCOL)
    fd, tmp = tempfile.mkstemp(prefix=BUILD_TEMP_PREFIX, dir=directory)
    with os.fdopen(fd, "wb") as handle:
        handle.write(CACHE_MAGIC + sign(key, data, str(site_dir).encode()))
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, directory / CACHE_FILE)
