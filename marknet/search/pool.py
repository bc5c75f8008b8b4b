"""Searches in worker processes, so a node's searches use every core.

Scoring is CPU-bound Python: in one process, threads take turns on the GIL and a 2-core server
answers no faster than a 1-core one. Each worker opens the node's store and index itself (the
persisted segments are memory-mapped, so the workers share their pages) and catches up with
the registers on its own; the calling process keeps the access rules and everything else.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from marknet.search.query import Query
from marknet.search.service import SearchService, State

__all__ = ["PooledSearch"]

_WORKER: dict[str, SearchService] = {}


def _start(store_url: str, index_dir: str) -> None:
    from marknet.store import open_store

    _WORKER["service"] = SearchService(open_store(store_url), Path(index_dir))


def _search(query: Query) -> list[dict[str, Any]]:
    return _WORKER["service"].search(query)


class PooledSearch:
    """A ``Searcher`` that hands each query to one of ``workers`` processes."""

    def __init__(self, store_url: str, index_dir: Path, workers: int) -> None:
        # spawn, not fork: the server already runs threads (exchange, watches).
        self.pool = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start,
            initargs=(store_url, str(index_dir)))

    def search(self, query: Query) -> list[dict[str, Any]]:
        return self.pool.submit(_search, query).result()

    def state(self) -> State | None:
        return None  # the index lives in the workers: nothing to answer from here

    def start(self) -> None:
        """The workers open their index with their first search."""

    def stop(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
