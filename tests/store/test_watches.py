"""The store's watch, notification and webhook queries, on every backend."""

from __future__ import annotations

from marknet.store import Store
from marknet.store.watches import Watch
from tests.store.test_contract import _append, _record

WATCH = Watch("w1", "u1", "LUKOIL", "LUKOIL", None, (4, 35), 0.7, "https://example.org/hook",
              "2026-12-01T00:00:00+00:00")
HIT = {"id": "RU502021000000001", "score": 0.9123, "text": "ЛУКОЙЛ"}


def test_watches_notifications_and_webhooks(store: Store) -> None:
    with store.transaction():
        store.add_watch(WATCH)
    assert store.watches() == [WATCH]
    assert store.watches("u2") == []
    assert store.active_watch_count("u1") == 1
    now = "2026-12-02T00:00:00+00:00"
    with store.transaction():
        assert store.add_notification("n1", WATCH, HIT, now)
        assert not store.add_notification("n2", WATCH, HIT, now)  # once per watch and record
    [note] = store.notifications("u1", 10)
    assert (note["id"], note["watch"], note["hit"], note["seen"]) == ("n1", "LUKOIL", HIT, False)
    [due] = store.due_webhooks(now, 10)
    assert (due.notification_id, due.url, due.hit, due.attempts) == (
        "n1", WATCH.webhook_url, HIT, 0)
    with store.transaction():
        assert store.claim_webhook("n1")
        assert not store.claim_webhook("n1")  # another worker has it
        store.record_webhook("n1", "pending", 1, "2026-12-03T00:00:00+00:00", "HTTP 500")
    assert store.due_webhooks(now, 10) == []  # not before its next attempt
    assert [d.attempts for d in store.due_webhooks("2026-12-04", 10)] == [1]
    with store.transaction():
        assert store.mark_notification_seen("u1", "n1")
        assert not store.mark_notification_seen("u2", "n1")
        assert store.deactivate_watch("u1", "w1")
        assert not store.deactivate_watch("u1", "w1")
    assert store.notifications("u1", 10, unseen_only=True) == []
    assert store.watches() == []


def test_the_scanner_cursor_and_light_events(store: Store) -> None:
    _append(store, [_record(i) for i in range(1, 4)])
    assert store.watch_cursor("RU") == 0
    with store.transaction():
        store.set_watch_cursor("RU", 1)
        store.set_watch_cursor("RU", 2)
    assert store.watch_cursor("RU") == 2
    stubs = store.event_stubs("RU", 1, 10)
    assert [(s.seq, s.record_id, s.type) for s in stubs] == [
        (2, "RU502021000000002", "imported"), (3, "RU502021000000003", "imported")]
    assert [s.seq for s in store.event_stubs("RU", 0, 1)] == [1]
