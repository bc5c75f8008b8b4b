"""SQLite backend: one file under the data directory, WAL mode, one writer at a time."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from marknet.errors import StoreError
from marknet.store.sql import SqlStore


class SqliteStore(SqlStore):
    bigint = "INTEGER"
    dialect = "sqlite"

    def __init__(self, path: Path | str) -> None:
        self.url = f"sqlite:///{path}"
        self.path = str(path)
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                         timeout=30)
            if self.path != ":memory:":
                self._conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL is durable across application crashes in WAL mode; only an OS crash may
            # lose the last transactions, never corrupt the file.
            self._conn.execute("PRAGMA synchronous=NORMAL")
            # A 64 MB page cache keeps the B-tree pages that bulk inserts touch in memory.
            self._conn.execute("PRAGMA cache_size=-65536")
            self._conn.execute("PRAGMA temp_store=MEMORY")
            self._conn.execute("PRAGMA wal_autocheckpoint=20000")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open SQLite database {self.path}: {exc}") from exc
        self._depth = 0
        # One connection shared by the server's threads: calls and transactions take turns.
        self._lock = threading.RLock()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            if self._depth:
                yield
                return
            with self._errors():
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                with self._errors():
                    self._conn.execute("COMMIT")
            finally:
                self._depth = 0

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite: {exc}") from exc

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._lock, self._errors():
            return self._conn.execute(sql, params).rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._lock, self._errors():
            self._conn.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._errors():
            return list(self._conn.execute(sql, params).fetchall())

    def table_exists(self, name: str) -> bool:
        rows = self.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        return bool(rows)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
