"""The Store contract, run against every backend (PostgreSQL when configured)."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace

import pytest

from marknet.errors import ConflictError
from marknet.model import Event, EventType
from marknet.model.chain import GENESIS, event_hash
from marknet.store import ChainHead, RecordFilter, Store, StoredRecord, open_store
from marknet.store.migrations import LATEST

NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


def _record(n: int, office: str = "RU", filed: str = "2021-03-04") -> StoredRecord:
    number = f"2021{n:06d}"
    record_id = f"{office}502021{n:09d}"
    data = {"id": record_id, "office": office, "application_number": number,
            "filing_date": filed, "status": "filed", "record_type": "trademark",
            "verbal_elements": [{"text": f"Крыніца {n}"}]}
    return StoredRecord(record_id, office, "trademark", "filed", data, n)


def _append(store: Store, records: list[StoredRecord], register: str = "RU") -> ChainHead:
    head = store.head(register)
    prev, events = head.hash, []
    for i, record in enumerate(records, start=head.seq + 1):
        event = Event(register, i, record.id, EventType.IMPORTED, dt.date(2021, 3, 4), NOW, "t",
                      {"record": record.data}, prev)
        prev = event_hash(prev, event)
        events.append(replace(event, hash=prev))
    store.append(head, events, [StoredRecord(r.id, r.register, r.record_type, r.status, r.data,
                                             head.seq + i) for i, r in enumerate(records, 1)])
    return store.head(register)


def test_migrations_are_applied_once(store_url: str) -> None:
    store = open_store(store_url)
    assert store.schema_version() == LATEST
    assert store.migrate() == []
    store.close()


def test_an_empty_register_starts_at_genesis(store: Store) -> None:
    assert store.head("RU") == ChainHead("RU", 0, GENESIS)
    assert store.heads() == []


def test_append_moves_the_head_and_stores_events_in_order(store: Store) -> None:
    head = _append(store, [_record(i) for i in range(1, 6)])
    assert head.seq == 5
    events = list(store.iter_events("RU"))
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[-1].hash == head.hash
    assert [e.seq for e in store.iter_events("RU", after_seq=3)] == [4, 5]
    assert [e.seq for e in store.iter_events("RU", limit=2)] == [1, 2]


def test_a_stale_head_is_a_conflict_and_writes_nothing(store: Store) -> None:
    stale = store.head("RU")
    _append(store, [_record(1)])
    event = Event("RU", 1, "RU502021000000009", EventType.IMPORTED, dt.date(2021, 1, 1), NOW,
                  "t", {"record": _record(9).data}, stale.hash, "x" * 64)
    with pytest.raises(ConflictError, match="moved"):
        store.append(stale, [event], [_record(9)])
    assert store.get_records(["RU502021000000009"]) == {}
    assert store.head("RU").seq == 1


def test_records_round_trip_and_filter(store: Store) -> None:
    _append(store, [_record(i) for i in range(1, 4)])
    _append(store, [_record(7, "BY", "2024-01-01")], register="BY")
    found = store.get_records(["RU502021000000002", "nope"])
    assert list(found) == ["RU502021000000002"]
    assert found["RU502021000000002"].data["verbal_elements"][0]["text"] == "Крыніца 2"
    assert [r.id for r in store.iter_records(RecordFilter(register="BY"))] == [
        "BY502021000000007"]
    assert len(list(store.iter_records(RecordFilter(filed_since=dt.date(2023, 1, 1))))) == 1
    assert store.count_records() == {"filed": 4}
    assert [h.register for h in store.heads()] == ["BY", "RU"]


def test_histories_group_events_by_record(store: Store) -> None:
    _append(store, [_record(i) for i in range(1, 4)])
    grouped = list(store.iter_histories("RU"))
    assert [record_id for record_id, _ in grouped] == [
        "RU502021000000001", "RU502021000000002", "RU502021000000003"]
    assert all(len(events) == 1 for _, events in grouped)


def test_meta_values_are_upserted(store: Store) -> None:
    assert store.get_meta("office") is None
    store.set_meta("office", "RU")
    store.set_meta("office", "BY")
    assert store.get_meta("office") == "BY"


def test_reads_do_not_wait_for_a_writer(store_url: str) -> None:
    """A read outside a transaction sees the last committed state at once, while another
    thread's transaction is open; inside the transaction, its own writes are seen."""
    store = open_store(store_url)
    _append(store, [_record(1)])
    inside = threading.Event()
    release = threading.Event()
    seen_inside: list[int] = []

    def writer() -> None:
        with store.transaction():
            store.set_meta("moving", "yes")
            seen_inside.append(len(store.query("SELECT key FROM meta WHERE key = 'moving'")))
            inside.set()
            release.wait(30)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert inside.wait(30)
        read: list[str | None] = []
        reader = threading.Thread(target=lambda: read.append(store.get_meta("moving")))
        reader.start()
        reader.join(30)
        assert not reader.is_alive(), "the read waited for the writer's transaction"
        assert read == [None]  # the writer has not committed
        assert list(store.get_records([_record(1).id])) == [_record(1).id]
    finally:
        release.set()
        thread.join(30)
    assert seen_inside == [1]
    assert store.get_meta("moving") == "yes"
    store.close()


def test_a_bulk_write_keeps_every_row_and_the_last_of_a_record_written_twice(
        store: Store) -> None:
    # 300 rows: PostgreSQL writes them with COPY (and a staging table for the upsert).
    records = [_record(n) for n in range(1, 301)]
    head = _append(store, records)
    assert head.seq == 300
    assert len(store.get_records([r.id for r in records])) == 300
    assert [e.seq for e in store.iter_events("RU")] == list(range(1, 301))
    # The same record twice in one write (a feed page holding two of its events).
    first, *rest = records[:60]
    changed = replace(first, status="published", data={**first.data, "status": "published"})
    head = _append(store, [first, *rest, changed])
    stored = store.get_records([first.id])[first.id]
    assert (stored.status, stored.data["status"], stored.last_seq) == ("published", "published",
                                                                       head.seq)
