"""Sending: the transactional outbox, delivery with receipts, back-off while a partner is down,
key rotation without losing old messages."""

from __future__ import annotations

import random

import orjson
import pytest

from marknet.errors import InputError
from marknet.exchange import outbox
from marknet.exchange.backoff import delay
from marknet.exchange.envelope import RECEIPT, parse_envelope, verify
from marknet.exchange.peers import add_peer
from marknet.exchange.service import rotate_keys
from tests.exchange.helpers import inbox_ids
from tests.exchange.nodes import URLS, Pair


def _queue(pair: Pair, n: int, type: str = "MSG.058") -> list[str]:
    body = orjson.dumps({"request": "priority document"}).decode()
    envelopes = outbox.enqueue_many(pair.ru.node.store, "RU",
                                    [outbox.Outgoing("BY", type, body) for _ in range(n)],
                                    pair.clock())
    return [e.id for e in envelopes]


def _statuses(pair: Pair) -> dict[str, int]:
    return outbox.counts(pair.ru.node.store).get("BY", {})


def test_a_message_exists_only_if_the_change_that_caused_it_commits(pair: Pair) -> None:
    store = pair.ru.node.store
    def decide() -> None:
        with store.transaction():
            store.set_meta("decision", "refused")
            outbox.enqueue(store, "RU", outbox.Outgoing("BY", "MSG.031", "{}"))
            raise InputError("the decision could not be recorded")

    with pytest.raises(InputError):
        decide()
    assert store.get_meta("decision") is None
    assert _statuses(pair) == {}


def test_outbox_is_delivered_in_order_with_verified_receipts(any_pair: Pair) -> None:
    pair = any_pair
    ids = _queue(pair, 30)
    delivered = pair.ru.exchange.delivery.run_once()
    assert delivered == 30
    assert inbox_ids(pair.by.node.store) == ids
    rows = pair.ru.node.store.query("SELECT receipt FROM outbox WHERE id = ?", (ids[0],))
    receipt = parse_envelope(orjson.loads(rows[0][0]))
    verify(receipt, pair.by.key().public_b64)
    assert (receipt.type, receipt.in_reply_to) == (RECEIPT, ids[0])
    assert _statuses(pair) == {"delivered": 30}


def test_a_partner_down_for_an_hour_gets_everything_when_it_returns(pair: Pair) -> None:
    ids = _queue(pair, 120)
    pair.router.down.add("BY")
    worker = pair.ru.exchange.delivery
    for _ in range(3600):  # one simulated hour, a second at a time
        worker.run_once()
        pair.clock.advance(1)
    attempts = pair.router.posts
    # Back-off capped at 60 s with jitter: about one try a minute, not one a second.
    assert 50 <= attempts <= 130
    assert _statuses(pair) == {"pending": 120}
    assert "connection refused" in worker.last_error["BY"]
    pair.router.down.clear()
    pair.clock.advance(60)
    worker.run_once()
    assert _statuses(pair) == {"delivered": 120}
    assert inbox_ids(pair.by.node.store) == ids


def test_backoff_grows_exponentially_with_jitter_and_is_capped() -> None:
    rng = random.Random(5)
    for failures, full in ((1, 0.5), (2, 1.0), (3, 2.0), (8, 60.0), (200, 60.0)):
        waits = [delay(failures, 0.5, 60.0, rng) for _ in range(200)]
        assert full / 2 <= min(waits)
        assert max(waits) <= full
        assert max(waits) - min(waits) > full / 4  # jitter spreads retries


def test_a_refused_message_fails_and_the_queue_moves_on(pair: Pair) -> None:
    refused = _queue(pair, 1, type="MSG.999")
    good = _queue(pair, 2)
    pair.ru.exchange.delivery.run_once()
    rows = dict(pair.ru.node.store.query("SELECT id, status FROM outbox"))
    assert rows[refused[0]] == "failed"
    assert [rows[i] for i in good] == ["delivered", "delivered"]
    assert outbox.retry_failed(pair.ru.node.store) == 1


def test_rotated_keys_are_announced_and_old_messages_still_verify(pair: Pair) -> None:
    old = pair.ru.key()
    before = _queue(pair, 3)
    pair.ru.exchange.delivery.run_once()
    previous, new = rotate_keys(pair.ru.node.store, "RU", pair.ru.node.settings.keys_dir,
                                pair.clock())
    assert previous.key_id == old.key_id
    after = _queue(pair, 300)  # more than a batch: the announcement must still go first
    for _ in range(5):
        pair.ru.exchange.delivery.run_once()
        pair.clock.advance(61)
    # The announcement arrived, but BY trusts the new key only once its operator confirms it.
    assert _statuses(pair) == {"delivered": 4, "pending": 300}
    by_keys = dict(pair.by.node.store.query(
        "SELECT fingerprint, status FROM peer_keys WHERE office = 'RU'"))
    assert by_keys == {old.fingerprint: "active", new.fingerprint: "announced"}
    add_peer(pair.by.node.store, "RU", URLS["RU"], new.public_b64, "BY")  # out of band
    for _ in range(5):
        pair.ru.exchange.delivery.run_once()
        pair.clock.advance(61)
    assert _statuses(pair) == {"delivered": 304}
    by_keys = dict(pair.by.node.store.query(
        "SELECT fingerprint, status FROM peer_keys WHERE office = 'RU'"))
    assert by_keys == {old.fingerprint: "retired", new.fingerprint: "active"}
    stored = pair.by.node.store.query("SELECT id, envelope, payload FROM inbox")
    public = {old.fingerprint: old.public_b64, new.fingerprint: new.public_b64}
    for message_id, envelope, payload in stored:
        env = parse_envelope({**orjson.loads(envelope), "payload": payload})
        verify(env, public[env.key])  # every stored message still verifies
        assert env.key == (old.fingerprint if message_id in before else env.key)
    assert {m for m, *_ in stored} >= set(before) | set(after)
