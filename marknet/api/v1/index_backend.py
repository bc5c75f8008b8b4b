"""The search package's index as the API's search backend.

One index per node, opened (loaded, or built when missing) on the first search, and caught up
with the registers — own and mirrored — when their heads have moved, at most every
``CATCH_UP_S`` seconds, so a new filing is searchable within that time without a query paying
for a store round trip each.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from marknet.api.v1.searching import SearchRequest
from marknet.node import Node
from marknet.search import SearchIndex, make_filters, make_query
from marknet.search.query import MAX_LIMIT
from marknet.search.sync import open_index, refresh

CATCH_UP_S = 0.5


class IndexBackend:
    def __init__(self) -> None:
        self._index: SearchIndex | None = None
        self._checked = 0.0
        self._heads: dict[str, int] = {}
        self._lock = threading.Lock()

    def index(self, node: Node) -> SearchIndex:
        if self._index is not None and time.monotonic() - self._checked < CATCH_UP_S:
            return self._index
        with self._lock:
            heads = {h.register: h.seq for h in node.store.heads()}
            if self._index is None:
                self._index = open_index(node.settings.data_dir / "index", node.store)
            elif heads != self._heads:
                self._index = refresh(self._index, node.settings.data_dir / "index", node.store)
            self._heads = heads
            self._checked = time.monotonic()
            return self._index

    def __call__(self, node: Node, req: SearchRequest, n: int) -> list[dict[str, Any]]:
        filters = make_filters(
            offices=req.offices, statuses=req.statuses, classes=req.classes,
            kind=req.kinds[0] if len(req.kinds) == 1 else None,
            feature=req.features[0] if req.features else None,
            filed_from=req.filed_from, filed_to=req.filed_to, vienna=req.vienna)
        query = make_query(req.q, req.mode, filters, min(n, MAX_LIMIT))
        hits = self.index(node).search(query)
        return [_shaped(hit.to_dict()) for hit in hits]


def _shaped(hit: dict[str, Any]) -> dict[str, Any]:
    """The index's hit with the names the pages and the scan backend use as well."""
    return {**hit, "record_type": hit["kind"], "matched": hit["text"]}
