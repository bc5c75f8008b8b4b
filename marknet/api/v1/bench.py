"""``marknet bench api``: concurrent clients drive a running node's search over loopback.

The node runs in its own process (``marknet serve``) with rate limiting off, so the figures are
the server's, not the limiter's; the clients share one asyncio loop in this process.
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

import httpx

from marknet.errors import MarknetError
from marknet.node import init_node, open_node
from marknet.register import ImportItem
from marknet.sample.generator import generate_records

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


def _serve(data_dir: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MARKNET_API_RATE_PER_S": "0",
           "MARKNET_API_SEARCH_WORKERS": str(workers)}
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
                # The first search may build or load the index: not part of the figures.
                httpx.get(f"{base}/api/v1/search", params={"q": "warm"}, timeout=timeout)
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise MarknetError("the node did not answer in time")


async def _drive(base: str, clients: int, seconds: float) -> tuple[list[float], Counter[str]]:
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    stop = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(index: int, http: httpx.AsyncClient) -> None:
        turn = index
        while time.perf_counter() < stop:
            query = QUERIES[turn % len(QUERIES)]
            turn += 1
            started = time.perf_counter()
            try:
                response = await http.get("/api/v1/search", params={"q": query, "limit": 10})
                error = None if response.status_code == 200 else f"HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                error = type(exc).__name__
            if error is None:
                latencies.append((time.perf_counter() - started) * 1000)
            else:
                errors[error] += 1

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        await asyncio.gather(*(client(i, http) for i in range(clients)))
    return latencies, errors


def bench_api(records: int, clients: int, seconds: float, data_dir: Path | None = None,
              workers: int = 0) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="marknet-bench-api-") as tmp:
        node_dir = data_dir or prepare_node(records, Path(tmp))
        with open_node(node_dir) as node:
            held = sum(node.store.count_records().values())
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        proc = _serve(node_dir, port, workers)
        try:
            _wait_ready(base, proc)
            started = time.perf_counter()
            latencies, errors = asyncio.run(_drive(base, clients, seconds))
            elapsed = time.perf_counter() - started
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {"benchmark": "api", "endpoint": "/api/v1/search", "records": held,
            "clients": clients, "search_workers": workers, "seconds": round(elapsed, 2),
            "requests": len(latencies),
            "errors": sum(errors.values()), "error_kinds": dict(errors),
            "requests_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(cuts[49], 2), "p95_ms": round(cuts[94], 2),
            "cpus": os.cpu_count()}
