"""Faults with real processes: nodes run as ``marknet serve`` and are killed with SIGKILL
while sending messages and while replicating, then restarted."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from marknet.bench.exchange_bench import FAST, load_register, two_nodes
from marknet.exchange import outbox
from marknet.exchange.local import LocalNode
from marknet.node import open_node
from tests.exchange.helpers import wait_for


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[dict[str, LocalNode]]:
    started = two_nodes(tmp_path, {**FAST, "MARKNET_EXCHANGE_RETRY_CAP_S": "2",
                                   "MARKNET_EXCHANGE_HEAD_POLL_S": "0.5",
                                   "MARKNET_EXCHANGE_PAGE_SIZE": "1000"})
    try:
        yield started
    finally:
        for node in started.values():
            node.kill()


def _count(data_dir: Path, sql: str) -> int:
    with open_node(data_dir) as node:
        return int(node.store.query(sql)[0][0])


def _restart_after_kill(node: LocalNode) -> None:
    node.kill()
    time.sleep(0.3)
    node.start()


def _messages_survive_kill_9(nodes: dict[str, LocalNode], n: int) -> None:
    ru, by = nodes["RU"], nodes["BY"]
    for node in nodes.values():
        node.start()
    body = orjson.dumps({"request": "priority document"}).decode()
    with open_node(ru.data_dir) as sender:
        ids: list[str] = []
        for start in range(0, n, 500):
            batch = [outbox.Outgoing("BY", "MSG.058", body) for _ in range(min(500, n - start))]
            ids += [e.id for e in outbox.enqueue_many(sender.store, "RU", batch)]
    received = "SELECT COUNT(*) FROM inbox WHERE type = 'MSG.058'"
    delivered = "SELECT COUNT(*) FROM outbox WHERE type = 'MSG.058' AND status = 'delivered'"
    wait_for(lambda: _count(by.data_dir, received) >= n // 5, 120, "a fifth received")
    _restart_after_kill(by)  # the receiver dies mid-stream
    wait_for(lambda: _count(ru.data_dir, delivered) >= n // 2, 120, "half delivered")
    _restart_after_kill(ru)  # then the sender
    wait_for(lambda: _count(ru.data_dir, delivered) == n, 180, "all delivered")
    with open_node(by.data_dir) as receiver:
        got = [str(r[0]) for r in receiver.store.query(
            "SELECT id FROM inbox WHERE type = 'MSG.058'")]
    assert len(got) == len(set(got)) == n  # none duplicated
    assert set(got) == set(ids)  # none lost
    assert _count(ru.data_dir, "SELECT COUNT(*) FROM outbox WHERE status <> 'delivered'") == 0


def test_messages_survive_kill_9(nodes: dict[str, LocalNode]) -> None:
    _messages_survive_kill_9(nodes, 2000)


@pytest.mark.slow
def test_10000_messages_survive_kill_9(nodes: dict[str, LocalNode]) -> None:
    _messages_survive_kill_9(nodes, 10_000)


def _mirror_seq(node: LocalNode) -> int:
    with open_node(node.data_dir) as opened:
        return opened.store.head("BY").seq


def _replication_survives_kill_9(nodes: dict[str, LocalNode], n: int) -> None:
    ru, by = nodes["RU"], nodes["BY"]
    assert load_register(by.data_dir, n) == n
    by.start()
    ru.start()  # pulls BY's feed at once
    wait_for(lambda: _mirror_seq(ru) > 0, 120, "the first page")
    at_kill = _mirror_seq(ru)
    _restart_after_kill(ru)  # the mirror dies mid-replication
    wait_for(lambda: _mirror_seq(ru) >= max(at_kill + 1000, n // 2), 120, "half replicated")
    source_killed_at = _mirror_seq(ru)
    _restart_after_kill(by)  # then the source
    wait_for(lambda: _mirror_seq(ru) == n, 180, "the mirror to catch up")
    assert 0 < at_kill < n  # both kills hit a replication in progress
    assert source_killed_at < n
    status = ru.exchange_get("/exchange/v1/status")
    assert status["mirrors"]["BY"]["mirror_seq"] == n
    for node in (ru, by):
        node.stop()
    with open_node(by.data_dir) as source, open_node(ru.data_dir) as mirror:
        assert source.store.head("BY") == mirror.store.head("BY")  # same chain head
        report = mirror.register.verify()
        assert report.ok, report.first_break
        assert report.registers["BY"]["events"] == n


def test_replication_survives_kill_9(nodes: dict[str, LocalNode]) -> None:
    _replication_survives_kill_9(nodes, 20_000)


@pytest.mark.slow
def test_100000_records_replicate_through_kill_9(nodes: dict[str, LocalNode]) -> None:
    _replication_survives_kill_9(nodes, 100_000)
