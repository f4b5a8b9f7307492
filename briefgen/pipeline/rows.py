"""Signed rows in a SQLite file of the build cache: ``SignedRows``, (key, mac, value) per row.

The mac is the HMAC of the value in the context of the site and of the row's key
(``records.sign``), so a row planted, changed or moved under another key is refused: nothing
from the site folder is trusted before its signature is checked (issue 12). A file whose
schema holds anything but its one table is replaced, since a trigger or a view could run on a
read or a write. Any SQLite error makes a row missing, never a failed build: what the rows
hold is made again from the site's files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Generic, TypeVar

from ..records import cache_key, sign, verify

Value = TypeVar("Value", str, bytes)


class SignedRows(Generic[Value]):
    """One table ``name (key TEXT PRIMARY KEY, mac BLOB, value TEXT|BLOB)`` in the file ``path``."""

    def __init__(self, path: Path, name: str, value: type[Value], context: bytes) -> None:
        self._path = path
        self._name = name
        self._type: type[Value] = value
        self._context = context
        sql_type = "TEXT" if value is str else "BLOB"
        self._schema = ("table", name, f"CREATE TABLE {name} (key TEXT PRIMARY KEY, mac BLOB NOT NULL, "
                                       f"value {sql_type} NOT NULL) WITHOUT ROWID")
        self._db: sqlite3.Connection | None = None
        self._secret: bytes | None = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            db = sqlite3.connect(self._path, isolation_level=None)
            if db.execute("SELECT type, name, sql FROM sqlite_master").fetchall() not in ([], [self._schema]):
                db.close()
                self._path.unlink()
                db = sqlite3.connect(self._path, isolation_level=None)
            db.execute("PRAGMA trusted_schema=OFF")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(self._schema[2].replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1))
            self._db = db
        return self._db

    def _mac(self, secret: bytes, key: str, value: Value) -> bytes:
        data = value.encode() if isinstance(value, str) else value
        return sign(secret, data, self._context + key.encode())

    def _valid(self, secret: bytes, key: str, row: tuple[object, object]) -> bool:
        mac, value = row
        if not isinstance(mac, bytes) or not isinstance(value, self._type):
            return False
        data = value.encode() if isinstance(value, str) else value
        return verify(secret, mac, data, self._context + key.encode())

    def get(self, key: str) -> Value | None:
        """The value of one row; None if missing or not signed with this user's key (then it is deleted)."""
        secret = cache_key()
        if secret is None or not self._path.exists():
            return None
        try:
            row = self._connect().execute(f"SELECT mac, value FROM {self._name} WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            if not self._valid(secret, key, row):
                self._connect().execute(f"DELETE FROM {self._name} WHERE key = ?", (key,))  # saved again right
                return None
        except sqlite3.Error:
            return None
        value: Value = row[1]
        return value

    def everything(self) -> dict[str, tuple[bytes, Value]]:
        """Every row as (mac, value), not checked yet: ``valid`` checks one before it is used."""
        if cache_key() is None or not self._path.exists():
            return {}
        try:
            return {key: (mac, value) for key, mac, value in
                    self._connect().execute(f"SELECT key, mac, value FROM {self._name}")}
        except sqlite3.Error:
            return {}

    def valid(self, key: str, row: tuple[bytes, Value]) -> bool:
        if self._secret is None:
            self._secret = cache_key()
        return self._secret is not None and self._valid(self._secret, key, row)

    def keys(self) -> set[str]:
        try:
            return {key for (key,) in self._connect().execute(f"SELECT key FROM {self._name}")}
        except sqlite3.Error:
            return set()

    def put(self, rows: Mapping[str, Value]) -> None:
        """Add or replace these rows, in one transaction."""
        self._change(rows, ())

    def delete(self, keys: Iterable[str]) -> None:
        self._change({}, keys)

    def _change(self, rows: Mapping[str, Value], gone: Iterable[str]) -> None:
        secret = cache_key()
        if secret is None:
            return
        try:
            db = self._connect()
            db.execute("BEGIN")
            db.executemany(f"DELETE FROM {self._name} WHERE key = ?", ((key,) for key in gone))
            db.executemany(f"INSERT OR REPLACE INTO {self._name} VALUES (?, ?, ?)",
                           ((key, self._mac(secret, key, value), value) for key, value in rows.items()))
            db.execute("COMMIT")
        except sqlite3.Error:
            self.close()
            self._path.unlink(missing_ok=True)  # damaged: what it held is made again from the site's files

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
