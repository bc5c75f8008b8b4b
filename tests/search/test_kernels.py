"""The compiled candidate loops against plain-Python references, on random postings."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from marknet.search.candidates import _INSIDE_MIN_GRAMS, _INSIDE_WEIGHT
from marknet.search.columns import Postings
from marknet.search.kernels import dice_rows, posting_spans

# Row id lists per gram; row i owns the grams whose lists name it.
_LISTS = st.lists(st.lists(st.integers(0, 39), max_size=25, unique=True), min_size=1,
                  max_size=12)


def _postings(lists: list[list[int]]) -> Postings:
    rows = np.asarray([r for rs in lists for r in rs], np.int64)
    codes = np.asarray([g * 7 + 3 for g, rs in enumerate(lists) for _ in rs], np.int64)
    return Postings.from_pairs(rows, codes, 40)


def _plain_spans(post: Postings, codes: list[int], cap: int | None) -> list[tuple[int, int]]:
    spans = []
    for code in sorted(set(codes)):
        at = int(np.searchsorted(post.vocab, code))
        if at < len(post.vocab) and post.vocab[at] == code:
            spans.append((int(post.offsets[at + 1] - post.offsets[at]), int(post.offsets[at])))
    spans.sort()
    kept: list[tuple[int, int]] = []
    total = 0
    for size, start in spans:
        if cap is not None and kept and total + size > cap:
            break
        kept.append((start, size))
        total += size
    return kept


@settings(deadline=None)  # the first call compiles the kernel
@given(_LISTS, st.lists(st.integers(0, 15), max_size=10), st.one_of(st.none(),
                                                                     st.integers(0, 60)))
def test_spans_take_the_rarest_grams_up_to_the_cap(lists: list[list[int]], grams: list[int],
                                                   cap: int | None) -> None:
    post = _postings(lists)
    codes = [g * 7 + 3 for g in grams]
    starts, sizes = posting_spans(post.vocab, post.offsets, np.asarray(codes, np.int64), cap)
    assert list(zip(starts.tolist(), sizes.tolist(), strict=True)) == _plain_spans(
        post, codes, cap)


def _plain_best(post: Postings, starts: np.ndarray, sizes: np.ndarray, average: float,
                to_name: np.ndarray | None, allowed: np.ndarray | None, floor: float,
                keep: int) -> list[float]:
    """Every row's overlap, the best per name, no row skipped; the best *keep* scores."""
    hits = np.concatenate([post.rows[s: s + n] for s, n in zip(starts, sizes, strict=True)])
    rows, found = np.unique(hits, return_counts=True)
    own = post.row_grams[rows].astype(np.float64)
    dice = 2.0 * np.minimum(found, average) / (average + own)
    inside = np.where(own >= _INSIDE_MIN_GRAMS, found / own, 0.0) * _INSIDE_WEIGHT
    scores = np.maximum(dice, inside)
    names = rows if to_name is None else to_name[rows]
    ok = np.ones(len(names), bool) if allowed is None else allowed[names]
    ok &= scores >= floor
    return sorted(scores[ok].tolist(), reverse=True)[:keep]


@settings(max_examples=200, deadline=None)
@given(_LISTS, st.lists(st.integers(0, 15), min_size=1, max_size=10),
       st.floats(1.0, 12.0), st.integers(1, 8), st.booleans(), st.booleans(),
       st.sampled_from([-np.inf, 0.0, 0.3, 0.6]))
def test_dice_rows_keep_the_best_rows(lists: list[list[int]], grams: list[int], average: float,
                                      keep: int, mapped: bool, filtered: bool,
                                      floor: float) -> None:
    post = _postings(lists)
    starts, sizes = posting_spans(post.vocab, post.offsets,
                                  np.asarray([g * 7 + 3 for g in grams], np.int64), None)
    if not len(starts):
        return
    to_name = (np.arange(40, dtype=np.int32) // 2) if mapped else None
    allowed = (np.arange(40) % 3 != 1) if filtered else None
    bound = max(2.0 * min(1.0, average) / (average + 1.0),
                _INSIDE_WEIGHT / _INSIDE_MIN_GRAMS)
    names, scores = dice_rows(post.rows, starts, sizes, post.row_grams, to_name, allowed,
                              average, bound, _INSIDE_WEIGHT, _INSIDE_MIN_GRAMS, floor, keep)
    assert len(names) == len(scores) <= keep
    if allowed is not None:
        assert allowed[names].all()
    assert (scores >= floor).all()
    if to_name is None:
        # Rows are names here: each at most once, and the best ones.
        assert len(set(names.tolist())) == len(names)
        expected = _plain_best(post, starts, sizes, average, None, allowed, floor, keep)
        assert sorted(scores.tolist(), reverse=True) == expected


def test_the_counters_are_left_zeroed_between_queries() -> None:
    """Counters are reused across calls: a second identical call gives the same answer."""
    post = _postings([[1, 2, 3], [2, 3], [3, 4, 5]])
    starts, sizes = posting_spans(post.vocab, post.offsets, np.asarray([3, 10, 17]), None)
    first = dice_rows(post.rows, starts, sizes, post.row_grams, None, None, 3.0, 0.5,
                      _INSIDE_WEIGHT, _INSIDE_MIN_GRAMS, -np.inf, 10)
    again = dice_rows(post.rows, starts, sizes, post.row_grams, None, None, 3.0, 0.5,
                      _INSIDE_WEIGHT, _INSIDE_MIN_GRAMS, -np.inf, 10)
    assert first[0].tolist() == again[0].tolist()
    assert first[1].tolist() == again[1].tolist()
    # Row 3 shares all three grams, row 2 two of them; both rows own that many grams.
    best = dict(zip(first[0].tolist(), first[1].tolist(), strict=True))
    assert best[3] == 2.0 * 3 / (3.0 + 3)
    assert best[2] == 2.0 * 2 / (3.0 + 2)
