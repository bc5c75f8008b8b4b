"""PostgreSQL backend (psycopg 3), the production store."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg

from marknet.errors import StoreError
from marknet.store import redact_url
from marknet.store.sql import SqlStore

_PLACEHOLDER = re.compile(r"\?")


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
        # One connection shared by the server's threads: calls and transactions take turns.
        self._lock = threading.RLock()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            if self._depth:
                yield
                return
            self._depth = 1
            try:
                with self._errors(), self._conn.transaction():
                    yield
            finally:
                self._depth = 0

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

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._errors(), self._conn.cursor() as cur:
            cur.execute(_pg(sql), params)
            return list(cur.fetchall())

    def table_exists(self, name: str) -> bool:
        rows = self.query("SELECT to_regclass(?) IS NOT NULL", (name,))
        return bool(rows[0][0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()
