"""The vectorised scorer must give exactly compare's score: ranking and explanation agree."""

from __future__ import annotations

import numpy as np
import pytest

from marknet.match import Goods, compare, prepare_sign
from marknet.search import SearchIndex
from marknet.search.scoring import QuerySign, goods_factor, verbal_scores

QUERIES = ["ЛУКОЙЛ", "Lukoil", "вологодское масло премиум", "Солнце", "sun", "Coca-Cola",
           "Крыніца", "дом", "Schweppes", "ПЕЖО", "a", "zzz 1", "LUK0IL", "Майкрософт"]


@pytest.mark.parametrize("query", QUERIES)
def test_verbal_scores_equal_compare_for_every_name(index: SearchIndex, query: str) -> None:
    seg = index.segments[0]
    names = np.arange(len(seg.names), dtype=np.int64)[::7]
    sign = prepare_sign(query)
    got = verbal_scores(QuerySign.of(sign), seg, names)
    want = [compare(sign, prepare_sign(text)).score for text in seg.names.take(names)]
    assert np.abs(got - np.asarray(want)).max() < 1e-12


@pytest.mark.parametrize("classes", [{29}, {32}, {9, 42}, {35}])
def test_goods_factor_equals_compare(classes: set[int]) -> None:
    sign = prepare_sign("LUKOIL")
    query = Goods(frozenset(classes))
    for other in ([29], [30], [33], [9], [3, 35], [45], [1, 2, 3]):
        mask = np.asarray([sum(1 << c for c in other)], np.uint64)
        plain = compare(sign, sign).score
        with_goods = compare(sign, sign, query, Goods(frozenset(other))).score
        assert goods_factor(query, mask)[0] * plain == pytest.approx(with_goods, abs=1e-12)


def test_search_scores_are_the_explained_scores(index: SearchIndex) -> None:
    for hit in index.search_text("Coca Cola", classes=[32], limit=5):
        again = compare(prepare_sign("coca cola"), prepare_sign(hit.text), Goods(frozenset({32})),
                        Goods(frozenset(hit.nice_classes)))
        assert hit.score == pytest.approx(again.score, abs=1e-12)


CROSS_NAMES = ["Шанель", "Chanel", "Горизонт", "Horizont", "Лука", "LUKOIL", "ЛУКОЙЛ", "Пежо",
               "Peugeot", "Q PARK", "PARK", "Poop", "pop", "Java", "AAVA", "РОКА", "RIKA",
               "Тверские", "Тверская", "CATS", "CAT", "Швепс", "Schweppes", "Крыніца", "BW BANK"]


@pytest.mark.parametrize("query", CROSS_NAMES)
def test_verbal_scores_equal_compare_across_alphabets(query: str) -> None:
    index = SearchIndex.from_records(
        {"office": "RU", "application_number": f"2024{700000 + i}", "filing_date": "2024-01-02",
         "verbal_elements": [{"text": text}]} for i, text in enumerate(CROSS_NAMES))
    seg = index.segments[0]
    names = np.arange(len(seg.names), dtype=np.int64)
    sign = prepare_sign(query)
    got = verbal_scores(QuerySign.of(sign), seg, names)
    want = [compare(sign, prepare_sign(text)).score for text in seg.names.take(names)]
    assert np.abs(got - np.asarray(want)).max() < 1e-12
