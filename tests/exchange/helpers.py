"""Building envelopes as a partner would, for tests that talk to a node directly."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import orjson

from marknet.exchange.envelope import JSON, Envelope, new_envelope, sign
from marknet.exchange.keys import SigningKey


def message(key: SigningKey, *, sender: str = "RU", recipient: str = "BY", seq: int = 1,
            type: str = "MSG.058", payload: Any = None, when: dt.datetime,
            id: str | None = None) -> Envelope:
    body = orjson.dumps(payload if payload is not None else {"request": "priority document",
                                                             "application": "2024712345"})
    env = new_envelope(type=type, sender=sender, recipient=recipient, seq=seq, created=when,
                       payload=body.decode(), content_type=JSON, id=id)
    return sign(env, key, sent=when)


def post(client: Any, envelope: Envelope | dict[str, Any] | bytes) -> Any:
    if isinstance(envelope, Envelope):
        body = envelope.to_json()
    elif isinstance(envelope, dict):
        body = orjson.dumps(envelope)
    else:
        body = envelope
    return client.post("/exchange/v1/messages", content=body,
                       headers={"content-type": "application/json"})


def inbox_ids(store: Any) -> list[str]:
    return [str(r[0]) for r in store.query("SELECT id FROM inbox ORDER BY seq")]


def rejections(store: Any) -> list[str]:
    rows = store.query("SELECT code, count FROM exchange_rejections ORDER BY at")
    return [str(code) for code, count in rows for _ in range(int(count))]


def wait_for(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def decode_page(page: bytes) -> dict[str, Any]:
    """A feed page's head and body as one mapping (header, signature, events, reveals)."""
    head, _, body = page.partition(b"\n")
    return {**orjson.loads(head), **orjson.loads(body)}


def encode_page(value: dict[str, Any]) -> bytes:
    """A page again from ``decode_page``'s mapping, head unchanged (not signed again)."""
    head = {"header": value["header"], "signature": value["signature"]}
    body = {"events": value["events"], "reveals": value.get("reveals", [])}
    return orjson.dumps(head) + b"\n" + orjson.dumps(body)
