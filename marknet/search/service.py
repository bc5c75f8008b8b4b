"""A node's search service: its one index, kept caught up with the registers, and its answers.

One index per node, loaded when the service starts (built by the first search when none was
saved), and caught up with the registers — own and mirrored — when their heads have moved, so
a new filing is searchable within ``CATCH_UP_S`` seconds (longer while the registers move
fast: a catch-up then waits four times as long as the last one took). A thread of the
service's (``start``) does the loading and the checking, so searches never wait for either;
without it (a service used on its own) the first search opens the index and a search past
``CATCH_UP_S`` checks.

Answers are remembered per index (``RESULT_CACHE`` queries, least recently used first out):
searches repeat — the same name typed by many users, a page reloaded, the next page asked for
— and a remembered answer costs microseconds instead of milliseconds. The cache is emptied
whenever the index changes, so it never answers from registers older than the index's.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any, Protocol

from cachetools import LRUCache

from marknet.search.index import SearchIndex
from marknet.search.query import Query, make_filters
from marknet.search.sync import is_saved, open_index, refresh
from marknet.store import Store

__all__ = ["CATCH_UP_S", "RESULT_CACHE", "SearchService", "Searcher", "State"]

log = logging.getLogger(__name__)

CATCH_UP_S = 0.5
_BACKOFF = 4.0
_PUBLIC = (make_filters(public=True),)
RESULT_CACHE = 2048  # answers of ~15 hits, ~15 KB each

# The registers' positions an index reflects: the same in every process of the node.
State = tuple[tuple[str, int], ...]


class Searcher(Protocol):
    """What serves a node's searches: in this process (``SearchService``) or in worker
    processes (``search.pool.PooledSearch``)."""

    def search(self, query: Query) -> list[dict[str, Any]]:
        """The best ``query.limit`` hits (``Hit.to_dict``), best first; the caller's copies."""
        ...

    def state(self) -> State | None:
        """The index's state while it is fresh and answered in this process, else None."""
        ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


class SearchService:
    def __init__(self, store: Store, index_dir: Path, answers: int = RESULT_CACHE) -> None:
        self.store = store
        self.index_dir = index_dir
        self._index: SearchIndex | None = None
        self._checked = 0.0
        self._heads: dict[str, int] = {}
        self._lock = threading.Lock()
        self._answers: LRUCache[Query, list[dict[str, Any]]] = LRUCache(answers)
        self._answers_for: State = ()
        self._cache_lock = threading.Lock()
        self._stopped = threading.Event()
        self._keeper: threading.Thread | None = None
        self._kept = False

    def index(self) -> SearchIndex:
        """The index to search now: kept caught up by the keeper thread when it runs (a search
        never waits for a catch-up, even a rebuild), else checked here every ``CATCH_UP_S``."""
        if self._index is not None and (self._kept or self._fresh()):
            return self._index
        return self.catch_up()

    def _fresh(self) -> bool:
        return time.monotonic() - self._checked < CATCH_UP_S

    def catch_up(self) -> SearchIndex:
        """Open the index, or bring it up to the registers' heads when they moved."""
        # The heads are read outside the lock: ``state`` sees the lock held only while the
        # index itself changes.
        heads = {h.register: h.seq for h in self.store.heads()}
        with self._lock:
            if self._index is None:
                self._index = open_index(self.index_dir, self.store)
                self._index.warm(_PUBLIC)
            elif heads != self._heads:
                self._index = refresh(self._index, self.index_dir, self.store)
                self._index.warm(_PUBLIC)  # the public's mask, before the public asks
            self._heads = heads
            self._checked = time.monotonic()
            return self._index

    def start(self) -> None:
        """Load the saved index now (a second at a million marks: not the first user's wait)
        and keep it caught up from a thread of its own, so a search never waits for the check
        (and the public's searches can stay on the event loop)."""
        self._stopped.clear()
        self._kept = True
        self._keeper = threading.Thread(target=self._keep_fresh,
                                        name="search-index-catch-up", daemon=True)
        self._keeper.start()

    def stop(self) -> None:
        self._kept = False
        self._stopped.set()
        if self._keeper is not None:
            self._keeper.join(timeout=5)  # a first build cannot be cut short: it is a daemon
            self._keeper = None

    def keep_once(self) -> None:
        """One round of the keeper: load a saved index or catch the open one up. A saved index
        loads in a second; building a missing one takes a minute of CPU at a million marks,
        which the first search pays rather than a start."""
        if self._index is not None or is_saved(self.index_dir):
            self.catch_up()

    def _keep_fresh(self) -> None:
        while True:
            started = time.monotonic()
            try:
                self.keep_once()
            except Exception:  # the next round tries again
                if self._stopped.is_set():
                    return  # the store was closed under a catch-up
                log.exception("catching the search index up failed")
            if self._stopped.wait(self.pause_after(time.monotonic() - started)):
                return

    @staticmethod
    def pause_after(took: float) -> float:
        """How long the keeper waits after a catch-up that took *took* seconds. While the
        registers move fast (a bulk import, a mirror's first sync) each catch-up rebuilds a
        growing delta: waiting four times as long keeps the keeper to a fifth of a core."""
        return max(CATCH_UP_S / 2, _BACKOFF * took)

    def state(self) -> State | None:
        """The index's state while it is fresh (kept by the keeper, or checked against the
        registers less than ``CATCH_UP_S`` ago) and not changing, else None; never waits for
        or starts a catch-up, so the event loop may ask."""
        if self._index is None or not (self._kept or self._fresh()):
            return None
        if not self._lock.acquire(blocking=False):
            return None  # catching up right now
        try:
            return state_of(self._index)
        finally:
            self._lock.release()

    def search(self, query: Query) -> list[dict[str, Any]]:
        index = self.index()
        state = state_of(index)
        with self._cache_lock:
            if self._answers_for != state:
                self._answers.clear()
                self._answers_for = state
            known = self._answers.get(query)
        if known is None:
            known = [hit.to_dict() for hit in index.search(query)]
            with self._cache_lock:
                if self._answers_for == state:
                    self._answers[query] = known
        return [dict(hit) for hit in known]  # callers may reshape their copies

    @property
    def remembered(self) -> list[Query]:
        """The queries whose answers are remembered now."""
        with self._cache_lock:
            return list(self._answers.keys())


def state_of(index: SearchIndex) -> State:
    # Catching up changes the index in place: its register positions name its state, the
    # same in every process of the node (``shared_answers`` relies on it). Copied first: a
    # catch-up may be updating them.
    return tuple(sorted(dict(index.seqs).items()))
