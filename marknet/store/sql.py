"""The SQL both backends share. Subclasses supply the connection, transactions and dialect.

SQL here is written with ``?`` placeholders; the PostgreSQL backend rewrites them to ``%s``.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

import orjson

from marknet.errors import ConflictError
from marknet.model import Event, EventType
from marknet.model.chain import GENESIS, payload_bytes
from marknet.store.accounts import AccountQueries
from marknet.store.listings import ListingQueries
from marknet.store.migrations import MIGRATIONS, render
from marknet.store.protocol import (
    RECORD_COLUMNS,
    ChainHead,
    RecordFilter,
    SealedEvent,
    StoredRecord,
    stored_record,
)
from marknet.store.watches import WatchQueries

EVENT_COLUMNS = ("register, seq, record_id, type, effective_date, recorded_at, actor, payload, "
                 "prev_hash, hash")
RECORD_WRITE_COLUMNS = ("id, register, record_type, office, application_number, filing_date, "
                        "status, data, last_seq")
RECORD_UPSERT = ("ON CONFLICT (id) DO UPDATE SET status = excluded.status, "
                 "data = excluded.data, last_seq = excluded.last_seq")
_PAGE = 2000


class SqlStore(ListingQueries, AccountQueries, WatchQueries, ABC):
    url: str
    bigint = "BIGINT"
    dialect = "sql"

    # -- what a backend provides -------------------------------------------------------------
    @abstractmethod
    def transaction(self) -> AbstractContextManager[None]: ...

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the affected row count."""

    @abstractmethod
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    @abstractmethod
    def table_exists(self, name: str) -> bool: ...

    @abstractmethod
    def close(self) -> None: ...

    # -- schema ------------------------------------------------------------------------------
    def schema_version(self) -> int:
        if not self.table_exists("schema_migrations"):
            return 0
        rows = self.query("SELECT MAX(version) FROM schema_migrations")
        return int(rows[0][0] or 0)

    def migrate(self) -> list[int]:
        applied: list[int] = []
        with self.transaction():
            self.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                          "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                          "applied_at TEXT NOT NULL)")
        done = {int(row[0]) for row in self.query("SELECT version FROM schema_migrations")}
        for migration in sorted(MIGRATIONS, key=lambda m: m.version):
            if migration.version in done:
                continue
            with self.transaction():
                for statement in migration.statements:
                    self.execute(render(statement, bigint=self.bigint))
                self.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                              (migration.version, migration.name, _now()))
            applied.append(migration.version)
        return applied


    # -- register ----------------------------------------------------------------------------
    def head(self, register: str) -> ChainHead:
        rows = self.query("SELECT seq, hash FROM register_heads WHERE register = ?", (register,))
        if not rows:
            return ChainHead(register, 0, GENESIS)
        return ChainHead(register, int(rows[0][0]), str(rows[0][1]))

    def heads(self) -> list[ChainHead]:
        rows = self.query("SELECT register, seq, hash FROM register_heads ORDER BY register")
        return [ChainHead(str(r[0]), int(r[1]), str(r[2])) for r in rows]

    def append(self, head: ChainHead, events: Sequence[Event],
               records: Sequence[StoredRecord], sealed: Sequence[SealedEvent] = (),
               revealed: Sequence[Event] = ()) -> None:
        if not events and not sealed:
            return
        last_seq, last_hash = max([(e.seq, e.hash) for e in events]
                                  + [(s.seq, s.hash) for s in sealed])
        with self.transaction():
            if head.seq == 0:
                moved = self.execute(
                    "INSERT INTO register_heads (register, seq, hash) SELECT ?, ?, ? "
                    "WHERE NOT EXISTS (SELECT 1 FROM register_heads WHERE register = ?)",
                    (head.register, last_seq, last_hash, head.register)) != 1
            else:
                moved = self.execute(
                    "UPDATE register_heads SET seq = ?, hash = ? "
                    "WHERE register = ? AND seq = ? AND hash = ?",
                    (last_seq, last_hash, head.register, head.seq, head.hash)) != 1
            if moved:
                raise ConflictError(f"register {head.register} moved while writing; try again")
            for event in revealed:
                if self.execute("DELETE FROM sealed_events WHERE register = ? AND seq = ? AND "
                                "hash = ?", (event.register, event.seq, event.hash)) != 1:
                    raise ConflictError(f"event {event.register} {event.seq} is not sealed")
            self.insert_events([_event_row(e) for e in [*revealed, *events]])
            self.executemany(
                "INSERT INTO sealed_events (register, seq, prev_hash, hash) VALUES (?, ?, ?, ?)",
                [(head.register, s.seq, s.prev_hash, s.hash) for s in sealed])
            self.upsert_records([_record_row(r) for r in records])

    def insert_events(self, rows: list[tuple[Any, ...]]) -> None:
        """New event rows (``EVENT_COLUMNS``), inside the caller's transaction."""
        self.executemany(
            f"INSERT INTO events ({EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def upsert_records(self, rows: list[tuple[Any, ...]]) -> None:
        """Record rows (``RECORD_WRITE_COLUMNS``), new or replacing, in the caller's
        transaction."""
        self.executemany(
            f"INSERT INTO records ({RECORD_WRITE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            f"{RECORD_UPSERT}", rows)

    def sealed_events(self, register: str, seqs: Sequence[int] | None = None
                      ) -> dict[int, SealedEvent]:
        if seqs is None:
            rows = self.query("SELECT seq, prev_hash, hash FROM sealed_events "
                              "WHERE register = ?", (register,))
        else:
            rows = []
            for start in range(0, len(seqs), 500):
                chunk = list(seqs[start:start + 500])
                marks = ", ".join("?" * len(chunk))
                rows += self.query(f"SELECT seq, prev_hash, hash FROM sealed_events WHERE "
                                   f"register = ? AND seq IN ({marks})", (register, *chunk))
        return {int(r[0]): SealedEvent(int(r[0]), str(r[1]), str(r[2])) for r in rows}

    def get_records(self, ids: Sequence[str]) -> dict[str, StoredRecord]:
        found: dict[str, StoredRecord] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            marks = ", ".join("?" * len(chunk))
            rows = self.query(
                f"SELECT {RECORD_COLUMNS} FROM records WHERE id IN ({marks})", chunk)
            found.update((r.id, r) for r in map(stored_record, rows))
        return found

    def record_events(self, record_id: str) -> list[Event]:
        rows = self.query(f"SELECT {EVENT_COLUMNS} FROM events WHERE record_id = ? "
                           "ORDER BY register, seq", (record_id,))
        return [_event(r) for r in rows]

    def iter_events(self, register: str, after_seq: int = 0,
                    limit: int | None = None) -> Iterator[Event]:
        remaining = limit
        while remaining is None or remaining > 0:
            page = _PAGE if remaining is None else min(_PAGE, remaining)
            rows = self.query(f"SELECT {EVENT_COLUMNS} FROM events "
                               "WHERE register = ? AND seq > ? ORDER BY seq LIMIT ?",
                               (register, after_seq, page))
            for row in rows:
                yield _event(row)
            if len(rows) < page:
                return
            after_seq = int(rows[-1][1])
            if remaining is not None:
                remaining -= len(rows)

    def iter_records(self, where: RecordFilter | None = None) -> Iterator[StoredRecord]:
        clause, params = _where(where or RecordFilter())
        after = ""
        while True:
            rows = self.query(f"SELECT {RECORD_COLUMNS} FROM records WHERE id > ?{clause} "
                               f"ORDER BY id LIMIT {_PAGE}", (after, *params))
            yield from map(stored_record, rows)
            if len(rows) < _PAGE:
                return
            after = str(rows[-1][0])

    def count_records(self, where: RecordFilter | None = None) -> dict[str, int]:
        clause, params = _where(where or RecordFilter())
        rows = self.query(f"SELECT status, COUNT(*) FROM records WHERE 1 = 1{clause} "
                           "GROUP BY status ORDER BY status", params)
        return {str(status): int(count) for status, count in rows}

    def iter_histories(self, register: str) -> Iterator[tuple[str, list[Event]]]:
        """Every record's events of one register, grouped by record id in id order (streaming)."""
        after = ""
        while True:
            rows = self.query(
                f"SELECT {EVENT_COLUMNS} FROM events WHERE register = ? AND record_id IN ("
                f"SELECT DISTINCT record_id FROM events WHERE register = ? AND record_id > ? "
                f"ORDER BY record_id LIMIT {_PAGE}) ORDER BY record_id, seq",
                (register, register, after))
            if not rows:
                return
            group: list[Event] = []
            for event in map(_event, rows):
                if group and group[0].record_id != event.record_id:
                    yield group[0].record_id, group
                    group = []
                group.append(event)
            yield group[0].record_id, group
            after = group[0].record_id

    def get_meta(self, key: str) -> str | None:
        rows = self.query("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


def _where(where: RecordFilter) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    for column, value in (("register", where.register), ("office", where.office),
                          ("record_type", where.record_type)):
        if value is not None:
            parts.append(f" AND {column} = ?")
            params.append(value)
    if where.updated_after_seq is not None:
        parts.append(" AND last_seq > ?")
        params.append(where.updated_after_seq)
    if where.filed_since is not None:
        parts.append(" AND filing_date >= ?")
        params.append(where.filed_since.isoformat())
    return "".join(parts), params


def _event_row(e: Event) -> tuple[Any, ...]:
    return (e.register, e.seq, e.record_id, e.type.value, e.effective_date.isoformat(),
            e.recorded_at.isoformat(), e.actor, payload_bytes(e).decode(), e.prev_hash, e.hash)


def _event(row: Sequence[Any]) -> Event:
    return Event(register=str(row[0]), seq=int(row[1]), record_id=str(row[2]),
                 type=EventType(row[3]), effective_date=dt.date.fromisoformat(row[4]),
                 recorded_at=dt.datetime.fromisoformat(row[5]), actor=str(row[6]),
                 payload=orjson.loads(row[7]), prev_hash=str(row[8]), hash=str(row[9]))


def _record_row(r: StoredRecord) -> tuple[Any, ...]:
    return (r.id, r.register, r.record_type, r.data["office"], r.data["application_number"],
            r.data["filing_date"], r.status, (r.data_json or orjson.dumps(r.data)).decode(),
            r.last_seq)



def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()

