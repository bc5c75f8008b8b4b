"""Turning ``Filters`` into boolean masks over a segment's records and names.

Each condition is one vectorised comparison over a record column (a million records take a few
milliseconds); the masks of the last few filter sets are cached per segment, because batch
clearance runs many queries with the same filters.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import numpy.typing as npt
from cachetools import LRUCache

from marknet.model import PUBLIC_STATUSES
from marknet.search.query import Filters
from marknet.search.records import FEATURES, KINDS, STATUSES, class_mask
from marknet.search.segment import Segment

__all__ = ["FilterMasks"]

Mask = npt.NDArray[np.bool_]
_CACHE = 8


def _in_vocab(column: npt.NDArray[Any], vocab: list[str] | tuple[str, ...],
              wanted: frozenset[str]) -> Mask:
    ids = [i for i, value in enumerate(vocab) if value in wanted]
    return np.isin(column, np.asarray(ids, column.dtype))


def record_mask(seg: Segment, f: Filters) -> Mask:
    """Records that are alive and pass every filter."""
    mask = np.array(seg.alive, dtype=bool, copy=True)
    if f.offices:
        mask &= _in_vocab(seg.rec_office, seg.offices, f.offices)
    if f.statuses:
        mask &= _in_vocab(seg.rec_status, STATUSES, f.statuses)
    if f.public:
        public = frozenset(s.value for s in PUBLIC_STATUSES)
        mask &= _in_vocab(seg.rec_status, STATUSES, public) | seg.rec_published
    if f.kind:
        mask &= seg.rec_kind == KINDS.index(f.kind)
    if f.feature:
        mask &= seg.rec_feature == FEATURES.index(f.feature)
    if f.classes:
        wanted = np.asarray([class_mask(set(f.classes))], np.uint64)
        mask &= (seg.rec_classes & wanted) != 0
    if f.filed_from:
        mask &= seg.rec_filed >= f.filed_from.toordinal()
    if f.filed_to:
        mask &= (seg.rec_filed <= f.filed_to.toordinal()) & (seg.rec_filed > 0)
    if f.vienna:
        codes = [i for i, code in enumerate(seg.vienna)
                 if any(code.startswith(prefix) for prefix in f.vienna)]
        has = np.zeros(seg.size, bool)
        has[seg.vienna_record[np.isin(seg.vienna_code, np.asarray(codes, np.int32))]] = True
        mask &= has
    return mask


class FilterMasks:
    """Per-segment cache of (record mask, element mask, name mask) by filter set."""

    def __init__(self) -> None:
        self._cache: LRUCache[tuple[int, Filters], tuple[Mask, Mask, Mask]] = LRUCache(_CACHE)
        self._lock = threading.Lock()  # searches run on the event loop and on a thread

    def get(self, seg: Segment, f: Filters) -> tuple[Mask, Mask, Mask]:
        key = (id(seg), f)
        with self._lock:
            found = self._cache.get(key)
        if found is not None:
            return found
        records = record_mask(seg, f)
        elements = records[seg.elem_record]
        names = np.zeros(len(seg.names), bool)
        names[np.repeat(np.arange(len(seg.names)), np.diff(seg.name_elems))[elements]] = True
        with self._lock:
            self._cache[key] = (records, elements, names)
        return records, elements, names

    def clear(self) -> None:
        """Forget every mask (call it whenever a segment's ``alive`` changes)."""
        with self._lock:
            self._cache.clear()
