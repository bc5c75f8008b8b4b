"""Walking a register's chain and re-projecting its records to prove nothing was altered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from marknet.errors import MarknetError
from marknet.model.chain import GENESIS, event_hash
from marknet.register.projection import project
from marknet.store import RecordFilter, Store


@dataclass(frozen=True, slots=True)
class Break:
    register: str
    seq: int
    record_id: str
    problem: str

    def __str__(self) -> str:
        return f"register {self.register}, event {self.seq} ({self.record_id}): {self.problem}"


@dataclass(slots=True)
class VerifyReport:
    registers: dict[str, dict[str, Any]] = field(default_factory=dict)
    first_break: Break | None = None

    @property
    def ok(self) -> bool:
        return self.first_break is None

    def to_dict(self) -> dict[str, Any]:
        broken = self.first_break
        return {"ok": self.ok, "registers": self.registers,
                "first_break": None if broken is None else {
                    "register": broken.register, "seq": broken.seq,
                    "record_id": broken.record_id, "problem": broken.problem}}


class _Ticker:
    """Tells a progress callback of the events checked, a thousand at a time."""

    def __init__(self, progress: Callable[[int], None] | None) -> None:
        self.progress = progress
        self.pending = 0

    def __call__(self, events: int) -> None:
        self.pending += events
        if self.progress is not None and self.pending >= 1000:
            self.progress(self.pending)
            self.pending = 0


def verify_store(store: Store, progress: Callable[[int], None] | None = None) -> VerifyReport:
    """Every register's chain, then its projection; *progress* hears of each event checked
    (twice per event: once re-hashed, once re-projected)."""
    report = VerifyReport()
    tick = _Ticker(progress)
    for head in store.heads():
        problem = verify_chain(store, head.register, report, tick) or verify_projection(
            store, head.register, tick)
        if problem is not None:
            report.first_break = problem
            return report
    return report


def verify_chain(store: Store, register: str, report: VerifyReport,
                 tick: Callable[[int], None] = lambda n: None) -> Break | None:
    """Re-hash every event in order: the first event whose link or hash fails is reported.

    A mirror's sealed places (events the partner has not revealed) are checked for their
    links only: their content is not here to re-hash.
    """
    prev_hash, expected_seq = GENESIS, 1
    sealed = store.sealed_events(register)
    n_sealed = len(sealed)
    for event in store.iter_events(register):
        tick(1)
        while expected_seq in sealed and expected_seq < event.seq:
            place = sealed.pop(expected_seq)
            if place.prev_hash != prev_hash:
                return Break(register, place.seq, "(sealed)", "link broken at a sealed event")
            prev_hash, expected_seq = place.hash, expected_seq + 1
        if event.seq != expected_seq:
            return Break(register, event.seq, event.record_id,
                         f"sequence gap: expected event {expected_seq}")
        if event.prev_hash != prev_hash:
            return Break(register, event.seq, event.record_id,
                         "link broken: prev_hash does not match the previous event's hash")
        if event_hash(prev_hash, event) != event.hash:
            return Break(register, event.seq, event.record_id,
                         "content altered: the event's hash does not match its content")
        prev_hash, expected_seq = event.hash, expected_seq + 1
    for seq in sorted(sealed):
        place = sealed[seq]
        if seq != expected_seq or place.prev_hash != prev_hash:
            return Break(register, seq, "(sealed)", "link broken at a sealed event")
        prev_hash, expected_seq = place.hash, expected_seq + 1
    head = store.head(register)
    if head.seq != expected_seq - 1 or head.hash != prev_hash:
        return Break(register, head.seq, "-", "the register's head does not match its last event")
    report.registers[register] = {"events": head.seq, "head": head.hash,
                                  **({"sealed": n_sealed} if n_sealed else {})}
    return None


def verify_projection(store: Store, register: str,
                      tick: Callable[[int], None] = lambda n: None) -> Break | None:
    """Each stored record must equal the projection of its events, and none may lack events."""
    stored = store.iter_records(RecordFilter(register=register))
    current = next(stored, None)
    for record_id, events in store.iter_histories(register):
        tick(len(events))
        if current is not None and current.id < record_id:
            return Break(register, current.last_seq, current.id, "record has no events")
        if current is None or current.id != record_id:
            return Break(register, events[-1].seq, record_id, "events without a stored record")
        try:
            state = project(events)
        except MarknetError as exc:
            return Break(register, events[-1].seq, record_id, f"cannot project: {exc.message}")
        if state != current.data or state.get("status") != current.status:
            return Break(register, events[-1].seq, record_id,
                         "stored record differs from the projection of its events")
        current = next(stored, None)
    if current is not None:
        return Break(register, current.last_seq, current.id, "record has no events")
    return None
