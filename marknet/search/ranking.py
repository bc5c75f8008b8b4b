"""From matching names to the best records of one segment, filters and goods applied.

Names are taken best first and expanded to their elements (one name may be the verbal element
of many marks); the expansion stops once the ``limit``-th record's score is at least the next
name's score, which no record of a later name can beat (the goods factor is at most 1). The
result is therefore exactly the top of an exhaustive ranking of the same name scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from marknet.match import Goods
from marknet.search.columns import ranges
from marknet.search.modes import NameMatches
from marknet.search.scoring import QuerySign, exactness, goods_factor
from marknet.search.segment import Segment

__all__ = ["Ranked", "top_records"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]
_FIRST_NAMES = 64


@dataclass(frozen=True, slots=True)
class Ranked:
    """Best records of one segment: record rows, their scores, the element that matched and
    how exactly its name matched (``scoring.exactness``)."""

    records: I64
    scores: F64
    elements: I64
    exact: I64


def _expand(q: QuerySign, seg: Segment, names: I64, scores: F64, elem_mask: Mask,
            goods: Goods | None, limit: int, min_score: float) -> Ranked:
    starts, stops = seg.name_elems[names], seg.name_elems[names + 1]
    elems = ranges(starts, stops)
    elem_scores = np.repeat(scores, stops - starts)
    elem_exact = np.repeat(exactness(q, seg, names), stops - starts)
    keep = elem_mask[elems]
    elems, elem_scores, elem_exact = elems[keep], elem_scores[keep], elem_exact[keep]
    recs = seg.elem_record[elems].astype(np.int64)
    if goods is not None:
        elem_scores = np.clip(elem_scores * goods_factor(goods, seg.rec_classes[recs]), 0.0, 1.0)
    keep = elem_scores >= min_score
    recs, elem_scores, elems, elem_exact = (recs[keep], elem_scores[keep], elems[keep],
                                            elem_exact[keep])
    # Ties: the more exact name first (same text, look-alike, transliteration), then by
    # register and the earlier filing date.
    order = np.lexsort((recs, seg.rec_filed[recs], seg.rec_register[recs], elem_exact,
                        -elem_scores))
    recs, elem_scores, elems, elem_exact = (recs[order], elem_scores[order], elems[order],
                                            elem_exact[order])
    _, first = np.unique(recs, return_index=True)
    first = np.sort(first)[:limit]
    return Ranked(recs[first], elem_scores[first], elems[first], elem_exact[first])


def top_records(q: QuerySign, seg: Segment, matches: NameMatches, elem_mask: Mask,
                goods: Goods | None, limit: int, min_score: float = 0.0) -> Ranked:
    """The *limit* best records of *seg* scoring at least *min_score* (ties: the more exact
    name, then register, filing date and row)."""
    keep = matches.scores >= min_score
    if not keep.any():
        empty = np.zeros(0, np.int64)
        return Ranked(empty, np.zeros(0), empty, empty)
    order = np.lexsort((matches.names[keep], -matches.scores[keep]))
    names, scores = matches.names[keep][order], matches.scores[keep][order]
    take = max(_FIRST_NAMES, 4 * limit)
    while True:
        ranked = _expand(q, seg, names[:take], scores[:take], elem_mask, goods, limit,
                         min_score)
        if take >= len(names):
            return ranked
        if len(ranked.records) == limit and ranked.scores[-1] > scores[take]:
            return ranked
        take *= 4
