"""Applying a partner's feed page to the read-only mirror of its register.

The mirror keeps the partner's events verbatim under ``register = partner office`` (same seq,
same hashes) and the records projected from them, so ``Register.verify`` checks a mirror like
any register and equal chain heads prove equal history. A page is checked whole (signature,
continuity with the mirror's head, every hash) before anything is written, then written in one
transaction that moves the mirror head only if no one else moved it.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

import orjson

from marknet.errors import ConflictError, IntegrityError, MarknetError
from marknet.exchange.errors import FeedRejected
from marknet.exchange.feed import header_bytes, row_hash
from marknet.exchange.keys import verify_signature
from marknet.exchange.peers import peer_public_key
from marknet.model import CREATION_EVENTS, Event, EventType
from marknet.register.projection import apply
from marknet.store import ChainHead, Store

_TYPES = {t.value: t for t in EventType}


def parse_page(body: bytes) -> tuple[dict[str, Any], str, list[list[Any]]]:
    try:
        page = orjson.loads(body)
        header, signature, events = page["header"], page["signature"], page["events"]
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise FeedRejected(f"malformed feed page: {exc}") from exc
    if not (isinstance(header, dict) and isinstance(signature, str)
            and isinstance(events, list)):
        raise FeedRejected("malformed feed page: header, signature and events expected")
    return header, signature, events


def check_signature(store: Store, office: str, header: dict[str, Any], signature: str) -> None:
    public = peer_public_key(store, office, str(header.get("key")))
    if public is None:
        raise FeedRejected(f"feed page signed with key {header.get('key')}, not a registered "
                           f"key of {office}")
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise FeedRejected("feed page signature is not base64") from exc
    if not verify_signature(public, raw, header_bytes(header)):
        raise FeedRejected(f"feed page from {office} has a bad signature")
    if header.get("register") != office:
        raise FeedRejected(f"feed page is of register {header.get('register')}, not {office}")


def apply_page(store: Store, office: str, body: bytes) -> int:
    """Verify and apply one page; returns the number of events applied."""
    header, signature, events = parse_page(body)
    check_signature(store, office, header, signature)
    head = store.head(office)
    if header.get("after") != head.seq:
        raise ConflictError(f"page after {header.get('after')} does not continue the {office} "
                            f"mirror at {head.seq}")
    if not events:
        return 0
    if header.get("count") != len(events) or header.get("first_prev_hash") != head.hash:
        raise FeedRejected(f"page of {office} does not link to the mirror head {head.seq}")
    event_rows, payloads = _check_chain(office, head, events, header)
    record_rows = _project(store, office, events, payloads)
    _write(store, office, head, event_rows, record_rows)
    return len(events)


def _check_chain(office: str, head: ChainHead, events: list[list[Any]],
                 header: dict[str, Any]) -> tuple[list[tuple[Any, ...]], list[Any]]:
    prev, seq = head.hash, head.seq
    rows: list[tuple[Any, ...]] = []
    payloads: list[Any] = []
    try:
        for row in events:
            seq += 1
            payload = orjson.loads(row[6])
            if row[0] != seq or row[7] != prev or row[2] not in _TYPES:
                raise FeedRejected(f"{office} event {row[0]}: expected seq {seq} linked to the "
                                   "previous event")
            if row_hash(prev, office, row, payload) != row[8]:
                raise FeedRejected(f"{office} event {seq}: content does not match its hash")
            prev = row[8]
            rows.append((office, *row))
            payloads.append(payload)
    except (IndexError, TypeError, ValueError, orjson.JSONDecodeError) as exc:
        raise FeedRejected(f"{office} event after {seq - 1} is malformed: {exc}") from exc
    if prev != header.get("last_hash") or seq != header.get("last_seq"):
        raise FeedRejected(f"page of {office} does not end at its signed last hash")
    return rows, payloads


def _project(store: Store, office: str, events: list[list[Any]],
             payloads: list[Any]) -> list[tuple[Any, ...]]:
    """The records' new states: creations taken as they are, other events applied in order."""
    states: dict[str, tuple[dict[str, Any], int]] = {}
    later = {row[1] for row in events if _TYPES[row[2]] not in CREATION_EVENTS}
    existing = store.get_records(sorted(later)) if later else {}
    for row, payload in zip(events, payloads, strict=True):
        kind, record_id = _TYPES[row[2]], row[1]
        try:
            if kind in CREATION_EVENTS:
                state = payload["record"]
                if not isinstance(state, dict) or state.get("id") != record_id:
                    raise IntegrityError("creation event without its record")
            else:
                before = states[record_id][0] if record_id in states else (
                    existing[record_id].data if record_id in existing else None)
                state = apply(before, _event(office, row, kind, payload))
        except (MarknetError, KeyError, TypeError, ValueError) as exc:
            raise FeedRejected(f"{office} event {row[0]} ({record_id}) does not project: "
                               f"{exc}") from exc
        if state.get("office") != office:
            raise FeedRejected(f"{office} event {row[0]} carries a {state.get('office')} record")
        states[record_id] = (state, row[0])
    return [(rid, office, s["record_type"], s["office"], s["application_number"],
             s["filing_date"], s["status"], orjson.dumps(s).decode(), last)
            for rid, (s, last) in states.items()]


def _event(office: str, row: list[Any], kind: EventType, payload: Any) -> Event:
    return Event(office, row[0], row[1], kind, dt.date.fromisoformat(row[3]),
                 dt.datetime.fromisoformat(row[4]), row[5], payload, row[7], row[8])


def _write(store: Store, office: str, head: ChainHead, events: list[tuple[Any, ...]],
           records: list[tuple[Any, ...]]) -> None:
    last_seq, last_hash = events[-1][1], events[-1][9]
    with store.transaction():
        if head.seq == 0:
            moved = store.execute(
                "INSERT INTO register_heads (register, seq, hash) SELECT ?, ?, ? "
                "WHERE NOT EXISTS (SELECT 1 FROM register_heads WHERE register = ?)",
                (office, last_seq, last_hash, office)) != 1
        else:
            moved = store.execute(
                "UPDATE register_heads SET seq = ?, hash = ? WHERE register = ? AND seq = ? "
                "AND hash = ?", (last_seq, last_hash, office, head.seq, head.hash)) != 1
        if moved:
            raise ConflictError(f"the {office} mirror moved while applying a page")
        store.executemany(
            "INSERT INTO events (register, seq, record_id, type, effective_date, recorded_at, "
            "actor, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
        store.executemany(
            "INSERT INTO records (id, register, record_type, office, application_number, "
            "filing_date, status, data, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET status = excluded.status, data = excluded.data, "
            "last_seq = excluded.last_seq", records)
