"""Fast pickling for the frozen, slotted dataclasses kept in the build cache, and the key that
authenticates what is saved.

``dataclasses`` gives a frozen slotted class a ``__getstate__``/``__setstate__`` that call
``fields()`` for every object pickled or unpickled. The cache of a 10,000-briefing site holds
about 160,000 such objects, and those calls were half the time of saving and loading it (1.1 s
of a 2.5 s rebuild). ``fast_pickle`` installs the same pair with the field names looked up once,
``__setstate__`` written out for each class's fields.

Unpickling runs code, and the cache lives in the site folder, which may come from anyone (a
cloned repository, an unpacked archive). So what is saved there is signed (``sign``) with a
secret key of this user kept outside every site (``cache_key``), and nothing is unpickled
before ``verify`` says the signature is right (issue 12).
"""

from __future__ import annotations

import hashlib
import hmac
import operator
import os
import stat
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
KEY_BYTES = 32


def fast_pickle(cls: type[T]) -> type[T]:
    """Use above ``@dataclass(frozen=True, slots=True)``; the state is the tuple of field values."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    values: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*names) if len(names) > 1 \
        else (lambda obj: tuple(getattr(obj, n) for n in names))

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return values(self)

    setattr(cls, "__getstate__", __getstate__)
    setattr(cls, "__setstate__", _setstate(cls, names))
    return cls


def _setstate(cls: type, names: tuple[str, ...]) -> Any:
    """``__setstate__`` written out for the class's fields, as dataclasses writes ``__init__``:
    each slot's own setter (the frozen class's ``__setattr__`` refuses), one call per field and no
    loop. Half the time of a loop over ``object.__setattr__``, which a 10,000-briefing rebuild
    calls for 180,000 objects as it loads the cache."""
    setters = {f"_set_{i}": getattr(cls, name).__set__ for i, name in enumerate(names)}
    values = "".join(f"v{i}, " for i in range(len(names))) or "()"
    source = f"def __setstate__(self, state):\n    {values} = state\n" + \
        "".join(f"    _set_{i}(self, v{i})\n" for i in range(len(names)))
    namespace: dict[str, Any] = dict(setters)
    exec(source, namespace)  # noqa: S102 - our own field names, from the class
    return namespace["__setstate__"]


# --- authenticating saved data --------------------------------------------------------------

def cache_key_path() -> Path:
    """``$XDG_CACHE_HOME/briefgen/cache-key``, else ``~/.cache/briefgen/cache-key``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "briefgen" / "cache-key"


def cache_key() -> bytes | None:
    """This user's secret key, made (readable by the user only) on first use. None when it cannot
    be read or made, or when anyone else could read or replace it: then nothing saved is trusted."""
    try:
        path = cache_key_path()
        key = _read_key(path)
        if key is None:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            _make_key(path)
            key = _read_key(path)
        return key
    except (OSError, RuntimeError):  # RuntimeError: no home directory
        return None


def _read_key(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o077:
            raise OSError(f"{path} is not private to this user")
        key = handle.read(KEY_BYTES + 1)
    if len(key) != KEY_BYTES:
        raise OSError(f"{path} is not a key")
    return key


def _make_key(path: Path) -> None:
    """Write a new key under a temporary name, then link it into place: if another process made
    one first, the link fails and both use that one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        temporary.unlink(missing_ok=True)


def sign(key: bytes, data: bytes | memoryview, context: bytes = b"") -> bytes:
    """HMAC-SHA256 of ``data`` in ``context`` (say, the site it was saved for): 32 bytes."""
    prefix = len(context).to_bytes(8, "big") + context
    if len(data) < 1 << 16:  # one call: the cache checks tens of thousands of small rows
        return hmac.digest(key, prefix + bytes(data), "sha256")
    mac = hmac.new(key, prefix, hashlib.sha256)
    mac.update(data)
    return mac.digest()


def verify(key: bytes, signature: bytes | memoryview, data: bytes | memoryview, context: bytes = b"") -> bool:
    """Whether ``signature`` is ``sign(key, data, context)``, compared in constant time."""
    return hmac.compare_digest(sign(key, data, context), bytes(signature))
