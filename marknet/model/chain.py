"""The integrity chain: each event's hash covers its content and the previous event's hash."""

from __future__ import annotations

import hashlib

import orjson

from marknet.model.events import Event

GENESIS = "0" * 64


def canonical_bytes(event: Event) -> bytes:
    """The bytes an event's hash covers, without the hashes themselves.

    A JSON array of the event's fields, a newline, then the payload as sorted-key JSON. The
    payload part is what the store keeps as the event's payload text, so bulk writers that
    already hold it (``Event.payload_json``) do not serialise it twice.
    """
    header = orjson.dumps([event.register, event.seq, event.record_id, event.type.value,
                           event.effective_date.isoformat(), event.recorded_at.isoformat(),
                           event.actor])
    return header + b"\n" + payload_bytes(event)


def payload_bytes(event: Event) -> bytes:
    """The payload's canonical JSON: sorted keys, no whitespace."""
    if event.payload_json is not None:
        return event.payload_json
    return orjson.dumps(event.payload, option=orjson.OPT_SORT_KEYS)


def event_hash(prev_hash: str, event: Event) -> str:
    digest = hashlib.sha256(prev_hash.encode("ascii"))
    digest.update(b"\n")
    digest.update(canonical_bytes(event))
    return digest.hexdigest()
