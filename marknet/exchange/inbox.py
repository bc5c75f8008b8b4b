"""The receiving side: verify, deduplicate by message id, apply once, answer with a receipt.

Checks run in a fixed order so the reason given is the most basic one: shape, recipient,
sender, key, signature, payload hash, clock window, type; then, inside one transaction, the
dedupe (same id and content: the stored receipt again, no second effect; same id or same
sender/seq with other content: a replay), the handler and the inbox row. Every refusal is
recorded in ``exchange_rejections``; nothing of a refused message is applied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from marknet.errors import MarknetError, StoreError
from marknet.exchange.envelope import (
    JSON,
    RECEIPT,
    Envelope,
    new_envelope,
    parse_envelope,
    parse_time,
    sign,
    verify,
)
from marknet.exchange.errors import (
    KeyNotUsableError,
    ReplayError,
    StaleMessageError,
    UnknownKeyError,
    UnknownMessageTypeError,
    UnknownSenderError,
    WrongRecipientError,
)
from marknet.exchange.handlers import HandlerContext, Handlers
from marknet.exchange.keys import Signer
from marknet.exchange.outbox import reserve_seq
from marknet.exchange.peers import get_peer, peer_key
from marknet.store import Store

RECEIVED, PROCESSED, FAILED = "received", "processed", "failed"
REJECTIONS_KEPT = dt.timedelta(days=30)


class _RefusedError(Exception):
    """A handler refused the content: roll its transaction back, then record the refusal."""

    def __init__(self, error: MarknetError) -> None:
        super().__init__(error.message)
        self.error = error


@dataclass(frozen=True, slots=True)
class Accepted:
    receipt: bytes  # the signed MSG.002 envelope, JSON
    duplicate: bool


_PENDING = Accepted(b"", False)


class Inbox:
    def __init__(self, store: Store, office: str, signer: Signer, handlers: Handlers,
                 clock: Callable[[], dt.datetime], window_s: float) -> None:
        self.store = store
        self.office = office
        self.signer = signer
        self.handlers = handlers
        self.clock = clock
        self.window = dt.timedelta(seconds=window_s)

    def accept(self, value: Any) -> Accepted:
        """Take one decoded envelope; raises a MessageRejectedError for any refusal."""
        result = self.accept_many([value])[0]
        if isinstance(result, MarknetError):
            raise result
        return result

    def accept_many(self, values: list[Any]) -> list[Accepted | MarknetError]:
        """Take a batch in order: checked one by one, then applied in one transaction.

        If any message in the batch is a replay or its handler refuses it, the batch
        transaction is rolled back and the messages are applied one by one instead, so each
        gets its own outcome; the common case pays one commit per batch, not per message.
        """
        results: list[Accepted | MarknetError] = []
        checked: list[tuple[int, Envelope]] = []
        for value in values:
            try:
                envelope = parse_envelope(value)
                self._check(envelope)
                checked.append((len(results), envelope))
                results.append(_PENDING)
            except MarknetError as exc:
                results.append(exc)
        if not checked:
            return results
        hooks: list[Callable[[], None]] = []
        done: list[Accepted | MarknetError]
        try:
            with self.store.transaction():
                done = [self._take(envelope, hooks) for _, envelope in checked]
        except (_RefusedError, ReplayError):
            hooks = []
            done = [self._take_alone(envelope) for _, envelope in checked]
        for hook in hooks:
            hook()
        for (index, _), outcome in zip(checked, done, strict=True):
            results[index] = outcome
        return results

    def _take(self, envelope: Envelope, hooks: list[Callable[[], None]]) -> Accepted:
        known = self._known(envelope)
        if known is not None:
            return Accepted(known, True)
        return Accepted(self._apply(envelope, hooks), False)

    def _take_alone(self, envelope: Envelope) -> Accepted | MarknetError:
        hooks: list[Callable[[], None]] = []
        try:
            with self.store.transaction():
                accepted = self._take(envelope, hooks)
        except _RefusedError as refused:
            return Accepted(self._record_failure(envelope, refused.error), False)
        except ReplayError as exc:
            return exc
        for hook in hooks:
            hook()
        return accepted

    def _check(self, envelope: Envelope) -> None:
        if envelope.recipient != self.office:
            raise WrongRecipientError(f"message {envelope.id} is for {envelope.recipient}; "
                                      f"this is the {self.office} node", message_id=envelope.id)
        key = peer_key(self.store, envelope.sender, envelope.key)
        if key is None:
            if get_peer(self.store, envelope.sender) is None:
                raise UnknownSenderError(f"{envelope.sender} is not a registered partner of "
                                         f"{self.office}", message_id=envelope.id)
            raise UnknownKeyError(f"key {envelope.key} is not a registered key of "
                                  f"{envelope.sender}", message_id=envelope.id)
        made = parse_time(envelope.created)
        if made is None or not key.vouches_for(made):
            raise KeyNotUsableError(
                f"key {envelope.key} of {envelope.sender} is {key.status}"
                + (f" since {key.retired_at}" if key.retired_at else "")
                + f": it cannot vouch for message {envelope.id} made {envelope.created}",
                message_id=envelope.id)
        verify(envelope, key.public_key)
        sent = parse_time(envelope.sent)
        now = self.clock()
        if sent is None or abs(now - sent) > self.window:
            raise StaleMessageError(f"message {envelope.id} was sent at {envelope.sent}, "
                                    f"outside ±{self.window.total_seconds():.0f} s of "
                                    f"{now.isoformat()}", message_id=envelope.id)
        if self.handlers.get(envelope.type) is None:
            raise UnknownMessageTypeError(f"no handler for message type {envelope.type}",
                                          message_id=envelope.id)

    def _known(self, envelope: Envelope) -> bytes | None:
        """The stored receipt of a redelivered message; ReplayError if an id or seq is reused."""
        rows = self.store.query(
            "SELECT id, payload_sha256, type, sender, seq, receipt FROM inbox "
            "WHERE id = ? OR (sender = ? AND seq = ?)",
            (envelope.id, envelope.sender, envelope.seq))
        for row in rows:
            if row[0] == envelope.id and (row[1], row[2], row[3], int(row[4])) == (
                    envelope.payload_sha256, envelope.type, envelope.sender, envelope.seq):
                return str(row[5]).encode("utf-8")
        if rows and rows[0][0] == envelope.id:
            raise ReplayError(f"message id {envelope.id} was already used for other content",
                              message_id=envelope.id)
        if rows:
            raise ReplayError(f"{envelope.sender} sequence number {envelope.seq} was already "
                              f"used by message {rows[0][0]}", message_id=envelope.id)
        return None

    def _apply(self, envelope: Envelope, hooks: list[Callable[[], None]]) -> bytes:
        handler = self.handlers.get(envelope.type)
        assert handler is not None  # checked before the transaction
        ctx = HandlerContext(self.store, self.office, envelope)
        try:
            result = handler(ctx)
        except StoreError:
            raise
        except MarknetError as exc:
            raise _RefusedError(exc) from exc
        status = RECEIVED if result is None else PROCESSED
        receipt = self._receipt(envelope, status, result)
        self._insert(envelope, status, result, receipt)
        hooks.extend(ctx.after_commit)
        return receipt

    def _record_failure(self, envelope: Envelope, error: MarknetError) -> bytes:
        """The handler refused the content: keep the message as failed, say why in the receipt."""
        result = {"error": error.to_dict()}
        with self.store.transaction():
            known = self._known(envelope)
            if known is not None:
                return known
            receipt = self._receipt(envelope, FAILED, result)
            self._insert(envelope, FAILED, result, receipt)
        return receipt

    def _receipt(self, envelope: Envelope, status: str, result: dict[str, Any] | None) -> bytes:
        now = self.clock()
        body = {"message_id": envelope.id, "status": status, "received_at": now.isoformat(),
                "result": result}
        receipt = new_envelope(type=RECEIPT, sender=self.office, recipient=envelope.sender,
                               seq=reserve_seq(self.store, envelope.sender), created=now,
                               payload=orjson.dumps(body).decode(), content_type=JSON,
                               in_reply_to=envelope.id)
        return sign(receipt, self.signer.active()).to_json()

    def _insert(self, envelope: Envelope, status: str, result: dict[str, Any] | None,
                receipt: bytes) -> None:
        stored = {**envelope.header(), "signature": envelope.signature}
        self.store.execute(
            "INSERT INTO inbox (id, sender, seq, type, created, received_at, in_reply_to, "
            "content_type, payload, payload_sha256, envelope, status, result, receipt) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (envelope.id, envelope.sender, envelope.seq, envelope.type, envelope.created,
             self.clock().isoformat(), envelope.in_reply_to, envelope.content_type,
             envelope.payload, envelope.payload_sha256, orjson.dumps(stored).decode(), status,
             None if result is None else orjson.dumps(result).decode(), receipt.decode()))

    def record_rejection(self, error: MarknetError, body: bytes,
                         value: Any = None) -> None:
        """Count a refusal: one row per reason, registered sender (else none) and minute, with
        the latest example; rows older than ``REJECTIONS_KEPT`` go. However much junk arrives,
        what is kept is bounded by reasons x partners x minutes kept."""
        if isinstance(error, StoreError):  # our database failed: not the sender's fault
            return
        claimed = value.get("sender") if isinstance(value, dict) else None
        sender = claimed if isinstance(claimed, str) and claimed in self._partners() else None
        now = self.clock()
        bucket = f"{error.code}|{sender or '-'}|{now.strftime('%Y-%m-%dT%H:%M')}"
        with self.store.transaction():
            self.store.execute(
                "INSERT INTO exchange_rejections (id, at, code, detail, sender, message_id, "
                "body_sha256, body_bytes, count, last_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?) "
                "ON CONFLICT (id) DO UPDATE SET count = exchange_rejections.count + 1, "
                "last_at = excluded.last_at, detail = excluded.detail, "
                "message_id = excluded.message_id, body_sha256 = excluded.body_sha256, "
                "body_bytes = excluded.body_bytes",
                (bucket, now.isoformat(), error.code, error.message[:500], sender,
                 error.details.get("message_id"), hashlib.sha256(body).hexdigest(), len(body),
                 now.isoformat()))
            if now.minute == 0 and now.second < 2:  # hourly, cheaply
                self.store.execute("DELETE FROM exchange_rejections WHERE at < ?",
                                   ((now - REJECTIONS_KEPT).isoformat(),))

    def _partners(self) -> frozenset[str]:
        return frozenset(str(r[0]) for r in self.store.query("SELECT office FROM peers"))


def counts(store: Store) -> dict[str, Any]:
    by_status = {str(s): int(n) for s, n in store.query(
        "SELECT status, COUNT(*) FROM inbox GROUP BY status")}
    rejected = {str(c): int(n) for c, n in store.query(
        "SELECT code, SUM(count) FROM exchange_rejections GROUP BY code")}
    return {"accepted": by_status, "rejected": rejected}


def listing(store: Store, status: str | None, limit: int) -> list[dict[str, Any]]:
    if status == "rejected":
        rows = store.query("SELECT id, at, code, sender, message_id, detail, count, last_at "
                           "FROM exchange_rejections ORDER BY at DESC LIMIT ?", (limit,))
        names: tuple[str, ...] = ("id", "at", "code", "sender", "message_id", "detail",
                                  "count", "last_at")
    else:
        clause, params = (" WHERE status = ?", (status,)) if status else ("", ())
        rows = store.query("SELECT id, sender, seq, type, created, received_at, status FROM "
                           f"inbox{clause} ORDER BY received_at DESC LIMIT ?", (*params, limit))
        names = ("id", "sender", "seq", "type", "created", "received_at", "status")
    return [dict(zip(names, row, strict=True)) for row in rows]
