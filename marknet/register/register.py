"""The register of one office: append-only events, projected records, guarded transitions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from marknet.errors import ConflictError, MarknetError, NotFoundError, TransitionError
from marknet.formats.items import ImportItem
from marknet.model import (
    Event,
    EventType,
    Record,
    RecordType,
    Status,
    record_from_dict,
    record_to_dict,
)
from marknet.model.chain import event_hash
from marknet.register.importer import Importer, ImportReport
from marknet.register.projection import apply, check_restore_target
from marknet.register.transitions import check_transition
from marknet.register.verify import VerifyReport, verify_store
from marknet.store import Store, StoredRecord


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Register:
    """One node's view of its registers: its own office's and any it holds for others."""

    def __init__(self, store: Store, office: str,
                 clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.store = store
        self.office = office
        self.clock = clock

    # -- reading -------------------------------------------------------------------------------
    def get_stored(self, record_id: str) -> StoredRecord:
        found = self.store.get_records([record_id]).get(record_id)
        if found is None:
            raise NotFoundError(f"no record {record_id}", id=record_id)
        return found

    def get(self, record_id: str) -> Record:
        return record_from_dict(self.get_stored(record_id).data)

    def history(self, record_id: str) -> list[Event]:
        events = self.store.record_events(record_id)
        if not events:
            raise NotFoundError(f"no record {record_id}", id=record_id)
        return events

    # -- writing -------------------------------------------------------------------------------
    def import_items(self, items: Iterable[ImportItem], actor: str = "import",
                     allow_foreign: bool = False, batch_size: int = 2000,
                     progress: Callable[[int], None] | None = None,
                     workers: int = 1) -> ImportReport:
        """Import a stream of items; ``workers`` > 1 validates in that many processes."""
        importer = Importer(self.store, self.office, self.clock, actor, allow_foreign, batch_size,
                            workers)
        return importer.run(items, progress)

    def file(self, record: Record, actor: str) -> Event:
        """Enter a new application: its creation event, status filed."""
        if record.status is not Status.FILED:
            raise TransitionError(f"a new application starts as filed, not {record.status.value}")
        if record.office != self.office:
            raise TransitionError(f"the {self.office} office cannot file a {record.office} "
                                  "application in its register")
        if self.store.get_records([record.id]):
            raise ConflictError(f"duplicate application number: {record.id} already exists",
                                id=record.id)
        data = record_to_dict(record)
        return self._append(record.id, record.office, EventType.FILED, {"record": data},
                            record.filing_date, actor, None)

    def transition(self, record_id: str, event_type: EventType, actor: str,
                   payload: dict[str, Any] | None = None,
                   effective_date: dt.date | None = None) -> Record:
        """Record a status event if the transition table allows it; otherwise change nothing."""
        stored = self.get_stored(record_id)
        if stored.register != self.office:
            raise TransitionError(f"{record_id} belongs to the {stored.register} register, "
                                  f"which this {self.office} node only mirrors")
        check_transition(event_type, RecordType(stored.record_type), Status(stored.status))
        payload = dict(payload or {})
        if event_type is EventType.RESTORED:
            check_restore_target(payload)
        when = effective_date or self.clock().date()
        self._append(record_id, stored.register, event_type, payload, when, actor, stored)
        return self.get(record_id)

    def _append(self, record_id: str, register: str, event_type: EventType,
                payload: dict[str, Any], effective_date: dt.date, actor: str,
                stored: StoredRecord | None) -> Event:
        head = self.store.head(register)
        event = Event(register, head.seq + 1, record_id, event_type, effective_date, self.clock(),
                      actor, payload, head.hash)
        event = replace(event, hash=event_hash(head.hash, event))
        state = apply(None if stored is None else stored.data, event)
        try:
            record = record_from_dict(state)  # every projected state must be a valid record
        except MarknetError as exc:
            raise TransitionError(f"{event_type.value} would leave {record_id} invalid: "
                                  f"{exc.message}") from exc
        row = StoredRecord(record_id, register, record.record_type.value, record.status.value,
                           record_to_dict(record), event.seq)
        self.store.append(head, [event], [row])
        return event

    # -- integrity -----------------------------------------------------------------------------
    def verify(self, progress: Callable[[int], None] | None = None) -> VerifyReport:
        return verify_store(self.store, progress)
