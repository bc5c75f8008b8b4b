"""Watches and notifications: checked here, stored through ``store/watches.py``."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from marknet.errors import InputError, NotFoundError
from marknet.store import Store
from marknet.store.watches import Watch

__all__ = ["MAX_WATCHES", "Watch", "check_webhook", "create_watch", "delete_watch",
           "list_notifications", "list_watches", "mark_seen", "pin_webhook"]

MAX_WATCHES = 200


def check_webhook(url: str, allow_private: bool) -> str:
    """An http(s) URL; unless allowed, not one that resolves to a loopback or private address
    (a webhook must not become a way to probe the office's own network)."""
    pin_webhook(url, allow_private)
    return url.strip()


@dataclass(frozen=True, slots=True)
class PinnedWebhook:
    """Where to POST: the URL with the address that was checked (no second DNS look-up can
    swap it: DNS rebinding), the Host header and the TLS server name."""

    url: str
    host: str
    server_name: str


def pin_webhook(url: str, allow_private: bool) -> PinnedWebhook:
    """Resolve the webhook's host now and check every address it has (at each delivery)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"webhook_url must be http(s)://host/…, not {url!r}")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except OSError:
        raise InputError(f"webhook_url: cannot resolve {parts.hostname}") from None
    addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not allow_private and any(not a.is_global for a in addresses):
        raise InputError(f"webhook_url: {parts.hostname} is a private address")
    address = addresses[0]
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = literal + (f":{parts.port}" if parts.port else "")
    return PinnedWebhook(parts._replace(netloc=netloc).geturl(), parts.netloc.rpartition("@")[2],
                         parts.hostname)


def create_watch(store: Store, user_id: str, *, query: str, record_id: str | None,
                 classes: list[int], threshold: float, webhook_url: str | None,
                 label: str | None = None) -> Watch:
    query = " ".join(query.split())
    if not query or len(query) > 200:
        raise InputError("query: 1-200 characters of the sign to watch")
    bad = [c for c in classes if not 1 <= c <= 45]
    if bad:
        raise InputError(f"classes: Nice classes are 1-45, not {bad[0]}")
    if not 0.0 < threshold <= 1.0:
        raise InputError("threshold must be above 0 and at most 1")
    if store.active_watch_count(user_id) >= MAX_WATCHES:
        raise InputError(f"at most {MAX_WATCHES} watches per user")
    watch = Watch(uuid.uuid4().hex, user_id, (label or query)[:200], query, record_id,
                  tuple(sorted(set(classes))), threshold, webhook_url,
                  dt.datetime.now(dt.UTC).isoformat())
    with store.transaction():
        store.add_watch(watch)
    return watch


def list_watches(store: Store, user_id: str | None = None) -> list[Watch]:
    return store.watches(user_id)


def delete_watch(store: Store, user_id: str, watch_id: str) -> None:
    with store.transaction():
        changed = store.deactivate_watch(user_id, watch_id)
    if not changed:
        raise NotFoundError(f"no watch {watch_id[:40]}")


def list_notifications(store: Store, user_id: str, limit: int = 100,
                       unseen_only: bool = False) -> list[dict[str, Any]]:
    return store.notifications(user_id, limit, unseen_only)


def mark_seen(store: Store, user_id: str, notification_id: str) -> None:
    with store.transaction():
        changed = store.mark_notification_seen(user_id, notification_id)
    if not changed:
        raise NotFoundError(f"no notification {notification_id[:40]}")
