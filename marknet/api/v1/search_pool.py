"""Searches in worker processes, so a node's searches use every core.

Scoring is CPU-bound Python: in one process, threads take turns on the GIL and a 2-core server
answers no faster than a 1-core one. Each worker opens the node's index itself (the persisted
segments are memory-mapped, so the workers share their pages) and catches up with the registers
on its own; the server process keeps the access rules and everything else.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from marknet.api.v1.searching import SearchRequest
from marknet.node import Node

_WORKER: dict[str, Any] = {}


def _start(data_dir: str, database_url: str | None) -> None:
    from marknet.api.v1.index_backend import IndexBackend
    from marknet.node import open_node

    _WORKER["node"] = open_node(data_dir, database_url)
    _WORKER["backend"] = IndexBackend()


def _search(req: SearchRequest, n: int) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = _WORKER["backend"](_WORKER["node"], req, n)
    return result


class PoolBackend:
    """A search backend that hands each query to one of ``workers`` processes."""

    def __init__(self, node: Node, workers: int) -> None:
        settings = node.settings
        # spawn, not fork: the server already runs threads (exchange, watches).
        self.pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start,
            initargs=(str(settings.data_dir), settings.database_url))

    def __call__(self, node: Node, req: SearchRequest, n: int) -> list[dict[str, Any]]:
        return self.pool.submit(_search, req, n).result()

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
