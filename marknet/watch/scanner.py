"""Finding new filings for the watches: one pass over each register's events since the last.

A filing counts when it becomes visible to the watcher: at once for those who may see
applications (examiners of that office, administrators), at publication for everyone else, so a
watch never reveals a confidential application. Each watch hears of each filing once (the
notifications table is unique per watch and record), whether it was filed here or arrived in a
partner's mirrored register.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from marknet.accounts.access import may_see
from marknet.accounts.users import Principal, list_users
from marknet.match import Goods, cached_sign, compare
from marknet.model import EventType
from marknet.model.accessors import classes_of, is_published, texts_of
from marknet.store import Store, StoredRecord
from marknet.store.watches import EventStub
from marknet.watch.watches import Watch, list_watches

TRIGGERS = frozenset({EventType.FILED.value, EventType.IMPORTED.value,
                      EventType.PUBLISHED.value})
PAGE = 2000



def _owners(store: Store) -> dict[str, Principal]:
    return {u.id: Principal(u) for u in list_users(store)}


def score(watch: Watch, data: dict[str, Any], register: str | None = None
          ) -> dict[str, Any] | None:
    """The hit a record makes for a watch, or None below its threshold."""
    if data.get("id") == watch.record_id:
        return None
    mine = cached_sign(watch.query)
    goods = Goods(frozenset(watch.classes)) if watch.classes else None
    theirs = Goods(frozenset(classes_of(data))) if goods else None
    best = None
    for text in texts_of(data):
        result = compare(mine, cached_sign(text), goods, theirs)
        if best is None or result.score > best[0].score:
            best = (result, text)
    if best is None or best[0].score < watch.threshold:
        return None
    result, text = best
    # The fields and rounding of a search hit (``search.Hit.to_dict``), so a notification reads
    # like the search that would have found the filing.
    return {"id": data["id"], "office": data["office"],
            "register": register or data["office"],
            "kind": data.get("record_type", "trademark"), "text": text,
            "score": round(result.score, 4), "nice_classes": classes_of(data),
            "status": data["status"], "feature": data.get("feature"),
            "filing_date": data.get("filing_date"), "published": is_published(data),
            "why": {k: c.to_dict() for k, c in result.why.items()}}


def _match_events(store: Store, watches: Sequence[Watch], events: list[EventStub],
                  owners: dict[str, Principal]) -> int:
    ids = list(dict.fromkeys(e.record_id for e in events if e.type in TRIGGERS))
    records: dict[str, StoredRecord] = store.get_records(ids) if ids else {}
    now = dt.datetime.now(dt.UTC).isoformat()
    added = 0
    for event in events:
        stored = records.get(event.record_id)
        if event.type not in TRIGGERS or stored is None:
            continue
        for watch in watches:
            owner = owners.get(watch.user_id)
            if owner is None or event.recorded_at < watch.created_at:
                continue
            if not may_see(owner, stored.data):
                continue
            hit = score(watch, stored.data, stored.register)
            if hit is not None and store.add_notification(uuid.uuid4().hex, watch, hit, now):
                added += 1
    return added


def scan_new_filings(store: Store, page: int = PAGE) -> int:
    """Look at every register's events since the last scan; returns notifications added.

    With no watch at all the cursors jump to the heads: nothing before a watch exists can
    fire it, so a node that has just loaded a million records does not read them again.
    """
    watches = list_watches(store)
    owners = _owners(store) if watches else {}
    added = 0
    for head in store.heads():
        cursor = store.watch_cursor(head.register)
        if not watches:
            if cursor < head.seq:
                with store.transaction():
                    store.set_watch_cursor(head.register, head.seq)
            continue
        while cursor < head.seq:
            events = store.event_stubs(head.register, cursor, page)
            if not events:
                break
            with store.transaction():
                added += _match_events(store, watches, events, owners)
                cursor = events[-1].seq
                store.set_watch_cursor(head.register, cursor)
    return added
