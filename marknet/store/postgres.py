"""PostgreSQL backend (psycopg 3), the production store.

Writes and transactions share one connection and take turns; a read outside a transaction
borrows a connection from a pool (``READERS`` at most), so reads run beside the writer and
beside each other. A read inside a transaction uses the writer's connection and sees the
transaction's writes.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool

from marknet.errors import StoreError
from marknet.store import redact_url
from marknet.store.sql import EVENT_COLUMNS, RECORD_UPSERT, RECORD_WRITE_COLUMNS, SqlStore

_PLACEHOLDER = re.compile(r"\?")
READERS = 4
# From this many rows a write goes through COPY (one stream) instead of one INSERT per row:
# bulk import and replication write thousands; a procedure step writes one or two.
COPY_FROM_ROWS = 50


def _pg(sql: str) -> str:
    return _PLACEHOLDER.sub("%s", sql)


class PostgresStore(SqlStore):
    bigint = "BIGINT"
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {redact_url(url)}: {exc}") from exc
        self._depth = 0
        # One writing connection shared by the server's threads: writes and transactions take
        # turns; the thread inside a transaction reads through it too.
        self._lock = threading.RLock()
        self._owner: int | None = None
        self._readers = ConnectionPool(url, min_size=0, max_size=READERS, open=True,
                                       kwargs={"autocommit": True, "connect_timeout": 10},
                                       name="marknet-readers")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            if self._depth:
                yield
                return
            self._depth = 1
            self._owner = threading.get_ident()
            try:
                with self._errors(), self._conn.transaction():
                    yield
            finally:
                self._depth = 0
                self._owner = None

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as exc:
            raise StoreError(f"PostgreSQL: {exc}") from exc

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._lock, self._errors(), self._conn.cursor() as cur:
            cur.execute(_pg(sql), params)
            return cur.rowcount

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._lock, self._errors(), self._conn.cursor() as cur:
            cur.executemany(_pg(sql), rows)

    def insert_events(self, rows: list[tuple[Any, ...]]) -> None:
        if len(rows) < COPY_FROM_ROWS:
            super().insert_events(rows)
            return
        self._copy(f"COPY events ({EVENT_COLUMNS}) FROM STDIN", rows)

    def upsert_records(self, rows: list[tuple[Any, ...]]) -> None:
        # COPY cannot resolve conflicts: rows go to a transaction-scoped staging table first.
        if len(rows) < COPY_FROM_ROWS:
            super().upsert_records(rows)
            return
        self.execute("CREATE TEMP TABLE IF NOT EXISTS records_in "
                     "(LIKE records INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
        # One INSERT may update a row once: of a record written twice, the last row counts,
        # as it would one row after another.
        latest = list({row[0]: row for row in rows}.values())
        self._copy(f"COPY records_in ({RECORD_WRITE_COLUMNS}) FROM STDIN", latest)
        self.execute(f"INSERT INTO records ({RECORD_WRITE_COLUMNS}) "
                     f"SELECT {RECORD_WRITE_COLUMNS} FROM records_in {RECORD_UPSERT}")
        self.execute("TRUNCATE records_in")

    def _copy(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        with self._lock, self._errors(), self._conn.cursor() as cur, cur.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self._owner == threading.get_ident() or self._readers.closed:
            with self._lock, self._errors(), self._conn.cursor() as cur:
                cur.execute(_pg(sql), params)
                return list(cur.fetchall())
        # A pool timeout is a psycopg error too: a StoreError saying so.
        with self._errors(), self._readers.connection(timeout=30) as conn, conn.cursor() as cur:
            cur.execute(_pg(sql), params)
            return list(cur.fetchall())

    def table_exists(self, name: str) -> bool:
        rows = self.query("SELECT to_regclass(?) IS NOT NULL", (name,))
        return bool(rows[0][0])

    def close(self) -> None:
        with self._lock:
            self._readers.close()
            self._conn.close()
