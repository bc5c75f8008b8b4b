"""Watches and notifications as stored (migration 5)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson

from marknet.errors import InputError, NotFoundError
from marknet.store import Store

MAX_WATCHES = 200
_COLUMNS = "id, user_id, label, query, record_id, classes, threshold, webhook_url, created_at"


@dataclass(frozen=True, slots=True)
class Watch:
    id: str
    user_id: str
    label: str
    query: str
    record_id: str | None
    classes: tuple[int, ...]
    threshold: float
    webhook_url: str | None
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "query": self.query,
                "record_id": self.record_id, "classes": list(self.classes),
                "threshold": self.threshold, "webhook_url": self.webhook_url,
                "created_at": self.created_at}


def _watch(row: tuple[Any, ...]) -> Watch:
    return Watch(str(row[0]), str(row[1]), str(row[2]), str(row[3]),
                 None if row[4] is None else str(row[4]), tuple(orjson.loads(row[5])),
                 float(row[6]), None if row[7] is None else str(row[7]), str(row[8]))


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
    count = store.query("SELECT COUNT(*) FROM watches WHERE user_id = ? AND active = 1",
                        (user_id,))[0][0]
    if int(count) >= MAX_WATCHES:
        raise InputError(f"at most {MAX_WATCHES} watches per user")
    watch = Watch(uuid.uuid4().hex, user_id, (label or query)[:200], query, record_id,
                  tuple(sorted(set(classes))), threshold, webhook_url,
                  dt.datetime.now(dt.UTC).isoformat())
    with store.transaction():
        store.execute(f"INSERT INTO watches ({_COLUMNS}, active) VALUES "
                      "(?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                      (watch.id, user_id, watch.label, query, record_id,
                       orjson.dumps(list(watch.classes)).decode(), threshold, webhook_url,
                       watch.created_at))
    return watch


def list_watches(store: Store, user_id: str | None = None) -> list[Watch]:
    sql = f"SELECT {_COLUMNS} FROM watches WHERE active = 1"
    params: tuple[Any, ...] = ()
    if user_id is not None:
        sql += " AND user_id = ?"
        params = (user_id,)
    return [_watch(r) for r in store.query(sql + " ORDER BY created_at, id", params)]


def delete_watch(store: Store, user_id: str, watch_id: str) -> None:
    with store.transaction():
        changed = store.execute("UPDATE watches SET active = 0 WHERE id = ? AND user_id = ? "
                                "AND active = 1", (watch_id, user_id))
    if not changed:
        raise NotFoundError(f"no watch {watch_id[:40]}")


def list_notifications(store: Store, user_id: str, limit: int = 100,
                       unseen_only: bool = False) -> list[dict[str, Any]]:
    sql = ("SELECT n.id, n.watch_id, w.label, n.record_id, n.score, n.hit, n.created_at, "
           "n.seen, n.webhook_status FROM notifications n JOIN watches w ON w.id = n.watch_id "
           "WHERE n.user_id = ?")
    if unseen_only:
        sql += " AND n.seen = 0"
    rows = store.query(sql + " ORDER BY n.created_at DESC, n.id LIMIT ?", (user_id, limit))
    keys = ("id", "watch_id", "watch", "record_id", "score", "hit", "created_at", "seen",
            "webhook")
    out = []
    for row in rows:
        item = dict(zip(keys, row, strict=True))
        item["hit"] = orjson.loads(item["hit"])
        item["seen"] = bool(item["seen"])
        out.append(item)
    return out


def mark_seen(store: Store, user_id: str, notification_id: str) -> None:
    with store.transaction():
        changed = store.execute("UPDATE notifications SET seen = 1 WHERE id = ? AND user_id = ?",
                                (notification_id, user_id))
    if not changed:
        raise NotFoundError(f"no notification {notification_id[:40]}")
