"""Applying a partner's feed page to the read-only mirror of its register.

The mirror keeps the partner's events verbatim under ``register = partner office`` (same seq,
same hashes) and the records projected from them, so ``Register.verify`` checks a mirror like
any register and equal chain heads prove equal history. A page is checked whole (signature,
continuity with the mirror's head, every hash) before anything is written, then written with
``Store.append``: one transaction that moves the mirror head only if no one else moved it.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

import orjson

from marknet.errors import ConflictError, IntegrityError, MarknetError
from marknet.exchange.envelope import parse_time
from marknet.exchange.errors import FeedRejectedError
from marknet.exchange.feed import header_bytes, sealed_digest
from marknet.exchange.keys import verify_signature
from marknet.exchange.peers import peer_key
from marknet.model import CREATION_EVENTS, Event, EventType
from marknet.model.chain import event_hash
from marknet.register.projection import apply
from marknet.store import ChainHead, SealedEvent, Store, StoredRecord

_TYPES = {t.value: t for t in EventType}
_RECORD_ONLY = b'{"record":'  # a creation payload's canonical bytes when it holds only the record


Page = tuple[dict[str, Any], str, list[list[Any]], list[list[Any]]]


MAX_HEAD_BYTES = 16_384  # a page's signed head line is a few hundred bytes


def read_page(chunks: Iterable[bytes], store: Store, office: str, max_bytes: int) -> Page:
    """A page read as it streams in: the signed head first, checked (signature, the key's life
    cycle, the declared size) before any of the body is read; then at most the declared size,
    hashed as it arrives, and parsed only once its digest matches the signed one."""
    stream = iter(chunks)
    buffer = bytearray()
    for chunk in stream:
        buffer += chunk
        if b"\n" in buffer or len(buffer) > MAX_HEAD_BYTES:
            break
    end = buffer.find(b"\n")
    if end < 0 or end > MAX_HEAD_BYTES:
        raise FeedRejectedError(f"feed page from {office}: no signed head line in the first "
                                f"{MAX_HEAD_BYTES} bytes")
    header, signature = _head(bytes(buffer[:end]))
    check_signature(store, office, header, signature)
    declared = header.get("body_bytes")
    if not isinstance(declared, int) or not 0 <= declared <= max_bytes:
        raise FeedRejectedError(f"feed page from {office} declares {declared!r} bytes; at most "
                                f"{max_bytes} are read (MARKNET_EXCHANGE_MAX_PAGE_BYTES)")
    parts, size, digest = [bytes(buffer[end + 1:])], len(buffer) - end - 1, hashlib.sha256()
    digest.update(parts[0])
    for chunk in stream:
        size += len(chunk)
        if size > declared:
            break
        digest.update(chunk)
        parts.append(chunk)
    if size != declared or digest.hexdigest() != header.get("body_sha256"):
        raise FeedRejectedError(f"feed page from {office}: the body does not match its signed "
                                f"size ({declared} bytes) and digest")
    return (header, signature, *_body(b"".join(parts)))


def _head(line: bytes) -> tuple[dict[str, Any], str]:
    try:
        head = orjson.loads(line)
        header, signature = head["header"], head["signature"]
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise FeedRejectedError(f"malformed feed page head: {exc}") from exc
    if not (isinstance(header, dict) and isinstance(signature, str)):
        raise FeedRejectedError("malformed feed page head: header and signature expected")
    return header, signature


def _body(raw: bytes) -> tuple[list[list[Any]], list[list[Any]]]:
    try:
        body = orjson.loads(raw)
        events, reveals = body["events"], body.get("reveals", [])
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise FeedRejectedError(f"malformed feed page: {exc}") from exc
    if not (isinstance(events, list) and isinstance(reveals, list)):
        raise FeedRejectedError("malformed feed page: events and reveals are lists")
    return events, reveals


def check_signature(store: Store, office: str, header: dict[str, Any], signature: str) -> None:
    made = parse_time(str(header.get("created")))
    if made is None:
        raise FeedRejectedError("feed page header has no creation time")
    key = peer_key(store, office, str(header.get("key")))
    if key is None:
        raise FeedRejectedError(f"feed page signed with key {header.get('key')}, not a registered "
                           f"key of {office}")
    if not key.vouches_for(made):
        raise FeedRejectedError(f"feed page signed with key {key.fingerprint} of {office}, which "
                                f"is {key.status}: it cannot vouch for a page made {made}")
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise FeedRejectedError("feed page signature is not base64") from exc
    if not verify_signature(key.public_key, raw, header_bytes(header)):
        raise FeedRejectedError(f"feed page from {office} has a bad signature")
    if header.get("register") != office:
        raise FeedRejectedError(f"feed page is of register {header.get('register')}, not {office}")


def apply_page(store: Store, office: str, page: bytes, max_bytes: int = 1 << 30) -> int:
    """Verify and apply one page; returns the number of events applied."""
    return apply_parsed(store, office, *read_page([page], store, office, max_bytes))


def apply_parsed(store: Store, office: str, header: dict[str, Any], signature: str,
                 events: list[list[Any]], reveals: list[list[Any]] | None = None) -> int:
    """Check a page whole, then write it; returns the number of events applied (sealed
    places and revealed events included)."""
    check_signature(store, office, header, signature)
    head = store.head(office)
    if header.get("after") != head.seq:
        raise ConflictError(f"page after {header.get('after')} does not continue the {office} "
                            f"mirror at {head.seq}")
    if not events:
        return 0
    if header.get("count") != len(events) or header.get("first_prev_hash") != head.hash:
        raise FeedRejectedError(f"page of {office} does not link to the mirror head {head.seq}")
    checked, sealed = _check_chain(office, head, events, header)
    revealed = _check_reveals(store, office, reveals or [])
    records = _project(store, office, [*revealed, *checked])
    store.append(head, checked, records, sealed, revealed)  # ConflictError if it moved
    return len(checked) + len(sealed) + len(revealed)


def _check_chain(office: str, head: ChainHead, rows: list[list[Any]],
                 header: dict[str, Any]) -> tuple[list[Event], list[SealedEvent]]:
    """Events rebuilt from the rows, each re-hashed and linked to the one before; sealed
    places (``[seq, prev_hash, hash]``) linked, and bound to the header by their digest."""
    prev, seq = head.hash, head.seq
    events: list[Event] = []
    sealed: list[SealedEvent] = []
    try:
        for row in rows:
            seq += 1
            if len(row) == 3:
                if row[0] != seq or row[1] != prev or not isinstance(row[2], str):
                    raise FeedRejectedError(f"{office} sealed event {row[0]}: expected seq "
                                            f"{seq} linked to the previous event")
                sealed.append(SealedEvent(seq, prev, row[2]))
                prev = row[2]
                continue
            event = _event(office, row, prev)
            if row[0] != seq:
                raise FeedRejectedError(f"{office} event {row[0]}: expected seq {seq} linked to "
                                        "the previous event")
            prev = row[8]
            events.append(event)
    except (IndexError, TypeError, ValueError, AttributeError, orjson.JSONDecodeError) as exc:
        raise FeedRejectedError(f"{office} event after {seq - 1} is malformed: {exc}") from exc
    if prev != header.get("last_hash") or seq != header.get("last_seq"):
        raise FeedRejectedError(f"page of {office} does not end at its signed last hash")
    if sealed_digest([(s.seq, s.prev_hash, s.hash) for s in sealed]) != header.get(
            "sealed_sha256", sealed_digest([])):
        raise FeedRejectedError(f"page of {office}: the sealed events do not match the header")
    return events, sealed


def _event(office: str, row: list[Any], prev: str) -> Event:
    """One full event row, re-hashed: it must link to ``prev`` and match its hash."""
    if row[7] != prev or row[2] not in _TYPES:
        raise FeedRejectedError(f"{office} event {row[0]}: not linked to the previous event")
    payload = row[6]
    if not isinstance(payload, dict):
        raise FeedRejectedError(f"{office} event {row[0]}: the payload is not an object")
    # Canonical bytes once: the chain hash and the stored text both use them.
    event = Event(office, int(row[0]), row[1], _TYPES[row[2]], dt.date.fromisoformat(row[3]),
                  dt.datetime.fromisoformat(row[4]), row[5], payload, prev, row[8],
                  payload_json=orjson.dumps(payload, option=orjson.OPT_SORT_KEYS))
    if event_hash(prev, event) != row[8]:
        raise FeedRejectedError(f"{office} event {row[0]}: content does not match its hash")
    return event


def _check_reveals(store: Store, office: str, rows: list[list[Any]]) -> list[Event]:
    """Earlier events the partner now shows: each must fill a sealed place of this mirror
    and match the hash that place has held since it was signed. Ones already held are
    skipped."""
    try:
        seqs = [int(row[0]) for row in rows]
        places = store.sealed_events(office, seqs)
        revealed = [_event(office, row, places[int(row[0])].prev_hash) for row in rows
                    if int(row[0]) in places]
    except (IndexError, TypeError, ValueError, AttributeError) as exc:
        raise FeedRejectedError(f"{office}: a revealed event is malformed: {exc}") from exc
    for event in revealed:
        if event.hash != places[event.seq].hash:
            raise FeedRejectedError(f"{office} revealed event {event.seq} does not match the "
                                    "sealed place it fills")
    return sorted(revealed, key=lambda e: e.seq)


def _project(store: Store, office: str, events: list[Event]) -> list[StoredRecord]:
    """The records' new states: creations taken as they are, other events applied in order."""
    # record id -> (state, last seq, state's JSON when it is a creation's record as sent)
    states: dict[str, tuple[dict[str, Any], int, bytes | None]] = {}
    later = {e.record_id for e in events if e.type not in CREATION_EVENTS}
    existing = store.get_records(sorted(later)) if later else {}
    for event in events:
        record_id = event.record_id
        data_json: bytes | None = None
        try:
            if event.type in CREATION_EVENTS:
                state = event.payload["record"]
                if not isinstance(state, dict) or state.get("id") != record_id:
                    raise IntegrityError("creation event without its record")
                data_json = _record_json(event)
            else:
                before = states[record_id][0] if record_id in states else (
                    existing[record_id].data if record_id in existing else None)
                state = apply(before, event)
        except (MarknetError, KeyError, TypeError, ValueError) as exc:
            raise FeedRejectedError(f"{office} event {event.seq} ({record_id}) does not project: "
                               f"{exc}") from exc
        if state.get("office") != office:
            raise FeedRejectedError(f"{office} event {event.seq} carries a {state.get('office')} "
                               "record")
        states[record_id] = (state, event.seq, data_json)
    try:
        return [StoredRecord(rid, office, s["record_type"], s["status"], s, last, data)
                for rid, (s, last, data) in states.items()]
    except KeyError as exc:
        raise FeedRejectedError(f"a projected {office} record lacks {exc}") from exc


def _record_json(event: Event) -> bytes | None:
    """The record's sorted-key JSON cut from the payload's canonical bytes (no second encoding)."""
    raw = event.payload_json
    if raw is None or len(event.payload) != 1 or not raw.startswith(_RECORD_ONLY):
        return None
    return raw[len(_RECORD_ONLY):-1]
