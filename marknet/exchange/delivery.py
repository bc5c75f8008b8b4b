"""The delivery worker: sends the outbox to each partner in sequence order, at least once.

A batch of envelopes goes in one POST (each signed on its own, with this attempt's send time);
the answer holds one signed MSG.002 receipt or one problem per message. A verified receipt marks
the message delivered; a refusal that retrying cannot cure marks it failed; anything else (the
partner down, a 5xx, an unverifiable receipt) leaves it pending and backs off from that partner.
The clock is injected, so tests can let an hour pass in a moment.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import orjson

from marknet.errors import MarknetError
from marknet.exchange import outbox
from marknet.exchange.backoff import Backoff
from marknet.exchange.envelope import RECEIPT, Envelope, parse_envelope, parse_time, sign, verify
from marknet.exchange.errors import PeerUnavailableError
from marknet.exchange.keys import Signer
from marknet.exchange.peers import Peer, get_peer, peer_public_key
from marknet.exchange.settings import ExchangeSettings
from marknet.exchange.transport import BATCH_PATH, Transport
from marknet.store import Store

# Refusals a sender can cure without changing the message (the partner's configuration or the
# clocks, a new key the partner's operator has not confirmed yet): keep retrying. Every other
# refusal fails the message.
RETRYABLE = frozenset({"unknown_sender", "unknown_key", "key_not_usable", "stale_message",
                       "store", "marknet_error"})
MAX_BATCH_BYTES = 1_000_000


class DeliveryWorker:
    def __init__(self, store: Store, office: str, signer: Signer, transport: Transport,
                 settings: ExchangeSettings, clock: Callable[[], dt.datetime]) -> None:
        self.store = store
        self.office = office
        self.signer = signer
        self.transport = transport
        self.settings = settings
        self.clock = clock
        self.backoff = Backoff(settings.retry_base_s, settings.retry_cap_s)
        self.wake = threading.Event()
        self.last_error: dict[str, str] = {}

    def run_once(self) -> int:
        """Deliver what is due now; returns the number of messages delivered or failed."""
        done = 0
        for recipient in outbox.pending_recipients(self.store):
            if not self.backoff.ready(recipient, self.clock()):
                continue
            peer = get_peer(self.store, recipient)
            if peer is None:
                self._unavailable(recipient, [], f"{recipient} is not a registered partner")
                continue
            done += self._drain(peer)
        return done

    def run(self, stop: threading.Event, on_idle: Callable[[], None] | None = None) -> None:
        while not stop.is_set():
            try:
                if on_idle is not None:
                    on_idle()
                busy = self.run_once()
            except MarknetError as exc:  # e.g. the database briefly locked: try again soon
                self.last_error["*"] = exc.message
                busy = 0
            if not busy:
                self.wake.wait(self.settings.poll_s)
                self.wake.clear()

    def _drain(self, peer: Peer) -> int:
        done = 0
        while True:
            batch = outbox.due(self.store, self.office, peer.office, self.settings.batch_size)
            if not batch:
                return done
            sent = self._send(peer, batch)
            done += max(sent, 0)
            if sent <= 0 or not self.backoff.ready(peer.office, self.clock()):
                return done

    def _send(self, peer: Peer, batch: list[outbox.Due]) -> int:
        now = self.clock()
        envelopes: list[Envelope] = []
        parts: list[bytes] = []
        size = 0
        for item in batch:
            if (item.sign_with is None) != (batch[0].sign_with is None):
                break  # key announcements travel alone, before what the new key signs
            key = (self.signer.key(item.sign_with, _made(item.envelope)) if item.sign_with
                   else self.signer.active())
            part = sign(item.envelope, key, sent=now).to_json()
            if parts and size + len(part) > MAX_BATCH_BYTES:
                break
            envelopes.append(item.envelope)
            parts.append(part)
            size += len(part)
        body = b'{"messages":[' + b",".join(parts) + b"]}"
        ids = [e.id for e in envelopes]
        try:
            status, answer = self.transport.post(peer.url + BATCH_PATH, body)
        except PeerUnavailableError as exc:
            return self._unavailable(peer.office, ids, exc.message)
        if status == 413 and len(envelopes) == 1:
            outbox.mark_failed(self.store, [(ids[0], "body_too_large: refused by the partner")])
            return 1
        if status != 200:
            return self._unavailable(peer.office, ids, f"HTTP {status}: {answer[:300]!r}")
        try:
            results = orjson.loads(answer)["results"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            return self._unavailable(peer.office, ids, "unreadable answer to a batch")
        return self._settle(peer, envelopes, results)

    def _settle(self, peer: Peer, envelopes: list[Envelope], results: list[Any]) -> int:
        delivered: list[tuple[str, str, str]] = []
        failed: list[tuple[str, str]] = []
        retry: list[str] = []
        at = self.clock().isoformat()
        for envelope, result in zip(envelopes, results, strict=False):
            receipt = result.get("receipt") if isinstance(result, dict) else None
            problem = result.get("problem") if isinstance(result, dict) else None
            if receipt is not None and self._receipt_ok(peer, envelope, receipt):
                delivered.append((envelope.id, orjson.dumps(receipt).decode(), at))
            elif isinstance(problem, dict) and problem.get("code") not in RETRYABLE:
                failed.append((envelope.id, f"{problem.get('code')}: {problem.get('detail')}"))
            else:
                retry.append(envelope.id)
        if delivered:
            outbox.mark_delivered(self.store, delivered)
        if failed:
            outbox.mark_failed(self.store, failed)
        if retry or len(results) < len(envelopes):
            self._unavailable(peer.office, retry, "the partner did not acknowledge every message")
        else:
            self.backoff.succeeded(peer.office)
            self.last_error.pop(peer.office, None)
        return len(delivered) + len(failed)

    def _receipt_ok(self, peer: Peer, envelope: Envelope, value: Any) -> bool:
        try:
            receipt = parse_envelope(value)
            made = parse_time(receipt.created)
            public = None if made is None else peer_public_key(
                self.store, peer.office, receipt.key, made)
            if public is None:
                return False
            verify(receipt, public)
        except MarknetError:
            return False
        return (receipt.type == RECEIPT and receipt.in_reply_to == envelope.id
                and receipt.sender == peer.office and receipt.recipient == self.office)

    def _unavailable(self, office: str, ids: list[str], error: str) -> int:
        wait = self.backoff.failed(office, self.clock())
        self.last_error[office] = f"{error} (next try in {wait:.1f} s)"
        if ids:
            outbox.note_attempt(self.store, ids, error)
        return 0


def _made(envelope: Envelope) -> dt.datetime:
    made = parse_time(envelope.created)
    assert made is not None  # the outbox wrote it
    return made
