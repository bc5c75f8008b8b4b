"""Replication: signed feed pages, a verified read-only mirror, catching up, refusing tampering."""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Callable
from typing import Any

import orjson
import pytest

from marknet.errors import TransitionError
from marknet.exchange.audience import Reader
from marknet.exchange.errors import FeedRejectedError
from marknet.exchange.feed import feed_page
from marknet.exchange.mirror import apply_page
from marknet.model import EventType
from marknet.model.accessors import is_published
from marknet.model.chain import event_hash
from marknet.register import ImportItem
from marknet.sample.generator import generate_records
from marknet.store import RecordFilter
from tests.exchange.helpers import decode_page, encode_page
from tests.exchange.nodes import Pair, Side


def _load(side: Side, n: int, skip: int = 0) -> None:
    items = (ImportItem(f"g:{i}", d) for i, d in
             enumerate(generate_records(skip + n, 3, side.office), 1) if i > skip)
    report = side.node.register.import_items(items, actor="test")
    assert report.imported == n


def _heads_equal(pair: Pair) -> bool:
    source, mirror = pair.by.node.store.head("BY"), pair.ru.node.store.head("BY")
    return (source.seq, source.hash) == (mirror.seq, mirror.hash)


def _page(side: Side, after: int, limit: int = 1000) -> bytes:
    return feed_page(side.node.store, side.office, side.key(), after, limit,
                     dt.datetime.now(dt.UTC), Reader("RU", "test"))


def test_mirror_equals_source_and_verifies(any_pair: Pair) -> None:
    pair = any_pair
    _load(pair.by, 700)
    record_id = next(pair.by.node.store.iter_records(RecordFilter(register="BY"))).id
    pair.by.node.register.transition(record_id, EventType.RENEWED, actor="test",
                                     payload={"expiry_date": "2040-01-01"})
    pair.ru.exchange.settings.page_size = 150  # several pages
    applied = pair.ru.exchange.replicator.run_once(force=True)
    assert applied == 701
    assert _heads_equal(pair)
    report = pair.ru.node.register.verify()
    assert report.ok, report.first_break
    assert report.registers["BY"]["head"] == pair.by.node.store.head("BY").hash
    mirrored = pair.ru.node.register.get_stored(record_id)
    assert mirrored.register == "BY"
    assert mirrored.data["expiry_date"] == "2040-01-01"
    # The mirror holds what RU may see: published records (the rest are sealed).
    published = Counter(r.status for r in pair.by.node.store.iter_records(
        RecordFilter(register="BY")) if is_published(r.data))
    assert pair.ru.node.store.count_records(RecordFilter(register="BY")) == dict(published)
    assert report.registers["BY"]["sealed"] == 700 - published.total()


def test_the_mirror_is_read_only(pair: Pair) -> None:
    _load(pair.by, 5)
    pair.ru.exchange.replicator.run_once(force=True)
    record_id = next(pair.ru.node.store.iter_records(RecordFilter(register="BY"))).id
    with pytest.raises(TransitionError, match="only mirrors"):
        pair.ru.node.register.transition(record_id, EventType.RENEWED, actor="x",
                                         payload={"expiry_date": "2040-01-01"})


def test_a_notice_makes_the_partner_pull(pair: Pair) -> None:
    _load(pair.by, 20)
    assert pair.by.exchange.announce() == 1  # BY's head moved: tell RU
    pair.by.exchange.delivery.run_once()  # the signed notice reaches RU, which schedules a pull
    pair.ru.exchange.replicator._due["BY"] = pair.clock() + dt.timedelta(hours=1)
    assert pair.ru.exchange.replicator.run_once() == 20
    assert _heads_equal(pair)
    assert pair.by.exchange.announce() == 0  # nothing new, no new notice


def test_a_node_that_was_offline_catches_up(pair: Pair) -> None:
    _load(pair.by, 50)
    pair.router.down.add("BY")
    assert pair.ru.exchange.replicator.run_once(force=True) == 0
    status = pair.ru.exchange.replicator.status["BY"]
    assert status.error is not None
    assert "peer_unavailable" in status.error
    _load(pair.by, 30, skip=50)
    pair.router.down.clear()
    pair.clock.advance(120)
    assert pair.ru.exchange.replicator.run_once() == 80
    assert _heads_equal(pair)


def _edit(page: bytes, change: Callable[[dict[str, Any]], None]) -> bytes:
    value = decode_page(page)
    change(value)
    return encode_page(value)


def _set_payload(v: dict[str, Any]) -> None:
    v["events"][3][6]["record"]["verbal_elements"][0]["text"] = "LUKOIL"


def _rehash_tail(v: dict[str, Any]) -> None:
    # Tamper and re-chain every later event: the signed last hash still gives it away.
    from marknet.exchange.mirror import _TYPES
    from marknet.model import Event

    _set_payload(v)
    prev = v["events"][3][7]
    for row in v["events"][3:]:
        event = Event("BY", row[0], row[1], _TYPES[row[2]], dt.date.fromisoformat(row[3]),
                      dt.datetime.fromisoformat(row[4]), row[5], row[6], prev)
        row[7], row[8] = prev, event_hash(prev, event)
        prev = row[8]


TAMPERING: dict[str, Callable[[dict[str, Any]], None]] = {
    "payload changed": _set_payload,
    "payload changed and chain re-hashed": _rehash_tail,
    "event dropped": lambda v: v["events"].pop(5),
    "header changed": lambda v: v["header"].update(head_seq=10**6),
    "signature forged": lambda v: v.update(signature="A" * 88),
    "unknown key": lambda v: v["header"].update(key="0000:0000"),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_tampered_pages_are_refused_and_nothing_applied(pair: Pair, case: str) -> None:
    _load(pair.by, 10)
    page = _edit(_page(pair.by, 0), TAMPERING[case])
    with pytest.raises(FeedRejectedError):
        apply_page(pair.ru.node.store, "BY", page)
    assert pair.ru.node.store.head("BY").seq == 0
    assert pair.ru.node.store.count_records(RecordFilter(register="BY")) == {}


def test_a_page_must_continue_the_mirror(pair: Pair) -> None:
    _load(pair.by, 10)
    apply_page(pair.ru.node.store, "BY", _page(pair.by, 0, limit=4))
    with pytest.raises(Exception, match="does not continue"):
        apply_page(pair.ru.node.store, "BY", _page(pair.by, 6))
    assert apply_page(pair.ru.node.store, "BY", _page(pair.by, 4)) == 6
    assert _heads_equal(pair)


def test_mirrored_records_are_stored_as_the_source_stores_them(pair: Pair) -> None:
    # Creation records are written from the payload's canonical bytes, not encoded again.
    _load(pair.by, 40)
    pair.ru.exchange.replicator.run_once(force=True)
    sql = "SELECT id, data FROM records WHERE register = 'BY' ORDER BY id"
    mirrored = pair.ru.node.store.query(sql)
    source = [row for row in pair.by.node.store.query(sql)
              if is_published(orjson.loads(row[1]))]
    assert 0 < len(mirrored) < 40  # the unpublished ones are sealed
    assert mirrored == source


@pytest.mark.parametrize("was_enabled", [True, False])
def test_a_pull_leaves_the_garbage_collector_as_it_was(pair: Pair, was_enabled: bool) -> None:
    _load(pair.by, 10)
    (gc.enable if was_enabled else gc.disable)()
    try:
        pair.router.down.add("BY")
        assert pair.ru.exchange.replicator.run_once(force=True) == 0  # a failed pull
        assert gc.isenabled() is was_enabled
        pair.router.down.clear()
        pair.clock.advance(120)
        assert pair.ru.exchange.replicator.run_once(force=True) == 10
        assert gc.isenabled() is was_enabled
    finally:
        gc.enable()
