"""``marknet bench api``: concurrent clients drive a running node's search over loopback.

The node runs in its own process (``marknet serve``) with rate limiting off, so the figures are
the server's, not the limiter's; the clients share one asyncio loop in this process. The
queries are what users type (``query_pool``), asked as often as Zipf's law says, or each once
(``cold``) to show the search engine's cost without the node's answer cache.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import numpy as np
import uvloop

from marknet.errors import MarknetError
from marknet.node import init_node, open_node
from marknet.register import ImportItem
from marknet.sample.generator import generate_records
from marknet.text.translit import transliterate

# Typos, transliterations, look-alike letters, phonetic spellings and Belarusian forms.
QUERIES = ("лукойл", "LUKOIL", "coca cola", "кока-кола", "nescafe", "Нескафе", "савушкин",
           "Savushkin", "крыніца", "криница", "maikrosoft", "МИКРОСОФТ", "shveps", "Пежо",
           "аленка", "alionka", "солнце", "sonca", "ромашка", "romashka")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_node(records: int, workdir: Path, seed: int = 11) -> Path:
    """A fresh RU node holding ``records`` generated marks."""
    path = workdir / "node"
    with init_node(path, "RU") as node:
        items = (ImportItem(f"generated:{i}", data)
                 for i, data in enumerate(generate_records(records, seed, "RU"), 1))
        node.register.import_items(items, actor="bench",
                                   batch_size=node.settings.import_batch_size,
                                   workers=node.settings.import_workers)
    return path


def _serve(data_dir: Path, port: int, workers: int, processes: int = 1
           ) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MARKNET_API_RATE_PER_S": "0",
           "MARKNET_API_SEARCH_WORKERS": str(workers),
           "MARKNET_API_PROCESSES": str(processes)}
    return subprocess.Popen([sys.executable, "-m", "marknet", "serve", "--data-dir",
                             str(data_dir), "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise MarknetError(f"the node did not start: {err[-500:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                # The first search of each process loads (or builds) its index: not part of
                # the figures. Each request is a new connection, which the kernel hands to a
                # random process: 24 of them miss one of two processes once in 8 million.
                for i in range(24):
                    httpx.get(f"{base}/api/v1/search", params={"q": f"warm up {i}"},
                              timeout=timeout)
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise MarknetError("the node did not answer in time")


def query_pool(count: int, seed: int = 97) -> list[str]:
    """``count`` distinct queries as users type them: the hand-picked ``QUERIES``, then names of
    generated marks (another seed than the node's), every second one altered: written in the
    other script, a letter dropped, or a letter doubled."""
    pool = dict.fromkeys(QUERIES)
    for i, data in enumerate(generate_records(count * 2, seed, "RU")):
        if len(pool) >= count:
            break
        for element in data.get("verbal_elements") or ():
            text = str(element.get("text") or "")
            if text:
                pool[_altered(text, i)] = None
    return list(pool)[:count]


def _altered(text: str, i: int) -> str:
    middle = len(text) // 2
    if i % 6 == 1 and any("а" <= ch.lower() <= "я" for ch in text):
        return transliterate(text, "bgn_pcgn")
    if i % 6 == 3 and len(text) > 4:
        return text[:middle] + text[middle + 1:]
    if i % 6 == 5:
        return text[:middle] + text[middle] + text[middle:]
    return text


def zipf_order(pool: int, requests: int, seed: int = 5, s: float = 1.0) -> list[int]:
    """Which query each request asks, drawn with Zipf's law over the pool (rank k asked in
    proportion to 1/k^s), the usual model of how often search queries recur."""
    weights = 1.0 / np.arange(1, pool + 1) ** s
    rng = np.random.default_rng(seed)
    drawn: list[int] = rng.choice(pool, size=requests, p=weights / weights.sum()).tolist()
    return drawn


def _request(host: str, query: str, limit: int) -> bytes:
    target = "/api/v1/search?" + urlencode({"q": query, "limit": limit})
    return f"GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()


async def _response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    for line in head.split(b"\r\n"):
        if line[:15].lower() == b"content-length:":
            await reader.readexactly(int(line[15:]))
    return status


async def _drive(base: str, clients: int, seconds: float, order: list[int],
                 requests: list[bytes]) -> tuple[list[float], Counter[str]]:
    """Closed-loop clients on keep-alive connections: each sends its next request as soon as
    the last answer is in. A raw HTTP/1.1 client, so the load generator's own CPU (on the
    same two cores as the node) stays small: an HTTP library costs ~1 ms a request."""
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    stop = time.perf_counter() + seconds
    turn = iter(range(len(order)))

    async def client() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while time.perf_counter() < stop:
                at = next(turn, None)
                if at is None:
                    return
                started = time.perf_counter()
                writer.write(requests[order[at]])
                try:
                    status = await _response(reader)
                except (OSError, asyncio.IncompleteReadError) as exc:
                    errors[type(exc).__name__] += 1
                    return
                if status == 200:
                    latencies.append((time.perf_counter() - started) * 1000)
                else:
                    errors[f"HTTP {status}"] += 1
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors


def bench_api(records: int, clients: int, seconds: float, data_dir: Path | None = None,
              workers: int = 0, queries: int = 10_000, cold: bool = False,
              processes: int = 0) -> dict[str, Any]:
    """Drive ``/api/v1/search`` for ``seconds``. Requests draw from ``queries`` distinct queries
    by Zipf's law; ``cold`` asks each query once (no answer can be remembered: the engine's
    cost alone)."""
    # More requests than the node can answer in the time (cold ones cost a query each to make).
    budget = int(seconds * (1500 if cold else 12_000))
    pool = query_pool(budget if cold else queries)
    order = list(range(len(pool))) if cold else zipf_order(len(pool), budget)
    with tempfile.TemporaryDirectory(prefix="marknet-bench-api-") as tmp:
        node_dir = data_dir or prepare_node(records, Path(tmp))
        with open_node(node_dir) as node:
            held = sum(node.store.count_records().values())
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        processes = processes or os.cpu_count() or 1
        proc = _serve(node_dir, port, workers, processes)
        try:
            _wait_ready(base, proc)
            started = time.perf_counter()
            requests = [_request(base.removeprefix("http://"), q, 10) for q in pool]
            latencies, errors = uvloop.run(_drive(base, clients, seconds, order, requests))
            elapsed = time.perf_counter() - started
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {"benchmark": "api", "endpoint": "/api/v1/search", "records": held,
            "clients": clients, "processes": processes, "search_workers": workers,
            "seconds": round(elapsed, 2),
            "query_mix": "cold: every query once" if cold else f"Zipf over {len(pool)} queries",
            "distinct_queries_asked": len({order[i] for i in range(len(latencies))}),
            "requests": len(latencies),
            "errors": sum(errors.values()), "error_kinds": dict(errors),
            "requests_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(cuts[49], 2), "p95_ms": round(cuts[94], 2),
            "cpus": os.cpu_count()}
