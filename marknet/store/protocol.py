"""The Store protocol: what the register and the rest of marknet need from a database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import orjson

from marknet.model import Event

if TYPE_CHECKING:
    from marknet.store.accounts import AccountRow, TokenRow
    from marknet.store.listings import Listing
    from marknet.store.watches import DueWebhook, EventStub, Watch


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """A record's projected state as stored, with the register it belongs to."""

    id: str
    register: str
    record_type: str
    status: str
    data: dict[str, Any]
    last_seq: int
    # ``data`` as JSON when the writer already has it; derived, so not part of equality.
    data_json: bytes | None = field(default=None, compare=False, repr=False)


RECORD_COLUMNS = "id, register, record_type, status, data, last_seq"


def stored_record(row: Sequence[Any]) -> StoredRecord:
    """A ``records`` row of ``RECORD_COLUMNS`` as a StoredRecord."""
    return StoredRecord(id=str(row[0]), register=str(row[1]), record_type=str(row[2]),
                        status=str(row[3]), data=orjson.loads(row[4]), last_seq=int(row[5]))


@dataclass(frozen=True, slots=True)
class ChainHead:
    register: str
    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class SealedEvent:
    """A mirrored event the partner did not show (an unpublished application): its place in
    the partner's chain only, until the partner reveals it."""

    seq: int
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class RecordFilter:
    register: str | None = None
    office: str | None = None
    record_type: str | None = None
    updated_after_seq: int | None = None
    filed_since: dt.date | None = None


class Store(Protocol):
    """A node's database. One writer per register at a time is enforced by the head check."""

    url: str
    dialect: str  # "sqlite" or "postgresql"

    # -- plain SQL for packages that own tables of their own (exchange, procedure, api) ------
    # Write SQL with ``?`` placeholders; the PostgreSQL backend rewrites them.
    def transaction(self) -> AbstractContextManager[None]:
        """One atomic unit; nested calls join the outer transaction."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; returns the affected row count."""

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def close(self) -> None: ...

    def migrate(self) -> list[int]:
        """Apply pending schema migrations; returns the versions applied."""

    def schema_version(self) -> int: ...

    def head(self, register: str) -> ChainHead: ...

    def heads(self) -> list[ChainHead]: ...

    def append(self, head: ChainHead, events: Sequence[Event],
               records: Sequence[StoredRecord], sealed: Sequence[SealedEvent] = (),
               revealed: Sequence[Event] = ()) -> None:
        """Atomically write events and their records' new states, if the head has not moved.

        A mirror also writes ``sealed`` places of events it may not see yet, and ``revealed``
        events that replace earlier sealed places (each must still be sealed with that hash).
        Raises ConflictError when another writer moved the head since ``head`` was read.
        """

    def sealed_events(self, register: str, seqs: Sequence[int] | None = None
                      ) -> dict[int, SealedEvent]:
        """A mirror's sealed places by seq (all of the register's, or those of ``seqs``)."""

    def get_records(self, ids: Sequence[str]) -> dict[str, StoredRecord]: ...

    def record_events(self, record_id: str) -> list[Event]: ...

    def iter_events(self, register: str, after_seq: int = 0,
                    limit: int | None = None) -> Iterator[Event]: ...

    def iter_histories(self, register: str) -> Iterator[tuple[str, list[Event]]]:
        """Each record's events of one register, grouped, in record-id order."""

    def iter_records(self, where: RecordFilter | None = None) -> Iterator[StoredRecord]: ...

    def count_records(self, where: RecordFilter | None = None) -> dict[str, int]:
        """Record counts by status."""

    def get_meta(self, key: str) -> str | None: ...

    # -- typed reads and writes of the API and the pages (``store/listings.py``) -------------
    def list_records(self, listing: Listing) -> list[StoredRecord]: ...

    def event_dates(self, register: str, types: Sequence[str], limit: int) -> list[dt.date]: ...

    def records_with_event(self, register: str, event_type: str, day: dt.date,
                           limit: int) -> list[str]: ...

    def add_filing(self, record_id: str, user_id: str, filed_at: dt.datetime) -> None: ...

    def filings_of(self, user_id: str, ids: Iterable[str]) -> set[str]: ...

    def open_cases(self, statuses: Sequence[str], office: str | None, filer: str | None,
                   limit: int) -> list[tuple[StoredRecord, str, str]]: ...

    def saved_search_count(self, user_id: str) -> int: ...

    def add_saved_search(self, search_id: str, user_id: str, name: str, query: str,
                         created_at: str) -> None: ...

    def saved_searches(self, user_id: str) -> list[dict[str, str]]: ...

    def delete_saved_search(self, user_id: str, search_id: str) -> bool: ...

    # -- accounts and tokens (``store/accounts.py``) -----------------------------------------
    def add_account(self, account: AccountRow, password_hash: str, created_at: str) -> None: ...

    def accounts(self, username: str | None = None) -> list[AccountRow]: ...

    def account_exists(self, username: str) -> bool: ...

    def password_hash(self, username: str) -> tuple[AccountRow, str] | None: ...

    def set_password_hash(self, account_id: str, password_hash: str) -> None: ...

    def disable_account(self, account_id: str) -> None: ...

    def add_token(self, token_hash: str, account_id: str, kind: str, csrf: str,
                  created_at: str, expires_at: str) -> None: ...

    def token(self, token_hash: str, kind: str) -> TokenRow | None: ...

    def delete_token(self, token_hash: str) -> None: ...

    # -- watches, notifications, webhooks (``store/watches.py``) -----------------------------
    def active_watch_count(self, user_id: str) -> int: ...

    def add_watch(self, watch: Watch) -> None: ...

    def watches(self, user_id: str | None = None) -> list[Watch]: ...

    def deactivate_watch(self, user_id: str, watch_id: str) -> bool: ...

    def add_notification(self, notification_id: str, watch: Watch, hit: dict[str, Any],
                         now: str) -> bool: ...

    def notifications(self, user_id: str, limit: int,
                      unseen_only: bool = False) -> list[dict[str, Any]]: ...

    def mark_notification_seen(self, user_id: str, notification_id: str) -> bool: ...

    def due_webhooks(self, now: str, limit: int) -> list[DueWebhook]: ...

    def claim_webhook(self, notification_id: str) -> bool: ...

    def record_webhook(self, notification_id: str, status: str, attempts: int,
                       following: str | None, error: str | None) -> None: ...

    def watch_cursor(self, register: str) -> int: ...

    def set_watch_cursor(self, register: str, seq: int) -> None: ...

    def event_stubs(self, register: str, after: int, limit: int) -> list[EventStub]: ...

    def set_meta(self, key: str, value: str) -> None: ...
