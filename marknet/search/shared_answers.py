"""Finished public search answers shared by the node's HTTP processes (``serve --processes``).

Each process remembers the answers it sent (``edge_cache``), but with several processes a
popular query would be searched once in each of them: the kernel hands connections to the
processes, not queries. Like the shared cache of a caching proxy's workers, this one file
(SQLite, WAL, never synced: it is a cache) lets a process send the answer another one
computed, for the same query string over the same registers.

The cache is emptied when the node starts, and every entry carries the state of the index
it was computed from (the registers' positions), so no process ever sends an answer from
registers other than its own index's. It never fails a request: a busy or broken file is a
miss, and a write that cannot be made is skipped.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import orjson

log = logging.getLogger(__name__)

ENTRIES = 16_384  # ~5 KB each
_TRIM_EVERY = 512
_SCHEMA = """
create table if not exists answers (
    id integer primary key,
    query blob not null unique,
    state text not null,
    status integer not null,
    headers blob not null,
    body blob not null)
"""


class SharedAnswers:
    """One process's connection to the node's shared answer file."""

    def __init__(self, path: Path, entries: int = ENTRIES) -> None:
        self.path = path
        self.entries = entries
        self._writes = 0
        # Never wait for a lock: the event loop would wait with it. Used from the event loop
        # only, which need not be the thread that made the app.
        self._db = sqlite3.connect(path, timeout=0.0, isolation_level=None,
                                   check_same_thread=False)
        self._db.execute("pragma journal_mode=wal")
        self._db.execute("pragma synchronous=off")
        self._db.execute(_SCHEMA)

    @classmethod
    def open(cls, path: Path) -> SharedAnswers | None:
        """The file's answers, or None (with a warning) when it cannot be opened: the process
        then searches for itself."""
        try:
            return cls(path)
        except (sqlite3.Error, OSError) as exc:
            log.warning("search answers are not shared: %s: %s", path, exc)
            return None

    @staticmethod
    def reset(path: Path) -> bool:
        """Start empty (the node starts: the code or the index may have changed); False, with
        a warning, when the file cannot be made (the processes then search for themselves)."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
                (path.parent / name).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("search answers are not shared: %s: %s", path, exc)
            return False
        return True

    def get(self, query: bytes, state: str) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        try:
            row = self._db.execute(
                "select status, headers, body from answers where query = ? and state = ?",
                (query, state)).fetchone()
        except sqlite3.Error as exc:
            log.debug("shared answers: read skipped: %s", exc)
            return None
        if row is None:
            return None
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in orjson.loads(row[1])]
        return int(row[0]), headers, bytes(row[2])

    def put(self, query: bytes, state: str, status: int, headers: list[tuple[bytes, bytes]],
            body: bytes) -> None:
        encoded = orjson.dumps([(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers])
        try:
            self._db.execute(
                "insert or replace into answers (query, state, status, headers, body) "
                "values (?, ?, ?, ?, ?)", (query, state, status, encoded, body))
            self._writes += 1
            if self._writes % _TRIM_EVERY == 0:
                self._db.execute("delete from answers where id <= "
                                 "(select max(id) from answers) - ?", (self.entries,))
        except sqlite3.Error as exc:
            log.debug("shared answers: write skipped: %s", exc)

    def close(self) -> None:
        self._db.close()
