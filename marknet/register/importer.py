"""Bulk import into the register: validate, chain, and commit in batches.

Each batch is one transaction, and each record's row and creation event are in the same
batch, so a crash leaves every record wholly in or wholly out. A bad item is reported with its
position and never stops the rest. Re-importing an identical record changes nothing.
"""

from __future__ import annotations

import array
import datetime as dt
import gc
import multiprocessing
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import orjson

from marknet.errors import ConflictError, InputError, MarknetError
from marknet.formats.items import ImportItem
from marknet.model import Event, EventType, Record, Trademark, record_from_dict, record_to_dict
from marknet.model.chain import event_hash
from marknet.store import Store, StoredRecord

_CHUNK = 500  # items per worker task: large enough to amortise the inter-process hop
_IN_FLIGHT = 4  # chunks per worker read ahead: keeps the workers busy, bounds memory


@dataclass(frozen=True, slots=True)
class Rejection:
    position: str
    reason: str
    code: str = "invalid_record"


@dataclass(slots=True)
class ImportReport:
    read: int = 0
    imported: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    # Why the source could not be read to its end (a broken file): everything read before
    # the break is imported all the same.
    stopped: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"read": self.read, "imported": self.imported, "unchanged": self.unchanged,
                "stopped": self.stopped, "rejected": len(self.rejected),
                "rejections": [{"position": r.position, "code": r.code, "reason": r.reason}
                               for r in self.rejected]}


@dataclass(slots=True)
class _Pending:
    position: str
    record_id: str
    register: str
    record_type: str
    status: str
    data: dict[str, Any]
    data_json: bytes  # sorted-key JSON of data, made by the (worker) process that validated it


# What a worker sends back per good record: strings and bytes pickle ten times faster than
# the record's nested dicts, which the parent rebuilds from the JSON.
_Wire = tuple[str, str, str, str, str, bytes]


def validate_chunk(chunk: list[ImportItem], office: str,
                   allow_foreign: bool) -> list[_Wire | Rejection]:
    out: list[_Wire | Rejection] = []
    for item in chunk:
        result = validate_item(item, office, allow_foreign)
        out.append(result if isinstance(result, Rejection) else (
            result.position, result.record_id, result.register, result.record_type,
            result.status, result.data_json))
    return out


def _from_wire(result: _Wire | Rejection) -> _Pending | Rejection:
    if isinstance(result, Rejection):
        return result
    position, record_id, register, record_type, status, data_json = result
    return _Pending(position, record_id, register, record_type, status,
                    orjson.loads(data_json), data_json)


def validate_item(item: ImportItem, office: str, allow_foreign: bool) -> _Pending | Rejection:
    """A record ready to write, or why not (duplicates are checked by the caller, in order)."""
    if item.error is not None or item.data is None:
        return Rejection(item.position, item.error or "empty item", "unreadable")
    try:
        record = record_from_dict(item.data)
    except MarknetError as exc:
        return Rejection(item.position, exc.message, exc.code)
    register = record.office
    if record.office != office:
        if _designates(record, office):
            register = office  # an international registration the office holds for its state
        elif not allow_foreign:
            return Rejection(item.position, _foreign_reason(record, office), "foreign_record")
    data = record_to_dict(record)
    return _Pending(item.position, data["id"], register, record.record_type.value,
                    record.status.value, data, orjson.dumps(data, option=orjson.OPT_SORT_KEYS))


def _designates(record: Record, office: str) -> bool:
    return isinstance(record, Trademark) and any(
        d.country == office for d in record.designations)


def _foreign_reason(record: Record, office: str) -> str:
    if isinstance(record, Trademark) and record.designations:
        return (f"the international registration does not designate {office} (it designates "
                f"{', '.join(d.country for d in record.designations)})")
    return (f"a {record.office} record cannot enter the {office} register (partners' records "
            "arrive by replication; use --allow-foreign for reference data)")


class _Seen:
    """The record ids met so far, and where each was first met, for the duplicate message.

    A million-record file must not cost a million Python strings (ids and positions such as
    ``marks.xml:/TrademarkTransaction/…/Trademark[123456]`` took ~170 MB). Here a record
    costs ~60 bytes, in arrays: its id's UTF-8 and hash (a hash hit is confirmed against the
    id, so a collision never makes a false duplicate), its ordinal in an open-addressing
    table, and its position as (stem, number), the stem being the position without its last
    number: all records under one parent share it.
    """

    _EMPTY = -1
    _ODD = 0xFFFFFFFF  # a position that does not split into stem and number: kept whole

    def __init__(self) -> None:
        self._table = array.array("i", [self._EMPTY]) * 1024  # slot → ordinal
        self._hashes = array.array("q")  # ordinal → hash of the id
        self._ids = bytearray()
        self._id_ends = array.array("Q", [0])
        self._stems: dict[tuple[str, str], int] = {}
        self._stem_of = array.array("I")
        self._numbers = array.array("I")
        self._odd: dict[int, str] = {}

    def note(self, record_id: str, position: str) -> str | None:
        """Where the id was first met; None (and the id is remembered here) if it was not."""
        key, wanted = record_id.encode(), hash(record_id)
        slot, ordinal = self._find(key, wanted)
        if ordinal != self._EMPTY:
            return self._position(ordinal)
        ordinal = len(self._hashes)
        self._table[slot] = ordinal
        self._hashes.append(wanted)
        self._ids += key
        self._id_ends.append(len(self._ids))
        self._add_position(ordinal, position)
        if 2 * (ordinal + 1) > len(self._table):  # at most half full: short probes
            self._grow()
        return None

    def _find(self, key: bytes, wanted: int) -> tuple[int, int]:
        """(slot, ordinal) of the id; (a free slot, -1) when it was never noted."""
        table, hashes, ids, ends = self._table, self._hashes, self._ids, self._id_ends
        mask = len(table) - 1
        slot = wanted & mask
        while (ordinal := table[slot]) != self._EMPTY:
            if hashes[ordinal] == wanted and ids[ends[ordinal]:ends[ordinal + 1]] == key:
                return slot, ordinal
            slot = (slot + 1) & mask
        return slot, self._EMPTY

    def _grow(self) -> None:
        table = self._table = array.array("i", [self._EMPTY]) * (2 * len(self._table))
        mask = len(table) - 1
        for ordinal, wanted in enumerate(self._hashes):
            slot = wanted & mask
            while table[slot] != self._EMPTY:
                slot = (slot + 1) & mask
            table[slot] = ordinal

    def _position(self, ordinal: int) -> str:
        stem = self._stem_of[ordinal]
        if stem == self._ODD:
            return self._odd[ordinal]
        head, tail = list(self._stems)[stem]  # only for a duplicate: rare
        return f"{head}{self._numbers[ordinal]}{tail}"

    def _add_position(self, ordinal: int, position: str) -> None:
        match = _LAST_NUMBER.fullmatch(position)
        if match is None or len(self._stems) >= self._ODD:
            self._stem_of.append(self._ODD)
            self._numbers.append(0)
            self._odd[ordinal] = position
            return
        head, digits, tail = match.groups()
        self._stem_of.append(self._stems.setdefault((head, tail), len(self._stems)))
        self._numbers.append(int(digits))


# A position's last number (``…/Trademark[12]``, ``file.jsonl:line 12``), written canonically
# (no leading zero, below 10**9: it fits the array) so that it reads back as the same text.
_LAST_NUMBER = re.compile(r"(.*\D|)(0|[1-9][0-9]{0,8})(\D*)", re.DOTALL)


class _Window:
    """Bounds the chunks a pool has been fed but whose results are not yet consumed.

    ``feed`` runs in the pool's feeding thread and waits for room; ``close`` makes it give
    up, so the pool can shut down even when the consumer stops early.
    """

    def __init__(self, size: int) -> None:
        self._room = threading.Semaphore(size)
        self._closed = threading.Event()

    def feed(self, chunks: Iterable[list[ImportItem]]) -> Iterator[list[ImportItem]]:
        for chunk in chunks:
            while not self._room.acquire(timeout=0.1):
                if self._closed.is_set():
                    return
            yield chunk

    def done(self) -> None:
        self._room.release()

    def close(self) -> None:
        self._closed.set()


def _chunks(items: Iterable[ImportItem], size: int) -> Iterator[list[ImportItem]]:
    chunk: list[ImportItem] = []
    try:
        for item in items:
            chunk.append(item)
            if len(chunk) >= size:
                yield chunk
                chunk = []
    except InputError:  # the source broke: what was read before goes on, then the error
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk


class Importer:
    def __init__(self, store: Store, office: str, clock: Callable[[], dt.datetime], actor: str,
                 allow_foreign: bool = False, batch_size: int = 2000, workers: int = 1) -> None:
        self.store = store
        self.office = office
        self.clock = clock
        self.actor = actor
        self.allow_foreign = allow_foreign
        self.batch_size = batch_size
        self.workers = workers

    def run(self, items: Iterable[ImportItem],
            progress: Callable[[int], None] | None = None) -> ImportReport:
        # Bulk import allocates millions of short-lived objects that hold no cycles: a higher
        # first-generation GC threshold saves a third of the time.
        threshold = gc.get_threshold()
        gc.set_threshold(50_000, *threshold[1:])
        try:
            return self._run(items, progress)
        finally:
            gc.set_threshold(*threshold)

    def _run(self, items: Iterable[ImportItem],
             progress: Callable[[int], None] | None) -> ImportReport:
        report = ImportReport()
        batch: list[_Pending] = []
        seen = _Seen()
        results = self._validated(items)
        while True:
            try:
                result = next(results)
            except StopIteration:
                break
            except InputError as exc:  # the source broke: keep what came before, say where
                report.stopped = exc.message
                break
            report.read += 1
            if isinstance(result, Rejection):
                report.rejected.append(result)
            elif (first := seen.note(result.record_id, result.position)) is not None:
                report.rejected.append(Rejection(
                    result.position, f"duplicate application number "
                    f"{result.data['application_number']} ({result.record_id}); first seen at "
                    f"{first}", "duplicate"))
            else:
                batch.append(result)
            if len(batch) >= self.batch_size:
                self._commit(batch, report)
                batch = []
            if progress is not None:
                progress(1)
        self._commit(batch, report)
        return report

    def _validated(self, items: Iterable[ImportItem]) -> Iterator[_Pending | Rejection]:
        """Validation results in input order, computed by worker processes when there are any.

        Validation (and the reading of ``SourceItem``s) is most of an import's CPU time and
        needs nothing shared, so it spreads over the cores while this process hashes and
        writes. At most ``_IN_FLIGHT`` chunks per worker are read ahead: without a bound the
        pool reads the whole source while the writer catches up, and memory grows with it.
        """
        if self.workers <= 1:
            for item in items:
                yield validate_item(item, self.office, self.allow_foreign)
            return
        check = partial(validate_chunk, office=self.office, allow_foreign=self.allow_foreign)
        window = _Window(self.workers * _IN_FLIGHT)
        context = multiprocessing.get_context("fork")
        with context.Pool(self.workers) as pool:
            try:
                for results in pool.imap(check, window.feed(_chunks(items, _CHUNK))):
                    window.done()
                    yield from map(_from_wire, results)
            finally:
                window.close()  # before the pool's exit, which waits for the feeding thread

    def _commit(self, batch: list[_Pending], report: ImportReport) -> None:
        by_register: dict[str, list[_Pending]] = {}
        for pending in batch:
            by_register.setdefault(pending.register, []).append(pending)
        for register, group in by_register.items():
            for attempt in range(5):
                try:
                    self._commit_register(register, group, report)
                    break
                except ConflictError:
                    if attempt == 4:
                        raise

    def _commit_register(self, register: str, group: list[_Pending],
                         report: ImportReport) -> None:
        existing = self.store.get_records([p.record_id for p in group])
        head = self.store.head(register)
        seq, prev = head.seq, head.hash
        events: list[Event] = []
        rows: list[StoredRecord] = []
        duplicates: list[Rejection] = []
        unchanged = 0
        now = self.clock()
        for p in group:
            if (old := existing.get(p.record_id)) is not None:
                if old.data == p.data:
                    unchanged += 1
                else:
                    duplicates.append(Rejection(
                        p.position, f"duplicate application number: {p.record_id} is already in "
                        "the register with other data", "duplicate"))
                continue
            seq += 1
            # The canonical JSON of {"record": data}: one key, so no sorting needed around it.
            payload_json = b'{"record":' + p.data_json + b"}"
            fields = (register, seq, p.record_id, EventType.IMPORTED, _effective_date(p.data),
                      now, self.actor, {"record": p.data}, prev)
            prev = event_hash(prev, Event(*fields, payload_json=payload_json))
            event = Event(*fields, hash=prev, payload_json=payload_json)
            events.append(event)
            rows.append(StoredRecord(p.record_id, register, p.record_type, p.status, p.data, seq,
                                     p.data_json))
        self.store.append(head, events, rows)
        report.imported += len(events)
        report.unchanged += unchanged
        report.rejected += duplicates


def _effective_date(data: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(data["filing_date"])

