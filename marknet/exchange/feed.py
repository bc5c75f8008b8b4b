"""The change feed: a node's own register as ordered, signed pages of events, for one reader.

Page: two JSON documents, the signed head on the first line, then the body it names::

    {"header": {"register": "BY", "after": 0, "count": 5000, "first_prev_hash": "…",
                "last_seq": 5000, "last_hash": "…", "head_seq": 50210, "created": "…",
                "key": "ab12:…", "reader": "RU", "sealed_sha256": "…",
                "body_bytes": 1234567, "body_sha256": "…"},
     "signature": "base64 Ed25519 over the header's sorted-key JSON"}
    {"events": [[seq, record_id, type, effective_date, recorded_at, actor, payload, prev_hash,
                 hash], [seq, prev_hash, hash], …],
     "reveals": [[seq, record_id, …, hash], …]}

The head comes first so that a mirror checks the signature, the sender's key and the declared
size before it reads the body, and reads no more than that size (``mirror.read_page``): a
fake or compromised partner cannot make it hold or parse more than one bounded page.

Events are arrays (a third of the bytes of objects); the payload is embedded as the JSON the
source stored. Signing the header is enough: it names the first link and the last hash, and
every event between is bound to them by the hash chain, which the mirror recomputes.

Confidential until published (the rule, per event type, is in this package's README): an
event of a record the reader may not see yet goes out *sealed*, as ``[seq, prev_hash, hash]``
only, so the reader's mirror keeps the chain whole without the content. When such a record is
published, the page that carries its publication also *reveals* the record's earlier sealed
events in full; the mirror checks each against the hash it keeps for that place.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

import orjson

from marknet.exchange.audience import Reader
from marknet.exchange.keys import SigningKey
from marknet.model import PUBLIC_STATUSES, Event
from marknet.register.projection import apply
from marknet.store import Store

EVENT_FIELDS = ("seq", "record_id", "type", "effective_date", "recorded_at", "actor", "payload",
                "prev_hash", "hash")
MAX_PAGE = 20_000
_COLUMNS = ("e.seq, e.record_id, e.type, e.effective_date, e.recorded_at, e.actor, e.payload, "
            "e.prev_hash, e.hash")
_CREATION = ("filed", "imported")
_PUBLIC = frozenset(s.value for s in PUBLIC_STATUSES)  # the status alone proves publication

Row = tuple[Any, ...]


def header_bytes(header: dict[str, Any]) -> bytes:
    return orjson.dumps(header, option=orjson.OPT_SORT_KEYS)


def sealed_digest(sealed: Sequence[Sequence[Any]]) -> str:
    """Binds the sealed places of a page to its signed header."""
    digest = hashlib.sha256()
    for seq, _prev, this in sealed:
        digest.update(f"{seq}:{this}\n".encode("ascii"))
    return digest.hexdigest()


def feed_page(store: Store, register: str, key: SigningKey, after: int, limit: int,
              now: dt.datetime, reader: Reader) -> bytes:
    limit = max(1, min(limit, MAX_PAGE))
    rows = store.query(f"SELECT {_COLUMNS}, r.status FROM events e LEFT JOIN records r "
                       "ON r.id = e.record_id WHERE e.register = ? AND e.seq > ? "
                       "ORDER BY e.seq LIMIT ?", (register, after, limit))
    visible = _visible_records(store, rows, reader)
    events: list[Any] = []
    sealed: list[list[Any]] = []
    for row in rows:
        if row[1] in visible:
            # Payloads go out as the JSON they are stored as (no parse, no re-encoding).
            events.append((*row[:6], orjson.Fragment(row[6]), *row[7:9]))
        else:
            sealed.append([row[0], row[7], row[8]])
            events.append(sealed[-1])
    head = store.head(register)
    header: dict[str, Any] = {
        "register": register, "after": after, "count": len(rows),
        "first_prev_hash": rows[0][7] if rows else None,
        "last_seq": int(rows[-1][0]) if rows else after,
        "last_hash": rows[-1][8] if rows else None,
        "head_seq": head.seq, "created": now.isoformat(), "key": key.fingerprint,
        "reader": reader.office, "sealed_sha256": sealed_digest(sealed)}
    reveals = _reveals(store, register, after, rows, visible, reader)
    return signed_page(header, key, orjson.dumps({"events": events, "reveals": reveals}))


def signed_page(header: dict[str, Any], key: SigningKey, body: bytes) -> bytes:
    """The head line (header naming the body's size and digest, and its signature), then the
    body."""
    header = {**header, "body_bytes": len(body),
              "body_sha256": hashlib.sha256(body).hexdigest()}
    signature = base64.b64encode(key.sign(header_bytes(header))).decode("ascii")
    return orjson.dumps({"header": header, "signature": signature}) + b"\n" + body


def _visible_records(store: Store, rows: list[Row], reader: Reader) -> set[str]:
    """The record ids of the page the reader may see in full."""
    if reader.sees_everything:
        return {str(r[1]) for r in rows}
    visible = {str(r[1]) for r in rows if r[9] in _PUBLIC}
    unsure = sorted({str(r[1]) for r in rows} - visible)
    for record_id, stored in store.get_records(unsure).items():
        if reader.may_see(stored.data):
            visible.add(record_id)
    return visible


def _reveals(store: Store, register: str, after: int, rows: list[Row],
             visible: set[str], reader: Reader) -> list[Any]:
    """Earlier events (seq ≤ after) of records that became visible to the reader in this page:
    the reader holds them sealed. Only records created unpublished can be such."""
    later = sorted({str(r[1]) for r in rows if r[1] in visible and r[2] not in _CREATION})
    if not later or after == 0 or reader.sees_everything:
        return []
    hidden: list[str] = []
    for start in range(0, len(later), 500):
        chunk = later[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        found = store.query(
            f"SELECT record_id, payload FROM events WHERE register = ? AND seq <= ? "
            f"AND type IN ('filed', 'imported') AND record_id IN ({marks})",
            (register, after, *chunk))
        hidden += [str(rid) for rid, payload in found
                   if not reader.may_see(orjson.loads(payload).get("record") or {})]
    reveals: list[Any] = []
    for record_id in hidden:
        history = [e for e in store.record_events(record_id) if e.register == register]
        if _first_visible(history, reader) <= after:
            continue  # revealed by an earlier page already
        reveals += [[e.seq, e.record_id, e.type.value, e.effective_date.isoformat(),
                     e.recorded_at.isoformat(), e.actor, e.payload, e.prev_hash, e.hash]
                    for e in history if e.seq <= after]
    return reveals


def _first_visible(history: list[Event], reader: Reader) -> int:
    state: dict[str, Any] | None = None
    for event in history:
        state = apply(state, event)
        if reader.may_see(state):
            return event.seq
    return 1 << 62
