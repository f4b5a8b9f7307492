"""The CBOR subset Pagefind writes (integers, byte and text strings, arrays, maps), read and
written so the search stage can sort and escape filter values in Pagefind's files."""

from __future__ import annotations

from typing import Any

MAGIC = b"pagefind_dcd"  # what Pagefind's CBOR files start with (after gunzip)


def decode(data: bytes, pos: int) -> tuple[Any, int]:
    """Decode the CBOR subset Pagefind writes: integers, strings, arrays, maps."""
    head = data[pos]
    major, info = head >> 5, head & 31
    pos += 1
    if info < 24:
        arg = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        arg = int.from_bytes(data[pos:pos + size], "big")
        pos += size
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major == 2:
        return bytes(data[pos:pos + arg]), pos + arg
    if major == 3:
        return data[pos:pos + arg].decode("utf-8"), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = decode(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        pairs = []
        for _ in range(arg):
            key, pos = decode(data, pos)
            val, pos = decode(data, pos)
            pairs.append((key, val))
        return dict(pairs), pos
    raise ValueError(f"unsupported CBOR major type {major}")


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise ValueError("integer too large")


def encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise ValueError("unsupported CBOR value")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value.items())
    raise ValueError(f"unsupported CBOR value {type(value).__name__}")
