"""Candidate generation against a plain reference, and signs rebuilt from the index."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from marknet.bench.search_bench import cross_script_pairs
from marknet.match import prepare_sign
from marknet.search import SearchIndex
from marknet.search.candidates import (
    _HIT_CAP,
    _INSIDE_MIN_GRAMS,
    _INSIDE_WEIGHT,
    _Grams,
    dice_names,
)
from marknet.search.columns import Postings
from marknet.search.namekeys import name_keys, rebuilt_sign
from marknet.search.scoring import QuerySign
from marknet.search.segment import Segment
from marknet.text import normalize

QUERIES = ["LUKOIL", "ЛУКОЙЛ", "Coca-Cola", "вологодское масло премиум", "Савушкин", "a",
           "sun", "LUK0IL", "Krynitsa", "дом", "zzz 1", "Майкрософт"]


def _every_row(post: Postings, grams: _Grams) -> tuple[np.ndarray, np.ndarray]:
    """Every row sharing a gram with its overlap score, counted the plain way."""
    rows, found = np.unique(post.lookup(grams.codes, _HIT_CAP), return_counts=True)
    own = post.row_grams[rows].astype(np.float64)
    dice = 2.0 * np.minimum(found, grams.average) / (grams.average + own)
    inside = np.where(own >= _INSIDE_MIN_GRAMS, found / own, 0.0) * _INSIDE_WEIGHT
    return rows, np.maximum(dice, inside)


def _best_per_name(q: QuerySign, seg: Segment) -> np.ndarray:
    """Each name's best overlap over the Latin and skeleton sources (-1: none)."""
    best = np.full(len(seg.names), -1.0)
    sources: list[tuple[Postings, Sequence[str], np.ndarray | None]] = [
        (seg.post_latin, q.sign.variants, None), (seg.post_skel, [q.sign.skeleton], None)]
    if q.sign.cyrillic:
        sources.append((seg.post_read, q.sign.variants, seg.row_name))
    for post, strings, to_name in sources:
        grams = _Grams.of(strings)
        if grams is not None:
            rows, scores = _every_row(post, grams)
            np.maximum.at(best, rows if to_name is None else to_name[rows], scores)
    return best


def _reference(best: np.ndarray, allowed: np.ndarray | None, count: int) -> list[float]:
    """The best *count* names' scores, no shortcut taken."""
    best = best if allowed is None else np.where(allowed, best, -1.0)
    return sorted(best[best >= 0].tolist(), reverse=True)[:count]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("count", [1, 7, 40])
def test_dice_names_are_the_best_names(index: SearchIndex, query: str, count: int) -> None:
    seg = index.segments[0]
    q = QuerySign.of(prepare_sign(normalize(query)))
    allowed = np.arange(len(seg.names)) % 3 != 0
    for mask in (None, allowed):
        names = dice_names(q, seg, mask, count, ("latin", "skel"))
        assert len(set(names.tolist())) == len(names)
        if mask is not None:
            assert mask[names].all()
        best = _best_per_name(q, seg)
        got = sorted(best[names].tolist(), reverse=True)
        assert got == pytest.approx(_reference(best, mask, count), abs=1e-12)


def test_every_element_sign_is_its_prepared_sign(index: SearchIndex) -> None:
    seg = index.segments[0]
    for element in range(len(seg.elem_text)):
        assert seg.element_sign(element) == prepare_sign(seg.elem_text.get(element))


def test_signs_of_real_names_are_rebuilt_exactly() -> None:
    texts = [t for a, b, _ in cross_script_pairs() for t in (a, b)]
    texts += ["Coca-Cola™", "ＬＵＫＯＩＬ", "Ёлка-палка", "ООО «Солнце и Луна»", "Crème Brûlée",
              "LUK0IL", "МАЙКРОСОФТ 365", "Σ sigma", "  ", "ǅemal", "ﬁne ﬂour"]
    for text in texts:
        _assert_rebuilt(text)


@given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=20))
def test_any_sign_is_rebuilt_exactly(text: str) -> None:
    _assert_rebuilt(text)


def _assert_rebuilt(text: str) -> None:
    name = normalize(text)
    if not name:
        return  # the index holds no element without a name
    k = name_keys(name)
    got = rebuilt_sign(text, name, k.latin_tokens, k.skeleton, k.variants, k.phonetics,
                       k.cyrillic, k.rest)
    assert got == prepare_sign(text)
