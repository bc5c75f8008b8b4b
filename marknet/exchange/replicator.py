"""Pulling partners' feeds into their mirrors: on a schedule, on notice, and after downtime.

Each pull starts at the mirror's own head (the database is the only cursor, so a crash or a
restart resumes exactly where the last committed page ended) and goes page by page until the
partner's head. The next page is fetched while the current one is applied: the partner prepares
pages on its own core while this node hashes and writes.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

from marknet.errors import MarknetError
from marknet.exchange.backoff import Backoff
from marknet.exchange.errors import PeerUnavailableError
from marknet.exchange.keys import Signer
from marknet.exchange.mirror import Page, apply_parsed, read_page
from marknet.exchange.peers import Peer, list_peers
from marknet.exchange.request_auth import sign_request, with_query
from marknet.exchange.settings import ExchangeSettings
from marknet.exchange.transport import FEED_PATH, Transport
from marknet.images.replicate import fetch_page_images
from marknet.images.store import ImageStore
from marknet.store import Store

_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_resume = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Cyclic GC off while pages are in hand (nestable, across threads).

    A decoded page is some 100,000 dicts and lists, none in a cycle (reference counting frees
    them), yet the allocation bursts trigger collections that walk every live page object:
    measured, they doubled the decoding time, and re-enabling GC while a page is alive costs a
    full walk of it. So GC stays off from the first fetch until the last page is dropped (the
    pages are locals of ``_pull_pages``); cycles other threads make meanwhile wait till then.
    """
    global _gc_pausers, _gc_resume
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_resume = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_resume:
                gc.enable()


@dataclass
class MirrorStatus:
    seq: int = 0
    source_head: int | None = None
    last_pull: str | None = None
    error: str | None = None


class Replicator:
    def __init__(self, store: Store, transport: Transport, settings: ExchangeSettings,
                 clock: Callable[[], dt.datetime], office: str, signer: Signer,
                 images: ImageStore | None = None) -> None:
        self.office = office
        self.signer = signer
        self.images = images  # where mirrored records' images go, fetched before each page
        self.store = store
        self.images = images  # where mirrored records' images go, fetched before each page
        self.transport = transport
        self.settings = settings
        self.clock = clock
        self.backoff = Backoff(settings.retry_base_s, settings.retry_cap_s)
        self.status: dict[str, MirrorStatus] = {}
        self._requested: set[str] = set()
        self._due: dict[str, dt.datetime] = {}
        self._wake = threading.Event()
        self._lock = threading.Lock()

    def notify(self, office: str) -> None:
        """A partner says its feed advanced: pull it now."""
        with self._lock:
            self._requested.add(office)
        self._wake.set()

    def pull(self, peer: Peer) -> int:
        """Pull pages until the mirror reaches the partner's head; returns events applied."""
        status = self.status.setdefault(peer.office, MirrorStatus())
        with gc_paused():
            applied = self._pull_pages(peer, status)
        status.last_pull, status.error = self.clock().isoformat(), None
        return applied

    def _pull_pages(self, peer: Peer, status: MirrorStatus) -> int:
        applied = 0
        with ThreadPoolExecutor(1, thread_name_prefix=f"fetch-{peer.office}") as pool:
            after = self.store.head(peer.office).seq
            pending: Future[Page] = pool.submit(self._fetch, peer, after)
            while True:
                header, signature, events, reveals = pending.result()
                more = bool(events) and int(header.get("head_seq", 0)) > int(header["last_seq"])
                if more:
                    pending = pool.submit(self._fetch, peer, int(header["last_seq"]))
                if self.images is not None:
                    fetch_page_images(self.images, partial(self._get_signed, peer), peer.office,
                                      events)
                applied += apply_parsed(self.store, peer.office, header, signature, events,
                                        reveals)
                status.seq = int(header["last_seq"])
                status.source_head = int(header.get("head_seq", 0))
                if not more:
                    return applied

    def _fetch(self, peer: Peer, after: int) -> Page:
        url = with_query(peer.url + FEED_PATH, {"after": after, "limit": self.settings.page_size})
        headers = sign_request("GET", url, self.signer.active(), self.office, peer.office,
                               self.clock())
        with self.transport.stream(url, headers) as (code, chunks):
            if code != 200:
                first = next(chunks, b"")[:200]
                raise PeerUnavailableError(f"{peer.office} feed answered HTTP {code}: {first!r}")
            return read_page(chunks, self.store, peer.office, self.settings.max_page_bytes)

    def _get_signed(self, peer: Peer, path: str) -> tuple[int, bytes]:
        """GET a path of the partner's exchange, signed as the feed is."""
        url = peer.url + path
        headers = sign_request("GET", url, self.signer.active(), self.office, peer.office,
                               self.clock())
        return self.transport.get(url, headers)

    def run_once(self, force: bool = False) -> int:
        """Pull every partner that asked, is due, or (force) all of them."""
        now = self.clock()
        with self._lock:
            requested, self._requested = self._requested, set()
        applied = 0
        for peer in list_peers(self.store):
            due = self._due.get(peer.office)
            wanted = force or peer.office in requested or due is None or now >= due
            if not wanted or not self.backoff.ready(peer.office, now):
                continue
            applied += self._pull_safely(peer, now)
        return applied

    def _pull_safely(self, peer: Peer, now: dt.datetime) -> int:
        try:
            applied = self.pull(peer)
        except MarknetError as exc:
            return self._failed(peer, now, f"{exc.code}: {exc.message}")
        except (KeyError, TypeError, ValueError) as exc:  # a page header of the wrong shape
            return self._failed(peer, now, f"feed_rejected: malformed page header: {exc!r}")
        self.backoff.succeeded(peer.office)
        self._due[peer.office] = now + dt.timedelta(seconds=self.settings.pull_interval_s)
        return applied

    def _failed(self, peer: Peer, now: dt.datetime, error: str) -> int:
        wait = self.backoff.failed(peer.office, now)
        self.status.setdefault(peer.office, MirrorStatus()).error = (
            f"{error} (next try in {wait:.1f} s)")
        return 0

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self.run_once()
            self._wake.wait(self._sleep_s())
            self._wake.clear()

    def _sleep_s(self) -> float:
        now = self.clock()
        moments = [*self._due.values()]
        if (retry := self.backoff.next_due()) is not None:
            moments.append(retry)
        if not moments:
            return self.settings.pull_interval_s
        return max(0.05, min((m - now).total_seconds() for m in moments))
