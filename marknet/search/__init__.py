"""Conflict search: an index over every verbal element and GI name the node holds.

``open_index`` loads the persisted index of a node (building it when missing or stale) and
catches up with the register; ``SearchIndex.search`` answers a validated ``Query`` in one of
``MODES`` with explained ``Hit``s.
"""

from __future__ import annotations

from marknet.search.candidates import Budget
from marknet.search.index import Hit, SearchIndex
from marknet.search.query import MODES, Filters, Query, make_filters, make_query

__all__ = ["MODES", "Budget", "Filters", "Hit", "Query", "SearchIndex", "make_filters",
           "make_query"]
