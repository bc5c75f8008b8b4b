"""Typed reads and writes for the API and the pages: listings a caller may see, the bulletin's
days, filings made through the API, saved searches, the examiner's open cases. The SQL lives
here, with the store; callers pass typed values (``Listing``, ``Scope``) and get
``StoredRecord``s back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from marknet.store.access import SqlAccess
from marknet.store.protocol import RECORD_COLUMNS, StoredRecord, stored_record

__all__ = ["LISTING_ORDERS", "Listing", "ListingQueries", "Scope"]

LISTING_ORDERS = {"id": "id", "filing_date": "filing_date, id",
                  "-filing_date": "filing_date DESC, id",
                  "application_number": "application_number, id"}
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Scope:
    """The records a caller may see: every one, or those in ``statuses``, of ``office``, or
    filed through the API by the user ``filer``."""

    everything: bool = False
    statuses: frozenset[str] = frozenset()
    office: str | None = None
    filer: str | None = None

    def sql(self, prefix: str = "") -> tuple[str, list[Any]]:
        """A WHERE fragment (`` AND …``) over the ``records`` table, aliased *prefix*."""
        if self.everything:
            return "", []
        parts: list[str] = []
        params: list[Any] = []
        if self.statuses:
            parts.append(f"{prefix}status IN ({', '.join('?' * len(self.statuses))})")
            params += sorted(self.statuses)
        if self.office is not None:
            parts.append(f"{prefix}office = ?")
            params.append(self.office)
        if self.filer is not None:
            parts.append(f"{prefix}id IN (SELECT record_id FROM api_filings WHERE user_id = ?)")
            params.append(self.filer)
        return f" AND ({' OR '.join(parts) or '1 = 0'})", params


@dataclass(frozen=True, slots=True)
class Listing:
    """One page of records: filters, an order (``LISTING_ORDERS``) and who is looking."""

    scope: Scope
    office: str | None = None
    status: str | None = None
    record_type: str | None = None
    order: str = "id"
    limit: int = 20
    offset: int = 0


class ListingQueries(SqlAccess):
    """Mixed into ``SqlStore``: needs only ``query`` and ``execute``."""

    def list_records(self, listing: Listing) -> list[StoredRecord]:
        if listing.order not in LISTING_ORDERS:
            raise ValueError(f"unknown order {listing.order!r}")
        sql = f"SELECT {RECORD_COLUMNS} FROM records WHERE 1 = 1"
        params: list[Any] = []
        for column, value in (("office", listing.office), ("status", listing.status),
                              ("record_type", listing.record_type)):
            if value:
                sql += f" AND {column} = ?"
                params.append(value)
        clause, more = listing.scope.sql()
        rows = self.query(f"{sql}{clause} ORDER BY {LISTING_ORDERS[listing.order]} "
                          "LIMIT ? OFFSET ?", [*params, *more, listing.limit, listing.offset])
        return [stored_record(r) for r in rows]

    def event_dates(self, register: str, types: Sequence[str], limit: int) -> list[dt.date]:
        """The latest days on which events of *types* took effect in *register*, latest first."""
        rows = self.query(
            f"SELECT DISTINCT effective_date FROM events WHERE register = ? AND type IN "
            f"({', '.join('?' * len(types))}) ORDER BY effective_date DESC LIMIT ?",
            (register, *types, limit))
        return [dt.date.fromisoformat(str(r[0])) for r in rows]

    def records_with_event(self, register: str, event_type: str, day: dt.date,
                           limit: int) -> list[str]:
        """Ids of the records with an event of *event_type* effective on *day*, in id order."""
        rows = self.query("SELECT DISTINCT record_id FROM events WHERE register = ? "
                          "AND type = ? AND effective_date = ? ORDER BY record_id LIMIT ?",
                          (register, event_type, day.isoformat(), limit))
        return [str(r[0]) for r in rows]

    def add_filing(self, record_id: str, user_id: str, filed_at: dt.datetime) -> None:
        """Remember that *user_id* filed *record_id* through the API (they may see it)."""
        self.execute("INSERT INTO api_filings (record_id, user_id, filed_at) VALUES (?, ?, ?)",
                     (record_id, user_id, filed_at.isoformat()))

    def filings_of(self, user_id: str, ids: Iterable[str]) -> set[str]:
        """Those of *ids* that *user_id* filed through the API."""
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start:start + _CHUNK]
            rows = self.query(f"SELECT record_id FROM api_filings WHERE user_id = ? "
                              f"AND record_id IN ({', '.join('?' * len(chunk))})",
                              (user_id, *chunk))
            found.update(str(r[0]) for r in rows)
        return found

    def saved_search_count(self, user_id: str) -> int:
        rows = self.query("SELECT COUNT(*) FROM saved_searches WHERE user_id = ?", (user_id,))
        return int(rows[0][0])

    def add_saved_search(self, search_id: str, user_id: str, name: str, query: str,
                         created_at: str) -> None:
        self.execute("INSERT INTO saved_searches (id, user_id, name, query, created_at) "
                     "VALUES (?, ?, ?, ?, ?)", (search_id, user_id, name, query, created_at))

    def saved_searches(self, user_id: str) -> list[dict[str, str]]:
        """A user's saved searches (id, name, query string, created_at), newest first."""
        rows = self.query("SELECT id, name, query, created_at FROM saved_searches "
                          "WHERE user_id = ? ORDER BY created_at DESC, id", (user_id,))
        return [{"id": str(r[0]), "name": str(r[1]), "query": str(r[2]),
                 "created_at": str(r[3])} for r in rows]

    def delete_saved_search(self, user_id: str, search_id: str) -> bool:
        return self.execute("DELETE FROM saved_searches WHERE id = ? AND user_id = ?",
                            (search_id, user_id)) == 1

    def open_cases(self, statuses: Sequence[str], office: str | None, filer: str | None,
                   limit: int) -> list[tuple[StoredRecord, str, str]]:
        """Records in *statuses* with a procedure case (of *office*'s, of *filer*'s filings when
        given), as (record, workflow, state), earliest filed first."""
        sql = (f"SELECT {', '.join('r.' + c for c in RECORD_COLUMNS.split(', '))}, c.workflow, "
               "c.state FROM procedure_cases c JOIN records r ON r.id = c.record_id "
               f"WHERE r.status IN ({', '.join('?' * len(statuses))})")
        params: list[Any] = list(statuses)
        if office is not None:
            sql += " AND c.office = ?"
            params.append(office)
        if filer is not None:
            sql += " AND r.id IN (SELECT record_id FROM api_filings WHERE user_id = ?)"
            params.append(filer)
        rows = self.query(sql + " ORDER BY r.filing_date, r.id LIMIT ?", (*params, limit))
        return [(stored_record(r[:6]), str(r[6]), str(r[7])) for r in rows]
