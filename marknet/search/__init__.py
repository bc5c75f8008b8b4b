"""Conflict search: an index over every verbal element and GI name the node holds.

``open_index`` loads the persisted index of a node (building it when missing or stale) and
catches up with the register; ``SearchIndex.search`` answers a validated ``Query`` in one of
``MODES`` with explained ``Hit``s. ``SearchService`` serves a node's searches (the index kept
caught up, answers remembered; ``pool.PooledSearch`` in worker processes), and
``visible.search_page`` is the page a caller may see.
"""

from __future__ import annotations

from marknet.search.candidates import Budget
from marknet.search.index import Hit, SearchIndex
from marknet.search.query import MODES, Filters, Query, make_filters, make_query
from marknet.search.service import Searcher, SearchService

__all__ = [
           "MODES",
           "Budget",
           "Filters",
           "Hit",
           "Query",
           "SearchIndex",
           "SearchService",
           "Searcher",
           "make_filters",
           "make_query",
]
