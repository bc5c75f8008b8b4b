"""The search package's index as the API's search backend.

One index per node, loaded when the app starts (built by the first search when none was
saved), and caught up with the registers — own and mirrored — when their heads have moved, so
a new filing is searchable within ``CATCH_UP_S`` seconds (longer while the registers move
fast: a catch-up then waits four times as long as the last one took). A thread of the app's
(``start``) does the loading and the checking, so searches never wait for either; without it
(a backend used on its own) the first search opens the index and a search past
``CATCH_UP_S`` checks.

Answers are remembered per index (``RESULT_CACHE`` requests, least recently used first out):
searches repeat — the same name typed by many users, a page reloaded, the next page asked for
— and a remembered answer costs microseconds instead of milliseconds. The cache is emptied
whenever the index changes, so it never answers from registers older than the index's.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from marknet.api.v1.searching import SearchRequest
from marknet.node import Node
from marknet.search import SearchIndex, make_filters, make_query
from marknet.search.query import MAX_LIMIT
from marknet.search.sync import is_saved, open_index, refresh

log = logging.getLogger(__name__)

CATCH_UP_S = 0.5
_BACKOFF = 4.0
_PUBLIC = (make_filters(public=True),)
RESULT_CACHE = 2048  # answers of ~15 hits, ~15 KB each


class IndexBackend:
    def __init__(self) -> None:
        self._index: SearchIndex | None = None
        self._checked = 0.0
        self._heads: dict[str, int] = {}
        self._lock = threading.Lock()
        self._answers: OrderedDict[tuple[Any, ...], list[dict[str, Any]]] = OrderedDict()
        self._answers_for: tuple[Any, ...] = ()
        self._cache_lock = threading.Lock()
        self._stopped = threading.Event()
        self._keeper: threading.Thread | None = None
        self._kept = False

    def index(self, node: Node) -> SearchIndex:
        """The index to search now: kept caught up by the keeper thread when it runs (a search
        never waits for a catch-up, even a rebuild), else checked here every ``CATCH_UP_S``."""
        if self._index is not None and (self._kept or self._fresh()):
            return self._index
        return self.catch_up(node)

    def _fresh(self) -> bool:
        return time.monotonic() - self._checked < CATCH_UP_S

    def catch_up(self, node: Node) -> SearchIndex:
        """Open the index, or bring it up to the registers' heads when they moved."""
        # The heads are read outside the lock: ``state`` sees the lock held only while the
        # index itself changes.
        heads = {h.register: h.seq for h in node.store.heads()}
        with self._lock:
            if self._index is None:
                self._index = open_index(node.settings.data_dir / "index", node.store)
                self._index.warm(_PUBLIC)
            elif heads != self._heads:
                self._index = refresh(self._index, node.settings.data_dir / "index", node.store)
                self._index.warm(_PUBLIC)  # the public's mask, before the public asks
            self._heads = heads
            self._checked = time.monotonic()
            return self._index

    def start(self, node: Node) -> None:
        """Load the saved index now (a second at a million marks: not the first user's wait)
        and keep it caught up from a thread of its own, so a search never waits for the check
        (and the public's searches can stay on the event loop)."""
        self._stopped.clear()
        self._kept = True
        self._keeper = threading.Thread(target=self._keep_fresh, args=(node,),
                                        name="search-index-catch-up", daemon=True)
        self._keeper.start()

    def stop(self) -> None:
        self._kept = False
        self._stopped.set()
        if self._keeper is not None:
            self._keeper.join(timeout=5)  # a first build cannot be cut short: it is a daemon
            self._keeper = None

    def _keep_fresh(self, node: Node) -> None:
        while True:
            started = time.monotonic()
            try:
                # A saved index loads in a second; building a missing one takes a minute of
                # CPU at a million marks, which the first search pays rather than a start.
                if self._index is not None or is_saved(node.settings.data_dir / "index"):
                    self.catch_up(node)
            except Exception:  # the next round tries again
                if self._stopped.is_set():
                    return  # the app closed the store under a catch-up
                log.exception("catching the search index up failed")
            # While the registers move fast (a bulk import, a mirror's first sync) each
            # catch-up rebuilds a growing delta: waiting four times as long as the last one
            # took keeps the keeper to a fifth of a core, and the rest for searches and writes.
            took = time.monotonic() - started
            if self._stopped.wait(max(CATCH_UP_S / 2, _BACKOFF * took)):
                return

    def state(self) -> tuple[Any, ...] | None:
        """The index's state while it is fresh (kept by the keeper, or checked against the
        registers less than ``CATCH_UP_S`` ago) and not changing, else None; never waits for
        or starts a catch-up, so the event loop may ask."""
        if self._index is None or not (self._kept or self._fresh()):
            return None
        if not self._lock.acquire(blocking=False):
            return None  # catching up right now
        try:
            return _state_of(self._index)
        finally:
            self._lock.release()

    def __call__(self, node: Node, req: SearchRequest, n: int) -> list[dict[str, Any]]:
        index = self.index(node)
        state = _state_of(index)
        key = (req.q, req.mode, req.classes, req.offices, req.statuses, req.kinds, req.features,
               req.vienna, req.filed_from, req.filed_to, req.public, n)
        with self._cache_lock:
            if self._answers_for != state:
                self._answers.clear()
                self._answers_for = state
            known = self._answers.get(key)
            if known is not None:
                self._answers.move_to_end(key)
        if known is None:
            known = self._search(index, req, n)
            with self._cache_lock:
                if self._answers_for == state:
                    self._answers[key] = known
                    while len(self._answers) > RESULT_CACHE:
                        self._answers.popitem(last=False)
        return [dict(hit) for hit in known]  # callers may reshape their copies

    @staticmethod
    def _search(index: SearchIndex, req: SearchRequest, n: int) -> list[dict[str, Any]]:
        filters = make_filters(
            offices=req.offices, statuses=req.statuses, classes=req.classes,
            kind=req.kinds[0] if len(req.kinds) == 1 else None,
            feature=req.features[0] if req.features else None,
            filed_from=req.filed_from, filed_to=req.filed_to, vienna=req.vienna,
            public=req.public)
        query = make_query(req.q, req.mode, filters, min(n, MAX_LIMIT))
        hits = index.search(query)
        return [_shaped(hit.to_dict()) for hit in hits]


def _state_of(index: SearchIndex) -> tuple[Any, ...]:
    # Catching up changes the index in place: its register positions name its state, the
    # same in every process of the node (``shared_answers`` relies on it). Copied first: a
    # catch-up may be updating them.
    return tuple(sorted(dict(index.seqs).items()))


def _shaped(hit: dict[str, Any]) -> dict[str, Any]:
    """The index's hit with the names the pages and the scan backend use as well."""
    return {**hit, "record_type": hit["kind"], "matched": hit["text"]}
