"""SQLite backend: one file under the data directory, WAL mode, one writer at a time.

Writes and transactions share one connection and take turns; a read outside a transaction
takes a read-only connection of its own (WAL lets readers run beside the writer, each seeing
the last committed state), so a search's or a page's reads never wait behind a bulk import.
A read inside a transaction uses the writer's connection and sees the transaction's writes.
"""

from __future__ import annotations

import queue
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
        # One writing connection shared by the server's threads: writes and transactions take
        # turns; the thread inside a transaction reads through it too.
        self._lock = threading.RLock()
        self._owner: int | None = None
        self._idle_readers: queue.SimpleQueue[sqlite3.Connection] = queue.SimpleQueue()
        self._readers: list[sqlite3.Connection] = []
        self._closed = False

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            if self._depth:
                yield
                return
            with self._errors():
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            self._owner = threading.get_ident()
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
                self._owner = None

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
        if self.path == ":memory:" or self._owner == threading.get_ident() or self._closed:
            with self._lock, self._errors():
                return list(self._conn.execute(sql, params).fetchall())
        reader = self._reader()
        try:
            with self._errors():
                return list(reader.execute(sql, params).fetchall())
        finally:
            self._idle_readers.put(reader)

    def _reader(self) -> sqlite3.Connection:
        """An idle read-only connection, or a new one: as many as reads run at once."""
        try:
            return self._idle_readers.get_nowait()
        except queue.Empty:
            pass
        with self._errors():
            reader = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                     timeout=30)
            reader.execute("PRAGMA query_only=ON")
            reader.execute("PRAGMA cache_size=-16384")
        with self._lock:
            self._readers.append(reader)
        return reader

    def table_exists(self, name: str) -> bool:
        rows = self.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        return bool(rows)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for reader in self._readers:
                reader.close()
            self._conn.close()
