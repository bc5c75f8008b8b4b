"""The integrity chain: each event's hash covers its content and the previous event's hash."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from marknet.model import Event

GENESIS = "0" * 64


def canonical_bytes(event: Event) -> bytes:
    """The bytes an event's hash covers: its content as sorted-key JSON, without the hashes."""
    body: dict[str, Any] = {
        "register": event.register,
        "seq": event.seq,
        "record_id": event.record_id,
        "type": event.type.value,
        "effective_date": event.effective_date.isoformat(),
        "recorded_at": event.recorded_at.isoformat(),
        "actor": event.actor,
        "payload": event.payload,
    }
    return orjson.dumps(body, option=orjson.OPT_SORT_KEYS)


def event_hash(prev_hash: str, event: Event) -> str:
    digest = hashlib.sha256(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical_bytes(event))
    return digest.hexdigest()
