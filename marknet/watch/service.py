"""The watch worker: a background thread that scans for new filings and delivers webhooks.

It wakes every ``watch_poll_s`` seconds, or at once when a filing arrives through the API.
Webhooks are POSTed as JSON; a failed delivery is retried with exponential back-off up to
``webhook_max_attempts`` times, and its state is kept on the notification.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Protocol

import httpx
import orjson

from marknet.errors import InputError
from marknet.store import Store
from marknet.watch.scanner import scan_new_filings
from marknet.watch.watches import pin_webhook

log = logging.getLogger("marknet.watch")
_BACKOFF_CAP_S = 3600.0
_BATCH = 50  # deliveries per round


class WatchSettings(Protocol):
    """What the watches are tuned by (the API settings, ``MARKNET_API_…``, carry them)."""

    @property
    def watch_poll_s(self) -> float: ...

    @property
    def webhook_timeout_s(self) -> float: ...

    @property
    def webhook_max_attempts(self) -> int: ...

    @property
    def webhook_allow_private(self) -> bool: ...


def deliver_webhooks(store: Store, settings: WatchSettings, client: httpx.Client) -> int:
    """POST each due notification to its watch's URL; returns how many were delivered."""
    now = dt.datetime.now(dt.UTC)
    delivered = 0
    for due in store.due_webhooks(now.isoformat(), _BATCH):
        with store.transaction():
            if not store.claim_webhook(due.notification_id):
                continue  # another worker is delivering it
        body = {"event": "watch.hit", "notification_id": due.notification_id,
                "created_at": due.created_at,
                "watch": {"id": due.watch_id, "label": due.label, "query": due.query},
                "filing": due.hit}
        error = None
        try:
            target = pin_webhook(due.url, settings.webhook_allow_private)
            response = client.post(target.url, content=orjson.dumps(body), headers={
                "host": target.host, "content-type": "application/json",
                "x-marknet-event": "watch.hit"}, extensions={"sni_hostname": target.server_name})
            if response.status_code >= 300:
                error = f"HTTP {response.status_code}"
        except InputError as exc:  # the address turned private since the watch was made
            error = exc.message[:300]
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:300]
        tries = due.attempts + 1
        if error is None:
            status, wait = "delivered", None
            delivered += 1
        else:
            failed = tries >= settings.webhook_max_attempts
            status = "failed" if failed else "pending"
            wait = None if failed else min(_BACKOFF_CAP_S, 2.0 ** tries)
        following = (now + dt.timedelta(seconds=wait)).isoformat() if wait else None
        with store.transaction():
            store.record_webhook(due.notification_id, status, tries, following, error)
    return delivered


class WatchService:
    def __init__(self, store: Store, settings: WatchSettings) -> None:
        self.store = store
        self.settings = settings
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """One scan and one round of deliveries; returns notifications added."""
        added = scan_new_filings(self.store)
        if not self.store.due_webhooks(dt.datetime.now(dt.UTC).isoformat(), 1):
            return added  # a client costs an SSL context (~10 ms): only when there is work
        with httpx.Client(timeout=self.settings.webhook_timeout_s,
                          follow_redirects=False) as client:
            deliver_webhooks(self.store, self.settings, client)
        return added

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="marknet-watch",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # the worker must outlive one bad round; the next retries
                log.exception("watch round failed")
            self._wake.wait(self.settings.watch_poll_s)
            self._wake.clear()
