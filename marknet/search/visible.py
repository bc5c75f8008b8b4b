"""A page of hits the caller may see: the one way the API and the pages search.

The public never sees an application before its publication: the ranking itself leaves such
records out (``Filters.public``), so the page fills without spare hits. A signed-in caller may
see some unpublished records (their own filings, their office's): the best hits are asked with
room to spare and the hidden ones dropped after ranking.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from marknet.accounts import Principal, Role, filter_visible
from marknet.model.accessors import is_published
from marknet.search.query import MAX_LIMIT, Query
from marknet.search.service import Searcher
from marknet.store import Store

__all__ = ["search_all", "search_page"]


def search_page(searcher: Searcher, store: Store, principal: Principal, query: Query,
                offset: int = 0) -> list[dict[str, Any]]:
    """Hits ``offset`` to ``offset + query.limit`` of those the principal may see, best first."""
    wanted = offset + query.limit
    if principal.role is Role.PUBLIC:
        ask = replace(query, filters=replace(query.filters, public=True),
                      limit=min(wanted, MAX_LIMIT))
    else:
        ask = replace(query, limit=min(wanted * 2 + 10, MAX_LIMIT))
    hits = searcher.search(ask)
    if principal.role is not Role.ADMIN:
        hits = _visible_hits(store, principal, hits)
    return hits[offset:wanted]


def search_all(searcher: Searcher, store: Store, principal: Principal,
               query: Query) -> tuple[list[dict[str, Any]], bool]:
    """Every hit the principal may see among the best ``MAX_LIMIT`` (for counting, sorting
    and exporting a whole hit list), and whether the ranking stopped there (more exist)."""
    public = principal.role is Role.PUBLIC
    ask = replace(query, limit=MAX_LIMIT,
                  filters=replace(query.filters, public=True) if public else query.filters)
    hits = searcher.search(ask)
    cut = len(hits) >= MAX_LIMIT
    if principal.role is not Role.ADMIN:
        hits = _visible_hits(store, principal, hits)
    return hits, cut


def _visible_hits(store: Store, principal: Principal,
                  hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if principal.user is None:
        # The index says whether each was ever published: the public needs no store lookup.
        return [h for h in hits if is_published(h) or h["published"]]
    unsure = [h["id"] for h in hits if not (is_published(h) or h["published"])]
    if not unsure:
        return hits
    stored = store.get_records(unsure)
    allowed = {r.id for r in filter_visible(store, principal, list(stored.values()))}
    return [h for h in hits if is_published(h) or h["published"] or h["id"] in allowed]
