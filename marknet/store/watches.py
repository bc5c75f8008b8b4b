"""Typed reads and writes of the watches' tables (``watches``, ``notifications``,
``watch_cursors``) and the light event reads the watch scanner needs: the SQL of
``marknet.watch`` lives here, with the store."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from marknet.store.access import SqlAccess

__all__ = ["DueWebhook", "EventStub", "Watch", "WatchQueries"]

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


@dataclass(frozen=True, slots=True)
class EventStub:
    """An event without its payload: all a scan needs, and cheap to read by the million."""

    seq: int
    record_id: str
    type: str
    recorded_at: str


@dataclass(frozen=True, slots=True)
class DueWebhook:
    notification_id: str
    url: str
    hit: dict[str, Any]
    attempts: int
    watch_id: str
    label: str
    query: str
    created_at: str


def _watch(row: Sequence[Any]) -> Watch:
    return Watch(str(row[0]), str(row[1]), str(row[2]), str(row[3]),
                 None if row[4] is None else str(row[4]), tuple(orjson.loads(row[5])),
                 float(row[6]), None if row[7] is None else str(row[7]), str(row[8]))


class WatchQueries(SqlAccess):
    """Mixed into ``SqlStore``: needs only ``query`` and ``execute``."""

    # -- watches -----------------------------------------------------------------------------
    def active_watch_count(self, user_id: str) -> int:
        rows = self.query("SELECT COUNT(*) FROM watches WHERE user_id = ? AND active = 1",
                          (user_id,))
        return int(rows[0][0])

    def add_watch(self, watch: Watch) -> None:
        self.execute(f"INSERT INTO watches ({_COLUMNS}, active) VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                     (watch.id, watch.user_id, watch.label, watch.query, watch.record_id,
                      orjson.dumps(list(watch.classes)).decode(), watch.threshold,
                      watch.webhook_url, watch.created_at))

    def watches(self, user_id: str | None = None) -> list[Watch]:
        """Active watches (of one user, or every one), oldest first."""
        sql = f"SELECT {_COLUMNS} FROM watches WHERE active = 1"
        params: tuple[Any, ...] = ()
        if user_id is not None:
            sql += " AND user_id = ?"
            params = (user_id,)
        return [_watch(r) for r in self.query(sql + " ORDER BY created_at, id", params)]

    def deactivate_watch(self, user_id: str, watch_id: str) -> bool:
        return self.execute("UPDATE watches SET active = 0 WHERE id = ? AND user_id = ? "
                            "AND active = 1", (watch_id, user_id)) == 1

    # -- notifications -----------------------------------------------------------------------
    def add_notification(self, notification_id: str, watch: Watch, hit: dict[str, Any],
                         now: str) -> bool:
        """Record a watch's hit, once per watch and record; False when it was known."""
        status = "pending" if watch.webhook_url else "none"
        return self.execute(
            "INSERT INTO notifications (id, watch_id, user_id, record_id, score, hit, "
            "created_at, seen, webhook_status, webhook_attempts, webhook_next) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, 0, ?, 0, ?) ON CONFLICT (watch_id, record_id) DO NOTHING",
            (notification_id, watch.id, watch.user_id, hit["id"], hit["score"],
             orjson.dumps(hit).decode(), now, status, now)) == 1

    def notifications(self, user_id: str, limit: int,
                      unseen_only: bool = False) -> list[dict[str, Any]]:
        sql = ("SELECT n.id, n.watch_id, w.label, n.record_id, n.score, n.hit, n.created_at, "
               "n.seen, n.webhook_status FROM notifications n "
               "JOIN watches w ON w.id = n.watch_id WHERE n.user_id = ?")
        if unseen_only:
            sql += " AND n.seen = 0"
        rows = self.query(sql + " ORDER BY n.created_at DESC, n.id LIMIT ?", (user_id, limit))
        keys = ("id", "watch_id", "watch", "record_id", "score", "hit", "created_at", "seen",
                "webhook")
        out = []
        for row in rows:
            item = dict(zip(keys, row, strict=True))
            item["hit"] = orjson.loads(item["hit"])
            item["seen"] = bool(item["seen"])
            out.append(item)
        return out

    def mark_notification_seen(self, user_id: str, notification_id: str) -> bool:
        return self.execute("UPDATE notifications SET seen = 1 WHERE id = ? AND user_id = ?",
                            (notification_id, user_id)) == 1

    # -- webhooks ----------------------------------------------------------------------------
    def due_webhooks(self, now: str, limit: int) -> list[DueWebhook]:
        rows = self.query(
            "SELECT n.id, w.webhook_url, n.hit, n.webhook_attempts, w.id, w.label, w.query, "
            "n.created_at FROM notifications n JOIN watches w ON w.id = n.watch_id "
            "WHERE n.webhook_status = 'pending' AND n.webhook_next <= ? "
            "ORDER BY n.webhook_next LIMIT ?", (now, limit))
        return [DueWebhook(str(r[0]), str(r[1]), orjson.loads(r[2]), int(r[3]), str(r[4]),
                           str(r[5]), str(r[6]), str(r[7])) for r in rows]

    def claim_webhook(self, notification_id: str) -> bool:
        """Take a pending delivery; False when another worker has it."""
        return self.execute("UPDATE notifications SET webhook_status = 'sending' "
                            "WHERE id = ? AND webhook_status = 'pending'",
                            (notification_id,)) == 1

    def record_webhook(self, notification_id: str, status: str, attempts: int,
                       following: str | None, error: str | None) -> None:
        self.execute("UPDATE notifications SET webhook_status = ?, webhook_attempts = ?, "
                     "webhook_next = ?, webhook_error = ? WHERE id = ?",
                     (status, attempts, following, error, notification_id))

    # -- the scanner's position --------------------------------------------------------------
    def watch_cursor(self, register: str) -> int:
        rows = self.query("SELECT seq FROM watch_cursors WHERE register = ?", (register,))
        return int(rows[0][0]) if rows else 0

    def set_watch_cursor(self, register: str, seq: int) -> None:
        self.execute("INSERT INTO watch_cursors (register, seq) VALUES (?, ?) "
                     "ON CONFLICT (register) DO UPDATE SET seq = excluded.seq", (register, seq))

    def event_stubs(self, register: str, after: int, limit: int) -> list[EventStub]:
        rows = self.query("SELECT seq, record_id, type, recorded_at FROM events "
                          "WHERE register = ? AND seq > ? ORDER BY seq LIMIT ?",
                          (register, after, limit))
        return [EventStub(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]
