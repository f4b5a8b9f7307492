"""The cache's per-briefing objects, saved apart from its pickle in packs: ``Saver``, ``Loader``.

Most of the cache's objects (about 180,000 at 10,000 briefings) hang from a few objects per
briefing: its ``Briefing``, ``RenderedBody`` and ``BriefingItem``. Pickling them all again was
a third of a one-edit rebuild (issue 15). They are immutable, so once saved they need not be
saved again: the cache's pickle names each by (pack, index), and a pack is one signed row of
``records.sqlite`` holding the objects first saved by one build. A rebuild after one edit writes
a pack of the edited briefing's new objects. Small packs, and packs mostly of objects no longer
used, have their live objects saved again into the new pack, so packs stay few and dense.

Loading still makes every object (the build's stages read every briefing), from a few big rows:
one row per object was measured at twice the time of the one pickle.
"""

from __future__ import annotations

import io
import pickle
import secrets
from collections import Counter
from collections.abc import Collection, Iterator
from typing import Any

from ..model import Briefing, RenderedBody
from ..views import BriefingItem
from .cache import Packed, PackRef
from .rows import SignedRows

APART_TYPES = frozenset({Briefing, RenderedBody, BriefingItem})
SMALL_PACK = 1000  # objects: a pack smaller than this is merged into the next build's
PACK_OBJECTS = 20_000  # objects a save puts in one pack at most: one row's pickle stays tens of MB


class MissingPack(Exception):
    """A pack named by the pickle is missing, not signed right, or not a pack: the cache is unusable."""


def _row(pack: str, index: int) -> object:
    """What the pickle calls for an object of a pack; only a ``Loader`` answers it."""
    raise pickle.UnpicklingError("a pack reference read outside briefgen's Loader")


class Saver(pickle.Pickler):
    """Pickles with each object of ``APART_TYPES`` as a reference to its pack. An object already
    in a pack (``packed``) is only named, unless its pack is in ``repack``; the others go in
    ``new``, saved in the packs this save adds, ``PACK_OBJECTS`` to a pack."""

    def __init__(self, file: io.BytesIO, packed: Packed, repack: Collection[str]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._packed = packed
        self._repack = repack
        self.pack = secrets.token_hex(16)  # the new packs are named from this
        self.new: list[object] = []
        self.live: Counter[str] = Counter()  # pack → its objects this pickle names
        self.refs: dict[int, tuple[object, PackRef]] = {}

    def reducer_override(self, obj: Any) -> Any:  # called once per object (pickle's memo comes first)
        if type(obj) not in APART_TYPES:
            return NotImplemented
        entry = self._packed.refs.get(id(obj))
        if entry is None or entry[1][0] in self._repack:
            count = len(self.new)
            entry = (obj, (self.pack_name(count), count % PACK_OBJECTS))  # holding obj keeps its id from being reused
            self.new.append(obj)
        self.refs[id(obj)] = entry
        self.live[entry[1][0]] += 1
        return (_row, entry[1])

    def pack_name(self, count: int) -> str:
        return f"{self.pack}-{count // PACK_OBJECTS}"

    def new_packs(self) -> dict[str, list[object]]:
        """The packs this save adds: name → their objects, in order."""
        return {self.pack_name(start): self.new[start:start + PACK_OBJECTS]
                for start in range(0, len(self.new), PACK_OBJECTS)}


def dump(obj: object, packed: Packed, saved: Collection[str]) -> tuple[memoryview, Saver]:
    """The pickle of ``obj`` (a view of its buffer: at 100,000 briefings a copy is 150 MB) and
    its saver, packs repacked until none is small, sparse or missing from ``saved`` (the rows on disk)."""
    repack = {pack for pack, size in packed.sizes.items() if size < SMALL_PACK or pack not in saved}
    while True:
        buffer = io.BytesIO()
        saver = Saver(buffer, packed, repack)
        saver.dump(obj)
        new = saver.new_packs()
        sparse = {pack for pack, live in saver.live.items()
                  if pack not in new and (live * 2 < packed.sizes.get(pack, 0) or pack not in saved)}
        if sparse <= repack:
            return buffer.getbuffer(), saver
        repack |= sparse


def packed_after(saver: Saver, packed: Packed) -> Packed:
    """What is saved once the saver's pickle and its new pack are."""
    sizes = {pack: packed.sizes[pack] for pack in saver.live if pack in packed.sizes}
    sizes.update((pack, len(objects)) for pack, objects in saver.new_packs().items())
    return Packed(saver.refs, sizes)


class Loader(pickle.Unpickler):
    """Unpickles the cache; each pack it names is read once, checked, then unpickled."""

    def __init__(self, file: io.BytesIO, rows: SignedRows[bytes]) -> None:
        super().__init__(file)
        self._rows = rows
        self._packs: dict[str, tuple[object, ...]] = {}
        self.packed = Packed()

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "_row":
            return self._object
        return super().find_class(module, name)

    def _object(self, pack: str, index: int) -> object:
        objects = self._packs.get(pack)
        if objects is None:
            objects = self._read(pack)
        try:
            obj = objects[index]
        except (IndexError, TypeError):
            raise MissingPack(pack) from None
        self.packed.refs[id(obj)] = (obj, (pack, index))
        return obj

    def _read(self, pack: str) -> tuple[object, ...]:
        data = self._rows.get(pack) if isinstance(pack, str) else None  # checked before it is unpickled
        if data is None:
            raise MissingPack(pack)
        objects = pickle.loads(data)
        if not isinstance(objects, tuple) or any(type(o) not in APART_TYPES for o in objects):
            raise MissingPack(pack)
        self._packs[pack] = objects
        self.packed.sizes[pack] = len(objects)
        return objects


def rows_to_write(saver: Saver) -> Iterator[tuple[str, bytes]]:
    """The new packs' rows, one at a time (so one pickle is held, not all of them)."""
    for pack, objects in saver.new_packs().items():
        yield pack, pickle.dumps(tuple(objects), protocol=pickle.HIGHEST_PROTOCOL)
