"""``marknet bench exchange`` and ``marknet bench replicate``: two real nodes on loopback.

exchange: BY runs as a ``marknet serve`` process, RU is served by uvicorn inside this process,
where a producer writes N messages into RU's outbox at the offered rate (as a procedure would,
each batch in its own transaction) and waits until every one has a verified receipt. Latency
is from the message's creation to its receipt being stored.
replicate: BY serves a register of N generated records; this process is the RU node and pulls the
whole feed into its mirror, then checks the mirror's chain head against BY's.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from marknet.bench.measure import peak_rss_mb
from marknet.errors import MarknetError
from marknet.exchange import outbox
from marknet.exchange.keys import KeyRing, Signer
from marknet.exchange.local import LocalNode, free_port, pair, wait_healthy
from marknet.exchange.peers import get_peer
from marknet.exchange.replicator import Replicator
from marknet.exchange.service import Exchange
from marknet.exchange.settings import load_exchange_settings
from marknet.exchange.transport import HttpTransport
from marknet.node import init_node, open_node
from marknet.register import ImportItem
from marknet.sample.generator import generate_records

FAST = {"MARKNET_EXCHANGE_POLL_S": "0.005", "MARKNET_EXCHANGE_HEAD_POLL_S": "3600",
        "MARKNET_EXCHANGE_PULL_INTERVAL_S": "3600"}


def two_nodes(base: Path, env: dict[str, str] | None = None) -> dict[str, LocalNode]:
    nodes = {office: LocalNode(base / office.lower(), free_port(), dict(env or FAST))
             for office in ("RU", "BY")}
    for office, node in nodes.items():
        init_node(node.data_dir, office).close()
    pair(nodes)
    return nodes


def bench_exchange(messages: int, rate: int = 1000, workdir: Path | None = None,
                   timeout_s: float = 600.0) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="marknet-bench-", dir=workdir) as tmp:
        nodes = two_nodes(Path(tmp))
        nodes["BY"].start()
        try:
            with InProcessNode(nodes["RU"]) as ru:
                started = time.perf_counter()
                ids = _offer(ru.exchange, messages, rate)
                _wait_delivered(ru.exchange.store, timeout_s)
                seconds = time.perf_counter() - started
                rows = ru.exchange.store.query(
                    "SELECT created, delivered_at, status, attempts FROM outbox "
                    "WHERE type = 'MSG.058'")
        finally:
            nodes["BY"].stop()
        with open_node(nodes["BY"].data_dir) as by:
            got = [str(r[0]) for r in by.store.query("SELECT id FROM inbox WHERE type = 'MSG.058'")]
    latencies = sorted(_latency_ms(r[0], r[1]) for r in rows if r[2] == outbox.DELIVERED)
    return {"benchmark": "exchange", "messages": messages, "offered_rate": rate,
            "seconds": round(seconds, 2), "messages_per_s": round(messages / seconds),
            "latency_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
            "latency_p95_ms": round(_pct(latencies, 0.95), 1) if latencies else None,
            "delivered": len(latencies), "lost": len(set(ids) - set(got)),
            "duplicated": len(got) - len(set(got)),
            "redelivered": sum(1 for r in rows if int(r[3]) > 1), "rss_mb": peak_rss_mb()}


class InProcessNode:
    """The sending node served by uvicorn in this process, so the benchmark's producer writes
    its outbox the way a procedure would: in the node's own process, waking its worker."""

    def __init__(self, node: LocalNode) -> None:
        import uvicorn

        from marknet.api import create_app

        with open_node(node.data_dir) as opened:
            settings = opened.settings
        self.app = create_app(settings)
        self.exchange: Exchange = self.app.state.exchange
        config = uvicorn.Config(self.app, host="127.0.0.1", port=node.port, log_level="warning",
                                access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> InProcessNode:
        self.thread.start()
        wait_healthy(f"http://127.0.0.1:{self.server.config.port}", 30)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def _offer(exchange: Exchange, messages: int, rate: int) -> list[str]:
    """Enqueue at the offered rate, in 10 ms ticks (all at once when rate is 0)."""
    per_tick = messages if rate <= 0 else max(1, rate // 100)
    ids: list[str] = []
    body = orjson.dumps({"request": "priority documents", "application": "2024712345"}).decode()
    start = time.perf_counter()
    tick = 0
    while len(ids) < messages:
        n = min(per_tick, messages - len(ids))
        batch = [outbox.Outgoing("BY", "MSG.058", body) for _ in range(n)]
        ids += [e.id for e in outbox.enqueue_many(exchange.store, "RU", batch)]
        exchange.delivery.wake.set()
        tick += 1
        pause = start + tick * 0.01 - time.perf_counter()
        if rate > 0 and pause > 0:
            time.sleep(pause)
    return ids


def _wait_delivered(store: Any, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not store.query("SELECT 1 FROM outbox WHERE status = ? LIMIT 1", (outbox.PENDING,)):
            return
        time.sleep(0.05)
    raise MarknetError(f"messages still pending after {timeout_s:.0f} s")


def _latency_ms(created: str, delivered: str) -> float:
    gap = dt.datetime.fromisoformat(delivered) - dt.datetime.fromisoformat(created)
    return gap.total_seconds() * 1000


def _pct(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))]


def load_register(data_dir: Path, records: int, seed: int = 11) -> int:
    with open_node(data_dir) as node:
        items = (ImportItem(f"generated:{i}", d) for i, d in
                 enumerate(generate_records(records, seed, node.office), 1))
        report = node.register.import_items(items, actor="bench")
    return report.imported


def bench_replicate(records: int, workdir: Path | None = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="marknet-bench-", dir=workdir) as tmp:
        pulled = pull_register(Path(tmp), lambda data_dir: load_register(data_dir, records))
    return {"benchmark": "replicate", "records": records, **pulled, "rss_mb": peak_rss_mb()}


def pull_register(base: Path, load: Callable[[Path], object]) -> dict[str, Any]:
    """BY's register (filled by ``load``) served over loopback; RU pulls all of it, timed."""
    nodes = two_nodes(base)
    load(nodes["BY"].data_dir)
    nodes["BY"].start()
    try:
        with open_node(nodes["RU"].data_dir) as ru:
            replicator = Replicator(ru.store, HttpTransport(), load_exchange_settings(),
                                    lambda: dt.datetime.now(dt.UTC), ru.office,
                                    Signer(KeyRing(ru.settings.keys_dir)))
            peer = get_peer(ru.store, "BY")
            assert peer is not None
            started = time.perf_counter()
            applied = replicator.pull(peer)
            seconds = time.perf_counter() - started
            mirror = ru.store.head("BY")
    finally:
        nodes["BY"].stop()
    with open_node(nodes["BY"].data_dir) as by:
        source = by.store.head("BY")
    return {"events": applied, "seconds": round(seconds, 2),
            "records_per_s": round(applied / seconds),
            "page_size": load_exchange_settings().page_size,
            "heads_equal": (mirror.seq, mirror.hash) == (source.seq, source.hash)}
