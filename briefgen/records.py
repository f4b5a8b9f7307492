"""Fast pickling for the frozen, slotted dataclasses kept in the build cache.

``dataclasses`` gives a frozen slotted class a ``__getstate__``/``__setstate__`` that call
``fields()`` for every object pickled or unpickled. The cache of a 10,000-briefing site holds
about 160,000 such objects, and those calls were half the time of saving and loading it (1.1 s
of a 2.5 s rebuild). ``fast_pickle`` installs the same pair with the field names looked up once.
"""

from __future__ import annotations

import operator
from dataclasses import fields
from typing import Any, TypeVar

T = TypeVar("T")


def fast_pickle(cls: type[T]) -> type[T]:
    """Use above ``@dataclass(frozen=True, slots=True)``; the state is the tuple of field values."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    values = operator.attrgetter(*names) if len(names) > 1 else (lambda obj: (getattr(obj, names[0]),))

    def __getstate__(self: Any) -> tuple[Any, ...]:
        return values(self)

    setattr_ = object.__setattr__  # the frozen class's own __setattr__ refuses

    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
        for field_name, value in zip(names, state):
            setattr_(self, field_name, value)

    setattr(cls, "__getstate__", __getstate__)
    setattr(cls, "__setstate__", __setstate__)
    return cls
