"""One node's exchange, wired: inbox, outbox delivery, feed, mirrors, and their threads.

The HTTP routes and the CLI use this object; ``start()`` runs the background work (delivery,
announcing the own register's progress, pulling partners) in daemon threads that ``stop()``
ends. Everything takes an injected clock and transport so tests can drive it without sockets.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from marknet.exchange import inbox as inbox_mod
from marknet.exchange import outbox
from marknet.exchange.audience import Reader
from marknet.exchange.delivery import DeliveryWorker
from marknet.exchange.envelope import JSON
from marknet.exchange.feed import feed_page
from marknet.exchange.handlers import FEED_ADVANCED, KEY_ROTATED, Handlers, default_handlers
from marknet.exchange.inbox import Inbox
from marknet.exchange.keys import KeyRing, Signer, SigningKey
from marknet.exchange.peers import list_peers
from marknet.exchange.replicator import Replicator
from marknet.exchange.request_auth import RequestVerifier
from marknet.exchange.settings import ExchangeSettings
from marknet.exchange.transport import HttpTransport, Transport
from marknet.images.store import ImageStore
from marknet.store import Store


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Exchange:
    def __init__(self, store: Store, office: str, keys_dir: Path, settings: ExchangeSettings,
                 max_body_bytes: int, clock: Callable[[], dt.datetime] = utc_now,
                 transport: Transport | None = None, images: ImageStore | None = None) -> None:
        self.store = store
        self.images = images
        self.office = office
        self.settings = settings
        self.max_body_bytes = max_body_bytes
        self.clock = clock
        self.signer = Signer(KeyRing(keys_dir))
        self.transport = transport or HttpTransport(settings.timeout_s)
        self.replicator = Replicator(store, self.transport, settings, clock, office,
                                     self.signer, images)
        self.handlers: Handlers = default_handlers(on_feed_advanced=self.partner_advanced)
        self.inbox = Inbox(store, office, self.signer, self.handlers, clock,
                           settings.clock_window_s)
        self.requests = RequestVerifier(store, office, self.signer, clock,
                                        settings.clock_window_s)
        self.delivery = DeliveryWorker(store, office, self.signer, self.transport, settings,
                                       clock)
        self._announced: int | None = None
        self._announce_due: dt.datetime | None = None
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def partner_advanced(self, office: str) -> None:
        """A partner's notice arrived: it is up, so stop backing off and pull its feed now."""
        self.replicator.backoff.succeeded(office)
        self.delivery.backoff.succeeded(office)
        self.delivery.wake.set()
        self.replicator.notify(office)

    # -- serving -----------------------------------------------------------------------------
    def feed(self, after: int, limit: int, reader: Reader) -> bytes:
        return feed_page(self.store, self.office, self.signer.active(), after, limit,
                         self.clock(), reader)

    def identity(self) -> dict[str, Any]:
        ring = self.signer.ring
        active = self.signer.active()
        head = self.store.head(self.office)
        return {"office": self.office, "active_key": active.fingerprint,
                "keys": [{"key_id": k.key_id, "public_key": k.public_b64,
                          "fingerprint": k.fingerprint, "active": k.key_id == active.key_id}
                         for k in ring.all()],
                "feed_head": {"seq": head.seq, "hash": head.hash}}

    def status(self) -> dict[str, Any]:
        mirrors = {p.office: {"mirror_seq": self.store.head(p.office).seq,
                              "mirror_hash": self.store.head(p.office).hash,
                              **_fields(self.replicator.status.get(p.office))}
                   for p in list_peers(self.store)}
        return {"office": self.office, "outbox": outbox.counts(self.store),
                "inbox": inbox_mod.counts(self.store), "mirrors": mirrors,
                "delivery_errors": dict(self.delivery.last_error)}

    # -- announcing ------------------------------------------------------------------------
    def announce(self) -> int:
        """Tell partners when the own register moved (coalesced: one pending notice each)."""
        now = self.clock()
        if self._announce_due is not None and now < self._announce_due:
            return 0
        self._announce_due = now + dt.timedelta(seconds=self.settings.head_poll_s)
        head = self.store.head(self.office)
        if head.seq == self._announced:
            return 0
        body = orjson.dumps({"register": self.office, "seq": head.seq, "hash": head.hash})
        sent = 0
        with self.store.transaction():
            for peer in list_peers(self.store):
                waiting = self.store.query(
                    "SELECT 1 FROM outbox WHERE recipient = ? AND type = ? AND status = ?",
                    (peer.office, FEED_ADVANCED, outbox.PENDING))
                if not waiting:
                    outbox.enqueue(self.store, self.office, outbox.Outgoing(
                        peer.office, FEED_ADVANCED, body.decode()), now)
                    sent += 1
        self._announced = head.seq
        if sent:
            self.delivery.wake.set()
        return sent

    # -- background threads ------------------------------------------------------------------
    def start(self) -> None:
        self._stop.clear()
        self._threads = [
            threading.Thread(target=self.delivery.run, args=(self._stop, self.announce),
                             name=f"delivery-{self.office}", daemon=True),
            threading.Thread(target=self.replicator.run, args=(self._stop,),
                             name=f"replicator-{self.office}", daemon=True)]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        self.delivery.wake.set()
        self.replicator.notify("")
        for thread in self._threads:
            thread.join(timeout_s)
        self._threads = []


def rotate_keys(store: Store, office: str, keys_dir: Path,
                now: dt.datetime | None = None) -> tuple[SigningKey, SigningKey]:
    """A new active key, announced to every partner in a notice signed by the previous key,
    which is retired as of that moment. Partners trust the new key only once their operator
    confirms it out of band (``marknet peers add --key``)."""
    moment = now or utc_now()
    previous, new = KeyRing(keys_dir).rotate(moment)
    body = orjson.dumps({"key_id": new.key_id, "public_key": new.public_b64,
                         "fingerprint": new.fingerprint}).decode()
    with store.transaction():
        outbox.enqueue_many(store, office, [
            outbox.Outgoing(peer.office, KEY_ROTATED, body, JSON, sign_with=previous.key_id)
            for peer in list_peers(store)], moment)
    return previous, new


def _fields(status: object | None) -> dict[str, Any]:
    return dict(vars(status)) if status is not None else {}
