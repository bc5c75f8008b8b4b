"""The change feed: a node's own register as ordered, signed pages of events.

Page (JSON)::

    {"header": {"register": "BY", "after": 0, "count": 5000, "first_prev_hash": "…",
                "last_seq": 5000, "last_hash": "…", "head_seq": 50210, "created": "…",
                "key": "ab12:…"},
     "signature": "base64 Ed25519 over the header's sorted-key JSON",
     "events": [[seq, record_id, type, effective_date, recorded_at, actor, payload, prev_hash,
                 hash], …]}

Events are arrays (a third of the bytes of objects); the payload is embedded as the JSON the
source stored (its canonical sorted-key form), so it is parsed once by the mirror and re-encoded
canonically for the hash and the store. Signing the header is enough: it names the
first link and the last hash, and every event between is bound to them by the hash chain, which
the mirror recomputes event by event.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import orjson

from marknet.exchange.keys import SigningKey
from marknet.store import Store

EVENT_FIELDS = ("seq", "record_id", "type", "effective_date", "recorded_at", "actor", "payload",
                "prev_hash", "hash")
MAX_PAGE = 20_000


def header_bytes(header: dict[str, Any]) -> bytes:
    return orjson.dumps(header, option=orjson.OPT_SORT_KEYS)


def feed_page(store: Store, register: str, key: SigningKey, after: int, limit: int,
              now: dt.datetime) -> bytes:
    limit = max(1, min(limit, MAX_PAGE))
    rows = store.query("SELECT seq, record_id, type, effective_date, recorded_at, actor, "
                       "payload, prev_hash, hash FROM events WHERE register = ? AND seq > ? "
                       "ORDER BY seq LIMIT ?", (register, after, limit))
    head = store.head(register)
    header: dict[str, Any] = {
        "register": register, "after": after, "count": len(rows),
        "first_prev_hash": rows[0][7] if rows else None,
        "last_seq": int(rows[-1][0]) if rows else after,
        "last_hash": rows[-1][8] if rows else None,
        "head_seq": head.seq, "created": now.isoformat(), "key": key.fingerprint}
    signature = base64.b64encode(key.sign(header_bytes(header))).decode("ascii")
    # Payloads go out as the JSON they are stored as (no parse, no re-encoding as a string).
    events = [(*row[:6], orjson.Fragment(row[6]), *row[7:]) for row in rows]
    return orjson.dumps({"header": header, "signature": signature, "events": events})
