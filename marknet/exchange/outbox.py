"""The transactional outbox: a message is written in the same transaction as the change that
caused it, so it exists if and only if the change does; the delivery worker sends it later.

Use it inside the caller's transaction::

    with store.transaction():
        register.transition(...)              # the change
        outbox.enqueue(store, "RU", "BY", "MSG.031", payload)   # the message about it
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marknet.exchange.envelope import JSON, Envelope, new_envelope, payload_hash
from marknet.store import Store

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
_COLUMNS = "id, recipient, seq, type, created, in_reply_to, content_type, payload"


@dataclass(frozen=True, slots=True)
class Outgoing:
    recipient: str
    type: str
    payload: str
    content_type: str = JSON
    in_reply_to: str | None = None
    sign_with: str | None = None  # a key id; None: the active key at send time


def reserve_seq(store: Store, recipient: str, count: int = 1) -> int:
    """The first of ``count`` new sequence numbers on the channel to ``recipient``."""
    rows = store.query(
        "INSERT INTO outbox_seq (recipient, seq) VALUES (?, ?) ON CONFLICT (recipient) "
        "DO UPDATE SET seq = outbox_seq.seq + ? RETURNING seq", (recipient, count, count))
    return int(rows[0][0]) - count + 1


def enqueue(store: Store, sender: str, message: Outgoing,
            created: dt.datetime | None = None) -> Envelope:
    return enqueue_many(store, sender, [message], created)[0]


def enqueue_many(store: Store, sender: str, messages: Sequence[Outgoing],
                 created: dt.datetime | None = None) -> list[Envelope]:
    """Write messages to the outbox (joining the caller's transaction if there is one)."""
    when = created or dt.datetime.now(dt.UTC)
    envelopes: list[Envelope] = []
    rows: list[tuple[Any, ...]] = []
    with store.transaction():
        by_recipient: dict[str, int] = {}
        for m in messages:
            by_recipient[m.recipient] = by_recipient.get(m.recipient, 0) + 1
        next_seq = {r: reserve_seq(store, r, n) for r, n in by_recipient.items()}
        for m in messages:
            seq = next_seq[m.recipient]
            next_seq[m.recipient] += 1
            env = new_envelope(type=m.type, sender=sender, recipient=m.recipient, seq=seq,
                               created=when, payload=m.payload, content_type=m.content_type,
                               in_reply_to=m.in_reply_to)
            envelopes.append(env)
            rows.append((env.id, env.recipient, env.seq, env.type, env.created, env.in_reply_to,
                         env.content_type, env.payload, m.sign_with, PENDING, 0))
        store.executemany(
            f"INSERT INTO outbox ({_COLUMNS}, sign_with, status, attempts) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return envelopes


@dataclass(frozen=True, slots=True)
class Due:
    envelope: Envelope
    sign_with: str | None


def due(store: Store, sender: str, recipient: str, limit: int) -> list[Due]:
    """The oldest pending messages to one partner, in sequence order."""
    # A key announcement goes first: later messages are signed with the key it announces.
    rows = store.query(f"SELECT {_COLUMNS}, sign_with FROM outbox WHERE status = ? "
                       "AND recipient = ? ORDER BY CASE WHEN sign_with IS NULL THEN 1 ELSE 0 END, "
                       "seq LIMIT ?", (PENDING, recipient, limit))
    return [Due(Envelope(str(r[0]), str(r[3]), sender, str(r[1]), int(r[2]), str(r[4]),
                         str(r[4]), r[5], str(r[6]), str(r[7]), payload_hash(str(r[7]))),
                r[8]) for r in rows]


def pending_recipients(store: Store) -> list[str]:
    rows = store.query("SELECT DISTINCT recipient FROM outbox WHERE status = ?", (PENDING,))
    return sorted(str(r[0]) for r in rows)


def mark_delivered(store: Store, done: Sequence[tuple[str, str, str]]) -> None:
    """(message id, receipt JSON, delivered at) for each delivered message."""
    with store.transaction():
        store.executemany("UPDATE outbox SET status = ?, receipt = ?, delivered_at = ?, "
                          "attempts = attempts + 1, last_error = NULL WHERE id = ?",
                          [(DELIVERED, receipt, at, mid) for mid, receipt, at in done])


def mark_failed(store: Store, failed: Sequence[tuple[str, str]]) -> None:
    """(message id, error) for messages the partner refused: retrying would not help."""
    with store.transaction():
        store.executemany("UPDATE outbox SET status = ?, last_error = ?, "
                          "attempts = attempts + 1 WHERE id = ?",
                          [(FAILED, error, mid) for mid, error in failed])


def note_attempt(store: Store, ids: Sequence[str], error: str) -> None:
    with store.transaction():
        store.executemany("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                          [(error[:500], mid) for mid in ids])


def retry_failed(store: Store, recipient: str | None = None) -> int:
    """Put refused messages back in the queue (after the partner fixed its side)."""
    clause, params = (" AND recipient = ?", (recipient,)) if recipient else ("", ())
    return store.execute(f"UPDATE outbox SET status = ? WHERE status = ?{clause}",
                         (PENDING, FAILED, *params))


def counts(store: Store) -> dict[str, dict[str, int]]:
    """Messages per partner and status."""
    out: dict[str, dict[str, int]] = {}
    for recipient, status, n in store.query(
            "SELECT recipient, status, COUNT(*) FROM outbox GROUP BY recipient, status"):
        out.setdefault(str(recipient), {})[str(status)] = int(n)
    return out


def listing(store: Store, status: str | None, limit: int) -> list[dict[str, Any]]:
    clause, params = (" WHERE status = ?", (status,)) if status else ("", ())
    rows = store.query(
        "SELECT id, recipient, seq, type, created, status, attempts, last_error, delivered_at "
        f"FROM outbox{clause} ORDER BY created DESC, seq DESC LIMIT ?", (*params, limit))
    names = ("id", "recipient", "seq", "type", "created", "status", "attempts", "last_error",
             "delivered_at")
    return [dict(zip(names, row, strict=True)) for row in rows]
